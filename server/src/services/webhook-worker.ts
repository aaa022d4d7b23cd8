import os from 'node:os';

import type { Core } from '@strapi/strapi';

import { nullIfNotFound, type BigCommerceApis } from '../bigcommerce';
import type { PluginConfig } from '../config/schema';
import { applyProducts, applyResource, type ResourceRef, type ResourceSource } from '../sync/apply-resource';
import type { CatalogStore } from '../sync/ports';
import { PRODUCT_INCLUDES } from '../sync/bigcommerce-source';
import { itemReason } from '../sync/isolate';
import { MappingError } from '../sync/mapping';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { createCatalogStore } from './catalog-store';
import { coveredCreatedAt, type InboxEvent } from './webhook-inbox';

const BATCH = 500;
const POLL_MS = 5_000;

/** Products per refetch request: the URL stays short and a page holds them all. */
const REFETCH_BATCH = 50;

/** Products whose last refetch time this node remembers (oldest forgotten first). */
const READS_REMEMBERED = 50_000;

const resourceSource = (client: BigCommerceApis): ResourceSource => ({
  async products(ids) {
    const found = [];
    for await (const page of client.catalog.productPages({ idIn: [...ids], include: PRODUCT_INCLUDES })) found.push(...page.items);
    return found;
  },
  category: (id) => nullIfNotFound(() => client.catalog.getCategory(id)),
});

/**
 * Applies inbox events: a short debounce gathers a burst, events are grouped per resource so that
 * a hundred updates of one product cost one refetch, and each group is applied once.
 */
const webhookWorker = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const name = `${os.hostname()}:${process.pid}`;
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  let draining: Promise<number> | undefined;
  let again = false;
  let stopped = true;
  /** Products refetched, BigCommerce requests made, events applied and failed, since start. */
  const stats = { refetches: 0, requests: 0, applied: 0, failed: 0, covered: 0 };
  /**
   * When this node last began reading each product from BigCommerce. Events created before that read
   * (by BigCommerce's `created_at`) add nothing it did not see: a burst that arrives after the refetch costs
   * no second one. Another node, or a restart, does not know it and simply refetches.
   */
  const lastRead = new Map<number, number>();
  const rememberRead = (ids: number[], at: number) => {
    for (const id of ids) {
      lastRead.delete(id);
      lastRead.set(id, at);
    }
    for (const id of lastRead.keys()) {
      if (lastRead.size <= READS_REMEMBERED) break;
      lastRead.delete(id);
    }
  };
  const isCovered = (group: { ref: ResourceRef; events: InboxEvent[] }): boolean => {
    const readAt = group.ref.type === 'product' ? lastRead.get(group.ref.id) : undefined;
    if (readAt === undefined) return false;
    const max = coveredCreatedAt(readAt, config().webhookClockSkewMs);
    return group.events.every((event) => event.bigcommerceCreatedAt > 0 && event.bigcommerceCreatedAt <= max);
  };

  const applyCategory = async (ref: ResourceRef, events: InboxEvent[], source: ResourceSource, store: CatalogStore, channelIds: number[]) => {
    const inbox = getService(strapi, 'webhook-inbox');
    try {
      stats.refetches += 1;
      stats.requests += 1;
      const readAt = Date.now();
      await applyResource(ref, { source, store, channelIds });
      await inbox.complete(events.map((event) => event.id), 'done', readAt);
      stats.applied += events.length;
    } catch (error) {
      await failEvents(events, error);
    }
  };

  const failEvents = async (events: InboxEvent[], error: unknown) => {
    stats.failed += events.length;
    // Short, without SQL: a refused write's statement would bury the reason.
    const message = itemReason(error);
    strapi.log.warn(`[${PLUGIN_ID}] webhook events ${events.map((event) => event.id).join(', ')}: ${message}`);
    // Bad data will not improve by waiting: dead-letter it at once for an admin to look at.
    await getService(strapi, 'webhook-inbox').fail(events, message, error instanceof MappingError ? 1 : config().webhookMaxAttempts);
  };

  /** One request and one write for up to fifty products; events that arrived before it are covered too. */
  const applyProductBatch = async (groups: { ref: ResourceRef; events: InboxEvent[] }[], source: ResourceSource, store: CatalogStore, channelIds: number[]) => {
    const inbox = getService(strapi, 'webhook-inbox');
    const ids = groups.map((group) => group.ref.id);
    const startedAt = new Date();
    try {
      stats.requests += 1;
      stats.refetches += ids.length;
      const { failures, deleted } = await applyProducts(ids, { source, store, channelIds });
      const ok = groups.filter((group) => !failures.has(group.ref.id));
      // Removals are marked: a full sync running meanwhile undoes any write of them from a page read before.
      const gone = new Set(deleted);
      for (const removed of [false, true]) {
        const these = ok.filter((group) => gone.has(group.ref.id) === removed);
        await inbox.complete(these.flatMap((group) => group.events.map((event) => event.id)), 'done', startedAt.getTime(), removed);
        // Events for these products received or created before the refetch was sent add nothing it did not read.
        await inbox.completeCovered('product', these.map((group) => group.ref.id), startedAt, removed);
      }
      // Only products read as present: a late event of a removed one is refetched, not taken as covered.
      rememberRead(ok.map((group) => group.ref.id).filter((id) => !gone.has(id)), startedAt.getTime());
      stats.applied += ok.reduce((sum, group) => sum + group.events.length, 0);
      for (const group of groups) getService(strapi, 'live').invalidate(group.ref);
      for (const group of groups.filter((g) => failures.has(g.ref.id))) await failEvents(group.events, failures.get(group.ref.id));
    } catch (error) {
      await failEvents(groups.flatMap((group) => group.events), error);
    }
  };

  const drainOnce = async (): Promise<number> => {
    const inbox = getService(strapi, 'webhook-inbox');
    const leaseMs = config().webhookClaimLeaseMs;
    const events = await inbox.claim(BATCH, leaseMs);
    if (!events.length) return 0;
    // The claim is short so that a dead node's events move on soon; a live one keeps it while it works.
    const token = events[0].claimedBy;
    const keeper = setInterval(() => void (token ? inbox.extendClaim(token, leaseMs).catch(() => undefined) : undefined), Math.max(250, leaseMs / 3));
    try {
      return await applyClaimed(events);
    } finally {
      clearInterval(keeper);
    }
  };

  const applyClaimed = async (events: InboxEvent[]): Promise<number> => {
    const inbox = getService(strapi, 'webhook-inbox');
    const groups = new Map<string, { ref: ResourceRef; events: InboxEvent[] }>();
    for (const event of events) {
      if (event.resourceType !== 'product' && event.resourceType !== 'category') continue;
      const key = `${event.resourceType}:${event.resourceId}`;
      const group = groups.get(key) ?? { ref: { type: event.resourceType, id: event.resourceId }, events: [] };
      group.events.push(event);
      groups.set(key, group);
    }
    const other = events.filter((event) => event.resourceType !== 'product' && event.resourceType !== 'category');
    await inbox.complete(other.map((event) => event.id), 'dropped', null);
    // A background job: it may wait out BigCommerce's window, where a shopper's request answers at once.
    const client = (await getService(strapi, 'client').get()).forClass('background');
    const { channelIds } = await getService(strapi, 'settings').getConnection();
    const source = resourceSource(client);
    const store = createCatalogStore(strapi, { emitEvents: config().emitEntryEvents });
    // Categories first: a product may link to a category created in the same burst.
    const all = [...groups.values()];
    for (const group of all.filter((g) => g.ref.type === 'category')) await applyCategory(group.ref, group.events, source, store, channelIds);
    const covered = all.filter(isCovered);
    // One write for all of them, stamped with the earliest of their reads (a later duplicate is judged by it).
    const earliestRead = Math.min(...covered.map((group) => lastRead.get(group.ref.id)!));
    await inbox.complete(covered.flatMap((group) => group.events.map((event) => event.id)), 'done', earliestRead);
    stats.covered += covered.reduce((sum, group) => sum + group.events.length, 0);
    const products = all.filter((g) => g.ref.type === 'product' && !covered.includes(g));
    const batches: (typeof products)[] = [];
    for (let i = 0; i < products.length; i += REFETCH_BATCH) batches.push(products.slice(i, i + REFETCH_BATCH));
    // A few batches at a time: the client's pacer keeps them inside the rate limit.
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < batches.length; i += lanes) await applyProductBatch(batches[i], source, store, channelIds);
      }),
    );
    return events.length;
  };

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const done = await drainOnce();
      total += done;
      if (done < BATCH) return total;
    }
  };

  const run = (): Promise<number> => {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await drain();
        } while (again);
      } catch (error) {
        strapi.log.error(`[${PLUGIN_ID}] webhook worker on ${name}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        draining = undefined;
      }
      return total;
    })();
    return draining;
  };

  return {
    /** Takes back the events this node held when it stopped (see reclaimOwn), then drains and polls. */
    async start() {
      stopped = false;
      const reclaimed = await getService(strapi, 'webhook-inbox').reclaimOwn();
      if (reclaimed) strapi.log.info(`[${PLUGIN_ID}] webhook worker on ${name}: took back ${reclaimed} event(s) in flight when this node stopped`);
      poller = setInterval(() => void run(), POLL_MS);
      poller.unref();
      if (reclaimed) void run();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      await draining;
    },

    /** Called on each received event: drains after the debounce window. */
    kick() {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void run();
      }, config().webhookDebounceMs);
    },

    /** Drains now and resolves when the inbox has nothing due (tests, benchmarks, admin replay). */
    async drainNow(): Promise<number> {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      return run();
    },

    stats: () => ({ ...stats }),
  };
};

export default webhookWorker;
export type WebhookWorkerService = ReturnType<typeof webhookWorker>;
