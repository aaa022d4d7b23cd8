// Webhooks v3. A hook is visible only to the access token that created it, as on BigCommerce.
import { bool, collection, paging, queryOf, single, str, type Json } from '../http';
import { notFound } from '../errors';
import type { Webhook } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';
import type { FastifyRequest } from 'fastify';

export const hookJson = (w: Webhook): Json => ({
  id: w.id,
  client_id: w.client_id,
  store_hash: w.store_hash,
  scope: w.scope,
  destination: w.destination,
  headers: w.headers,
  is_active: w.is_active,
  created_at: w.created_at,
  updated_at: w.updated_at,
});

const tokenOf = (req: FastifyRequest): string => String(req.headers['x-auth-token'] ?? '');

export function hookRoutes({ store }: RouteEnv): RouteDef[] {
  const own = (req: FastifyRequest): Webhook => {
    const w = store.hooks.hooks.get(idParam(req, 'webhook_id'));
    if (!w || w.owner_token !== tokenOf(req)) throw notFound('Webhook', idParam(req, 'webhook_id'));
    return w;
  };
  return [
    {
      method: 'GET',
      url: '/hooks',
      scope: null,
      handler: (req) => {
        const q = queryOf(req);
        const active = bool(q, 'is_active');
        const scope = str(q, 'scope');
        const destination = str(q, 'destination');
        const token = tokenOf(req);
        const all = [...store.hooks.hooks.values()].filter(
          (w) =>
            w.owner_token === token &&
            (active === undefined || w.is_active === active) &&
            (scope === undefined || w.scope === scope) &&
            (destination === undefined || w.destination === destination)
        );
        return collection(q, all, paging(q), hookJson);
      },
    },
    {
      method: 'POST',
      url: '/hooks',
      scope: null,
      // Created hooks answer 200.
      handler: (req) => single(hookJson(store.hooks.createHook(tokenOf(req), req.body))),
    },
    { method: 'GET', url: '/hooks/:webhook_id', scope: null, handler: (req) => single(hookJson(own(req))) },
    {
      method: 'PUT',
      url: '/hooks/:webhook_id',
      scope: null,
      handler: (req) => single(hookJson(store.hooks.updateHook(own(req), req.body))),
    },
    {
      method: 'DELETE',
      url: '/hooks/:webhook_id',
      scope: null,
      // The deleted hook is echoed back with 200.
      handler: (req) => {
        const w = own(req);
        store.hooks.hooks.delete(w.id);
        return single(hookJson(w));
      },
    },
  ];
}
