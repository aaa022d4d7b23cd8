import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from 'koa';
import type * as Nexus from 'nexus';

import type { GraphqlMiddleware } from './graphql-limits';
import { defineFields, fieldPaths } from './operations/graphql';
import { STOREFRONT_OPERATIONS } from './operations/storefront';
import { storefrontAction } from './public-access';
import { setRetryAfter, upstreamErrorsResolver } from './utils/errors';
import { LOGIN_REDIRECTS } from './validation/storefront';

type Args = Record<string, unknown>;
type Resolver = (parent: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => unknown;

interface ExtensionService {
  use(configuration: (context: { nexus: typeof Nexus; strapi: Core.Strapi }) => Record<string, unknown>): unknown;
}

const FIELD_PATHS = fieldPaths(STOREFRONT_OPERATIONS);

/** The shopper fields' names. */
export const STOREFRONT_FIELDS = FIELD_PATHS.map(([path]) => path.slice(path.indexOf('.') + 1));

/**
 * Cart, sign-in, checkout, orders and wishlists in Strapi's GraphQL, derived from the operation table
 * (operations/storefront.ts) as the REST routes are: the same handlers, input schemas, users-permissions
 * action per operation, signed session and cart handle (cookies, or the x-bigcommerce-session /
 * x-bigcommerce-cart headers), the same refusal of card data and oversized input. Tokens are returned
 * so that cookie-less clients can send them back.
 */
export const registerStorefrontGraphql = (strapi: Core.Strapi, inputLimits: GraphqlMiddleware): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = strapi.plugin('graphql').service('extension') as unknown as ExtensionService;
  /** A 429 carries Retry-After, as on REST. */
  const retryAfter = async (next: Resolver, parent: unknown, args: Args, context: { koaContext: Context }, info: GraphQLResolveInfo) => {
    try {
      return await next(parent, args, context, info);
    } catch (error) {
      if (error instanceof errors.RateLimitError) setRetryAfter(context.koaContext, error);
      throw error;
    }
  };

  const resolversConfig = Object.fromEntries(
    FIELD_PATHS.map(([path, action]) => [path, { auth: { scope: [storefrontAction(action)] }, middlewares: [inputLimits, upstreamErrorsResolver, retryAfter] }])
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
        name: 'BigcommerceOrderList',
        definition(t) {
          t.nonNull.list.nonNull.field('nodes', { type: 'JSON', description: 'BigCommerce orders (v2), newest first' });
          t.nonNull.field('pagination', { type: 'Pagination' });
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
        members: [...LOGIN_REDIRECTS],
      }),
      nexus.extendType({ type: 'Query', definition: (t) => defineFields(strapi, nexus, t, STOREFRONT_OPERATIONS, 'Query') }),
      nexus.extendType({ type: 'Mutation', definition: (t) => defineFields(strapi, nexus, t, STOREFRONT_OPERATIONS, 'Mutation') }),
    ],
    resolversConfig,
  }));
};
