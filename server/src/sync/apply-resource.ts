import type { Category, Product } from '../bigcommerce';
import { mapCategory, mapProduct } from './mapping';
import type { CatalogStore } from './ports';

/** Single resources as BigCommerce has them now; `null` means BigCommerce answered 404. */
export interface ResourceSource {
  product(id: number): Promise<Product | null>;
  category(id: number): Promise<Category | null>;
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
  { source, store, channelIds }: { source: ResourceSource; store: CatalogStore; channelIds: readonly number[] },
): Promise<ApplyOutcome> => {
  if (ref.type === 'category') {
    const category = await source.category(ref.id);
    if (!category) return (await store.deleteCategories([ref.id])) ? 'deleted' : 'absent';
    await store.writeCategories([mapCategory(category)]);
    return 'written';
  }
  const product = await source.product(ref.id);
  const listed = product && (product.channels ?? []).some((channel) => channelIds.includes(channel));
  if (!product || !listed) return (await store.deleteProducts([ref.id])) ? 'deleted' : 'absent';
  const record = mapProduct(product, channelIds);
  const stored = await store.productHashes([record.bigcommerceId]);
  if (stored.get(record.bigcommerceId) === record.contentHash) return 'unchanged';
  const written = await store.writeProducts([record], new Set(stored.keys()));
  return written.length ? 'written' : 'unchanged';
};
