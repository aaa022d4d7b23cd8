import { randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import type { PluginConfig } from '../config/schema';
import { coveredCreatedAt, coveringReadAt, resourceOf, type InboxEvent, type ResourceType } from '../sync/webhooks';
import { createDocumentId } from '../utils/document-id';
import { nodeIdentity } from '../utils/node-id';
import { PLUGIN_ID } from '../utils/plugin-id';
import { PRICE_LIST_SCOPE, type PriceListPayload, type WebhookPayload } from '../validation/webhooks';

const isCatalogPayload = (payload: WebhookPayload | PriceListPayload): payload is WebhookPayload => !PRICE_LIST_SCOPE.test(payload.scope);

/** The id an event not about a stored resource is filed under: its own, or its price list's (0 when it names none). */
const otherId = (payload: WebhookPayload | PriceListPayload): number => {
  if (isCatalogPayload(payload)) return Number(payload.data.id);
  const first = Array.isArray(payload.data) ? payload.data[0] : payload.data;
  const id = Number(first?.price_list_id ?? 0);
  return Number.isSafeInteger(id) ? id : 0;
};
import type { Pagination } from '../../../shared/pagination';
import type { EventStatus, InboxCounts } from '../../../shared/webhooks';

const EVENT_UID = `plugin::${PLUGIN_ID}.webhook-event`;

/** Retry delays of a failed event: quick at first, then minutes. */
const BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000];

/**
 * The durable inbox: one row per BigCommerce event (deduplicated by its hash), claimed by one worker
 * at a time across nodes by a conditional UPDATE, never by an in-memory flag.
 */
const webhookInbox = ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => (strapi.db.metadata.get(EVENT_UID) as unknown as { tableName: string }).tableName;
  const knex = () => strapi.db.connection as unknown as Knex;
  const skewMs = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).webhookClockSkewMs;
  const node = nodeIdentity(strapi);

  return {
    /**
     * Stores an event unless its hash is already in; answers whether it was a duplicate. BigCommerce's
     * hash covers the payload only, so two changes of one resource in the same second share one: a hash
     * seen again is taken as new when the read that applied the first could have missed its change
     * (mayHaveMissed in sync/webhooks.ts, as one conditional UPDATE so that racing receivers reopen it once).
     */
    async receive(payload: WebhookPayload | PriceListPayload): Promise<{ duplicate: boolean; relevant: boolean }> {
      const resource = isCatalogPayload(payload) ? resourceOf(payload) : null;
      const now = new Date();
      const inserted = await knex()(table())
        .insert({
          document_id: createDocumentId(),
          hash: payload.hash,
          scope: payload.scope,
          resource_type: resource?.type ?? 'other',
          resource_id: resource?.id ?? otherId(payload),
          status: resource ? 'pending' : 'dropped',
          attempts: 0,
          available_at: now.getTime(),
          received_at: now,
          bigcommerce_created_at: payload.created_at,
          payload: JSON.stringify(payload),
          created_at: now,
          updated_at: now,
          published_at: now,
          locale: null,
        })
        .onConflict('hash')
        .ignore()
        .returning('id');
      if (inserted.length || !resource) return { duplicate: inserted.length === 0, relevant: resource !== null };
      const reopened = await knex()(table())
        .where({ hash: payload.hash, status: 'done' })
        .andWhere((unproven) => unproven.whereNull('read_at').orWhere('read_at', '<', coveringReadAt(payload.created_at, skewMs())))
        .update({
          status: 'pending',
          attempts: 0,
          available_at: now.getTime(),
          received_at: now,
          processed_at: null,
          read_at: null,
          claimed_by: null,
          updated_at: now,
        });
      return { duplicate: Number(reopened) === 0, relevant: true };
    },

    /**
     * Claims up to `limit` due events for this worker. The UPDATE only takes rows still unclaimed (or
     * whose claim expired), so two nodes racing for the same rows never both get one.
     */
    async claim(limit: number, leaseMs: number): Promise<InboxEvent[]> {
      const token = randomUUID();
      // A claimer that loses the race for every candidate looks again instead of reporting an empty
      // inbox: the events it lost went to another node, the ones after them are still free.
      for (let round = 0; round < 5; round += 1) {
        const now = Date.now();
        const due = (query: Knex.QueryBuilder) =>
          query.where((q) =>
            q
              .where((pending) => pending.whereIn('status', ['pending', 'failed']).andWhere('available_at', '<=', now))
              .orWhere((stale) => stale.where('status', 'processing').andWhere('claimed_until', '<', now))
          );
        const candidates = await due(knex()(table()).select('id')).orderBy('id').limit(limit);
        if (!candidates.length) return [];
        const won = await due(
          knex()(table()).whereIn(
            'id',
            candidates.map((row: { id: number }) => row.id)
          )
        ).update({
          status: 'processing',
          claimed_by: token,
          claimed_node: node,
          claimed_until: now + leaseMs,
          updated_at: new Date(now),
        });
        if (Number(won) > 0) {
          const rows = await knex()(table()).where({ claimed_by: token, status: 'processing' }).select('*');
          return rows.map(toEvent);
        }
      }
      return [];
    },

    /** Keeps a claim while its holder still works on it; false when it was lost (expired and taken). */
    async extendClaim(token: string, leaseMs: number): Promise<boolean> {
      const now = Date.now();
      const updated = await knex()(table())
        .where({ claimed_by: token, status: 'processing' })
        .update({ claimed_until: now + leaseMs });
      return Number(updated) > 0;
    },

    /**
     * At boot: events this node had claimed when it stopped are due again at once, instead of after their
     * claim expires. Nothing of this node runs yet, so no claim taken here is live.
     */
    async reclaimOwn(): Promise<number> {
      const now = Date.now();
      const updated = await knex()(table())
        .where({ claimed_node: node, status: 'processing' })
        .update({ status: 'pending', available_at: now, claimed_by: null, claimed_node: null, claimed_until: null, updated_at: new Date(now) });
      return Number(updated);
    },

    /**
     * Marks events applied (by a BigCommerce read that began at `readAt`, ms) or dropped; `removed` when
     * applying them removed their resource (gone from BigCommerce or from the served channels).
     */
    async complete(ids: number[], status: 'done' | 'dropped', readAt: number | null, removed = false): Promise<void> {
      if (!ids.length) return;
      const now = new Date();
      await knex()(table())
        .whereIn('id', ids)
        .update({ status, removed, processed_at: now, read_at: readAt, updated_at: now, last_error: null, claimed_by: null });
    },

    /**
     * Marks waiting events of these resources done when a read that began at `readAt` saw their change:
     * they were received before it, or BigCommerce created them before it (see coveredCreatedAt).
     */
    async completeCovered(type: ResourceType, ids: number[], readAt: Date, removed = false): Promise<void> {
      if (!ids.length) return;
      const now = new Date();
      const createdAtMax = coveredCreatedAt(readAt.getTime(), skewMs());
      await knex()(table())
        .where('resource_type', type)
        .whereIn('resource_id', ids)
        .whereIn('status', ['pending', 'failed'])
        .andWhere((covered) => covered.where('received_at', '<=', readAt).orWhere('bigcommerce_created_at', '<=', createdAtMax))
        .update({ status: 'done', removed, processed_at: now, read_at: readAt.getTime(), updated_at: now, last_error: null });
    },

    /**
     * Ids that applied events since `date` removed: deleted in BigCommerce, or taken out of the served
     * channels when the last event applied for them said so (a later one may have brought them back).
     */
    async deletedSince(type: ResourceType, date: Date): Promise<number[]> {
      const rows = (await knex()(table())
        .where({ resource_type: type, status: 'done' })
        .andWhere('received_at', '>=', date)
        .orderBy([
          { column: 'read_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .select('resource_id', 'scope', 'removed')) as { resource_id: number | string; scope: string; removed: boolean | number | null }[];
      const removed = new Map<number, boolean>();
      const deleted = new Set<number>();
      for (const row of rows) {
        const id = Number(row.resource_id);
        // A deleted id never comes back; a channel removal holds until a later event says otherwise.
        if (row.scope === `store/${type}/deleted`) deleted.add(id);
        removed.set(id, Boolean(row.removed));
      }
      return [...new Set([...deleted, ...[...removed].filter(([, gone]) => gone).map(([id]) => id)])];
    },

    /** Puts events back with a delay, or in the dead letter once they used their attempts. */
    async fail(events: InboxEvent[], error: string, maxAttempts: number): Promise<void> {
      const now = Date.now();
      for (const event of events) {
        const attempts = event.attempts + 1;
        const dead = attempts >= maxAttempts;
        await knex()(table())
          .where('id', event.id)
          .update({
            status: dead ? 'dead' : 'failed',
            attempts,
            last_error: error.slice(0, 2000),
            available_at: now + BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)],
            claimed_by: null,
            updated_at: new Date(now),
          });
      }
    },

    async replay(id: number): Promise<InboxEvent | null> {
      const updated = await knex()(table())
        .where('id', id)
        .whereIn('status', ['dead', 'failed', 'done'])
        .update({ status: 'pending', attempts: 0, available_at: Date.now(), last_error: null, updated_at: new Date() });
      if (!Number(updated)) return null;
      return this.find(id);
    },

    async find(id: number): Promise<InboxEvent | null> {
      const row = await knex()(table()).where('id', id).first();
      return row ? toEvent(row) : null;
    },

    async list({ status, page, pageSize }: { status?: EventStatus; page: number; pageSize: number }) {
      const base = () => (status ? knex()(table()).where('status', status) : knex()(table()));
      const [rows, [{ count }]] = await Promise.all([
        base()
          .orderBy('id', 'desc')
          .offset((page - 1) * pageSize)
          .limit(pageSize)
          .select('*'),
        base().count({ count: '*' }),
      ]);
      const total = Number(count);
      const pagination: Pagination = { page, pageSize, total, pageCount: Math.ceil(total / pageSize) };
      return { results: rows.map(toEvent), pagination };
    },

    async counts(): Promise<InboxCounts> {
      const rows: { status: EventStatus; count: number | string }[] = await knex()(table()).select('status').count({ count: '*' }).groupBy('status');
      const last = await knex()(table()).max({ at: 'received_at' }).first();
      const counts = { pending: 0, processing: 0, done: 0, failed: 0, dead: 0, dropped: 0 };
      for (const row of rows) counts[row.status] = Number(row.count);
      return { ...counts, lastReceivedAt: last?.at ? new Date(last.at).toISOString() : null };
    },

    /** True when any event is waiting (for the worker's idle check). */
    async hasDue(): Promise<boolean> {
      const row = await knex()(table()).whereIn('status', ['pending', 'failed']).andWhere('available_at', '<=', Date.now()).first('id');
      return Boolean(row);
    },
  };
};

const toEvent = (row: Record<string, unknown>): InboxEvent => ({
  id: Number(row.id),
  hash: String(row.hash),
  scope: String(row.scope),
  resourceType: row.resource_type as InboxEvent['resourceType'],
  resourceId: Number(row.resource_id),
  status: row.status as EventStatus,
  attempts: Number(row.attempts ?? 0),
  lastError: (row.last_error as string | null) ?? null,
  receivedAt: new Date(row.received_at as string | number).toISOString(),
  processedAt: row.processed_at ? new Date(row.processed_at as string | number).toISOString() : null,
  bigcommerceCreatedAt: Number(row.bigcommerce_created_at ?? 0),
  claimedBy: (row.claimed_by as string | null) ?? null,
});

export default webhookInbox;
export type WebhookInboxService = ReturnType<typeof webhookInbox>;
