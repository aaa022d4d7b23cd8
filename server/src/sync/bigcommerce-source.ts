import type { BigCommerceClient, ProductInclude } from '../bigcommerce';
import type { CatalogSource } from './ports';

/** Includes that fit in 250-product pages; options are derived from variants instead. */
export const PRODUCT_INCLUDES: ProductInclude[] = ['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'channels'];

/** An id-only listing of the channels' products, within `id:min`..`id:max` when given. */
const idQuery = ({ channelIds, idMin, idMax }: { channelIds: readonly number[]; idMin?: number; idMax?: number }) => ({
  includeFields: ['id'],
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
      ids.map(async (id) => ({ channel: await client.channels.get(id), site: await client.channels.getSite(id) })),
    );
  },

  async *categoryPages() {
    for await (const page of client.catalog.categoryPages()) yield page.items;
  },

  async *brandPages() {
    for await (const page of client.catalog.brandPages()) yield page.items;
  },

  async *productPages({ channelIds, afterId, modifiedSince }) {
    const pages = client.catalog.productPages({
      include: PRODUCT_INCLUDES,
      channelIdIn: [...channelIds],
      dateModifiedMin: modifiedSince,
      // Keyset on id: a resumed run starts right after the last product it wrote.
      extra: { sort: 'id', direction: 'asc', 'id:greater': afterId || undefined },
    });
    for await (const page of pages) yield { items: page.items, total: page.pagination.total };
  },

  async *productIdPages(range) {
    for await (const page of client.catalog.productPages(idQuery(range))) {
      yield page.items.map((product) => product.id);
    }
  },

  async productCount(range) {
    const first = await client.catalog.productPages(idQuery(range), { limit: 1 }).next();
    return first.done ? 0 : first.value.pagination.total;
  },
});
