import { ID_LISTING_FIELDS, nullIfNotFound, type BigCommerceApis, type BigCommerceClient, type ProductInclude } from '../bigcommerce';
import type { ResourceSource } from './apply-resource';
import type { CatalogSource } from './ports';

/** Includes that fit in 250-product pages; options are derived from variants instead. */
export const PRODUCT_INCLUDES: ProductInclude[] = ['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'channels'];

/** An id-only listing of the channels' products, within `id:min`..`id:max` when given. */
const idQuery = ({ channelIds, idMin, idMax }: { channelIds: readonly number[]; idMin?: number; idMax?: number }) => ({
  includeFields: ID_LISTING_FIELDS,
  channelIdIn: [...channelIds],
  extra: { 'id:min': idMin, 'id:max': idMax },
});

/** The sync's view of BigCommerce, over the framework-free client. */
export const bigcommerceCatalogSource = (client: BigCommerceClient): CatalogSource => ({
  async serverTime() {
    try {
      return new Date((await client.store.time()) * 1000).toISOString();
    } catch {
      // Without the Information scope, our own clock (less a margin for skew) will do.
      return new Date(Date.now() - 60_000).toISOString();
    }
  },

  async channels(ids) {
    return Promise.all(
      ids.map(async (id) => {
        const [channel, site] = await Promise.all([client.channels.get(id), client.channels.getSite(id)]);
        return { channel, site };
      })
    );
  },

  async *categoryPages() {
    for await (const page of client.catalog.categoryPages()) yield page.items;
  },

  async *brandPages() {
    for await (const page of client.catalog.brandPages()) yield page.items;
  },

  async *productPages({ channelIds, afterId, modifiedSince }) {
    // By id, never by page number: a product deleted or added while the run reads must not shift pages.
    const pages = client.catalog.productPagesById({ include: PRODUCT_INCLUDES, channelIdIn: [...channelIds], dateModifiedMin: modifiedSince }, { afterId });
    let read = 0;
    for await (const { items, pagination } of pages) {
      // Each page counts what is left from its cursor: with what was read before, that is the run's total
      // as it stands now (products added or deleted meanwhile move it), never less than what was read.
      yield { items, total: read + Math.max(pagination.total, items.length) };
      read += items.length;
    }
  },

  async *productsByIds({ channelIds, ids }) {
    // Fifty ids a request keep the URL short.
    for (let i = 0; i < ids.length; i += 50) {
      const query = { include: PRODUCT_INCLUDES, idIn: ids.slice(i, i + 50), channelIdIn: [...channelIds] };
      for await (const page of client.catalog.productPages(query)) yield page.items;
    }
  },

  async *productIdPages(range) {
    for await (const page of client.catalog.productPagesById(idQuery(range))) {
      yield page.items.map((product) => product.id);
    }
  },

  async productCount(range) {
    const first = await client.catalog.productPages(idQuery(range), { limit: 1 }).next();
    return first.done ? 0 : first.value.pagination.total;
  },

  listingPages: ({ channelId, productIds, modifiedSince }) =>
    client.channels.listingPages(channelId, { productIdIn: productIds, dateModifiedMin: modifiedSince }),
});

/** The webhook pipeline's view of BigCommerce: single resources refetched by id. */
export const bigcommerceResourceSource = (client: BigCommerceApis): ResourceSource => ({
  async products(ids) {
    const found = [];
    for await (const page of client.catalog.productPages({ idIn: [...ids], include: PRODUCT_INCLUDES })) found.push(...page.items);
    return found;
  },
  category: (id) => nullIfNotFound(() => client.catalog.getCategory(id)),
  async listings(channelId, productIds) {
    const found = [];
    for await (const page of client.channels.listingPages(channelId, { productIdIn: productIds })) found.push(...page);
    return found;
  },
});
