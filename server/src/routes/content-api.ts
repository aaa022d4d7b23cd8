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
  ],
};
