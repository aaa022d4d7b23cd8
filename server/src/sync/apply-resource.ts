import { isBigCommerceApiError, type Category, type Listing, type Product } from '../bigcommerce';
import { ProductWriteError, writeIsolated } from './isolate';
import { MappingError, mapCategory, mapListing, mapProduct } from './mapping';
import type { CatalogStore } from './ports';
import type { ProductRecord } from './records';

/** Resources as BigCommerce has them now; `null` (or a product missing from the list) means it is gone. */
export interface ResourceSource {
  /** Several products in one request (`id:in`); absent ones are not returned. */
  products(ids: readonly number[]): Promise<Product[]>;
  category(id: number): Promise<Category | null>;
  /** The channel's listings of these products (one request for up to 250). */
  listings(channelId: number, productIds: readonly number[]): Promise<Listing[]>;
}

export type ResourceRef = { type: 'product' | 'category'; id: number };
export type ApplyOutcome = 'written' | 'unchanged' | 'deleted' | 'absent';

/**
 * Brings one stored resource in line with BigCommerce by refetching it: webhook payloads carry ids
 * only and are never trusted for data. A product outside the served channels is removed, as a sync
 * would; a product whose stored copy is newer is kept (the store's recency guard).
 */
export const applyResource = async (
  ref: ResourceRef,
  { source, store, channelIds }: { source: ResourceSource; store: CatalogStore; channelIds: readonly number[] }
): Promise<ApplyOutcome> => {
  if (ref.type === 'category') {
    const category = await source.category(ref.id);
    if (!category) return (await store.deleteCategories([ref.id])) ? 'deleted' : 'absent';
    await store.writeCategories([mapCategory(category)]);
    return 'written';
  }
  const { failures, written, deleted } = await applyProducts([ref.id], { source, store, channelIds });
  const failure = failures.get(ref.id);
  if (failure) throw failure;
  return written.includes(ref.id) ? 'written' : deleted.includes(ref.id) ? 'deleted' : 'unchanged';
};

export interface ProductsOutcome {
  written: number[];
  /** Gone from BigCommerce or from the served channels: removed here if they were stored. */
  deleted: number[];
  /**
   * Products that cannot be mapped (they will not improve by retrying) or that the database refused
   * (each alone: the rest of the batch is written).
   */
  failures: Map<number, MappingError | ProductWriteError>;
}

/**
 * Refetches a batch of products in one request and applies them in one write: what a burst of
 * webhooks costs is a request per fifty products, not one per event. A product the database refuses
 * fails alone (the write is split until it is isolated).
 */
export const applyProducts = async (
  ids: readonly number[],
  { source, store, channelIds }: { source: ResourceSource; store: CatalogStore; channelIds: readonly number[] }
): Promise<ProductsOutcome> => {
  const found = new Map((await source.products(ids)).map((product) => [product.id, product]));
  const failures = new Map<number, MappingError | ProductWriteError>();
  const records: ProductRecord[] = [];
  const gone: number[] = [];
  for (const id of ids) {
    const product = found.get(id);
    if (!product || !(product.channels ?? []).some((channel) => channelIds.includes(channel))) {
      gone.push(id);
      continue;
    }
    try {
      records.push(mapProduct(product, channelIds));
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      failures.set(id, error);
    }
  }
  const stored = await store.productHashes(records.map((record) => record.bigcommerceId));
  const changed = records.filter((record) => stored.get(record.bigcommerceId) !== record.contentHash);
  const { written, failures: refused } = changed.length ? await writeIsolated(store, changed, new Set(stored.keys())) : { written: [], failures: new Map() };
  for (const [id, error] of refused) failures.set(id, error);
  if (gone.length) await store.deleteProducts(gone);
  await refreshListings(ids, { source, store, channelIds });
  return { written, deleted: gone, failures };
};

/**
 * BigCommerce sends no listing events: a product's listings are read again with the product (its
 * webhooks, its channel assignment events). A listing that cannot be mapped keeps its stored copy.
 */
const refreshListings = async (
  ids: readonly number[],
  { source, store, channelIds }: { source: ResourceSource; store: CatalogStore; channelIds: readonly number[] }
): Promise<void> => {
  for (const channelId of channelIds) {
    let listings: Listing[];
    try {
      listings = await source.listings(channelId, ids);
    } catch (error) {
      // Without the Channel Listings scope the products are still applied; the sync run says why listings are not read.
      if (isBigCommerceApiError(error) && error.isAuthError) return;
      throw error;
    }
    const records = listings.flatMap((listing) => {
      try {
        return [mapListing(listing)];
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        return [];
      }
    });
    await store.writeListings(records);
    await store.pruneListings(channelId, new Set(listings.map((listing) => listing.listing_id)), ids);
  }
};
