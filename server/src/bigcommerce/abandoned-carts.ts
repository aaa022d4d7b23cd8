import { parseSingle } from './envelope';
import { nullIfNotFound } from './errors';
import type { Transport } from './transport';

export const createAbandonedCartsApi = (transport: Transport) => ({
  /** The cart behind the token of an abandoned-cart email, or null when the token is unknown. */
  async cartId(token: string): Promise<string | null> {
    const path = `/abandoned-carts/${encodeURIComponent(token)}`;
    return nullIfNotFound(async () => parseSingle<{ cart_id: string }>((await transport.request<unknown>({ path })).data, path).cart_id);
  },
});
