import { parseSingle } from './envelope';
import { collect, paginateItems } from './pagination';
import type { Transport } from './transport';
import type { ChannelSite } from './channels';
import type { SiteRoute, SiteRouteInput } from '../../../shared/channels';

// DTOs of the Sites v3 API (sites.v3.yml). A route and its types are what the admin reads too (shared/channels.ts).

export { SITE_ROUTE_TYPES, type SiteRoute, type SiteRouteInput, type SiteRouteType } from '../../../shared/channels';

export const createSitesApi = (transport: Transport) => ({
  list(query: { channelIdIn?: number[] } = {}): Promise<ChannelSite[]> {
    return collect(paginateItems<ChannelSite>(transport, '/sites', { query: { 'channel_id:in': query.channelIdIn } }));
  },

  async get(siteId: number): Promise<ChannelSite> {
    const path = `/sites/${siteId}`;
    return parseSingle<ChannelSite>((await transport.request<unknown>({ path })).data, path);
  },

  routes(siteId: number): Promise<SiteRoute[]> {
    return collect(paginateItems<SiteRoute>(transport, `/sites/${siteId}/routes`));
  },

  async createRoute(siteId: number, route: Omit<SiteRoute, 'id'>): Promise<SiteRoute> {
    const path = `/sites/${siteId}/routes`;
    return parseSingle<SiteRoute>((await transport.request<unknown>({ method: 'POST', path, body: route })).data, path);
  },

  /** Bulk upsert: routes with an `id` are updated, the others created. */
  async upsertRoutes(siteId: number, routes: SiteRouteInput[]): Promise<SiteRoute[]> {
    const path = `/sites/${siteId}/routes`;
    return parseSingle<SiteRoute[]>((await transport.request<unknown>({ method: 'PUT', path, body: routes })).data, path);
  },

  async deleteRoute(siteId: number, routeId: number): Promise<void> {
    await transport.request({ method: 'DELETE', path: `/sites/${siteId}/routes/${routeId}` });
  },
});

export type SitesApi = ReturnType<typeof createSitesApi>;
