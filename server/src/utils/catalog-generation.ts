import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { PLUGIN_ID } from './plugin-id';
import { rawRows } from './raw-rows';
import { catalogTables } from './search-index';

/** Names of what ensureCatalogGeneration creates: a table Strapi never declared is left alone by its schema sync. */
export const CATALOG_GENERATION = {
  table: 'bigcommerce_catalog_generation',
  bump: 'bigcommerce_catalog_generation_bump',
  /** On each catalog table (row writes, at commit) and `<trigger>_truncate` (a TRUNCATE). */
  trigger: 'bigcommerce_catalog_generation_trg',
} as const;

const ready = new WeakMap<Core.Strapi, boolean>();

/**
 * A catalog generation that every committed write to a catalog table bumps, whichever Strapi process (or
 * anything else) made it, so that exact totals may be cached per generation (catalog-read). A reader that
 * sees generation G in its snapshot sees exactly the writes of the G bumps before it: the same G, the same
 * catalog.
 *
 * PostgreSQL: the bump is a deferred row trigger that runs at commit, once per transaction (a
 * transaction-local flag), so the generation row is locked only while a writer commits, and parallel sync
 * writers do not queue on it for the length of their transactions.
 *
 * SQLite: a row trigger per table and operation (SQLite has no statement, deferred or TRUNCATE triggers).
 * It bumps once per row written, inside the writer's transaction; SQLite has one writer at a time, so
 * nothing queues on the row, and a DELETE of a whole table fires it too (the truncate shortcut is off for
 * a table with triggers). The generation grows faster there, which no reader minds: it only compares.
 */
export const ensureCatalogGeneration = async (strapi: Core.Strapi): Promise<void> => {
  const client = strapi.db.dialect.client;
  if (client === 'sqlite') return ensureSqliteGeneration(strapi);
  if (client !== 'postgres') return;
  const knex = strapi.db.connection as unknown as Knex;
  const [{ schema }] = rawRows<{ schema: string }>(await knex.raw('SELECT current_schema() AS schema'));
  const table = `"${schema}"."${CATALOG_GENERATION.table}"`;
  const bump = `"${schema}"."${CATALOG_GENERATION.bump}"`;
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${table} (id integer PRIMARY KEY, generation bigint NOT NULL)`);
  await knex.raw(`INSERT INTO ${table} (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
  await knex.raw(`CREATE OR REPLACE FUNCTION ${bump}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('${PLUGIN_ID}.catalog_bumped', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('${PLUGIN_ID}.catalog_bumped', 'on', true);
    UPDATE ${table} SET generation = generation + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END $$`);
  const tables = catalogTables(strapi);
  // The triggers already in place, on every catalog table at once: one round trip at boot, not one a table.
  const existing = rawRows<{ table: string; trigger: string }>(
    await knex.raw(
      `SELECT c.relname AS "table", t.tgname AS "trigger" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relname IN (${tables.map(() => '?').join(', ')}) AND c.relnamespace = current_schema()::regnamespace AND t.tgname IN (?, ?)`,
      [...tables, CATALOG_GENERATION.trigger, `${CATALOG_GENERATION.trigger}_truncate`]
    )
  );
  const has = new Set(existing.map((row) => `${row.table}\u0000${row.trigger}`));
  for (const name of tables) {
    // Another node booting at the same moment may create one first: then it is there.
    const create = async (trigger: string, sql: string) => {
      if (has.has(`${name}\u0000${trigger}`)) return;
      try {
        await knex.raw(sql, [trigger, name]);
      } catch (error) {
        if (!/already exists/.test((error as Error).message)) throw error;
      }
    };
    await create(
      CATALOG_GENERATION.trigger,
      `CREATE CONSTRAINT TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${bump}()`
    );
    await create(`${CATALOG_GENERATION.trigger}_truncate`, `CREATE TRIGGER ?? AFTER TRUNCATE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION ${bump}()`);
  }
  ready.set(strapi, true);
};

/** What a SQLite trigger on each catalog table fires after; `IF NOT EXISTS` makes each creation safe to repeat and to race. */
const SQLITE_OPERATIONS = ['INSERT', 'UPDATE', 'DELETE'] as const;

const ensureSqliteGeneration = async (strapi: Core.Strapi): Promise<void> => {
  const knex = strapi.db.connection as unknown as Knex;
  const table = CATALOG_GENERATION.table;
  await knex.raw('CREATE TABLE IF NOT EXISTS ?? (id integer PRIMARY KEY, generation bigint NOT NULL)', [table]);
  await knex.raw('INSERT INTO ?? (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING', [table]);
  // Strapi rebuilds a SQLite table to change a column, which drops its triggers: each boot puts back what is missing.
  for (const name of catalogTables(strapi))
    for (const operation of SQLITE_OPERATIONS)
      await knex.raw(
        `CREATE TRIGGER IF NOT EXISTS ?? AFTER ${operation} ON ?? FOR EACH ROW BEGIN UPDATE ?? SET generation = generation + 1 WHERE id = 1; END`,
        [`${CATALOG_GENERATION.trigger}_${name}_${operation.toLowerCase()}`, name, table]
      );
  ready.set(strapi, true);
};

/** Whether this process may trust the generation: its triggers are known to be in place. */
export const catalogGenerationReady = (strapi: Core.Strapi): boolean => ready.get(strapi) === true;

/** The generation as a scalar subquery, to read in the same snapshot (statement) as what it keys. */
export const generationSql = (strapi: Core.Strapi): Knex.Raw =>
  strapi.db.connection.raw('(SELECT generation FROM ?? WHERE id = 1)', [CATALOG_GENERATION.table]);

/**
 * What the read API derives from the catalog (a total, a channel's facts, a category tree), kept for the
 * newest generation seen only: the generation only grows, so an older one's values are never asked again.
 * At most `kept` values: a new one past that starts the set afresh.
 */
export const generationCache = <K, V>(kept: number) => {
  let held = { generation: -1, values: new Map<K, V>() };
  return {
    get: (generation: number | undefined, key: K): V | undefined =>
      generation !== undefined && generation === held.generation ? held.values.get(key) : undefined,
    /** Keeps `value` as read at `generation`, unless a newer generation has been seen since. */
    set: (generation: number, key: K, value: V): void => {
      if (generation < held.generation) return;
      if (generation > held.generation || (held.values.size >= kept && !held.values.has(key))) held = { generation, values: new Map() };
      held.values.set(key, value);
    },
  };
};
