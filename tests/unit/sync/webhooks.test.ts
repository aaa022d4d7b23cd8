import type { Category, Product } from '../../../server/src/bigcommerce';
import { silentLogger } from '../../../server/src/bigcommerce';
import {
  applyEvents,
  coveredCreatedAt,
  coveringReadAt,
  emptyWebhookStats,
  groupEvents,
  mayHaveMissed,
  RecentReads,
  resourceOf,
  type ApplyEventsOptions,
} from '../../../server/src/sync/webhooks';
import type { ProductRecord } from '../../../server/src/sync/records';
import type { WebhookPayload } from '../../../server/src/validation/webhooks';
import { memoryInbox, memoryResources, memoryStore, product } from './fakes';

const SKEW_MS = 1_000;
/** A BigCommerce second (created_at) and the same instant on this server's clock. */
const SECOND = 1_700_000_000;

/** The pipeline with every port in memory, on a clock the test moves. */
const pipeline = (
  products: Product[],
  { categories = [], refuses = () => false }: { categories?: Category[]; refuses?: (record: ProductRecord) => boolean } = {}
) => {
  let now = SECOND * 1000;
  const clock = { now: () => new Date(now) };
  const { inbox, rows } = memoryInbox(clock, SKEW_MS);
  const { source, requests } = memoryResources(products, categories);
  const { store, rows: stored, writes } = memoryStore(refuses);
  const deletedCategories: number[] = [];
  const writtenCategories: number[] = [];
  store.deleteCategories = async (ids) => {
    deletedCategories.push(...ids);
    return ids.length;
  };
  store.writeCategories = async (records) => {
    writtenCategories.push(...records.map((record) => record.bigcommerceId));
  };
  const stats = emptyWebhookStats();
  const reads = new RecentReads();
  const refetched: string[] = [];
  const options: ApplyEventsOptions = {
    inbox,
    connect: async () => ({ source, store, channelIds: [1] }),
    reads,
    stats,
    skewMs: SKEW_MS,
    maxAttempts: 6,
    logger: silentLogger,
    clock,
    onRefetched: (ref) => refetched.push(`${ref.type} ${ref.id}`),
  };
  let sent = 0;
  const send = (scope: string, id: number, createdAt: number, extra: Partial<WebhookPayload> = {}) =>
    inbox.receive({
      scope,
      store_id: '1',
      data: { type: scope.split('/')[1], id },
      created_at: createdAt,
      producer: 'stores/x',
      hash: (sent += 1).toString(16).padStart(40, '0'),
      ...extra,
    });
  return {
    inbox,
    rows,
    requests,
    store,
    stored,
    writes,
    stats,
    reads,
    refetched,
    deletedCategories,
    writtenCategories,
    send,
    at: (ms: number) => {
      now = ms;
    },
    drain: () => applyEvents(inbox.claim(), options),
    statusOf: (id: number) => rows.filter((row) => row.resourceId === id).map((row) => row.status),
  };
};

describe('webhook pipeline: coalescing and batches', () => {
  it('applies a burst of 100 events of one product with one refetch and one write', async () => {
    const p = pipeline([product(5)]);
    for (let i = 0; i < 100; i += 1) p.send('store/product/updated', 5, SECOND - 10 + (i % 5));
    expect(await p.drain()).toBe(100);
    expect(p.requests).toEqual(['products 5']);
    expect(p.writes).toEqual([1]);
    expect(p.stats).toMatchObject({ requests: 1, refetches: 1, applied: 100, failed: 0 });
    expect(new Set(p.statusOf(5))).toEqual(new Set(['done']));
    expect(p.stored.has(5)).toBe(true);
  });

  it('drops a product’s live figure before its new record can be read, and again after', async () => {
    const p = pipeline([product(5)]);
    const write = p.store.writeProducts;
    const droppedAtWrite: string[][] = [];
    p.store.writeProducts = async (...args) => {
      droppedAtWrite.push([...p.refetched]);
      return write(...args);
    };
    p.send('store/product/updated', 5, SECOND - 10);
    await p.drain();
    expect(droppedAtWrite).toEqual([['product 5']]);
    expect(p.refetched).toEqual(['product 5', 'product 5']);
  });

  it('takes SKU and inventory events as their product, and drops events about nothing stored', async () => {
    const p = pipeline([product(7)]);
    p.send('store/sku/updated', 70, SECOND - 5, { data: { type: 'sku', id: 70, sku: { product_id: 7 } } });
    p.send('store/sku/inventory/updated', 71, SECOND - 5, { data: { type: 'sku', id: 71, inventory: { product_id: 7 } } });
    p.send('store/product/updated', 7, SECOND - 5);
    p.send('store/cart/created', 9, SECOND - 5);
    await p.drain();
    expect(p.requests).toEqual(['products 7']);
    expect(p.rows.map((row) => [row.resourceType, row.resourceId, row.status])).toEqual([
      ['product', 7, 'done'],
      ['product', 7, 'done'],
      ['product', 7, 'done'],
      ['other', 9, 'dropped'],
    ]);
  });

  it('refetches distinct products fifty a request', async () => {
    const products = Array.from({ length: 120 }, (_, i) => product(i + 1));
    const p = pipeline(products);
    for (const item of products) p.send('store/product/updated', item.id, SECOND - 5);
    await p.drain();
    expect(p.requests.map((request) => request.split(' ')[1].split(',').length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    expect(p.stats).toMatchObject({ requests: 3, refetches: 120, applied: 120 });
    expect(p.stored.size).toBe(120);
  });
});

describe('webhook pipeline: ordering', () => {
  it('applies categories before products, whatever order the events came in', async () => {
    const category = { id: 3, parent_id: 0, name: 'New', custom_url: { url: '/new/', is_customized: false } } as Category;
    const p = pipeline([product(1), product(2)], { categories: [category] });
    p.send('store/product/created', 1, SECOND - 5);
    p.send('store/category/created', 3, SECOND - 5);
    p.send('store/product/updated', 2, SECOND - 5);
    p.send('store/category/deleted', 4, SECOND - 5);
    await p.drain();
    expect(p.requests).toEqual(['category 3', 'category 4', 'products 1,2']);
    expect(p.writtenCategories).toEqual([3]);
    expect(p.deletedCategories).toEqual([4]);
  });

  it('groups events per resource in order of first appearance', () => {
    const event = (id: number, resourceType: 'product' | 'category' | 'other', resourceId: number) =>
      ({ id, resourceType, resourceId, bigcommerceCreatedAt: SECOND }) as Parameters<typeof groupEvents>[0][number];
    const { groups, other } = groupEvents([
      event(1, 'product', 8),
      event(2, 'category', 8),
      event(3, 'other', 1),
      event(4, 'product', 2),
      event(5, 'product', 8),
    ]);
    expect(groups.map((group) => [group.ref.type, group.ref.id, group.events.map((e) => e.id)])).toEqual([
      ['product', 8, [1, 5]],
      ['category', 8, [2]],
      ['product', 2, [4]],
    ]);
    expect(other.map((e) => e.id)).toEqual([3]);
  });
});

describe('webhook pipeline: coverage', () => {
  it('completes without a refetch an event created before a read that began later', async () => {
    const p = pipeline([product(5)]);
    p.send('store/product/updated', 5, SECOND - 10);
    const readAt = SECOND * 1000 + 200;
    p.at(readAt);
    await p.drain();
    expect(p.requests).toHaveLength(1);
    // Arrives after the read, but BigCommerce created it before the read began: the read saw its change.
    p.at(readAt + 5_000);
    p.send('store/product/updated', 5, coveredCreatedAt(readAt, SKEW_MS));
    await p.drain();
    expect(p.requests).toHaveLength(1);
    expect(p.stats.covered).toBe(1);
    expect(p.rows[1]).toMatchObject({ status: 'done', readAt });
  });

  it('refetches an event created in the second of the read, or without a creation time', async () => {
    const p = pipeline([product(5)]);
    p.send('store/product/updated', 5, SECOND - 10);
    const readAt = SECOND * 1000 + 200;
    p.at(readAt);
    await p.drain();
    p.at(readAt + 5_000);
    p.send('store/product/updated', 5, coveredCreatedAt(readAt, SKEW_MS) + 1);
    await p.drain();
    expect(p.requests).toHaveLength(2);
    p.send('store/product/updated', 5, 0);
    await p.drain();
    expect(p.requests).toHaveLength(3);
    expect(p.stats.covered).toBe(0);
  });

  it('completes waiting events of a refetched product that were received before the read', async () => {
    const p = pipeline([product(5)]);
    p.send('store/product/updated', 5, SECOND - 10);
    const claimed = p.inbox.claim();
    // Received while the first was claimed, so not in the claim: the read that follows covers it.
    p.send('store/product/updated', 5, SECOND + 100);
    p.at(SECOND * 1000 + 500);
    await applyEvents(claimed, {
      inbox: p.inbox,
      connect: async () => ({ source: memoryResources([product(5)]).source, store: memoryStore().store, channelIds: [1] }),
      reads: p.reads,
      stats: p.stats,
      skewMs: SKEW_MS,
      maxAttempts: 6,
      logger: silentLogger,
      clock: { now: () => new Date(SECOND * 1000 + 500) },
    });
    expect(p.statusOf(5)).toEqual(['done', 'done']);
  });

  it('agrees with the hash rule at the boundary: the first read that covers a second is the one a re-send is judged by', () => {
    for (const createdAt of [SECOND, SECOND + 1, 1]) {
      const covering = coveringReadAt(createdAt, SKEW_MS);
      expect(coveredCreatedAt(covering, SKEW_MS)).toBe(createdAt);
      expect(coveredCreatedAt(covering - 1, SKEW_MS)).toBe(createdAt - 1);
      expect(mayHaveMissed(covering, createdAt, SKEW_MS)).toBe(false);
      expect(mayHaveMissed(covering - 1, createdAt, SKEW_MS)).toBe(true);
      expect(mayHaveMissed(null, createdAt, SKEW_MS)).toBe(true);
    }
  });

  it('forgets the oldest reads beyond its capacity', () => {
    const reads = new RecentReads(2);
    reads.remember([1, 2], 10);
    reads.remember([1], 20); // read again: now the newest
    reads.remember([3], 30);
    expect([reads.get(1), reads.get(2), reads.get(3)]).toEqual([20, undefined, 30]);
  });
});

describe('webhook pipeline: same-second hashes', () => {
  it('applies a re-sent hash again when the first read began within its second, and not once a later read covers it', async () => {
    const p = pipeline([product(5)]);
    const payload = {
      scope: 'store/product/updated',
      store_id: '1',
      data: { type: 'product', id: 5 },
      created_at: SECOND,
      producer: 'x',
      hash: 'e'.repeat(40),
    };
    expect(p.inbox.receive(payload)).toEqual({ duplicate: false });
    expect(p.inbox.receive(payload)).toEqual({ duplicate: true }); // still waiting: one event
    p.at(SECOND * 1000 + 500);
    await p.drain();
    expect(p.requests).toHaveLength(1);
    // A second change of product 5 in that second: BigCommerce sends the same hash, and the read may have missed it.
    p.at(SECOND * 1000 + 900);
    expect(p.inbox.receive(payload)).toEqual({ duplicate: false });
    await p.drain();
    // Refetched, not taken as covered by the read within its second.
    expect(p.requests).toHaveLength(2);
    expect(p.stats.covered).toBe(0);
    p.at(coveringReadAt(SECOND, SKEW_MS));
    expect(p.inbox.receive(payload)).toEqual({ duplicate: false });
    await p.drain();
    expect(p.requests).toHaveLength(3);
    // That read began after the second and the clock allowance: a further copy is a true re-send.
    expect(p.inbox.receive(payload)).toEqual({ duplicate: true });
    expect(p.rows).toHaveLength(1);
  });
});

describe('webhook pipeline: failures and deletions', () => {
  it('fails only the product the database refuses in a batch; the others are applied', async () => {
    const products = Array.from({ length: 50 }, (_, i) => product(i + 1, i === 12 ? { sku: 'POISON' } : {}));
    const p = pipeline(products, { refuses: (record) => record.sku === 'POISON' });
    for (const item of products) p.send('store/product/updated', item.id, SECOND - 5);
    p.send('store/product/updated', 13, SECOND - 4);
    await p.drain();
    expect(p.requests).toHaveLength(1);
    expect(p.stored.size).toBe(49);
    expect(p.rows.filter((row) => row.status === 'done')).toHaveLength(49);
    const refused = p.rows.filter((row) => row.resourceId === 13);
    expect(refused.map((row) => [row.status, row.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(refused[0].lastError).toBe('database refused it: invalid byte sequence for encoding "UTF8": 0x00 (22021)');
    expect(p.stats).toMatchObject({ applied: 49, failed: 2 });
    // It is retried later, alone, and no longer taken as covered by the batch's read.
    await p.drain();
    expect(p.requests).toEqual(['products ' + products.map((item) => item.id).join(','), 'products 13']);
  });

  it('dead-letters at once a product that cannot be mapped (waiting will not fix it)', async () => {
    const p = pipeline([product(1), product(2, { name: undefined as unknown as string })]);
    p.send('store/product/updated', 1, SECOND - 5);
    p.send('store/product/updated', 2, SECOND - 5);
    await p.drain();
    expect(p.statusOf(1)).toEqual(['done']);
    expect(p.statusOf(2)).toEqual(['dead']);
  });

  it('retries every event of a batch whose request failed', async () => {
    const p = pipeline([product(1), product(2)]);
    p.send('store/product/updated', 1, SECOND - 5);
    p.send('store/product/updated', 2, SECOND - 5);
    const failing = { products: async () => Promise.reject(new Error('socket hang up')), category: async () => null, listings: async () => [] };
    await applyEvents(p.inbox.claim(), {
      inbox: p.inbox,
      connect: async () => ({ source: failing, store: memoryStore().store, channelIds: [1] }),
      reads: p.reads,
      stats: p.stats,
      skewMs: SKEW_MS,
      maxAttempts: 6,
      logger: silentLogger,
    });
    expect(p.rows.map((row) => [row.status, row.lastError])).toEqual([
      ['failed', 'socket hang up'],
      ['failed', 'socket hang up'],
    ]);
  });

  it('removes a product gone from BigCommerce or from the served channels, marks its events removed, and never takes a late event as covered', async () => {
    const p = pipeline([product(1), product(2)]);
    p.send('store/product/updated', 1, SECOND - 5);
    p.send('store/product/updated', 2, SECOND - 5);
    await p.drain();
    expect([...p.stored.keys()].sort()).toEqual([1, 2]);
    // 1 deleted in BigCommerce, 2 moved to a channel this Strapi does not serve.
    const later = pipeline([product(2, { channels: [9] })]);
    later.stored.set(1, p.stored.get(1)!);
    later.stored.set(2, p.stored.get(2)!);
    later.send('store/product/deleted', 1, SECOND - 5);
    later.send('store/product/channel_assignment/updated', 2, SECOND - 5);
    later.at(SECOND * 1000 + 500);
    await later.drain();
    expect(later.stored.size).toBe(0);
    expect(later.rows.map((row) => [row.status, row.removed])).toEqual([
      ['done', true],
      ['done', true],
    ]);
    // A read that found it absent proves nothing about an event created later: it is refetched.
    later.at(SECOND * 1000 + 10_000);
    later.send('store/product/updated', 1, SECOND - 5);
    await later.drain();
    expect(later.requests).toHaveLength(2);
    expect(later.stats.covered).toBe(0);
  });

  it('tells the live cache about each product refetched', async () => {
    const p = pipeline([product(1)]);
    p.send('store/product/updated', 1, SECOND - 5);
    p.send('store/product/updated', 2, SECOND - 5);
    await p.drain();
    expect(new Set(p.refetched)).toEqual(new Set(['product 1', 'product 2']));
  });
});

describe('resourceOf', () => {
  const payload = (scope: string, data: WebhookPayload['data']): WebhookPayload => ({
    scope,
    store_id: '1',
    data,
    hash: 'a'.repeat(40),
    created_at: SECOND,
    producer: 'x',
  });

  it('maps product, SKU and category events to the resource stored, and leaves the rest out', () => {
    expect(resourceOf(payload('store/product/updated', { type: 'product', id: 4 }))).toEqual({ type: 'product', id: 4 });
    expect(resourceOf(payload('store/sku/updated', { type: 'sku', id: 40, sku: { product_id: 4 } }))).toEqual({ type: 'product', id: 4 });
    expect(resourceOf(payload('store/sku/updated', { type: 'sku', id: 40 }))).toBeNull();
    expect(resourceOf(payload('store/product/metafield/updated', { type: 'product', id: 4 }))).toBeNull();
    expect(resourceOf(payload('store/category/deleted', { type: 'category', id: 3 }))).toEqual({ type: 'category', id: 3 });
    expect(resourceOf(payload('store/category/metafield/created', { type: 'category', id: 3 }))).toBeNull();
  });
});
