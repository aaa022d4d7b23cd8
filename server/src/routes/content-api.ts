import type { Handler } from '../controllers';
import { CATALOG_OPERATIONS } from '../operations/catalog';
import { restRoutes } from '../operations/rest';
import { STOREFRONT_OPERATIONS } from '../operations/storefront';

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
    // BigCommerce's webhook callback: no user, but the secret header it was registered with.
    {
      method: 'POST',
      path: '/webhooks',
      handler: 'webhooks.receive',
      config: { auth: false, policies: ['plugin::bigcommerce.verify-webhook'] },
    },
  ],
};
