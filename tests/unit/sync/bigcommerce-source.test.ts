import type { BigCommerceClient, Page, Product, ProductQuery } from '../../../server/src/bigcommerce';
import { bigcommerceCatalogSource } from '../../../server/src/sync/bigcommerce-source';

/**
 * A client whose numbered listing answers as BigCommerce does: each page counts the list as it stands
 * when it is read, so products added while the run reads raise the total and the page count. Its
 * rate-limit headers show a whole window, so the source reads in lanes.
 */
const growingClient = (ids: number[], addAfterFirstPage: number[], pageSize = 2) => {
  let first = true;
  let inFlight = 0;
  let most = 0;
  const client = {
    rateLimit: () => ({ quota: 150, left: 150, resetInMs: 30_000, inFlight: 0, liveSpent: 0 }),
    catalog: {
      async productPage(query: ProductQuery, page: number): Promise<Page<Product>> {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        const after = Number(query.extra?.['id:greater'] ?? 0);
        const listed = ids.filter((id) => id > after).sort((a, b) => a - b);
        const items = listed.slice((page - 1) * pageSize, page * pageSize).map((id) => ({ id }) as Product);
        if (first) ids.push(...addAfterFirstPage);
        first = false;
        return {
          items,
          pagination: { total: listed.length, count: items.length, per_page: pageSize, current_page: page, total_pages: Math.ceil(listed.length / pageSize) },
        };
      },
    },
  };
  return { client: client as unknown as BigCommerceClient, most: () => most };
};

describe('bigcommerceCatalogSource product pages', () => {
  it('counts the products added while it reads, so progress never passes its total', async () => {
    const { client } = growingClient([1, 2, 3, 4], [10, 11]);
    const source = bigcommerceCatalogSource(client, { lanes: 4 });
    let done = 0;
    const seen: Array<{ done: number; total: number }> = [];
    for await (const page of source.productPages({ channelIds: [1], afterId: 0 })) {
      done += page.items.length;
      seen.push({ done, total: page.total });
    }
    expect(seen.at(-1)).toEqual({ done: 6, total: 6 });
    for (const step of seen) expect(step.done).toBeLessThanOrEqual(step.total);
  });

  it('reads pages in lanes up to its ceiling, from the resumed cursor on, in id order', async () => {
    const { client, most } = growingClient(
      Array.from({ length: 40 }, (_, i) => i + 1),
      [],
      2
    );
    const ids: number[] = [];
    for await (const page of bigcommerceCatalogSource(client, { lanes: 3 }).productPages({ channelIds: [1], afterId: 10 }))
      ids.push(...page.items.map((p) => p.id));
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 11));
    expect(most()).toBe(3);
  });
});
