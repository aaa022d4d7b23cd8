import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { modelMeta } from './model-meta';
import { PLUGIN_ID } from './plugin-id';

/** Index names: Strapi's schema sync leaves indexes it never declared alone, so these survive its boots. */
export const SEARCH_INDEXES = {
  products: 'bigcommerce_products_search_trgm_idx',
  listings: 'bigcommerce_listings_search_trgm_idx',
  /** Rows synced before searchText existed, which `q` matches on their raw fields: none after a sync. */
  pending: 'bigcommerce_products_search_pending_idx',
  /**
   * Visible products by price with their row id and isFeatured: a price filter's count (grouped by
   * isFeatured for the default sort) an index-only scan of the range. The declared price index (schema.json, all databases) lacks `id`, which SQLite's indexes
   * hold anyway (rowid) but PostgreSQL's do not, so its planner scanned every visible row of another index.
   */
  price: 'bigcommerce_products_list_price_cover_idx',
} as const;

/** The products' content type, whose table every step here concerns. */
const PRODUCT_UID = 'plugin::bigcommerce.product';

interface SearchIndex {
  name: string;
  uid: string;
  trigram: boolean;
  /** The index's definition after `ON table`; `??` stands for the search_text column where it names one. */
  using: string;
}

const INDEXES: SearchIndex[] = [
  { name: SEARCH_INDEXES.products, uid: PRODUCT_UID, trigram: true, using: 'USING gin (?? gin_trgm_ops)' },
  { name: SEARCH_INDEXES.listings, uid: 'plugin::bigcommerce.listing', trigram: true, using: 'USING gin (?? gin_trgm_ops)' },
  { name: SEARCH_INDEXES.pending, uid: PRODUCT_UID, trigram: false, using: '(id) WHERE ?? IS NULL' },
  {
    name: SEARCH_INDEXES.price,
    uid: PRODUCT_UID,
    trigram: false,
    using: '(is_visible, calculated_price) INCLUDE (in_stock, is_featured, id)',
  },
];

/** Column types of rich text and JSON: detail a product page shows, which no catalog query filters, joins or sorts on. */
const UNPLANNED_TYPES = new Set(['json', 'richtext', 'blocks', 'text']);

/**
 * The product columns whose statistics the planner never uses: rich text and JSON (images, variants,
 * description…), searchText aside (q's selectivity). They were a third of what ANALYZE spent on the products
 * table (≈ 470 → 325 ms at 9,000 products), on every refresh during and after a sync and on autovacuum's.
 */
export const unplannedColumns = (strapi: Core.Strapi): string[] =>
  Object.entries(modelMeta(strapi).meta(PRODUCT_UID).attributes)
    .filter(([name, attribute]) => UNPLANNED_TYPES.has(attribute.type) && name !== 'searchText')
    .map(([name, attribute]) => attribute.columnName ?? name);

/**
 * Room left in each page of the products table for the next version of its rows (the percentage inserts
 * fill). An update that changes no indexed column and finds room on its page is a HOT update, which
 * writes no entry in any of the table's 14 indexes (the trigram index among them): a stock level that
 * stays above zero, images, variants, a rewrite of unchanged rows. A 9,000-product rewrite sync on full
 * pages (the default, 100) made 4% of its updates so and spent 2.0 s in its upserts; at 70, 69% and
 * 0.7 s, and the table ended smaller (63 MB against 105 MB), each page reusing its own dead versions.
 */
export const PRODUCT_FILLFACTOR = 70;

/**
 * PostgreSQL: the products table's storage settings, where not set yet (a boot after the first changes
 * nothing): statistics target 0 on the unplanned columns, and PRODUCT_FILLFACTOR. The fillfactor applies to
 * pages written from then on: an existing table comes to it as its pages are rewritten.
 */
const tuneProductTable = async (strapi: Core.Strapi, knex: Knex): Promise<void> => {
  const table = modelMeta(strapi).meta(PRODUCT_UID).tableName;
  const { rows } = (await knex.raw(
    `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ANY(?) AND attstattarget IS DISTINCT FROM 0`,
    [table, unplannedColumns(strapi)]
  )) as { rows: { attname: string }[] };
  const actions = rows.map(() => 'ALTER COLUMN ?? SET STATISTICS 0');
  const bindings = rows.map((row) => row.attname);
  const { rows: options } = (await knex.raw('SELECT reloptions FROM pg_class WHERE oid = to_regclass(?)', [table])) as {
    rows: { reloptions: string[] | null }[];
  };
  if (!options[0]?.reloptions?.includes(`fillfactor=${PRODUCT_FILLFACTOR}`)) actions.push(`SET (fillfactor = ${PRODUCT_FILLFACTOR})`);
  if (!actions.length) return;
  // Takes no lock that blocks reads or writes (SHARE UPDATE EXCLUSIVE).
  await knex.raw(`ALTER TABLE ?? ${actions.join(', ')}`, [table, ...bindings]);
};

/**
 * PostgreSQL only: trigram (GIN) indexes on the folded `search_text` columns, so that the read API's
 * `q` (a `LIKE '%word%'`, which no btree serves) reads the matching rows instead of every product row.
 * Strapi's schema.json `indexes` cannot declare an index method or operator class, hence raw SQL here.
 *
 * Needs the `pg_trgm` extension (PostgreSQL's contrib, shipped by the usual packages). Where the role may
 * not create it (a managed database without it), the search still answers the same rows, by a scan: one
 * info line says so. Built CONCURRENTLY, after boot and without holding it: writes (a sync) go on while it
 * builds, and another node booting at the same moment finds it there (IF NOT EXISTS). A build another
 * process left invalid (killed mid-way) is dropped and rebuilt.
 */
export const ensureSearchIndexes = async (strapi: Core.Strapi): Promise<void> => {
  if (strapi.db.dialect.client !== 'postgres') return;
  const knex = strapi.db.connection as unknown as Knex;
  await tuneProductTable(strapi, knex).catch((error: Error) => {
    strapi.log.warn(`[${PLUGIN_ID}] the products table's storage settings not changed: ${error.message.split('\n')[0]}`);
  });
  const available = (await knex.raw(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`)) as { rows: unknown[] };
  const installed = async () => ((await knex.raw(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`)) as { rows: unknown[] }).rows.length > 0;
  let trigram = await installed();
  if (!trigram) {
    try {
      if (!available.rows.length) throw new Error('pg_trgm is not available on this server (PostgreSQL contrib)');
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      trigram = true;
    } catch (error) {
      // A concurrent CREATE EXTENSION on another node may have won the race: then it is there.
      trigram = await installed();
      if (!trigram) {
        strapi.log.info(
          `[${PLUGIN_ID}] text search without a trigram index (${(error as Error).message.split('\n')[0]}): q reads every product row; ` +
            'an administrator can run CREATE EXTENSION pg_trgm in this database to speed it up'
        );
      }
    }
  }
  for (const index of INDEXES) {
    if (index.trigram && !trigram) continue;
    const meta = modelMeta(strapi).meta(index.uid);
    const column = meta.attributes.searchText?.columnName ?? 'search_text';
    const { rows } = (await knex.raw(
      `SELECT i.indisvalid AS valid,
              EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) AS building
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace`,
      [index.name]
    )) as { rows: { valid: boolean; building: boolean }[] };
    if (rows[0]?.valid || rows[0]?.building) continue;
    const started = Date.now();
    if (rows[0]) await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS ??', [index.name]);
    // Column names as schema.json's own indexes spell them.
    const bindings = index.using.includes('??') ? [column] : [];
    await knex.raw(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ?? ON ?? ${index.using}`, [index.name, meta.tableName, ...bindings]);
    strapi.log.info(`[${PLUGIN_ID}] built the search index ${index.name} in ${Date.now() - started} ms`);
  }
};

/** Content types the read API queries, whose tables (and relation link tables) a full sync fills. */
const CATALOG_UIDS = [
  PRODUCT_UID,
  'plugin::bigcommerce.listing',
  'plugin::bigcommerce.category',
  'plugin::bigcommerce.brand',
  'plugin::bigcommerce.channel',
] as const;

/** The catalog's tables: each content type's own and its relations' link tables. */
export const catalogTables = (strapi: Core.Strapi): string[] => {
  const tables = new Set<string>();
  for (const uid of CATALOG_UIDS) {
    const meta = modelMeta(strapi).meta(uid);
    tables.add(meta.tableName);
    for (const attribute of Object.values(meta.attributes)) if (attribute.joinTable) tables.add(attribute.joinTable.name);
  }
  return [...tables];
};

/**
 * PostgreSQL only: fresh planner statistics for the catalog's tables, after a full sync. A first sync fills
 * empty tables, and until autovacuum's next round (up to a minute, never for a table under 50 rows such
 * as a channel's listings) the planner has none: it then took the read API's joins for a few rows each and
 * chose nested loops that read product × product (a text search ran for minutes). ANALYZE samples each
 * table (a fraction of a second at 50,000 products) and takes no lock that blocks reads or writes.
 *
 * `vacuum` (the end of a full sync): VACUUM with it, which a sync's writes left to autovacuum's next round
 * otherwise. Until then the trigram indexes hold the sync's entries in their pending lists, which the planner
 * prices so high that q scanned every product row (5.3 ms against 0.4 ms through the index at 9,000
 * products), and the price index's index-only scans read the table for each row its visibility map did
 * not cover yet. About 0.13 s at 9,000 products.
 */
export const analyzeCatalog = async (strapi: Core.Strapi, { vacuum = false }: { vacuum?: boolean } = {}): Promise<void> => {
  if (strapi.db.dialect.client !== 'postgres') return;
  const knex = strapi.db.connection as unknown as Knex;
  const tables = catalogTables(strapi);
  try {
    await knex.raw(`${vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${tables.map(() => '??').join(', ')}`, tables);
  } catch (error) {
    strapi.log.warn(`[${PLUGIN_ID}] catalog statistics not refreshed: ${(error as Error).message.split('\n')[0]}`);
  }
};

/** Rows a run creates before its first refresh of the statistics: below it, a plan's choice hardly matters. */
export const STATISTICS_FIRST_ROWS = 250;

/**
 * Whether the statistics are due again while a run fills the products table: at STATISTICS_FIRST_ROWS,
 * then each time the table has grown fourfold since the rows they describe (a handful of times a run).
 */
export const statisticsDue = (rowsNow: number, rowsDescribed: number): boolean => rowsNow >= Math.max(STATISTICS_FIRST_ROWS, 4 * rowsDescribed);

export interface StatisticsDuringRun {
  /** The rows the run has created so far: refreshes the statistics, in the background, when due. */
  created(rows: number): void;
  /** Waits for a refresh still running. */
  settled(): Promise<void>;
}

/**
 * PostgreSQL only: statistics kept up with a run that fills the catalog (a first sync). A foreign key's
 * check is planned once per connection and kept until the table's statistics change; planned while the
 * products table was empty, the 35,737 link rows' checks of a first 10,000-product sync took 0.7–2.2 s
 * of the database's time, against 0.1 s once the table had statistics (pg_stat_statements). A refresh
 * runs on a connection of its own beside the writes, one at a time; a run that creates no rows (a re-sync)
 * costs one read of pg_class.
 */
export const statisticsDuringRun = async (strapi: Core.Strapi): Promise<StatisticsDuringRun> => {
  const unkept: StatisticsDuringRun = { created: () => undefined, settled: async () => undefined };
  if (strapi.db.dialect.client !== 'postgres') return unkept;
  const knex = strapi.db.connection as unknown as Knex;
  const table = modelMeta(strapi).meta(PRODUCT_UID).tableName;
  // reltuples: the rows the statistics last described (-1 where never analysed). Unread, the run goes on without.
  const before = await knex
    .raw('SELECT GREATEST(reltuples, 0) AS rows FROM pg_class WHERE oid = to_regclass(?)', [table])
    .then(({ rows }: { rows: { rows: number | string }[] }) => Number(rows[0]?.rows ?? 0))
    .catch(() => undefined);
  if (before === undefined) return unkept;
  let described = before;
  let running: Promise<void> | undefined;
  return {
    created(count) {
      const rowsNow = before + count;
      if (running || !statisticsDue(rowsNow, described)) return;
      described = rowsNow;
      running = analyzeCatalog(strapi).finally(() => {
        running = undefined;
      });
    },
    settled: async () => {
      await running;
    },
  };
};

const pending = new WeakMap<Core.Strapi, Promise<void>>();

/** Starts ensureSearchIndexes without holding boot up (a build on a large catalog takes seconds). */
export const startSearchIndexes = (strapi: Core.Strapi): void => {
  pending.set(
    strapi,
    ensureSearchIndexes(strapi).catch((error: Error) => {
      strapi.log.warn(`[${PLUGIN_ID}] search indexes not built: ${error.message}`);
    })
  );
};

/** Waits for a build still running (shutdown: the connection pool is about to close). */
export const searchIndexesSettled = async (strapi: Core.Strapi): Promise<void> => {
  await pending.get(strapi);
};
