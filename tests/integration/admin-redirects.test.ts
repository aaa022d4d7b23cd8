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

interface RedirectBody {
  id: number;
  siteId: number;
  fromPath: string;
  to: { type: string; entityId: number | null; url: string | null };
  toUrl: string | null;
}

/** The Redirects panel's routes against the sandbox store's Redirects API. */
describe('admin redirects routes', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;
  let editor: AdminSession;
  let reader: AdminSession;
  const site = 1000;
  let otherSite: number;
  let storeUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 20, rateLimit: false });
    const channel = sandbox.catalog.createChannel({ name: 'outlet-headless', type: 'storefront', platform: 'custom' });
    otherSite = sandbox.catalog.createSite(channel.id, 'https://outlet.example.com', 422).id;
    storeUrl = `https://store-${sandbox.storeHash}.mybigcommerce.com`;
    app = await bootStrapi({
      env: {
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_RETRIES: '1',
      },
    });
    admin = await registerSuperAdmin(app);
    editor = await createPlainAdmin(app);
    reader = await createAdminWithActions(app, { email: 'reader@example.com', role: 'Redirect readers', actions: ['plugin::bigcommerce.redirects.read'] });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const create = (body: unknown) => callAs(app, 'POST', '/bigcommerce/redirects', admin).send(body as object);
  const update = (id: number, body: unknown) => callAs(app, 'PUT', `/bigcommerce/redirects/${id}`, admin).send(body as object);
  const list = (query: Record<string, string | number>) => callAs(app, 'GET', '/bigcommerce/redirects', admin).query(query);
  const stored = () => [...sandbox.catalog.redirects.redirects.values()].map((r) => ({ id: r.id, site_id: r.site_id, from_path: r.from_path, to: r.to }));

  describe('permissions', () => {
    it.each<[HttpMethod, string, string]>([
      ['GET', '/bigcommerce/redirects', 'read'],
      ['GET', '/bigcommerce/redirects/sites', 'read'],
      ['GET', '/bigcommerce/redirects/1', 'read'],
      ['POST', '/bigcommerce/redirects', 'manage'],
      ['PUT', '/bigcommerce/redirects/1', 'manage'],
      ['DELETE', '/bigcommerce/redirects/1', 'manage'],
    ])('%s %s: 401 without a token, 403 without the %s permission', async (method, path, level) => {
      await expectAdminGuarded(app, method, path, editor);
      const asReader = await callAs(app, method, path, reader).send({});
      if (level === 'read') expect(asReader.status).not.toBe(403);
      else expect(asReader.status).toBe(403);
    });
  });

  it('lists the sites redirects can belong to, with their channel', async () => {
    const res = await callAs(app, 'GET', '/bigcommerce/redirects/sites', reader).expect(200);
    expect(res.body.data).toEqual([
      { id: site, url: storeUrl, channelId: 1, channelName: 'sandbox-storefront' },
      { id: otherSite, url: 'https://outlet.example.com', channelId: 3, channelName: 'outlet-headless' },
    ]);
  });

  describe('create', () => {
    it('creates a manual and a dynamic redirect in BigCommerce and answers with the destination URL', async () => {
      const manual = await create({ siteId: site, fromPath: '/old-sale', to: { type: 'url', url: '/sale/' } }).expect(201);
      expect(manual.body.data).toEqual({
        id: expect.any(Number),
        siteId: site,
        fromPath: '/old-sale',
        to: { type: 'url', entityId: null, url: '/sale/' },
        toUrl: `${storeUrl}/sale/`,
      });
      const product = sandbox.catalog.product(4);
      const dynamic = await create({ siteId: otherSite, fromPath: '/old-lamp', to: { type: 'product', entityId: 4 } }).expect(201);
      expect(dynamic.body.data).toMatchObject({
        siteId: otherSite,
        to: { type: 'product', entityId: 4, url: null },
        toUrl: `https://outlet.example.com${product.custom_url.url}`,
      });
      expect(stored()).toEqual([
        { id: manual.body.data.id, site_id: site, from_path: '/old-sale', to: { type: 'url', url: '/sale/' } },
        { id: dynamic.body.data.id, site_id: otherSite, from_path: '/old-lamp', to: { type: 'product', entity_id: 4 } },
      ]);
    });

    it('refuses a path that already redirects on that site (409) instead of overwriting it', async () => {
      const before = stored();
      const res = await create({ siteId: site, fromPath: '/old-sale', to: { type: 'url', url: '/elsewhere' } }).expect(409);
      expect(res.body.error.message).toMatch(/\/old-sale already redirects/);
      expect(stored()).toEqual(before);
      // The same path on another site is another redirect.
      await create({ siteId: otherSite, fromPath: '/old-sale', to: { type: 'url', url: '/outlet-sale' } }).expect(201);
    });

    it.each([
      [{ fromPath: '/a', to: { type: 'url', url: '/b' } }, 'siteId'],
      [{ siteId: site, fromPath: 'no-slash', to: { type: 'url', url: '/b' } }, 'fromPath'],
      [{ siteId: site, fromPath: '/', to: { type: 'url', url: '/b' } }, 'fromPath'],
      [{ siteId: site, fromPath: '/has space', to: { type: 'url', url: '/b' } }, 'fromPath'],
      [{ siteId: site, fromPath: '/a', to: { type: 'video', url: '/b' } }, 'to.type'],
      [{ siteId: site, fromPath: '/a', to: { type: 'product' } }, 'to.entityId'],
      [{ siteId: site, fromPath: '/a', to: { type: 'url', entityId: 4, url: '/b' } }, 'to.entityId'],
      [{ siteId: site, fromPath: '/a', to: { type: 'url' } }, 'to.url'],
      [{ siteId: site, fromPath: '/a', to: { type: 'url', url: 'ftp://b' } }, 'to.url'],
      [{ siteId: site, fromPath: '/a', to: { type: 'url', url: '/a' } }, 'to.url'],
      [{ siteId: site, fromPath: '/a', to: { type: 'url', url: '/b' }, code: 302 }, 'code'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      const before = stored();
      const res = await create(body).expect(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
      expect(stored()).toEqual(before);
    });

    it("passes BigCommerce's reason on for what only BigCommerce can check", async () => {
      const unknownSite = await create({ siteId: 9999, fromPath: '/a', to: { type: 'url', url: '/b' } }).expect(400);
      expect(unknownSite.body.error.message).toMatch(/BigCommerce rejected the request: .*Site 9999 does not exist/);
      const unknownProduct = await create({ siteId: site, fromPath: '/a', to: { type: 'product', entityId: 999999 } }).expect(400);
      expect(unknownProduct.body.error.message).toMatch(/Product 999999 does not exist/);
    });
  });

  describe('list and search', () => {
    beforeAll(() => {
      sandbox.catalog.redirects.upsert(
        Array.from({ length: 25 }, (_, i) => ({ site_id: site, from_path: `/old/${String(i).padStart(2, '0')}`, to: { type: 'url', url: `/new/${i}` } }))
      );
    });

    it("pages a site's redirects, newest first by default, with Strapi-style pagination", async () => {
      const first = await list({ siteId: site, pageSize: 10 }).expect(200);
      expect(first.body.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 3, total: 26 });
      expect(first.body.data[0]).toMatchObject({ fromPath: '/old/24', toUrl: `${storeUrl}/new/24` });
      const last = await list({ siteId: site, pageSize: 10, page: 3 }).expect(200);
      expect(last.body.data.map((r: RedirectBody) => r.fromPath)).toEqual(['/old/04', '/old/03', '/old/02', '/old/01', '/old/00', '/old-sale']);
      const ids = [...first.body.data, ...(await list({ siteId: site, pageSize: 10, page: 2 })).body.data, ...last.body.data].map((r: RedirectBody) => r.id);
      expect(new Set(ids).size).toBe(26);
    });

    it('searches from the beginning of the path and sorts', async () => {
      const found = await list({ siteId: site, q: 'old/1', sort: 'fromPath:asc' }).expect(200);
      expect(found.body.data.map((r: RedirectBody) => r.fromPath)).toEqual([
        '/old/10',
        '/old/11',
        '/old/12',
        '/old/13',
        '/old/14',
        '/old/15',
        '/old/16',
        '/old/17',
        '/old/18',
        '/old/19',
      ]);
      expect((await list({ q: 'sale' }).expect(200)).body.data).toEqual([]);
      const sales = await list({ q: '/old-sale', sort: 'id:asc' }).expect(200);
      expect(sales.body.data.map((r: RedirectBody) => r.siteId)).toEqual([site, otherSite]);
      const bySite = await list({ siteId: otherSite, sort: 'fromPath:desc' }).expect(200);
      expect(bySite.body.data.map((r: RedirectBody) => r.fromPath)).toEqual(['/old-sale', '/old-lamp']);
    });

    it.each([
      [{ pageSize: 500 }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ sort: 'date:asc' }, 'sort'],
      [{ siteId: 'abc' }, 'siteId'],
      [{ search: 'x' }, 'search'],
    ])('refuses the query %j with a 400 naming %s', async (query, field) => {
      const res = await list(query).expect(400);
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
    });
  });

  describe('edit and delete', () => {
    let id: number;

    beforeAll(async () => {
      id = (await create({ siteId: site, fromPath: '/spring', to: { type: 'category', entityId: 1 } }).expect(201)).body.data.id;
    });

    it('reads one redirect, 404 when unknown, 400 for a bad id', async () => {
      expect((await callAs(app, 'GET', `/bigcommerce/redirects/${id}`, reader).expect(200)).body.data).toMatchObject({ id, fromPath: '/spring' });
      await callAs(app, 'GET', '/bigcommerce/redirects/424242', reader).expect(404);
      expect((await callAs(app, 'GET', '/bigcommerce/redirects/abc', reader).expect(400)).body.error.message).toContain('id');
    });

    it('changes the target in place, keeping the id', async () => {
      const res = await update(id, { to: { type: 'url', url: 'https://blog.example.com/spring' } }).expect(200);
      expect(res.body.data).toMatchObject({
        id,
        fromPath: '/spring',
        to: { type: 'url', url: 'https://blog.example.com/spring', entityId: null },
        toUrl: 'https://blog.example.com/spring',
      });
      expect(sandbox.catalog.redirects.redirects.get(id)?.to).toEqual({ type: 'url', url: 'https://blog.example.com/spring' });
    });

    it('moves a redirect to a new path: BigCommerce gets a new redirect and loses the old one', async () => {
      const res = await update(id, { fromPath: '/spring-2025' }).expect(200);
      expect(res.body.data).toMatchObject({ fromPath: '/spring-2025', to: { type: 'url', url: 'https://blog.example.com/spring' } });
      expect(res.body.data.id).not.toBe(id);
      expect(sandbox.catalog.redirects.redirects.has(id)).toBe(false);
      id = res.body.data.id;
      expect(sandbox.catalog.redirects.redirects.get(id)?.from_path).toBe('/spring-2025');
    });

    it('refuses to move onto a path another redirect holds, and checks the merged redirect', async () => {
      const before = stored();
      await update(id, { fromPath: '/old-sale' }).expect(409);
      const loop = await update(id, { to: { type: 'url', url: '/spring-2025' } }).expect(400);
      expect(loop.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain('to.url');
      expect((await update(id, { from: '/x' }).expect(400)).body.error.message).toContain('from');
      await update(424242, { fromPath: '/x' }).expect(404);
      expect(stored()).toEqual(before);
    });

    it('deletes a redirect from BigCommerce', async () => {
      const res = await callAs(app, 'DELETE', `/bigcommerce/redirects/${id}`, admin).expect(200);
      expect(res.body.data).toMatchObject({ id, fromPath: '/spring-2025' });
      expect(sandbox.catalog.redirects.redirects.has(id)).toBe(false);
      await callAs(app, 'DELETE', `/bigcommerce/redirects/${id}`, admin).expect(404);
    });
  });

  it('answers 502 when BigCommerce keeps failing, and 400 with the reason when the token lacks the Content scope', async () => {
    sandbox.setFaults({ errorRate: 1 });
    try {
      await list({}).expect(502);
    } finally {
      sandbox.setFaults({});
    }
    sandbox.setToken(sandbox.accessToken, ['store_sites', 'store_channel_settings']);
    try {
      const res = await list({}).expect(400);
      expect(res.body.error.message).toMatch(/BigCommerce refused the credentials: .*OAuth scope/);
    } finally {
      sandbox.setToken(sandbox.accessToken, '*');
    }
  });
});
