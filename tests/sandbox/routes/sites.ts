// Sites v3: sites and their routes.
import { SCOPES } from '../auth';
import { ApiError, invalid, notFound } from '../errors';
import { collection, intList, isObject, list, paging, queryOf, single, str, type Json } from '../http';
import type { SiteRoute } from '../types';
import { siteJson } from './channels';
import { idParam, type RouteDef, type RouteEnv } from './types';

const routeJson = (r: SiteRoute): Json => ({ id: r.id, type: r.type, matching: r.matching, route: r.route });

export function siteRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.sites;
  const route = (siteId: number, routeId: number): SiteRoute => {
    const r = store.sites.routes.get(routeId);
    if (!r || r.site_id !== siteId) throw notFound('Route', routeId);
    return r;
  };
  return [
    {
      method: 'GET',
      url: '/sites',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const channels = intList(q, 'channel_id:in');
        const urlTypes = list(q, 'url_type:in');
        const all = [...store.sites.sites.values()]
          .filter((s) => !channels || channels.includes(s.channel_id))
          .map((s) => siteJson(store, s))
          .filter((s) => !urlTypes || (s.urls as Json[]).some((u) => urlTypes.includes(u.type as string)));
        return collection(q, all, paging(q));
      },
    },
    {
      method: 'POST',
      url: '/sites',
      scope,
      handler: (req, reply) => {
        const b = isObject(req.body) ? req.body : {};
        if (!Number.isInteger(b.channel_id)) throw new ApiError(400, 'channel_id is required.', { channel_id: 'Required.' });
        const site = store.sites.createSite(b.channel_id as number, b.url, 400);
        return reply.code(201).send(single(siteJson(store, site)));
      },
    },
    {
      method: 'GET',
      url: '/sites/:site_id',
      scope,
      handler: (req) => single(siteJson(store, store.sites.site(idParam(req, 'site_id')))),
    },
    {
      method: 'PUT',
      url: '/sites/:site_id',
      scope,
      handler: (req) => {
        const s = store.sites.site(idParam(req, 'site_id'));
        return single(siteJson(store, store.sites.updateSite(s, isObject(req.body) ? req.body.url : undefined)));
      },
    },
    {
      method: 'DELETE',
      url: '/sites/:site_id',
      scope,
      handler: (req, reply) => {
        store.sites.deleteSite(store.sites.site(idParam(req, 'site_id')).id);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: '/sites/:site_id/routes',
      scope,
      handler: (req) => {
        const site = store.sites.site(idParam(req, 'site_id'));
        const q = queryOf(req);
        const type = str(q, 'type');
        const all = [...store.sites.routes.values()].filter((r) => r.site_id === site.id && (!type || r.type === type));
        return collection(q, all, paging(q), routeJson);
      },
    },
    {
      method: 'POST',
      url: '/sites/:site_id/routes',
      scope,
      handler: (req, reply) => {
        const site = store.sites.site(idParam(req, 'site_id'));
        const r = store.sites.createRoute(site.id, store.sites.checkRoute(req.body, false));
        return reply.code(201).send(single(routeJson(r)));
      },
    },
    {
      method: 'PUT',
      url: '/sites/:site_id/routes',
      scope,
      handler: (req) => {
        const site = store.sites.site(idParam(req, 'site_id'));
        if (!Array.isArray(req.body)) throw invalid({ body: 'The body must be an array of routes.' });
        // Validate everything first so a bad item changes nothing.
        const items = (req.body as unknown[]).map((it, i) => {
          try {
            const r = store.sites.checkRoute(it, false);
            if (r.id !== undefined) route(site.id, r.id as number);
            return r;
          } catch (e) {
            if (e instanceof ApiError) throw invalid(Object.fromEntries(Object.entries(e.errors ?? { id: e.title }).map(([k, v]) => [`[${i}].${k}`, v])));
            throw e;
          }
        });
        const out = items.map((r) => {
          if (r.id === undefined) return store.sites.createRoute(site.id, r);
          const existing = route(site.id, r.id as number);
          Object.assign(existing, { type: r.type, matching: r.matching, route: r.route });
          return existing;
        });
        return { data: out.map(routeJson), meta: {} };
      },
    },
    {
      method: 'GET',
      url: '/sites/:site_id/routes/:route_id',
      scope,
      handler: (req) => single(routeJson(route(store.sites.site(idParam(req, 'site_id')).id, idParam(req, 'route_id')))),
    },
    {
      method: 'PUT',
      url: '/sites/:site_id/routes/:route_id',
      scope,
      handler: (req, reply) => {
        const r = route(store.sites.site(idParam(req, 'site_id')).id, idParam(req, 'route_id'));
        const input = store.sites.checkRoute(req.body, false);
        Object.assign(r, { type: input.type, matching: input.matching, route: input.route });
        // The spec declares 201 for this update.
        return reply.code(201).send(single(routeJson(r)));
      },
    },
    {
      method: 'DELETE',
      url: '/sites/:site_id/routes/:route_id',
      scope,
      handler: (req, reply) => {
        const r = route(store.sites.site(idParam(req, 'site_id')).id, idParam(req, 'route_id'));
        store.sites.routes.delete(r.id);
        return reply.code(204).send();
      },
    },
  ];
}
