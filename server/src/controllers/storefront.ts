import type { Core } from '@strapi/strapi';

import { parseOrThrow, withReasons } from '../utils/errors';
import { getService } from '../utils/get-service';
import { checkShopperInput } from '../utils/shopper-input';
import {
  addItemsSchema,
  billingAddressSchema,
  consignmentIdSchema,
  consignmentSchema,
  couponSchema,
  createCartSchema,
  itemIdSchema,
  loginSchema,
  loginUrlSchema,
  orderIdSchema,
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
import { ORDER_HEADER } from '../services/shopper';
import type { CartResult } from '../services/storefront';
import type { RequestContext } from '../utils/request-context';

/** Shopper routes (content API, `/api/bigcommerce/...`): read the shopper's tokens, validate, call the storefront service. */
const storefront = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'storefront');
  const shopper = () => getService(strapi, 'shopper');

  const body = (ctx: RequestContext): unknown => {
    checkShopperInput(ctx.request.body);
    return ctx.request.body;
  };

  const answerCart = (ctx: RequestContext, result: CartResult, status = 200) => {
    if (result.cartToken !== undefined) shopper().setCart(ctx, result.cartToken);
    ctx.status = status;
    ctx.body = { data: result.cart, meta: result.cartToken ? { cartToken: result.cartToken } : {} };
  };

  const call = async (ctx: RequestContext) => shopper().read(ctx);

  const actions = {
    async createCart(ctx: RequestContext) {
      const input = parseOrThrow(createCartSchema, body(ctx), 'Invalid cart');
      answerCart(ctx, await service().createCart(await call(ctx), input), 201);
    },
    async getCart(ctx: RequestContext) {
      answerCart(ctx, await service().getCart(await call(ctx)));
    },
    async addCartItems(ctx: RequestContext) {
      const input = parseOrThrow(addItemsSchema, body(ctx), 'Invalid items');
      answerCart(ctx, await service().addItems(await call(ctx), input));
    },
    async updateCartItem(ctx: RequestContext) {
      const { itemId } = parseOrThrow(itemIdSchema, ctx.params, 'Invalid item');
      const { quantity } = parseOrThrow(updateItemSchema, body(ctx), 'Invalid item');
      answerCart(ctx, await service().updateItem(await call(ctx), itemId, quantity));
    },
    async removeCartItem(ctx: RequestContext) {
      const { itemId } = parseOrThrow(itemIdSchema, ctx.params, 'Invalid item');
      answerCart(ctx, await service().removeItem(await call(ctx), itemId));
    },
    async deleteCart(ctx: RequestContext) {
      answerCart(ctx, await service().deleteCart(await call(ctx)));
    },
    async cartRedirectUrls(ctx: RequestContext) {
      ctx.status = 201;
      ctx.body = { data: await service().redirectUrls(await call(ctx)) };
    },
    async recoverCart(ctx: RequestContext) {
      const { token } = parseOrThrow(recoverCartSchema, body(ctx), 'Invalid recovery');
      answerCart(ctx, await service().recoverCart(await call(ctx), token));
    },

    async register(ctx: RequestContext) {
      const input = parseOrThrow(registerSchema, body(ctx), 'Invalid registration');
      ctx.status = 201;
      ctx.body = { data: await service().register(input, ctx.request.ip) };
    },
    async login(ctx: RequestContext) {
      const { email, password } = parseOrThrow(loginSchema, body(ctx), 'Invalid login');
      await service().loginThrottle(ctx.request.ip, email);
      const result = await service().login(await call(ctx), email, password, ctx.request.ip);
      shopper().setCustomer(ctx, result.token);
      if (result.cartToken) shopper().setCart(ctx, result.cartToken);
      ctx.body = { data: result.customer, meta: { session: result.token, ...(result.cartToken ? { cartToken: result.cartToken } : {}) } };
    },
    async logout(ctx: RequestContext) {
      await service().logout(await call(ctx));
      shopper().setCustomer(ctx, null);
      shopper().setCart(ctx, null);
      ctx.body = { data: { signedOut: true } };
    },
    async me(ctx: RequestContext) {
      ctx.body = { data: await service().me(await call(ctx)) };
    },
    async loginUrl(ctx: RequestContext) {
      const { redirect } = parseOrThrow(loginUrlSchema, body(ctx) ?? {}, 'Invalid login URL request');
      ctx.body = { data: await service().loginUrl(await call(ctx), redirect, ctx.request.ip) };
    },

    async checkout(ctx: RequestContext) {
      ctx.body = { data: await service().checkout(await call(ctx)) };
    },
    async setBillingAddress(ctx: RequestContext) {
      const address = parseOrThrow(billingAddressSchema, body(ctx), 'Invalid billing address');
      ctx.body = { data: await service().setBillingAddress(await call(ctx), address) };
    },
    async addConsignment(ctx: RequestContext) {
      const { address } = parseOrThrow(consignmentSchema, body(ctx), 'Invalid consignment');
      ctx.body = { data: await service().addConsignment(await call(ctx), address) };
    },
    async selectShippingOption(ctx: RequestContext) {
      const { consignmentId } = parseOrThrow(consignmentIdSchema, ctx.params, 'Invalid consignment');
      const { shipping_option_id: optionId } = parseOrThrow(shippingOptionSchema, body(ctx), 'Invalid shipping option');
      ctx.body = { data: await service().selectShippingOption(await call(ctx), consignmentId, optionId) };
    },
    async addCoupon(ctx: RequestContext) {
      const { code } = parseOrThrow(couponSchema, body(ctx), 'Invalid coupon');
      ctx.body = { data: await service().addCoupon(await call(ctx), code) };
    },
    async createOrder(ctx: RequestContext) {
      body(ctx);
      const { orderId, orderToken } = await service().createOrder(await call(ctx));
      ctx.status = 201;
      ctx.body = { data: { orderId }, meta: { orderToken } };
    },
    async paymentToken(ctx: RequestContext) {
      const { order_id: orderId } = parseOrThrow(paymentSchema, body(ctx), 'Invalid payment request');
      ctx.body = { data: await service().paymentToken(await call(ctx), orderId, ctx.get(ORDER_HEADER) || undefined) };
    },

    async orders(ctx: RequestContext) {
      ctx.body = { data: await service().orders(await call(ctx)) };
    },
    async order(ctx: RequestContext) {
      const { id } = parseOrThrow(orderIdSchema, ctx.params, 'Invalid order');
      ctx.body = { data: await service().order(await call(ctx), id) };
    },
    async wishlists(ctx: RequestContext) {
      ctx.body = { data: await service().wishlists(await call(ctx)) };
    },
    async createWishlist(ctx: RequestContext) {
      const input = parseOrThrow(wishlistSchema, body(ctx), 'Invalid wishlist');
      ctx.status = 201;
      ctx.body = { data: await service().createWishlist(await call(ctx), input) };
    },
    async addWishlistItems(ctx: RequestContext) {
      const { id } = parseOrThrow(wishlistIdSchema, ctx.params, 'Invalid wishlist');
      const { items } = parseOrThrow(wishlistItemsSchema, body(ctx), 'Invalid wishlist items');
      ctx.body = { data: await service().addWishlistItems(await call(ctx), id, items) };
    },
    async removeWishlistItem(ctx: RequestContext) {
      const { id, itemId } = parseOrThrow(wishlistItemIdSchema, ctx.params, 'Invalid wishlist item');
      ctx.body = { data: await service().removeWishlistItem(await call(ctx), id, itemId) };
    },
    async deleteWishlist(ctx: RequestContext) {
      const { id } = parseOrThrow(wishlistIdSchema, ctx.params, 'Invalid wishlist');
      await service().deleteWishlist(await call(ctx), id);
      ctx.body = { data: { deleted: true } };
    },
  };
  // Every action keeps its refusal's reason (see withReasons) and a 429's Retry-After.
  return Object.fromEntries(Object.entries(actions).map(([name, action]) => [name, (ctx: RequestContext) => withReasons(ctx, () => action(ctx))])) as Record<
    keyof typeof actions,
    (ctx: RequestContext) => Promise<void>
  >;
};

export default storefront;
