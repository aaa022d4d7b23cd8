import { createHash } from 'node:crypto';

import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog, strapiCatalog, sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';
const EVENT = 'plugin::bigcommerce.webhook-event';
const REASON = 'poisoned SKU';
/** The database's own words: SQLite's trigger raises REASON, PostgreSQL's CHECK names its constraint. */
const REFUSAL = new RegExp(`${REASON}|refuse_poison`);

/** BigCommerce dates have whole seconds: let a change fall before the next run's checkpoint. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('a product the database refuses costs only that product', () => {
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 600, seed: 7, rateLimit: false });
    app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_RETRIES: '1' } });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const inChannel = () => [...sandbox.catalog.products.values()].filter((p) => p.channels.includes(1)).map((p) => p.id);
  const table = () => (app.strapi.db.metadata.get(PRODUCT) as unknown as { tableName: string }).tableName;
  const sql = (statement: string) => app.strapi.db.connection.raw(statement);
  const stored = async (id: number) => (await app.strapi.db.query(PRODUCT).findOne({ where: { bigcommerceId: id } })) as Record<string, unknown> | null;

  /**
   * The database itself refuses rows whose SKU starts with POISON, as PostgreSQL refuses a NUL: a
   * trigger on SQLite, a check constraint on PostgreSQL. Nothing in the plugin knows about it.
   */
  const refuse = async (on: boolean) => {
    const client = app.strapi.db.dialect.client;
    if (client === 'sqlite') {
      if (on) {
        for (const when of ['INSERT', 'UPDATE']) {
          await sql(
            `CREATE TRIGGER refuse_poison_${when.toLowerCase()} BEFORE ${when} ON ${table()} WHEN NEW.sku LIKE 'POISON%' BEGIN SELECT RAISE(ABORT, '${REASON}'); END`
          );
        }
      } else {
        for (const when of ['insert', 'update']) await sql(`DROP TRIGGER refuse_poison_${when}`);
      }
    } else if (on) {
      await sql(`ALTER TABLE ${table()} ADD CONSTRAINT refuse_poison CHECK (sku NOT LIKE 'POISON%') NOT VALID`);
    } else {
      await sql(`ALTER TABLE ${table()} DROP CONSTRAINT refuse_poison`);
    }
  };

  let poisoned: number;
  let withNul: number;
  let longUrl: number;

  it('full sync: the refused product fails alone, the run ends partial with a short reason, and odd values are made storable', async () => {
    const ids = inChannel();
    [poisoned, withNul, longUrl] = [ids[300], ids[310], ids[320]];
    sandbox.catalog.updateProduct(poisoned, { sku: 'POISON-1' });
    sandbox.catalog.updateProduct(withNul, { description: 'x\u0000y' });
    // Beyond BigCommerce's own 255: set on the record itself, the way an odd store could hold it.
    const long = sandbox.catalog.products.get(longUrl)!;
    long.custom_url = { url: `/${'long-'.repeat(60)}/`, is_customized: true };
    await refuse(true);
    await tick();

    const run = await sync(app.strapi, 'full');
    expect(run).toMatchObject({ status: 'partial', failed: 1 });
    expect(run.errors).toEqual([{ resource: 'product', bigcommerceId: poisoned, message: expect.stringMatching(REFUSAL) }]);
    expect(run.errors[0].message).not.toMatch(/insert into/i);
    expect(run.errors[0].message.length).toBeLessThanOrEqual(300);
    expect(run.message).toMatch(/1 item/);
    expect(run.checkpoint?.failedIds).toEqual([poisoned]);

    // Every other product of its page (and of the catalog) is stored as BigCommerce has it.
    const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
    expect(actual.has(poisoned)).toBe(false);
    expect(actual.size).toBe(expected.size - 1);
    for (const [id, product] of expected) {
      if (id === poisoned || id === withNul || id === longUrl) continue;
      expect(actual.get(id)).toEqual(product);
    }
    expect((await stored(withNul))?.description).toBe('xy');
    const longRow = await stored(longUrl);
    expect(longRow?.customUrl).toBe(long.custom_url.url.slice(0, 255));
    expect(String(longRow?.slug).length).toBeLessThanOrEqual(255);
  });

  it('the next incremental run refetches the failed product by id although BigCommerce did not change it', async () => {
    await refuse(false);
    sandbox.resetStats();
    const run = await sync(app.strapi, 'incremental');
    expect(run).toMatchObject({ status: 'succeeded', failed: 0, created: 1 });
    expect(run.checkpoint?.failedIds).toEqual([]);
    expect((await stored(poisoned))?.sku).toBe('POISON-1');
    // A second run has nothing left to retry.
    const again = await sync(app.strapi, 'incremental');
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, failed: 0 });
  });

  it('webhooks: a refused product fails its own events only; the other products of its batch are applied', async () => {
    const worker = app.strapi.plugin('bigcommerce').service('webhook-worker');
    const inbox = app.strapi.plugin('bigcommerce').service('webhook-inbox');
    await worker.drainNow();
    await worker.stop();
    const batch = inChannel().slice(100, 114);
    const bad = batch[6];
    for (const id of batch) sandbox.catalog.updateProduct(id, { price: 70 + (id % 20) });
    sandbox.catalog.updateProduct(bad, { sku: 'POISON-2' });
    await refuse(true);
    try {
      for (const id of batch) {
        const body = {
          scope: 'store/product/updated',
          store_id: '1001',
          data: { type: 'product', id },
          created_at: Math.floor(Date.now() / 1000),
          producer: `stores/${sandbox.storeHash}`,
        };
        await inbox.receive({ ...body, hash: createHash('sha1').update(`isolation-${id}`).digest('hex') });
      }
      await worker.drainNow();
      for (const id of batch.filter((id) => id !== bad)) expect(Number((await stored(id))?.price)).toBe(70 + (id % 20));
      const events = (await app.strapi.db.query(EVENT).findMany({ where: { resourceId: { $in: batch } } })) as {
        resourceId: number;
        status: string;
        lastError: string | null;
      }[];
      expect(
        events
          .filter((event) => event.status === 'done')
          .map((event) => event.resourceId)
          .sort()
      ).toEqual(batch.filter((id) => id !== bad).sort());
      const failed = events.find((event) => event.resourceId === bad)!;
      expect(failed.status).toBe('failed');
      expect(failed.lastError).toMatch(REFUSAL);
      expect(failed.lastError).not.toMatch(/insert into/i);
      expect(failed.lastError!.length).toBeLessThanOrEqual(300);
    } finally {
      await refuse(false);
      worker.start();
    }
  });
});
