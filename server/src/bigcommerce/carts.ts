import { parseSingle } from './envelope';
import { nullIfNotFound } from './errors';
import type { Transport } from './transport';

// DTOs of the server-to-server Cart API (carts.v3.yml).

export interface CartLineItemInput {
  quantity: number;
  product_id: number;
  variant_id?: number;
  option_selections?: { option_id: number; option_value: number | string }[];
}

export interface CartCustomItemInput {
  sku: string;
  name: string;
  quantity: number;
  list_price: number;
}

export interface CreateCartInput {
  customer_id?: number;
  channel_id?: number;
  currency?: { code: string };
  locale?: string;
  line_items?: CartLineItemInput[];
  custom_items?: CartCustomItemInput[];
}

export interface CartLineItem {
  id: string;
  parent_id?: string | null;
  variant_id: number;
  product_id: number;
  sku: string;
  name: string;
  url?: string;
  quantity: number;
  is_taxable?: boolean;
  image_url?: string;
  discounts?: unknown[];
  coupons?: unknown[];
  discount_amount?: number;
  coupon_amount?: number;
  original_price?: number;
  list_price: number;
  sale_price: number;
  extended_list_price: number;
  extended_sale_price: number;
  options?: { name: string; nameId: number; value: string; valueId: number }[];
}

export interface RedirectUrls {
  cart_url: string;
  checkout_url: string;
  embedded_checkout_url: string;
}

export interface Cart {
  id: string;
  customer_id: number;
  channel_id: number;
  email?: string;
  currency: { code: string };
  base_amount: number;
  discount_amount: number;
  cart_amount: number;
  coupons?: unknown[];
  discounts?: unknown[];
  line_items: {
    physical_items: CartLineItem[];
    digital_items: CartLineItem[];
    gift_certificates: unknown[];
    custom_items: (CartCustomItemInput & { id: string; extended_list_price?: number })[];
  };
  created_time: string;
  updated_time: string;
  locale?: string;
  version?: number;
  /** Present with `include=redirect_urls` although Cart_Full does not model it. */
  redirect_urls?: RedirectUrls;
}

/** A 204 (the last item was removed, or the cart deleted) leaves no cart. */
const cartOrNull = (body: unknown, path: string): Cart | null => (body === '' || body === undefined || body === null ? null : parseSingle<Cart>(body, path));

export const createCartsApi = (transport: Transport) => ({
  async create(input: CreateCartInput, options: { redirectUrls?: boolean } = {}): Promise<Cart> {
    const path = '/carts';
    const response = await transport.request<unknown>({
      method: 'POST',
      path,
      body: input,
      query: { include: options.redirectUrls ? 'redirect_urls' : undefined },
    });
    return parseSingle<Cart>(response.data, path);
  },

  async get(cartId: string, options: { redirectUrls?: boolean } = {}): Promise<Cart | null> {
    const path = `/carts/${encodeURIComponent(cartId)}`;
    const query = { include: options.redirectUrls ? 'redirect_urls' : undefined };
    return nullIfNotFound(async () => parseSingle<Cart>((await transport.request<unknown>({ path, query })).data, path));
  },

  /** Sets the cart's customer (guest cart → the customer who just logged in). */
  async setCustomer(cartId: string, customerId: number): Promise<Cart> {
    const path = `/carts/${encodeURIComponent(cartId)}`;
    return parseSingle<Cart>((await transport.request<unknown>({ method: 'PUT', path, body: { customer_id: customerId } })).data, path);
  },

  async addItems(
    cartId: string,
    items: { line_items?: CartLineItemInput[]; custom_items?: CartCustomItemInput[] },
    options: { redirectUrls?: boolean } = {}
  ): Promise<Cart> {
    const path = `/carts/${encodeURIComponent(cartId)}/items`;
    const query = { include: options.redirectUrls ? 'redirect_urls' : undefined };
    return parseSingle<Cart>((await transport.request<unknown>({ method: 'POST', path, body: items, query })).data, path);
  },

  async updateItem(
    cartId: string,
    itemId: string,
    lineItem: { product_id: number; variant_id?: number; quantity: number },
    options: { redirectUrls?: boolean } = {}
  ): Promise<Cart> {
    const path = `/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(itemId)}`;
    const query = { include: options.redirectUrls ? 'redirect_urls' : undefined };
    return parseSingle<Cart>((await transport.request<unknown>({ method: 'PUT', path, body: { line_item: lineItem }, query })).data, path);
  },

  /** Removes one item; BigCommerce deletes the cart with its last item (null then). */
  async removeItem(cartId: string, itemId: string, options: { redirectUrls?: boolean } = {}): Promise<Cart | null> {
    const path = `/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(itemId)}`;
    const query = { include: options.redirectUrls ? 'redirect_urls' : undefined };
    return cartOrNull((await transport.request<unknown>({ method: 'DELETE', path, query })).data, path);
  },

  async remove(cartId: string): Promise<void> {
    await transport.request({ method: 'DELETE', path: `/carts/${encodeURIComponent(cartId)}` });
  },

  /** Fresh single-use URLs to the cart, the checkout and the embedded checkout. */
  async redirectUrls(cartId: string, queryParams?: Record<string, string>): Promise<RedirectUrls> {
    const path = `/carts/${encodeURIComponent(cartId)}/redirect_urls`;
    const body = queryParams ? { query_params: queryParams } : undefined;
    return parseSingle<RedirectUrls>((await transport.request<unknown>({ method: 'POST', path, body })).data, path);
  },
});

export type CartsApi = ReturnType<typeof createCartsApi>;
