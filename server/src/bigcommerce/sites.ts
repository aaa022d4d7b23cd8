import { parseSingle } from './envelope';
import { collect, paginateItems } from './pagination';
import type { Transport } from './transport';
import type { ChannelSite } from './channels';

// DTOs of the Sites v3 API (sites.v3.yml).

/**
 * Every route type the Sites API knows: the `type` enum of siteRoute_Base plus the types the same
 * spec's route-type table adds (create_account ... recover_abandoned_cart).
 */
export const SITE_ROUTE_TYPES = [
  'product',
  'brand',
  'category',
  'page',
  'blog',
  'home',
  'cart',
  'checkout',
  'search',
  'account',
  'login',
  'returns',
  'static',
  'create_account',
  'forgot_password',
  'account_order_status',
  'account_new_return',
  'recover_abandoned_cart',
] as const;

export type SiteRouteType = (typeof SITE_ROUTE_TYPES)[number];

export interface SiteRoute {
  id: number;
  type: SiteRouteType;
  matching: string;
  route: string;
}

export type SiteRouteInput = Omit<SiteRoute, 'id'> & { id?: number };

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
