// A page is written in slices, each its own transaction (sync/slices.ts writeInSlices): a run that stops
// between two slices of a page leaves part of the page stored and its checkpoint before the page. The
// run resumed from that checkpoint reads the page again; writing its products again must give the same
// stored catalog as a run that was never interrupted: no duplicate rows or links, nothing lost.
import type { Knex } from 'knex';
import type { Context } from 'koa';

import { createBigCommerceClient, silentLogger, type Product } from '../../server/src/bigcommerce';
import { createCatalogStore } from '../../server/src/services/catalog-store';
import { bigcommerceCatalogSource } from '../../server/src/sync/bigcommerce-source';
import { mapProduct } from '../../server/src/sync/mapping';
import { runCatalogSync } from '../../server/src/sync/engine';
import type { CatalogStore, SyncCheckpoint } from '../../server/src/sync/ports';
import { WRITE_SLICE } from '../../server/src/sync/slices';
import { BUSY_WRITE_SLICE, trafficOf } from '../../server/src/utils/traffic';
import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog, strapiCatalog } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const PAGE = 250;

describe('a full sync stopped between two write slices of a page', () => {
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 900, seed: 21, rateLimit: false });
    app = await bootStrapi({ env: sandboxEnv(sandbox) });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const source = () =>
    bigcommerceCatalogSource(createBigCommerceClient({ storeHash: sandbox.storeHash, accessToken: sandbox.accessToken, apiUrl: sandbox.url, pacing: false }));
  const knex = () => app.strapi.db.connection as unknown as Knex;
  const control = { progress: async () => undefined, isCancelled: async () => false };
  /** The whole catalog stored, with its categories, brands and links, whatever ran before. */
  const storeCatalog = () =>
    runCatalogSync({ kind: 'full', channelIds: [1], source: source(), store: createCatalogStore(app.strapi), logger: silentLogger, control });
  const firstPage = async (): Promise<Product[]> => {
    for await (const { items } of source().productPages({ channelIds: [1] })) return items;
    return [];
  };

  it('is resumed from its checkpoint and ends with the catalog whole, without duplicates', async () => {
    const store = createCatalogStore(app.strapi);
    // The "crash": the second slice of the second page never returns, as if the process died there.
    expect(WRITE_SLICE).toBeLessThan(PAGE);
    const stopAt = Math.ceil(PAGE / WRITE_SLICE) + 2;
    let calls = 0;
    let stopped!: () => void;
    const reachedStop = new Promise<void>((resolve) => (stopped = resolve));
    const dying: CatalogStore = {
      ...store,
      writeProducts: (records, existing) => {
        calls += 1;
        if (calls < stopAt) return store.writeProducts(records, existing);
        stopped();
        return new Promise(() => undefined);
      },
    };
    let checkpoint: SyncCheckpoint | undefined;
    const first = runCatalogSync({
      kind: 'full',
      channelIds: [1],
      source: source(),
      store: dying,
      logger: silentLogger,
      control: { progress: async (progress) => void (checkpoint = progress.checkpoint), isCancelled: async () => false },
    });
    // Old code (one write a page) finishes the run instead of stopping between slices.
    const outcome = await Promise.race([reachedStop.then(() => 'stopped' as const), first.then(() => 'finished' as const)]);
    expect(outcome).toBe('stopped');

    // The first page is stored and checkpointed; of the second, exactly the slice written before the stop.
    expect(checkpoint).toMatchObject({ phase: 'products' });
    const after = checkpoint!.lastProductId;
    expect(after).toBeGreaterThan(0);
    const table = 'bigcommerce_products';
    const count = async (query: Knex.QueryBuilder) => Number(((await query.count({ n: '*' })) as { n: number | string }[])[0].n);
    expect(await count(knex()(table).where('bigcommerce_id', '<=', after))).toBe(PAGE);
    expect(await count(knex()(table).where('bigcommerce_id', '>', after))).toBe(WRITE_SLICE);

    // The next run resumes from the checkpoint: it reads the second page again and writes what it lacks.
    const resumed = await runCatalogSync({
      kind: 'full',
      channelIds: [1],
      source: source(),
      store: createCatalogStore(app.strapi),
      logger: silentLogger,
      resumeFrom: checkpoint,
      control: { progress: async () => undefined, isCancelled: async () => false },
    });
    expect(resumed).toMatchObject({ status: 'succeeded', failed: 0 });
    // The slices already written are whole (rows and links in one transaction): found unchanged by their hash.
    expect(resumed.unchanged).toBe(WRITE_SLICE);

    const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
    expect(actual.size).toBe(expected.size);
    for (const [id, product] of expected) expect(actual.get(id)).toEqual(product);
    // One row a product, one document a row, one link row a link.
    expect(await count(knex()(table))).toBe(expected.size);
    const documents = (await knex()(table).countDistinct({ n: 'document_id' })) as { n: number | string }[];
    expect(Number(documents[0].n)).toBe(expected.size);
    const links = [...expected.values()].reduce((sum, p) => sum + p.categories.length + p.channels.length + (p.brand ? 1 : 0), 0);
    const linkRows =
      (await count(knex()('bigcommerce_products_categories_lnk'))) +
      (await count(knex()('bigcommerce_products_channels_lnk'))) +
      (await count(knex()('bigcommerce_products_brand_lnk')));
    expect(linkRows).toBe(links);
  });

  it('sends entry events behind the writes: a slow listener holds the run, not the writer, and no event is lost', async () => {
    // Every product rewritten, as after a mapping change: one entry.update each.
    await knex()('bigcommerce_products').update({ content_hash: null });
    const expected = await sandboxCatalog(sandbox);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sent = 0;
    const off = app.strapi.eventHub.on('entry.update', async (payload: { uid: string }) => {
      if (payload.uid !== 'plugin::bigcommerce.product') return;
      await held;
      sent += 1;
    });
    try {
      const store = createCatalogStore(app.strapi);
      let writes = 0;
      const counting: CatalogStore = {
        ...store,
        writeProducts: async (records, existing) => {
          const written = await store.writeProducts(records, existing);
          writes += 1;
          return written;
        },
      };
      let finished = false;
      const run = runCatalogSync({
        kind: 'full',
        channelIds: [1],
        source: source(),
        store: counting,
        logger: silentLogger,
        control: { progress: async () => undefined, isCancelled: async () => false },
      }).finally(() => (finished = true));
      // The listener holds the first write's events; the writer goes on (on old code no write returned).
      for (let waited = 0; writes < 2 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(writes).toBeGreaterThanOrEqual(2);
      expect(sent).toBe(0);
      expect(finished).toBe(false);
      release();
      expect(await run).toMatchObject({ status: 'succeeded', failed: 0, updated: expected.size });
      // The run ended once every event was out.
      expect(sent).toBe(expected.size);
    } finally {
      release();
      off();
    }
  });

  it("under storefront traffic, small write slices share their entry events' reads in small chunks, and every product gets its one event", async () => {
    // Stored first (whatever ran before), then every product rewritten.
    await storeCatalog();
    await knex()('bigcommerce_products').update({ content_hash: null });
    const expected = await sandboxCatalog(sandbox);
    const updated: number[] = [];
    const off = app.strapi.eventHub.on('entry.update', async (payload: { uid: string; entry: { id: number } }) => {
      if (payload.uid === 'plugin::bigcommerce.product') updated.push(payload.entry.id);
    });
    // Hydrating product entries for events: Strapi's `select t0.*` of the products table, its ids bound.
    const eventReads: number[] = [];
    const count = ({ sql, bindings }: { sql: string; bindings?: unknown[] }) =>
      void (/^select [`"]t0[`"]\.\*.* from [`"]bigcommerce_products[`"] as [`"]t0[`"]/i.test(sql) && eventReads.push(bindings?.length ?? 0));
    // Storefront requests all through the run (one every 100 ms), as the plugin's traffic middleware counts them.
    const traffic = trafficOf(app.strapi);
    const request = () => traffic.middleware({ path: '/api/bigcommerce/products' } as Context, async () => undefined);
    await request();
    const requests = setInterval(() => void request(), 100);
    knex().on('query', count);
    try {
      expect(traffic.pacing.writeSlice()).toBe(BUSY_WRITE_SLICE);
      const run = await runCatalogSync({
        kind: 'full',
        channelIds: [1],
        source: source(),
        store: createCatalogStore(app.strapi),
        logger: silentLogger,
        pacing: traffic.pacing,
        control,
      });
      expect(run).toMatchObject({ status: 'succeeded', failed: 0, updated: expected.size });
      expect(updated).toHaveLength(expected.size);
      expect(new Set(updated).size).toBe(expected.size);
      // One read a write slice before (163 here); now one per 25 entries gathered, or a page's rest.
      const pages = Math.ceil(expected.size / PAGE);
      expect(eventReads.length).toBeLessThanOrEqual(Math.ceil(expected.size / 25) + pages);
      expect(eventReads.length).toBeLessThan(expected.size / BUSY_WRITE_SLICE / 3);
      // Each read small enough for a storefront request to wait for it, not a whole page's.
      expect(Math.max(...eventReads)).toBeLessThanOrEqual(25);
    } finally {
      knex().off('query', count);
      clearInterval(requests);
      off();
    }
  });

  it('writes a slice in the same few statements whatever it holds (each one a round trip on PostgreSQL)', async () => {
    // The catalog stored first, with its links, whatever ran before: the slices below rewrite stored products.
    await storeCatalog();
    const page = await firstPage();
    // Changed since they were stored, as a rewrite after a mapping change.
    const records = page.map((product) => ({ ...mapProduct(product, [1]), contentHash: `changed-${product.id}` }));
    const existing = new Set(records.map((record) => record.bigcommerceId));
    const store = createCatalogStore(app.strapi, { emitEvents: false });
    await store.writeProducts(records.slice(0, 5), existing); // the store's one-off slug backfill
    const statementsFor = async (slice: typeof records) => {
      let statements = 0;
      // Statements, not the transaction's BEGIN and COMMIT.
      const count = ({ sql }: { sql: string }) => void (/^(BEGIN|COMMIT)/i.test(sql) || (statements += 1));
      knex().on('query', count);
      try {
        expect(await store.writeProducts(slice, existing)).toHaveLength(slice.length);
      } finally {
        knex().off('query', count);
      }
      return statements;
    };
    const few = await statementsFor(records.slice(5, 15));
    const many = await statementsFor(records.slice(15, 15 + WRITE_SLICE));
    expect(many).toBe(few);
    // Stored rows and link targets in one lookup, an upsert that returns what it wrote, the slug groups, and
    // the stored links (left as they are: the same links). Relinking them took 5 more on SQLite, 1 on PostgreSQL.
    expect(many).toBeLessThanOrEqual(4);
  });

  it("rewrites only the links that changed: a price change keeps a product's links, a new category relinks that product alone", async () => {
    // The catalog stored first (its categories and brands too), whatever ran before.
    await storeCatalog();
    const page = await firstPage();
    const store = createCatalogStore(app.strapi, { emitEvents: false });
    const records = page.slice(0, 20).map((product) => mapProduct(product, [1]));
    const existing = new Set(records.map((record) => record.bigcommerceId));
    await store.writeProducts(records, existing);
    const linkTables = ['bigcommerce_products_categories_lnk', 'bigcommerce_products_brand_lnk', 'bigcommerce_products_channels_lnk'];
    const linksOf = async (bigcommerceId: number) => {
      const [row] = (await knex()('bigcommerce_products').where('bigcommerce_id', bigcommerceId).select('id')) as { id: number }[];
      return knex()('bigcommerce_products_categories_lnk').where('product_id', row.id).orderBy('category_ord').pluck('category_id');
    };
    const linkWrites = async (write: () => Promise<unknown>) => {
      const seen: string[] = [];
      const watch = ({ sql }: { sql: string }) => {
        // PostgreSQL sends a relation's deletes and inserts as one statement with data-modifying WITH clauses.
        if (/^(insert|delete|with)/i.test(sql) && linkTables.some((table) => sql.includes(table))) seen.push(sql.slice(0, 12));
      };
      knex().on('query', watch);
      try {
        await write();
      } finally {
        knex().off('query', watch);
      }
      return seen.length;
    };

    // Every product changed (price), none of its links: no link row deleted or inserted.
    const repriced = records.map((record) => ({ ...record, price: record.price + 1, contentHash: `repriced-${record.bigcommerceId}` }));
    expect(await linkWrites(() => store.writeProducts(repriced, existing))).toBe(0);

    // One product in a category more, another with its categories in the other order: those two relinked, exactly.
    const [other] = (await knex()('bigcommerce_categories').whereNotIn('bigcommerce_id', repriced[0].categoryIds).select('bigcommerce_id')) as {
      bigcommerce_id: number;
    }[];
    const twoCategories = repriced.findIndex((record, index) => index > 0 && record.categoryIds.length >= 2);
    expect(twoCategories).toBeGreaterThan(0);
    const moved = repriced.map((record, index) =>
      index === 0
        ? { ...record, categoryIds: [...record.categoryIds, other.bigcommerce_id], contentHash: 'recategorised' }
        : index === twoCategories
          ? { ...record, categoryIds: [...record.categoryIds].reverse(), contentHash: 'reordered' }
          : record
    );
    const before = await Promise.all(repriced.map((record) => linksOf(record.bigcommerceId)));
    expect(await linkWrites(() => store.writeProducts(moved, existing))).toBeGreaterThan(0);
    const after = await Promise.all(moved.map((record) => linksOf(record.bigcommerceId)));
    const categoryRow = async (bigcommerceId: number) =>
      ((await knex()('bigcommerce_categories').where('bigcommerce_id', bigcommerceId).select('id')) as { id: number }[])[0].id;
    expect(after[0]).toEqual([...before[0], await categoryRow(other.bigcommerce_id)]);
    expect(after[twoCategories]).toEqual([...before[twoCategories]].reverse());
    after.forEach((links, index) => {
      if (index !== 0 && index !== twoCategories) expect(links).toEqual(before[index]);
    });
  });
});
