import { z } from 'zod';

const positiveIds = z.array(z.number().int().positive());

/** A throttle: at most `points` attempts per `durationSeconds`, counted in the database. */
const limit = (points: number, durationSeconds: number) =>
  z.object({ points: z.number().int().min(1).default(points), durationSeconds: z.number().int().min(1).max(86_400).default(durationSeconds) }).prefault({});

/** A preview URL template: a URL once its `{placeholders}` are filled, or empty. */
const previewTemplate = (key: string) =>
  z
    .string()
    .refine((template) => !template || URL.canParse(template.replace(/\{\w+\}/g, 'x')), `${key}: must be a URL (with {slug}, {documentId} or {bigcommerceId})`)
    .default('');

/** The plugin's config block (`config/plugins` → `bigcommerce.config`), validated at boot. */
export const pluginConfigSchema = z
  .object({
    storeHash: z
      .string()
      .regex(/^[a-z0-9]*$/i, 'storeHash: letters and digits only')
      .default(''),
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
    /**
     * Product pages a sync reads at once, at most (BigCommerce recommends concurrent requests); fewer as the
     * store's quota runs low, per its rate-limit headers. 1 (the default) reads by id cursor, one page after
     * another, which no concurrent deletion can shift; more reads by page number (see sync/bigcommerce-source).
     */
    syncLanes: z.number().int().min(1).max(16).default(8),
    /** How long a sync holds its lease without renewing it; a crashed node frees the sync after this. */
    syncLeaseMs: z.number().int().min(1000).max(3_600_000).default(60_000),
    /** Emit entry.create/update/delete events for synced entries, as the Document Service does. */
    emitEntryEvents: z.boolean().default(true),
    /** Public URL BigCommerce posts webhooks to: `https://cms.example.com/api/bigcommerce/webhooks`. */
    webhookUrl: z.union([z.literal(''), z.string().url('webhookUrl: must be a URL')]).default(''),
    /** Register (or repair) the hooks when Strapi starts, if a webhook URL is set. */
    registerWebhooksOnBootstrap: z.boolean().default(true),
    /** Tries of one webhook event before it is dead-lettered. */
    webhookMaxAttempts: z.number().int().min(1).max(50).default(6),
    /**
     * How long a node's claim on webhook events lasts without renewal (the worker renews it while it works):
     * events of a node that died go to another node after this. A restarted node takes its own back at once.
     */
    webhookClaimLeaseMs: z.number().int().min(1_000).max(600_000).default(10_000),
    /** This node's stable name (see utils/node-id); derived from host, app directory and port when empty. */
    nodeId: z
      .string()
      .max(100)
      .regex(/^[\w.:-]*$/, 'nodeId: letters, digits, and . _ : - only')
      .default(''),
    /** How long the worker waits after an event so that a burst is applied as one refetch per resource. */
    webhookDebounceMs: z.number().int().min(0).max(10_000).default(50),
    /**
     * How far BigCommerce's clock may be from this server's. An event created (BigCommerce's `created_at`,
     * whole seconds) at least this long plus a second before a refetch began is covered by that refetch.
     */
    webhookClockSkewMs: z.number().int().min(0).max(60_000).default(1_000),
    /** Grant anonymous storefronts the shopper routes (cart, login, checkout) on first start. */
    publicStorefront: z.boolean().default(true),
    /** Let storefronts put custom (non-catalog) items in carts. */
    allowCustomItems: z.boolean().default(false),
    /** Keys that sign shoppers' sessions and cart handles; the first signs, all verify (rotation). */
    sessionSecrets: z.array(z.string().min(32, 'sessionSecrets: each secret needs at least 32 characters')).default([]),
    /** Live price/inventory on product reads: never, when a request asks (`?live=true`), or always. */
    liveData: z.enum(['off', 'on-request', 'always']).default('on-request'),
    /** Live price/inventory: how long a fetched value is reused (webhooks invalidate it sooner). */
    liveTtlMs: z.number().int().min(0).max(3_600_000).default(30_000),
    /** Shopper prices (customer group, currency): how long a price BigCommerce gave is reused (price-list and product webhooks invalidate it sooner). */
    priceTtlMs: z.number().int().min(0).max(86_400_000).default(300_000),
    /** Live price/inventory: how long the storefront waits for BigCommerce before serving synced values. */
    liveTimeoutMs: z.number().int().min(100).max(30_000).default(1_500),
    /** Bytes of a request body the plugin's routes read (counted as read, chunked or not); also the cap of a GraphQL request that uses its fields. */
    maxInputBytes: z
      .number()
      .int()
      .min(1024)
      .max(1_048_576)
      .default(32 * 1024),
    /** How deep JSON input may nest (objects and arrays), checked on the raw bytes before anything parses them. */
    maxInputDepth: z.number().int().min(4).max(256).default(20),
    /** GraphQL: how many of the plugin's fields one request may select, each alias counting once. */
    graphqlMaxOperations: z.number().int().min(1).max(1000).default(10),
    /** GraphQL: how many catalog rows one request may ask for, summed over the plugin's fields (a list counts its page size). */
    graphqlMaxCost: z.number().int().min(1).max(100_000).default(500),
    /**
     * Live price/inventory: share of the store's API quota per window (BigCommerce's, e.g. 150 / 30 s)
     * live reads may spend; past it they serve synced values. 0 turns live calls off.
     */
    liveBudgetShare: z.number().min(0).max(1).default(0.2),
    /** Live price/inventory: share of the quota kept for shoppers; live reads stop once no more than this is left. */
    liveReserveShare: z.number().min(0).max(1).default(0.25),
    /** The longest a shopper's or an admin's request waits for BigCommerce's rate-limit window to reset before it answers 503. */
    shopperMaxWaitMs: z.number().int().min(0).max(120_000).default(3_000),
    /**
     * How long one BigCommerce request of a sync or a background job may wait out 429s in all, in ms:
     * throttling is waited out, not counted against `retries` (those are for 5xx and network errors).
     */
    rateLimitMaxWaitMs: z.number().int().min(1_000).max(3_600_000).default(600_000),
    /**
     * Strapi Preview of synced products / categories: the storefront page's URL, with `{slug}`, `{documentId}`
     * or `{bigcommerceId}` (`https://shop.example.com/products/{slug}`); empty: no preview from the plugin.
     */
    previewProductUrl: previewTemplate('previewProductUrl'),
    previewCategoryUrl: previewTemplate('previewCategoryUrl'),
    /** Origins the admin may load the store's images from besides BigCommerce's CDN (`https://*.bigcommerce.com`), e.g. an image proxy. */
    imageOrigins: z.array(z.string().regex(/^https?:\/\/[^\s/]+$/, 'imageOrigins: each must be an origin (https://images.example.com)')).default([]),
    /** Grant the users-permissions Public role the storefront read API (catalog) on first start. */
    publicCatalog: z.boolean().default(true),
    /**
     * Shopper sign-in and registration throttles, shared by every node (a table in Strapi's database).
     * Failed sign-ins count; a success gives its points back.
     */
    throttles: z
      .object({
        /** Tight: one address from one client; a stranger elsewhere does not touch the owner's count. */
        loginPerEmailAndIp: limit(5, 900),
        /** Loose ceiling for one address from anywhere: a distributed guesser has to spend many clients. */
        loginPerEmail: limit(50, 3600),
        /** One client across addresses (password spraying). */
        loginPerIp: limit(100, 3600),
        registerPerIp: limit(10, 3600),
      })
      .strict()
      .prefault({}),
    /**
     * Where the throttles count: `database` (a table: shared by every process on the database, kept over
     * restarts) or `memory` (this process only, forgotten on restart; no commit per sign-in). `memory` is
     * for one Strapi process alone on its database, e.g. SQLite without a cluster.
     */
    throttleStore: z.enum(['database', 'memory']).default('database'),
  })
  .strict();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;
