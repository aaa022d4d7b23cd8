import { isBigCommerceApiError, type Logger } from '../bigcommerce';
import { itemReason } from './isolate';
import { prefetch } from './prefetch';
import { eventLoopPacing, mapInSlices, writeInSlices, type Pacing } from './slices';
import { MappingError, mapBrand, mapCategory, mapChannel, mapListing, mapProduct } from './mapping';
import type { CatalogSource, CatalogStore, Clock, SyncCheckpoint, SyncControl, SyncItemError, SyncProgress } from './ports';
import type { Product } from '../bigcommerce';
import type { BrandRecord, CategoryRecord, ProductRecord } from './records';
import type { SyncKind } from '../../../shared/sync';

export type { SyncKind };

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
  /** Incremental runs: products an earlier run could not store, refetched by id whatever their date. */
  retryIds?: readonly number[];
  /** Cap of item errors kept on the run (the count is always exact). */
  maxErrors?: number;
  clock?: Clock;
  /** Between slices of a page's work (default: a turn of the event loop, whole slices). */
  pacing?: Pacing;
}

const systemClock: Clock = { now: () => new Date() };

export interface SyncResult extends SyncProgress {
  /** `partial`: every page was read, but some items could not be stored (see `failed` and `errors`). */
  status: 'succeeded' | 'partial' | 'cancelled';
}

const LISTINGS_SCOPE_MISSING = 'the API account lacks the Channel Listings (read-only) scope, so the channel shows the catalog’s names and states';

/** Item errors kept on a run by default; `failed` counts them all. */
export const MAX_RUN_ERRORS = 100;

/** A promise read later: an early failure must not surface as an unhandled rejection meanwhile. */
const later = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};

const readAll = async <T>(pages: AsyncIterable<T[]>): Promise<T[]> => {
  const items: T[] = [];
  for await (const page of pages) items.push(...page);
  return items;
};

/**
 * One catalog sync over the two ports. Pages stream from the source to the store; one bad product
 * is recorded and skipped, never fatal. Deletions are applied only after every page was read.
 */
export const runCatalogSync = async (options: SyncOptions): Promise<SyncResult> => {
  const { source, store, control, logger, channelIds, pacing = eventLoopPacing } = options;
  const maxErrors = options.maxErrors ?? MAX_RUN_ERRORS;
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
    slugCollisions: [],
    notes: [],
    checkpoint: {
      phase: 'channels',
      lastProductId: resume?.lastProductId ?? 0,
      // Read before any product: the next incremental run reads changes from here.
      startedAtServer: resume?.startedAtServer ?? (await source.serverTime()),
      modifiedSince,
      failedIds: [...(resume?.failedIds ?? [])],
    },
  };
  // Products that failed in this run: kept on the checkpoint so no later run's date hides them.
  const failedIds = new Set<number>(progress.checkpoint.failedIds);
  const syncFailedIds = () => {
    progress.checkpoint = { ...progress.checkpoint, failedIds: [...failedIds] };
  };

  const fail = (error: SyncItemError) => {
    progress.failed += 1;
    if (error.resource === 'product' && error.bigcommerceId !== null) failedIds.add(error.bigcommerceId);
    if (progress.errors.length < maxErrors) progress.errors.push(error);
    logger.warn(`[bigcommerce] sync: ${error.resource} ${error.bigcommerceId ?? ''} skipped: ${error.message}`);
  };
  const noteSlugCollisions = () => {
    for (const collision of store.takeSlugCollisions?.() ?? []) {
      if (progress.slugCollisions.length < maxErrors) progress.slugCollisions.push(collision);
    }
  };
  const note = (item: SyncItemError) => {
    if (progress.notes.length < maxErrors) progress.notes.push(item);
  };
  const count = (counts: { created: number; updated: number; unchanged: number; deleted: number }) => {
    progress.created += counts.created;
    progress.updated += counts.updated;
    progress.unchanged += counts.unchanged;
    progress.deleted += counts.deleted;
  };
  const enter = async (phase: SyncProgress['phase']) => {
    noteSlugCollisions();
    progress.phase = phase;
    progress.checkpoint = { ...progress.checkpoint, phase };
    await control.progress(progress);
  };
  const mapAll = <B, R>(items: B[], map: (item: B) => R, resource: SyncItemError['resource']): R[] =>
    items.flatMap((item) => {
      try {
        return [map(item)];
      } catch (error) {
        fail({ resource, bigcommerceId: error instanceof MappingError ? error.bigcommerceId : null, message: itemReason(error) });
        return [];
      }
    });

  /** The brands BigCommerce listed, when this run read them (a resumed run did not). */
  let brandIds: Set<number> | undefined;
  /** What writing a page needs: its products mapped, and the hashes stored for them. */
  const preparePage = async (items: Product[]) => {
    // In slices: mapping and hashing a full page at once would hold the event loop from storefront reads.
    const records: ProductRecord[] = await mapInSlices(items, (slice) => mapAll(slice, (product) => mapProduct(product, channelIds), 'product'), pacing);
    for (const record of records) {
      if (record.brandId && brandIds && !brandIds.has(record.brandId)) {
        note({ resource: 'product', bigcommerceId: record.bigcommerceId, message: `brand ${record.brandId} does not exist: stored without a brand` });
      }
    }
    return { records, hashes: await store.productHashes(records.map((record) => record.bigcommerceId)) };
  };
  /** Writes a prepared page; a product that fails costs only itself. */
  const writePrepared = async ({ records, hashes }: Awaited<ReturnType<typeof preparePage>>) => {
    // Mapped this time: whether it stays failed is up to its write (a product that failed mapping stays).
    for (const record of records) failedIds.delete(record.bigcommerceId);
    const changed = records.filter((record) => hashes.get(record.bigcommerceId) !== record.contentHash);
    // In slices too, each its own transaction: see writeInSlices.
    const { written: writtenIds, failures } = await writeInSlices(store, changed, new Set(hashes.keys()), pacing);
    const written = new Set(writtenIds);
    for (const [bigcommerceId, error] of failures) fail({ resource: 'product', bigcommerceId, message: error.message });
    const created = changed.filter((record) => written.has(record.bigcommerceId) && !hashes.has(record.bigcommerceId)).length;
    count({ created, updated: written.size - created, unchanged: records.length - written.size - failures.size, deleted: 0 });
    syncFailedIds();
  };
  const writePage = async (items: Product[]) => writePrepared(await preparePage(items));

  // The reads are independent: channels, categories, brands and the first product pages are all asked
  // for at once, and written in order (the small sets first: products link to them).
  let afterId = resume?.lastProductId ?? 0;
  const pages = prefetch(source.productPages({ channelIds, afterId, modifiedSince: kind === 'incremental' ? modifiedSince : undefined }));
  const productPages = pages[Symbol.asyncIterator]();
  const firstPage = later(productPages.next());
  try {
    const resumingProducts = resume && ['products', 'listings', 'deletions'].includes(resume.phase);
    if (!resumingProducts) {
      // Channel details change rarely: full runs refresh them, incremental runs only add a new channel.
      const channels = later(
        store.channelIds().then((stored) => {
          const wanted = kind === 'full' ? channelIds : channelIds.filter((id) => !stored.includes(id));
          return wanted.length ? source.channels(wanted) : null;
        })
      );
      const categories = later(readAll(source.categoryPages()));
      const brands = later(readAll(source.brandPages()));
      await enter('channels');
      const channelRecords = await channels;
      if (channelRecords) progress.taxonomy.channels = await store.writeChannels(channelRecords.map(({ channel, site }) => mapChannel(channel, site)));
      await enter('taxonomy');
      const categoryRecords: CategoryRecord[] = mapAll(await categories, mapCategory, 'category');
      progress.taxonomy.categories = await store.replaceCategories(categoryRecords);
      const brandRecords: BrandRecord[] = mapAll(await brands, mapBrand, 'brand');
      progress.taxonomy.brands = await store.replaceBrands(brandRecords);
      brandIds = new Set(brandRecords.map((brand) => brand.bigcommerceId));
    }
    await enter('products');
    // A full run that sees every page knows every id; a resumed one asks BigCommerce for the list instead.
    const seen = kind === 'full' && !resume ? new Set<number>() : undefined;
    const read = new Set<number>();
    // A page is prepared (mapped, its hashes read) as soon as it arrives, while the one before is written:
    // mapping is CPU, a write mostly waits on the database.
    const prepared = (next: IteratorResult<{ items: Product[]; total: number }>) => ({
      next,
      page: next.done ? undefined : later(preparePage(next.value.items)),
    });
    for (let current = prepared(await firstPage); !current.next.done; ) {
      const page = current.next.value;
      // One query from `afterId` on: its total is what this run reads (a resumed run reads the rest).
      progress.total = page.total;
      if (await control.isCancelled()) return { ...progress, status: 'cancelled' };
      for (const product of page.items) {
        seen?.add(product.id);
        read.add(product.id);
      }
      const ready = await current.page!;
      const following = later(productPages.next().then(prepared));
      await writePrepared(ready);
      afterId = page.items.reduce((max, product) => Math.max(max, product.id), afterId);
      progress.done += page.items.length;
      progress.checkpoint = { ...progress.checkpoint, lastProductId: afterId };
      noteSlugCollisions();
      await control.progress(progress);
      current = await following;
    }
    if (await control.isCancelled()) return { ...progress, status: 'cancelled' };

    // Id ranges are not shifted by a deletion, but a product taken out of the channels and put back while
    // its range was read is not seen: what was not seen is asked for by id (a request per fifty) before it counts as deleted.
    if (seen) {
      const unseen = (await store.productIds()).filter((id) => !seen.has(id));
      for await (const items of unseen.length ? source.productsByIds({ channelIds, ids: unseen }) : []) {
        for (const product of items) seen.add(product.id);
        await writePage(items);
        progress.done += items.length;
        progress.total = Math.max(progress.total, progress.done);
      }
    }

    // Products an earlier run could not store: their date may be older than this run's checkpoint.
    const retry = kind === 'incremental' ? [...new Set(options.retryIds ?? [])].filter((id) => !read.has(id)) : [];
    if (retry.length) {
      progress.total = progress.done + retry.length;
      for await (const items of source.productsByIds({ channelIds, ids: retry })) {
        if (await control.isCancelled()) return { ...progress, status: 'cancelled' };
        await writePage(items);
        progress.done += items.length;
        await control.progress(progress);
      }
      // Not returned: deleted or out of the channels, which the deletions below handle.
      progress.done = progress.total;
    }

    await enter('listings');
    const listings = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
    progress.taxonomy.listings = listings;
    for (const channelId of channelIds) {
      // Full runs read every listing and drop the ones BigCommerce no longer has; incremental runs the changed ones.
      const seen = new Set<number>();
      try {
        for await (const page of source.listingPages({ channelId, modifiedSince: kind === 'incremental' ? modifiedSince : undefined })) {
          if (await control.isCancelled()) return { ...progress, status: 'cancelled' };
          for (const listing of page) if (typeof listing?.listing_id === 'number') seen.add(listing.listing_id);
          const counts = await store.writeListings(mapAll(page, mapListing, 'listing'));
          listings.created += counts.created;
          listings.updated += counts.updated;
          listings.unchanged += counts.unchanged;
          await control.progress(progress);
        }
      } catch (error) {
        // An API account made before listings were read lacks their scope: the catalog still syncs, with a note.
        if (!(isBigCommerceApiError(error) && error.isAuthError)) throw error;
        note({ resource: 'listing', bigcommerceId: null, message: `channel ${channelId}'s listings not read: ${LISTINGS_SCOPE_MISSING}` });
        logger.warn(`[bigcommerce] sync: channel ${channelId}'s listings not read: ${LISTINGS_SCOPE_MISSING}`);
        continue;
      }
      if (kind === 'full') listings.deleted += await store.pruneListings(channelId, seen);
    }

    await enter('deletions');
    progress.deleted += await applyDeletions({ kind, source, store, channelIds, seen, startedAt });

    await enter('done');
    return { ...progress, status: progress.failed ? 'partial' : 'succeeded' };
  } finally {
    await productPages.return(undefined);
    // The run is over once what it wrote has been told (entry events may go out behind the writes).
    await store.settle?.();
  }
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
  const stored = await store.productIds();
  let candidates: number[];
  if (seen) candidates = stored.filter((id) => !seen.has(id));
  else if (kind === 'incremental') candidates = await findUnlisted(source, channelIds, stored);
  else candidates = await listUnlisted(source, { channelIds }, stored);
  // A product written after the run began came from a webhook, and is newer than anything the run read.
  const before = new Set(candidates.length ? await store.productIds({ syncedBefore: startedAt }) : []);
  const gone = new Set(candidates.filter((id) => before.has(id)));
  // A product deleted while the run read may have been written again from a page read before: undo that.
  const storedSet = new Set(stored);
  for (const id of await store.deletedUpstreamSince(startedAt)) if (storedSet.has(id)) gone.add(id);
  return gone.size ? store.deleteProducts([...gone]) : 0;
};

/** BigCommerce's largest page: what one id listing request returns. */
const ID_PAGE_SIZE = 250;

type IdRange = { channelIds: readonly number[]; idMin?: number; idMax?: number };

/** The ids among `local` that BigCommerce does not list in the range, from its id-only listing. */
const listUnlisted = async (source: CatalogSource, range: IdRange, local: readonly number[]): Promise<number[]> => {
  const listed = new Set<number>();
  for await (const ids of source.productIdPages(range)) for (const id of ids) listed.add(id);
  return local.filter((id) => !listed.has(id));
};

/**
 * Incremental runs: every product BigCommerce still lists was read or is stored, so a range of ids
 * where BigCommerce counts as many products as are stored lost none. Ranges that lost some are
 * halved (one count each: the other half's count follows) until an id page covers one, so a few
 * deletions among many products cost a few requests instead of the whole id listing.
 */
const findUnlisted = async (source: CatalogSource, channelIds: readonly number[], stored: number[]): Promise<number[]> => {
  const gone: number[] = [];
  const visit = async (range: IdRange, local: number[], listed: number): Promise<void> => {
    const missing = local.length - listed;
    if (missing <= 0) return;
    if (listed === 0) {
      gone.push(...local);
      return;
    }
    const pages = Math.ceil(listed / ID_PAGE_SIZE);
    // Halving costs about a count per level down to each deletion and a page there: it pays while
    // deletions are few next to the pages they hide in.
    if (missing >= pages || missing * (2 + Math.log2(pages / missing)) >= pages) {
      gone.push(...(await listUnlisted(source, range, local)));
      return;
    }
    const half = Math.floor(local.length / 2);
    const [left, right] = [local.slice(0, half), local.slice(half)];
    const split = left[left.length - 1];
    const leftRange = { ...range, idMax: split };
    const leftListed = await source.productCount(leftRange);
    await visit(leftRange, left, leftListed);
    await visit({ ...range, idMin: split + 1 }, right, listed - leftListed);
  };
  await visit(
    { channelIds },
    [...stored].sort((a, b) => a - b),
    await source.productCount({ channelIds })
  );
  return gone;
};
