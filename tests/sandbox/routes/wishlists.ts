// Wishlists v3: create and PUT answer 201, adding items 201, deleting an item 200 (the wishlist).
import { SCOPES } from '../auth';
import { collection, int, paging, queryOf, single, type Json } from '../http';
import type { Wishlist } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';

export const wishlistJson = (w: Wishlist): Json => ({
  id: w.id,
  customer_id: w.customer_id,
  name: w.name,
  is_public: w.is_public,
  token: w.token,
  items: w.items.map((i) => ({ id: i.id, product_id: i.product_id, variant_id: i.variant_id })),
});

export function wishlistRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.customers;
  const id = (req: Parameters<RouteDef['handler']>[0]): number => idParam(req, 'wishlist_id');
  return [
    {
      method: 'GET',
      url: '/wishlists',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const customer = int(q, 'customer_id');
        const all = [...store.wishlists.wishlists.values()].filter((w) => customer === undefined || w.customer_id === customer);
        return collection(q, all, paging(q), wishlistJson);
      },
    },
    { method: 'POST', url: '/wishlists', scope, handler: (req, reply) => reply.code(201).send(single(wishlistJson(store.wishlists.createWishlist(req.body)))) },
    { method: 'GET', url: '/wishlists/:wishlist_id', scope, handler: (req) => single(wishlistJson(store.wishlists.wishlist(id(req)))) },
    {
      method: 'PUT',
      url: '/wishlists/:wishlist_id',
      scope,
      handler: (req, reply) => reply.code(201).send(single(wishlistJson(store.wishlists.updateWishlist(id(req), req.body)))),
    },
    {
      method: 'DELETE',
      url: '/wishlists/:wishlist_id',
      scope,
      handler: (req, reply) => {
        store.wishlists.wishlist(id(req));
        store.wishlists.wishlists.delete(id(req));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST',
      url: '/wishlists/:wishlist_id/items',
      scope,
      handler: (req, reply) => reply.code(201).send(single(wishlistJson(store.wishlists.addItemsToWishlist(id(req), req.body)))),
    },
    {
      method: 'DELETE',
      url: '/wishlists/:wishlist_id/items/:item_id',
      scope,
      handler: (req) => single(wishlistJson(store.wishlists.deleteWishlistItem(id(req), idParam(req, 'item_id')))),
    },
  ];
}
