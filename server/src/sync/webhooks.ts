import type { Logger } from '../bigcommerce';
import type { WebhookPayload } from '../validation/webhooks';
import { applyProducts, applyResource, type ResourceRef, type ResourceSource } from './apply-resource';
import { itemReason } from './isolate';
import { MappingError } from './mapping';
import type { CatalogStore, Clock } from './ports';
import type { EventStatus, InboxEventView } from '../../../shared/webhooks';

export type { EventStatus };
export type ResourceType = ResourceRef['type'];

/** An inbox row: what the admin lists (shared/webhooks.ts) plus the pipeline's bookkeeping. */
export interface InboxEvent extends InboxEventView {
  hash: string;
  /** BigCommerce's `created_at` (Unix seconds). */
  bigcommerceCreatedAt: number;
  /** The claim that holds the event while it is `processing`. */
  claimedBy: string | null;
}

/**
 * The latest `created_at` (whole seconds, BigCommerce's clock) an event can have and still describe a
 * change made before a read that began at `readAt` (this server's clock, off by at most `skewMs`).
 */
export const coveredCreatedAt = (readAt: number, skewMs: number): number => Math.floor((readAt - skewMs) / 1000) - 1;

/** The other way round: the earliest read start that saw a change BigCommerce stamped `createdAt`. */
export const coveringReadAt = (createdAt: number, skewMs: number): number => (createdAt + 1) * 1000 + skewMs;

/**
 * BigCommerce's hash covers the payload only, so a second change of one resource in the same second
 * re-sends the hash of the first. A hash seen again is a new event unless the read that applied the
 * first (`readAt`, null when none did) began late enough to have seen any change of that second.
 */
export const mayHaveMissed = (readAt: number | null, createdAt: number, skewMs: number): boolean =>
  readAt === null || readAt < coveringReadAt(createdAt, skewMs);

/** Which stored resource an event is about. SKU events concern their product; the rest is dropped. */
export const resourceOf = (payload: WebhookPayload): ResourceRef | null => {
  const id = Number(payload.data.id);
  if (payload.scope.startsWith('store/product/') && !payload.scope.includes('/metafield/')) return { type: 'product', id };
  if (payload.scope.startsWith('store/sku/')) {
    const productId = payload.data.sku?.product_id ?? payload.data.inventory?.product_id;
    return typeof productId === 'number' ? { type: 'product', id: productId } : null;
  }
  if (/^store\/category\/(created|updated|deleted)$/.test(payload.scope)) return { type: 'category', id };
  return null;
};

/** The durable inbox as the pipeline sees it; claiming (and keeping claims) is the scheduler's job. */
export interface WebhookInbox {
  /** Marks events applied by a read that began at `readAt` (ms), or dropped; `removed` when their resource went. */
  complete(ids: number[], status: 'done' | 'dropped', readAt: number | null, removed?: boolean): Promise<void>;
  /** Marks waiting events of these resources done: received before the read, or created before it (coveredCreatedAt). */
  completeCovered(type: ResourceType, ids: number[], readAt: Date, removed?: boolean): Promise<void>;
  /** Retries the events later, or dead-letters those that used `maxAttempts`. */
  fail(events: InboxEvent[], reason: string, maxAttempts: number): Promise<void>;
}

/** Products refetched, BigCommerce requests made, events applied, failed, and found covered. */
export interface WebhookStats {
  refetches: number;
  requests: number;
  applied: number;
  failed: number;
  covered: number;
}

export const emptyWebhookStats = (): WebhookStats => ({ refetches: 0, requests: 0, applied: 0, failed: 0, covered: 0 });

/** Products per refetch request: the URL stays short and a page holds them all. */
export const REFETCH_BATCH = 50;

/** Refetch batches in flight at once: the client's pacer keeps them inside the rate limit. */
export const REFETCH_LANES = 4;

/** Products whose last refetch time a node remembers (oldest forgotten first). */
export const READS_REMEMBERED = 50_000;

/**
 * When this node last began reading each product from BigCommerce. Events created before that read add
 * nothing it did not see: a burst that arrives after the refetch costs no second one. Another node, or a
 * restart, does not know it and simply refetches.
 */
export class RecentReads {
  private readonly startedAt = new Map<number, number>();

  constructor(private readonly capacity = READS_REMEMBERED) {}

  remember(ids: readonly number[], at: number): void {
    for (const id of ids) {
      this.startedAt.delete(id);
      this.startedAt.set(id, at);
    }
    for (const id of this.startedAt.keys()) {
      if (this.startedAt.size <= this.capacity) break;
      this.startedAt.delete(id);
    }
  }

  get(id: number): number | undefined {
    return this.startedAt.get(id);
  }
}

export interface ResourceGroup {
  ref: ResourceRef;
  events: InboxEvent[];
}

/** Events per resource, in order of first appearance; events about nothing stored are `other`. */
export const groupEvents = (events: readonly InboxEvent[]): { groups: ResourceGroup[]; other: InboxEvent[] } => {
  const groups = new Map<string, ResourceGroup>();
  const other: InboxEvent[] = [];
  for (const event of events) {
    if (event.resourceType !== 'product' && event.resourceType !== 'category') {
      other.push(event);
      continue;
    }
    const key = `${event.resourceType}:${event.resourceId}`;
    const group = groups.get(key) ?? { ref: { type: event.resourceType, id: event.resourceId }, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  return { groups: [...groups.values()], other };
};

/** True when a read of the product this node began after every one of the group's events was created. */
export const isCovered = (group: ResourceGroup, reads: RecentReads, skewMs: number): boolean => {
  const readAt = group.ref.type === 'product' ? reads.get(group.ref.id) : undefined;
  if (readAt === undefined) return false;
  const max = coveredCreatedAt(readAt, skewMs);
  return group.events.every((event) => event.bigcommerceCreatedAt > 0 && event.bigcommerceCreatedAt <= max);
};

/** Consecutive slices of `size`. */
export const batches = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export interface ApplyEventsOptions {
  inbox: WebhookInbox;
  /** BigCommerce, the store and the served channels; asked for once events about stored resources are known. */
  connect(): Promise<{ source: ResourceSource; store: CatalogStore; channelIds: readonly number[] }>;
  reads: RecentReads;
  stats: WebhookStats;
  skewMs: number;
  maxAttempts: number;
  logger: Logger;
  clock?: Clock;
  /** Told of each product refetched (the live price cache drops it). */
  onRefetched?(ref: ResourceRef): void;
  batchSize?: number;
  lanes?: number;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Applies claimed inbox events: grouped per resource so that a hundred updates of one product cost one
 * refetch, categories first (a product may link to a category created in the same burst), products this
 * node read after their events were created completed without a read, the rest refetched fifty a request.
 * Returns how many events it handled.
 */
export const applyEvents = async (events: readonly InboxEvent[], options: ApplyEventsOptions): Promise<number> => {
  const { inbox, reads, stats, skewMs, logger } = options;
  const clock = options.clock ?? systemClock;
  const { groups, other } = groupEvents(events);
  await inbox.complete(
    other.map((event) => event.id),
    'dropped',
    null
  );
  const { source, store, channelIds } = await options.connect();

  const failEvents = async (failed: InboxEvent[], error: unknown) => {
    stats.failed += failed.length;
    // Short, without SQL: a refused write's statement would bury the reason.
    const message = itemReason(error);
    logger.warn(`[bigcommerce] webhook events ${failed.map((event) => event.id).join(', ')}: ${message}`);
    // Bad data will not improve by waiting: dead-letter it at once for an admin to look at.
    await inbox.fail(failed, message, error instanceof MappingError ? 1 : options.maxAttempts);
  };

  const applyCategory = async ({ ref, events: these }: ResourceGroup) => {
    try {
      stats.refetches += 1;
      stats.requests += 1;
      const readAt = clock.now().getTime();
      await applyResource(ref, { source, store, channelIds });
      await inbox.complete(
        these.map((event) => event.id),
        'done',
        readAt
      );
      stats.applied += these.length;
    } catch (error) {
      await failEvents(these, error);
    }
  };

  /** One request and one write for up to fifty products; events that arrived before it are covered too. */
  const applyProductBatch = async (batch: ResourceGroup[]) => {
    const ids = batch.map((group) => group.ref.id);
    const startedAt = clock.now();
    try {
      stats.requests += 1;
      stats.refetches += ids.length;
      // The live cache drops these products before their new records can be read, and again once they can
      // (a live read meanwhile may have cached a figure read before the change).
      const dropLive = () => batch.forEach((group) => options.onRefetched?.(group.ref));
      dropLive();
      const { failures, deleted } = await applyProducts(ids, { source, store, channelIds });
      dropLive();
      const ok = batch.filter((group) => !failures.has(group.ref.id));
      // Removals are marked: a full sync running meanwhile undoes any write of them from a page read before.
      const gone = new Set(deleted);
      for (const removed of [false, true]) {
        const these = ok.filter((group) => gone.has(group.ref.id) === removed);
        await inbox.complete(
          these.flatMap((group) => group.events.map((event) => event.id)),
          'done',
          startedAt.getTime(),
          removed
        );
        // Events for these products received or created before the refetch was sent add nothing it did not read.
        await inbox.completeCovered(
          'product',
          these.map((group) => group.ref.id),
          startedAt,
          removed
        );
      }
      // Only products read as present: a late event of a removed one is refetched, not taken as covered.
      reads.remember(
        ok.map((group) => group.ref.id).filter((id) => !gone.has(id)),
        startedAt.getTime()
      );
      stats.applied += ok.reduce((sum, group) => sum + group.events.length, 0);
      for (const group of batch.filter((g) => failures.has(g.ref.id))) await failEvents(group.events, failures.get(group.ref.id));
    } catch (error) {
      await failEvents(
        batch.flatMap((group) => group.events),
        error
      );
    }
  };

  for (const group of groups.filter((g) => g.ref.type === 'category')) await applyCategory(group);
  const covered = groups.filter((group) => isCovered(group, reads, skewMs));
  // One write for all of them, stamped with the earliest of their reads (a later duplicate is judged by it).
  const earliestRead = Math.min(...covered.map((group) => reads.get(group.ref.id)!));
  await inbox.complete(
    covered.flatMap((group) => group.events.map((event) => event.id)),
    'done',
    earliestRead
  );
  stats.covered += covered.reduce((sum, group) => sum + group.events.length, 0);
  const products = batches(
    groups.filter((group) => group.ref.type === 'product' && !covered.includes(group)),
    options.batchSize ?? REFETCH_BATCH
  );
  const lanes = options.lanes ?? REFETCH_LANES;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < products.length; i += lanes) await applyProductBatch(products[i]);
    })
  );
  await store.settle?.();
  return events.length;
};
