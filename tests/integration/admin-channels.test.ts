import { startSandbox, type Sandbox } from '../sandbox';
import {
  bootStrapi,
  callAs,
  createAdminWithActions,
  createPlainAdmin,
  expectAdminGuarded,
  registerSuperAdmin,
  sandboxEnv,
  type AdminSession,
  type HttpMethod,
  type TestApp,
} from '../helpers/strapi';

interface Change {
  field: string;
  action: string;
  type?: string;
  matching?: string;
  from: unknown;
  to: unknown;
}

interface RouteBody {
  id?: number;
  type: string;
  matching: string;
  route: string;
}

/** The Channels & sites panel's routes against the sandbox store: what they answer and what they write. */
describe('admin channels & sites routes', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;
  let editor: AdminSession;
  let reader: AdminSession;
  let channelId: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 10, rateLimit: false });
    app = await bootStrapi({
      env: {
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_RETRIES: '1',
      },
    });
    admin = await registerSuperAdmin(app);
    editor = await createPlainAdmin(app);
    reader = await createAdminWithActions(app, {
      email: 'reader@example.com',
      role: 'Channel readers',
      actions: ['plugin::bigcommerce.channels.read'],
    });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const put = (id: number, body: unknown) => callAs(app, 'PUT', `/bigcommerce/channels/${id}`, admin).send(body as object);
  const site = (id: number) => [...sandbox.catalog.sites.values()].find((s) => s.channel_id === id);
  const routesOf = (siteId: number) =>
    [...sandbox.catalog.routes.values()].filter((r) => r.site_id === siteId).map((r) => ({ type: r.type, matching: r.matching, route: r.route }));
  const writesSince = (before: Record<string, number>) => {
    const after = sandbox.stats().byRoute;
    return Object.keys(after).filter((key) => !key.startsWith('GET') && after[key] !== (before[key] ?? 0));
  };

  describe('permissions', () => {
    it.each<[HttpMethod, string, string]>([
      ['GET', '/bigcommerce/channels', 'read'],
      ['GET', '/bigcommerce/channels/1', 'read'],
      ['GET', '/bigcommerce/channels/site-defaults?siteUrl=https://shop.example.com', 'read'],
      ['POST', '/bigcommerce/channels', 'manage'],
      ['PUT', '/bigcommerce/channels/1', 'manage'],
      ['PUT', '/bigcommerce/channels/served', 'manage'],
      ['GET', '/bigcommerce/control-panel', 'control-panel'],
    ])('%s %s: 401 without a token, 403 without the %s permission', async (method, path, level) => {
      await expectAdminGuarded(app, method, path, editor);
      // A reader sees the panel but cannot change anything, nor see control-panel links.
      const asReader = await callAs(app, method, path, reader).send({});
      expect(asReader.status).toBe(level === 'read' ? 200 : 403);
    });
  });

  it("lists the store's channels with their sites and which ones this Strapi serves", async () => {
    const res = await callAs(app, 'GET', '/bigcommerce/channels', admin).expect(200);
    expect(res.body.meta).toEqual({ servedChannelIds: [1] });
    expect(res.body.data).toEqual([
      {
        id: 1,
        name: 'sandbox-storefront',
        type: 'storefront',
        platform: 'bigcommerce',
        status: 'active',
        isServed: true,
        site: { id: 1000, url: `https://store-${sandbox.storeHash}.mybigcommerce.com`, checkoutUrl: null, isCheckoutUrlCustomized: false },
        // Nothing synced yet: no product is listed; the currencies are BigCommerce's assignments.
        listings: { listed: 0, overridden: 0, disabled: 0 },
        currencies: { known: true, default: 'USD', enabled: ['USD', 'EUR'] },
      },
      {
        id: 2,
        name: 'outlet-storefront',
        type: 'storefront',
        platform: 'next',
        status: 'active',
        isServed: false,
        site: null,
        listings: { listed: 0, overridden: 0, disabled: 0 },
        currencies: { known: true, default: 'USD', enabled: ['USD'] },
      },
    ]);
  });

  it('creates a storefront channel on the custom platform, with the name slugified as BigCommerce requires', async () => {
    const res = await callAs(app, 'POST', '/bigcommerce/channels', admin).send({ name: 'My Headless Store!' }).expect(201);
    expect(res.body.data).toMatchObject({
      name: 'my-headless-store',
      type: 'storefront',
      platform: 'custom',
      status: 'prelaunch',
      isServed: false,
      site: null,
    });
    channelId = res.body.data.id;
    expect(sandbox.catalog.channels.get(channelId)).toMatchObject({ name: 'my-headless-store', type: 'storefront', platform: 'custom' });
  });

  it.each([
    [{}, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: '店' }, 'name'],
    [{ name: 'shop', platform: 'next' }, 'platform'],
    [{ name: 'shop', status: 'deleted' }, 'status'],
  ])('refuses to create %j with a 400 naming %s', async (body, field) => {
    const count = sandbox.catalog.channels.size;
    const res = await callAs(app, 'POST', '/bigcommerce/channels', admin).send(body).expect(400);
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect(res.body.error.message).toContain(field);
    expect(sandbox.catalog.channels.size).toBe(count);
  });

  it("passes BigCommerce's reason on when it refuses a channel (a duplicate name)", async () => {
    const res = await callAs(app, 'POST', '/bigcommerce/channels', admin).send({ name: 'my headless store' }).expect(400);
    expect(res.body.error.message).toMatch(/BigCommerce rejected the request: .*already exists/);
    expect(res.body.error.details).toMatchObject({ upstreamStatus: 422 });
  });

  it('offers a route for every route type, and a same-site checkout URL, from the storefront URL', async () => {
    const res = await callAs(app, 'GET', '/bigcommerce/channels/site-defaults', admin).query({ siteUrl: 'https://www.shop.example.com/' }).expect(200);
    expect(res.body.data.siteUrl).toBe('https://www.shop.example.com');
    expect(res.body.data.checkoutUrl).toBe('https://checkout.shop.example.com');
    expect(res.body.data.routes.map((route: RouteBody) => route.type)).toEqual([
      'product',
      'brand',
      'category',
      'page',
      'blog',
      'home',
      'cart',
      'checkout',
      'search',
      'account',
      'login',
      'returns',
      'static',
      'create_account',
      'forgot_password',
      'account_order_status',
      'account_new_return',
      'recover_abandoned_cart',
    ]);
    expect(res.body.data.routes[0]).toEqual({
      type: 'product',
      matching: '*',
      route: '/products/{slug}',
      preview: 'https://www.shop.example.com/products/sample-item',
    });
    for (const query of [{}, { siteUrl: 'shop.example.com' }, { siteUrl: 'ftp://shop.example.com' }, { siteUrl: 'https://a.com', extra: '1' }]) {
      const bad = await callAs(app, 'GET', '/bigcommerce/channels/site-defaults', admin).query(query).expect(400);
      expect(bad.body.error.message).toMatch(/Site URL|extra/);
    }
  });

  describe("saving a channel's site, checkout URL, routes and login setting", () => {
    let defaults: RouteBody[];

    beforeAll(async () => {
      defaults = (await callAs(app, 'GET', '/bigcommerce/channels/site-defaults', admin).query({ siteUrl: 'https://www.shop.example.com' })).body.data.routes;
    });

    it('writes everything the first time and reports each change', async () => {
      const res = await put(channelId, {
        status: 'active',
        siteUrl: 'https://www.shop.example.com/',
        checkoutUrl: 'https://checkout.shop.example.com',
        routes: defaults,
        allowGlobalLogins: true,
      }).expect(200);
      const changes = res.body.meta.changes as Change[];
      expect(changes.filter((c) => c.field !== 'route')).toEqual([
        { field: 'status', action: 'updated', from: 'prelaunch', to: 'active' },
        { field: 'siteUrl', action: 'created', from: null, to: 'https://www.shop.example.com' },
        { field: 'checkoutUrl', action: 'created', from: null, to: 'https://checkout.shop.example.com' },
        { field: 'allowGlobalLogins', action: 'updated', from: false, to: true },
      ]);
      expect(changes.filter((c) => c.field === 'route')).toHaveLength(18);
      expect(changes.every((c) => c.field !== 'route' || (c.action === 'created' && c.from === null))).toBe(true);

      // The sandbox store now has it all.
      expect(sandbox.catalog.channels.get(channelId)?.status).toBe('active');
      const written = site(channelId);
      expect(written).toMatchObject({ url: 'https://www.shop.example.com', checkout_url: 'https://checkout.shop.example.com' });
      expect(routesOf(written!.id)).toEqual(defaults.map(({ type, matching, route }) => ({ type, matching, route })));
      expect(sandbox.shop.customers.allowsGlobalLogins(channelId)).toBe(true);

      // And the answer is the channel as BigCommerce now has it.
      expect(res.body.data).toMatchObject({
        id: channelId,
        status: 'active',
        allowGlobalLogins: true,
        site: { id: written!.id, url: 'https://www.shop.example.com', checkoutUrl: 'https://checkout.shop.example.com', isCheckoutUrlCustomized: true },
      });
      expect(res.body.data.routes).toHaveLength(18);
      const read = await callAs(app, 'GET', `/bigcommerce/channels/${channelId}`, reader).expect(200);
      expect(read.body.data).toEqual(res.body.data);
    });

    it('writes nothing and reports nothing when the form has not changed', async () => {
      const before = sandbox.stats().byRoute;
      const res = await put(channelId, {
        status: 'active',
        siteUrl: 'https://www.shop.example.com',
        checkoutUrl: 'https://checkout.shop.example.com',
        routes: (await callAs(app, 'GET', `/bigcommerce/channels/${channelId}`, admin)).body.data.routes,
        allowGlobalLogins: true,
      }).expect(200);
      expect(res.body.meta.changes).toEqual([]);
      expect(writesSince(before)).toEqual([]);
    });

    it('moves the site to another domain with its checkout URL, changes one route and drops another', async () => {
      const routes = defaults
        .filter((route) => route.type !== 'static')
        .map((route) => (route.type === 'product' ? { ...route, route: '/p/{slug}' } : route))
        .concat([{ type: 'product', matching: '7', route: '/featured-product' }]);
      const res = await put(channelId, { siteUrl: 'https://shop.example.org', checkoutUrl: 'https://pay.shop.example.org', routes }).expect(200);
      expect(res.body.meta.changes).toEqual([
        { field: 'siteUrl', action: 'updated', from: 'https://www.shop.example.com', to: 'https://shop.example.org' },
        { field: 'checkoutUrl', action: 'updated', from: 'https://checkout.shop.example.com', to: 'https://pay.shop.example.org' },
        { field: 'route', action: 'updated', type: 'product', matching: '*', from: '/products/{slug}', to: '/p/{slug}' },
        { field: 'route', action: 'created', type: 'product', matching: '7', from: null, to: '/featured-product' },
        { field: 'route', action: 'deleted', type: 'static', matching: '*', from: '/{slug}', to: null },
      ]);
      const moved = site(channelId)!;
      expect(moved).toMatchObject({ url: 'https://shop.example.org', checkout_url: 'https://pay.shop.example.org' });
      expect(routesOf(moved.id)).toHaveLength(18);
      expect(routesOf(moved.id)).toContainEqual({ type: 'product', matching: '*', route: '/p/{slug}' });
      expect(routesOf(moved.id).some((route) => route.type === 'static')).toBe(false);
    });

    it('drops the custom checkout URL with null and turns global logins off', async () => {
      const res = await put(channelId, { checkoutUrl: null, allowGlobalLogins: false }).expect(200);
      expect(res.body.meta.changes).toEqual([
        { field: 'checkoutUrl', action: 'deleted', from: 'https://pay.shop.example.org', to: null },
        { field: 'allowGlobalLogins', action: 'updated', from: true, to: false },
      ]);
      expect(site(channelId)?.checkout_url).toBeNull();
      expect(sandbox.shop.customers.allowsGlobalLogins(channelId)).toBe(false);
      expect(res.body.data.site).toMatchObject({ checkoutUrl: null, isCheckoutUrlCustomized: false });
    });

    it.each([
      [{ siteUrl: 'not a url' }, 'siteUrl', 'Site URL'],
      [{ siteUrl: 'ftp://shop.example.org' }, 'siteUrl', 'Site URL'],
      [{ checkoutUrl: 'http://checkout.shop.example.org' }, 'checkoutUrl', 'Checkout URL'],
      [{ routes: [{ type: 'wishlist', matching: '*', route: '/w' }] }, 'routes.0.type', 'The page of route 1'],
      [{ routes: [{ type: 'cart', matching: '', route: '/cart' }] }, 'routes.0.matching', 'The "For" of route 1'],
      [{ routes: [{ type: 'cart', matching: '*', route: 'cart' }] }, 'routes.0.route', 'The URL template of route 1'],
      [
        {
          routes: [
            { type: 'cart', matching: '*', route: '/cart' },
            { type: 'cart', matching: '*', route: '/basket' },
          ],
        },
        'routes.1.matching',
        'The "For" of route 2',
      ],
      [{ allowGlobalLogins: 'yes' }, 'allowGlobalLogins', 'Store-wide customer sign-in'],
      [{ status: 'prelaunch' }, 'status', 'Channel status'],
      [{ name: 'renamed' }, 'name', 'name'],
    ])('refuses %j with a 400 naming %s and writes nothing', async (body, field, words) => {
      const before = sandbox.stats().byRoute;
      const res = await put(channelId, body).expect(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
      // The message names the field in the form's words; the details name it by its key, for the form.
      expect(res.body.error.message).toContain(words);
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
      expect(writesSince(before)).toEqual([]);
    });

    it('answers 400 for a bad channel id and 404 for an unknown one', async () => {
      expect((await callAs(app, 'GET', '/bigcommerce/channels/abc', admin).expect(400)).body.error.message).toContain('id');
      expect((await put(0, {}).expect(400)).body.error.message).toContain('id');
      expect((await callAs(app, 'GET', '/bigcommerce/channels/4242', admin).expect(404)).body.error.message).toMatch(/BigCommerce: Channel 4242 not found/);
      await put(4242, { allowGlobalLogins: true }).expect(404);
    });

    it('needs a site before routes or a checkout URL', async () => {
      const res = await put(2, { routes: [{ type: 'cart', matching: '*', route: '/cart' }] }).expect(400);
      expect(res.body.error.message).toContain('site URL');
      expect(site(2)).toBeUndefined();
    });

    it("passes BigCommerce's reason on, with the changes already made, when a later step is refused", async () => {
      // The site moves, then BigCommerce refuses a checkout URL outside the site's domain.
      const res = await put(channelId, { siteUrl: 'https://www.shop.example.net', checkoutUrl: 'https://checkout.elsewhere.com' }).expect(400);
      expect(res.body.error.message).toMatch(/BigCommerce rejected the request: .*same registrable domain/);
      expect(res.body.error.details.applied).toEqual([
        { field: 'siteUrl', action: 'updated', from: 'https://shop.example.org', to: 'https://www.shop.example.net' },
      ]);
      expect(site(channelId)).toMatchObject({ url: 'https://www.shop.example.net', checkout_url: null });
    });
  });

  describe('channels this Strapi serves', () => {
    it('saves the selection in the plugin settings and says what was added and removed', async () => {
      const res = await callAs(app, 'PUT', '/bigcommerce/channels/served', admin)
        .send({ channelIds: [channelId, 2, channelId] })
        .expect(200);
      expect(res.body.data).toEqual({ channelIds: [channelId, 2], added: [channelId, 2], removed: [1] });
      const settings = await callAs(app, 'GET', '/bigcommerce/settings', admin).expect(200);
      expect(settings.body.data.channelIds).toEqual([channelId, 2]);
      const list = await callAs(app, 'GET', '/bigcommerce/channels', admin).expect(200);
      expect(list.body.meta.servedChannelIds).toEqual([2, channelId]);
      expect((await callAs(app, 'GET', `/bigcommerce/channels/${channelId}`, admin)).body.data.isServed).toBe(true);
    });

    it.each([
      [{ channelIds: [] }, 'The served channels must list at least one channel'],
      [{ channelIds: [0] }, 'Served channel number 1 must be positive'],
      [{ channelIds: 'all' }, 'The served channels'],
      [{ channelIds: [1], more: true }, 'more'],
      [{ channelIds: [1, 4242] }, '4242'],
    ])('refuses %j with a 400 and keeps the selection', async (body, text) => {
      const res = await callAs(app, 'PUT', '/bigcommerce/channels/served', admin).send(body).expect(400);
      expect(res.body.error.name).toBe('ValidationError');
      expect(res.body.error.message).toContain(text);
      expect((await callAs(app, 'GET', '/bigcommerce/settings', admin)).body.data.channelIds).toEqual([channelId, 2]);
    });
  });

  describe('BigCommerce unavailable', () => {
    afterEach(() => sandbox.setFaults({}));

    it('answers 502 when BigCommerce keeps failing after the retries', async () => {
      sandbox.setFaults({ errorRate: 1 });
      const res = await callAs(app, 'GET', '/bigcommerce/channels', admin).expect(502);
      expect(res.body.error.message).toMatch(/BigCommerce failed to answer \(500\) after 2 attempt/);
    });

    it('answers 503 when BigCommerce keeps rate-limiting after the retries', async () => {
      sandbox.setFaults({ storm429: 1000 });
      const res = await callAs(app, 'GET', `/bigcommerce/channels/${channelId}`, admin).expect(503);
      expect(res.body.error.message).toMatch(/rate limited/);
    });
  });

  it("links to the store's control panel", async () => {
    const res = await callAs(app, 'GET', '/bigcommerce/control-panel', admin).expect(200);
    const base = `https://store-${sandbox.storeHash}.mybigcommerce.com/manage`;
    expect(res.body.data).toEqual({
      storeHash: sandbox.storeHash,
      url: base,
      productUrl: `${base}/products/edit/{id}`,
      channelsUrl: `${base}/channel-manager`,
    });
  });
});
