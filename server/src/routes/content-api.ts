import type { Handler } from '../controllers';
import { CATALOG_OPERATIONS } from '../operations/catalog';
import type { DocumentedRoute } from '../operations/openapi';
import { restRoutes } from '../operations/rest';
import { STOREFRONT_OPERATIONS } from '../operations/storefront';
import { webhookPayloadSchema } from '../validation/webhooks';

/** BigCommerce's webhook callback: no user, but the secret header it was registered with. */
export const WEBHOOK_ROUTE = {
  method: 'POST',
  path: '/webhooks',
  summary: 'BigCommerce’s webhook callback: stores the event, answers at once',
  tag: 'Webhooks',
  input: { body: webhookPayloadSchema },
  answer: {
    type: 'object',
    properties: {
      data: { type: 'object', properties: { received: { type: 'boolean' }, duplicate: { type: 'boolean' } }, required: ['received', 'duplicate'] },
    },
    required: ['data'],
  },
  security: [{ webhookSecret: [] }],
  errors: [400, 401],
} satisfies DocumentedRoute;

/**
 * This API's OpenAPI document. Open (`auth: false`) rather than behind a role grant: it describes routes
 * that ship in the open-source package and reveals no data, and a front-end team's tooling fetches it
 * before anything is granted.
 */
export const OPENAPI_ROUTE = {
  method: 'GET',
  path: '/openapi.json',
  summary: 'This document (OpenAPI 3.1)',
  tag: 'Reference',
  answer: { type: 'object', required: ['openapi', 'paths'] },
  security: [],
  errors: [],
} satisfies DocumentedRoute;

/**
 * Storefront read API at `/api/bigcommerce/...`. Each route's action (`plugin::bigcommerce.product.find`,
 * ...) is a users-permissions / API-token permission; bootstrap grants them to the Public role once
 * (config `publicCatalog`). The same actions authorize the GraphQL catalog queries.
 */
export default {
  type: 'content-api',
  routes: [
    ...Object.values(CATALOG_OPERATIONS).map(({ handler, rest }) => ({ ...rest, handler: handler satisfies Handler })),
    // Shopper routes: the shopper is known by the plugin's own session (cookie or x-bigcommerce-session).
    ...restRoutes('storefront', STOREFRONT_OPERATIONS).map((route) => ({ ...route, handler: route.handler satisfies Handler })),
    {
      method: WEBHOOK_ROUTE.method,
      path: WEBHOOK_ROUTE.path,
      handler: 'webhooks.receive' satisfies Handler,
      config: { auth: false, policies: ['plugin::bigcommerce.verify-webhook'] },
    },
    { method: OPENAPI_ROUTE.method, path: OPENAPI_ROUTE.path, handler: 'openapi.document' satisfies Handler, config: { auth: false } },
  ],
};
