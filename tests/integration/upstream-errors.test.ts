import request from 'supertest';

import type { FaultOptions, Sandbox } from '../sandbox';
import { ADDRESS, cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import { registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

type Agent = ReturnType<typeof request.agent>;
type Method = 'get' | 'post' | 'put' | 'delete';

/** The three ways BigCommerce can be out, and what every route of ours answers for each. */
const OUTAGES: Array<{ label: string; faults: FaultOptions; status: number; name: string }> = [
  { label: '500s', faults: { errorRate: 1 }, status: 502, name: 'BadGatewayError' },
  { label: '503s', faults: { errorRate: 1, errorStatus: 503 }, status: 503, name: 'ServiceUnavailableError' },
  { label: '429s', faults: { storm429: 1_000 }, status: 503, name: 'ServiceUnavailableError' },
];

/**
 * A BigCommerce outage answers 502/503 in Strapi's error envelope on every kind of route (shopper,
 * channels, redirects, webhooks; REST and GraphQL), never a bare 500: the mapping is applied where the
 * request enters the plugin, not by each BigCommerce call.
 */
describe('BigCommerce outages on every route', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let admin: AdminSession;
  let guest: Agent;
  let customer: Agent;
  let itemId: string;

  beforeAll(async () => {
    ({ sandbox, app, product } = await startStorefront({ BIGCOMMERCE_RETRIES: '1' }, { listen: true }));
    admin = await registerSuperAdmin(app);
    await app
      .http()
      .put('/bigcommerce/settings')
      .set({ Authorization: `Bearer ${admin.token}` })
      .send({ webhookUrl: `${app.url}/api/bigcommerce/webhooks` })
      .expect(200);
    guest = request.agent(app.strapi.server.httpServer);
    const cart = await guest
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] })
      .expect(201);
    itemId = cart.body.data.line_items.physical_items[0].id;
    customer = request.agent(app.strapi.server.httpServer);
    const email = 'outage.shopper@example.com';
    await customer.post('/api/bigcommerce/customers/register').send({ email, password: 'Outage-Passw0rd', firstName: 'Out', lastName: 'Age' }).expect(201);
    await customer.post('/api/bigcommerce/customers/login').send({ email, password: 'Outage-Passw0rd' }).expect(200);
  });

  afterEach(() => sandbox.setFaults({}));

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const asAdmin = (method: Method, path: string) => {
    const http = app.http();
    return http[method](path).set({ Authorization: `Bearer ${admin.token}` });
  };
  const shopper = (who: () => Agent) => (method: Method, path: string) => who()[method](path);
  const fresh = () => request.agent(app.strapi.server.httpServer);

  // Read when the test runs: the product is known only after beforeAll.
  const items = () => ({ lineItems: [cartItem(product)] });

  // [caller, method, path, body]: each needs BigCommerce to answer.
  const ROUTES: Array<[(method: Method, path: string) => request.Test, Method, string, (object | (() => object))?]> = [
    [shopper(fresh), 'post', '/api/bigcommerce/cart', items],
    [shopper(() => guest), 'get', '/api/bigcommerce/cart'],
    [shopper(() => guest), 'post', '/api/bigcommerce/cart/items', items],
    [shopper(() => guest), 'put', '/api/bigcommerce/cart/items/{item}', { quantity: 2 }],
    [shopper(() => guest), 'delete', '/api/bigcommerce/cart/items/{item}'],
    [shopper(() => guest), 'delete', '/api/bigcommerce/cart'],
    [shopper(() => guest), 'post', '/api/bigcommerce/cart/redirect-urls', {}],
    [
      shopper(fresh),
      'post',
      '/api/bigcommerce/customers/register',
      { email: 'never.made@example.com', password: 'Outage-Passw0rd', firstName: 'N', lastName: 'M' },
    ],
    [shopper(fresh), 'post', '/api/bigcommerce/customers/login', { email: 'outage.shopper@example.com', password: 'Outage-Passw0rd' }],
    [shopper(() => customer), 'get', '/api/bigcommerce/customers/me'],
    [shopper(() => guest), 'get', '/api/bigcommerce/checkout'],
    [shopper(() => guest), 'post', '/api/bigcommerce/checkout/billing-address', { ...ADDRESS, email: 'guest@example.com' }],
    [shopper(() => guest), 'post', '/api/bigcommerce/checkout/coupons', { code: 'SAVE10' }],
    [shopper(() => guest), 'post', '/api/bigcommerce/checkout/orders', {}],
    [shopper(() => customer), 'get', '/api/bigcommerce/orders'],
    [shopper(() => customer), 'get', '/api/bigcommerce/wishlists'],
    [shopper(() => customer), 'post', '/api/bigcommerce/wishlists', { name: 'Later' }],
    [asAdmin, 'get', '/bigcommerce/channels'],
    [asAdmin, 'get', '/bigcommerce/channels/1'],
    [asAdmin, 'post', '/bigcommerce/channels', { name: 'outage-channel' }],
    [asAdmin, 'put', '/bigcommerce/channels/1', { status: 'active' }],
    [asAdmin, 'put', '/bigcommerce/channels/served', { channelIds: [1] }],
    [asAdmin, 'get', '/bigcommerce/redirects'],
    [asAdmin, 'get', '/bigcommerce/redirects/sites'],
    [asAdmin, 'get', '/bigcommerce/redirects/1'],
    [asAdmin, 'post', '/bigcommerce/redirects', { siteId: 1000, fromPath: '/outage', to: { type: 'url', url: '/elsewhere' } }],
    [asAdmin, 'delete', '/bigcommerce/redirects/1'],
    // These two had no mapping of their own: a BigCommerce outage answered a bare 500.
    [asAdmin, 'post', '/bigcommerce/webhooks/register', {}],
    [asAdmin, 'post', '/bigcommerce/webhooks/health-check', {}],
  ];

  describe.each(OUTAGES)('when BigCommerce answers only $label', ({ faults, status, name }) => {
    it.each(ROUTES.map(([call, method, path, body]) => [`${method.toUpperCase()} ${path}`, call, method, path, body] as const))(
      `%s answers ${status} ${name} in Strapi's envelope`,
      async (_label, call, method, path, body) => {
        sandbox.setFaults(faults);
        const req = call(method, path.replace('{item}', itemId));
        const res = await (body ? req.send(typeof body === 'function' ? body() : body) : req);
        sandbox.setFaults({});
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject({ data: null, error: { status, name, message: expect.stringMatching(/BigCommerce/) } });
      }
    );

    it('maps a GraphQL field the same way', async () => {
      sandbox.setFaults(faults);
      const res = await guest.post('/graphql').send({ query: '{ bigcommerceCheckout }' });
      sandbox.setFaults({});
      const [error] = res.body.errors;
      expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(error.extensions.error).toMatchObject({ name });
      expect(error.message).toMatch(/BigCommerce/);
    });
  });
});
