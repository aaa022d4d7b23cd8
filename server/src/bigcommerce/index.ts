import { createCatalogApi } from './catalog';
import { createChannelsApi } from './channels';
import { probeScopes } from './scopes';
import { createSitesApi } from './sites';
import { createStoreApi } from './store';
import { Transport, type TransportOptions } from './transport';
import { createWebhooksApi } from './webhooks';

export type BigCommerceClientOptions = TransportOptions;

/** A BigCommerce Management API client with no dependency on Strapi: it can run anywhere. */
export const createBigCommerceClient = (options: BigCommerceClientOptions) => {
  const transport = new Transport(options);
  return {
    transport,
    catalog: createCatalogApi(transport),
    channels: createChannelsApi(transport),
    sites: createSitesApi(transport),
    store: createStoreApi(transport),
    webhooks: createWebhooksApi(transport),
    probeScopes: () => probeScopes(transport),
  };
};

export type BigCommerceClient = ReturnType<typeof createBigCommerceClient>;

export * from './catalog';
export * from './channels';
export * from './errors';
export * from './envelope';
export * from './logger';
export * from './pagination';
export * from './rate-limit';
export * from './scopes';
export * from './sites';
export * from './store';
export * from './transport';
export * from './webhooks';
