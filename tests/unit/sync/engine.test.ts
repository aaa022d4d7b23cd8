import { silentLogger } from '../../../server/src/bigcommerce';
import { runCatalogSync } from '../../../server/src/sync/engine';
import { MappingError, mapProduct, slugFromUrl } from '../../../server/src/sync/mapping';
import type { CatalogSource, CatalogStore, SyncProgress } from '../../../server/src/sync/ports';
import { prefetch } from '../../../server/src/sync/prefetch';
import { memorySource, memoryStore, product } from './fakes';

const control = (cancelAfterPages = Infinity) => {
  const seen: SyncProgress[] = [];
  return {
    seen,
    control: {
      progress: async (progress: SyncProgress) => {
        seen.push(structuredClone(progress));
      },
      isCancelled: async () => seen.filter((p) => p.phase === 'products' && p.done > 0).length >= cancelAfterPages,
    },
  };
};

const run = (source: CatalogSource, store: CatalogStore, extra: Partial<Parameters<typeof runCatalogSync>[0]> = {}) =>
  runCatalogSync({ kind: 'full', channelIds: [1], source, store, control: control().control, logger: silentLogger, ...extra });

describe('runCatalogSync', () => {
  it('writes every product, then skips them all by hash on the next run', async () => {
    const { source } = memorySource([1, 2, 3, 4, 5].map((id) => product(id)));
    const { store, rows } = memoryStore();
    expect(await run(source, store)).toMatchObject({ status: 'succeeded', created: 5, updated: 0, unchanged: 0, done: 5, total: 5 });
    expect(rows.size).toBe(5);
    expect(await run(source, store)).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  });

  it('prepares the next page (maps it, reads its hashes) while the page before is being written', async () => {
    const { source } = memorySource([1, 2, 3, 4, 5, 6].map((id) => product(id)));
    const { store, rows } = memoryStore();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hashed: number[][] = [];
    let writes = 0;
    const slow: CatalogStore = {
      ...store,
      productHashes: async (ids) => {
        hashed.push([...ids]);
        return store.productHashes(ids);
      },
      writeProducts: async (records, existing) => {
        writes += 1;
        if (writes === 1) await held;
        return store.writeProducts(records, existing);
      },
    };
    const done = run(source, slow);
    for (let turn = 0; turn < 50 && hashed.length < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    // The first page's write is held; the second page is already mapped and its hashes read.
    expect(writes).toBe(1);
    expect(hashed).toEqual([
      [1, 2],
      [3, 4],
    ]);
    release();
    expect(await done).toMatchObject({ status: 'succeeded', created: 6 });
    expect(rows.size).toBe(6);
  });

  it('asks BigCommerce about a product its pages did not show before deleting it (pages shifted by a deletion mid-run)', async () => {
    const products = [1, 2, 3, 4, 5].map((id) => product(id));
    const { source, calls } = memorySource(products);
    const { store, rows } = memoryStore();
    await run(source, store);
    products[2] = product(3, { price: 99, date_modified: '2026-03-01T00:00:00+00:00' });
    calls.length = 0;
    const shifted: CatalogSource = {
      ...source,
      async *productPages(query) {
        for await (const page of source.productPages(query)) yield { ...page, items: page.items.filter((p) => p.id !== 3) };
      },
    };
    expect(await run(shifted, store)).toMatchObject({ status: 'succeeded', deleted: 0, updated: 1 });
    expect(calls).toContain('products by id 3');
    expect(Number(rows.get(3)!.price)).toBe(99);
  });

  it('deletes what BigCommerce no longer lists, only after reading every page', async () => {
    const products = [1, 2, 3].map((id) => product(id));
    const { source } = memorySource(products);
    const { store, rows } = memoryStore();
    await run(source, store);
    products.splice(1, 1);
    expect(await run(source, store)).toMatchObject({ deleted: 1 });
    expect([...rows.keys()].sort()).toEqual([1, 3]);
  });

  it('records a product it cannot map and carries on; it is not deleted for that', async () => {
    const products = [product(1), product(2, { name: '' }), product(3, { price: Number.NaN })];
    const { source } = memorySource(products);
    const { store, rows } = memoryStore();
    const result = await run(source, store);
    expect(result).toMatchObject({ status: 'partial', created: 1, failed: 2 });
    expect(result.errors.map((e) => e.bigcommerceId)).toEqual([2, 3]);
    expect(rows.has(1)).toBe(true);
  });

  it('notes a product whose brand BigCommerce does not list: stored without it, not a failure', async () => {
    const { source } = memorySource([product(1), product(2, { brand_id: 99 }), product(3, { brand_id: 0 })]);
    const { store, rows } = memoryStore();
    const result = await run(source, store);
    expect(result).toMatchObject({ status: 'succeeded', created: 3, failed: 0 });
    expect(result.notes).toEqual([{ resource: 'product', bigcommerceId: 2, message: expect.stringContaining('brand 99 does not exist') }]);
    expect(rows.has(2)).toBe(true);
  });

  it('stops at a page boundary when cancelled, deleting nothing', async () => {
    const { source } = memorySource([1, 2, 3, 4, 5, 6].map((id) => product(id)));
    const { store } = memoryStore();
    const { control: ctl } = control(1);
    const result = await run(source, store, { control: ctl });
    expect(result.status).toBe('cancelled');
    expect(result.done).toBe(2);
    expect(result.deleted).toBe(0);
  });

  it('resumes after the checkpoint: reads only later pages and lists ids for deletions', async () => {
    const { source, calls } = memorySource([1, 2, 3, 4, 5, 6].map((id) => product(id)));
    const { store } = memoryStore();
    const result = await run(source, store, { resumeFrom: { phase: 'products', lastProductId: 4, startedAtServer: '2026-02-01T00:00:00.000Z' } });
    expect(result).toMatchObject({ status: 'succeeded', done: 2, created: 2 });
    expect(calls).toEqual(['products after 4 page 1', 'listings of channel 1', 'ids']);
  });

  it('incremental: reads changes since the checkpoint, and lists ids only when counts disagree', async () => {
    const products = [1, 2, 3, 4].map((id) => product(id));
    const { source, calls } = memorySource(products);
    const { store } = memoryStore();
    await run(source, store);
    calls.length = 0;
    products[0] = product(1, { price: 99, date_modified: '2026-03-01T00:00:00+00:00' });
    const result = await run(source, store, { kind: 'incremental', modifiedSince: '2026-02-15T00:00:00+00:00' });
    expect(result).toMatchObject({ updated: 1, unchanged: 0, deleted: 0 });
    expect(calls).toEqual(['products after 0 page 1', 'listings of channel 1', 'count']);
    products.pop();
    calls.length = 0;
    expect(await run(source, store, { kind: 'incremental', modifiedSince: '2026-04-01T00:00:00+00:00' })).toMatchObject({ deleted: 1 });
    expect(calls).toEqual(['listings of channel 1', 'count', 'ids']);
  });

  it('incremental: finds a few deletions among many products by halving id ranges, not listing every id', async () => {
    const products = Array.from({ length: 10_000 }, (_, i) => product(i + 1));
    const { source } = memorySource(products, 250);
    const { store, rows } = memoryStore();
    await run(source, store);
    const removed = [17, 2_500, 2_501, 6_130, 9_999];
    const remaining = products.filter((p) => !removed.includes(p.id));
    const later = memorySource(remaining, 250);
    const result = await run(later.source, store, { kind: 'incremental', modifiedSince: '2026-04-01T00:00:00+00:00' });
    expect(result).toMatchObject({ status: 'succeeded', deleted: removed.length });
    expect(removed.some((id) => rows.has(id))).toBe(false);
    expect(rows.size).toBe(remaining.length);
    const ids = later.calls.filter((call) => call === 'ids').length;
    const counts = later.calls.filter((call) => call === 'count').length;
    // The whole id listing is a count and 40 pages; here a count per halving and the pages around each deletion.
    expect(ids + counts).toBeLessThanOrEqual(30);
    // One deletion, the usual case between two hourly runs: a few counts and a page or two.
    const fewer = memorySource(
      remaining.filter((p) => p.id !== 4_321),
      250
    );
    expect(await run(fewer.source, store, { kind: 'incremental', modifiedSince: '2026-04-01T00:00:00+00:00' })).toMatchObject({ deleted: 1 });
    expect(rows.has(4_321)).toBe(false);
    expect(fewer.calls.length).toBeLessThanOrEqual(9);
  });

  it('incremental: lists every id when deletions are many', async () => {
    const products = Array.from({ length: 1_000 }, (_, i) => product(i + 1));
    const { source } = memorySource(products, 250);
    const { store, rows } = memoryStore();
    await run(source, store);
    const remaining = products.filter((p) => p.id % 3 !== 0);
    const later = memorySource(remaining, 250);
    expect(await run(later.source, store, { kind: 'incremental', modifiedSince: '2026-04-01T00:00:00+00:00' })).toMatchObject({ deleted: 333 });
    expect(rows.size).toBe(remaining.length);
    expect(later.calls).toEqual(['listings of channel 1', 'count', 'ids', 'ids', 'ids']);
  });

  it('refuses an incremental run without a checkpoint', async () => {
    const { source } = memorySource([]);
    await expect(run(source, memoryStore().store, { kind: 'incremental' })).rejects.toThrow(/modifiedSince/);
  });
});

describe('mapProduct', () => {
  it('derives options from variants, stock from the tracking mode, and the slug from the custom URL', () => {
    const record = mapProduct(
      product(7, {
        inventory_tracking: 'variant',
        inventory_level: 0,
        custom_url: { url: '/shoes/Red-Runner/', is_customized: true },
        variants: [
          {
            id: 1,
            product_id: 7,
            sku: 'a',
            price: null,
            sale_price: null,
            retail_price: null,
            weight: null,
            purchasing_disabled: false,
            inventory_level: 0,
            option_values: [{ id: 10, label: 'S', option_id: 5, option_display_name: 'Size' }],
          },
          {
            id: 2,
            product_id: 7,
            sku: 'b',
            price: 12,
            sale_price: null,
            retail_price: null,
            weight: null,
            purchasing_disabled: false,
            inventory_level: 3,
            option_values: [{ id: 11, label: 'M', option_id: 5, option_display_name: 'Size' }],
          },
        ],
      }),
      [1]
    );
    expect(record.options).toEqual([
      {
        id: 5,
        name: 'Size',
        values: [
          { id: 10, label: 'S' },
          { id: 11, label: 'M' },
        ],
      },
    ]);
    expect(record.inStock).toBe(true);
    expect(record.slug).toBe('shoes-red-runner');
    expect(record.channelIds).toEqual([1]);
  });

  it('gives equal records equal hashes and any change a new one', () => {
    const a = mapProduct(product(1), [1]);
    expect(mapProduct(product(1), [1]).contentHash).toBe(a.contentHash);
    expect(mapProduct(product(1, { price: 11.5 }), [1]).contentHash).not.toBe(a.contentHash);
  });

  it('keeps a name as BigCommerce stores it, and says why a blank one is refused', () => {
    expect(mapProduct(product(1, { name: '  Two  spaces ' }), [1]).name).toBe('  Two  spaces ');
    let error: unknown;
    try {
      mapProduct(product(2, { name: ' \t ' }), [1]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect((error as Error).message).toBe('name is empty or only spaces');
  });

  it('builds slugs from BigCommerce custom URLs', () => {
    expect(slugFromUrl('/blue-shirt/')).toBe('blue-shirt');
    expect(slugFromUrl('/men/shoes/runner.html')).toBe('men-shoes-runner');
    expect(slugFromUrl('')).toBe('');
  });
});

describe('prefetch', () => {
  it('asks for the next item while the current one is being used', async () => {
    const log: string[] = [];
    async function* pages() {
      for (let i = 1; i <= 3; i += 1) {
        log.push(`fetch ${i}`);
        yield i;
      }
    }
    for await (const page of prefetch(pages())) log.push(`use ${page}`);
    expect(log).toEqual(['fetch 1', 'fetch 2', 'use 1', 'fetch 3', 'use 2', 'use 3']);
  });
});
