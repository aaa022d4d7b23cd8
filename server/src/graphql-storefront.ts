import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from 'koa';
import type * as Nexus from 'nexus';
import type { z } from 'zod';

import type { GraphqlMiddleware } from './graphql-limits';
import { storefrontAction, type StorefrontAction } from './public-access';
import { ORDER_HEADER } from './services/shopper';
import type { CartResult } from './services/storefront';
import { parseOrThrow, setRetryAfter, upstreamErrorsResolver } from './utils/errors';
import { getService } from './utils/get-service';
import { checkShopperInput } from './utils/shopper-input';
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
} from './validation/storefront';

type Args = Record<string, unknown>;
type Resolver = (parent: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => unknown;

interface ExtensionService {
  use(configuration: (context: { nexus: typeof Nexus; strapi: Core.Strapi }) => Record<string, unknown>): unknown;
}

interface GraphqlContext {
  koaContext: Context & { request: Context['request'] & { body?: { variables?: unknown } } };
}

/**
 * Validates GraphQL arguments with the REST route's zod schema. `keys` gives the body field REST
 * expects for an argument (lineItems → line_items); error messages name the argument, not the field.
 */
const parseArgs = <S extends z.ZodType>(schema: S, args: Args, prefix: string, keys: Record<string, string> = {}): z.infer<S> => {
  const argOf = Object.fromEntries(Object.entries(keys).map(([arg, key]) => [key, arg]));
  const input = Object.fromEntries(
    Object.entries(args)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([arg, value]) => [keys[arg] ?? arg, value])
  );
  return parseOrThrow(schema, input, prefix, ([first, ...rest]) => (first === undefined ? [] : [argOf[first] ?? first, ...rest]));
};

/** A JSON argument that is a whole REST body (an address): its errors read `address.country_code`. */
const parseArg = <S extends z.ZodType>(schema: S, name: string, value: unknown, prefix: string): z.infer<S> =>
  parseOrThrow(schema, value, prefix, (path) => [name, ...path]);

/** Every operation of ours and the users-permissions action (REST's) that authorizes it. */
const OPERATIONS = {
  'Query.bigcommerceCart': 'getCart',
  'Query.bigcommerceMe': 'me',
  'Query.bigcommerceCheckout': 'checkout',
  'Query.bigcommerceOrders': 'orders',
  'Query.bigcommerceOrder': 'order',
  'Query.bigcommerceWishlists': 'wishlists',
  'Mutation.bigcommerceCreateCart': 'createCart',
  'Mutation.bigcommerceAddCartItems': 'addCartItems',
  'Mutation.bigcommerceUpdateCartItem': 'updateCartItem',
  'Mutation.bigcommerceRemoveCartItem': 'removeCartItem',
  'Mutation.bigcommerceDeleteCart': 'deleteCart',
  'Mutation.bigcommerceCartRedirectUrls': 'cartRedirectUrls',
  'Mutation.bigcommerceRecoverCart': 'recoverCart',
  'Mutation.bigcommerceRegister': 'register',
  'Mutation.bigcommerceLogin': 'login',
  'Mutation.bigcommerceLogout': 'logout',
  'Mutation.bigcommerceLoginUrl': 'loginUrl',
  'Mutation.bigcommerceSetBillingAddress': 'setBillingAddress',
  'Mutation.bigcommerceAddConsignment': 'addConsignment',
  'Mutation.bigcommerceSelectShippingOption': 'selectShippingOption',
  'Mutation.bigcommerceAddCoupon': 'addCoupon',
  'Mutation.bigcommerceCreateOrder': 'createOrder',
  'Mutation.bigcommercePaymentToken': 'paymentToken',
  'Mutation.bigcommerceCreateWishlist': 'createWishlist',
  'Mutation.bigcommerceAddWishlistItems': 'addWishlistItems',
  'Mutation.bigcommerceRemoveWishlistItem': 'removeWishlistItem',
  'Mutation.bigcommerceDeleteWishlist': 'deleteWishlist',
} as const satisfies Record<string, StorefrontAction>;

/** A field's name from its OPERATIONS key: a field without an action there does not type-check. */
const field = (path: keyof typeof OPERATIONS): string => path.slice(path.indexOf('.') + 1);

/** The shopper fields' names. */
export const STOREFRONT_FIELDS = (Object.keys(OPERATIONS) as Array<keyof typeof OPERATIONS>).map(field);

const CART_ITEM_KEYS = { lineItems: 'line_items', customItems: 'custom_items' };

/**
 * Cart, sign-in, checkout, orders and wishlists in Strapi's GraphQL, with the REST routes' rules: the
 * same service calls, zod schemas, signed session and cart handle (cookies, or the x-bigcommerce-session
 * / x-bigcommerce-cart headers), the same users-permissions action per operation, the same refusal of
 * card data and oversized input. Tokens are returned so that cookie-less clients can send them back.
 */
export const registerStorefrontGraphql = (strapi: Core.Strapi, inputLimits: GraphqlMiddleware): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = strapi.plugin('graphql').service('extension') as unknown as ExtensionService;
  const storefront = () => getService(strapi, 'storefront');
  const shopper = () => getService(strapi, 'shopper');
  const who = (context: GraphqlContext) => shopper().read(context.koaContext);

  /** Applies a cart result the way the REST routes do: a changed handle goes back in a cookie too. */
  const cartPayload = (context: GraphqlContext, result: CartResult) => {
    if (result.cartToken !== undefined) shopper().setCart(context.koaContext, result.cartToken);
    return { cart: result.cart, cartToken: result.cartToken ?? null };
  };

  /**
   * Runs before every operation of ours, after the permission check and the input limits: card data that
   * REST refuses in a body is refused in the arguments and in the request's variables (unused ones included).
   */
  const shopperInput = async (next: Resolver, parent: unknown, args: Args, context: GraphqlContext, info: GraphQLResolveInfo) => {
    checkShopperInput({ ...args, variables: context.koaContext.request.body?.variables });
    try {
      return await next(parent, args, context, info);
    } catch (error) {
      if (error instanceof errors.RateLimitError) setRetryAfter(context.koaContext, error);
      throw error;
    }
  };

  const resolversConfig = Object.fromEntries(
    Object.entries(OPERATIONS).map(([path, action]) => [
      path,
      { auth: { scope: [storefrontAction(action)] }, middlewares: [inputLimits, upstreamErrorsResolver, shopperInput] },
    ])
  );

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
      nexus.objectType({
        name: 'BigcommerceLoginUrl',
        definition(t) {
          t.nonNull.string('url', { description: 'Open it in the browser at once: it signs the shopper in on the storefront' });
          t.nonNull.int('expiresInSeconds');
        },
      }),
      nexus.objectType({
        name: 'BigcommerceOrderPayload',
        definition(t) {
          t.nonNull.int('orderId');
          t.nonNull.string('orderToken', { description: 'Proves the order is this shopper’s: pass it to bigcommercePaymentToken' });
        },
      }),
      nexus.objectType({
        name: 'BigcommercePaymentPayload',
        definition(t) {
          t.nonNull.string('paymentAccessToken', { description: 'For the browser’s card payment: Authorization: PAT <token>' });
          t.nonNull.string('paymentsUrl', { description: 'BigCommerce’s payments endpoint; the card goes there, never to Strapi' });
          t.nonNull.field('methods', { type: 'JSON', description: 'Accepted payment methods for the order' });
        },
      }),
      nexus.enumType({
        name: 'BigcommerceLoginRedirect',
        // The REST schema's values: both accept the same destinations.
        members: loginUrlSchema.shape.redirect.unwrap().options,
      }),
      nexus.extendType({
        type: 'Query',
        definition(t) {
          t.nonNull.field(field('Query.bigcommerceCart'), {
            type: 'BigcommerceCartPayload',
            async resolve(_parent, _args, context: GraphqlContext) {
              return cartPayload(context, await storefront().getCart(await who(context)));
            },
          });
          t.field(field('Query.bigcommerceMe'), {
            type: 'JSON',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().me(await who(context));
            },
          });
          t.nonNull.field(field('Query.bigcommerceCheckout'), {
            type: 'JSON',
            description: 'The checkout of the shopper’s cart, consignments with their available shipping options',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().checkout(await who(context));
            },
          });
          t.nonNull.field(field('Query.bigcommerceOrders'), {
            type: 'JSON',
            description: 'The signed-in customer’s order history',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().orders(await who(context));
            },
          });
          t.nonNull.field(field('Query.bigcommerceOrder'), {
            type: 'JSON',
            description: 'One order of the signed-in customer, with its products',
            args: { id: nexus.nonNull(nexus.intArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { id } = parseArgs(orderIdSchema, args, 'Invalid order');
              return storefront().order(await who(context), id);
            },
          });
          t.nonNull.field(field('Query.bigcommerceWishlists'), {
            type: 'JSON',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().wishlists(await who(context));
            },
          });
        },
      }),
      nexus.extendType({
        type: 'Mutation',
        definition(t) {
          const cartItemArgs = { lineItems: nexus.arg({ type: 'JSON' }), customItems: nexus.arg({ type: 'JSON' }) };
          t.nonNull.field(field('Mutation.bigcommerceCreateCart'), {
            type: 'BigcommerceCartPayload',
            args: cartItemArgs,
            async resolve(_parent, args, context: GraphqlContext) {
              const input = parseArgs(createCartSchema, args, 'Invalid cart', CART_ITEM_KEYS);
              return cartPayload(context, await storefront().createCart(await who(context), input));
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceAddCartItems'), {
            type: 'BigcommerceCartPayload',
            args: cartItemArgs,
            async resolve(_parent, args, context: GraphqlContext) {
              const input = parseArgs(addItemsSchema, args, 'Invalid items', CART_ITEM_KEYS);
              return cartPayload(context, await storefront().addItems(await who(context), input));
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceUpdateCartItem'), {
            type: 'BigcommerceCartPayload',
            args: { itemId: nexus.nonNull(nexus.stringArg()), quantity: nexus.nonNull(nexus.intArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { itemId } = parseArgs(itemIdSchema, { itemId: args.itemId }, 'Invalid item');
              const { quantity } = parseArgs(updateItemSchema, { quantity: args.quantity }, 'Invalid item');
              return cartPayload(context, await storefront().updateItem(await who(context), itemId, quantity));
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceRemoveCartItem'), {
            type: 'BigcommerceCartPayload',
            args: { itemId: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { itemId } = parseArgs(itemIdSchema, args, 'Invalid item');
              return cartPayload(context, await storefront().removeItem(await who(context), itemId));
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceDeleteCart'), {
            type: 'BigcommerceCartPayload',
            async resolve(_parent, _args, context: GraphqlContext) {
              return cartPayload(context, await storefront().deleteCart(await who(context)));
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceCartRedirectUrls'), {
            type: 'JSON',
            description: 'Fresh single-use cart, checkout and embedded-checkout URLs',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().redirectUrls(await who(context));
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceRecoverCart'), {
            type: 'BigcommerceCartPayload',
            description: 'An abandoned-cart email’s token → the cart, now this shopper’s',
            args: { token: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { token } = parseArgs(recoverCartSchema, args, 'Invalid recovery');
              return cartPayload(context, await storefront().recoverCart(await who(context), token));
            },
          });

          t.nonNull.field(field('Mutation.bigcommerceRegister'), {
            type: 'JSON',
            description: 'Creates the customer at BigCommerce (the password goes there only); sign in afterwards',
            args: {
              email: nexus.nonNull(nexus.stringArg()),
              password: nexus.nonNull(nexus.stringArg()),
              firstName: nexus.nonNull(nexus.stringArg()),
              lastName: nexus.nonNull(nexus.stringArg()),
              phone: nexus.stringArg(),
              company: nexus.stringArg(),
            },
            async resolve(_parent, args, context: GraphqlContext) {
              const input = parseArgs(registerSchema, args, 'Invalid registration', { firstName: 'first_name', lastName: 'last_name' });
              return storefront().register(input, context.koaContext.request.ip);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceLogin'), {
            type: 'BigcommerceLoginPayload',
            args: { email: nexus.nonNull(nexus.stringArg()), password: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { email, password } = parseArgs(loginSchema, args, 'Invalid login');
              const ctx = context.koaContext;
              await storefront().loginThrottle(ctx.request.ip, email);
              const result = await storefront().login(await who(context), email, password, ctx.request.ip);
              shopper().setCustomer(ctx, result.token);
              if (result.cartToken) shopper().setCart(ctx, result.cartToken);
              return { customerId: result.customer.id, email: result.customer.email, session: result.token, cartToken: result.cartToken ?? null };
            },
          });
          t.nonNull.boolean(field('Mutation.bigcommerceLogout'), {
            async resolve(_parent, _args, context: GraphqlContext) {
              await storefront().logout(await who(context));
              shopper().setCustomer(context.koaContext, null);
              shopper().setCart(context.koaContext, null);
              return true;
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceLoginUrl'), {
            type: 'BigcommerceLoginUrl',
            description: 'A Customer Login JWT URL that lands the signed-in shopper, logged in, on the storefront',
            args: { redirect: nexus.arg({ type: 'BigcommerceLoginRedirect' }) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { redirect } = parseArgs(loginUrlSchema, args, 'Invalid login URL request');
              return storefront().loginUrl(await who(context), redirect, context.koaContext.request.ip);
            },
          });

          t.nonNull.field(field('Mutation.bigcommerceSetBillingAddress'), {
            type: 'JSON',
            description: 'Sets (or replaces) the checkout’s billing address; answers the checkout',
            args: { address: nexus.nonNull(nexus.arg({ type: 'JSON' })) },
            async resolve(_parent, args, context: GraphqlContext) {
              const address = parseArg(billingAddressSchema, 'address', args.address, 'Invalid billing address');
              return storefront().setBillingAddress(await who(context), address);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceAddConsignment'), {
            type: 'JSON',
            description: 'Ships every physical item to the address; answers the checkout with the available shipping options',
            args: { address: nexus.nonNull(nexus.arg({ type: 'JSON' })) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { address } = parseArgs(consignmentSchema, args, 'Invalid consignment');
              return storefront().addConsignment(await who(context), address);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceSelectShippingOption'), {
            type: 'JSON',
            args: { consignmentId: nexus.nonNull(nexus.stringArg()), shippingOptionId: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { consignmentId } = parseArgs(consignmentIdSchema, { consignmentId: args.consignmentId }, 'Invalid consignment');
              const { shipping_option_id: optionId } = parseArgs(shippingOptionSchema, { shippingOptionId: args.shippingOptionId }, 'Invalid shipping option', {
                shippingOptionId: 'shipping_option_id',
              });
              return storefront().selectShippingOption(await who(context), consignmentId, optionId);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceAddCoupon'), {
            type: 'JSON',
            args: { code: nexus.nonNull(nexus.stringArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { code } = parseArgs(couponSchema, args, 'Invalid coupon');
              return storefront().addCoupon(await who(context), code);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceCreateOrder'), {
            type: 'BigcommerceOrderPayload',
            description: 'Creates the order (Incomplete until paid) from the shopper’s checkout',
            async resolve(_parent, _args, context: GraphqlContext) {
              return storefront().createOrder(await who(context));
            },
          });
          t.nonNull.field(field('Mutation.bigcommercePaymentToken'), {
            type: 'BigcommercePaymentPayload',
            description: 'A payment access token and the accepted methods for the shopper’s own order',
            args: {
              orderId: nexus.nonNull(nexus.intArg()),
              orderToken: nexus.stringArg({ description: `From bigcommerceCreateOrder (or the ${ORDER_HEADER} header)` }),
            },
            async resolve(_parent, args, context: GraphqlContext) {
              const { order_id: orderId } = parseArgs(paymentSchema, { orderId: args.orderId }, 'Invalid payment request', { orderId: 'order_id' });
              const orderToken = typeof args.orderToken === 'string' && args.orderToken ? args.orderToken : context.koaContext.get(ORDER_HEADER) || undefined;
              return storefront().paymentToken(await who(context), orderId, orderToken);
            },
          });

          t.nonNull.field(field('Mutation.bigcommerceCreateWishlist'), {
            type: 'JSON',
            args: { name: nexus.nonNull(nexus.stringArg()), isPublic: nexus.booleanArg() },
            async resolve(_parent, args, context: GraphqlContext) {
              const input = parseArgs(wishlistSchema, args, 'Invalid wishlist', { isPublic: 'is_public' });
              return storefront().createWishlist(await who(context), input);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceAddWishlistItems'), {
            type: 'JSON',
            args: { id: nexus.nonNull(nexus.intArg()), items: nexus.nonNull(nexus.arg({ type: 'JSON' })) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { id } = parseArgs(wishlistIdSchema, { id: args.id }, 'Invalid wishlist');
              const { items } = parseArgs(wishlistItemsSchema, { items: args.items }, 'Invalid wishlist items');
              return storefront().addWishlistItems(await who(context), id, items);
            },
          });
          t.nonNull.field(field('Mutation.bigcommerceRemoveWishlistItem'), {
            type: 'JSON',
            args: { id: nexus.nonNull(nexus.intArg()), itemId: nexus.nonNull(nexus.intArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { id, itemId } = parseArgs(wishlistItemIdSchema, args, 'Invalid wishlist item');
              return storefront().removeWishlistItem(await who(context), id, itemId);
            },
          });
          t.nonNull.boolean(field('Mutation.bigcommerceDeleteWishlist'), {
            args: { id: nexus.nonNull(nexus.intArg()) },
            async resolve(_parent, args, context: GraphqlContext) {
              const { id } = parseArgs(wishlistIdSchema, args, 'Invalid wishlist');
              await storefront().deleteWishlist(await who(context), id);
              return true;
            },
          });
        },
      }),
    ],
    resolversConfig,
  }));
};
