// Every endpoint the sandbox serves, called over HTTP in its success and main error cases; each
// response must use a status the spec declares and match the spec's schema (see spec-exceptions.ts
// for the documented deviations). The last test fails if an endpoint has no successful case here.
import { sandboxEndpoints, startSandbox, type Sandbox } from '../sandbox';
import { call, describeIfSpecs, expectContract, specIndex, type HttpResult } from './support';

interface Ctx {
  pid: number;
  /** A simple physical product on channel 1 with stock, and a product with options (and one of its variants) for carts. */
  cartPid: number;
  optPid: number;
  optVariant: number;
  /** A product on channel 2 only. */
  outletPid: number;
  abandonToken: string;
  cartId: string;
  itemId: string;
  item2: string;
  cart3: string;
  cart3Item: string;
  billingId: string;
  consignmentId: string;
  consignment2: string;
  shippingOptionId: string;
  sfToken: string;
  newPid: number;
  variantId: number;
  baseVariantId: number;
  ruleProduct: number;
  ruleId: number;
  categoryId: number;
  brandId: number;
  channelId: number;
  listingId: number;
  siteId: number;
  routeId: number;
  hookId: number;
  redirectId: number;
  priceListId: number;
  [k: string]: number | string;
}

type Dyn<T> = T | ((c: Ctx) => T);
type BodyValue = Record<string, unknown> | unknown[];
interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: Dyn<string>;
  body?: Dyn<BodyValue>;
  token?: string | null;
  headers?: Dyn<Record<string, string>>;
  status: number;
  after?: (res: HttpResult, c: Ctx) => void;
}

const val = <T>(d: Dyn<T>, c: Ctx): T => (typeof d === 'function' ? (d as (c: Ctx) => T)(c) : d);

const FAR_FUTURE = 4_102_444_800; // 2100-01-01, unix seconds
const ADDRESS = {
  first_name: 'Jamie',
  last_name: 'Buyer',
  email: 'jamie.buyer@example.com',
  address1: '12 Loopback Lane',
  city: 'Austin',
  state_or_province: 'Texas',
  state_or_province_code: 'TX',
  country_code: 'US',
  postal_code: '78701',
  phone: '+15125550199',
};
type CartBody = { data: { id: string; line_items: { physical_items: Array<{ id: string }> } } };
type CheckoutBody = { data: { billing_address: { id: string }; consignments: Array<{ id: string; available_shipping_options: Array<{ id: string }> }> } };

/** Customers, wishlists, carts, checkouts, orders, payments, abandoned carts and storefront tokens. */
const STOREFRONT_CASES: Case[] = [
  // customers v3 (+ v2 password check) and customer settings
  { method: 'GET', path: '/v3/customers', status: 200 },
  { method: 'GET', path: '/v3/customers?id:in=1,2&include=addresses,storecredit,attributes,formfields', status: 200 },
  { method: 'GET', path: '/v3/customers?email:in=shopper1@example.com&sort=last_name:desc', status: 200 },
  { method: 'GET', path: '/v3/customers?sort=bogus', status: 422 },
  {
    method: 'POST',
    path: '/v3/customers',
    body: [
      {
        email: 'new.shopper@example.com',
        first_name: 'New',
        last_name: 'Shopper',
        channel_ids: [1],
        authentication: { new_password: 'Secr3tPass' },
        addresses: [
          {
            first_name: 'New',
            last_name: 'Shopper',
            address1: '1 Main St',
            city: 'Austin',
            state_or_province: 'Texas',
            postal_code: '78701',
            country_code: 'US',
          },
        ],
      },
    ],
    status: 200,
    after: (r, c) => {
      c.customerId = (r.body as { data: Array<{ id: number }> }).data[0].id;
    },
  },
  { method: 'POST', path: '/v3/customers', body: [{ email: 'SHOPPER1@example.com', first_name: 'Dup', last_name: 'Licate' }], status: 422 },
  {
    method: 'POST',
    path: '/v3/customers',
    body: [{ email: 'weak@example.com', first_name: 'W', last_name: 'P', authentication: { new_password: 'short' } }],
    status: 422,
  },
  {
    method: 'POST',
    path: '/v3/customers',
    body: Array.from({ length: 11 }, (_, i) => ({ email: `bulk${i}@example.com`, first_name: 'B', last_name: 'K' })),
    status: 413,
  },
  { method: 'PUT', path: '/v3/customers', body: (c) => [{ id: c.customerId, phone: '555-0123', channel_ids: null }], status: 200 },
  { method: 'PUT', path: '/v3/customers', body: [{ id: 999999, phone: '1' }], status: 422 },
  { method: 'POST', path: '/v3/customers/validate-credentials', body: { email: 'shopper1@example.com', password: 'Passw0rd!', channel_id: 1 }, status: 200 },
  { method: 'POST', path: '/v3/customers/validate-credentials', body: { email: 'shopper1@example.com' }, status: 422 },
  { method: 'GET', path: '/v3/customers/settings', status: 200 },
  { method: 'PUT', path: '/v3/customers/settings', body: { privacy_settings: { policy_url: 'https://shop.example.com/privacy' } }, status: 200 },
  { method: 'GET', path: '/v3/customers/settings/channels/2', status: 200 },
  { method: 'PUT', path: '/v3/customers/settings/channels/2', body: { allow_global_logins: true }, status: 200 },
  { method: 'PUT', path: '/v3/customers/settings/channels/2', body: { allow_global_logins: 'yes' }, status: 422 },
  { method: 'PUT', path: '/v3/customers/settings/channels/9999', body: { allow_global_logins: true }, status: 404 },
  { method: 'POST', path: '/v2/customers/1/validate', body: { password: 'Passw0rd!' }, status: 200 },
  { method: 'POST', path: '/v2/customers/999999/validate', body: { password: 'Passw0rd!' }, status: 404 },
  // wishlists
  {
    method: 'POST',
    path: '/v3/wishlists',
    body: (c) => ({ customer_id: 1, name: 'Birthday', is_public: false, items: [{ product_id: c.cartPid }] }),
    status: 201,
    after: (r, c) => {
      c.wishlistId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/wishlists', body: { customer_id: 999999, items: [] }, status: 422 },
  { method: 'GET', path: '/v3/wishlists?customer_id=1', status: 200 },
  { method: 'GET', path: (c) => `/v3/wishlists/${c.wishlistId}`, status: 200 },
  { method: 'GET', path: '/v3/wishlists/999999', status: 404 },
  {
    method: 'PUT',
    path: (c) => `/v3/wishlists/${c.wishlistId}`,
    body: (c) => ({ customer_id: 1, name: 'Renamed', is_public: true, items: [{ product_id: c.cartPid }] }),
    status: 201,
  },
  {
    method: 'POST',
    path: (c) => `/v3/wishlists/${c.wishlistId}/items`,
    body: (c) => ({ items: [{ product_id: c.optPid, variant_id: c.optVariant }] }),
    status: 201,
    after: (r, c) => {
      c.wishlistItemId = (r.body as { data: { items: Array<{ id: number }> } }).data.items.slice(-1)[0].id;
    },
  },
  { method: 'POST', path: '/v3/wishlists/999999/items', body: (c) => ({ items: [{ product_id: c.cartPid }] }), status: 404 },
  { method: 'DELETE', path: (c) => `/v3/wishlists/${c.wishlistId}/items/${c.wishlistItemId}`, status: 200 },
  { method: 'DELETE', path: (c) => `/v3/wishlists/${c.wishlistId}/items/${c.wishlistItemId}`, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/wishlists/${c.wishlistId}`, status: 204 },
  // carts
  {
    method: 'POST',
    path: '/v3/carts?include=redirect_urls,line_items.physical_items.options',
    body: (c) => ({
      customer_id: 1,
      channel_id: 1,
      currency: { code: 'USD' },
      locale: 'en-US',
      line_items: [{ product_id: c.cartPid, quantity: 2 }],
      custom_items: [{ sku: 'GIFT-WRAP', name: 'Gift wrap', quantity: 1, list_price: 3.5 }],
    }),
    status: 201,
    after: (r, c) => {
      const d = (r.body as CartBody).data;
      c.cartId = d.id;
      c.itemId = d.line_items.physical_items[0].id;
    },
  },
  { method: 'POST', path: '/v3/carts', body: { line_items: [{ product_id: 999999, quantity: 1 }] }, status: 422 },
  { method: 'POST', path: '/v3/carts', body: { line_items: [] }, status: 422 },
  { method: 'POST', path: '/v3/carts', body: (c) => ({ customer_id: 999999, line_items: [{ product_id: c.cartPid, quantity: 1 }] }), status: 422 },
  { method: 'POST', path: '/v3/carts', body: (c) => ({ line_items: [{ product_id: c.outletPid, quantity: 1 }] }), status: 422 },
  { method: 'POST', path: '/v3/carts', body: (c) => ({ line_items: [{ product_id: c.cartPid, quantity: 1 }] }), token: 'read-only', status: 403 },
  { method: 'GET', path: (c) => `/v3/carts/${c.cartId}?include=redirect_urls`, status: 200 },
  { method: 'GET', path: '/v3/carts/00000000-0000-4000-8000-000000000000', status: 404 },
  { method: 'PUT', path: (c) => `/v3/carts/${c.cartId}`, body: { customer_id: 0 }, status: 201 },
  { method: 'PUT', path: (c) => `/v3/carts/${c.cartId}`, body: { customer_id: 1, version: 999 }, status: 409 },
  {
    method: 'POST',
    path: (c) => `/v3/carts/${c.cartId}/items`,
    body: (c) => ({ line_items: [{ product_id: c.optPid, variant_id: c.optVariant, quantity: 1 }] }),
    status: 201,
    after: (r, c) => {
      c.item2 = (r.body as CartBody).data.line_items.physical_items.slice(-1)[0].id;
    },
  },
  { method: 'POST', path: (c) => `/v3/carts/${c.cartId}/items`, body: (c) => ({ line_items: [{ product_id: c.optPid, quantity: 1 }] }), status: 422 },
  { method: 'PUT', path: (c) => `/v3/carts/${c.cartId}/items/${c.itemId}`, body: (c) => ({ line_item: { product_id: c.cartPid, quantity: 3 } }), status: 200 },
  { method: 'PUT', path: (c) => `/v3/carts/${c.cartId}/items/${c.itemId}`, body: (c) => ({ line_item: { product_id: c.cartPid, quantity: 0 } }), status: 422 },
  {
    method: 'PUT',
    path: (c) => `/v3/carts/${c.cartId}/items/${c.itemId}`,
    body: (c) => ({ line_item: { product_id: c.cartPid, quantity: 1 }, version: 1 }),
    status: 409,
  },
  { method: 'POST', path: (c) => `/v3/carts/${c.cartId}/redirect_urls`, status: 201 },
  { method: 'POST', path: (c) => `/v3/carts/${c.cartId}/redirect_urls`, body: { query_params: { utm_source: 'strapi' } }, status: 201 },
  { method: 'DELETE', path: (c) => `/v3/carts/${c.cartId}/items/${c.item2}`, body: { version: 1 }, status: 409 },
  { method: 'DELETE', path: (c) => `/v3/carts/${c.cartId}/items/${c.item2}`, status: 200 },
  {
    method: 'POST',
    path: '/v3/carts',
    body: (c) => ({ line_items: [{ product_id: c.cartPid, quantity: 1 }] }),
    status: 201,
    after: (r, c) => {
      const d = (r.body as CartBody).data;
      c.cart3 = d.id;
      c.cart3Item = d.line_items.physical_items[0].id;
    },
  },
  { method: 'DELETE', path: (c) => `/v3/carts/${c.cart3}/items/${c.cart3Item}`, status: 204 },
  { method: 'DELETE', path: (c) => `/v3/carts/${c.cart3}`, status: 404 },
  // checkouts (the cart id is the checkout id)
  { method: 'GET', path: (c) => `/v3/checkouts/${c.cartId}`, status: 200 },
  { method: 'GET', path: '/v3/checkouts/00000000-0000-4000-8000-000000000000', status: 404 },
  { method: 'PUT', path: (c) => `/v3/checkouts/${c.cartId}`, body: { customer_message: 'Leave it at the door.' }, status: 200 },
  { method: 'POST', path: (c) => `/v3/checkouts/${c.cartId}/orders`, status: 422 },
  {
    method: 'POST',
    path: (c) => `/v3/checkouts/${c.cartId}/billing-address`,
    body: ADDRESS,
    status: 200,
    after: (r, c) => {
      c.billingId = (r.body as CheckoutBody).data.billing_address.id;
    },
  },
  { method: 'POST', path: (c) => `/v3/checkouts/${c.cartId}/billing-address`, body: { first_name: 'No', country_code: 'US' }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/checkouts/${c.cartId}/billing-address/${c.billingId}`, body: { ...ADDRESS, company: 'Loopback Ltd' }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/checkouts/${c.cartId}/billing-address/424242`, body: ADDRESS, status: 404 },
  {
    method: 'POST',
    path: (c) => `/v3/checkouts/${c.cartId}/consignments?include=consignments.available_shipping_options`,
    body: (c) => [
      { address: ADDRESS, line_items: [{ item_id: c.itemId, quantity: 1 }] },
      { address: { ...ADDRESS, city: 'Dallas', postal_code: '75201' }, line_items: [{ item_id: c.itemId, quantity: 2 }] },
    ],
    status: 200,
    after: (r, c) => {
      const [first, second] = (r.body as CheckoutBody).data.consignments;
      c.consignmentId = first.id;
      c.consignment2 = second.id;
    },
  },
  {
    method: 'POST',
    path: (c) => `/v3/checkouts/${c.cartId}/consignments`,
    body: [{ address: ADDRESS, line_items: [{ item_id: 'nope', quantity: 1 }] }],
    status: 422,
  },
  {
    method: 'POST',
    path: (c) => `/v3/checkouts/${c.cartId}/consignments`,
    body: (c) => [{ address: ADDRESS, line_items: [{ item_id: c.itemId, quantity: 1 }], version: 1 }],
    status: 409,
  },
  { method: 'DELETE', path: (c) => `/v3/checkouts/${c.cartId}/consignments/${c.consignment2}`, status: 200 },
  {
    method: 'PUT',
    path: (c) => `/v3/checkouts/${c.cartId}/consignments/${c.consignmentId}?include=consignments.available_shipping_options`,
    body: (c) => ({ address: ADDRESS, line_items: [{ item_id: c.itemId, quantity: 3 }] }),
    status: 200,
    after: (r, c) => {
      c.shippingOptionId = (r.body as CheckoutBody).data.consignments[0].available_shipping_options[1].id;
    },
  },
  { method: 'POST', path: (c) => `/v3/checkouts/${c.cartId}/orders`, status: 422 },
  {
    method: 'PUT',
    path: (c) => `/v3/checkouts/${c.cartId}/consignments/${c.consignmentId}`,
    body: (c) => ({ address: ADDRESS, shipping_option_id: c.shippingOptionId }),
    status: 422,
  },
  { method: 'PUT', path: (c) => `/v3/checkouts/${c.cartId}/consignments/${c.consignmentId}`, body: { shipping_option_id: 'nope' }, status: 422 },
  {
    method: 'PUT',
    path: (c) => `/v3/checkouts/${c.cartId}/consignments/${c.consignmentId}`,
    body: (c) => ({ shipping_option_id: c.shippingOptionId }),
    status: 200,
  },
  { method: 'POST', path: (c) => `/v3/checkouts/${c.cartId}/coupons`, body: { coupon_code: 'NOT-A-CODE' }, status: 422 },
  { method: 'POST', path: (c) => `/v3/checkouts/${c.cartId}/coupons`, body: { coupon_code: 'TAKE5' }, status: 200 },
  { method: 'DELETE', path: (c) => `/v3/checkouts/${c.cartId}/coupons/TAKE5`, status: 200 },
  { method: 'DELETE', path: (c) => `/v3/checkouts/${c.cartId}/coupons/TAKE5`, status: 404 },
  { method: 'POST', path: (c) => `/v3/checkouts/${c.cartId}/coupons`, body: { coupon_code: 'sandbox10' }, status: 200 },
  {
    method: 'POST',
    path: (c) => `/v3/checkouts/${c.cartId}/orders`,
    status: 200,
    after: (r, c) => {
      c.orderId = (r.body as { data: { id: number } }).data.id;
    },
  },
  // orders v2 (the new order is Incomplete: listed only with status_id=0)
  { method: 'GET', path: '/v2/orders?status_id=0', status: 200 },
  { method: 'GET', path: '/v2/orders', status: 204 },
  { method: 'GET', path: '/v2/orders?sort=bogus:up', status: 400 },
  { method: 'GET', path: '/v2/orders/count', status: 200 },
  { method: 'GET', path: (c) => `/v2/orders/${c.orderId}`, status: 200 },
  { method: 'GET', path: (c) => `/v2/orders/${c.orderId}?include=consignments&consignment_structure=object`, status: 200 },
  { method: 'GET', path: '/v2/orders/999999', status: 404 },
  { method: 'GET', path: (c) => `/v2/orders/${c.orderId}/products`, status: 200 },
  { method: 'GET', path: '/v2/orders/999999/products', status: 404 },
  // payments (processing itself is on the payments host: storefront-flow.test.ts)
  { method: 'GET', path: (c) => `/v3/payments/methods?order_id=${c.orderId}`, status: 200 },
  { method: 'GET', path: '/v3/payments/methods?order_id=999999', status: 404 },
  { method: 'GET', path: '/v3/payments/methods', status: 422 },
  { method: 'POST', path: '/v3/payments/access_tokens', body: (c) => ({ order: { id: c.orderId, is_recurring: false } }), status: 201 },
  { method: 'POST', path: '/v3/payments/access_tokens', body: { order: { id: 999999 } }, status: 404 },
  { method: 'POST', path: '/v3/payments/access_tokens', body: { order: {} }, status: 422 },
  // abandoned carts (the token comes from the control plane, set up in beforeAll)
  { method: 'GET', path: (c) => `/v3/abandoned-carts/${c.abandonToken}`, status: 200 },
  { method: 'GET', path: '/v3/abandoned-carts/00000000000000000000000000000000', status: 404 },
  // GraphQL Storefront API tokens
  {
    method: 'POST',
    path: '/v3/storefront/api-token',
    body: { channel_id: 1, expires_at: FAR_FUTURE, allowed_cors_origins: ['https://shop.example.com'] },
    status: 200,
    after: (r, c) => {
      c.sfToken = (r.body as { data: { token: string } }).data.token;
    },
  },
  { method: 'POST', path: '/v3/storefront/api-token', body: { channel_id: 1 }, status: 422 },
  { method: 'POST', path: '/v3/storefront/api-token', body: { channel_id: 1, expires_at: FAR_FUTURE }, token: 'read-only', status: 403 },
  {
    method: 'POST',
    path: '/v3/storefront/api-token-private',
    body: { channel_ids: [1, 2], expires_at: FAR_FUTURE, scopes: ['Unauthenticated', 'Customer'] },
    status: 200,
  },
  { method: 'POST', path: '/v3/storefront/api-token-private', body: { channel_id: 1, expires_at: FAR_FUTURE }, status: 422 },
  { method: 'POST', path: '/v3/storefront/api-token-customer-impersonation', body: { channel_id: 1, expires_at: FAR_FUTURE }, status: 200 },
  { method: 'POST', path: '/v3/storefront/api-token-customer-impersonation', body: { channel_id: 1, channel_ids: [1], expires_at: FAR_FUTURE }, status: 422 },
  { method: 'DELETE', path: '/v3/storefront/api-token', headers: (c) => ({ 'sf-api-token': c.sfToken }), status: 200 },
  { method: 'DELETE', path: '/v3/storefront/api-token', status: 422 },
  // last: deletions
  { method: 'DELETE', path: (c) => `/v3/carts/${c.cartId}`, status: 204 },
  { method: 'DELETE', path: (c) => `/v3/carts/${c.cartId}`, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/customers?id:in=${c.customerId}`, status: 204 },
  { method: 'DELETE', path: '/v3/customers', status: 422 },
];

const CASES: Case[] = [
  // products
  { method: 'GET', path: '/v3/catalog/products', status: 200 },
  {
    method: 'GET',
    path: '/v3/catalog/products?include=variants,images,custom_fields,bulk_pricing_rules,primary_image,options,modifiers,channels,videos&limit=5',
    status: 200,
  },
  { method: 'GET', path: '/v3/catalog/products?include_fields=name,price&sort=price&direction=desc&limit=3', status: 200 },
  { method: 'GET', path: '/v3/catalog/products?id:in=abc', status: 422 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}?include=variants,images,primary_image,custom_fields,bulk_pricing_rules,options`, status: 200 },
  { method: 'GET', path: '/v3/catalog/products/999999', status: 404 },
  {
    method: 'POST',
    path: '/v3/catalog/products',
    body: {
      name: 'Contract Test Lamp',
      type: 'physical',
      weight: 2,
      price: 49.5,
      categories: [1],
      inventory_tracking: 'variant',
      variants: [
        { sku: 'CT-LAMP-S', price: 49.5, inventory_level: 3, option_values: [{ option_display_name: 'Size', label: 'S' }] },
        { sku: 'CT-LAMP-L', price: 59.5, inventory_level: 4, option_values: [{ option_display_name: 'Size', label: 'L' }] },
      ],
      images: [{ image_url: 'https://cdn.example.com/lamp.jpg', is_thumbnail: true }],
      custom_fields: [{ name: 'Bulb', value: 'E27' }],
      bulk_pricing_rules: [{ quantity_min: 5, quantity_max: 10, type: 'percent', amount: 5 }],
    },
    status: 200,
    after: (r, c) => {
      c.newPid = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/catalog/products', body: { name: 'Contract Test Lamp', type: 'physical', weight: 1, price: 1 }, status: 409 },
  { method: 'POST', path: '/v3/catalog/products', body: { name: 'No price' }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/catalog/products/${c.newPid}`, body: { price: 12.5, description: '<p>Updated</p>' }, status: 200 },
  { method: 'PUT', path: '/v3/catalog/products/999999', body: { price: 1 }, status: 404 },
  { method: 'PUT', path: (c) => `/v3/catalog/products/${c.newPid}`, body: { price: -1 }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/catalog/products/${c.newPid}`, body: { name: 'Sandbox duplicate', sku: 'SBX-000001' }, status: 409 },
  {
    method: 'PUT',
    path: '/v3/catalog/products',
    body: [
      { id: 1, is_featured: true },
      { id: 2, sale_price: 1 },
    ],
    status: 200,
  },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/variants`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/variants/${c.variantId}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/variants/99999999`, status: 404 },
  { method: 'PUT', path: (c) => `/v3/catalog/products/${c.pid}/variants/${c.variantId}`, body: { price: 33.3, inventory_level: 9 }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/catalog/products/${c.pid}/variants/${c.variantId}`, body: { inventory_level: 'many' }, status: 422 },
  { method: 'GET', path: '/v3/catalog/variants?product_id:in=1,2,3&limit=5', status: 200 },
  { method: 'GET', path: '/v3/catalog/variants?limit=7&page=2', status: 200 },
  { method: 'PUT', path: '/v3/catalog/variants', body: (c) => [{ id: c.variantId, inventory_level: 11 }], status: 200 },
  { method: 'PUT', path: '/v3/catalog/variants', body: [{ id: 99999999, price: 1 }], status: 422 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/options`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/options/${(c.pid - 1) * 2 + 1}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/options/99999999`, status: 404 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/modifiers`, status: 200 },
  { method: 'GET', path: '/v3/catalog/products/999999/modifiers', status: 404 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.newPid}/images`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.newPid}/images/${(c.newPid - 1) * 6 + 1}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.newPid}/images/1`, status: 404 },
  { method: 'GET', path: '/v3/catalog/products/999999/images', status: 404 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.pid}/videos`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.newPid}/custom-fields`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.newPid}/custom-fields/${(c.newPid - 1) * 4 + 1}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.newPid}/custom-fields/1`, status: 404 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.ruleProduct}/bulk-pricing-rules`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.ruleProduct}/bulk-pricing-rules/${c.ruleId}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/catalog/products/${c.ruleProduct}/bulk-pricing-rules/1`, status: 404 },
  { method: 'GET', path: '/v3/catalog/products/channel-assignments?channel_id:in=2&limit=10', status: 200 },
  { method: 'PUT', path: '/v3/catalog/products/channel-assignments', body: (c) => [{ product_id: c.newPid, channel_id: 2 }], status: 204 },
  { method: 'PUT', path: '/v3/catalog/products/channel-assignments', body: [{ product_id: 1, channel_id: 999 }], status: 422 },
  { method: 'DELETE', path: (c) => `/v3/catalog/products/channel-assignments?product_id:in=${c.newPid}&channel_id:in=2`, status: 204 },
  { method: 'GET', path: '/v3/catalog/summary', status: 200 },
  // categories, trees, brands
  { method: 'GET', path: '/v3/catalog/categories?limit=5&parent_id=0', status: 200 },
  { method: 'GET', path: '/v3/catalog/categories?sort=bogus', status: 422 },
  { method: 'GET', path: '/v3/catalog/categories/1', status: 200 },
  { method: 'GET', path: '/v3/catalog/categories/99999', status: 404 },
  {
    method: 'POST',
    path: '/v3/catalog/categories',
    body: { name: 'Contract Category', parent_id: 1, is_visible: true },
    status: 200,
    after: (r, c) => {
      c.categoryId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/catalog/categories', body: { name: 'Contract Category', parent_id: 1 }, status: 409 },
  { method: 'POST', path: '/v3/catalog/categories', body: { name: 'Orphan', parent_id: 99999 }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/catalog/categories/${c.categoryId}`, body: { description: '<p>x</p>' }, status: 200 },
  { method: 'PUT', path: '/v3/catalog/categories/99999', body: { description: 'x' }, status: 404 },
  { method: 'PUT', path: (c) => `/v3/catalog/categories/${c.categoryId}`, body: { is_visible: 'yes' }, status: 422 },
  { method: 'DELETE', path: (c) => `/v3/catalog/categories/${c.categoryId}`, status: 204 },
  { method: 'DELETE', path: '/v3/catalog/categories?id:in=99998,99999', status: 204 },
  { method: 'GET', path: '/v3/catalog/trees', status: 200 },
  { method: 'GET', path: '/v3/catalog/trees/categories?tree_id:in=1&limit=5', status: 200 },
  { method: 'GET', path: '/v3/catalog/trees/1/categories', status: 200 },
  { method: 'GET', path: '/v3/catalog/trees/77/categories', status: 404 },
  { method: 'GET', path: '/v3/catalog/brands?limit=3&sort=name', status: 200 },
  { method: 'GET', path: '/v3/catalog/brands/1', status: 200 },
  { method: 'GET', path: '/v3/catalog/brands/99999', status: 404 },
  {
    method: 'POST',
    path: '/v3/catalog/brands',
    body: { name: 'Contract Brand' },
    status: 200,
    after: (r, c) => {
      c.brandId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/catalog/brands', body: { name: 'Contract Brand' }, status: 409 },
  { method: 'POST', path: '/v3/catalog/brands', body: { page_title: 'no name' }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/catalog/brands/${c.brandId}`, body: { page_title: 'Contract' }, status: 200 },
  { method: 'PUT', path: '/v3/catalog/brands/99999', body: { page_title: 'x' }, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/catalog/brands/${c.brandId}`, status: 204 },
  { method: 'DELETE', path: (c) => `/v3/catalog/brands/${c.brandId}`, status: 404 },
  // channels, listings, channel site
  { method: 'GET', path: '/v3/channels', status: 200 },
  { method: 'GET', path: '/v3/channels?include=currencies&type:in=storefront&available=true', status: 200 },
  {
    method: 'POST',
    path: '/v3/channels',
    body: { name: 'strapi-storefront', type: 'storefront', platform: 'custom', status: 'active', external_id: 'strapi-1' },
    status: 200,
    after: (r, c) => {
      c.channelId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/channels', body: { name: 'My Custom Store', type: 'storefront', platform: 'custom' }, status: 422 },
  { method: 'POST', path: '/v3/channels', body: { name: 'ebay-shop', type: 'storefront', platform: 'ebay' }, status: 422 },
  { method: 'GET', path: (c) => `/v3/channels/${c.channelId}?include=currencies`, status: 200 },
  { method: 'GET', path: '/v3/channels/9999', status: 404 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}`, body: { is_visible: false }, status: 200 },
  { method: 'PUT', path: '/v3/channels/9999', body: { is_visible: false }, status: 404 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}`, body: { name: 'sandbox-storefront' }, status: 409 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}`, body: { status: 'prelaunch' }, status: 422 },
  {
    method: 'POST',
    path: (c) => `/v3/channels/${c.channelId}/listings`,
    body: (c) => [{ product_id: c.pid, state: 'active', name: 'Listed', variants: [{ product_id: c.pid, variant_id: c.variantId, state: 'active' }] }],
    status: 200,
    after: (r, c) => {
      c.listingId = (r.body as { data: Array<{ listing_id: number }> }).data[0].listing_id;
    },
  },
  { method: 'POST', path: (c) => `/v3/channels/${c.channelId}/listings`, body: [{ product_id: 1, state: 'sold', variants: [] }], status: 422 },
  {
    method: 'PUT',
    path: (c) => `/v3/channels/${c.channelId}/listings`,
    body: (c) => [
      { listing_id: c.listingId, product_id: c.pid, state: 'disabled', variants: [{ product_id: c.pid, variant_id: c.variantId, state: 'disabled' }] },
    ],
    status: 200,
  },
  {
    method: 'PUT',
    path: (c) => `/v3/channels/${c.channelId}/listings`,
    body: [{ listing_id: 424242, product_id: 1, state: 'active', variants: [] }],
    status: 422,
  },
  { method: 'GET', path: (c) => `/v3/channels/${c.channelId}/listings?limit=10`, status: 200 },
  { method: 'GET', path: '/v3/channels/9999/listings', status: 400 },
  { method: 'GET', path: (c) => `/v3/channels/${c.channelId}/listings/${c.listingId}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/channels/${c.channelId}/listings/424242`, status: 404 },
  { method: 'GET', path: '/v3/channels/1/site', status: 200 },
  { method: 'GET', path: (c) => `/v3/channels/${c.channelId}/site`, status: 404 },
  { method: 'POST', path: (c) => `/v3/channels/${c.channelId}/site`, body: { url: 'https://www.shop.example.com' }, status: 200 },
  { method: 'POST', path: (c) => `/v3/channels/${c.channelId}/site`, body: { url: 'https://again.example.com' }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}/site`, body: { url: 'https://shop.example.com' }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}/site`, body: { url: 'not a url' }, status: 422 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}/site/checkout-url`, body: { url: 'https://checkout.example.com' }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/channels/${c.channelId}/site/checkout-url`, body: { url: 'https://checkout.other.org' }, status: 422 },
  { method: 'PUT', path: '/v3/channels/2/site/checkout-url', body: { url: 'https://checkout.example.com' }, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/channels/${c.channelId}/site/checkout-url`, status: 200 },
  { method: 'DELETE', path: (c) => `/v3/channels/${c.channelId}/site`, status: 200 },
  { method: 'DELETE', path: (c) => `/v3/channels/${c.channelId}/site`, status: 404 },
  // sites and routes
  { method: 'GET', path: '/v3/sites?channel_id:in=1', status: 200 },
  {
    method: 'POST',
    path: '/v3/sites',
    body: (c) => ({ url: 'https://www.headless.example.com/', channel_id: c.channelId }),
    status: 201,
    after: (r, c) => {
      c.siteId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/sites', body: { url: 'https://x.example.com', channel_id: 9999 }, status: 404 },
  { method: 'POST', path: '/v3/sites', body: { url: 'ftp://x', channel_id: 2 }, status: 400 },
  { method: 'GET', path: (c) => `/v3/sites/${c.siteId}`, status: 200 },
  { method: 'GET', path: '/v3/sites/9999', status: 404 },
  { method: 'PUT', path: (c) => `/v3/sites/${c.siteId}`, body: { url: 'https://headless.example.com' }, status: 200 },
  {
    method: 'POST',
    path: (c) => `/v3/sites/${c.siteId}/routes`,
    body: { type: 'product', matching: '*', route: '/products/{slug}' },
    status: 201,
    after: (r, c) => {
      c.routeId = (r.body as { data: { id: number } }).data.id;
    },
  },
  {
    method: 'POST',
    path: (c) => `/v3/sites/${c.siteId}/routes`,
    body: { type: 'recover_abandoned_cart', matching: '*', route: '/cart/recover?t={token}' },
    status: 201,
  },
  { method: 'POST', path: (c) => `/v3/sites/${c.siteId}/routes`, body: { type: 'wishlist', matching: '*', route: '/w' }, status: 422 },
  {
    method: 'PUT',
    path: (c) => `/v3/sites/${c.siteId}/routes`,
    body: (c) => [
      { id: c.routeId, type: 'product', matching: '*', route: '/p/{slug}' },
      { type: 'category', matching: '*', route: '/c/{slug}' },
    ],
    status: 200,
  },
  { method: 'PUT', path: (c) => `/v3/sites/${c.siteId}/routes`, body: [{ type: 'category', matching: '*' }], status: 422 },
  { method: 'GET', path: (c) => `/v3/sites/${c.siteId}/routes?type=product`, status: 200 },
  { method: 'GET', path: (c) => `/v3/sites/${c.siteId}/routes/${c.routeId}`, status: 200 },
  { method: 'GET', path: (c) => `/v3/sites/${c.siteId}/routes/424242`, status: 404 },
  { method: 'PUT', path: (c) => `/v3/sites/${c.siteId}/routes/${c.routeId}`, body: { type: 'product', matching: '12', route: '/p/12' }, status: 201 },
  { method: 'DELETE', path: (c) => `/v3/sites/${c.siteId}/routes/${c.routeId}`, status: 204 },
  { method: 'DELETE', path: (c) => `/v3/sites/${c.siteId}/routes/${c.routeId}`, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/sites/${c.siteId}`, status: 204 },
  { method: 'GET', path: (c) => `/v3/sites/${c.siteId}/routes`, status: 404 },
  // redirects (site 1000 is channel 1's site)
  {
    method: 'PUT',
    path: '/v3/storefront/redirects',
    body: (c) => [
      { site_id: 1000, from_path: '/old-lamp/', to: { type: 'product', entity_id: c.pid } },
      { site_id: 1000, from_path: '/old-sale', to: { type: 'url', url: '/sale/' } },
    ],
    status: 201,
    after: (r, c) => {
      c.redirectId = (r.body as { data: Array<{ id: number }> }).data[0].id;
    },
  },
  { method: 'PUT', path: '/v3/storefront/redirects', body: [{ site_id: 1000, from_path: 'no-slash', to: { type: 'url', url: '/x' } }], status: 422 },
  { method: 'PUT', path: '/v3/storefront/redirects', body: [{ site_id: 9999, from_path: '/x', to: { type: 'brand', entity_id: 1 } }], status: 422 },
  { method: 'GET', path: '/v3/storefront/redirects', status: 200 },
  { method: 'GET', path: '/v3/storefront/redirects?site_id=1000&include=to_url&keyword=old&sort=from_path&direction=desc&limit=1&page=2', status: 200 },
  { method: 'GET', path: (c) => `/v3/storefront/redirects?id:in=${c.redirectId}&id:min=1&id:max=99`, status: 200 },
  { method: 'GET', path: '/v3/storefront/redirects?sort=date', status: 422 },
  { method: 'DELETE', path: (c) => `/v3/storefront/redirects?id:in=${c.redirectId}`, status: 204 },
  { method: 'DELETE', path: '/v3/storefront/redirects', status: 422 },
  // store information (v2)
  { method: 'GET', path: '/v2/store', status: 200 },
  { method: 'GET', path: '/v2/time', status: 200 },
  { method: 'GET', path: '/v2/store', token: null, status: 401 },
  // webhooks
  { method: 'GET', path: '/v3/hooks', status: 200 },
  {
    method: 'POST',
    path: '/v3/hooks',
    body: { scope: 'store/product/*', destination: 'https://hooks.example.com/bc', is_active: false, headers: { 'x-secret': 's3cret' } },
    status: 200,
    after: (r, c) => {
      c.hookId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/hooks', body: { scope: 'store/nothing/here', destination: 'https://hooks.example.com/bc' }, status: 422 },
  { method: 'GET', path: '/v3/hooks?scope=store/product/*', status: 200 },
  { method: 'GET', path: (c) => `/v3/hooks/${c.hookId}`, status: 200 },
  { method: 'GET', path: '/v3/hooks/424242', status: 404 },
  { method: 'PUT', path: (c) => `/v3/hooks/${c.hookId}`, body: { headers: { 'x-secret': 'rotated' } }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/hooks/${c.hookId}`, body: { destination: 'nowhere' }, status: 422 },
  { method: 'DELETE', path: (c) => `/v3/hooks/${c.hookId}`, status: 200 },
  { method: 'DELETE', path: (c) => `/v3/hooks/${c.hookId}`, status: 404 },
  // price lists, records, assignments; currencies; customer groups; Get Prices (Batch)
  { method: 'GET', path: '/v3/pricelists', status: 200 },
  { method: 'GET', path: '/v3/pricelists?id:in=1,2&name:like=whole', status: 200 },
  {
    method: 'POST',
    path: '/v3/pricelists',
    body: { name: 'Trade', active: true },
    status: 200,
    after: (r, c) => {
      c.priceListId = (r.body as { data: { id: number } }).data.id;
    },
  },
  { method: 'POST', path: '/v3/pricelists', body: { active: true }, status: 422 },
  { method: 'POST', path: '/v3/pricelists', body: { name: 'Trade' }, status: 409 },
  { method: 'GET', path: (c) => `/v3/pricelists/${c.priceListId}`, status: 200 },
  { method: 'GET', path: '/v3/pricelists/424242', status: 404 },
  { method: 'PUT', path: (c) => `/v3/pricelists/${c.priceListId}`, body: { name: 'Trade B2B', active: false }, status: 200 },
  { method: 'PUT', path: '/v3/pricelists/424242', body: { name: 'x' }, status: 404 },
  { method: 'PUT', path: (c) => `/v3/pricelists/${c.priceListId}`, body: { active: 'yes' }, status: 422 },
  {
    method: 'PUT',
    path: (c) => `/v3/pricelists/${c.priceListId}/records`,
    body: (c) => [{ variant_id: c.variantId, currency: 'usd', price: 9.5, sale_price: 8 }],
    status: 200,
  },
  {
    method: 'PUT',
    path: (c) => `/v3/pricelists/${c.priceListId}/records`,
    body: (c) => [{ variant_id: c.variantId, currency: 'XXX', price: -1 }],
    status: 422,
  },
  { method: 'GET', path: (c) => `/v3/pricelists/${c.priceListId}/records?include=sku,bulk_pricing_tiers&currency=USD`, status: 200 },
  { method: 'GET', path: '/v3/pricelists/424242/records', status: 404 },
  { method: 'GET', path: (c) => `/v3/pricelists/${c.priceListId}/records/${c.variantId}`, status: 200 },
  { method: 'PUT', path: (c) => `/v3/pricelists/${c.priceListId}/records/${c.variantId}/EUR`, body: { price: 9, retail_price: 12, map_price: 7 }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/pricelists/${c.priceListId}/records/${c.variantId}/EUR`, body: { price: 'nine' }, status: 422 },
  { method: 'GET', path: (c) => `/v3/pricelists/${c.priceListId}/records/${c.variantId}/EUR?include=sku`, status: 200 },
  { method: 'GET', path: (c) => `/v3/pricelists/${c.priceListId}/records/${c.variantId}/GBP`, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/pricelists/${c.priceListId}/records/${c.variantId}/EUR`, status: 204 },
  { method: 'DELETE', path: (c) => `/v3/pricelists/${c.priceListId}/records?currency=USD`, status: 204 },
  { method: 'GET', path: '/v3/pricelists/assignments?channel_id:in=1,2', status: 200 },
  { method: 'POST', path: '/v3/pricelists/assignments', body: (c) => [{ price_list_id: c.priceListId, channel_id: 1 }], status: 200 },
  { method: 'POST', path: '/v3/pricelists/assignments', body: [{ price_list_id: 424242, channel_id: 1 }], status: 422 },
  { method: 'PUT', path: (c) => `/v3/pricelists/${c.priceListId}/assignments`, body: { customer_group_id: 1, channel_id: 1 }, status: 200 },
  { method: 'PUT', path: (c) => `/v3/pricelists/${c.priceListId}/assignments`, body: { customer_group_id: 1 }, status: 422 },
  { method: 'PUT', path: '/v3/pricelists/424242/assignments', body: { customer_group_id: 1, channel_id: 1 }, status: 404 },
  { method: 'DELETE', path: (c) => `/v3/pricelists/assignments?price_list_id=${c.priceListId}`, status: 204 },
  { method: 'DELETE', path: '/v3/pricelists/assignments', status: 422 },
  { method: 'DELETE', path: (c) => `/v3/pricelists/${c.priceListId}`, status: 204 },
  { method: 'DELETE', path: '/v3/pricelists/424242', status: 404 },
  { method: 'POST', path: '/v3/pricelists', body: { name: 'Clearance' }, status: 200 },
  { method: 'DELETE', path: '/v3/pricelists?name=Clearance', status: 204 },
  { method: 'DELETE', path: '/v3/pricelists', status: 422 },
  { method: 'GET', path: '/v3/channels/currency-assignments', status: 200 },
  { method: 'GET', path: '/v3/channels/1/currency-assignments', status: 200 },
  { method: 'GET', path: '/v3/channels/424242/currency-assignments', status: 404 },
  { method: 'PUT', path: '/v3/channels/2/currency-assignments', body: { enabled_currencies: ['USD', 'EUR'], default_currency: 'USD' }, status: 200 },
  { method: 'PUT', path: '/v3/channels/2/currency-assignments', body: { enabled_currencies: ['USD'], default_currency: 'EUR' }, status: 422 },
  { method: 'GET', path: '/v3/channels/1?include=currencies', status: 200 },
  {
    method: 'POST',
    path: '/v3/pricing/products',
    body: (c) => ({
      channel_id: 1,
      currency_code: 'EUR',
      customer_group_id: 1,
      items: [{ product_id: c.pid }, { product_id: c.pid, variant_id: c.variantId }],
    }),
    status: 200,
  },
  { method: 'POST', path: '/v3/pricing/products', body: { channel_id: 424242, currency_code: 'USD', items: [{ product_id: 1 }] }, status: 422 },
  { method: 'POST', path: '/v3/pricing/products', body: { channel_id: 1, currency_code: 'USD', items: [] }, status: 422 },
  { method: 'GET', path: '/v2/currencies', status: 200 },
  { method: 'GET', path: '/v2/currencies/2', status: 200 },
  { method: 'GET', path: '/v2/currencies/424242', status: 404 },
  { method: 'GET', path: '/v2/customer_groups', status: 200 },
  { method: 'GET', path: '/v2/customer_groups/1', status: 200 },
  { method: 'GET', path: '/v2/customer_groups/424242', status: 404 },
  ...STOREFRONT_CASES,
  // auth on a v3 endpoint, and product deletion last
  { method: 'GET', path: '/v3/catalog/products', token: null, status: 401 },
  { method: 'GET', path: '/v3/catalog/products', token: 'not-a-token', status: 401 },
  { method: 'PUT', path: (c) => `/v3/catalog/products/${c.pid}`, token: 'read-only', body: { price: 1 }, status: 403 },
  { method: 'DELETE', path: (c) => `/v3/catalog/products/${c.newPid}`, status: 204 },
  { method: 'DELETE', path: '/v3/catalog/products?id:in=98,99', status: 204 },
];

describeIfSpecs('every sandbox endpoint conforms to the BigCommerce specs', () => {
  let sb: Sandbox;
  const ctx = {} as Ctx;
  const succeeded = new Set<string>();

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({
      products: 120,
      seed: 3,
      rateLimit: false,
      accessTokens: { 'sandbox-token': '*', 'read-only': ['store_v2_products_read_only'] },
    });
    // A product with options (several variants) and one with bulk pricing rules.
    const withOptions = [...sb.catalog.products.values()].find((p) => sb.catalog.variantCount(p) > 2);
    const withRules = [...sb.catalog.products.values()].find((p) => sb.catalog.detailsOf(p).bulk_pricing_rules.length > 0);
    if (!withOptions || !withRules) throw new Error('generated catalog lacks the products this test needs');
    ctx.pid = withOptions.id;
    ctx.variantId = sb.catalog.detailsOf(withOptions).variants[1].id;
    ctx.ruleProduct = withRules.id;
    ctx.ruleId = sb.catalog.detailsOf(withRules).bulk_pricing_rules[0].id;
    // Storefront products: in stock on channel 1, away from the ones the catalog cases change or delete.
    const untouched = [...sb.catalog.products.values()].filter(
      (p) => p.id !== ctx.pid && p.id > 10 && p.id < 90 && p.type === 'physical' && p.channels.includes(1)
    );
    const simple = untouched.find((p) => sb.catalog.variantCount(p) === 1 && p.price >= 20 && (p.inventory_tracking === 'none' || p.inventory_level >= 10));
    const options = untouched.find(
      (p) => sb.catalog.variantCount(p) > 1 && sb.catalog.variantsOf(p).some((v) => p.inventory_tracking === 'none' || v.inventory_level >= 2)
    );
    const outlet = [...sb.catalog.products.values()].find((p) => !p.channels.includes(1));
    if (!simple || !options || !outlet) throw new Error('generated catalog lacks the storefront products this test needs');
    ctx.cartPid = simple.id;
    ctx.optPid = options.id;
    ctx.optVariant = (sb.catalog.variantsOf(options).find((v) => options.inventory_tracking === 'none' || v.inventory_level >= 2) as { id: number }).id;
    ctx.outletPid = outlet.id;
    const abandoned = sb.shop.createCart({ line_items: [{ product_id: simple.id, quantity: 1 }] });
    ctx.abandonToken = sb.shop.abandonCart(abandoned.id).token;
  });

  afterAll(async () => {
    await sb?.close();
  });

  it.each(CASES.map((c) => [`${c.method} ${typeof c.path === 'string' ? c.path : c.path.toString().replace(/^\(c\) => /, '')} -> ${c.status}`, c] as const))(
    '%s',
    async (_name, c) => {
      const before = sb.stats().byRoute;
      const res = await call(sb, c.method, val(c.path, ctx), {
        body: c.body === undefined ? undefined : val(c.body, ctx),
        token: c.token,
        headers: c.headers === undefined ? undefined : val(c.headers, ctx),
      });
      expect({ status: res.status, body: res.status === c.status ? undefined : res.body }).toEqual({ status: c.status, body: undefined });
      c.after?.(res, ctx);
      expectContract(res, sb);
      const after = sb.stats().byRoute;
      const route = Object.keys(after).find((k) => after[k] !== (before[k] ?? 0));
      if (route && res.status < 300) succeeded.add(route);
    }
  );

  it('has a successful, spec-checked case for every endpoint the sandbox serves', () => {
    const missing = sandboxEndpoints()
      .map((e) => `${e.method} ${e.url}`)
      .filter((k) => !succeeded.has(k));
    expect(missing).toEqual([]);
  });
});
