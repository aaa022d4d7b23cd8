import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

describe('live price and inventory on the read API', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let slug: string;
  let id: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 120, seed: 9, rateLimit: false });
    app = await bootStrapi({
      env: sandboxEnv(sandbox),
    });
    expect((await sync(app.strapi, 'full')).status).toBe('succeeded');
    const list = await app.http().get('/api/bigcommerce/products?pageSize=1&sort=name').expect(200);
    ({ slug, bigcommerceId: id } = list.body.data[0]);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const read = (query = '') => app.http().get(`/api/bigcommerce/products/${slug}${query}`);

  it('answers with BigCommerce’s current figures when asked, and says so', async () => {
    const res = await read('?live=true').expect(200);
    expect(res.body.data.live).toEqual({ source: 'live' });
    expect(res.body.data.price).toBe(sandbox.catalog.product(id).price);
    expect(res.body.meta.live).toEqual({ error: null });
    // Without the flag: the synced record, with no live marker.
    const plain = await read().expect(200);
    expect(plain.body.data.live).toBeUndefined();
  });

  it('reuses a fresh value from its cache, until a webhook invalidates it', async () => {
    const synced = (await read()).body.data.price as number;
    sandbox.catalog.updateProduct(id, { price: synced + 100 });
    const cached = await read('?live=true').expect(200);
    expect(cached.body.data.live.source).toBe('cache');
    expect(cached.body.data.price).toBe(synced);
    app.strapi.plugin('bigcommerce').service('live').invalidate({ type: 'product', id });
    const fresh = await read('?live=true').expect(200);
    expect(fresh.body.data.live.source).toBe('live');
    expect(fresh.body.data.price).toBe(synced + 100);
    // The synced record is untouched until a sync or a webhook writes it.
    expect((await read()).body.data.price).toBe(synced);
  });

  it('falls back to the synced values, labelled, when BigCommerce fails — quickly and without an error status', async () => {
    app.strapi.plugin('bigcommerce').service('live').clear();
    sandbox.setFaults({ errorRate: 1 });
    const started = Date.now();
    const res = await read('?live=true').expect(200);
    sandbox.setFaults({});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.body.data.live).toEqual({ source: 'synced' });
    expect(res.body.meta.live.error).toMatch(/BigCommerce/);
    expect(res.body.data.price).toBe((await read()).body.data.price);
  });

  it('overlays a whole page of a listing in one request to BigCommerce', async () => {
    app.strapi.plugin('bigcommerce').service('live').clear();
    sandbox.resetStats();
    const res = await app.http().get('/api/bigcommerce/products?pageSize=20&live=true').expect(200);
    expect(res.body.data).toHaveLength(20);
    expect(res.body.data.every((product: { live: { source: string } }) => product.live.source === 'live')).toBe(true);
    expect(sandbox.stats().byRoute['GET /v3/catalog/products']).toBe(1);
  });

  it('rejects a bad live flag with a 400', async () => {
    const res = await read('?live=maybe');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/live/);
  });
});
