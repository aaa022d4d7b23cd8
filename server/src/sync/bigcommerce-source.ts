import { ID_LISTING_FIELDS, nullIfNotFound, type BigCommerceApis, type BigCommerceClient, type ProductInclude, type ProductQuery } from '../bigcommerce';
import type { ResourceSource } from './apply-resource';
import { idRangesInLanes } from './lanes';
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
 * Lanes the store's quota allows now: as many as the requests left last until the window resets, each
 * lane sending one page request per `pageMs` (the ceiling while that is more than enough); one before
 * BigCommerce's first headers say anything. Before a page was timed, the share of the quota left (a
 * quarter left, a quarter of the lanes). When the requests left in the window cover every page the list
 * still needs (`pagesLeft`), the ceiling: spending them sooner leaves the window no poorer.
 */
export const lanesFor = (
  ceiling: number,
  rateLimit: { quota?: number; left?: number; resetInMs?: number } | undefined,
  pageMs?: number,
  pagesLeft = Infinity
): number => {
  if (ceiling <= 1 || !rateLimit?.quota || rateLimit.left === undefined) return 1;
  const { quota, left, resetInMs } = rateLimit;
  // The window is over (its quota is whole again), or what is left of it covers the rest of the list.
  if ((resetInMs !== undefined && resetInMs <= 0) || pagesLeft <= left) return ceiling;
  const lanes = resetInMs === undefined || !pageMs ? (ceiling * left) / quota : (left * pageMs) / Math.max(resetInMs, pageMs);
  return Math.max(1, Math.min(ceiling, Math.floor(lanes)));
};

/** Weight of the newest page in the running page time (an exponential moving average). */
const PAGE_TIME_WEIGHT = 0.2;

/** The sync's view of BigCommerce, over the framework-free client. */
export const bigcommerceCatalogSource = (client: BigCommerceClient, options: SourceOptions = {}): CatalogSource => {
  const ceiling = Math.max(1, Math.floor(options.lanes ?? 1));
  // How long a product page takes BigCommerce to answer, as the sync has seen it.
  let pageMs: number | undefined;
  const lanes = (pagesLeft: number) => lanesFor(ceiling, client.rateLimit(), pageMs, pagesLeft);
  /**
   * A product list read by id in lanes, each a keyset over its own id range (split by what the answers
   * count), pages yielded in id order: a product deleted meanwhile shifts nothing, so none is hidden.
   */
  const inLanes = (query: ProductQuery, afterId?: number) => {
    const keyset = (after: number, extra: Record<string, string | number | undefined>) => ({
      ...query,
      extra: { ...query.extra, 'id:greater': after || undefined, sort: 'id', ...extra },
    });
    return idRangesInLanes(
      {
        read: async (after, max) => {
          // Within the query's own id range, if it has one (the deletion listing's).
          const bounds = [max, query.extra?.['id:max']].filter((bound): bound is number => typeof bound === 'number');
          const last = bounds.length ? Math.min(...bounds) : undefined;
          const started = Date.now();
          const { items, pagination } = await client.catalog.productPage(keyset(after, { 'id:max': last, direction: 'asc' }), 1, PAGE_SIZE);
          const took = Date.now() - started;
          pageMs = pageMs === undefined ? took : pageMs + PAGE_TIME_WEIGHT * (took - pageMs);
          return { items, total: pagination.total };
        },
        end: async (after) => {
          const { items, pagination } = await client.catalog.productPage(
            { ...keyset(after, { direction: 'desc' }), include: undefined, includeFields: ID_LISTING_FIELDS },
            1,
            1
          );
          return { id: items[0]?.id ?? 0, total: pagination.total };
        },
        lanes,
        // A full run's list (no date filter) is long: its end is asked at once.
        endFirst: ceiling > 1 && !query.dateModifiedMin,
        // A parsed page of 250 full products holds about 1.4 MB of heap while it waits, and a page that waits
        // is promoted to V8's old space, which grows until a mark-compact: one lane's worth each, no more
        // (twice that raised a 50,000-product sync's peak heap from 217 to 332 MB, and no wall).
        ahead: ceiling,
        pageSize: PAGE_SIZE,
        idOf: (product) => product.id,
      },
      afterId
    );
  };
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
      yield* inLanes({ include: PRODUCT_INCLUDES, channelIdIn: [...channelIds], dateModifiedMin: modifiedSince }, afterId);
    },

    async *productsByIds({ channelIds, ids }) {
      // Fifty ids a request keep the URL short.
      for (let i = 0; i < ids.length; i += 50) {
        const query = { include: PRODUCT_INCLUDES, idIn: ids.slice(i, i + 50), channelIdIn: [...channelIds] };
        for await (const page of client.catalog.productPages(query)) yield page.items;
      }
    },

    async *productIdPages(range) {
      for await (const page of inLanes(idQuery(range))) yield page.items.map((product) => product.id);
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
