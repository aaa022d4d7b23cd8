/**
 * The REST route of every public operation, as plain data. The operation tables (storefront.ts, catalog.ts)
 * take their `rest` from here, and so does the typed client (`strapi-plugin-bigcommerce/client`), which runs
 * in browsers: this module must import nothing, so that the client's bundle holds no Strapi, zod or service.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** 201 for what creates something. */
  status?: 201;
  /** The body is this one input field (a billing address) rather than an object of fields. */
  body?: string;
}

/** For front ends without cookies (apps, server-side rendering): the shopper's tokens in headers. */
export const CUSTOMER_HEADER = 'x-bigcommerce-session';
export const CART_HEADER = 'x-bigcommerce-cart';
/** The order token from creating an order, for a payment access token (not stored in a cookie). */
export const ORDER_HEADER = 'x-bigcommerce-order';

/** The catalog reads' routes, keyed as CATALOG_OPERATIONS. */
export const CATALOG_ROUTES = {
  findProducts: { method: 'GET', path: '/products' },
  findProduct: { method: 'GET', path: '/products/:slug' },
  findCategories: { method: 'GET', path: '/categories' },
  findBrands: { method: 'GET', path: '/brands' },
} as const satisfies Record<string, RestRoute>;

/** The shopper operations' routes, keyed as STOREFRONT_OPERATIONS. */
export const STOREFRONT_ROUTES = {
  createCart: { method: 'POST', path: '/cart', status: 201 },
  getCart: { method: 'GET', path: '/cart' },
  deleteCart: { method: 'DELETE', path: '/cart' },
  addCartItems: { method: 'POST', path: '/cart/items' },
  updateCartItem: { method: 'PUT', path: '/cart/items/:itemId' },
  removeCartItem: { method: 'DELETE', path: '/cart/items/:itemId' },
  cartRedirectUrls: { method: 'POST', path: '/cart/redirect-urls', status: 201 },
  recoverCart: { method: 'POST', path: '/cart/recover' },
  register: { method: 'POST', path: '/customers/register', status: 201 },
  login: { method: 'POST', path: '/customers/login' },
  logout: { method: 'POST', path: '/customers/logout' },
  me: { method: 'GET', path: '/customers/me' },
  loginUrl: { method: 'POST', path: '/customers/login-url' },
  checkout: { method: 'GET', path: '/checkout' },
  setBillingAddress: { method: 'POST', path: '/checkout/billing-address', body: 'address' },
  addConsignment: { method: 'POST', path: '/checkout/consignments' },
  selectShippingOption: { method: 'PUT', path: '/checkout/consignments/:consignmentId' },
  updateConsignment: { method: 'PATCH', path: '/checkout/consignments/:consignmentId' },
  deleteConsignment: { method: 'DELETE', path: '/checkout/consignments/:consignmentId' },
  addCoupon: { method: 'POST', path: '/checkout/coupons' },
  createOrder: { method: 'POST', path: '/checkout/orders', status: 201 },
  paymentToken: { method: 'POST', path: '/checkout/payment-token' },
  orders: { method: 'GET', path: '/orders' },
  order: { method: 'GET', path: '/orders/:id' },
  wishlists: { method: 'GET', path: '/wishlists' },
  createWishlist: { method: 'POST', path: '/wishlists', status: 201 },
  deleteWishlist: { method: 'DELETE', path: '/wishlists/:id' },
  addWishlistItems: { method: 'POST', path: '/wishlists/:id/items' },
  removeWishlistItem: { method: 'DELETE', path: '/wishlists/:id/items/:itemId' },
} as const satisfies Record<string, RestRoute>;
