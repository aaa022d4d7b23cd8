// The sync engine's ports in memory, for its unit tests: BigCommerce's catalog and the database.
import type { Brand, Category, Channel, Listing, Product } from '../../../server/src/bigcommerce';
import type { ResourceSource } from '../../../server/src/sync/apply-resource';
import type { CatalogSource, CatalogStore, WriteCounts } from '../../../server/src/sync/ports';
import type { ListingRecord, ProductRecord } from '../../../server/src/sync/records';
import { coveredCreatedAt, mayHaveMissed, resourceOf, type InboxEvent } from '../../../server/src/sync/webhooks';
import type { WebhookPayload } from '../../../server/src/validation/webhooks';

export const product = (id: number, overrides: Partial<Product> = {}): Product =>
  ({
    id,
    name: `Product ${id}`,
    type: 'physical',
    sku: `SKU-${id}`,
    description: '',
    price: 10 + id,
    sale_price: 0,
    retail_price: 0,
    calculated_price: 10 + id,
    weight: 1,
    width: 0,
    height: 0,
    depth: 0,
    categories: [1],
    brand_id: 1,
    inventory_level: 5,
    inventory_warning_level: 0,
    inventory_tracking: 'product',
    is_visible: true,
    availability: 'available',
    condition: 'New',
    custom_url: { url: `/product-${id}/`, is_customized: false },
    date_created: '2026-01-01T00:00:00+00:00',
    date_modified: '2026-01-02T00:00:00+00:00',
    channels: [1],
    variants: [],
    images: [],
    ...overrides,
  }) as Product;

const inRange =
  ({ idMin = -Infinity, idMax = Infinity }: { idMin?: number; idMax?: number }) =>
  (p: Product) =>
    p.id >= idMin && p.id <= idMax;

/** BigCommerce in memory: pages of `pageSize`, ascending ids; id pages of 250. */
export const memorySource = (products: Product[], pageSize = 2, listings: Listing[] = []) => {
  const calls: string[] = [];
  const source: CatalogSource = {
    serverTime: async () => '2026-02-01T00:00:00.000Z',
    channels: async (ids) =>
      ids.map((id) => ({ channel: { id, name: `c${id}`, type: 'storefront', platform: 'custom', status: 'active' } as Channel, site: null })),
    async *categoryPages() {
      yield [{ id: 1, parent_id: 0, name: 'Root', custom_url: { url: '/kitchen/', is_customized: false } } as Category];
    },
    async *brandPages() {
      yield [{ id: 1, name: 'Brand' } as Brand];
    },
    async *productPages({ afterId = 0, modifiedSince }) {
      const items = products.filter((p) => p.id > afterId && (!modifiedSince || p.date_modified >= modifiedSince)).sort((a, b) => a.id - b.id);
      for (let i = 0; i < items.length; i += pageSize) {
        calls.push(`products after ${afterId} page ${i / pageSize + 1}`);
        yield { items: items.slice(i, i + pageSize), total: items.length };
      }
    },
    async *productsByIds({ ids }) {
      calls.push(`products by id ${ids.join(',')}`);
      yield products.filter((p) => ids.includes(p.id));
    },
    async *productIdPages(range) {
      const ids = products.filter(inRange(range)).map((p) => p.id);
      for (let i = 0; i === 0 || i < ids.length; i += 250) {
        calls.push('ids');
        yield ids.slice(i, i + 250);
      }
    },
    productCount: async (range) => {
      calls.push('count');
      return products.filter(inRange(range)).length;
    },
    async *listingPages({ channelId, productIds, modifiedSince }) {
      calls.push(`listings of channel ${channelId}`);
      const items = listings.filter(
        (l) => l.channel_id === channelId && (!productIds || productIds.includes(l.product_id)) && (!modifiedSince || (l.date_modified ?? '') >= modifiedSince)
      );
      for (let i = 0; i < items.length; i += pageSize) yield items.slice(i, i + pageSize);
    },
  };
  return { source, calls };
};

/**
 * Rows in memory. `refuses` makes it refuse, as a database does, any statement holding a record it picks:
 * the whole statement fails, and the message starts with the statement and its values, as knex's does.
 */
export const memoryStore = (refuses: (record: ProductRecord) => boolean = () => false) => {
  const rows = new Map<number, ProductRecord>();
  const listings = new Map<number, ListingRecord>();
  /** Records in each writeProducts call. */
  const writes: number[] = [];
  const none: WriteCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  const store: CatalogStore = {
    writeChannels: async () => none,
    channelIds: async () => [1],
    replaceCategories: async () => none,
    replaceBrands: async () => none,
    productHashes: async (ids) => new Map(ids.filter((id) => rows.has(id)).map((id) => [id, rows.get(id)!.contentHash])),
    writeProducts: async (records) => {
      writes.push(records.length);
      if (records.some(refuses)) {
        const values = records.map((record) => `(${record.bigcommerceId}, '${record.description}')`).join(', ');
        const error = new Error(
          `insert into "bigcommerce_products" ("bigcommerce_id", "description") values ${values} - invalid byte sequence for encoding "UTF8": 0x00`
        );
        Object.assign(error, { code: '22021' });
        throw error;
      }
      for (const record of records) rows.set(record.bigcommerceId, record);
      return records.map((record) => record.bigcommerceId);
    },
    writeCategories: async () => undefined,
    deleteCategories: async () => 0,
    productIds: async () => [...rows.keys()],
    productCount: async () => rows.size,
    deletedUpstreamSince: async () => [],
    deleteProducts: async (ids) => {
      ids.forEach((id) => rows.delete(id));
      return ids.length;
    },
    writeListings: async (records) => {
      const changed = records.filter((record) => listings.get(record.bigcommerceId)?.contentHash !== record.contentHash);
      const created = changed.filter((record) => !listings.has(record.bigcommerceId)).length;
      for (const record of changed) listings.set(record.bigcommerceId, record);
      return { created, updated: changed.length - created, unchanged: records.length - changed.length, deleted: 0 };
    },
    pruneListings: async (channelId, keep, productIds) => {
      const gone = [...listings.values()].filter(
        (l) => l.channelId === channelId && !keep.has(l.bigcommerceId) && (!productIds || productIds.includes(l.productId))
      );
      for (const l of gone) listings.delete(l.bigcommerceId);
      return gone.length;
    },
  };
  return { store, rows, writes, listings };
};

/** BigCommerce for the webhook pipeline: each request's ids (or `category <id>`) is recorded in order. */
export const memoryResources = (products: Product[], categories: Category[] = [], listings: Listing[] = []) => {
  const requests: string[] = [];
  /** Listing reads, apart from `requests`: one per served channel and batch. */
  const listingRequests: string[] = [];
  const source: ResourceSource = {
    products: async (ids) => {
      requests.push(`products ${ids.join(',')}`);
      return products.filter((p) => ids.includes(p.id));
    },
    category: async (id) => {
      requests.push(`category ${id}`);
      return categories.find((c) => c.id === id) ?? null;
    },
    listings: async (channelId, ids) => {
      listingRequests.push(`listings ${channelId} ${ids.join(',')}`);
      return listings.filter((l) => l.channel_id === channelId && ids.includes(l.product_id));
    },
  };
  return { source, requests, listingRequests };
};

export type InboxRow = InboxEvent & { readAt: number | null; removed: boolean; receivedMs: number };

/**
 * The durable inbox in memory, with the rules the SQL of the inbox service states: a hash is stored once
 * (reopened when the read that applied it may have missed a same-second change), and covered events are
 * those received before a read or created before it.
 */
export const memoryInbox = (clock: { now(): Date }, skewMs: number) => {
  const rows: InboxRow[] = [];
  const byIds = (ids: number[]) => rows.filter((row) => ids.includes(row.id));
  const inbox = {
    receive(payload: WebhookPayload): { duplicate: boolean } {
      const resource = resourceOf(payload);
      const now = clock.now().getTime();
      const seen = rows.find((row) => row.hash === payload.hash);
      if (!seen) {
        rows.push({
          id: rows.length + 1,
          hash: payload.hash,
          scope: payload.scope,
          resourceType: resource?.type ?? 'other',
          resourceId: resource?.id ?? Number(payload.data.id),
          status: resource ? 'pending' : 'dropped',
          attempts: 0,
          lastError: null,
          receivedAt: new Date(now).toISOString(),
          receivedMs: now,
          processedAt: null,
          bigcommerceCreatedAt: payload.created_at,
          claimedBy: null,
          readAt: null,
          removed: false,
        });
        return { duplicate: false };
      }
      if (!resource || seen.status !== 'done' || !mayHaveMissed(seen.readAt, payload.created_at, skewMs)) return { duplicate: true };
      Object.assign(seen, { status: 'pending', attempts: 0, receivedMs: now, readAt: null });
      return { duplicate: false };
    },
    /** Every due event, as one claim. */
    claim(): InboxEvent[] {
      const due = rows.filter((row) => row.status === 'pending' || row.status === 'failed');
      for (const row of due) row.status = 'processing';
      return due.map((row) => ({ ...row }));
    },
    async complete(ids: number[], status: 'done' | 'dropped', readAt: number | null, removed = false) {
      for (const row of byIds(ids)) Object.assign(row, { status, readAt, removed, lastError: null });
    },
    async completeCovered(type: 'product' | 'category', ids: number[], readAt: Date, removed = false) {
      const max = coveredCreatedAt(readAt.getTime(), skewMs);
      for (const row of rows) {
        if (row.resourceType !== type || !ids.includes(row.resourceId) || (row.status !== 'pending' && row.status !== 'failed')) continue;
        if (row.receivedMs <= readAt.getTime() || row.bigcommerceCreatedAt <= max)
          Object.assign(row, { status: 'done', readAt: readAt.getTime(), removed, lastError: null });
      }
    },
    async fail(events: InboxEvent[], error: string, maxAttempts: number) {
      for (const row of byIds(events.map((event) => event.id))) {
        row.attempts += 1;
        Object.assign(row, { status: row.attempts >= maxAttempts ? 'dead' : 'failed', lastError: error });
      }
    },
  };
  return { inbox, rows };
};
