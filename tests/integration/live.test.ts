import type { LiveService } from '../../server/src/services/live';
import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { cartItem } from '../helpers/storefront';
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

  it('answers GraphQL product queries with live figures when they ask (live: true), as REST', async () => {
    const synced = (await read()).body.data.price as number;
    sandbox.catalog.updateProduct(id, { price: synced + 7 });
    app.strapi.plugin('bigcommerce').service('live').clear();
    const gql = async (args: string) => {
      const res = await app
        .http()
        .post('/graphql')
        .send({
          query: `{ one: bigcommerceProduct(slug: "${slug}"${args}) { price } list: bigcommerceProducts(sort: "name", pageSize: 1${args}) { nodes { bigcommerceId price } } }`,
        })
        .expect(200);
      expect(res.body.errors).toBeUndefined();
      return res.body.data as { one: { price: number }; list: { nodes: { bigcommerceId: number; price: number }[] } };
    };
    const plain = await gql('');
    expect(plain.one.price).toBe(synced);
    const live = await gql(', live: true');
    expect(live.one.price).toBe(synced + 7);
    expect(live.list.nodes.find((node) => node.bigcommerceId === id)?.price).toBe(synced + 7);
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

  const liveService = () => app.strapi.plugin('bigcommerce').service('live') as unknown as LiveService;
  const liveCalls = () => sandbox.stats().byRoute['GET /v3/catalog/products'] ?? 0;

  it('lets concurrent requests for the same product share one BigCommerce call', async () => {
    liveService().clear();
    // BigCommerce answers slowly, so that every request arrives while the first call is in flight.
    sandbox.setFaults({ latencyMs: 300 });
    sandbox.resetStats();
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => read('?live=true')));
      // Those that arrive while the call is in flight share it; on a loaded machine a late one is served by the
      // cache that call filled. Either way BigCommerce is asked once.
      for (const res of answers) expect(res.status).toBe(200);
      const sources = answers.map((res) => (res.body.data.live as { source: string }).source);
      expect(sources.filter((source) => source !== 'live' && source !== 'cache')).toEqual([]);
      expect(sources.filter((source) => source === 'live').length).toBeGreaterThan(1);
      expect(liveCalls()).toBe(1);
    } finally {
      sandbox.setFaults({});
    }
  });

  it('makes one call for a miss of products [a, b] and a request for [b] alone that arrives meanwhile', async () => {
    const list = await app.http().get('/api/bigcommerce/products?pageSize=2&sort=name').expect(200);
    const [a, b] = list.body.data.map((product: { bigcommerceId: number }) => product.bigcommerceId) as number[];
    liveService().clear();
    sandbox.resetStats();
    const both = liveService().fetch([a, b]);
    const justB = liveService().fetch([b]);
    const [first, second] = await Promise.all([both, justB]);
    expect(first.sources.get(a)).toBe('live');
    expect(second.sources.get(b)).toBe('live');
    expect(second.values.get(b)?.price).toBe(sandbox.catalog.product(b).price);
    expect(liveCalls()).toBe(1);
  });

  it('keeps a flood of anonymous live reads within its budget: no 429, reads labelled synced once it is spent, shoppers served', async () => {
    liveService().clear();
    // BigCommerce's quota in miniature, in a window that outlasts the test: the live budget is 20 % of it.
    const quota = 60;
    const budget = Math.floor(quota * 0.2);
    sandbox.setRateLimit({ quota, windowMs: 120_000 });
    sandbox.resetStats();
    const sellable = [...sandbox.catalog.products.values()].find((p) => p.channels.includes(1) && p.is_visible && p.inventory_tracking === 'none')!;
    const product = { bigcommerceId: sellable.id, variantId: sandbox.catalog.variantsOf(sellable).find((v) => !v.purchasing_disabled)!.id };
    try {
      const total = (await app.http().get('/api/bigcommerce/products?pageSize=1').expect(200)).body.meta.pagination.total as number;
      expect(total).toBeGreaterThan(4 * budget);
      let next = 1;
      const answers: Awaited<ReturnType<typeof read>>[] = [];
      let floodUnderWay!: () => void;
      const underWay = new Promise<void>((resolve) => (floodUnderWay = resolve));
      const worker = async () => {
        while (next <= total) {
          const page = next++;
          answers.push(await app.http().get(`/api/bigcommerce/products?live=true&pageSize=1&page=${page}`));
          if (answers.length === 10) floodUnderWay();
        }
      };
      const shopper = async () => {
        await underWay;
        const created = await app
          .http()
          .post('/api/bigcommerce/cart')
          .send({ lineItems: [cartItem(product)] });
        const added = await app
          .http()
          .post('/api/bigcommerce/cart/items')
          .set('x-bigcommerce-cart', created.body.meta?.cartToken ?? '')
          .send({ lineItems: [cartItem(product)] });
        return { created, added, during: next <= total };
      };
      const [, cart] = await Promise.all([Promise.all(Array.from({ length: 10 }, worker)), shopper()]);

      expect(answers).toHaveLength(total);
      expect(answers.filter((res) => res.status !== 200).map((res) => res.status)).toEqual([]);
      expect(sandbox.stats().throttled).toBe(0);
      expect(liveCalls()).toBeGreaterThan(0);
      expect(liveCalls()).toBeLessThanOrEqual(budget);
      const sources = answers.map((res) => res.body.data[0].live.source as string);
      expect(sources.filter((source) => source === 'live').length).toBe(liveCalls());
      const spent = answers.filter((res) => res.body.meta.live.error === 'live budget spent');
      expect(spent.length).toBeGreaterThan(0);
      for (const res of spent) expect(res.body.data[0].live).toEqual({ source: 'synced' });
      // The shopper's cart went through during the flood.
      expect(cart.during).toBe(true);
      expect(cart.created.status).toBe(201);
      expect(cart.added.status).toBe(200);
    } finally {
      sandbox.setRateLimit(false);
    }
  });
});
