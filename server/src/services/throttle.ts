import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';

import type { PluginConfig } from '../config/schema';
import { PLUGIN_ID } from '../utils/plugin-id';
import { rawRows } from '../utils/raw-rows';

/**
 * rate-limiter-flexible's own table (key, points, expire), created on first use. Strapi's schema sync
 * leaves it alone: it only drops tables it once created itself.
 */
export const THROTTLE_TABLE = 'bigcommerce_throttles';

type LimitName = keyof PluginConfig['throttles'];

/** A key's count: its points and when its window ends (ms; PostgreSQL's bigint comes as a string). */
interface Count {
  key: string;
  points: number;
  expire: number | string | null;
}

/**
 * Sign-in and registration throttles counted in Strapi's database (SQLite or PostgreSQL, through its
 * knex connection): every node shares the counts, and a restart keeps them. With `throttleStore: 'memory'`
 * they count in this process instead, by the same rule: no commit per sign-in, for a lone process.
 */
const throttle = ({ strapi }: { strapi: Core.Strapi }) => {
  const limits = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).throttles;

  /** The limiter that creates the table (`CREATE TABLE IF NOT EXISTS`). */
  const build = (name: LimitName): Promise<RateLimiterAbstract> =>
    new Promise((resolve, reject) => {
      const { points, durationSeconds } = limits()[name];
      const knex = strapi.db.connection as unknown as Knex;
      const options = {
        storeClient: knex,
        storeType: 'knex',
        tableName: THROTTLE_TABLE,
        keyPrefix: name,
        points,
        duration: durationSeconds,
        tableCreated: false,
      };
      // The library may call back inside its constructor (a table already created): resolve after it returns.
      const done = (error?: unknown) => (error ? reject(error) : queueMicrotask(() => resolve(limiter)));
      const client = strapi.db.dialect.client;
      let limiter: RateLimiterAbstract;
      if (client === 'postgres') limiter = new RateLimiterPostgres({ ...options, schemaName: strapi.db.getSchemaName() }, done);
      else if (client === 'sqlite') limiter = new RateLimiterSQLite(options, done);
      else reject(new Error(`[bigcommerce] shopper throttles support SQLite and PostgreSQL, not ${client}`));
    });

  /*
   * One limiter creates the table, once per process: on PostgreSQL two concurrent CREATE TABLE IF NOT
   * EXISTS race on the table's row type ("type already exists"). Another node may still win that race,
   * so a duplicate error is tried again: by then the table is there.
   */
  const FIRST: LimitName = 'loginPerIp';
  // unique_violation, duplicate_object, duplicate_table: what a lost race answers.
  const DUPLICATE = new Set(['23505', '42710', '42P07']);
  const createFirst = async (tries = 3): Promise<RateLimiterAbstract> => {
    try {
      return await build(FIRST);
    } catch (error) {
      if (tries > 1 && DUPLICATE.has((error as { code?: string }).code ?? '')) return createFirst(tries - 1);
      throw error;
    }
  };

  // rate-limiter-flexible owns the table (it creates it, and on PostgreSQL clears expired rows every five
  // minutes); the counting below runs in one statement per phase instead of one commit per key.
  let table: Promise<RateLimiterAbstract> | undefined;
  const ready = (): Promise<RateLimiterAbstract> => {
    if (!table) {
      table = createFirst();
      table.catch(() => (table = undefined));
    }
    return table;
  };

  const knex = () => strapi.db.connection as unknown as Knex;
  const tableName = () => {
    const schema = strapi.db.dialect.client === 'postgres' ? strapi.db.getSchemaName() : undefined;
    return schema ? `"${schema}"."${THROTTLE_TABLE}"` : `"${THROTTLE_TABLE}"`;
  };

  /**
   * The table: one row per key in a single upsert (atomic, one commit). `excluded.points = 0` only for a
   * clear (a consume or reward is ±1): it overrides the window. Rows are sorted by key so that two
   * concurrent statements on PostgreSQL lock shared keys in the same order (no deadlock).
   */
  const inTable = async (values: Count[], now: number): Promise<Count[]> => {
    await ready();
    const t = tableName();
    const live = `${t}.expire IS NULL OR ${t}.expire > ?`;
    const sql = `INSERT INTO ${t} (key, points, expire) VALUES ${values.map(() => '(?, ?, ?)').join(', ')}
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN excluded.points = 0 THEN 0 WHEN ${live} THEN ${t}.points + excluded.points ELSE excluded.points END,
        expire = CASE WHEN excluded.points = 0 THEN excluded.expire WHEN ${live} THEN ${t}.expire ELSE excluded.expire END
      RETURNING key, points, expire`;
    return rawRows<Count>(await knex().raw(sql, [...values.flatMap((v) => [v.key, v.points, v.expire]), now, now]));
  };

  /**
   * This process's counts (`throttleStore: 'memory'`): the table's rule, applied to every key in one
   * synchronous step, so concurrent tries count exactly as the upsert's do. Expired keys are dropped
   * once a minute; a clear is dropped at once.
   */
  const counts = new Map<string, { points: number; expire: number }>();
  let sweepAt = 0;
  const inMemory = (values: Count[], now: number): Count[] => {
    if (now >= sweepAt) {
      for (const [key, count] of counts) if (count.expire <= now) counts.delete(key);
      sweepAt = now + 60_000;
    }
    return values.map(({ key, points, expire }) => {
      const held = counts.get(key);
      const next =
        points === 0
          ? { points: 0, expire: Number(expire) }
          : held && held.expire > now
            ? { points: held.points + points, expire: held.expire }
            : { points, expire: Number(expire) };
      if (points === 0) counts.delete(key);
      else counts.set(key, next);
      return { key, ...next };
    });
  };

  const inProcess = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).throttleStore === 'memory';

  /**
   * Counts `delta` against each key, in the limiter's fixed window: a live key (expire > now) adds `delta`
   * and keeps its window, an expired or missing one starts over at `delta` with a new window. A `clear`
   * key becomes expired at once (points 0, expire now), which every read and count treats as no key: the
   * limiter's delete.
   */
  const upsert = async (rows: Array<{ name: LimitName; key: string; delta: number; clear?: boolean }>) => {
    const now = Date.now();
    const config = limits();
    const values = rows
      .map((row) => ({
        key: `${row.name}:${row.key}`,
        points: row.clear ? 0 : row.delta,
        expire: row.clear ? now : now + config[row.name].durationSeconds * 1000,
        name: row.name,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const returned = inProcess ? inMemory(values, now) : await inTable(values, now);
    return { now, rows: returned.map((row) => ({ ...row, name: values.find((v) => v.key === row.key)!.name })) };
  };

  /**
   * Keys this process saw over their limit, with when their window ends. Such a key stays over until then:
   * a refused try gives nothing back, and only a success (which a refused try cannot be) does. So a try on
   * it is refused here with no statement: hammering a locked address or client costs no commit (fsyncs on
   * SQLite's default journal, on the event loop) and no wait on the key's row lock on PostgreSQL. The
   * counts stay in the store: another node, or this one after a restart, asks it. A success here forgets
   * the keys it gives back to or clears, and a try during which one began blocks nothing (its give-back
   * may have brought the key under again). A give-back that lands after a try's count unseen (one begun
   * before the try, or on another node) only makes this node refuse the few tries it would have let
   * through: the strict side. At most BLOCKED_KEPT keys.
   */
  const BLOCKED_KEPT = 10_000;
  const blocked = new Map<string, number>();
  /** Successes this process has begun to give back: a try blocks keys only if none began while it counted. */
  let successes = 0;
  const block = (key: string, until: number, now: number) => {
    if (blocked.size >= BLOCKED_KEPT) {
      for (const [held, end] of blocked) if (end <= now) blocked.delete(held);
      if (blocked.size >= BLOCKED_KEPT) blocked.delete(blocked.keys().next().value!);
    }
    blocked.set(key, until);
  };
  const waitSeconds = (until: number, now: number) => Math.max(1, Math.ceil(Math.max(until - now, 0) / 1000));

  /** Counts one attempt against each key; the longest wait if any is over its limit, else null. */
  const consume = async (keys: Array<[LimitName, string]>): Promise<number | null> => {
    const held = Math.max(0, ...keys.map(([name, key]) => blocked.get(`${name}:${key}`) ?? 0));
    const start = Date.now();
    if (held > start) return waitSeconds(held, start);
    const before = successes;
    const { now, rows } = await upsert(keys.map(([name, key]) => ({ name, key, delta: 1 })));
    const config = limits();
    let wait: number | null = null;
    for (const row of rows) {
      if (row.points <= config[row.name].points) continue;
      if (row.expire === null) wait = Math.max(wait ?? 0, 1);
      else {
        if (successes === before) block(row.key, Number(row.expire), now);
        wait = Math.max(wait ?? 0, waitSeconds(Number(row.expire), now));
      }
    }
    return wait;
  };

  const loginKeys = (ip: string, email: string): Array<[LimitName, string]> => {
    const address = email.trim().toLowerCase();
    return [
      ['loginPerEmailAndIp', `${address}|${ip}`],
      ['loginPerEmail', address],
      ['loginPerIp', ip],
    ];
  };

  return {
    /** Seconds to wait before another sign-in for this address from this client, else null (and the try counts). */
    login: (ip: string, email: string) => consume(loginKeys(ip, email)),

    /** A successful sign-in gives its try back, and clears this client's failures for the address. */
    async loginSucceeded(ip: string, email: string): Promise<void> {
      successes += 1;
      const keys = loginKeys(ip, email);
      for (const [name, key] of keys) blocked.delete(`${name}:${key}`);
      const [pair, ...others] = keys;
      await upsert([{ name: pair[0], key: pair[1], delta: 0, clear: true }, ...others.map(([name, key]) => ({ name, key, delta: -1 }))]);
    },

    /** Seconds to wait before another registration from this client, else null (and the try counts). */
    register: (ip: string) => consume([['registerPerIp', ip]]),
  };
};

export default throttle;
export type ThrottleService = ReturnType<typeof throttle>;
