import request from 'supertest';

import { SEED_CUSTOMERS, SEED_PASSWORD, startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { storefrontEnv } from '../helpers/storefront';
import { bootStrapi, registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

const SESSION = 'x-bigcommerce-session';
const PRICING_CALLS = 'POST /v3/pricing/products';
const round2 = (n: number) => Math.round(n * 100) / 100;

describe("the shopper's own price (customer group, currency) on the read API and GraphQL", () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;
  let wholesale: string; // shopper2's session (customer group 1, Wholesale)
  let retail: string; // shopper1's session (no group)
  /** A simple product of channel 1 (one variant, no stock limit) with a Wholesale record in USD only. */
  let pid: number;
  let variant: number;
  let slug: string;
  let catalogPrice: number;

  const bc = () => ({ 'X-Auth-Token': sandbox.accessToken });
  const record = async (variantId: number) =>
    (await request(sandbox.apiBase).get(`/v3/pricelists/1/records/${variantId}/USD`).set(bc()).expect(200)).body.data as { price: number; sale_price?: number };
  const pricingCalls = () => sandbox.stats().byRoute[PRICING_CALLS] ?? 0;
  const login = async (email: string) =>
    (await app.http().post('/api/bigcommerce/customers/login').send({ email, password: SEED_PASSWORD }).expect(200)).body.meta.session as string;
  const reset = () => app.strapi.plugin('bigcommerce').service('pricing').clear();

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 80, seed: 4, rateLimit: false });
    app = await bootStrapi({ listen: true, env: storefrontEnv(sandbox) });
    admin = await registerSuperAdmin(app);
    const auth = { Authorization: `Bearer ${admin.token}` };
    await app
      .http()
      .put('/bigcommerce/settings')
      .set(auth)
      .send({ webhookUrl: `${app.url}/api/bigcommerce/webhooks` })
      .expect(200);
    await app.http().post('/bigcommerce/webhooks/register').set(auth).expect(200);
    expect((await sync(app.strapi, 'full')).status).toBe('succeeded');
    const core = [...sandbox.catalog.products.values()].find(
      (p) => p.id <= 40 && p.id % 3 !== 0 && p.channels.includes(1) && p.is_visible && p.inventory_tracking === 'none' && sandbox.catalog.variantCount(p) === 1
    );
    if (!core) throw new Error('the seed lacks a simple wholesale-priced product of channel 1');
    pid = core.id;
    variant = sandbox.catalog.variantsOf(core)[0].id;
    catalogPrice = sandbox.catalog.variantsOf(core)[0].calculated_price;
    const found = (await app.http().get(`/api/bigcommerce/products?pageSize=100&sort=name`).expect(200)).body.data.find(
      (p: { bigcommerceId: number }) => p.bigcommerceId === pid
    );
    slug = found.slug;
    // shopper2 (Wholesale) is seeded on channel 2 only; this Strapi signs shoppers in on channel 1.
    const shopper2 = (await request(sandbox.apiBase).get(`/v3/customers?email:in=${SEED_CUSTOMERS[1].email}`).set(bc()).expect(200)).body.data[0];
    expect(shopper2.customer_group_id).toBe(1);
    await request(sandbox.apiBase)
      .put('/v3/customers')
      .set(bc())
      .send([{ id: shopper2.id, channel_ids: [1, 2] }])
      .expect(200);
    wholesale = await login(SEED_CUSTOMERS[1].email);
    retail = await login(SEED_CUSTOMERS[0].email);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  /** The listing page holding the product (all of channel 1 fits in pageSize 100), as a shopper sees it. */
  const listed = async (session?: string, query = '') => {
    const req = app.http().get(`/api/bigcommerce/products?pageSize=100&sort=name${query}`);
    if (session) req.set(SESSION, session);
    const res = await req.expect(200);
    return { item: res.body.data.find((p: { bigcommerceId: number }) => p.bigcommerceId === pid), meta: res.body.meta, all: res.body.data };
  };

  it('gives a guest asking no currency exactly the synced answer, with no BigCommerce call', async () => {
    sandbox.resetStats();
    const { item, meta } = await listed();
    expect(item.calculatedPrice).toBe(catalogPrice);
    expect(item.pricing).toBeUndefined();
    expect(meta.pricing).toBeUndefined();
    expect(sandbox.stats().requests).toBe(0);
  });

  it('gives the wholesale shopper the Wholesale price on the listing (one pricing call for the page), the product page and GraphQL', async () => {
    reset();
    const { price } = await record(variant);
    expect(price).toBeLessThan(catalogPrice);
    sandbox.resetStats();
    const { item, meta, all } = await listed(wholesale);
    expect(all.length).toBeGreaterThan(10);
    expect(pricingCalls()).toBe(1);
    expect(item).toMatchObject({ price, calculatedPrice: price, pricing: { currency: 'USD', customerGroupId: 1, source: 'bigcommerce' } });
    expect(meta.pricing).toEqual({ currency: 'USD', customerGroupId: 1, source: 'bigcommerce', error: null });
    // Warm: the same page again is answered from the cache, without a call.
    const again = await listed(wholesale);
    expect(pricingCalls()).toBe(1);
    expect(again.meta.pricing.source).toBe('cache');
    expect(again.item.calculatedPrice).toBe(price);

    const page = await app.http().get(`/api/bigcommerce/products/${slug}`).set(SESSION, wholesale).expect(200);
    expect(page.body.data).toMatchObject({ calculatedPrice: price, pricing: { customerGroupId: 1 } });
    expect(page.body.data.variants[0]).toMatchObject({ id: variant, calculatedPrice: price });

    const gql = await app
      .http()
      .post('/graphql')
      .set(SESSION, wholesale)
      .send({
        query: `{ one: bigcommerceProduct(slug: "${slug}") { calculatedPrice pricing { currency customerGroupId source } }
                 list: bigcommerceProducts(sort: "name", pageSize: 100) { nodes { bigcommerceId calculatedPrice } pricing { customerGroupId } } }`,
      })
      .expect(200);
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.one).toMatchObject({ calculatedPrice: price, pricing: { currency: 'USD', customerGroupId: 1 } });
    expect(gql.body.data.list.nodes.find((node: { bigcommerceId: number }) => node.bigcommerceId === pid).calculatedPrice).toBe(price);
    expect(gql.body.data.list.pricing).toEqual({ customerGroupId: 1 });

    // shopper1 has no group: the catalog price, read from BigCommerce.
    expect((await listed(retail)).item).toMatchObject({ calculatedPrice: catalogPrice, pricing: { customerGroupId: 0 } });
    // A guest still gets the catalog price.
    expect((await listed()).item.calculatedPrice).toBe(catalogPrice);
  });

  it('converts to a currency the channel offers, and names one it does not offer in a 400', async () => {
    const { price } = await record(variant);
    const eur = await listed(wholesale, '&currency=eur');
    expect(eur.item).toMatchObject({ calculatedPrice: round2(price * 0.92), pricing: { currency: 'EUR', customerGroupId: 1 } });
    const guest = await listed(undefined, '&currency=EUR');
    expect(guest.item).toMatchObject({ calculatedPrice: round2(catalogPrice * 0.92), pricing: { currency: 'EUR', customerGroupId: 0 } });
    const bad = await app.http().get('/api/bigcommerce/products?currency=GBP').expect(400);
    expect(bad.body.error.message).toContain('"GBP"');
    expect(bad.body.error.details.errors[0].path).toEqual(['currency']);
    const gqlBad = await app.http().post('/graphql').send({ query: '{ bigcommerceProducts(currency: "JPY") { nodes { documentId } } }' });
    expect(gqlBad.body.errors[0].message).toContain('"JPY"');
    // Channel 2 offers USD only.
    const two = await app.http().get('/api/bigcommerce/products?channel=2&currency=EUR').expect(400);
    expect(two.body.error.message).toContain('channel 2');
  });

  it('drops cached prices when a price-list record changes (the webhook BigCommerce sends)', async () => {
    await listed(wholesale); // cached
    const { price } = await record(variant);
    const lower = round2(price - 1);
    await request(sandbox.apiBase).put(`/v3/pricelists/1/records/${variant}/USD`).set(bc()).send({ price: lower }).expect(200);
    await sandbox.flushWebhooks();
    const { item } = await listed(wholesale);
    expect(item).toMatchObject({ calculatedPrice: lower, pricing: { source: 'bigcommerce' } });
  });

  it('drops a product’s cached prices when a product webhook refetches it', async () => {
    const other = [...sandbox.catalog.products.values()].find(
      (p) => p.id > 40 && p.channels.includes(1) && p.is_visible && !p.channels.includes(2) && sandbox.catalog.variantCount(p) === 1
    )!;
    const price = (): Promise<{ calculatedPrice: number; pricing: { source: string } }> =>
      listed(undefined, '&currency=USD').then(({ all }) => all.find((p: { bigcommerceId: number }) => p.bigcommerceId === other.id));
    const before = await price();
    sandbox.catalog.updateProduct(other.id, { price: before.calculatedPrice + 50, sale_price: 0 });
    await sandbox.flushWebhooks();
    let after = await price();
    for (let attempt = 0; attempt < 50 && after.pricing.source === 'cache'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // the worker refetches off the request path
      after = await price();
    }
    expect(after).toMatchObject({ calculatedPrice: before.calculatedPrice + 50, pricing: { source: 'bigcommerce' } });
  });

  it('prices the wholesale shopper’s cart as the listing does', async () => {
    const { item } = await listed(wholesale);
    const cart = await app
      .http()
      .post('/api/bigcommerce/cart')
      .set(SESSION, wholesale)
      .send({ lineItems: [{ productId: pid, variantId: variant, quantity: 2 }] })
      .expect(201);
    const line = cart.body.data.line_items.physical_items.find((i: { product_id: number }) => i.product_id === pid);
    expect(line.list_price).toBe(item.calculatedPrice);
    expect(line.sale_price).toBe(item.calculatedPrice);
    expect(line.extended_sale_price).toBe(round2(item.calculatedPrice * 2));
  });

  it('falls back to the synced prices, labelled, when BigCommerce fails', async () => {
    reset();
    sandbox.setFaults({ errorRate: 1 });
    try {
      const { item, meta } = await listed(wholesale);
      expect(item).toMatchObject({ calculatedPrice: catalogPrice, pricing: { source: 'synced' } });
      expect(meta.pricing.source).toBe('synced');
      expect(meta.pricing.error).toEqual(expect.any(String));
    } finally {
      sandbox.setFaults({});
    }
  });
});
