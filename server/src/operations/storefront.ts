import type { CartResult } from '../services/storefront';
import {
  billingAddressSchema,
  consignmentAddressSchema,
  consignmentIdSchema,
  consignmentSchema,
  couponSchema,
  createCartSchema,
  itemIdSchema,
  loginSchema,
  loginUrlSchema,
  orderIdSchema,
  ordersSchema,
  paymentSchema,
  recoverCartSchema,
  registerSchema,
  shippingOptionSchema,
  updateItemSchema,
  wishlistIdSchema,
  wishlistItemIdSchema,
  wishlistItemsSchema,
  wishlistSchema,
} from '../validation/storefront';
import { operation, type OperationCall } from './define';
import { ORDER_HEADER, STOREFRONT_ROUTES } from './routes';

/** A cart's answer: a changed handle goes back in a cookie too, and in the answer for cookie-less clients. */
const cart = {
  toRest: (result: CartResult) => ({ data: result.cart, meta: result.cartToken ? { cartToken: result.cartToken } : {} }),
  toGraphql: (result: CartResult) => ({ cart: result.cart, cartToken: result.cartToken ?? null }),
} as const;

const keepCart = (call: OperationCall, result: CartResult): CartResult => {
  if (result.cartToken !== undefined) call.tokens.setCart(call.ctx, result.cartToken);
  return result;
};

const ip = (call: OperationCall) => call.ctx.request.ip;

/**
 * The shopper operations (cart, account, checkout, orders, wishlists): each one's REST route, GraphQL
 * field, access, input and handler. The key is the users-permissions action
 * (`plugin::bigcommerce.storefront.<key>`) that authorizes both. Input is camelCase, as Strapi's own
 * APIs are; the schemas rename it to BigCommerce's snake_case on the way to the services.
 */
export const STOREFRONT_OPERATIONS = {
  createCart: operation({
    rest: STOREFRONT_ROUTES.createCart,
    graphql: { returns: 'BigcommerceCartPayload!', kind: 'Mutation', field: 'bigcommerceCreateCart', args: { lineItems: 'JSON', customItems: 'JSON' } },
    access: 'anyone',
    input: createCartSchema,
    invalid: 'Invalid cart',
    run: async (input, call) => keepCart(call, await call.storefront.createCart(await call.shopper(), input)),
    ...cart,
  }),
  getCart: operation({
    rest: STOREFRONT_ROUTES.getCart,
    graphql: { returns: 'BigcommerceCartPayload!', kind: 'Query', field: 'bigcommerceCart' },
    access: 'anyone',
    run: async (_input, call) => keepCart(call, await call.storefront.getCart(await call.shopper())),
    ...cart,
  }),
  deleteCart: operation({
    rest: STOREFRONT_ROUTES.deleteCart,
    graphql: { returns: 'BigcommerceCartPayload!', kind: 'Mutation', field: 'bigcommerceDeleteCart' },
    access: 'anyone',
    run: async (_input, call) => keepCart(call, await call.storefront.deleteCart(await call.shopper())),
    ...cart,
  }),
  addCartItems: operation({
    rest: STOREFRONT_ROUTES.addCartItems,
    graphql: { returns: 'BigcommerceCartPayload!', kind: 'Mutation', field: 'bigcommerceAddCartItems', args: { lineItems: 'JSON', customItems: 'JSON' } },
    access: 'anyone',
    input: createCartSchema,
    invalid: 'Invalid items',
    run: async (input, call) => keepCart(call, await call.storefront.addItems(await call.shopper(), input)),
    ...cart,
  }),
  updateCartItem: operation({
    rest: STOREFRONT_ROUTES.updateCartItem,
    graphql: { returns: 'BigcommerceCartPayload!', kind: 'Mutation', field: 'bigcommerceUpdateCartItem', args: { itemId: 'String!', quantity: 'Int!' } },
    access: 'anyone',
    input: updateItemSchema,
    invalid: 'Invalid item',
    run: async ({ itemId, quantity }, call) => keepCart(call, await call.storefront.updateItem(await call.shopper(), itemId, quantity)),
    ...cart,
  }),
  removeCartItem: operation({
    rest: STOREFRONT_ROUTES.removeCartItem,
    graphql: { returns: 'BigcommerceCartPayload!', kind: 'Mutation', field: 'bigcommerceRemoveCartItem', args: { itemId: 'String!' } },
    access: 'anyone',
    input: itemIdSchema,
    invalid: 'Invalid item',
    run: async ({ itemId }, call) => keepCart(call, await call.storefront.removeItem(await call.shopper(), itemId)),
    ...cart,
  }),
  cartRedirectUrls: operation({
    rest: STOREFRONT_ROUTES.cartRedirectUrls,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceCartRedirectUrls',
      returns: 'JSON!',
      description: 'Fresh single-use cart, checkout and embedded-checkout URLs',
    },
    access: 'anyone',
    run: async (_input, call) => call.storefront.redirectUrls(await call.shopper()),
  }),
  recoverCart: operation({
    rest: STOREFRONT_ROUTES.recoverCart,
    graphql: {
      returns: 'BigcommerceCartPayload!',
      kind: 'Mutation',
      field: 'bigcommerceRecoverCart',
      description: 'An abandoned-cart email’s token → the cart, now this shopper’s',
      args: { token: 'String!' },
    },
    access: 'anyone',
    input: recoverCartSchema,
    invalid: 'Invalid recovery',
    run: async ({ token }, call) => keepCart(call, await call.storefront.recoverCart(await call.shopper(), token)),
    ...cart,
  }),

  register: operation({
    rest: STOREFRONT_ROUTES.register,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceRegister',
      returns: 'JSON!',
      description: 'Creates the customer at BigCommerce (the password goes there only); sign in afterwards',
      args: { email: 'String!', password: 'String!', firstName: 'String!', lastName: 'String!', phone: 'String', company: 'String' },
    },
    access: 'anyone',
    input: registerSchema,
    invalid: 'Invalid registration',
    run: (input, call) => call.storefront.register(input, ip(call)),
  }),
  login: operation({
    rest: STOREFRONT_ROUTES.login,
    graphql: { kind: 'Mutation', field: 'bigcommerceLogin', returns: 'BigcommerceLoginPayload!', args: { email: 'String!', password: 'String!' } },
    access: 'anyone',
    input: loginSchema,
    invalid: 'Invalid login',
    run: async ({ email, password }, call) => {
      await call.storefront.loginThrottle(ip(call), email);
      const result = await call.storefront.login(await call.shopper(), email, password, ip(call));
      call.tokens.setCustomer(call.ctx, result.token);
      if (result.cartToken) call.tokens.setCart(call.ctx, result.cartToken);
      return result;
    },
    toRest: ({ customer, token, cartToken }) => ({ data: customer, meta: { session: token, ...(cartToken ? { cartToken } : {}) } }),
    toGraphql: ({ customer, token, cartToken }) => ({ customerId: customer.id, email: customer.email, session: token, cartToken: cartToken ?? null }),
  }),
  logout: operation({
    rest: STOREFRONT_ROUTES.logout,
    graphql: { kind: 'Mutation', field: 'bigcommerceLogout', returns: 'Boolean!' },
    access: 'anyone',
    run: async (_input, call) => {
      await call.storefront.logout(await call.shopper());
      call.tokens.setCustomer(call.ctx, null);
      call.tokens.setCart(call.ctx, null);
      return true;
    },
    toRest: () => ({ data: { signedOut: true } }),
  }),
  me: operation({
    rest: STOREFRONT_ROUTES.me,
    graphql: { kind: 'Query', field: 'bigcommerceMe', returns: 'JSON' },
    access: 'customer',
    run: async (_input, call) => call.storefront.me(await call.shopper()),
  }),
  loginUrl: operation({
    rest: STOREFRONT_ROUTES.loginUrl,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceLoginUrl',
      returns: 'BigcommerceLoginUrl!',
      description: 'A Customer Login JWT URL that lands the signed-in shopper, logged in, on the storefront',
      args: { redirect: 'BigcommerceLoginRedirect' },
    },
    access: 'customer',
    input: loginUrlSchema,
    invalid: 'Invalid login URL request',
    run: async ({ redirect }, call) => call.storefront.loginUrl(await call.shopper(), redirect, ip(call)),
  }),

  checkout: operation({
    rest: STOREFRONT_ROUTES.checkout,
    graphql: {
      kind: 'Query',
      field: 'bigcommerceCheckout',
      returns: 'JSON!',
      description: 'The checkout of the shopper’s cart, consignments with their available shipping options',
    },
    access: 'anyone',
    run: async (_input, call) => call.storefront.checkout(await call.shopper()),
  }),
  setBillingAddress: operation({
    rest: STOREFRONT_ROUTES.setBillingAddress,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceSetBillingAddress',
      returns: 'JSON!',
      description: 'Sets (or replaces) the checkout’s billing address; answers the checkout',
      args: { address: 'JSON!' },
    },
    access: 'anyone',
    input: billingAddressSchema,
    invalid: 'Invalid billing address',
    run: async ({ address }, call) => call.storefront.setBillingAddress(await call.shopper(), address),
  }),
  addConsignment: operation({
    rest: STOREFRONT_ROUTES.addConsignment,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceAddConsignment',
      returns: 'JSON!',
      description: 'Ships every physical item to the address; answers the checkout with the available shipping options',
      args: { address: 'JSON!' },
    },
    access: 'anyone',
    input: consignmentSchema,
    invalid: 'Invalid consignment',
    run: async ({ address }, call) => call.storefront.addConsignment(await call.shopper(), address),
  }),
  selectShippingOption: operation({
    rest: STOREFRONT_ROUTES.selectShippingOption,
    graphql: { kind: 'Mutation', field: 'bigcommerceSelectShippingOption', returns: 'JSON!', args: { consignmentId: 'String!', shippingOptionId: 'String!' } },
    access: 'anyone',
    input: shippingOptionSchema,
    invalid: 'Invalid shipping option',
    run: async ({ consignmentId, shippingOptionId }, call) => call.storefront.selectShippingOption(await call.shopper(), consignmentId, shippingOptionId),
  }),
  updateConsignment: operation({
    rest: STOREFRONT_ROUTES.updateConsignment,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceUpdateConsignment',
      returns: 'JSON!',
      description: 'Moves a consignment to another address; answers the checkout with the new shipping options (choose one again)',
      args: { consignmentId: 'String!', address: 'JSON!' },
    },
    access: 'anyone',
    input: consignmentAddressSchema,
    invalid: 'Invalid consignment',
    run: async ({ consignment_id: id, address }, call) => call.storefront.updateConsignment(await call.shopper(), id, address),
  }),
  deleteConsignment: operation({
    rest: STOREFRONT_ROUTES.deleteConsignment,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceDeleteConsignment',
      returns: 'JSON!',
      description: 'Removes a consignment; answers the checkout',
      args: { consignmentId: 'String!' },
    },
    access: 'anyone',
    input: consignmentIdSchema,
    invalid: 'Invalid consignment',
    run: async ({ consignmentId }, call) => call.storefront.deleteConsignment(await call.shopper(), consignmentId),
  }),
  addCoupon: operation({
    rest: STOREFRONT_ROUTES.addCoupon,
    graphql: { kind: 'Mutation', field: 'bigcommerceAddCoupon', returns: 'JSON!', args: { code: 'String!' } },
    access: 'anyone',
    input: couponSchema,
    invalid: 'Invalid coupon',
    run: async ({ code }, call) => call.storefront.addCoupon(await call.shopper(), code),
  }),
  createOrder: operation({
    rest: STOREFRONT_ROUTES.createOrder,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommerceCreateOrder',
      returns: 'BigcommerceOrderPayload!',
      description: 'Creates the order (Incomplete until paid) from the shopper’s checkout',
    },
    access: 'anyone',
    run: async (_input, call) => call.storefront.createOrder(await call.shopper()),
    toRest: ({ orderId, orderToken }) => ({ data: { orderId }, meta: { orderToken } }),
  }),
  paymentToken: operation({
    rest: STOREFRONT_ROUTES.paymentToken,
    graphql: {
      kind: 'Mutation',
      field: 'bigcommercePaymentToken',
      returns: 'BigcommercePaymentPayload!',
      description: 'A payment access token and the accepted methods for the shopper’s own order',
      args: { orderId: 'Int!', orderToken: { type: 'String', description: `From creating the order (or the ${ORDER_HEADER} header)` } },
    },
    access: 'anyone',
    input: paymentSchema,
    invalid: 'Invalid payment request',
    run: async ({ orderId, orderToken }, call) =>
      call.storefront.paymentToken(await call.shopper(), orderId, orderToken ?? (call.ctx.get(ORDER_HEADER) || undefined)),
  }),

  orders: operation({
    rest: STOREFRONT_ROUTES.orders,
    graphql: {
      kind: 'Query',
      field: 'bigcommerceOrders',
      returns: 'BigcommerceOrderList!',
      description: 'The signed-in customer’s order history, newest first (Incomplete orders, unpaid, only with status: 0)',
      args: { page: 'Int', pageSize: 'Int', pagination: 'PaginationArg', status: 'Int' },
    },
    access: 'customer',
    input: ordersSchema,
    invalid: 'Invalid query',
    run: async (input, call) => call.storefront.orders(await call.shopper(), input),
    toRest: ({ results, pagination }) => ({ data: results, meta: { pagination } }),
    toGraphql: ({ results, pagination }) => ({ nodes: results, pagination }),
  }),
  order: operation({
    rest: STOREFRONT_ROUTES.order,
    graphql: {
      kind: 'Query',
      field: 'bigcommerceOrder',
      returns: 'JSON!',
      description: 'One order of the signed-in customer, with its products',
      args: { id: 'Int!' },
    },
    access: 'customer',
    input: orderIdSchema,
    invalid: 'Invalid order',
    run: async ({ id }, call) => call.storefront.order(await call.shopper(), id),
  }),
  wishlists: operation({
    rest: STOREFRONT_ROUTES.wishlists,
    graphql: { kind: 'Query', field: 'bigcommerceWishlists', returns: 'JSON!' },
    access: 'customer',
    run: async (_input, call) => call.storefront.wishlists(await call.shopper()),
  }),
  createWishlist: operation({
    rest: STOREFRONT_ROUTES.createWishlist,
    graphql: { kind: 'Mutation', field: 'bigcommerceCreateWishlist', returns: 'JSON!', args: { name: 'String!', isPublic: 'Boolean' } },
    access: 'customer',
    input: wishlistSchema,
    invalid: 'Invalid wishlist',
    run: async (input, call) => call.storefront.createWishlist(await call.shopper(), input),
  }),
  deleteWishlist: operation({
    rest: STOREFRONT_ROUTES.deleteWishlist,
    graphql: { kind: 'Mutation', field: 'bigcommerceDeleteWishlist', returns: 'Boolean!', args: { id: 'Int!' } },
    access: 'customer',
    input: wishlistIdSchema,
    invalid: 'Invalid wishlist',
    run: async ({ id }, call) => {
      await call.storefront.deleteWishlist(await call.shopper(), id);
      return true;
    },
    toRest: () => ({ data: { deleted: true } }),
  }),
  addWishlistItems: operation({
    rest: STOREFRONT_ROUTES.addWishlistItems,
    graphql: { kind: 'Mutation', field: 'bigcommerceAddWishlistItems', returns: 'JSON!', args: { id: 'Int!', items: 'JSON!' } },
    access: 'customer',
    input: wishlistItemsSchema,
    invalid: 'Invalid wishlist items',
    run: async ({ id, items }, call) => call.storefront.addWishlistItems(await call.shopper(), id, items),
  }),
  removeWishlistItem: operation({
    rest: STOREFRONT_ROUTES.removeWishlistItem,
    graphql: { kind: 'Mutation', field: 'bigcommerceRemoveWishlistItem', returns: 'JSON!', args: { id: 'Int!', itemId: 'Int!' } },
    access: 'customer',
    input: wishlistItemIdSchema,
    invalid: 'Invalid wishlist item',
    run: async ({ id, itemId }, call) => call.storefront.removeWishlistItem(await call.shopper(), id, itemId),
  }),
} satisfies Record<keyof typeof STOREFRONT_ROUTES, unknown>;

export type StorefrontAction = keyof typeof STOREFRONT_OPERATIONS;
