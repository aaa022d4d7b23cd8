import { startSandbox, type Sandbox } from '../sandbox';
import { BigCommerceApiError, createBigCommerceClient, ID_LISTING_FIELDS, type BigCommerceClientOptions } from '../../server/src/bigcommerce';

/** The plugin's client talks real HTTP to the sandbox store; nothing is mocked. */
describe('BigCommerce client against the sandbox store', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 1200, seed: 7, rateLimit: false });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  beforeEach(() => {
    sandbox.setFaults({});
    sandbox.setRateLimit(false);
    sandbox.resetStats();
  });

  const client = (options: Partial<BigCommerceClientOptions> = {}) =>
    createBigCommerceClient({
      storeHash: sandbox.storeHash,
      accessToken: sandbox.accessToken,
      apiUrl: sandbox.url,
      retryBaseDelayMs: 20,
      ...options,
    });

  const rejection = async (promise: Promise<unknown>): Promise<BigCommerceApiError> => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(BigCommerceApiError);
      return error as BigCommerceApiError;
    }
    throw new Error('expected the call to fail');
  };

  describe('pagination', () => {
    it('streams all 1,200 products in pages of 250 with one request per page', async () => {
      const ids: number[] = [];
      const pageSizes: number[] = [];
      for await (const page of client().catalog.productPages({ includeFields: ['name'] })) {
        pageSizes.push(page.items.length);
        ids.push(...page.items.map((product) => product.id));
        expect(page.pagination.total).toBe(1200);
      }
      expect(pageSizes).toEqual([250, 250, 250, 250, 200]);
      expect(new Set(ids).size).toBe(1200);
      expect(sandbox.stats().requests).toBe(5);
    });

    it('can start from a later page (resume from a checkpoint)', async () => {
      const pages = [];
      for await (const page of client().catalog.productPages({ includeFields: ID_LISTING_FIELDS }, { startPage: 4 })) pages.push(page);
      expect(pages.map((page) => page.pagination.current_page)).toEqual([4, 5]);
    });

    it('caps pages at 10 when options are included, as BigCommerce does', async () => {
      const iterator = client().catalog.productPages({ include: ['options'] });
      const first = await iterator.next();
      await iterator.return(undefined);
      expect(first.done).toBe(false);
      expect(first.value?.items).toHaveLength(10);
    });
  });

  describe('rate-limit pacing', () => {
    it('makes 400 requests at a 150-per-window quota without a single 429', async () => {
      sandbox.setRateLimit({ quota: 150, windowMs: 3000 });
      const c = client();
      const started = Date.now();
      // Four callers at once, as a sync with parallel reads would.
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          for (let i = 0; i < 100; i += 1) await c.store.time();
        })
      );
      const stats = sandbox.stats();
      expect(stats.requests).toBe(400);
      expect(stats.throttled).toBe(0);
      // 400 requests at 150 per 3 s cannot finish before two windows have reset.
      expect(Date.now() - started).toBeGreaterThanOrEqual(6000);
    });

    it('without pacing the same load is throttled, which is what pacing avoids', async () => {
      sandbox.setRateLimit({ quota: 50, windowMs: 3000 });
      // No waiting either: 429s are waited out for rateLimitMaxWaitMs whatever `retries` says.
      const c = client({ pacing: false, retries: 0, rateLimitMaxWaitMs: 0 });
      const results = await Promise.allSettled(Array.from({ length: 80 }, () => c.store.time()));
      expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
      expect(sandbox.stats().throttled).toBeGreaterThan(0);
    });
  });

  describe('retries', () => {
    it('rides out a 429 storm, waiting for the window reset each time', async () => {
      sandbox.setFaults({ storm429: 3 });
      const info = await client().store.information();
      expect(info.name).toBeTruthy();
      expect(sandbox.stats().requests).toBe(4);
    });

    it('answers a shopper at once when a 429 asks for a longer wait than maxRetryWaitMs; a background job waits it out', async () => {
      const c = client({ maxRetryWaitMs: 10 });
      sandbox.setFaults({ storm429: 1 });
      const error = await rejection(c.store.information());
      expect(error.status).toBe(429);
      expect(sandbox.stats().requests).toBe(1);
      sandbox.setFaults({ storm429: 1 });
      const info = await c.forClass('background').store.information();
      expect(info.name).toBeTruthy();
      expect(sandbox.stats().requests).toBe(3);
    });

    it('waits out a storm of 40 429s, far past the attempt limit: rate limits are bounded by time, not attempts', async () => {
      sandbox.setFaults({ storm429: 40 });
      const c = client({ retries: 2 });
      const info = await c.store.information();
      expect(info.name).toBeTruthy();
      expect(sandbox.stats().requests).toBe(41);
      expect(c.transport.stats.throttled).toBe(40);
      // The background class (the webhook worker) waits the same way.
      sandbox.setFaults({ storm429: 10 });
      expect((await c.forClass('background').catalog.getProduct(1)).id).toBe(1);
    });

    it('gives up on a 429 storm once rateLimitMaxWaitMs is spent, and 5xx keep their attempt limit beside it', async () => {
      // Each 429 of the storm asks for a 200 ms wait: a 500 ms budget covers two of them, not a third.
      sandbox.setFaults({ storm429: 40 });
      const error = await rejection(client({ rateLimitMaxWaitMs: 500 }).store.information());
      expect(error.status).toBe(429);
      expect(error.attempts).toBe(3);
      // Throttling spends no attempts: two 429s and then two 5xx still fit in retries: 2.
      sandbox.setFaults({ storm429: 2, burst5xx: 2 });
      const product = await client({ retries: 2 }).catalog.getProduct(1);
      expect(product.id).toBe(1);
      expect(sandbox.stats().requests).toBe(3 + 5);
    });

    it('retries a burst of 5xx on a safe request and succeeds', async () => {
      sandbox.setFaults({ burst5xx: 3 });
      const product = await client().catalog.getProduct(1);
      expect(product.id).toBe(1);
      expect(sandbox.stats().requests).toBe(4);
    });

    it('gives up after the retry budget with a typed, retryable error', async () => {
      sandbox.setFaults({ burst5xx: 10 });
      const error = await rejection(client({ retries: 2 }).catalog.getProduct(1));
      expect(error.status).toBeGreaterThanOrEqual(500);
      expect(error.retryable).toBe(true);
      expect(error.attempts).toBe(3);
      expect(sandbox.stats().requests).toBe(3);
    });

    it('does not repeat a POST after a 5xx: it may have been applied', async () => {
      sandbox.setFaults({ burst5xx: 1 });
      const error = await rejection(client().channels.create({ name: 'no-retry', type: 'storefront', platform: 'custom' }));
      expect(error.status).toBeGreaterThanOrEqual(500);
      expect(error.attempts).toBe(1);
      expect(sandbox.stats().requests).toBe(1);
    });

    it('retries dropped connections on safe requests, then reports a network error', async () => {
      sandbox.setFaults({ dropRate: 1 });
      const error = await rejection(client({ retries: 2 }).catalog.getProduct(1));
      expect(error.kind).toBe('network');
      expect(error.attempts).toBe(3);
    });

    it('times out a hanging request and retries it within the budget', async () => {
      sandbox.setFaults({ hangMs: 3000 });
      const started = Date.now();
      const error = await rejection(client({ timeoutMs: 200, retries: 1 }).store.information());
      expect(error.kind).toBe('timeout');
      expect(error.attempts).toBe(2);
      expect(Date.now() - started).toBeLessThan(2500);
    });
  });

  describe('errors', () => {
    it('surfaces a 404 at once as a typed, non-retryable error with BigCommerce’s title', async () => {
      const error = await rejection(client().catalog.getProduct(999_999));
      expect(error).toMatchObject({ kind: 'http', status: 404, retryable: false, attempts: 1 });
      expect(error.title).toBeTruthy();
      expect(sandbox.stats().requests).toBe(1);
    });

    it('reports a 422 with the fields BigCommerce names', async () => {
      const error = await rejection(client().channels.create({ name: 'Not a valid name!', type: 'storefront', platform: 'custom' }));
      expect(error.status).toBe(422);
      expect(error.retryable).toBe(false);
    });

    it('reports a bad token as 401 without retrying, and never puts the token in the error', async () => {
      const error = await rejection(client({ accessToken: 'wrong-token-123' }).store.information());
      expect(error.status).toBe(401);
      expect(error.isAuthError).toBe(true);
      expect(error.attempts).toBe(1);
      expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('wrong-token-123');
    });
  });

  describe('scope probes', () => {
    it('finds every scope of a full-access token', async () => {
      const checks = await client().probeScopes();
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((check) => check.status === 'granted')).toBe(true);
    });
  });
});

describe('scope probes with a limited token', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      products: 10,
      rateLimit: false,
      accessTokens: { 'info-only': ['store_v2_information_read_only', 'store_channel_settings_read_only'] },
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('reports the scopes the token lacks, with no write to the store', async () => {
    const c = createBigCommerceClient({ storeHash: sandbox.storeHash, accessToken: 'info-only', apiUrl: sandbox.url });
    const store = sandbox.catalog.store;
    const counts = () => [store.channels.channels.size, store.customers.customers.size, store.version];
    const before = counts();
    const checks = await c.probeScopes();
    const status = Object.fromEntries(checks.map((check) => [check.scope, check.status]));
    expect(status).toMatchObject({
      store_v2_information_read_only: 'granted',
      // Channels are created by the plugin: read-only is not enough.
      store_channel_settings: 'missing',
      store_v2_products_read_only: 'missing',
      store_sites: 'missing',
    });
    // The modify probes are writes with invalid bodies: refused, nothing created.
    expect(counts()).toEqual(before);
  });
});
