import type { Logger } from '../bigcommerce';
import { prefetch } from './prefetch';
import { MappingError, mapBrand, mapCategory, mapChannel, mapProduct } from './mapping';
import type { CatalogSource, CatalogStore, Clock, SyncCheckpoint, SyncControl, SyncItemError, SyncProgress } from './ports';
import type { BrandRecord, CategoryRecord, ProductRecord } from './records';

export type SyncKind = 'full' | 'incremental';

export interface SyncOptions {
  kind: SyncKind;
  channelIds: readonly number[];
  source: CatalogSource;
  store: CatalogStore;
  control: SyncControl;
  logger: Logger;
  /** Incremental runs: read products modified since this time (BigCommerce clock). */
  modifiedSince?: string;
  /** A crashed run's last checkpoint: carry on from there. */
  resumeFrom?: SyncCheckpoint;
  /** Cap of item errors kept on the run (the count is always exact). */
  maxErrors?: number;
  clock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

export interface SyncResult extends SyncProgress {
  status: 'succeeded' | 'cancelled';
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One catalog sync over the two ports. Pages stream from the source to the store; one bad product
 * is recorded and skipped, never fatal. Deletions are applied only after every page was read.
 */
export const runCatalogSync = async (options: SyncOptions): Promise<SyncResult> => {
  const { source, store, control, logger, channelIds } = options;
  const maxErrors = options.maxErrors ?? 500;
  const resume = options.resumeFrom;
  const kind = options.kind;
  const startedAt = (options.clock ?? systemClock).now();
  const modifiedSince = resume?.modifiedSince ?? options.modifiedSince;
  if (kind === 'incremental' && !modifiedSince) throw new Error('An incremental sync needs a modifiedSince checkpoint');

  const progress: SyncProgress = {
    phase: 'channels',
    taxonomy: {},
    total: 0,
    done: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    errors: [],
    checkpoint: {
      phase: 'channels',
      lastProductId: resume?.lastProductId ?? 0,
      startedAtServer: resume?.startedAtServer ?? (await source.serverTime()),
      modifiedSince,
    },
  };

  const fail = (error: SyncItemError) => {
    progress.failed += 1;
    if (progress.errors.length < maxErrors) progress.errors.push(error);
    logger.warn(`[bigcommerce] sync: ${error.resource} ${error.bigcommerceId ?? ''} skipped: ${error.message}`);
  };
  const count = (counts: { created: number; updated: number; unchanged: number; deleted: number }) => {
    progress.created += counts.created;
    progress.updated += counts.updated;
    progress.unchanged += counts.unchanged;
    progress.deleted += counts.deleted;
  };
  const enter = async (phase: SyncProgress['phase']) => {
    progress.phase = phase;
    progress.checkpoint = { ...progress.checkpoint, phase };
    await control.progress(progress);
  };
  const mapAll = <B, R>(items: B[], map: (item: B) => R, resource: SyncItemError['resource']): R[] =>
    items.flatMap((item) => {
      try {
        return [map(item)];
      } catch (error) {
        fail({ resource, bigcommerceId: error instanceof MappingError ? error.bigcommerceId : null, message: errorMessage(error) });
        return [];
      }
    });

  // Channels, categories and brands are small sets: read whole, written before any product links to them.
  const resumingProducts = resume && (resume.phase === 'products' || resume.phase === 'deletions');
  if (!resumingProducts) {
    await enter('channels');
    // Channel details change rarely: full runs refresh them, incremental runs only add a new channel.
    const stored = new Set(await store.channelIds());
    const wanted = kind === 'full' ? channelIds : channelIds.filter((id) => !stored.has(id));
    if (wanted.length) {
      const channels = await source.channels(wanted);
      progress.taxonomy.channels = await store.writeChannels(channels.map(({ channel, site }) => mapChannel(channel, site)));
    }

    await enter('taxonomy');
    const categories: CategoryRecord[] = [];
    for await (const page of source.categoryPages()) categories.push(...mapAll(page, mapCategory, 'category'));
    progress.taxonomy.categories = await store.replaceCategories(categories);
    const brands: BrandRecord[] = [];
    for await (const page of source.brandPages()) brands.push(...mapAll(page, mapBrand, 'brand'));
    progress.taxonomy.brands = await store.replaceBrands(brands);
  }

  await enter('products');
  // A full run that sees every page knows every id; a resumed one asks BigCommerce for the list instead.
  const seen = kind === 'full' && !resume ? new Set<number>() : undefined;
  let afterId = resume?.lastProductId ?? 0;
  const pages = source.productPages({ channelIds, afterId, modifiedSince: kind === 'incremental' ? modifiedSince : undefined });
  for await (const page of prefetch(pages)) {
    // One query from `afterId` on: its total is what this run reads (a resumed run reads the rest).
    progress.total = page.total;
    if (await control.isCancelled()) return { ...progress, status: 'cancelled' };
    const records: ProductRecord[] = mapAll(page.items, (product) => mapProduct(product, channelIds), 'product');
    for (const product of page.items) seen?.add(product.id);
    const hashes = await store.productHashes(records.map((record) => record.bigcommerceId));
    const changed = records.filter((record) => hashes.get(record.bigcommerceId) !== record.contentHash);
    try {
      const written = new Set(changed.length ? await store.writeProducts(changed, new Set(hashes.keys())) : []);
      const created = changed.filter((record) => written.has(record.bigcommerceId) && !hashes.has(record.bigcommerceId)).length;
      count({ created, updated: written.size - created, unchanged: records.length - written.size, deleted: 0 });
    } catch (error) {
      for (const record of changed) fail({ resource: 'product', bigcommerceId: record.bigcommerceId, message: `not written: ${errorMessage(error)}` });
    }
    afterId = page.items.reduce((max, product) => Math.max(max, product.id), afterId);
    progress.done += page.items.length;
    progress.checkpoint = { ...progress.checkpoint, lastProductId: afterId };
    await control.progress(progress);
  }
  if (await control.isCancelled()) return { ...progress, status: 'cancelled' };

  await enter('deletions');
  progress.deleted += await applyDeletions({ kind, source, store, channelIds, seen, startedAt });

  await enter('done');
  return { ...progress, status: 'succeeded' };
};

/** Products stored here that BigCommerce no longer lists in the channels. */
const applyDeletions = async ({
  kind,
  source,
  store,
  channelIds,
  seen,
  startedAt,
}: {
  kind: SyncKind;
  source: CatalogSource;
  store: CatalogStore;
  channelIds: readonly number[];
  seen?: Set<number>;
  startedAt: Date;
}): Promise<number> => {
  let remote = seen;
  if (!remote) {
    // Incremental: when the counts agree nothing was removed, and the id listing can be skipped.
    if (kind === 'incremental' && (await source.productCount({ channelIds })) === (await store.productCount())) return 0;
    remote = new Set<number>();
    for await (const ids of source.productIdPages({ channelIds })) for (const id of ids) remote.add(id);
  }
  // A product written after the run began came from a webhook, and is newer than anything the run read.
  const gone = (await store.productIds({ syncedBefore: startedAt })).filter((id) => !remote.has(id));
  return gone.length ? store.deleteProducts(gone) : 0;
};
