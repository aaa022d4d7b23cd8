import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type * as Nexus from 'nexus';

import type { CartResult } from './services/storefront';
import { parseOrThrow } from './utils/errors';
import { getService } from './utils/get-service';
import { PLUGIN_ID } from './utils/plugin-id';
import { addItemsSchema, createCartSchema, findCardField, itemIdSchema, loginSchema, updateItemSchema } from './validation/storefront';

interface ExtensionService {
  use(configuration: (context: { nexus: typeof Nexus; strapi: Core.Strapi }) => Record<string, unknown>): unknown;
}

interface GraphqlContext {
  koaContext: Context;
}

const action = (name: string) => ({ auth: { scope: [`plugin::${PLUGIN_ID}.storefront.${name}`] } });

/**
 * Cart and sign-in in Strapi's GraphQL, with the REST routes' rules: the same validation, the same
 * signed session and cart handle (cookies, or the x-bigcommerce-session / x-bigcommerce-cart headers),
 * the same permissions. Tokens are returned so that cookie-less clients can send them back.
 */
export const registerStorefrontGraphql = (strapi: Core.Strapi): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = strapi.plugin('graphql').service('extension') as unknown as ExtensionService;
  const storefront = () => getService(strapi, 'storefront');
  const shopper = () => getService(strapi, 'shopper');

  const noCardData = (args: Record<string, unknown>) => {
    const card = findCardField(args);
    if (card) throw new errors.ValidationError(`Card data (${card}) must not be sent to this server`);
  };

  /** Applies a cart result the way the REST routes do: a changed handle goes back in a cookie too. */
  const cartPayload = (context: GraphqlContext, result: CartResult) => {
    if (result.cartToken !== undefined) shopper().setCart(context.koaContext, result.cartToken);
    return { cart: result.cart, cartToken: result.cartToken ?? null };
  };

  extension.use(({ nexus }) => ({
    types: [
      nexus.objectType({
        name: 'BigcommerceCartPayload',
        definition(t) {
          t.field('cart', { type: 'JSON', description: 'The BigCommerce cart (with redirect_urls), or null when there is none' });
          t.string('cartToken', { description: 'A new cart handle, when it changed (send it back as x-bigcommerce-cart)' });
        },
      }),
      nexus.objectType({
        name: 'BigcommerceLoginPayload',
        definition(t) {
          t.nonNull.int('customerId');
          t.nonNull.string('email');
          t.nonNull.string('session', { description: 'The shopper session (also set as an httpOnly cookie)' });
          t.string('cartToken');
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t) {
          t.nonNull.field('bigcommerceCart', {
            type: 'BigcommerceCartPayload',
            async resolve(_parent, _args, context: GraphqlContext) {
              return cartPayload(context, await storefront().getCart(await shopper().read(context.koaContext)));
            },
          });
          t.field('bigcommerceMe', {
            type: 'JSON',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().me(await shopper().read(context.koaContext));
            },
          });
        },
      }),
      nexus.extendType({
        type: 'Mutation',
        definition(t) {
          t.nonNull.field('bigcommerceCreateCart', {
            type: 'BigcommerceCartPayload',
            args: { lineItems: nexus.arg({ type: 'JSON' }), customItems: nexus.arg({ type: 'JSON' }) },
            async resolve(_parent, args, context: GraphqlContext) {
              noCardData(args);
              const input = parseOrThrow(createCartSchema, { line_items: args.lineItems ?? undefined, custom_items: args.customItems ?? undefined }, 'Invalid cart');
              return cartPayload(context, await storefront().createCart(await shopper().read(context.koaContext), input));
            },
          });
          t.nonNull.field('bigcommerceAddCartItems', {
            type: 'BigcommerceCartPayload',
            args: { lineItems: nexus.arg({ type: 'JSON' }), customItems: nexus.arg({ type: 'JSON' }) },
            async resolve(_parent, args, context: GraphqlContext) {
              noCardData(args);
              const input = parseOrThrow(addItemsSchema, { line_items: args.lineItems ?? undefined, custom_items: args.customItems ?? undefined }, 'Invalid items');
              return cartPayload(context, await storefront().addItems(await shopper().read(context.koaContext), input));
            },
          });
          t.nonNull.field('bigcommerceUpdateCartItem', {
            type: 'BigcommerceCartPayload',
            args: { itemId: nexus.nonNull(nexus.stringArg()), quantity: nexus.nonNull(nexus.intArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { itemId } = parseOrThrow(itemIdSchema, { itemId: args.itemId }, 'Invalid item');
              const { quantity } = parseOrThrow(updateItemSchema, { quantity: args.quantity }, 'Invalid item');
              return cartPayload(context, await storefront().updateItem(await shopper().read(context.koaContext), itemId, quantity));
            },
          });
          t.nonNull.field('bigcommerceRemoveCartItem', {
            type: 'BigcommerceCartPayload',
            args: { itemId: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { itemId } = parseOrThrow(itemIdSchema, { itemId: args.itemId }, 'Invalid item');
              return cartPayload(context, await storefront().removeItem(await shopper().read(context.koaContext), itemId));
            },
          });
          t.nonNull.field('bigcommerceLogin', {
            type: 'BigcommerceLoginPayload',
            args: { email: nexus.nonNull(nexus.stringArg()), password: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { email, password } = parseOrThrow(loginSchema, args, 'Invalid login');
              const ctx = context.koaContext;
              const wait = await storefront().loginThrottle(ctx.request.ip, email);
              if (wait !== null) throw new errors.RateLimitError(`Too many sign-in attempts: try again in ${wait} s`, { retryAfter: wait });
              const result = await storefront().login(await shopper().read(ctx), email, password);
              shopper().setCustomer(ctx, result.token);
              if (result.cartToken) shopper().setCart(ctx, result.cartToken);
              return { customerId: result.customer.id, email: result.customer.email, session: result.token, cartToken: result.cartToken ?? null };
            },
          });
          t.nonNull.boolean('bigcommerceLogout', {
            resolve(_parent, _args, context: GraphqlContext) {
              shopper().setCustomer(context.koaContext, null);
              shopper().setCart(context.koaContext, null);
              return true;
            },
          });
        },
      }),
    ],
    resolversConfig: {
      'Query.bigcommerceCart': action('getCart'),
      'Query.bigcommerceMe': action('me'),
      'Mutation.bigcommerceCreateCart': action('createCart'),
      'Mutation.bigcommerceAddCartItems': action('addCartItems'),
      'Mutation.bigcommerceUpdateCartItem': action('updateCartItem'),
      'Mutation.bigcommerceRemoveCartItem': action('removeCartItem'),
      'Mutation.bigcommerceLogin': action('login'),
      'Mutation.bigcommerceLogout': action('logout'),
    },
  }));
};
