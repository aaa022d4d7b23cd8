// The BigCommerce sandbox store: a local HTTP server that answers the BigCommerce endpoints the
// plugin uses, the way BigCommerce does (see docs/architecture.md, "The BigCommerce sandbox store").
//
//   const sb = await startSandbox({ products: 500 });
//   axios.get(`${sb.apiBase}/v3/catalog/products`, { headers: { 'X-Auth-Token': sb.accessToken } });
//   await sb.close();
//
// Besides the catalog it serves the storefront APIs (carts, checkouts, orders, payments,
// customers, wishlists, abandoned carts, storefront tokens), the payments host
// (`POST ${sb.paymentsBase}/payments`) and a storefront origin at sb.url (`/login/token/{jwt}`,
// `/cart.php`, `/account.php`) and, with imageHost, the store's images (`/s-{hash}/images/stencil/...`).
// Seeded shoppers: shopper1..4@example.com, password SEED_PASSWORD.
import type { AddressInfo } from 'node:net';
import { TokenStore } from './auth';
import { Faults, type FaultOptions } from './faults';
import { RateLimiter, type RateLimitConfig } from './rate-limit';
import { newStats, resetStats, type Runtime, type Stats } from './runtime';
import { apiRoutes, buildServer } from './server';
import { ShopState } from './shop';
import { SandboxState } from './state';
import { SandboxStore } from './store';
import type { CredentialLimit } from './store/customers';
import type { LoginRecord, WebhookDelivery } from './types';
import { WebhookDispatcher, type WebhookSettings } from './webhooks';

export type { FaultOptions } from './faults';
export type { RateLimitConfig } from './rate-limit';
export type { WebhookSettings } from './webhooks';
export type { CatalogEvent } from './store';
export { SandboxState } from './state';
export { ShopState, DECLINED_CARDS, PAYMENT_METHOD_ID } from './shop';
export { SEED_CUSTOMERS, SEED_PASSWORD, type CredentialLimit } from './store/customers';
export type * from './types';

export interface SandboxOptions {
  /** 0 = ephemeral port (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'sandbox1'. */
  storeHash?: string;
  /** Catalog size, default 100. */
  products?: number;
  /** Default 1; the same seed and size give a byte-identical catalog. */
  seed?: number;
  /** token -> OAuth scopes ('*' = every scope). Default { 'sandbox-token': '*' }. */
  accessTokens?: Record<string, string[] | '*'>;
  /** Default { quota: 150, windowMs: 30000 } (Standard plan); false disables. */
  rateLimit?: RateLimitConfig | false;
  faults?: FaultOptions;
  /** Default 'sandbox-client-id' (the client_id on webhooks; the `iss` of Customer Login JWTs). */
  clientId?: string;
  /** The API account's client secret, which signs Customer Login JWTs (HS256). Default 'sandbox-client-secret'. */
  clientSecret?: string;
  /** Abuse limit of validate-credentials and v2 validate, per email address. Default 10 per 60 s; false disables. */
  credentialRateLimit?: CredentialLimit | false;
  /** Retry, backoff, deactivation and host allow-list of webhook deliveries. */
  webhooks?: WebhookSettings;
  /**
   * Serve the store's images: product image URLs, channel icons and the cart's default image point at
   * the sandbox's own origin (same paths as the CDN), which draws an SVG tile for each. Default false:
   * they point at BigCommerce's CDN (https://cdn11.bigcommerce.com), as a real store's do.
   */
  imageHost?: boolean;
}

export type SandboxStats = Stats;

export interface Sandbox {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  storeHash: string;
  /** `${url}/stores/${storeHash}`; clients append /v3 or /v2. */
  apiBase: string;
  /** The first configured token. */
  accessToken: string;
  /** Replaces the fault options. */
  setFaults(f: FaultOptions): void;
  setRateLimit(r: RateLimitConfig | false): void;
  /** Counts API requests only (not the control plane). */
  stats(): SandboxStats;
  resetStats(): void;
  /** The live store state: read or change products, categories, brands, channels, sites, hooks. */
  catalog: SandboxState;
  /** Every webhook delivery attempt so far. */
  deliveries(): WebhookDelivery[];
  /** Waits until every webhook delivery started so far (with retries) has finished. */
  flushWebhooks(): Promise<void>;
  /** Adds or replaces an access token at run time. */
  setToken(token: string, scopes: string[] | '*'): void;
  close(): Promise<void>;
  /** The storefront side: customers, carts, checkouts, orders, payments, wishlists, tokens, sessions. */
  shop: ShopState;
  /** Every visit of /login/token/{jwt} so far (successful or not, with the reason). */
  logins(): LoginRecord[];
  /** The storefront origin the sandbox serves (same as url): /login/token/{jwt}, /cart.php, /account.php. */
  storefrontUrl: string;
  /** Stands in for https://payments.bigcommerce.com/stores/{hash}; POST `${paymentsBase}/payments`. */
  paymentsBase: string;
  /** Where the store's images are: the sandbox's origin with imageHost, else BigCommerce's CDN. */
  imageOrigin: string;
  clientId: string;
  clientSecret: string;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const storeHash = opts.storeHash ?? 'sandbox1';
  const seed = opts.seed ?? 1;
  const products = opts.products ?? 100;
  if (!Number.isInteger(products) || products < 0) throw new RangeError('products must be a non-negative integer');
  const clientId = opts.clientId ?? 'sandbox-client-id';
  const clientSecret = opts.clientSecret ?? 'sandbox-client-secret';
  const store = new SandboxStore({ storeHash, seed, products, clientId, clientSecret, credentialLimit: opts.credentialRateLimit });
  const tokens = new TokenStore(opts.accessTokens ?? { 'sandbox-token': '*' });
  const webhooks = new WebhookDispatcher(store, opts.webhooks);
  store.onEvent = (e) => webhooks.emit(e);
  let url = '';
  const rt: Runtime = {
    store,
    tokens,
    faults: new Faults(seed, opts.faults),
    limiter: new RateLimiter(opts.rateLimit === undefined ? { quota: 150, windowMs: 30_000 } : opts.rateLimit),
    paymentsLimiter: new RateLimiter(opts.rateLimit === false ? false : { quota: 50, windowMs: 4_000 }),
    webhooks,
    stats: newStats(),
    info: () => ({
      url,
      storeHash,
      apiBase: `${url}/stores/${storeHash}`,
      accessToken: tokens.first(),
      storefrontUrl: url,
      paymentsBase: `${url}/stores/${storeHash}`,
      imageOrigin: store.imageOrigin,
      clientId,
      products: store.catalog.products.size,
      seed,
      rateLimit: rt.limiter.get(),
    }),
  };
  const app = buildServer(rt);
  await Promise.all([app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' }), store.ready]);
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  url = `http://${host}:${addr.port}`;
  store.origin = url;
  if (opts.imageHost) store.hostImages(url);
  let closed: Promise<void> | undefined;
  return {
    url,
    storeHash,
    apiBase: `${url}/stores/${storeHash}`,
    accessToken: tokens.first(),
    setFaults: (f) => rt.faults.set(f),
    setRateLimit: (r) => rt.limiter.set(r),
    stats: () => ({ ...rt.stats, byRoute: { ...rt.stats.byRoute } }),
    resetStats: () => resetStats(rt.stats),
    catalog: new SandboxState(store),
    deliveries: () => webhooks.deliveries(),
    flushWebhooks: () => webhooks.flush(),
    setToken: (t, s) => tokens.set(t, s),
    shop: new ShopState(store),
    logins: () => [...store.logins.logins],
    storefrontUrl: url,
    paymentsBase: `${url}/stores/${storeHash}`,
    imageOrigin: store.imageOrigin,
    clientId,
    clientSecret,
    close: () =>
      (closed ??= (async () => {
        await webhooks.close();
        await app.close();
      })()),
  };
}

/** Method and path template (from /v3 or /v2) of every BigCommerce endpoint the sandbox serves. */
export function sandboxEndpoints(): Array<{ method: string; url: string }> {
  const store = new SandboxStore({ storeHash: 'endpoints', seed: 1, products: 0, clientId: 'endpoints', clientSecret: 'endpoints' });
  return apiRoutes({ store }).map((d) => ({ method: d.method, url: d.url }));
}
