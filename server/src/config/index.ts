import { pluginConfigSchema, type PluginConfig } from './schema';

type Env = ((key: string, fallback?: string) => string | undefined) & {
  int?: (key: string, fallback?: number) => number | undefined;
};

const list = (raw: string | undefined): number[] | undefined =>
  raw
    ? raw
        .split(',')
        .map((part) => Number(part.trim()))
        .filter((n) => Number.isInteger(n) && n > 0)
    : undefined;

export default {
  // Environment variables are the defaults; the `config/plugins` block and the admin settings override them.
  // Every key gets its default here: Strapi merges the user's block over this object and does not
  // apply the schema's defaults itself.
  default: ({ env }: { env: Env }): PluginConfig => {
    const fromEnv = {
      storeHash: env('BIGCOMMERCE_STORE_HASH', '') ?? '',
      accessToken: env('BIGCOMMERCE_ACCESS_TOKEN', '') ?? '',
      clientId: env('BIGCOMMERCE_CLIENT_ID', '') ?? '',
      clientSecret: env('BIGCOMMERCE_CLIENT_SECRET', '') ?? '',
      channelIds: list(env('BIGCOMMERCE_CHANNEL_IDS')) ?? [1],
      apiUrl: env('BIGCOMMERCE_API_URL', 'https://api.bigcommerce.com'),
      paymentsUrl: env('BIGCOMMERCE_PAYMENTS_URL', 'https://payments.bigcommerce.com'),
      timeoutMs: Number(env('BIGCOMMERCE_TIMEOUT_MS', '15000')),
      retries: Number(env('BIGCOMMERCE_RETRIES', '4')),
      webhookUrl: env('BIGCOMMERCE_WEBHOOK_URL', '') ?? '',
      previewProductUrl: env('BIGCOMMERCE_PREVIEW_PRODUCT_URL', '') ?? '',
      previewCategoryUrl: env('BIGCOMMERCE_PREVIEW_CATEGORY_URL', '') ?? '',
      imageOrigins: (env('BIGCOMMERCE_IMAGE_ORIGINS', '') ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      nodeId: env('BIGCOMMERCE_NODE_ID', '') ?? '',
      syncLeaseMs: Number(env('BIGCOMMERCE_SYNC_LEASE_MS', '60000')),
      syncLanes: Number(env('BIGCOMMERCE_SYNC_LANES', '8')),
      publicCatalog: env('BIGCOMMERCE_PUBLIC_CATALOG', 'true') !== 'false',
      publicStorefront: env('BIGCOMMERCE_PUBLIC_STOREFRONT', 'true') !== 'false',
      throttleStore: env('BIGCOMMERCE_THROTTLE_STORE', 'database') as PluginConfig['throttleStore'],
      // Comma-separated; the first signs shopper sessions, all verify (rotation).
      sessionSecrets: (env('BIGCOMMERCE_SESSION_SECRETS', '') ?? '')
        .split(',')
        .map((secret) => secret.trim())
        .filter(Boolean),
    };
    const parsed = pluginConfigSchema.safeParse(fromEnv);
    // A bad environment value is reported by the validator below, with the key's name.
    return parsed.success ? parsed.data : (fromEnv as PluginConfig);
  },
  validator: (config: unknown): void => {
    const parsed = pluginConfigSchema.safeParse(config);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
      throw new Error(`[bigcommerce] invalid plugin config: ${details}`);
    }
  },
};
