/**
 * Storefront read API at `/api/bigcommerce/...`. Each route's action (`plugin::bigcommerce.catalog.*`)
 * is a users-permissions / API-token permission; bootstrap grants them to the Public role once
 * (config `publicCatalog`). The same actions authorize the GraphQL catalog queries.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/products', handler: 'catalog.findProducts' },
    { method: 'GET', path: '/products/:slug', handler: 'catalog.findProduct' },
    { method: 'GET', path: '/categories', handler: 'catalog.findCategories' },
    { method: 'GET', path: '/brands', handler: 'catalog.findBrands' },
    // BigCommerce's webhook callback: no user, but the secret header it was registered with.
    {
      method: 'POST',
      path: '/webhooks',
      handler: 'webhooks.receive',
      config: { auth: false, policies: ['plugin::bigcommerce.verify-webhook'] },
    },
  ],
};
