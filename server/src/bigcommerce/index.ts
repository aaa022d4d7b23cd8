import { createAbandonedCartsApi } from './abandoned-carts';
import { createCartsApi } from './carts';
import { createCatalogApi } from './catalog';
import { createChannelsApi } from './channels';
import { createCheckoutsApi } from './checkouts';
import { createCustomersApi } from './customers';
import { createOrdersApi } from './orders';
import { createPaymentsApi } from './payments';
import { createPricingApi } from './pricing';
import { createRedirectsApi } from './redirects';
import { probeScopes } from './scopes';
import { createSitesApi } from './sites';
import { createStoreApi } from './store';
import type { RequestClass } from './rate-limit';
import { Transport, type TransportOptions } from './transport';
import { createWebhooksApi } from './webhooks';
import { createWishlistsApi } from './wishlists';

export type BigCommerceClientOptions = TransportOptions;

const apisOver = (transport: Transport) => ({
  transport,
  catalog: createCatalogApi(transport),
  channels: createChannelsApi(transport),
  sites: createSitesApi(transport),
  redirects: createRedirectsApi(transport),
  store: createStoreApi(transport),
  webhooks: createWebhooksApi(transport),
  carts: createCartsApi(transport),
  checkouts: createCheckoutsApi(transport),
  customers: createCustomersApi(transport),
  orders: createOrdersApi(transport),
  payments: createPaymentsApi(transport),
  pricing: createPricingApi(transport),
  wishlists: createWishlistsApi(transport),
  abandonedCarts: createAbandonedCartsApi(transport),
  probeScopes: () => probeScopes(transport),
});

export type BigCommerceApis = ReturnType<typeof apisOver>;

/** A BigCommerce Management API client with no dependency on Strapi: it can run anywhere. */
export const createBigCommerceClient = (options: BigCommerceClientOptions) => {
  const transport = new Transport(options);
  const classes = new Map<RequestClass, BigCommerceApis>();
  const apis = apisOver(transport);
  classes.set(transport.requestClass, apis);
  return {
    ...apis,
    /** What BigCommerce's rate-limit headers last said of the store's quota (nothing before the first response). */
    rateLimit: () => transport.pacer?.snapshot(),
    /** This client (one connection pool, one pacer) with its requests filed under `requestClass`. */
    forClass(requestClass: RequestClass): BigCommerceApis {
      let found = classes.get(requestClass);
      if (!found) classes.set(requestClass, (found = apisOver(transport.withClass(requestClass))));
      return found;
    },
  };
};

export type BigCommerceClient = ReturnType<typeof createBigCommerceClient>;

export * from './abandoned-carts';
export * from './carts';
export * from './catalog';
export * from './channels';
export * from './checkouts';
export * from './control-panel';
export * from './customers';
export * from './errors';
export * from './envelope';
export * from './logger';
export * from './login-token';
export * from './orders';
export * from './pagination';
export * from './payments';
export * from './pricing';
export * from './rate-limit';
export * from './redirects';
export * from './scopes';
export * from './sites';
export * from './store';
export * from './transport';
export * from './webhooks';
export * from './wishlists';
