// Authentication, OAuth scopes, rate limiting, injected faults, stats and the control plane.
import { startSandbox, type Sandbox } from '../sandbox';
import { call, control, describeIfSpecs, expectContract, specIndex } from './support';

const RATE_HEADERS = ['x-rate-limit-requests-left', 'x-rate-limit-requests-quota', 'x-rate-limit-time-window-ms', 'x-rate-limit-time-reset-ms'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeIfSpecs('sandbox platform behaviour', () => {
  let sb: Sandbox;

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({
      products: 40,
      rateLimit: false,
      accessTokens: {
        'sandbox-token': '*',
        'products-ro': ['store_v2_products_read_only'],
        'channels-only': ['store_channel_settings'],
        'info-ro': ['store_v2_information_read_only'],
      },
    });
  });

  afterAll(async () => {
    await sb?.close();
  });

  beforeEach(() => {
    sb.setFaults({});
    sb.setRateLimit(false);
    sb.resetStats();
  });

  describe('X-Auth-Token and OAuth scopes', () => {
    it('answers 401 with a BigCommerce error body without a token or with an unknown one', async () => {
      for (const token of [null, 'nope']) {
        const res = await call(sb, 'GET', '/v3/catalog/products', { token });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ status: 401, title: expect.any(String), type: expect.stringContaining('api-status-codes') });
        expectContract(res, sb);
      }
    });

    it('lets a read-only scope read but not write, and answers 403 for a missing scope', async () => {
      expect((await call(sb, 'GET', '/v3/catalog/products/1', { token: 'products-ro' })).status).toBe(200);
      const write = await call(sb, 'PUT', '/v3/catalog/products/1', { token: 'products-ro', body: { price: 5 } });
      expect(write.status).toBe(403);
      expectContract(write, sb);
      expect(sb.catalog.product(1).price).not.toBe(5);
      expect((await call(sb, 'GET', '/v3/catalog/products', { token: 'channels-only' })).status).toBe(403);
      expect((await call(sb, 'GET', '/v3/channels', { token: 'channels-only' })).status).toBe(200);
      expect((await call(sb, 'GET', '/v3/channels/1/listings', { token: 'channels-only' })).status).toBe(403);
      expect((await call(sb, 'GET', '/v3/sites', { token: 'channels-only' })).status).toBe(403);
      expect((await call(sb, 'GET', '/v2/store', { token: 'channels-only' })).status).toBe(403);
      expect((await call(sb, 'GET', '/v2/time', { token: 'info-ro' })).status).toBe(200);
      // Webhooks need no scope beyond a valid token.
      expect((await call(sb, 'GET', '/v3/hooks', { token: 'info-ro' })).status).toBe(200);
    });

    it('accepts tokens added at run time (API and control plane)', async () => {
      expect((await call(sb, 'GET', '/v2/time', { token: 'late' })).status).toBe(401);
      sb.setToken('late', ['store_v2_information']);
      expect((await call(sb, 'GET', '/v2/time', { token: 'late' })).status).toBe(200);
      expect((await control(sb, 'PUT', '/tokens/later', { scopes: ['store_sites_read_only'] })).status).toBe(200);
      expect((await call(sb, 'GET', '/v3/sites', { token: 'later' })).status).toBe(200);
      expect((await call(sb, 'POST', '/v3/sites', { token: 'later', body: { url: 'https://a.example.com', channel_id: 2 } })).status).toBe(403);
      expect((await control(sb, 'DELETE', '/tokens/later')).status).toBe(204);
      expect((await call(sb, 'GET', '/v3/sites', { token: 'later' })).status).toBe(401);
    });
  });

  describe('rate limit', () => {
    it('counts down the quota in a fixed window, answers 429 past it, and recovers after the reset', async () => {
      sb.setRateLimit({ quota: 4, windowMs: 1500 });
      const lefts: string[] = [];
      const resets: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await call(sb, 'GET', '/v3/catalog/brands');
        expect(res.status).toBe(200);
        for (const h of RATE_HEADERS) expect(res.headers[h]).toMatch(/^\d+$/);
        expect(res.headers['x-rate-limit-requests-quota']).toBe('4');
        expect(res.headers['x-rate-limit-time-window-ms']).toBe('1500');
        lefts.push(res.headers['x-rate-limit-requests-left']);
        resets.push(Number(res.headers['x-rate-limit-time-reset-ms']));
      }
      expect(lefts).toEqual(['3', '2', '1', '0']);
      // The window started at the first request, so the reset time only goes down.
      expect([...resets].sort((a, b) => b - a)).toEqual(resets);
      const limited = await call(sb, 'GET', '/v3/catalog/brands');
      expect(limited.status).toBe(429);
      expect(limited.headers['x-rate-limit-requests-left']).toBe('0');
      expect(Number(limited.headers['x-retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['x-rate-limit-time-reset-ms'])).toBeLessThanOrEqual(1500);
      expectContract(limited, sb);
      const v2 = await call(sb, 'GET', '/v2/time');
      expect(v2.status).toBe(429);
      expect(v2.body).toEqual([{ status: 429, message: expect.any(String) }]);
      expect(sb.stats().throttled).toBe(2);
      await sleep(Number(limited.headers['x-rate-limit-time-reset-ms']) + 30);
      const after = await call(sb, 'GET', '/v3/catalog/brands');
      expect(after.status).toBe(200);
      expect(after.headers['x-rate-limit-requests-left']).toBe('3');
    });

    it('does not rate-limit or count the control plane', async () => {
      sb.setRateLimit({ quota: 1, windowMs: 60_000 });
      expect((await call(sb, 'GET', '/v3/catalog/brands')).status).toBe(200);
      expect((await call(sb, 'GET', '/v3/catalog/brands')).status).toBe(429);
      for (let i = 0; i < 5; i++) expect((await control(sb, 'GET', '/stats')).status).toBe(200);
      const stats = (await control(sb, 'GET', '/stats')).body;
      expect(stats).toEqual({ requests: 2, throttled: 1, faulted: 0, byRoute: { 'GET /v3/catalog/brands': 2 }, inFlight: 0, mostInFlight: 1 });
      expect(sb.stats()).toEqual(stats);
      expect((await control(sb, 'PUT', '/rate-limit', { quota: 2, windowMs: 1000 })).body).toEqual({ rateLimit: { quota: 2, windowMs: 1000 } });
      expect((await call(sb, 'GET', '/v3/catalog/brands')).headers['x-rate-limit-requests-left']).toBe('1');
      expect((await control(sb, 'PUT', '/rate-limit', { enabled: false })).body).toEqual({ rateLimit: false });
      expect((await control(sb, 'POST', '/reset-stats')).body).toEqual({ requests: 0, throttled: 0, faulted: 0, byRoute: {}, inFlight: 0, mostInFlight: 0 });
    });

    it('sends the rate-limit headers on error answers too', async () => {
      sb.setRateLimit({ quota: 100, windowMs: 30_000 });
      for (const res of [
        await call(sb, 'GET', '/v3/catalog/products/999999'),
        await call(sb, 'GET', '/v3/nothing-here'),
        await call(sb, 'GET', '/v3/catalog/products', { token: null }),
      ]) {
        for (const h of RATE_HEADERS) expect(res.headers[h]).toBeDefined();
      }
    });
  });

  describe('fault injection', () => {
    it('adds latency to API answers only', async () => {
      // A wide gap between the two, so a busy machine cannot blur it.
      sb.setFaults({ latencyMs: 1500 });
      let t = Date.now();
      expect((await call(sb, 'GET', '/v2/time')).status).toBe(200);
      expect(Date.now() - t).toBeGreaterThanOrEqual(1490);
      t = Date.now();
      await control(sb, 'GET', '/faults');
      expect(Date.now() - t).toBeLessThan(1000);
    });

    it('answers a 429 storm with a short reset, then recovers', async () => {
      sb.setFaults({ storm429: 2 });
      const a = await call(sb, 'GET', '/v3/catalog/brands');
      const b = await call(sb, 'GET', '/v3/catalog/brands');
      expect([a.status, b.status]).toEqual([429, 429]);
      expect(a.headers['x-rate-limit-time-reset-ms']).toBe('200');
      expect(a.headers['x-rate-limit-requests-left']).toBe('0');
      expectContract(a, sb);
      expect((await call(sb, 'GET', '/v3/catalog/brands')).status).toBe(200);
      expect(sb.stats()).toMatchObject({ requests: 3, throttled: 2 });
    });

    it('answers a burst of 5xx with a BigCommerce-like body, and a 100% error rate', async () => {
      sb.setFaults({ burst5xx: 2, errorStatus: 503 });
      const a = await call(sb, 'GET', '/v3/catalog/products');
      expect(a.status).toBe(503);
      expect(a.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expectContract(a, sb);
      expect((await call(sb, 'GET', '/v3/catalog/products')).status).toBe(503);
      expect((await call(sb, 'GET', '/v3/catalog/products')).status).toBe(200);
      sb.setFaults({ errorRate: 1 });
      const e = await call(sb, 'GET', '/v3/catalog/categories');
      expect(e.status).toBe(500);
      expectContract(e, sb);
      sb.setFaults({ errorRate: 0.5 });
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await call(sb, 'GET', '/v2/time')).status);
      expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
    });

    it('drops the connection without an answer', async () => {
      sb.setFaults({ dropRate: 1 });
      await expect(call(sb, 'GET', '/v3/catalog/products')).rejects.toThrow();
      sb.setFaults({});
      expect((await call(sb, 'GET', '/v3/catalog/products')).status).toBe(200);
    });

    it('hangs long enough to trip a client timeout', async () => {
      sb.setFaults({ hangMs: 600 });
      await expect(call(sb, 'GET', '/v2/time', { timeoutMs: 150 })).rejects.toThrow();
    });

    it('takes fault settings from the control plane and rejects nonsense', async () => {
      expect((await control(sb, 'PUT', '/faults', { latencyMs: 1, burst5xx: 1 })).body).toEqual({ latencyMs: 1, burst5xx: 1 });
      expect((await control(sb, 'GET', '/faults')).body).toEqual({ latencyMs: 1, burst5xx: 1 });
      expect((await call(sb, 'GET', '/v2/time')).status).toBe(500);
      expect((await control(sb, 'PUT', '/faults', { errorRate: 2 })).status).toBe(400);
      expect((await control(sb, 'PUT', '/faults', { errorStatus: 404 })).status).toBe(400);
      expect((await control(sb, 'PUT', '/faults', {})).body).toEqual({});
    });
  });

  describe('control plane catalog mutations', () => {
    it('changes products like the API does: price, date_modified, create and delete', async () => {
      const before = sb.catalog.product(3).date_modified;
      const patched = await control(sb, 'PATCH', '/products/3', { price: 77.5, name: 'Patched product 3' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id: 3, price: 77.5, name: 'Patched product 3' });
      expect(patched.body.date_modified > before).toBe(true);
      const viaApi = await call(sb, 'GET', '/v3/catalog/products/3');
      expect(viaApi.body.data).toMatchObject({ price: 77.5, name: 'Patched product 3', date_modified: patched.body.date_modified });
      expect((await control(sb, 'PATCH', '/products/3', { price: 'free' })).status).toBe(422);
      const created = await control(sb, 'POST', '/products', { name: 'Control plane product', type: 'digital', weight: 0, price: 5 });
      expect(created.status).toBe(201);
      expect((await call(sb, 'GET', `/v3/catalog/products/${created.body.id}`)).status).toBe(200);
      expect((await control(sb, 'DELETE', `/products/${created.body.id}`)).status).toBe(204);
      expect((await control(sb, 'DELETE', `/products/${created.body.id}`)).status).toBe(404);
      expect((await call(sb, 'GET', `/v3/catalog/products/${created.body.id}`)).status).toBe(404);
    });

    it('moves products between channels and patches variants', async () => {
      const res = await control(sb, 'PATCH', '/products/4', { channels: [2] });
      expect(res.body.channels).toEqual([2]);
      const onOne = await call(sb, 'GET', '/v3/catalog/products?channel_id:in=1&include_fields=is_visible&limit=250');
      expect(onOne.body.data.map((p: { id: number }) => p.id)).not.toContain(4);
      const core = [...sb.catalog.products.values()].find((p) => sb.catalog.variantCount(p) > 1);
      if (!core) throw new Error('no product with variants');
      const v = sb.catalog.detailsOf(core).variants[1];
      const patched = await control(sb, 'PATCH', `/variants/${v.id}`, { price: 12.34 });
      expect(patched.body).toMatchObject({ id: v.id, price: 12.34, calculated_price: 12.34 });
      expect((await control(sb, 'PATCH', '/variants/99999999', { price: 1 })).status).toBe(404);
    });

    it('creates, updates and deletes categories and brands', async () => {
      const cat = await control(sb, 'POST', '/categories', { name: 'Control Cat', parent_id: 0 });
      expect(cat.status).toBe(201);
      expect((await control(sb, 'PATCH', `/categories/${cat.body.id}`, { name: 'Control Cat 2' })).body.name).toBe('Control Cat 2');
      expect((await call(sb, 'GET', `/v3/catalog/categories/${cat.body.id}`)).body.data.name).toBe('Control Cat 2');
      expect((await control(sb, 'DELETE', `/categories/${cat.body.id}`)).status).toBe(204);
      const brand = await control(sb, 'POST', '/brands', { name: 'Control Brand' });
      expect(brand.status).toBe(201);
      expect((await control(sb, 'PATCH', `/brands/${brand.body.id}`, { page_title: 'T' })).body.page_title).toBe('T');
      expect((await control(sb, 'DELETE', `/brands/${brand.body.id}`)).status).toBe(204);
      expect((await call(sb, 'GET', `/v3/catalog/brands/${brand.body.id}`)).status).toBe(404);
    });

    it('reports its own address and health', async () => {
      expect((await control(sb, 'GET', '/health')).body).toEqual({ ok: true });
      expect((await control(sb, 'GET', '/info')).body).toMatchObject({ url: sb.url, apiBase: sb.apiBase, storeHash: 'sandbox1', accessToken: 'sandbox-token' });
    });
  });
});
