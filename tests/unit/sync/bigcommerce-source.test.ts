import type { BigCommerceClient, Page, Product } from '../../../server/src/bigcommerce';
import { bigcommerceCatalogSource } from '../../../server/src/sync/bigcommerce-source';

/**
 * A client whose keyset listing answers as BigCommerce does: each page's total counts the products
 * left after its cursor, so products added while the run reads raise it.
 */
const growingClient = (ids: number[], addAfterFirstPage: number[], pageSize = 2) =>
  ({
    catalog: {
      async *productPagesById(_query: unknown, { afterId = 0 }: { afterId?: number } = {}): AsyncGenerator<Page<Product>> {
        let cursor = afterId;
        let first = true;
        for (;;) {
          const left = ids.filter((id) => id > cursor).sort((a, b) => a - b);
          const items = left.slice(0, pageSize).map((id) => ({ id }) as Product);
          if (!items.length) return;
          yield {
            items,
            pagination: { total: left.length, count: items.length, per_page: pageSize, current_page: 1, total_pages: Math.ceil(left.length / pageSize) },
          } as Page<Product>;
          if (first) ids.push(...addAfterFirstPage);
          first = false;
          cursor = items[items.length - 1].id;
        }
      },
    },
  }) as unknown as BigCommerceClient;

describe('bigcommerceCatalogSource product pages', () => {
  it('counts the products added while it reads, so progress never passes its total', async () => {
    const source = bigcommerceCatalogSource(growingClient([1, 2, 3, 4], [10, 11]));
    let done = 0;
    const seen: Array<{ done: number; total: number }> = [];
    for await (const page of source.productPages({ channelIds: [1], afterId: 0 })) {
      done += page.items.length;
      seen.push({ done, total: page.total });
    }
    expect(seen.at(-1)).toEqual({ done: 6, total: 6 });
    for (const step of seen) expect(step.done).toBeLessThanOrEqual(step.total);
  });
});
