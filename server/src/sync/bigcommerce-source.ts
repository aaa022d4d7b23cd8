import { ID_LISTING_FIELDS, nullIfNotFound, type BigCommerceApis, type BigCommerceClient, type ProductInclude, type ProductQuery } from '../bigcommerce';
import type { ResourceSource } from './apply-resource';
import { pagesInLanes } from './lanes';
import type { CatalogSource } from './ports';

/** BigCommerce's largest product page. */
const PAGE_SIZE = 250;

/** Includes that fit in 250-product pages; options are derived from variants instead. */
export const PRODUCT_INCLUDES: ProductInclude[] = ['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'channels'];

/** An id-only listing of the channels' products, within `id:min`..`id:max` when given. */
const idQuery = ({ channelIds, idMin, idMax }: { channelIds: readonly number[]; idMin?: number; idMax?: number }) => ({
  includeFields: ID_LISTING_FIELDS,
  channelIdIn: [...channelIds],
  extra: { 'id:min': idMin, 'id:max': idMax },
});

export interface SourceOptions {
  /** Most product pages read at once (the lanes' ceiling); 1 reads one page after another. */
  lanes?: number;
}

/**
 * Lanes the store's quota allows now: the ceiling while the window is whole, fewer as it is spent (a
 * quarter left, a quarter of the lanes), one before BigCommerce's first headers say anything.
 */
export const lanesFor = (ceiling: number, rateLimit: { quota?: number; left?: number } | undefined): number => {
  if (ceiling <= 1 || !rateLimit?.quota || rateLimit.left === undefined) return 1;
  return Math.max(1, Math.min(ceiling, Math.floor((ceiling * rateLimit.left) / rateLimit.quota)));
};

/** The sync's view of BigCommerce, over the framework-free client. */
export const bigcommerceCatalogSource = (client: BigCommerceClient, options: SourceOptions = {}): CatalogSource => {
  const ceiling = Math.max(1, Math.floor(options.lanes ?? 1));
  const lanes = () => lanesFor(ceiling, client.rateLimit());
  /**
   * A numbered product list read in lanes, pages yielded in id order. Page numbers, unlike an id cursor,
   * let pages be read at once; but a product deleted (or taken out of the channels) meanwhile shifts the
   * later pages, which can hide another product from the run. The engine asks BigCommerce about a stored
   * product it did not see before deleting it; a product not yet stored that a shift hid stays missing
   * until it changes or the next full run — so lanes are opt-in (`syncLanes`), one lane reading by id.
   */
  const inLanes = (query: ProductQuery) =>
    pagesInLanes({
      read: async (page) => {
        const { items, pagination } = await client.catalog.productPage({ ...query, extra: { ...query.extra, sort: 'id', direction: 'asc' } }, page, PAGE_SIZE);
        return { items, total: pagination.total, totalPages: pagination.total_pages };
      },
      lanes,
      ahead: 2 * ceiling,
    });
  return {
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
      const query = { include: PRODUCT_INCLUDES, channelIdIn: [...channelIds], dateModifiedMin: modifiedSince };
      let read = 0;
      if (ceiling <= 1) {
        // One lane: by id, never by page number, so a product deleted or added while the run reads shifts nothing.
        for await (const { items, pagination } of client.catalog.productPagesById(query, { afterId })) {
          // Each page counts what is left from its cursor: with what was read before, the run's total as it stands now.
          yield { items, total: read + Math.max(pagination.total, items.length) };
          read += items.length;
        }
        return;
      }
      for await (const { items, total } of inLanes({ ...query, extra: { 'id:greater': afterId || undefined } })) {
        read += items.length;
        // The list counted from `afterId` when the page was read: products added or deleted meanwhile move it, never below what was read.
        yield { items, total: Math.max(total, read) };
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
      // A shifted id listing would show a live product as gone: lanes only where asked for (see inLanes).
      const pages = ceiling <= 1 ? client.catalog.productPagesById(idQuery(range)) : inLanes(idQuery(range));
      for await (const page of pages) yield page.items.map((product) => product.id);
    },

    async productCount(range) {
      const first = await client.catalog.productPages(idQuery(range), { limit: 1 }).next();
      return first.done ? 0 : first.value.pagination.total;
    },

    listingPages: ({ channelId, productIds, modifiedSince }) =>
      client.channels.listingPages(channelId, { productIdIn: productIds, dateModifiedMin: modifiedSince }),
  };
};

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
