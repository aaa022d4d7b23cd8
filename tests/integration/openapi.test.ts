import request from 'supertest';

import { SEED_CUSTOMERS, SEED_PASSWORD, type Sandbox } from '../sandbox';
import { cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import type Ajv2020 from 'ajv/dist/2020';

import { pointer, servedDocument, type OpenApiDocument } from '../helpers/served-openapi';
import { callAs, createPlainAdmin, registerSuperAdmin, type AdminSession, type HttpMethod, type TestApp } from '../helpers/strapi';

/** Real answers of a booted Strapi, each validated against the response schema the served document gives its path, method and status. */
describe('the served OpenAPI document matches real answers', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let document: OpenApiDocument;
  let ajv: Ajv2020;
  let expectDocumented: Awaited<ReturnType<typeof servedDocument>>['expectDocumented'];

  beforeAll(async () => {
    ({ sandbox, app, product } = await startStorefront());
    ({ document, ajv, expectDocumented } = await servedDocument(app));
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const shopper = () => request.agent(app.strapi.server.httpServer);

  it('serves OpenAPI 3.1 without any grant', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/bigcommerce/products', '/bigcommerce/settings']));
  });

  it('describes the catalog list and a product by slug', async () => {
    const list = await shopper().get('/api/bigcommerce/products?pageSize=5').expect(200);
    expect(list.body.data).toHaveLength(5);
    expectDocumented('/api/bigcommerce/products', 'get', list);
    const one = await shopper().get(`/api/bigcommerce/products/${list.body.data[0].slug}`).expect(200);
    expectDocumented('/api/bigcommerce/products/{slug}', 'get', one);
    const missing = await shopper().get('/api/bigcommerce/products/no-such-product').expect(404);
    expectDocumented('/api/bigcommerce/products/{slug}', 'get', missing);
  });

  it('describes the wholesale shopper’s own prices in a currency asked for: meta.pricing and each product’s pricing', async () => {
    // shopper2 (customer group 1, Wholesale) is seeded on channel 2 only; this Strapi signs shoppers in on channel 1.
    const bc = { 'X-Auth-Token': sandbox.accessToken };
    const shopper2 = (await request(sandbox.apiBase).get(`/v3/customers?email:in=${SEED_CUSTOMERS[1].email}`).set(bc).expect(200)).body.data[0];
    await request(sandbox.apiBase)
      .put('/v3/customers')
      .set(bc)
      .send([{ id: shopper2.id, channel_ids: [1, 2] }])
      .expect(200);
    const login = await shopper().post('/api/bigcommerce/customers/login').send({ email: SEED_CUSTOMERS[1].email, password: SEED_PASSWORD }).expect(200);
    const session = login.body.meta.session as string;
    const label = { currency: 'EUR', customerGroupId: 1, source: 'bigcommerce' };

    const list = await shopper().get('/api/bigcommerce/products?pageSize=5&currency=eur').set('x-bigcommerce-session', session).expect(200);
    expect(list.body.meta.pricing).toEqual({ ...label, error: null });
    expect(list.body.data[0].pricing).toEqual(label);
    expectDocumented('/api/bigcommerce/products', 'get', list);
    const one = await shopper().get(`/api/bigcommerce/products/${list.body.data[0].slug}?currency=EUR`).set('x-bigcommerce-session', session).expect(200);
    expect(one.body.meta.pricing).toMatchObject({ currency: 'EUR', customerGroupId: 1, error: null });
    expect(one.body.data.pricing).toMatchObject({ currency: 'EUR', customerGroupId: 1 });
    expectDocumented('/api/bigcommerce/products/{slug}', 'get', one);

    // The document describes the labels, not just lets them through: a label of another shape is refused.
    const misdescribed = [
      { ...list.body, meta: { ...list.body.meta, pricing: { ...list.body.meta.pricing, source: 'live' } } },
      { ...list.body, meta: { ...list.body.meta, pricing: label } }, // meta.pricing without its `error`
      { ...list.body, data: [{ ...list.body.data[0], pricing: { ...label, customerGroupId: '1' } }] },
    ];
    const validate = ajv.compile({ $ref: `openapi#/paths/${pointer('/api/bigcommerce/products')}/get/responses/200/content/application~1json/schema` });
    for (const body of misdescribed) expect(validate(body)).toBe(false);

    const refused = await shopper().get('/api/bigcommerce/products?currency=GBP').expect(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['currency']);
    expectDocumented('/api/bigcommerce/products', 'get', refused);
  });

  it('describes a created cart and a refused one', async () => {
    const created = await shopper()
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] })
      .expect(201);
    expect(created.body.meta.cartToken).toBeTruthy();
    expectDocumented('/api/bigcommerce/cart', 'post', created);
    const refused = await shopper()
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [{ productId: 'one', quantity: 0 }] })
      .expect(400);
    expect(refused.body.error.name).toBe('ValidationError');
    expectDocumented('/api/bigcommerce/cart', 'post', refused);
    const badQuery = await shopper().get('/api/bigcommerce/products?pageSize=1000').expect(400);
    expectDocumented('/api/bigcommerce/products', 'get', badQuery);
  });

  it('describes a sign-in, the signed-in customer, and the 401 of a signed-out one', async () => {
    const anonymous = await shopper().get('/api/bigcommerce/customers/me').expect(401);
    expectDocumented('/api/bigcommerce/customers/me', 'get', anonymous);
    const agent = shopper();
    const login = await agent.post('/api/bigcommerce/customers/login').send({ email: 'shopper1@example.com', password: SEED_PASSWORD }).expect(200);
    expectDocumented('/api/bigcommerce/customers/login', 'post', login);
    const me = await agent.get('/api/bigcommerce/customers/me').set('x-bigcommerce-session', login.body.meta.session).expect(200);
    expectDocumented('/api/bigcommerce/customers/me', 'get', me);
    const orders = await agent.get('/api/bigcommerce/orders').expect(200);
    expectDocumented('/api/bigcommerce/orders', 'get', orders);
  });

  describe('the admin routes, signed in as a super admin', () => {
    let admin: AdminSession;
    /** Calls an admin route and validates its answer against the document's path (`{id}` form) and method. */
    const adminCall = async (method: HttpMethod, documented: string, actual: string, body?: object, session?: AdminSession | null) => {
      const req = callAs(app, method, `/bigcommerce${actual}`, session === null ? undefined : (session ?? admin));
      const res = body ? await req.send(body) : await req;
      expectDocumented(`/bigcommerce${documented}`, method.toLowerCase(), res);
      return res;
    };

    beforeAll(async () => {
      admin = await registerSuperAdmin(app);
    });

    it('describes the settings, their change and a connection test', async () => {
      expect((await adminCall('GET', '/settings', '/settings')).status).toBe(200);
      const updated = await adminCall('PUT', '/settings', '/settings', { webhookUrl: 'https://strapi.example.com/api/bigcommerce/webhooks' });
      expect(updated.status).toBe(200);
      expect(updated.body.data.webhookUrl).toBe('https://strapi.example.com/api/bigcommerce/webhooks');
      const tested = await adminCall('POST', '/settings/test-connection', '/settings/test-connection', {});
      expect(tested.status).toBe(200);
      expect(tested.body.data.ok).toBe(true);
      expect(tested.body.data.store).not.toBeNull();
      const refused = await adminCall('PUT', '/settings', '/settings', { storeHash: 42 });
      expect(refused.status).toBe(400);
    });

    it('describes the 401 of no session and the 403 of an admin without the action', async () => {
      expect((await adminCall('GET', '/settings', '/settings', undefined, null)).status).toBe(401);
      const editor = await createPlainAdmin(app);
      expect((await adminCall('GET', '/sync/runs', '/sync/runs', undefined, editor)).status).toBe(403);
    });

    it('describes a started sync, its run, the runs, a refused cancel and the schedule', async () => {
      const started = await adminCall('POST', '/sync', '/sync', { kind: 'incremental' });
      expect(started.status).toBe(202);
      await app.strapi.plugin('bigcommerce').service('sync').waitForIdle();
      const id = started.body.data.id as number;
      const run = await adminCall('GET', '/sync/runs/{id}', `/sync/runs/${id}`);
      expect(run.status).toBe(200);
      expect(run.body.data.status).toBe('succeeded');
      const runs = await adminCall('GET', '/sync/runs', '/sync/runs?pageSize=5');
      expect(runs.status).toBe(200);
      expect(runs.body.data.length).toBeGreaterThanOrEqual(2);
      expect((await adminCall('POST', '/sync/runs/{id}/cancel', `/sync/runs/${id}/cancel`)).status).toBe(400);
      expect((await adminCall('GET', '/sync/runs/{id}', '/sync/runs/99999')).status).toBe(404);
      expect((await adminCall('GET', '/sync/schedule', '/sync/schedule')).status).toBe(200);
      const schedule = await adminCall('PUT', '/sync/schedule', '/sync/schedule', { enabled: false, rule: '0 3 * * *', kind: 'full' });
      expect(schedule.status).toBe(200);
      expect(schedule.body.data).toEqual({ enabled: false, rule: '0 3 * * *', kind: 'full' });
    });

    it('describes the webhook registration, its status, an inbox event and its replay', async () => {
      const registered = await adminCall('POST', '/webhooks/register', '/webhooks/register');
      expect(registered.status).toBe(200);
      expect(registered.body.data.hooks.length).toBeGreaterThan(0);
      expect((await adminCall('POST', '/webhooks/health-check', '/webhooks/health-check')).status).toBe(200);
      const secret = (await app.strapi.plugin('bigcommerce').service('settings').webhookSecret()) as string;
      const event = { scope: 'store/product/updated', store_id: '1001', data: { type: 'product', id: product.bigcommerceId }, created_at: 1, producer: 'x' };
      await shopper()
        .post('/api/bigcommerce/webhooks')
        .set('x-bigcommerce-webhook-secret', secret)
        .send({ ...event, hash: 'c'.repeat(40) })
        .expect(200);
      const status = await adminCall('GET', '/webhooks', '/webhooks');
      expect(status.status).toBe(200);
      expect(status.body.data.inbox.lastReceivedAt).not.toBeNull();
      const events = await adminCall('GET', '/webhooks/events', '/webhooks/events');
      expect(events.status).toBe(200);
      const [received] = events.body.data as { id: number }[];
      // Made replayable as a dead event would be (the worker may already have processed it).
      await app.strapi.db.query('plugin::bigcommerce.webhook-event').update({ where: { id: received.id }, data: { status: 'dead' } });
      const replayed = await adminCall('POST', '/webhooks/events/{id}/replay', `/webhooks/events/${received.id}/replay`);
      expect(replayed.status).toBe(202);
      expect((await adminCall('POST', '/webhooks/events/{id}/replay', '/webhooks/events/99999/replay')).status).toBe(404);
    });

    it('describes the channels, one channel, a created one, its site set, the served ones and the site defaults', async () => {
      const list = await adminCall('GET', '/channels', '/channels');
      expect(list.status).toBe(200);
      const one = await adminCall('GET', '/channels/{id}', '/channels/1');
      expect(one.status).toBe(200);
      expect(one.body.data.site).not.toBeNull();
      const created = await adminCall('POST', '/channels', '/channels', { name: 'Docs storefront' });
      expect(created.status).toBe(201);
      const changed = await adminCall('PUT', '/channels/{id}', `/channels/${created.body.data.id}`, { siteUrl: 'https://docs-shop.example.com' });
      expect(changed.status).toBe(200);
      expect(changed.body.meta.changes.length).toBeGreaterThan(0);
      const served = await adminCall('PUT', '/channels/served', '/channels/served', { channelIds: [1] });
      expect(served.status).toBe(200);
      const defaults = await adminCall('GET', '/channels/site-defaults', '/channels/site-defaults?siteUrl=https://shop.example.com');
      expect(defaults.status).toBe(200);
      expect((await adminCall('GET', '/channels/{id}', '/channels/0')).status).toBe(400);
    });

    it('describes the redirects: sites, create, a refused duplicate, list, one, change, delete, a missing one', async () => {
      const sites = await adminCall('GET', '/redirects/sites', '/redirects/sites');
      expect(sites.status).toBe(200);
      const siteId = sites.body.data[0].id as number;
      const redirect = { siteId, fromPath: '/docs-old', to: { type: 'url', url: '/docs-new' } };
      const created = await adminCall('POST', '/redirects', '/redirects', redirect);
      expect(created.status).toBe(201);
      expect((await adminCall('POST', '/redirects', '/redirects', redirect)).status).toBe(409);
      const id = created.body.data.id as number;
      expect((await adminCall('GET', '/redirects', `/redirects?siteId=${siteId}`)).status).toBe(200);
      expect((await adminCall('GET', '/redirects/{id}', `/redirects/${id}`)).status).toBe(200);
      const changed = await adminCall('PUT', '/redirects/{id}', `/redirects/${id}`, { to: { type: 'product', entityId: product.bigcommerceId } });
      expect(changed.status).toBe(200);
      expect(changed.body.data.to).toMatchObject({ type: 'product', url: null });
      expect((await adminCall('DELETE', '/redirects/{id}', `/redirects/${id}`)).status).toBe(200);
      expect((await adminCall('GET', '/redirects/{id}', `/redirects/${id}`)).status).toBe(404);
    });

    it('describes the control panel links and a customer sessions revoke', async () => {
      const links = await adminCall('GET', '/control-panel', '/control-panel');
      expect(links.status).toBe(200);
      expect(links.body.data.storeHash).toBeTruthy();
      const revoked = await adminCall('POST', '/customers/{customerId}/sessions/revoke', '/customers/1/sessions/revoke');
      expect(revoked.status).toBe(200);
      expect(revoked.body.data).toEqual({ customerId: 1, sessionsRevoked: true });
    });

    it('documents every admin route it calls and every admin error with Strapi’s error envelope', () => {
      const adminPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/bigcommerce/'));
      expect(adminPaths.length).toBeGreaterThan(20);
      for (const [, item] of adminPaths) {
        for (const operation of Object.values(item)) {
          for (const [status, response] of Object.entries(operation.responses)) {
            if (Number(status) >= 400) expect(response.$ref).toBe(`#/components/responses/Error${status}`);
          }
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
        }
      }
      expect(document.components.responses.Error409).toBeDefined();
    });
  });
});
