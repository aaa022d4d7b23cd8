import os from 'node:os';

import type { Core } from '@strapi/strapi';

import type { PluginConfig } from '../config/schema';
import { bigcommerceResourceSource } from '../sync/bigcommerce-source';
import { applyEvents, emptyWebhookStats, RecentReads, type InboxEvent } from '../sync/webhooks';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { createCatalogStore } from './catalog-store';

const BATCH = 500;
const POLL_MS = 5_000;

/**
 * Schedules the webhook pipeline (sync/webhooks.ts): a short debounce gathers a burst, a drain loop
 * claims events from the inbox and keeps the claim while the pipeline applies them.
 */
const webhookWorker = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const name = `${os.hostname()}:${process.pid}`;
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  let draining: Promise<number> | undefined;
  let again = false;
  let stopped = true;
  /** Since start. */
  const stats = emptyWebhookStats();
  const reads = new RecentReads();

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

  const applyClaimed = (events: InboxEvent[]): Promise<number> =>
    applyEvents(events, {
      inbox: getService(strapi, 'webhook-inbox'),
      async connect() {
        // A background job: it may wait out BigCommerce's window, where a shopper's request answers at once.
        const client = (await getService(strapi, 'client').get()).forClass('background');
        const { channelIds } = await getService(strapi, 'settings').getConnection();
        return { source: bigcommerceResourceSource(client), store: createCatalogStore(strapi, { emitEvents: config().emitEntryEvents }), channelIds };
      },
      reads,
      stats,
      skewMs: config().webhookClockSkewMs,
      maxAttempts: config().webhookMaxAttempts,
      logger: strapi.log,
      onRefetched: (ref) => {
        getService(strapi, 'live').invalidate(ref);
        getService(strapi, 'pricing').invalidate(ref);
      },
    });

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
