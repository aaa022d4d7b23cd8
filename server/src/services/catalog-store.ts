import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { createDocumentId } from '../utils/document-id';
import type { CatalogStore, WriteCounts } from '../sync/ports';
import { assignSlugs, type SlugCollision, type SlugResource } from '../sync/slugs';
import {
  SYNCED_BRAND_FIELDS,
  SYNCED_CATEGORY_FIELDS,
  SYNCED_CHANNEL_FIELDS,
  SYNCED_LISTING_FIELDS,
  SYNCED_PRODUCT_FIELDS,
  type BrandRecord,
  type CategoryRecord,
  type ChannelRecord,
  type ListingRecord,
  type ProductRecord,
} from '../sync/records';
import { PLUGIN_ID } from '../utils/plugin-id';
import { getService } from '../utils/get-service';
import { modelMeta } from '../utils/model-meta';
import { trafficOf } from '../utils/traffic';

export const UIDS = {
  product: `plugin::${PLUGIN_ID}.product`,
  category: `plugin::${PLUGIN_ID}.category`,
  brand: `plugin::${PLUGIN_ID}.brand`,
  channel: `plugin::${PLUGIN_ID}.channel`,
  listing: `plugin::${PLUGIN_ID}.listing`,
} as const;

export type CatalogUid = (typeof UIDS)[keyof typeof UIDS];
type SluggedUid = typeof UIDS.product | typeof UIDS.category | typeof UIDS.brand;
const SLUG_RESOURCES: Record<SluggedUid, SlugResource> = { [UIDS.product]: 'product', [UIDS.category]: 'category', [UIDS.brand]: 'brand' };
type Row = Record<string, unknown>;

/** SQLite takes at most 32,766 bound values a statement; stay well under it. */
const MAX_BINDINGS = 30_000;
/** SQLite builds a multi-row insert from one SELECT per row, and compounds at most 500 (SQLITE_MAX_COMPOUND_SELECT). */
const MAX_ROWS = 500;

/** Rows of `columns` columns one insert statement may carry on every supported database. */
const rowsPerInsert = (columns: number): number => Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_BINDINGS / columns)));

/** Suffix of a product's stored hash while one of its links has no row to point to (see writeProducts). */
const UNLINKED = '~unlinked';

/** Entries read for events at once (Strapi's query engine hydrates them in one go on the event loop). */
const EMIT_CHUNK = 125;

/**
 * Entries an event read holds while storefront requests come in: about 4 ms on SQLite here (125 take
 * about 12 ms, 5 about 2 ms: a read's fixed cost is most of a small one), less than a busy write slice.
 */
const BUSY_EMIT_CHUNK = 25;

/** Longest a write's ids wait for others to share their entry events' read. */
const EVENTS_GATHER_MS = 1000;

/** Batches of entry events that may wait to go out, at most: bounds what a slow listener holds in memory. */
const EVENTS_BEHIND = 2;

/** Ids one lookup statement binds at most (the chunk every `IN` list here keeps to). */
const LOOKUP_BINDINGS = 5000;

/** Consecutive runs of `items` whose bindings add up to at most `max` each (one statement a run). */
export const inGroups = <T extends { bindings: number }>(items: readonly T[], max: number): T[][] => {
  const groups: T[][] = [];
  let sum = Infinity;
  for (const item of items) {
    if (sum + item.bindings > max) {
      groups.push([]);
      sum = 0;
    }
    groups[groups.length - 1].push(item);
    sum += item.bindings;
  }
  return groups;
};

/** A `lookup` answer as row ids by BigCommerce id. */
const rowIds = (found: ReadonlyMap<number, { id: number }>): Map<number, number> => new Map([...found].map(([bcId, row]) => [bcId, row.id]));

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * The sync's store over Strapi's query engine and knex. Rows are written the way the Document Service
 * writes them — documentId, timestamps, publishedAt, locale, link tables with their order columns — but
 * a page at a time in one transaction, which is what makes a 10,000-product sync take seconds.
 * Only the attributes the sync owns are ever written to an existing row.
 */
export const createCatalogStore = (strapi: Core.Strapi, options: { emitEvents?: boolean } = {}): CatalogStore => {
  const emitEvents = options.emitEvents ?? true;
  const { meta, column, joinTable } = modelMeta(strapi);
  const knex = (): Knex => strapi.db.connection as unknown as Knex;

  // Each field's column and type, looked up once per field list instead of once per row and field.
  const layouts = new Map<string, { field: string; column: string; type?: string }[]>();
  const layoutOf = (uid: CatalogUid, fields: readonly string[]) => {
    const key = `${uid}\n${fields.join(',')}`;
    let layout = layouts.get(key);
    if (!layout) {
      const attributes = meta(uid).attributes;
      layout = fields.map((field) => ({ field, column: column(uid, field), type: attributes[field]?.type }));
      layouts.set(key, layout);
    }
    return layout;
  };

  /** A record's columns; `extra` (fields the caller sets, e.g. syncedAt) wins over the record's own. */
  const toColumns = (uid: CatalogUid, record: Row, fields: readonly string[], extra?: Row): Row => {
    const row: Row = {};
    for (const { field, column: name, type } of layoutOf(uid, fields)) {
      const value = extra && field in extra ? extra[field] : record[field];
      row[name] =
        value === undefined || value === null ? null : type === 'json' ? JSON.stringify(value) : type === 'datetime' ? new Date(value as string) : value;
    }
    return row;
  };

  /**
   * Inserts new rows and overwrites the synced columns of existing ones, in one statement per chunk.
   * With `newerThan`, an existing row is only overwritten by data at least as recent as its own: a sync
   * page read before a webhook's refetch must not roll the webhook's newer data back.
   */
  const upsertRows = async (
    trx: Knex.Transaction,
    uid: CatalogUid,
    records: Row[],
    fields: readonly string[],
    now: Date,
    newerThan?: string
  ): Promise<Map<number, number>> => {
    // Row ids by BigCommerce id of the rows inserted or overwritten (RETURNING leaves out those the guard kept).
    const written = new Map<number, number>();
    if (!records.length) return written;
    const table = meta(uid).tableName;
    const bcColumn = column(uid, 'bigcommerceId');
    const synced = [...fields, 'syncedAt'];
    const columnsOf = ['bigcommerceId', ...synced];
    const rows = records.map((record) => ({
      ...toColumns(uid, record, columnsOf, { syncedAt: now }),
      document_id: createDocumentId(),
      created_at: now,
      updated_at: now,
      published_at: now,
      locale: null,
    }));
    const merge = [...synced.map((field) => column(uid, field)), 'updated_at'];
    for (const part of chunk(rows, rowsPerInsert(Object.keys(rows[0]).length))) {
      const upsert = trx(table).insert(part).onConflict(bcColumn).merge(merge).returning(['id', bcColumn]);
      const guard = newerThan && column(uid, newerThan);
      const returned: Row[] = await (guard
        ? upsert.where((query) => query.whereNull(`${table}.${guard}`).orWhere(`${table}.${guard}`, '<=', trx.ref(`excluded.${guard}`)))
        : upsert);
      for (const row of returned) written.set(Number(row[bcColumn]), Number(row.id));
    }
    return written;
  };

  /**
   * Several tables' rows by BigCommerce id (their row id, and their base slug where asked), one map per
   * branch, in as few statements as the bindings allow: a UNION ALL of one SELECT per branch. On
   * PostgreSQL each statement of a write is a round trip the writer waits for.
   */
  const lookup = async (
    trx: Knex | Knex.Transaction,
    branches: readonly { uid: CatalogUid; ids: readonly number[]; slugBase?: boolean }[]
  ): Promise<Map<number, { id: number; slugBase: string }>[]> => {
    const found = branches.map(() => new Map<number, { id: number; slugBase: string }>());
    const selects = branches.flatMap((branch, index) =>
      chunk([...new Set(branch.ids)], LOOKUP_BINDINGS).map((part) => {
        const bcColumn = column(branch.uid, 'bigcommerceId');
        const base = branch.slugBase ? trx.ref(column(branch.uid, 'slugBase')).as('slug_base') : trx.raw('NULL AS slug_base');
        const select = trx(meta(branch.uid).tableName)
          .select(trx.raw(`${index} AS branch`), 'id', trx.ref(bcColumn).as('bigcommerce_id'), base)
          .whereIn(bcColumn, part);
        return { select, bindings: part.length };
      })
    );
    for (const group of inGroups(selects, LOOKUP_BINDINGS)) {
      const [first, ...rest] = group.map(({ select }) => select);
      const rows: Row[] = await (rest.length ? first.unionAll(rest) : first);
      for (const row of rows) found[Number(row.branch)].set(Number(row.bigcommerce_id), { id: Number(row.id), slugBase: String(row.slug_base ?? '') });
    }
    return found;
  };

  /** Row ids by BigCommerce id, of these ids' rows (`lookup`) or of every row. */
  const idMap = async (trx: Knex | Knex.Transaction, uid: CatalogUid, bigcommerceIds?: readonly number[]): Promise<Map<number, number>> => {
    if (bigcommerceIds) return rowIds((await lookup(trx, [{ uid, ids: bigcommerceIds }]))[0]);
    const bcColumn = column(uid, 'bigcommerceId');
    const rows: Row[] = await trx(meta(uid).tableName).select('id', bcColumn);
    return new Map(rows.map((row) => [Number(row[bcColumn]), Number(row.id)]));
  };

  /**
   * Write statements in order. On PostgreSQL, as few statements as their bindings allow (data-modifying
   * WITH clauses): each is a round trip the writer waits for. The caller keeps statements that touch the
   * same rows apart, since the parts of one statement see one snapshot.
   */
  const together = async (statements: { query: Knex.QueryBuilder; bindings: number }[]) => {
    if (strapi.db.dialect.client !== 'postgres') {
      for (const { query } of statements) await query;
      return;
    }
    for (const group of inGroups(statements, MAX_BINDINGS)) {
      const parts = group.map(({ query }) => query);
      const last = parts.pop() as Knex.QueryBuilder;
      await parts.reduce((query, part, index) => query.with(`part${index}`, part), last);
    }
  };

  /**
   * Replaces the links of `ownerIds` on each relation with the given (owner, target) pairs, in order: every
   * relation's deletes first, then every insert (`together`).
   */
  const relink = async (
    trx: Knex.Transaction,
    uid: CatalogUid,
    ownerIds: readonly number[],
    relations: { attribute: string; pairs: { owner: number; target: number; order: number }[] }[]
  ) => {
    const deletes: { query: Knex.QueryBuilder; bindings: number }[] = [];
    const inserts: { query: Knex.QueryBuilder; bindings: number }[] = [];
    for (const { attribute, pairs } of relations) {
      const table = joinTable(uid, attribute);
      for (const part of chunk(ownerIds, 5000)) {
        deletes.push({
          query: trx(table.name)
            .whereIn(table.joinColumn.name, part as number[])
            .del(),
          bindings: part.length,
        });
      }
      if (!pairs.length) continue;
      const rows = pairs.map(({ owner, target, order }) => ({
        [table.joinColumn.name]: owner,
        [table.inverseJoinColumn.name]: target,
        ...(table.orderColumnName ? { [table.orderColumnName]: order } : {}),
        // The target's list of owners keeps a stable order: by owner row id.
        ...(table.inverseOrderColumnName ? { [table.inverseOrderColumnName]: owner } : {}),
      }));
      const columns = Object.keys(rows[0]).length;
      for (const part of chunk(rows, rowsPerInsert(columns))) inserts.push({ query: trx(table.name).insert(part), bindings: part.length * columns });
    }
    await together(deletes);
    await together(inserts);
  };

  /**
   * The owners among `ownerIds` whose stored links on every relation are exactly the given pairs (the same
   * targets, in the same order where the relation keeps one), read in one statement per group of owners.
   */
  const unchangedLinks = async (
    trx: Knex.Transaction,
    uid: CatalogUid,
    ownerIds: readonly number[],
    relations: readonly { attribute: string; pairs: readonly { owner: number; target: number; order: number }[] }[]
  ): Promise<Set<number>> => {
    if (!ownerIds.length) return new Set();
    const tables = relations.map(({ attribute }) => joinTable(uid, attribute));
    // Each owner's links on a relation as sorted "target:order" keys (order 0 where the relation keeps none).
    const linksOf = () => relations.map(() => new Map<number, string[]>());
    const add = (links: Map<number, string[]>, owner: number, key: string) => {
      const list = links.get(owner);
      if (list) list.push(key);
      else links.set(owner, [key]);
    };
    const wanted = linksOf();
    relations.forEach(({ pairs }, index) => {
      for (const pair of pairs) add(wanted[index], pair.owner, `${pair.target}:${tables[index].orderColumnName ? pair.order : 0}`);
    });
    const stored = linksOf();
    for (const part of chunk(ownerIds, Math.floor(LOOKUP_BINDINGS / tables.length))) {
      const [first, ...rest] = tables.map((table, index) =>
        trx(table.name)
          .select(
            trx.raw(`${index} AS relation`),
            trx.ref(table.joinColumn.name).as('owner'),
            trx.ref(table.inverseJoinColumn.name).as('target'),
            table.orderColumnName ? trx.ref(table.orderColumnName).as('ord') : trx.raw('0 AS ord')
          )
          .whereIn(table.joinColumn.name, part as number[])
      );
      const rows: Row[] = await (rest.length ? first.unionAll(rest) : first);
      for (const row of rows) add(stored[Number(row.relation)], Number(row.owner), `${Number(row.target)}:${Number(row.ord ?? 0)}`);
    }
    const same = (a: string[] = [], b: string[] = []) => a.length === b.length && a.sort().join(' ') === b.sort().join(' ');
    return new Set(ownerIds.filter((owner) => relations.every((_, index) => same(wanted[index].get(owner), stored[index].get(owner)))));
  };

  // Relations an event's entry carries (as the Document Service's populated entry does), lean.
  const RELATION_FIELDS = ['id', 'documentId', 'bigcommerceId', 'name', 'slug'];
  const eventPopulate = (uid: CatalogUid) =>
    Object.fromEntries(
      Object.entries(meta(uid).attributes).flatMap(([name, attribute]) => {
        const target = (attribute as { target?: string }).target;
        if (attribute.type !== 'relation' || !target?.startsWith(`plugin::${PLUGIN_ID}.`)) return [];
        const fields = strapi.getModel(target as CatalogUid).attributes;
        return [[name, { select: RELATION_FIELDS.filter((field) => field === 'id' || field in fields) }]];
      })
    );
  const privateFields = (uid: CatalogUid): string[] =>
    Object.entries(strapi.getModel(uid).attributes)
      .filter(([, attribute]) => (attribute as { private?: boolean }).private)
      .map(([name]) => name);

  /**
   * Entry events go out behind the writes, in order: reading and hydrating a page's entries for them cost
   * a PostgreSQL sync as much as a sixth of its time when the writer waited for it. A write waits only
   * while EVENTS_BEHIND batches of events are still out; `settle` waits for all of them. The rows are
   * committed by then, so a listener that fails is logged, not taken for a failed write.
   */
  let events: Promise<void> = Promise.resolve();
  let behind = 0;
  // Storefront requests go first between event slices, as between the sync's own.
  const traffic = trafficOf(strapi);
  const { pacing } = traffic;
  const enqueue = async (send: () => Promise<void>) => {
    if (!emitEvents) return;
    while (behind >= EVENTS_BEHIND) await events;
    behind += 1;
    events = events
      .then(async () => {
        // A turn first: on SQLite the write before ran in one go.
        await pacing.turn();
        await send();
      })
      .catch((error: unknown) => {
        strapi.log.warn(`[${PLUGIN_ID}] entry events not sent: ${(error as Error).message}`);
      })
      .finally(() => {
        behind -= 1;
      });
  };

  /**
   * Ids of the newest writes, gathered for one event read: small write slices (the sync's while storefront
   * requests come, a webhook's single product) would each pay a read and its hydration. A batch goes out
   * when it holds a chunk, when another model or event comes, after EVENTS_GATHER_MS, or at `settle`:
   * events keep the order of the writes.
   */
  let gathering: { uid: CatalogUid; event: 'entry.create' | 'entry.update'; ids: number[]; timer: NodeJS.Timeout } | undefined;

  /**
   * Tells Strapi's event hub (webhooks, audit logs) about the entries, as the Document Service does:
   * one read per chunk of entries, private fields left out.
   */
  const flush = async (): Promise<void> => {
    const batch = gathering;
    if (!batch) return;
    gathering = undefined;
    clearTimeout(batch.timer);
    await enqueue(async () => {
      const model = strapi.getModel(batch.uid);
      const hidden = privateFields(batch.uid);
      for (let start = 0, size = 0; start < batch.ids.length; start += size) {
        // Reading and hydrating entries is CPU on the event loop: a turn between chunks.
        if (start > 0) await pacing.turn();
        size = traffic.busy() ? BUSY_EMIT_CHUNK : EMIT_CHUNK;
        const part = batch.ids.slice(start, start + size);
        const entries: Row[] = await strapi.db.query(batch.uid).findMany({ where: { id: { $in: part } }, populate: eventPopulate(batch.uid) });
        for (const entry of entries) {
          for (const field of hidden) delete entry[field];
          await strapi.eventHub.emit(batch.event, { model: model.modelName, uid: batch.uid, entry });
        }
      }
    });
  };

  const emit = async (uid: CatalogUid, event: 'entry.create' | 'entry.update', ids: number[]): Promise<void> => {
    if (!ids.length || !emitEvents) return;
    // A loop: another write may start a batch while this one waits for the flush.
    while (gathering && (gathering.uid !== uid || gathering.event !== event || gathering.ids.length + ids.length > EMIT_CHUNK)) await flush();
    gathering ??= { uid, event, ids: [], timer: setTimeout(() => void flush(), EVENTS_GATHER_MS).unref() };
    gathering.ids.push(...ids);
    if (gathering.ids.length >= EMIT_CHUNK) await flush();
  };

  const emitDeletes = async (uid: CatalogUid, rows: Row[]) => {
    await flush();
    await enqueue(async () => {
      const model = strapi.getModel(uid);
      for (const row of rows) await strapi.eventHub.emit('entry.delete', { model: model.modelName, uid, entry: row });
    });
  };

  // Slug collisions met by this store's writes, until the run takes them (takeSlugCollisions).
  let collisions: SlugCollision[] = [];
  const backfilled = new Set<SluggedUid>();

  /** Rows written before slugBase existed hold their base as their slug: they get it once per store. */
  const backfillBases = async (trx: Knex.Transaction, uid: SluggedUid) => {
    if (backfilled.has(uid)) return;
    const baseColumn = column(uid, 'slugBase');
    await trx(meta(uid).tableName)
      .whereNull(baseColumn)
      .whereNotNull(column(uid, 'slug'))
      .update({ [baseColumn]: trx.ref(column(uid, 'slug')) });
    backfilled.add(uid);
  };

  /** Base slugs (slugBase) the rows of these BigCommerce ids hold now; rows from before slugBase get theirs first. */
  const storedBases = async (trx: Knex.Transaction, uid: SluggedUid, bigcommerceIds: readonly number[]): Promise<string[]> => {
    await backfillBases(trx, uid);
    const [stored] = await lookup(trx, [{ uid, ids: bigcommerceIds, slugBase: true }]);
    return [...stored.values()].map((row) => row.slugBase);
  };

  /**
   * Gives every stored row of these base groups its slug by the one rule (lowest BigCommerce id keeps the
   * base, the others `<base>--<id>`), from what the table holds now, so a write that lost to the recency
   * guard or a row that went is accounted for. Only rows whose slug changes are written.
   */
  /** Settles the slugs of every row holding one of these bases; answers the row ids whose slug changed. */
  const settleSlugs = async (trx: Knex.Transaction, uid: SluggedUid, bases: Iterable<string>): Promise<number[]> => {
    const wanted = [...new Set(bases)].filter(Boolean);
    if (!wanted.length) return [];
    const table = meta(uid).tableName;
    const [bcColumn, slugColumn, baseColumn] = [column(uid, 'bigcommerceId'), column(uid, 'slug'), column(uid, 'slugBase')];
    const rows: Row[] = [];
    for (const part of chunk(wanted, 5000)) rows.push(...(await trx(table).whereIn(baseColumn, part).select('id', bcColumn, slugColumn, baseColumn)));
    const assigned = assignSlugs(
      SLUG_RESOURCES[uid],
      rows.map((row) => ({ bigcommerceId: Number(row[bcColumn]), base: String(row[baseColumn]) }))
    );
    const renamed: number[] = [];
    for (const row of rows) {
      const slug = assigned.slugs.get(Number(row[bcColumn]));
      if (slug === undefined || slug === row[slugColumn]) continue;
      await trx(table)
        .where('id', Number(row.id))
        .update({ [slugColumn]: slug });
      renamed.push(Number(row.id));
    }
    collisions.push(...assigned.collisions);
    return renamed;
  };

  /** entry.update for rows whose slug a neighbour's write changed (the written rows have their own event). */
  const emitRenamed = (uid: SluggedUid, renamed: number[], written: Iterable<number>) => {
    const skip = new Set(written);
    return emit(
      uid,
      'entry.update',
      renamed.filter((id) => !skip.has(id))
    );
  };

  /** Records as written: the mapped slug is the base; settleSlugs sets the final slug in the same transaction. */
  const withSlugBase = <R extends { slug: string }>(records: readonly R[]): Row[] => records.map((record) => ({ ...record, slugBase: record.slug }));

  const hashes = async (uid: CatalogUid): Promise<Map<number, { id: number; hash: string }>> => {
    const table = meta(uid).tableName;
    const rows: Row[] = await knex()(table).select('id', column(uid, 'bigcommerceId'), column(uid, 'contentHash'));
    return new Map(rows.map((row) => [Number(row[column(uid, 'bigcommerceId')]), { id: Number(row.id), hash: String(row[column(uid, 'contentHash')] ?? '') }]));
  };

  /** Writes a complete set (categories, brands): new and changed rows, and deletes the rest. */
  const replaceSet = async <R extends { bigcommerceId: number; contentHash: string; slug: string }>(
    uid: SluggedUid,
    records: R[],
    fields: readonly string[],
    afterWrite?: (trx: Knex.Transaction, written: R[], ids: Map<number, number>) => Promise<void>
  ): Promise<WriteCounts> => {
    const existing = await hashes(uid);
    const incoming = new Set(records.map((record) => record.bigcommerceId));
    const changed = records.filter((record) => existing.get(record.bigcommerceId)?.hash !== record.contentHash);
    const gone = [...existing.entries()].filter(([bcId]) => !incoming.has(bcId)).map(([, { id }]) => id);
    const now = new Date();
    let goneRows: Row[] = [];
    let renamed: number[] = [];
    await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
      const before = await storedBases(trx, uid, [...existing.keys()]);
      await upsertRows(trx, uid, withSlugBase(changed), [...fields, 'slugBase'], now);
      if (afterWrite && changed.length) await afterWrite(trx, changed, await idMap(trx, uid));
      if (gone.length) {
        const table = meta(uid).tableName;
        goneRows = await trx(table).whereIn('id', gone).select('id', 'document_id');
        await deleteRows(trx, uid, gone);
      }
      // The whole set: every group is settled, so each run records every collision.
      renamed = await settleSlugs(trx, uid, [...before, ...records.map((record) => record.slug)]);
    });
    const created = changed.filter((record) => !existing.has(record.bigcommerceId));
    const ids = await idMap(
      knex(),
      uid,
      changed.map((record) => record.bigcommerceId)
    );
    await emitRenamed(uid, renamed, ids.values());
    await emit(
      uid,
      'entry.create',
      created.map((record) => ids.get(record.bigcommerceId)!)
    );
    await emit(
      uid,
      'entry.update',
      changed.filter((record) => existing.has(record.bigcommerceId)).map((record) => ids.get(record.bigcommerceId)!)
    );
    await emitDeletes(
      uid,
      goneRows.map((row) => ({ id: row.id, documentId: row.document_id }))
    );
    return { created: created.length, updated: changed.length - created.length, unchanged: records.length - changed.length, deleted: gone.length };
  };

  /** Deletes rows and every link row that points at them, in either direction. */
  const deleteRows = async (trx: Knex.Transaction, uid: CatalogUid, ids: number[]) => {
    const links: { table: string; column: string }[] = [];
    for (const owner of Object.values(UIDS)) {
      for (const definition of Object.values(meta(owner).attributes)) {
        if (!definition.joinTable) continue;
        if (owner === uid) links.push({ table: definition.joinTable.name, column: definition.joinTable.joinColumn.name });
        if (definition.target === uid) links.push({ table: definition.joinTable.name, column: definition.joinTable.inverseJoinColumn.name });
      }
    }
    for (const part of chunk(ids, 5000)) {
      for (const link of links) await trx(link.table).whereIn(link.column, part).del();
      await trx(meta(uid).tableName).whereIn('id', part).del();
    }
  };

  /**
   * The taxonomy a page links to, as `lookup` branches (brands, categories, channels), read in the page's
   * transaction: another node's run or a webhook may have written categories and brands since this store
   * began, so nothing is cached.
   */
  const linkTargets = (records: readonly ProductRecord[]) => [
    { uid: UIDS.brand, ids: records.flatMap((record) => (record.brandId ? [record.brandId] : [])) },
    { uid: UIDS.category, ids: records.flatMap((record) => record.categoryIds) },
    { uid: UIDS.channel, ids: records.flatMap((record) => record.channelIds) },
  ];

  /** Content hashes of the stored rows among these BigCommerce ids. */
  const hashesOf = async (uid: CatalogUid, ids: readonly number[]): Promise<Map<number, string>> => {
    const table = meta(uid).tableName;
    const bcColumn = column(uid, 'bigcommerceId');
    const hashColumn = column(uid, 'contentHash');
    const out = new Map<number, string>();
    for (const part of chunk(ids, 5000)) {
      const rows: Row[] = await knex()(table)
        .whereIn(bcColumn, part as number[])
        .select(bcColumn, hashColumn);
      for (const row of rows) out.set(Number(row[bcColumn]), String(row[hashColumn] ?? ''));
    }
    return out;
  };

  return {
    async writeChannels(records: ChannelRecord[]) {
      const existing = await hashes(UIDS.channel);
      const changed = records.filter((record) => existing.get(record.bigcommerceId)?.hash !== record.contentHash);
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) =>
        upsertRows(trx, UIDS.channel, changed as unknown as Row[], SYNCED_CHANNEL_FIELDS, new Date())
      );
      const created = changed.filter((record) => !existing.has(record.bigcommerceId)).length;
      return { created, updated: changed.length - created, unchanged: records.length - changed.length, deleted: 0 };
    },

    async channelIds() {
      return [...(await idMap(knex(), UIDS.channel)).keys()];
    },

    async replaceCategories(records: CategoryRecord[]) {
      return replaceSet(UIDS.category, records, SYNCED_CATEGORY_FIELDS, async (trx, written, ids) => {
        const all = await idMap(trx, UIDS.category);
        const pairs = written.flatMap((record) => {
          const parent = record.parentBigcommerceId ? all.get(record.parentBigcommerceId) : undefined;
          return parent ? [{ owner: ids.get(record.bigcommerceId)!, target: parent, order: 1 }] : [];
        });
        await relink(
          trx,
          UIDS.category,
          written.map((record) => ids.get(record.bigcommerceId)!),
          [{ attribute: 'parent', pairs }]
        );
      });
    },

    async replaceBrands(records: BrandRecord[]) {
      return replaceSet(UIDS.brand, records, SYNCED_BRAND_FIELDS);
    },

    productHashes: (ids) => hashesOf(UIDS.product, ids),

    async writeListings(records: ListingRecord[]) {
      const existing = await hashesOf(
        UIDS.listing,
        records.map((record) => record.bigcommerceId)
      );
      const changed = records.filter((record) => existing.get(record.bigcommerceId) !== record.contentHash);
      if (changed.length) {
        await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) =>
          upsertRows(trx, UIDS.listing, changed as unknown as Row[], SYNCED_LISTING_FIELDS, new Date())
        );
      }
      const created = changed.filter((record) => !existing.has(record.bigcommerceId)).length;
      return { created, updated: changed.length - created, unchanged: records.length - changed.length, deleted: 0 };
    },

    async pruneListings(channelId, keep, productIds) {
      const table = meta(UIDS.listing).tableName;
      const bcColumn = column(UIDS.listing, 'bigcommerceId');
      const productColumn = column(UIDS.listing, 'productId');
      const stored = knex()(table).where(column(UIDS.listing, 'channelId'), channelId).select('id', bcColumn);
      const rows: Row[] = [];
      if (!productIds) rows.push(...(await stored));
      else for (const part of chunk(productIds, 5000)) rows.push(...(await stored.clone().whereIn(productColumn, part as number[])));
      const gone = rows.filter((row) => !keep.has(Number(row[bcColumn]))).map((row) => Number(row.id));
      for (const part of chunk(gone, 5000)) await knex()(table).whereIn('id', part).delete();
      return gone.length;
    },

    async writeProducts(input: ProductRecord[], existing: ReadonlySet<number>) {
      let written: ProductRecord[] = [];
      let ids = new Map<number, number>();
      let renamed: number[] = [];
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        await backfillBases(trx, UIDS.product);
        // One statement for the stored rows' base slugs and the link targets' row ids.
        const [stored, ...targets] = await lookup(trx, [
          { uid: UIDS.product, ids: input.map((record) => record.bigcommerceId), slugBase: true },
          ...linkTargets(input),
        ]);
        const [brands, categories, channels] = targets.map(rowIds);
        // A product linking to a category, brand or channel not (yet) stored keeps a hash no read matches, so the
        // next run writes it again instead of taking it as unchanged with the link missing.
        const records = input.map((record) =>
          (record.brandId && !brands.has(record.brandId)) ||
          record.categoryIds.some((id) => !categories.has(id)) ||
          record.channelIds.some((id) => !channels.has(id))
            ? { ...record, contentHash: `${record.contentHash}${UNLINKED}` }
            : record
        );
        const before = [...stored.values()].map((row) => row.slugBase);
        // Rows the recency guard kept as they were are not returned: their links stay as they are too.
        ids = await upsertRows(trx, UIDS.product, withSlugBase(records), [...SYNCED_PRODUCT_FIELDS, 'slugBase'], new Date(), 'bigcommerceModifiedAt');
        renamed = await settleSlugs(trx, UIDS.product, [...before, ...records.map((record) => record.slug)]);
        written = records.filter((record) => ids.has(record.bigcommerceId));
        const owners = written.map((record) => ids.get(record.bigcommerceId)!);
        const pairsOf = (targets: (record: ProductRecord) => (number | undefined)[]) =>
          written.flatMap((record) =>
            targets(record)
              .filter((target): target is number => target !== undefined)
              .map((target, index) => ({ owner: ids.get(record.bigcommerceId)!, target, order: index + 1 }))
          );
        const relations = [
          { attribute: 'brand', pairs: pairsOf((record) => [record.brandId ? brands.get(record.brandId) : undefined]) },
          { attribute: 'categories', pairs: pairsOf((record) => record.categoryIds.map((id) => categories.get(id))) },
          { attribute: 'channels', pairs: pairsOf((record) => record.channelIds.map((id) => channels.get(id))) },
        ];
        // A stored product whose links are as they were (a price or stock change) keeps them: no deletes and inserts.
        const kept = await unchangedLinks(
          trx,
          UIDS.product,
          written.filter((record) => stored.has(record.bigcommerceId)).map((record) => ids.get(record.bigcommerceId)!),
          relations
        );
        await relink(
          trx,
          UIDS.product,
          owners.filter((owner) => !kept.has(owner)),
          relations.map(({ attribute, pairs }) => ({ attribute, pairs: pairs.filter((pair) => !kept.has(pair.owner)) }))
        );
      });
      await emit(
        UIDS.product,
        'entry.create',
        written.filter((record) => !existing.has(record.bigcommerceId)).map((record) => ids.get(record.bigcommerceId)!)
      );
      await emit(
        UIDS.product,
        'entry.update',
        written.filter((record) => existing.has(record.bigcommerceId)).map((record) => ids.get(record.bigcommerceId)!)
      );
      await emitRenamed(
        UIDS.product,
        renamed,
        written.map((record) => ids.get(record.bigcommerceId)!)
      );
      return written.map((record) => record.bigcommerceId);
    },

    async writeCategories(records: CategoryRecord[]) {
      const existing = await hashes(UIDS.category);
      const changed = records.filter((record) => existing.get(record.bigcommerceId)?.hash !== record.contentHash);
      if (!changed.length) return;
      let renamed: number[] = [];
      let written: number[] = [];
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const before = await storedBases(
          trx,
          UIDS.category,
          changed.map((record) => record.bigcommerceId)
        );
        await upsertRows(trx, UIDS.category, withSlugBase(changed), [...SYNCED_CATEGORY_FIELDS, 'slugBase'], new Date());
        renamed = await settleSlugs(trx, UIDS.category, [...before, ...changed.map((record) => record.slug)]);
        const all = await idMap(trx, UIDS.category);
        const pairs = changed.flatMap((record) => {
          const parent = record.parentBigcommerceId ? all.get(record.parentBigcommerceId) : undefined;
          return parent ? [{ owner: all.get(record.bigcommerceId)!, target: parent, order: 1 }] : [];
        });
        written = changed.map((record) => all.get(record.bigcommerceId)!);
        await relink(trx, UIDS.category, written, [{ attribute: 'parent', pairs }]);
      });
      await emitRenamed(UIDS.category, renamed, written);
    },

    async deleteCategories(bigcommerceIds) {
      const ids = [...(await idMap(knex(), UIDS.category, bigcommerceIds)).values()];
      if (!ids.length) return 0;
      let renamed: number[] = [];
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const before = await storedBases(trx, UIDS.category, bigcommerceIds);
        await deleteRows(trx, UIDS.category, ids);
        renamed = await settleSlugs(trx, UIDS.category, before); // the next in line takes a freed base
      });
      await emitRenamed(UIDS.category, renamed, []);
      return ids.length;
    },

    async productIds(options = {}) {
      if (!options.syncedBefore) return [...(await idMap(knex(), UIDS.product)).keys()];
      const bcColumn = column(UIDS.product, 'bigcommerceId');
      const rows: Row[] = await knex()(meta(UIDS.product).tableName).where(column(UIDS.product, 'syncedAt'), '<', options.syncedBefore).select(bcColumn);
      return rows.map((row) => Number(row[bcColumn]));
    },

    async productCount() {
      const [{ count }] = await knex()(meta(UIDS.product).tableName).count({ count: '*' });
      return Number(count);
    },

    deletedUpstreamSince: (date) => getService(strapi, 'webhook-inbox').deletedSince('product', date),

    async deleteProducts(bigcommerceIds) {
      const ids = [...(await idMap(knex(), UIDS.product, bigcommerceIds)).values()];
      if (!ids.length) return 0;
      const table = meta(UIDS.product).tableName;
      let rows: Row[] = [];
      let renamed: number[] = [];
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        rows = await trx(table).whereIn('id', ids).select('id', 'document_id');
        const before = await storedBases(trx, UIDS.product, bigcommerceIds);
        await deleteRows(trx, UIDS.product, ids);
        renamed = await settleSlugs(trx, UIDS.product, before); // the next in line takes a freed base
      });
      await emitDeletes(
        UIDS.product,
        rows.map((row) => ({ id: row.id, documentId: row.document_id }))
      );
      await emitRenamed(UIDS.product, renamed, []);
      return ids.length;
    },

    async settle() {
      await flush();
      while (behind > 0) await events;
    },

    takeSlugCollisions() {
      const taken = collisions;
      collisions = [];
      return taken;
    },
  };
};
