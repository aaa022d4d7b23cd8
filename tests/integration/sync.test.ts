import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog, strapiCatalog, sync } from '../helpers/catalog';
import { bootStrapi, createPlainAdmin, registerSuperAdmin, sandboxEnv, type AdminSession, type TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';

describe('catalog sync against the sandbox store', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;
  const events: Record<string, number> = {};

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 620, seed: 3, rateLimit: false });
    app = await bootStrapi({
      // One quick retry: the outage test below should not wait out the production backoff.
      env: { ...sandboxEnv(sandbox), BIGCOMMERCE_RETRIES: '1' },
    });
    admin = await registerSuperAdmin(app);
    for (const name of ['entry.create', 'entry.update', 'entry.delete']) {
      app.strapi.eventHub.on(name, async (payload: { uid: string }) => {
        if (payload.uid === PRODUCT) events[name] = (events[name] ?? 0) + 1;
      });
    }
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const auth = () => ({ Authorization: `Bearer ${admin.token}` });
  const expectCatalogEqual = async () => {
    const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
    expect([...actual.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const [id, product] of expected) expect(actual.get(id)).toEqual(product);
    return expected;
  };

  describe('full sync', () => {
    it('ends with every product of the channel equal to BigCommerce, field by field', async () => {
      const run = await sync(app.strapi, 'full');
      expect(run).toMatchObject({ status: 'succeeded', kind: 'full', failed: 0, deleted: 0, updated: 0, unchanged: 0 });
      const expected = await expectCatalogEqual();
      expect(run.created).toBe(expected.size);
      expect(run.done).toBe(expected.size);
      // One request per 250 products, plus the taxonomy and the channel: no per-product calls.
      expect(run.requests).toBeLessThanOrEqual(Math.ceil(expected.size / 250) + 8);
    });

    it('keeps products of other channels out, and invisible ones flagged', async () => {
      const all = [...sandbox.catalog.products.values()];
      const otherChannel = all.filter((p) => !p.channels.includes(1)).map((p) => p.id);
      const invisible = all.filter((p) => p.channels.includes(1) && !p.is_visible).map((p) => p.id);
      expect(otherChannel.length).toBeGreaterThan(0);
      expect(invisible.length).toBeGreaterThan(0);
      const stored = await strapiCatalog(app.strapi);
      for (const id of otherChannel) expect(stored.has(id)).toBe(false);
      for (const id of invisible) expect(stored.get(id)?.isVisible).toBe(false);
    });

    it('writes entries Strapi cannot tell from Document Service ones', async () => {
      const documents = app.strapi.documents(PRODUCT as never);
      const [first] = (await documents.findMany({ limit: 1, populate: ['brand', 'categories'] } as never)) as unknown as Record<string, unknown>[];
      expect(first.documentId).toMatch(/^[a-z0-9]{24}$/);
      expect(first.publishedAt).toBeTruthy();
      expect(first.createdAt).toBeTruthy();
      expect(first.locale).toBeNull();
      expect((first.categories as unknown[]).length).toBeGreaterThan(0);
      // findOne by documentId, update and the Content Manager's admin API all work on them.
      const one = await documents.findOne({ documentId: first.documentId } as never);
      expect((one as unknown as Record<string, unknown>).bigcommerceId).toBe(first.bigcommerceId);
      const cm = await app.http().get(`/content-manager/collection-types/${PRODUCT}?page=1&pageSize=5`).set(auth()).expect(200);
      expect(cm.body.pagination.total).toBe((await strapiCatalog(app.strapi)).size);
      const cmOne = await app.http().get(`/content-manager/collection-types/${PRODUCT}/${first.documentId}`).set(auth()).expect(200);
      expect(cmOne.body.data.name).toBe(first.name);
      // Strapi's event hub heard one entry.create per product, as with the Document Service.
      expect(events['entry.create']).toBe((await strapiCatalog(app.strapi)).size);
    });

    it('changes nothing on a second full sync', async () => {
      const before = await app.strapi.db.query(PRODUCT).findMany({ select: ['id', 'updatedAt'], orderBy: { id: 'asc' } });
      const updates = events['entry.update'] ?? 0;
      const run = await sync(app.strapi, 'full');
      expect(run).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deleted: 0, failed: 0 });
      expect(run.unchanged).toBe(before.length);
      const after = await app.strapi.db.query(PRODUCT).findMany({ select: ['id', 'updatedAt'], orderBy: { id: 'asc' } });
      expect(after).toEqual(before);
      expect(events['entry.update'] ?? 0).toBe(updates);
    });
  });

  describe('editorial and extension fields', () => {
    it('survive full and incremental syncs while synced fields follow BigCommerce', async () => {
      const documents = app.strapi.documents(PRODUCT as never);
      const [entry] = (await documents.findMany({ filters: { bigcommerceId: 2 }, limit: 1 } as never)) as unknown as { documentId: string }[];
      const content = [{ type: 'paragraph', children: [{ type: 'text', text: 'Written by an editor' }] }];
      await documents.update({
        documentId: entry.documentId,
        data: { seoTitle: 'Editor title', seoDescription: 'Editor description', content, localNote: 'kept' },
      } as never);

      sandbox.catalog.updateProduct(2, { price: 321.5, name: 'Renamed in BigCommerce' });
      const full = await sync(app.strapi, 'full');
      expect(full.updated).toBe(1);
      sandbox.catalog.updateProduct(2, { price: 99.25 });
      const incremental = await sync(app.strapi, 'incremental');
      expect(incremental).toMatchObject({ status: 'succeeded', kind: 'incremental', updated: 1 });

      const after = (await documents.findOne({ documentId: entry.documentId } as never)) as unknown as Record<string, unknown>;
      expect(after).toMatchObject({ name: 'Renamed in BigCommerce', seoTitle: 'Editor title', seoDescription: 'Editor description', localNote: 'kept' });
      expect(Number(after.price)).toBe(99.25);
      expect(after.content).toEqual(content);
    });
  });

  describe('incremental sync', () => {
    it('picks up changed, new and deleted products across more than one page', async () => {
      const inChannel = [...sandbox.catalog.products.values()].filter((p) => p.channels.includes(1)).map((p) => p.id);
      const changed = inChannel.slice(10, 280); // 270 products: two pages of changes
      for (const id of changed) sandbox.catalog.updateProduct(id, { price: 10 + (id % 50) });
      const created = [
        sandbox.catalog.createProduct({ name: 'New sandbox lamp', type: 'physical', weight: 1, price: 45, categories: [1], channels: [1] } as never),
        sandbox.catalog.createProduct({ name: 'New sandbox chair', type: 'physical', weight: 3, price: 120, categories: [1], channels: [1] } as never),
      ];
      const deleted = inChannel.slice(300, 303);
      for (const id of deleted) sandbox.catalog.deleteProduct(id);
      const removedFromChannel = inChannel[310];
      sandbox.catalog.setChannelAssignments([{ product_id: removedFromChannel, channel_id: 1 }], false);

      const run = await sync(app.strapi, 'incremental');
      expect(run).toMatchObject({ status: 'succeeded', kind: 'incremental', failed: 0, created: 2, deleted: 4 });
      expect(run.updated).toBe(changed.length);
      const stored = await expectCatalogEqual();
      for (const p of created) expect(stored.has(p.id)).toBe(true);
      expect(stored.has(removedFromChannel)).toBe(false);
      expect(events['entry.delete']).toBe(4);
    });

    it('reads nothing more than the changes when nothing was removed', async () => {
      // BigCommerce dates have whole seconds: let the last run's changes fall before the next checkpoint.
      const tick = () => new Promise((resolve) => setTimeout(resolve, 1100));
      await tick();
      await sync(app.strapi, 'incremental');
      await tick();
      sandbox.catalog.updateProduct(1, { price: 77 });
      sandbox.resetStats();
      const run = await sync(app.strapi, 'incremental');
      expect(run).toMatchObject({ updated: 1, created: 0, deleted: 0 });
      // time + categories + brands + one page of changes + one count check + the channel's changed listings
      expect(sandbox.stats().byRoute).toEqual({
        'GET /v2/time': 1,
        'GET /v3/catalog/categories': 1,
        'GET /v3/catalog/brands': 1,
        'GET /v3/catalog/products': 2,
        'GET /v3/channels/:channel_id/listings': 1,
      });
    });
  });

  describe('bad data and failures', () => {
    it('records a product that cannot be mapped and syncs the rest', async () => {
      const broken = [...sandbox.catalog.products.values()].find((p) => p.channels.includes(1) && p.id > 20)!;
      broken.name = '   ';
      broken.date_modified = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
      sandbox.catalog.updateProduct(3, { price: 55 });
      const run = await sync(app.strapi, 'incremental');
      // Every page was read, one product could not be stored: the run says so, not 'succeeded'.
      expect(run).toMatchObject({ status: 'partial', failed: 1, updated: 1 });
      expect(run.checkpoint.failedIds).toEqual([broken.id]);
      expect(run.errors).toEqual([expect.objectContaining({ resource: 'product', bigcommerceId: broken.id, message: expect.stringContaining('name') })]);
      expect(run.message).toMatch(/1 item/);
      // The broken product keeps its last good version rather than disappearing.
      expect((await strapiCatalog(app.strapi)).has(broken.id)).toBe(true);
      broken.name = 'Fixed again';
    });

    it('fails a run cleanly when BigCommerce is down, and the next run works', async () => {
      sandbox.setFaults({ errorRate: 1 });
      const run = await sync(app.strapi, 'incremental');
      sandbox.setFaults({});
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/BigCommerce/);
      expect((await sync(app.strapi, 'incremental')).status).toBe('succeeded');
    });
  });

  describe('admin routes', () => {
    it('allows one run at a time: a second request gets a clear 409', async () => {
      sandbox.setFaults({ latencyMs: 30 });
      const [a, b] = await Promise.all([
        app.http().post('/bigcommerce/sync').set(auth()).send({ kind: 'full' }),
        app.http().post('/bigcommerce/sync').set(auth()).send({ kind: 'full' }),
      ]);
      await app.strapi.plugin('bigcommerce').service('sync').waitForIdle();
      sandbox.setFaults({});
      expect([a.status, b.status].sort()).toEqual([202, 409]);
      const conflict = a.status === 409 ? a : b;
      expect(conflict.body).toMatchObject({ data: null, error: { status: 409 } });
      expect(conflict.body.error.message).toMatch(/already running/);
    });

    it('cancels a running sync at the next page', async () => {
      await app.strapi.db.query(PRODUCT).deleteMany({ where: { bigcommerceId: { $gt: 0 } } });
      sandbox.setFaults({ latencyMs: 150 });
      const started = await app.http().post('/bigcommerce/sync').set(auth()).send({ kind: 'full' }).expect(202);
      // Wait until the run reads products (a phase change is always recorded).
      for (let i = 0; i < 100; i += 1) {
        const { body } = await app.http().get(`/bigcommerce/sync/runs/${started.body.data.id}`).set(auth());
        if (body.data.phase === 'products') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const cancel = await app.http().post(`/bigcommerce/sync/runs/${started.body.data.id}/cancel`).set(auth()).expect(202);
      expect(cancel.body.data.cancelRequested).toBe(true);
      const run = await app.strapi.plugin('bigcommerce').service('sync').waitForIdle();
      sandbox.setFaults({});
      expect(run.status).toBe('cancelled');
      expect(run.done).toBeLessThan(run.total);
      const detail = await app.http().get(`/bigcommerce/sync/runs/${run.id}`).set(auth()).expect(200);
      expect(detail.body.data.status).toBe('cancelled');
      // Heal for the tests after this one.
      expect((await sync(app.strapi, 'full')).status).toBe('succeeded');
    });

    it('lists runs newest first with pagination', async () => {
      const res = await app.http().get('/bigcommerce/sync/runs?page=1&pageSize=2').set(auth()).expect(200);
      expect(res.body.data).toHaveLength(2);
      expect(res.body.data[0].id).toBeGreaterThan(res.body.data[1].id);
      expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2 });
      expect(res.body.meta.pagination.total).toBeGreaterThan(5);
    });

    it('schedules the sync with a cron rule, and unschedules it', async () => {
      const jobs = () => (app.strapi.cron as unknown as { jobs: { name?: string }[] }).jobs.map((job) => job.name);
      expect(jobs()).not.toContain('bigcommerce-catalog-sync');
      const on = await app.http().put('/bigcommerce/sync/schedule').set(auth()).send({ enabled: true, rule: '*/15 * * * *', kind: 'incremental' }).expect(200);
      expect(on.body.data).toEqual({ enabled: true, rule: '*/15 * * * *', kind: 'incremental' });
      expect(jobs()).toContain('bigcommerce-catalog-sync');
      await app.http().put('/bigcommerce/sync/schedule').set(auth()).send({ enabled: false }).expect(200);
      expect(jobs()).not.toContain('bigcommerce-catalog-sync');
      expect((await app.http().get('/bigcommerce/sync/schedule').set(auth()).expect(200)).body.data.enabled).toBe(false);
    });

    it.each([
      ['POST', '/bigcommerce/sync', { kind: 'sometimes' }],
      ['POST', '/bigcommerce/sync', { kind: 'full', force: true }],
      ['GET', '/bigcommerce/sync/runs?page=0', undefined],
      ['GET', '/bigcommerce/sync/runs?pageSize=1000', undefined],
      ['GET', '/bigcommerce/sync/runs/abc', undefined],
      ['PUT', '/bigcommerce/sync/schedule', { rule: 'every day' }],
      ['PUT', '/bigcommerce/sync/schedule', { enabled: 'yes' }],
    ])('%s %s with %j answers 400', async (method, path, body) => {
      const req = method === 'GET' ? app.http().get(path) : method === 'PUT' ? app.http().put(path) : app.http().post(path);
      const res = await req.set(auth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    });

    it('answers 404 for an unknown run and 400 when cancelling a finished one', async () => {
      await app.http().get('/bigcommerce/sync/runs/99999').set(auth()).expect(404);
      const [last] = (await app.http().get('/bigcommerce/sync/runs').set(auth())).body.data;
      const res = await app.http().post(`/bigcommerce/sync/runs/${last.id}/cancel`).set(auth());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/not running/);
    });

    it('guards every sync route: 401 anonymous, 403 without the permission', async () => {
      const editor = await createPlainAdmin(app);
      for (const [method, path] of [
        ['POST', '/bigcommerce/sync'],
        ['GET', '/bigcommerce/sync/runs'],
        ['GET', '/bigcommerce/sync/runs/1'],
        ['POST', '/bigcommerce/sync/runs/1/cancel'],
        ['GET', '/bigcommerce/sync/schedule'],
        ['PUT', '/bigcommerce/sync/schedule'],
      ]) {
        const call = () => (method === 'GET' ? app.http().get(path) : method === 'PUT' ? app.http().put(path) : app.http().post(path));
        expect((await call().send({})).status).toBe(401);
        expect(
          (
            await call()
              .set({ Authorization: `Bearer ${editor.token}` })
              .send({})
          ).status
        ).toBe(403);
      }
    });
  });
});
