import { createHash } from 'node:crypto';

import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog, strapiCatalog, sync } from '../helpers/catalog';
import { bootStrapi, createPlainAdmin, registerSuperAdmin, sandboxEnv, type AdminSession, type TestApp } from '../helpers/strapi';
import { WEBHOOK_SCOPES } from '../../server/src/services/webhooks';

const PRODUCT = 'plugin::bigcommerce.product';
const SECRET_HEADER = 'x-bigcommerce-webhook-secret';

const waitFor = async <T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 8000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('webhooks: sandbox deliveries into a running Strapi', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;
  let secret: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 400, seed: 5, rateLimit: false });
    app = await bootStrapi({
      listen: true,
      env: { ...sandboxEnv(sandbox), BIGCOMMERCE_RETRIES: '1' },
    });
    admin = await registerSuperAdmin(app);
    await app
      .http()
      .put('/bigcommerce/settings')
      .set(auth())
      .send({ webhookUrl: `${app.url}/api/bigcommerce/webhooks` })
      .expect(200);
    expect((await sync(app.strapi, 'full')).status).toBe('succeeded');
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const auth = () => ({ Authorization: `Bearer ${admin.token}` });
  const product = async (id: number) => (await app.strapi.db.query(PRODUCT).findOne({ where: { bigcommerceId: id } })) as Record<string, unknown> | null;
  const inChannel = () => [...sandbox.catalog.products.values()].filter((p) => p.channels.includes(1)).map((p) => p.id);
  const eventCount = () => app.strapi.db.query('plugin::bigcommerce.webhook-event').count();
  const payload = (scope: string, id: number, salt = '') => {
    const body = { scope, store_id: '1001', data: { type: 'product', id }, created_at: Math.floor(Date.now() / 1000), producer: `stores/${sandbox.storeHash}` };
    return {
      ...body,
      hash: createHash('sha1')
        .update(JSON.stringify(body) + salt)
        .digest('hex'),
    };
  };
  const deliver = (body: object, headers: Record<string, string> = { [SECRET_HEADER]: secret }) =>
    app.http().post('/api/bigcommerce/webhooks').set(headers).send(body);

  describe('registration', () => {
    it('registers one hook per scope with a secret header, and a second run changes nothing', async () => {
      const first = await app.http().post('/bigcommerce/webhooks/register').set(auth()).expect(200);
      expect(first.body.data.hooks.map((hook: { scope: string; action: string }) => [hook.scope, hook.action])).toEqual([
        ['store/product/*', 'created'],
        ['store/sku/*', 'created'],
        ['store/category/*', 'created'],
        ['store/priceList/*', 'created'],
        ['store/priceLists/*', 'created'],
      ]);
      const hooks = [...sandbox.catalog.hooks.values()];
      expect(hooks).toHaveLength(WEBHOOK_SCOPES.length);
      secret = hooks[0].headers![SECRET_HEADER];
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(hooks.every((hook) => hook.destination === `${app.url}/api/bigcommerce/webhooks` && hook.is_active)).toBe(true);
      // The secret never leaves the server: not in the registration report, not in settings.
      expect(JSON.stringify(first.body)).not.toContain(secret);
      expect(JSON.stringify((await app.http().get('/bigcommerce/settings').set(auth())).body)).not.toContain(secret);

      const second = await app.http().post('/bigcommerce/webhooks/register').set(auth()).expect(200);
      expect(second.body.data.hooks.every((hook: { action: string }) => hook.action === 'unchanged')).toBe(true);
      expect(sandbox.catalog.hooks.size).toBe(WEBHOOK_SCOPES.length);
    });

    it('moves the hooks when the destination changes', async () => {
      const other = `${app.url}/api/bigcommerce/webhooks?moved=1`;
      await app.http().put('/bigcommerce/settings').set(auth()).send({ webhookUrl: other }).expect(200);
      const res = await app.http().post('/bigcommerce/webhooks/register').set(auth()).expect(200);
      expect(res.body.data.hooks.every((hook: { action: string }) => hook.action === 'updated')).toBe(true);
      expect([...sandbox.catalog.hooks.values()].every((hook) => hook.destination === other)).toBe(true);
      expect(sandbox.catalog.hooks.size).toBe(WEBHOOK_SCOPES.length);
      await app
        .http()
        .put('/bigcommerce/settings')
        .set(auth())
        .send({ webhookUrl: `${app.url}/api/bigcommerce/webhooks` })
        .expect(200);
      await app.http().post('/bigcommerce/webhooks/register').set(auth()).expect(200);
    });
  });

  describe('real deliveries from the sandbox', () => {
    it('carries a price change to the Strapi record', async () => {
      const id = inChannel()[3];
      sandbox.catalog.updateProduct(id, { price: 432.1 });
      await waitFor(async () => Number((await product(id))?.price) === 432.1, 'the new price');
    });

    it('carries an inventory change to the synced record and the live read path', async () => {
      const id = [...sandbox.catalog.products.values()].find((p) => p.channels.includes(1) && p.inventory_tracking === 'product')!.id;
      const live = app.strapi.plugin('bigcommerce').service('live');
      // The last test's events may still be read (their products' listings): live reads go only while nothing else is in flight here (no quota headers).
      await app.strapi.plugin('bigcommerce').service('webhook-worker').drainNow();
      expect((await live.fetch([id])).sources.get(id)).toBe('live');
      sandbox.catalog.updateProduct(id, { inventory_level: 4321 });
      await waitFor(async () => (await product(id))?.inventoryLevel === 4321, 'the new stock level');
      // The batch reads its products' listings after writing them: done with that (see above), the next read is
      // fresh, since the webhook invalidated the cached live value.
      await app.strapi.plugin('bigcommerce').service('webhook-worker').drainNow();
      const fresh = await live.fetch([id]);
      expect(fresh.sources.get(id)).toBe('live');
      expect(fresh.values.get(id)?.inventoryLevel).toBe(4321);
    });

    it('removes a product deleted in BigCommerce', async () => {
      const id = inChannel()[5];
      expect(await product(id)).not.toBeNull();
      sandbox.catalog.deleteProduct(id);
      await waitFor(async () => (await product(id)) === null, 'the deletion');
    });

    it('creates a category added in BigCommerce', async () => {
      const created = sandbox.catalog.createCategory({ name: 'Webhook Category', parent_id: 0 });
      await waitFor(async () => app.strapi.db.query('plugin::bigcommerce.category').findOne({ where: { bigcommerceId: created.id } }), 'the new category');
    });
  });

  describe('the receiver', () => {
    it('answers 401 and stores nothing for a missing or wrong secret', async () => {
      const before = await eventCount();
      const body = payload('store/product/updated', inChannel()[0], 'secret-check');
      expect((await deliver(body, {})).status).toBe(401);
      const wrong = await deliver(body, { [SECRET_HEADER]: 'not-the-secret' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError' });
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['no body', undefined],
      ['no hash', { scope: 'store/product/updated', store_id: '1', data: { type: 'product', id: 1 }, created_at: 1, producer: 'x' }],
      ['a bad scope', { scope: 'DROP TABLE', store_id: '1', data: { type: 'product', id: 1 }, hash: 'a'.repeat(40), created_at: 1, producer: 'x' }],
      [
        'a non-numeric id',
        { scope: 'store/product/updated', store_id: '1', data: { type: 'product', id: 'seven' }, hash: 'b'.repeat(40), created_at: 1, producer: 'x' },
      ],
    ])('answers 400 for %s and stores nothing', async (_, body) => {
      const before = await eventCount();
      const res = await deliver(body ?? {});
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
      expect(await eventCount()).toBe(before);
    });

    it('stores the same hash once', async () => {
      const before = await eventCount();
      const body = payload('store/product/updated', inChannel()[0], 'dup');
      const first = await deliver(body).expect(200);
      const second = await deliver(body).expect(200);
      expect(first.body.data.duplicate).toBe(false);
      expect(second.body.data.duplicate).toBe(true);
      expect(await eventCount()).toBe(before + 1);
    });
  });

  describe('the worker', () => {
    const worker = () => app.strapi.plugin('bigcommerce').service('webhook-worker');

    it('applies a burst of repeats with one refetch per product, both in one request', async () => {
      await worker().drainNow(); // nothing left over from earlier tests
      await worker().stop();
      const [a, b] = inChannel().slice(20, 22);
      sandbox.catalog.updateProduct(a, { price: 11.11 });
      sandbox.catalog.updateProduct(b, { price: 22.22 });
      await sandbox.flushWebhooks();
      for (let i = 0; i < 100; i += 1) await deliver(payload('store/product/updated', a, `burst-${i}`)).expect(200);
      for (let i = 0; i < 50; i += 1) await deliver(payload('store/sku/inventory/updated', b, `sku-${i}`)).expect(200);
      sandbox.resetStats();
      worker().start();
      await worker().drainNow();
      // The products in one request, and their listings on the served channel in one more.
      expect(sandbox.stats().byRoute).toEqual({ 'GET /v3/catalog/products': 1, 'GET /v3/channels/:channel_id/listings': 1 });
      const pending = await app.strapi.db.query('plugin::bigcommerce.webhook-event').count({ where: { status: { $in: ['pending', 'processing', 'failed'] } } });
      expect(pending).toBe(0);
      expect(Number((await product(a))?.price)).toBe(11.11);
      expect(Number((await product(b))?.price)).toBe(22.22);
    });

    it('skips the refetch for late events created before the last one began, not for newer ones', async () => {
      await worker().drainNow();
      const id = inChannel()[25];
      sandbox.catalog.updateProduct(id, { price: 33.33 });
      await sandbox.flushWebhooks();
      await worker().drainNow();
      expect(Number((await product(id))?.price)).toBe(33.33);
      const skewMs = app.strapi.config.get('plugin::bigcommerce.webhookClockSkewMs') as number;
      // A re-delivery (new hash) of an event BigCommerce created well before that refetch: nothing to read.
      const old = { ...payload('store/product/updated', id, 'late'), created_at: Math.floor((Date.now() - skewMs) / 1000) - 5 };
      sandbox.resetStats();
      await deliver(old).expect(200);
      await worker().drainNow();
      expect(sandbox.stats().byRoute).toEqual({});
      expect(await app.strapi.db.query('plugin::bigcommerce.webhook-event').findOne({ where: { hash: old.hash } })).toMatchObject({ status: 'done' });
      // An event created now may report a change the refetch did not see: it is read again.
      sandbox.catalog.updateProduct(id, { price: 44.44 });
      await sandbox.flushWebhooks();
      await worker().drainNow();
      expect(sandbox.stats().byRoute).toEqual({ 'GET /v3/catalog/products': 1, 'GET /v3/channels/:channel_id/listings': 1 });
      expect(Number((await product(id))?.price)).toBe(44.44);
    });

    it('survives refetch failures: the event is retried later and then applied', async () => {
      const id = inChannel()[30];
      await worker().stop();
      sandbox.setFaults({ burst5xx: 4 });
      sandbox.catalog.updateProduct(id, { price: 77.7 });
      await sandbox.flushWebhooks();
      worker().start();
      await worker().drainNow();
      const failed = await app.strapi.db.query('plugin::bigcommerce.webhook-event').findOne({ where: { resourceId: id, status: 'failed' } });
      expect(failed).toMatchObject({ attempts: 1 });
      expect(failed.lastError).toMatch(/5\d\d/);
      sandbox.setFaults({});
      await new Promise((resolve) => setTimeout(resolve, 1100)); // first backoff step
      await worker().drainNow();
      expect(Number((await product(id))?.price)).toBe(77.7);
    });

    it('keeps the newest data when events arrive during a full sync', async () => {
      sandbox.setFaults({ latencyMs: 40 });
      const ids = inChannel();
      const service = app.strapi.plugin('bigcommerce').service('sync');
      await service.start({ kind: 'full', trigger: 'api' });
      // Changes to products both behind and ahead of the sync's position, while it runs.
      for (const id of [ids[2], ids[150], ids[300]]) {
        sandbox.catalog.updateProduct(id, { price: 500 + (id % 7) });
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      sandbox.catalog.deleteProduct(ids[200]);
      await service.waitForIdle();
      await sandbox.flushWebhooks();
      sandbox.setFaults({});
      await worker().drainNow();
      const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
      expect([...actual.keys()].sort((x, y) => x - y)).toEqual([...expected.keys()].sort((x, y) => x - y));
      for (const [id, record] of expected) expect(actual.get(id)).toEqual(record);
    });
  });

  describe('a channel removal during a full sync', () => {
    const inbox = () => app.strapi.plugin('bigcommerce').service('webhook-inbox');

    it('is recorded as a removal by the worker, as a deletion is', async () => {
      const since = new Date();
      const id = inChannel()[7];
      expect(await product(id)).not.toBeNull();
      sandbox.catalog.setChannelAssignments([{ product_id: id, channel_id: 1 }], false);
      await deliver(payload('store/product/updated', id, 'unassigned')).expect(200);
      await waitFor(async () => (await product(id)) === null, 'the removal');
      // The worker marks the event done after applying it (a statement of its own): wait for that too.
      await waitFor(async () => (await inbox().deletedSince('product', since)).includes(id), 'the removal recorded');
      // Assigned again: the latest applied event brings it back, and the removal no longer counts.
      sandbox.catalog.setChannelAssignments([{ product_id: id, channel_id: 1 }], true);
      await deliver(payload('store/product/updated', id, 'assigned')).expect(200);
      // The row is back as soon as it is written; the event counts as applied once the worker completes it, after.
      await waitFor(async () => (await product(id)) !== null && !(await inbox().deletedSince('product', since)).includes(id), 'the product back');
      expect(await product(id)).not.toBeNull();
    });

    it('stays removed when the sync writes the product again from a page it read before', async () => {
      sandbox.setFaults({ latencyMs: 500 });
      const id = inChannel()[1];
      const stale = await product(id);
      expect(stale).not.toBeNull();
      sandbox.resetStats();
      const service = app.strapi.plugin('bigcommerce').service('sync');
      const run = await service.start({ kind: 'full', trigger: 'api' });
      // The second product page is asked for once the first (which holds the product) was answered.
      await waitFor(async () => (sandbox.stats().byRoute['GET /v3/catalog/products'] ?? 0) >= 2, 'the second page');
      // Taken out of the channel now; the worker's outcome is recorded as it records it (see above).
      sandbox.catalog.setChannelAssignments([{ product_id: id, channel_id: 1 }], false);
      await inbox().receive(payload('store/product/updated', id, 'unassigned-during-sync'));
      const claimed = await inbox().claim(10, 10_000);
      await app.strapi.db.query(PRODUCT).delete({ where: { bigcommerceId: id } });
      await inbox().complete(
        claimed.map((event: { id: number }) => event.id),
        'done',
        Date.now(),
        true
      );
      // The run then writes the row it read before the removal (the race, made certain).
      const { id: _rowId, documentId: _documentId, ...row } = stale!;
      await app.strapi.db.query(PRODUCT).create({ data: row });
      expect((await app.strapi.db.query('plugin::bigcommerce.sync-run').findOne({ where: { id: run.id } })).status).toBe('running');
      expect(await service.waitForIdle()).toMatchObject({ status: 'succeeded' });
      sandbox.setFaults({});
      expect(await product(id)).toBeNull();
      const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
      expect([...actual.keys()].sort((x, y) => x - y)).toEqual([...expected.keys()].sort((x, y) => x - y));
    });
  });

  describe('health and admin routes', () => {
    it('re-activates a hook BigCommerce deactivated, and re-creates a missing one', async () => {
      const [first, second] = [...sandbox.catalog.hooks.values()];
      first.is_active = false;
      sandbox.catalog.hooks.delete(second.id);
      const res = await app.http().post('/bigcommerce/webhooks/health-check').set(auth()).expect(200);
      const actions = Object.fromEntries(res.body.data.hooks.map((hook: { scope: string; action: string }) => [hook.scope, hook.action]));
      expect(actions[first.scope]).toBe('reactivated');
      expect(actions[second.scope]).toBe('created');
      expect([...sandbox.catalog.hooks.values()].every((hook) => hook.is_active)).toBe(true);
      const status = await app.http().get('/bigcommerce/webhooks').set(auth()).expect(200);
      expect(status.body.data.lastCheck.checkedAt).toBe(res.body.data.checkedAt);
      expect(status.body.data.hooks).toHaveLength(WEBHOOK_SCOPES.length);
      expect(status.body.data.inbox.done).toBeGreaterThan(0);
      expect(status.body.data.inbox.lastReceivedAt).toBeTruthy();
    });

    it('lists events and replays a dead one', async () => {
      const events = app.strapi.db.query('plugin::bigcommerce.webhook-event');
      const some = await events.findOne({ where: { status: 'done' } });
      await events.update({ where: { id: some.id }, data: { status: 'dead', attempts: 6, lastError: 'gave up' } });
      const dead = await app.http().get('/bigcommerce/webhooks/events?status=dead').set(auth()).expect(200);
      expect(dead.body.data.map((event: { id: number }) => event.id)).toContain(some.id);
      const replay = await app.http().post(`/bigcommerce/webhooks/events/${some.id}/replay`).set(auth()).expect(202);
      expect(replay.body.data).toMatchObject({ status: 'pending', attempts: 0 });
      await waitFor(async () => (await events.findOne({ where: { id: some.id } })).status === 'done', 'the replayed event');
      await app.http().post('/bigcommerce/webhooks/events/999999/replay').set(auth()).expect(404);
      await app.http().get('/bigcommerce/webhooks/events?status=bogus').set(auth()).expect(400);
    });

    it('guards the admin routes: 401 anonymous, 403 without the permission', async () => {
      const editor = await createPlainAdmin(app);
      for (const [method, path] of [
        ['GET', '/bigcommerce/webhooks'],
        ['POST', '/bigcommerce/webhooks/register'],
        ['POST', '/bigcommerce/webhooks/health-check'],
        ['GET', '/bigcommerce/webhooks/events'],
        ['POST', '/bigcommerce/webhooks/events/1/replay'],
      ]) {
        const call = () => (method === 'GET' ? app.http().get(path) : app.http().post(path));
        expect((await call()).status).toBe(401);
        expect((await call().set({ Authorization: `Bearer ${editor.token}` })).status).toBe(403);
      }
    });
  });
});
