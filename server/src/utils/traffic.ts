import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

import { contentApiPrefix } from '../documentation';
import { WRITE_SLICE, type Pacing } from '../sync/slices';

/**
 * Longest a sync slice waits for the requests in flight to be answered, counted from the newest one's
 * start: it must go on under steady traffic, and a request that has been in flight longer is waiting on
 * something else (BigCommerce, for a cart), not on this process's CPU.
 */
export const GIVE_WAY_MS = 50;
/** A request seen this recently keeps the sync's write slices small. */
export const QUIET_AFTER_MS = 1000;
/**
 * Products a write slice holds while storefront requests come in: on SQLite every statement of a slice runs
 * on the event loop and holds the one connection, so a request arriving meanwhile waits for the slice
 * (≈ 2 ms a product); small slices cost more commits, paid only while there is traffic.
 */
export const BUSY_WRITE_SLICE = 5;

export interface Traffic {
  /** Counts the content API's and GraphQL's requests in flight (registered before Strapi's own middlewares). */
  middleware(ctx: Context, next: Next): Promise<void>;
  /** The sync's pacing: it gives way to requests in flight and writes small slices while they come. */
  pacing: Pacing;
  inFlight(): number;
  /** Whether a counted request came in or was answered in the last QUIET_AFTER_MS: work keeps its slices small. */
  busy(): boolean;
}

/**
 * The storefront's requests as the sync sees them. Only the content API and GraphQL count: the admin's
 * polling of a run's progress must not slow the run it watches.
 */
export const createTraffic = (counts: (path: string) => boolean, now: () => number = Date.now): Traffic => {
  let inFlight = 0;
  /** When the newest counted request came in (for `turn`). */
  let newest = Number.NEGATIVE_INFINITY;
  /** When a counted request last came in or was answered (for `writeSlice`). */
  let lastSeen = Number.NEGATIVE_INFINITY;
  let waiting: Array<() => void> = [];
  /** Turns granted one a turn of the event loop (see `slot`). */
  const slots: Array<() => void> = [];
  let pumping = false;
  const pump = () => {
    slots.shift()?.();
    if (slots.length) setImmediate(pump);
    else pumping = false;
  };
  /**
   * One slice of sync work a turn of the event loop, whichever part of a run asks (mapping the next page,
   * writing this one, sending entry events): parts granted in the same turn would run their slices back
   * to back, and a request arriving meanwhile would wait for all of them.
   */
  const slot = () =>
    new Promise<void>((resolve) => {
      slots.push(resolve);
      if (pumping) return;
      pumping = true;
      setImmediate(pump);
    });

  const settle = () => {
    const resolve = waiting;
    waiting = [];
    for (const done of resolve) done();
  };

  /** Resolves once no counted request is in flight, or after `ms`. */
  const answered = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waiting = waiting.filter((done) => done !== finish);
        resolve();
      }, ms);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      waiting.push(finish);
    });

  const busy = () => now() - lastSeen < QUIET_AFTER_MS;

  return {
    async middleware(ctx, next) {
      if (!counts(ctx.path)) return next();
      inFlight += 1;
      newest = now();
      lastSeen = newest;
      try {
        await next();
      } finally {
        inFlight -= 1;
        lastSeen = now();
        if (inFlight === 0) settle();
      }
    },
    pacing: {
      async turn() {
        await slot();
        const wait = GIVE_WAY_MS - (now() - newest);
        if (inFlight > 0 && wait > 0) {
          await answered(wait);
          // The other parts that waited go on too: one at a time again.
          await slot();
        }
      },
      writeSlice: () => (busy() ? BUSY_WRITE_SLICE : WRITE_SLICE),
    },
    inFlight: () => inFlight,
    busy,
  };
};

/** Where an app keeps its traffic: a registered symbol, so every copy of this module (dist and sources) finds the same one. */
const TRAFFIC = Symbol.for('strapi-plugin-bigcommerce.traffic');

/** The app's traffic: the REST content API under `api.rest.prefix` and the GraphQL endpoint. */
export const trafficOf = (strapi: Core.Strapi): Traffic => {
  const holder = strapi as unknown as { [TRAFFIC]?: Traffic };
  if (!holder[TRAFFIC]) {
    const restPrefix = `${contentApiPrefix(strapi)}/`;
    const graphqlEndpoint = () => (strapi.plugin('graphql')?.config('endpoint') as string | undefined) ?? '/graphql';
    holder[TRAFFIC] = createTraffic((path) => path.startsWith(restPrefix) || path === graphqlEndpoint());
  }
  return holder[TRAFFIC];
};
