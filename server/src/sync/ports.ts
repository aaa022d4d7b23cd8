import type { Brand, Category, Channel, ChannelSite, Listing, Product } from '../bigcommerce';
import type { BrandRecord, CategoryRecord, ChannelRecord, ListingRecord, ProductRecord } from './records';
import type { SlugCollision } from './slugs';
import type { ProductCounts, SyncItemError, SyncPhase, TaxonomyCounts, WriteCounts } from '../../../shared/sync';

// Declared with the admin's view of a run (shared/sync.ts): the engine's records are what the admin reads.
export type { SyncItemError, SyncPhase, WriteCounts };

/** Where the catalog comes from: BigCommerce through the client, or a fake in unit tests. */
export interface CatalogSource {
  /** BigCommerce's clock (ISO string), so incremental checkpoints do not depend on ours. */
  serverTime(): Promise<string>;
  channels(ids: readonly number[]): Promise<{ channel: Channel; site: ChannelSite | null }[]>;
  categoryPages(): AsyncIterable<Category[]>;
  brandPages(): AsyncIterable<Brand[]>;
  /** Products of the channels, ascending by id, from `afterId` on, optionally modified since a date. */
  productPages(query: { channelIds: readonly number[]; afterId?: number; modifiedSince?: string }): AsyncIterable<{ items: Product[]; total: number }>;
  /** The products among `ids` that the channels hold, in pages (ids BigCommerce no longer has are left out). */
  productsByIds(query: { channelIds: readonly number[]; ids: readonly number[] }): AsyncIterable<Product[]>;
  /** Every product id of the channels, optionally within an id range (a cheap id-only listing). */
  productIdPages(query: { channelIds: readonly number[]; idMin?: number; idMax?: number }): AsyncIterable<number[]>;
  /** How many products the channels hold, optionally within an id range (one request). */
  productCount(query: { channelIds: readonly number[]; idMin?: number; idMax?: number }): Promise<number>;
  /** A channel's listings in pages, optionally of some products or modified since a date. */
  listingPages(query: { channelId: number; productIds?: readonly number[]; modifiedSince?: string }): AsyncIterable<Listing[]>;
}

/** Where the catalog goes: Strapi's database through the plugin's store service. */
export interface CatalogStore {
  writeChannels(records: ChannelRecord[]): Promise<WriteCounts>;
  /** BigCommerce ids of the channels stored. */
  channelIds(): Promise<number[]>;
  /** Writes the whole category set (tree links included) and deletes categories not in it. */
  replaceCategories(records: CategoryRecord[]): Promise<WriteCounts>;
  replaceBrands(records: BrandRecord[]): Promise<WriteCounts>;
  /** Content hashes of the stored products among `ids`. */
  productHashes(ids: readonly number[]): Promise<Map<number, string>>;
  /**
   * Upserts products, their relations included, atomically. A stored product with a newer
   * `date_modified` than the record is kept; returns the ids actually written.
   */
  writeProducts(records: ProductRecord[], existing: ReadonlySet<number>): Promise<number[]>;
  /** Upserts single categories (a webhook's refetch), parent links included. */
  writeCategories(records: CategoryRecord[]): Promise<void>;
  deleteCategories(ids: readonly number[]): Promise<number>;
  /** Stored product ids; `syncedBefore` leaves out rows written since (by a webhook during a run). */
  productIds(options?: { syncedBefore?: Date }): Promise<number[]>;
  productCount(): Promise<number>;
  /**
   * Products BigCommerce reported deleted (a webhook, applied) since `date`. Ids are never reused, so
   * they are gone for good, even if a run that read them earlier wrote them again since.
   */
  deletedUpstreamSince(date: Date): Promise<number[]>;
  deleteProducts(ids: readonly number[]): Promise<number>;
  /** Upserts listings whose content changed. */
  writeListings(records: ListingRecord[]): Promise<WriteCounts>;
  /**
   * Deletes the channel's stored listings whose ids are not in `keep` — all of them, or only those of
   * `productIds` — and returns how many went.
   */
  pruneListings(channelId: number, keep: ReadonlySet<number>, productIds?: readonly number[]): Promise<number>;
  /** Waits for the entry events of the writes so far to go out: a store may send them behind its writes. */
  settle?(): Promise<void>;
  /** Slug collisions the writes since the last call met (each: who kept the base slug, who got a suffix). */
  takeSlugCollisions?(): SlugCollision[];
}

/** Saved after each page: enough to resume a crashed run where it stopped. */
export interface SyncCheckpoint {
  phase: SyncPhase;
  /** Last product id fully written. */
  lastProductId: number;
  /** BigCommerce time when this run began: the next incremental run reads changes from there. */
  startedAtServer: string;
  /** Incremental runs: changes since this time. */
  modifiedSince?: string;
  /**
   * Products this run could not store (mapping or database): the next incremental run refetches them
   * by id, since their date may be older than its checkpoint.
   */
  failedIds?: number[];
}

export interface SyncProgress extends ProductCounts {
  phase: SyncPhase;
  /** Counts of the small sets written before the products. */
  taxonomy: TaxonomyCounts;
  errors: SyncItemError[];
  /** Base slugs several records share, as met by this run's writes (capped like errors). */
  slugCollisions: SlugCollision[];
  /** What was synced but not as BigCommerce has it (e.g. a link to a brand that does not exist): not failures. */
  notes: SyncItemError[];
  checkpoint: SyncCheckpoint;
}

/** The run's link to its record: progress goes out, cancellation comes in. */
export interface SyncControl {
  progress(progress: SyncProgress): Promise<void>;
  isCancelled(): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}
