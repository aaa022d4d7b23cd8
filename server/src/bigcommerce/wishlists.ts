import { parseList, parseSingle } from './envelope';
import { nullIfNotFound } from './errors';
import type { Transport } from './transport';

// DTOs of the Wishlists v3 API (wishlists.v3.yml).

export interface WishlistItem {
  id: number;
  product_id: number;
  variant_id?: number;
}

export interface Wishlist {
  id: number;
  customer_id: number;
  name: string;
  is_public: boolean;
  token?: string;
  items: WishlistItem[];
}

export const createWishlistsApi = (transport: Transport) => ({
  async listForCustomer(customerId: number): Promise<Wishlist[]> {
    const path = '/wishlists';
    return parseList<Wishlist>((await transport.request<unknown>({ path, query: { customer_id: customerId, limit: 250 } })).data, path).data;
  },

  async get(id: number): Promise<Wishlist | null> {
    const path = `/wishlists/${id}`;
    return nullIfNotFound(async () => parseSingle<Wishlist>((await transport.request<unknown>({ path })).data, path));
  },

  async create(input: { customer_id: number; name: string; is_public?: boolean; items?: { product_id: number; variant_id?: number }[] }): Promise<Wishlist> {
    const path = '/wishlists';
    return parseSingle<Wishlist>((await transport.request<unknown>({ method: 'POST', path, body: input })).data, path);
  },

  async addItems(id: number, items: { product_id: number; variant_id?: number }[]): Promise<Wishlist> {
    const path = `/wishlists/${id}/items`;
    return parseSingle<Wishlist>((await transport.request<unknown>({ method: 'POST', path, body: { items } })).data, path);
  },

  async removeItem(id: number, itemId: number): Promise<Wishlist> {
    const path = `/wishlists/${id}/items/${itemId}`;
    return parseSingle<Wishlist>((await transport.request<unknown>({ method: 'DELETE', path })).data, path);
  },

  async remove(id: number): Promise<void> {
    await transport.request({ method: 'DELETE', path: `/wishlists/${id}` });
  },
});

export type WishlistsApi = ReturnType<typeof createWishlistsApi>;
