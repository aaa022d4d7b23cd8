import { Client as PgClient } from 'pg';

import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const TRIGRAM_INDEX = 'bigcommerce_products_search_trgm_idx';
const PRODUCT = 'plugin::bigcommerce.product';

const isPostgres = process.env.DATABASE_CLIENT === 'postgres';

const pgAdmin = (database = 'postgres') =>
  new PgClient({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD ?? '',
    database,
  });

type Raw = { rows: Record<string, unknown>[] };

/** Whether the trigram index is there and valid; waits for the build the plugin starts after boot (bounded). */
const trigramIndexReady = async (app: TestApp): Promise<boolean> => {
  for (let attempt = 0; attempt < 300; attempt++) {
    const { rows } = (await app.strapi.db.connection.raw(
      `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ?`,
      [TRIGRAM_INDEX]
    )) as Raw;
    if (rows[0]?.valid) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};

/** A word of a visible product's name that the storefront search must find, with the product's id. */
const searchable = async (app: TestApp): Promise<{ word: string; id: number }> => {
  const rows = (await app.strapi.db.query(PRODUCT).findMany({ where: { isVisible: true }, orderBy: { id: 'asc' }, limit: 1 })) as {
    name: string;
    bigcommerceId: number;
  }[];
  const word = rows[0].name.split(/\s+/).find((part) => part.length >= 4) ?? rows[0].name;
  return { word, id: rows[0].bigcommerceId };
};

const search = async (app: TestApp, word: string): Promise<number[]> => {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const res = await app
      .http()
      .get(`/api/bigcommerce/products?q=${encodeURIComponent(word)}&pageSize=100&page=${page}`)
      .expect(200);
    ids.push(...(res.body.data as { bigcommerceId: number }[]).map((item) => item.bigcommerceId));
    if (page >= res.body.meta.pagination.pageCount) return ids;
  }
};

/**
 * PostgreSQL only (SQLite has no index for `LIKE '%word%'`; it skips): the read API's `q` is served by a
 * trigram index the plugin builds after boot where pg_trgm may be created, and a database where the role
 * may not create it still boots and searches.
 */
(isPostgres ? describe : describe.skip)('text search index (PostgreSQL)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 60, rateLimit: false });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('builds a trigram index on the products search text, and q finds through it what a scan finds', async () => {
    const app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: '1' } });
    try {
      expect(await trigramIndexReady(app)).toBe(true);
      await sync(app.strapi, 'full');
      const { word, id } = await searchable(app);
      const withIndex = await search(app, word);
      expect(withIndex).toContain(id);
      // The same search with index scans turned off (a sequential scan and filter) answers the same rows.
      const knex = app.strapi.db.connection;
      const folded = `%${word.toLowerCase()}%`;
      const scanned = await knex.transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_bitmapscan = off');
        await trx.raw('SET LOCAL enable_indexscan = off');
        return ((await trx.raw('SELECT count(*) AS n FROM bigcommerce_products WHERE search_text LIKE ?', [folded])) as Raw).rows[0].n;
      });
      const indexed = ((await knex.raw('SELECT count(*) AS n FROM bigcommerce_products WHERE search_text LIKE ?', [folded])) as Raw).rows[0].n;
      expect(Number(indexed)).toBe(Number(scanned));
      expect(Number(indexed)).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('a full sync leaves planner statistics on every catalog table, so the first reads after it are not planned blind', async () => {
    const app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: '1' } });
    try {
      const tables = ['bigcommerce_products', 'bigcommerce_listings', 'bigcommerce_products_channels_lnk', 'bigcommerce_products_categories_lnk'];
      // ANALYZE by the plugin sets last_analyze (autovacuum's own sets last_autoanalyze); a fresh database has neither.
      const analyzed = async () =>
        (
          (await app.strapi.db.connection.raw('SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL AND relname = ANY(?)', [tables])) as Raw
        ).rows
          .map((row) => row.relname)
          .sort();
      expect(await analyzed()).toEqual([]);
      expect(await trigramIndexReady(app)).toBe(true);
      const run = (await sync(app.strapi, 'full')) as { status: string };
      expect(run.status).toBe('succeeded');
      expect(await analyzed()).toEqual([...tables].sort());
      // Columns the catalog's queries filter or sort on have statistics; the rich text and JSON ones are skipped.
      const described = ((await app.strapi.db.connection.raw(`SELECT attname FROM pg_stats WHERE tablename = 'bigcommerce_products'`)) as Raw).rows.map(
        (row) => row.attname
      );
      expect(described).toEqual(expect.arrayContaining(['name', 'calculated_price', 'is_visible', 'search_text', 'bigcommerce_id']));
      for (const column of ['images', 'variants', 'options', 'custom_fields', 'bulk_pricing_rules', 'description']) expect(described).not.toContain(column);
    } finally {
      await app.close();
    }
  });

  it('a first full sync refreshes the statistics while it fills the tables, and a re-sync only at its end', async () => {
    // A catalog past the second refresh (STATISTICS_FIRST_ROWS, then fourfold): 250 and 1,000 products created.
    const large = await startSandbox({ products: 1400, rateLimit: false });
    const app = await bootStrapi({ env: { ...sandboxEnv(large), BIGCOMMERCE_CHANNEL_IDS: '1' } });
    try {
      const knex = app.strapi.db.connection;
      const products = async () => Number(((await knex.raw('SELECT count(*) AS n FROM bigcommerce_products')) as Raw).rows[0].n);
      const analyses: string[] = [];
      const onQuery = (query: { sql: string }) => {
        if (/^(ANALYZE|VACUUM \(ANALYZE\)) /.test(query.sql)) analyses.push(query.sql);
      };
      knex.on('query', onQuery);
      try {
        const first = (await sync(app.strapi, 'full')) as { status: string; created: number };
        expect(first.status).toBe('succeeded');
        expect(first.created).toBeGreaterThanOrEqual(1000);
        expect(await products()).toBe(first.created);
        // Two while it filled the tables (at 250 and 1,000 rows), one at its end, with VACUUM.
        expect(analyses).toHaveLength(3);
        expect(analyses.map((sql) => sql.split(' ')[0])).toEqual(['ANALYZE', 'ANALYZE', 'VACUUM']);
        // The trigram index's pending entries merged by it: q reads the index, not every product row.
        const { rows: plan } = (await knex.raw(`EXPLAIN SELECT id FROM bigcommerce_products WHERE search_text LIKE '%walnut%'`)) as Raw;
        expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain(TRIGRAM_INDEX);
        analyses.length = 0;
        const again = (await sync(app.strapi, 'full')) as { status: string; created: number };
        expect(again).toMatchObject({ status: 'succeeded', created: 0 });
        expect(analyses).toHaveLength(1);
      } finally {
        knex.removeListener('query', onQuery);
      }
    } finally {
      await app.close();
      await large.close();
    }
  });

  it('leaves room in the products table for updates of unindexed fields, so a stock change is a HOT update', async () => {
    const app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: '1' } });
    try {
      const knex = app.strapi.db.connection;
      expect(await trigramIndexReady(app)).toBe(true);
      const { rows: options } = (await knex.raw(`SELECT reloptions FROM pg_class WHERE relname = 'bigcommerce_products'`)) as Raw;
      expect(options[0].reloptions).toContain('fillfactor=70');
      await sync(app.strapi, 'full');
      // Stock levels that stay above zero: no indexed column of the row changes.
      const stocked = [...sandbox.catalog.products.values()].filter(
        (p) => p.channels.includes(1) && p.inventory_tracking === 'product' && p.inventory_level > 0
      );
      expect(stocked.length).toBeGreaterThan(5);
      const updates = async () =>
        ((await knex.raw(`SELECT n_tup_upd AS updated, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'bigcommerce_products'`)) as Raw).rows[0];
      const before = await updates();
      for (const product of stocked) sandbox.catalog.updateProduct(product.id, { inventory_level: product.inventory_level + 5 });
      const run = (await sync(app.strapi, 'full')) as { status: string; updated: number };
      expect(run).toMatchObject({ status: 'succeeded', updated: stocked.length });
      // Each connection reports its counts when idle, within PostgreSQL's stats interval (10 s at most).
      let after = await updates();
      for (let waited = 0; Number(after.updated) - Number(before.updated) < stocked.length && waited < 15_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await updates();
      }
      const updated = Number(after.updated) - Number(before.updated);
      const hot = Number(after.hot) - Number(before.hot);
      expect(updated).toBeGreaterThanOrEqual(stocked.length);
      // A full table (fillfactor 100) leaves no room: few HOT updates there.
      expect(hot / updated).toBeGreaterThan(0.5);
    } finally {
      await app.close();
    }
  });

  it('boots and searches where the role may not create the pg_trgm extension (no trigram index)', async () => {
    const suffix = `${process.pid}_${Date.now().toString(36)}`;
    const [role, database] = [`bc_limited_${suffix}`, `bc_limited_${suffix}`];
    const admin = pgAdmin();
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited'`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // Tables in the public schema, but no CREATE on the database: CREATE EXTENSION (even a trusted one) is refused.
    const owner = pgAdmin(database);
    await owner.connect();
    await owner.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
    await owner.query(`REVOKE CREATE ON DATABASE ${database} FROM PUBLIC`);
    await owner.end();
    let app: TestApp | undefined;
    try {
      app = await bootStrapi({
        database: { env: { DATABASE_NAME: database }, drop: async () => undefined },
        env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: '1', DATABASE_USERNAME: role, DATABASE_PASSWORD: 'limited' },
      });
      await sync(app.strapi, 'full');
      const { word, id } = await searchable(app);
      expect(await search(app, word)).toContain(id);
      const { rows } = (await app.strapi.db.connection.raw(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`)) as Raw;
      expect(rows).toHaveLength(0);
    } finally {
      await app?.close();
      const cleanup = pgAdmin();
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.query(`DROP ROLE IF EXISTS ${role}`);
      await cleanup.end();
    }
  });
});
