import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';

import type { PluginConfig } from '../config/schema';
import { PLUGIN_ID } from '../utils/plugin-id';

/**
 * rate-limiter-flexible's own table (key, points, expire), created on first use. Strapi's schema sync
 * leaves it alone: it only drops tables it once created itself.
 */
export const THROTTLE_TABLE = 'bigcommerce_throttles';

type LimitName = keyof PluginConfig['throttles'];

/** Seconds until a rejected attempt may be retried (at least 1). */
const waitOf = (rejection: RateLimiterRes) => Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));

/**
 * Sign-in and registration throttles counted in Strapi's database (SQLite or PostgreSQL, through its
 * knex connection): every node shares the counts, and a restart keeps them.
 */
const throttle = ({ strapi }: { strapi: Core.Strapi }) => {
  const limits = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).throttles;

  const build = (name: LimitName, tableCreated: boolean): Promise<RateLimiterAbstract> =>
    new Promise((resolve, reject) => {
      const { points, durationSeconds } = limits()[name];
      const knex = strapi.db.connection as unknown as Knex;
      const options = { storeClient: knex, storeType: 'knex', tableName: THROTTLE_TABLE, keyPrefix: name, points, duration: durationSeconds, tableCreated };
      // The library may call back inside its constructor (a table already created): resolve after it returns.
      const done = (error?: unknown) => (error ? reject(error) : queueMicrotask(() => resolve(limiter)));
      const client = strapi.db.dialect.client;
      let limiter: RateLimiterAbstract;
      if (client === 'postgres') limiter = new RateLimiterPostgres({ ...options, schemaName: strapi.db.getSchemaName() }, done);
      else if (client === 'sqlite') limiter = new RateLimiterSQLite(options, done);
      else reject(new Error(`[bigcommerce] shopper throttles support SQLite and PostgreSQL, not ${client}`));
    });

  /*
   * The first limiter creates the table and the others are built after it: on PostgreSQL two concurrent
   * CREATE TABLE IF NOT EXISTS race on the table's row type ("type already exists"). Another node may
   * still win that race, so a duplicate error is tried again: by then the table is there.
   */
  const FIRST: LimitName = 'loginPerIp';
  // unique_violation, duplicate_object, duplicate_table: what a lost race answers.
  const DUPLICATE = new Set(['23505', '42710', '42P07']);
  const createFirst = async (tries = 3): Promise<RateLimiterAbstract> => {
    try {
      return await build(FIRST, false);
    } catch (error) {
      if (tries > 1 && DUPLICATE.has((error as { code?: string }).code ?? '')) return createFirst(tries - 1);
      throw error;
    }
  };

  // Built on first use, once per process.
  const built = new Map<LimitName, Promise<RateLimiterAbstract>>();
  const limiter = (name: LimitName): Promise<RateLimiterAbstract> => {
    let found = built.get(name);
    if (!found) {
      found = name === FIRST ? createFirst() : limiter(FIRST).then(() => build(name, true));
      found.catch(() => built.delete(name));
      built.set(name, found);
    }
    return found;
  };

  /** Counts one attempt against each key; the longest wait if any is over its limit, else null. */
  const consume = async (keys: Array<[LimitName, string]>): Promise<number | null> => {
    const results = await Promise.allSettled(keys.map(async ([name, key]) => (await limiter(name)).consume(key)));
    let wait: number | null = null;
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
      wait = Math.max(wait ?? 0, waitOf(result.reason));
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
      const [pair, ...others] = loginKeys(ip, email);
      await Promise.all([(await limiter(pair[0])).delete(pair[1]), ...others.map(async ([name, key]) => (await limiter(name)).reward(key))]);
    },

    /** Seconds to wait before another registration from this client, else null (and the try counts). */
    register: (ip: string) => consume([['registerPerIp', ip]]),
  };
};

export default throttle;
export type ThrottleService = ReturnType<typeof throttle>;
