import os from 'node:os';

import type { Core } from '@strapi/strapi';

import { isBigCommerceApiError, type BigCommerceClient } from '../bigcommerce';
import type { PluginConfig } from '../config/schema';
import { applyResource, type ResourceRef, type ResourceSource } from '../sync/apply-resource';
import { PRODUCT_INCLUDES } from '../sync/bigcommerce-source';
import { MappingError } from '../sync/mapping';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { createCatalogStore } from './catalog-store';
import type { InboxEvent } from './webhook-inbox';

const BATCH = 500;
const CLAIM_LEASE_MS = 120_000;
const POLL_MS = 5_000;

const orNull = async <T>(fetch: Promise<T>): Promise<T | null> => {
  try {
    return await fetch;
  } catch (error) {
    if (isBigCommerceApiError(error) && error.status === 404) return null;
    throw error;
  }
};

const resourceSource = (client: BigCommerceClient): ResourceSource => ({
  product: (id) => orNull(client.catalog.getProduct(id, PRODUCT_INCLUDES)),
  category: (id) => orNull(client.catalog.getCategory(id)),
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
  const stats = { refetches: 0, applied: 0, failed: 0 };

  const applyGroup = async (ref: ResourceRef, events: InboxEvent[], source: ResourceSource, store: ReturnType<typeof createCatalogStore>, channelIds: number[]) => {
    const inbox = getService(strapi, 'webhook-inbox');
    try {
      stats.refetches += 1;
      await applyResource(ref, { source, store, channelIds });
      await inbox.complete(events.map((event) => event.id));
      stats.applied += events.length;
      getService(strapi, 'live').invalidate(ref);
    } catch (error) {
      stats.failed += events.length;
      const message = error instanceof Error ? error.message : String(error);
      strapi.log.warn(`[${PLUGIN_ID}] webhook ${ref.type} ${ref.id}: ${message}`);
      // Bad data will not improve by waiting: dead-letter it at once for an admin to look at.
      await inbox.fail(events, message, error instanceof MappingError ? 1 : config().webhookMaxAttempts);
    }
  };

  const drainOnce = async (): Promise<number> => {
    const inbox = getService(strapi, 'webhook-inbox');
    const events = await inbox.claim(BATCH, CLAIM_LEASE_MS);
    if (!events.length) return 0;
    const groups = new Map<string, { ref: ResourceRef; events: InboxEvent[] }>();
    for (const event of events) {
      if (event.resourceType !== 'product' && event.resourceType !== 'category') continue;
      const key = `${event.resourceType}:${event.resourceId}`;
      const group = groups.get(key) ?? { ref: { type: event.resourceType, id: event.resourceId }, events: [] };
      group.events.push(event);
      groups.set(key, group);
    }
    const other = events.filter((event) => event.resourceType !== 'product' && event.resourceType !== 'category');
    await inbox.complete(other.map((event) => event.id), 'dropped');
    const client = await getService(strapi, 'client').get();
    const { channelIds } = await getService(strapi, 'settings').getConnection();
    const source = resourceSource(client);
    const store = createCatalogStore(strapi, { emitEvents: config().emitEntryEvents });
    // Categories first: a product may link to a category created in the same burst.
    const ordered = [...groups.values()].sort((a, b) => (a.ref.type === b.ref.type ? 0 : a.ref.type === 'category' ? -1 : 1));
    const products = ordered.filter((group) => group.ref.type === 'product');
    for (const group of ordered.filter((g) => g.ref.type === 'category')) await applyGroup(group.ref, group.events, source, store, channelIds);
    // A few refetches at a time: the client's pacer keeps them inside the rate limit.
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < products.length; i += lanes) await applyGroup(products[i].ref, products[i].events, source, store, channelIds);
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
    start() {
      stopped = false;
      poller = setInterval(() => void run(), POLL_MS);
      poller.unref();
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
