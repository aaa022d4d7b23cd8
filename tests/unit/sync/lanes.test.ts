// Pages read in parallel lanes, yielded in order (sync/lanes.ts).
import fc from 'fast-check';

import { lanesFor } from '../../../server/src/sync/bigcommerce-source';
import { pagesInLanes, type NumberedPage } from '../../../server/src/sync/lanes';

/** A list of `size` numbers served `pageSize` a page, each read answered after `delay(page)` ms. */
const list = (size: number, pageSize: number, delay: (page: number) => number = () => 0) => {
  let inFlight = 0;
  let most = 0;
  const reads: number[] = [];
  const read = async (page: number): Promise<NumberedPage<number>> => {
    reads.push(page);
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delay(page)));
    inFlight -= 1;
    const items = Array.from({ length: size }, (_, i) => i + 1).slice((page - 1) * pageSize, page * pageSize);
    return { items, total: size, totalPages: Math.max(1, Math.ceil(size / pageSize)) };
  };
  return { read, reads, most: () => most };
};

const collect = async <T>(pages: AsyncIterable<{ items: T[] }>) => {
  const out: T[] = [];
  for await (const page of pages) out.push(...page.items);
  return out;
};

describe('pagesInLanes', () => {
  it('yields every page in order although later pages answer first, with at most `lanes` in flight', async () => {
    const served = list(2000, 100, (page) => (20 - page) * 2);
    const items = await collect(pagesInLanes({ read: served.read, lanes: () => 4, ahead: 8 }));
    expect(items).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(served.most()).toBe(4);
    expect([...served.reads].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('reads one page at a time with one lane, and never more than `ahead` pages beyond the caller', async () => {
    const one = list(500, 100);
    await collect(pagesInLanes({ read: one.read, lanes: () => 1, ahead: 8 }));
    expect(one.most()).toBe(1);
    const slowCaller = list(3000, 100);
    const seen: number[] = [];
    for await (const page of pagesInLanes({ read: slowCaller.read, lanes: () => 16, ahead: 3 })) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(page.page);
      expect(Math.max(...slowCaller.reads)).toBeLessThanOrEqual(page.page + 3);
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('reads a list that grew while it was read to its new end, and an empty list as nothing', async () => {
    let size = 250;
    const read = async (page: number): Promise<NumberedPage<number>> => {
      const counted = size;
      size = 420; // added after the first count
      const items = Array.from({ length: counted }, (_, i) => i + 1).slice((page - 1) * 100, page * 100);
      return { items, total: counted, totalPages: Math.ceil(counted / 100) };
    };
    expect(await collect(pagesInLanes({ read, lanes: () => 2, ahead: 4 }))).toHaveLength(420);
    expect(await collect(pagesInLanes({ read: list(0, 100).read, lanes: () => 4, ahead: 4 }))).toEqual([]);
  });

  it('surfaces a failed page to the caller, in order, and nothing unhandled', async () => {
    const read = async (page: number): Promise<NumberedPage<number>> => {
      if (page === 3) throw new Error('page 3 failed');
      return { items: [page], total: 5, totalPages: 5 };
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const page of pagesInLanes({ read, lanes: () => 4, ahead: 4 })) got.push(...page.items);
      })()
    ).rejects.toThrow('page 3 failed');
    expect(got).toEqual([1, 2]);
  });

  it('for any sizes, lanes and delays, yields the whole list in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
        async (size, lanes, ahead, delays) => {
          const served = list(size, 50, (page) => delays[page % delays.length]);
          expect(await collect(pagesInLanes({ read: served.read, lanes: () => lanes, ahead }))).toEqual(Array.from({ length: size }, (_, i) => i + 1));
          expect(served.most()).toBeLessThanOrEqual(lanes);
        }
      ),
      { numRuns: 40 }
    );
  });
});

describe('lanesFor', () => {
  it('opens the ceiling with a whole window, fewer lanes as the quota is spent, one before any headers', () => {
    expect(lanesFor(8, undefined)).toBe(1);
    expect(lanesFor(8, { quota: 150, left: 150 })).toBe(8);
    expect(lanesFor(8, { quota: 150, left: 75 })).toBe(4);
    expect(lanesFor(8, { quota: 150, left: 10 })).toBe(1);
    expect(lanesFor(8, { quota: 450, left: 0 })).toBe(1);
    expect(lanesFor(1, { quota: 450, left: 450 })).toBe(1);
  });
});
