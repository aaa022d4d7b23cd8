import { createAbandonedCartsApi } from './abandoned-carts';
import { createCartsApi } from './carts';
import { createCatalogApi } from './catalog';
import { createChannelsApi } from './channels';
import { createCheckoutsApi } from './checkouts';
import { createCustomersApi } from './customers';
import { createOrdersApi } from './orders';
import { createPaymentsApi } from './payments';
import { createRedirectsApi } from './redirects';
import { probeScopes } from './scopes';
import { createSitesApi } from './sites';
import { createStoreApi } from './store';
import { Transport, type TransportOptions } from './transport';
import { createWebhooksApi } from './webhooks';
import { createWishlistsApi } from './wishlists';

export type BigCommerceClientOptions = TransportOptions;

/** A BigCommerce Management API client with no dependency on Strapi: it can run anywhere. */
export const createBigCommerceClient = (options: BigCommerceClientOptions) => {
  const transport = new Transport(options);
  return {
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
    wishlists: createWishlistsApi(transport),
    abandonedCarts: createAbandonedCartsApi(transport),
    probeScopes: () => probeScopes(transport),
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
export * from './rate-limit';
export * from './redirects';
export * from './scopes';
export * from './sites';
export * from './store';
export * from './transport';
export * from './webhooks';
export * from './wishlists';
