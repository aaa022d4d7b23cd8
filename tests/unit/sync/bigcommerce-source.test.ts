import type { BigCommerceClient, Page, Product, ProductQuery } from '../../../server/src/bigcommerce';
import { bigcommerceCatalogSource } from '../../../server/src/sync/bigcommerce-source';

/**
 * A client whose product listing answers keyset queries as BigCommerce does (`id:greater`, `id:min`,
 * `id:max`, `sort=id` either way, `include_fields`): each page counts the list as it stands when it is
 * read, so products added while the run reads raise the total. Its rate-limit headers show a whole
 * quota for a window about to reset, more than its 1 ms pages can spend one at a time, so the source
 * reads in lanes.
 */
const keysetClient = (ids: number[], addAfterFirstPage: number[] = [], pageSize = 250) => {
  let first = true;
  let inFlight = 0;
  let most = 0;
  const queries: ProductQuery[] = [];
  const client = {
    rateLimit: () => ({ quota: 150, left: 150, resetInMs: 20, inFlight: 0, liveSpent: 0 }),
    catalog: {
      async productPage(query: ProductQuery, page: number, limit = pageSize): Promise<Page<Product>> {
        queries.push(query);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        const bound = (key: string) => (query.extra?.[key] === undefined ? undefined : Number(query.extra[key]));
        const [after, min, max] = [bound('id:greater') ?? 0, bound('id:min') ?? 0, bound('id:max') ?? Infinity];
        const listed = ids.filter((id) => id > after && id >= min && id <= max).sort((a, b) => (query.extra?.direction === 'desc' ? b - a : a - b));
        const size = Math.min(limit, pageSize);
        const items = listed.slice((page - 1) * size, page * size).map((id) => ({ id }) as Product);
        if (first) ids.push(...addAfterFirstPage);
        first = false;
        return {
          items,
          pagination: { total: listed.length, count: items.length, per_page: size, current_page: page, total_pages: Math.ceil(listed.length / size) },
        };
      },
    },
  };
  return { client: client as unknown as BigCommerceClient, most: () => most, queries };
};

describe('bigcommerceCatalogSource product pages', () => {
  it('counts the products added while it reads, so progress never passes its total', async () => {
    const { client } = keysetClient([1, 2, 3, 4], [10, 11], 2);
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

  it('reads id ranges in lanes up to its ceiling, from the resumed cursor on, in id order, every request sorted by id', async () => {
    const { client, most, queries } = keysetClient(Array.from({ length: 2000 }, (_, i) => i + 1));
    const ids: number[] = [];
    for await (const page of bigcommerceCatalogSource(client, { lanes: 3 }).productPages({ channelIds: [1], afterId: 10 }))
      ids.push(...page.items.map((p) => p.id));
    expect(ids).toEqual(Array.from({ length: 1990 }, (_, i) => i + 11));
    expect(most()).toBe(3);
    for (const query of queries) expect(query.extra).toMatchObject({ sort: 'id' });
  });

  it('reads one page after another with a ceiling of one, and keeps the deletion listing inside its id range', async () => {
    const one = keysetClient(
      Array.from({ length: 12 }, (_, i) => i + 1),
      [],
      2
    );
    for await (const page of bigcommerceCatalogSource(one.client, { lanes: 1 }).productPages({ channelIds: [1] })) expect(page.items.length).toBeGreaterThan(0);
    expect(one.most()).toBe(1);
    expect(one.queries).toHaveLength(6);
    const ranged = keysetClient(
      Array.from({ length: 60 }, (_, i) => i + 1),
      [],
      2
    );
    const listed: number[] = [];
    for await (const ids of bigcommerceCatalogSource(ranged.client, { lanes: 4 }).productIdPages({ channelIds: [1], idMin: 15, idMax: 40 }))
      listed.push(...ids);
    expect(listed).toEqual(Array.from({ length: 26 }, (_, i) => i + 15));
  });
});
