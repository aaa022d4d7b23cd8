import { z } from 'zod';

const positiveIds = z.array(z.number().int().positive());

/** The plugin's config block (`config/plugins` → `bigcommerce.config`), validated at boot. */
export const pluginConfigSchema = z
  .object({
    storeHash: z.string().regex(/^[a-z0-9]*$/i, 'storeHash: letters and digits only').default(''),
    accessToken: z.string().default(''),
    clientId: z.string().default(''),
    clientSecret: z.string().default(''),
    channelIds: positiveIds.default([1]),
    /** Management API origin; point it at the sandbox store or a proxy. */
    apiUrl: z.string().url('apiUrl: must be a URL').default('https://api.bigcommerce.com'),
    paymentsUrl: z.string().url('paymentsUrl: must be a URL').default('https://payments.bigcommerce.com'),
    /** Per-attempt timeout of BigCommerce requests, in ms. */
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** Retries of BigCommerce requests that are safe to repeat. */
    retries: z.number().int().min(0).max(10).default(4),
    /** How long a sync holds its lease without renewing it; a crashed node frees the sync after this. */
    syncLeaseMs: z.number().int().min(1000).max(3_600_000).default(60_000),
    /** Emit entry.create/update/delete events for synced entries, as the Document Service does. */
    emitEntryEvents: z.boolean().default(true),
    /** Grant the users-permissions Public role the storefront read API (catalog) on first start. */
    publicCatalog: z.boolean().default(true),
  })
  .strict();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;
