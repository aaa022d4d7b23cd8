// A list read by id in parallel lanes over id ranges, yielded in id order (sync/lanes.ts).
import fc from 'fast-check';

import { lanesFor } from '../../../server/src/sync/bigcommerce-source';
import { idRangesInLanes, type KeysetPage } from '../../../server/src/sync/lanes';

/**
 * A store's id list as BigCommerce serves it by keyset: the first `pageSize` ids after a cursor (up to an
 * optional last id) and how many there are. Each read answers after `delay()` ms and may change the list
 * first (`during`), as products deleted or added while a sync reads.
 */
const store = (ids: number[], pageSize: number, delay: () => number = () => 0, during: (list: Set<number>) => void = () => undefined) => {
  const list = new Set(ids);
  let inFlight = 0;
  let most = 0;
  let reads = 0;
  const read = async (after: number, max: number | undefined): Promise<KeysetPage<number>> => {
    reads += 1;
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delay()));
    during(list);
    inFlight -= 1;
    const matching = [...list].filter((id) => id > after && (max === undefined || id <= max)).sort((a, b) => a - b);
    return { items: matching.slice(0, pageSize), total: matching.length };
  };
  let ends = 0;
  const end = async (after: number) => {
    ends += 1;
    return { id: Math.max(0, ...list), total: [...list].filter((id) => id > after).length };
  };
  return { list, read, end, reads: () => reads, most: () => most, ends: () => ends };
};

const options = (served: ReturnType<typeof store>, lanes: number, ahead = 2 * lanes, pageSize = 50) => ({
  read: served.read,
  end: served.end,
  lanes: () => lanes,
  endFirst: lanes > 1,
  ahead,
  pageSize,
  idOf: (id: number) => id,
});

const collect = async (pages: AsyncIterable<KeysetPage<number>>) => {
  const out: number[] = [];
  for await (const page of pages) out.push(...page.items);
  return out;
};

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('idRangesInLanes', () => {
  it('tells `lanes` how many pages the list still needs, once the answers count it', async () => {
    const served = store(range(1, 1000), 50, () => 1);
    const asked: number[] = [];
    const ids = await collect(idRangesInLanes({ ...options(served, 4), lanes: (pagesLeft: number) => (asked.push(pagesLeft), 4) }));
    expect(ids).toEqual(range(1, 1000));
    // Before the end of the id space answers, nothing is known; then 20 pages at most, fewer as they are read.
    expect(asked[0]).toBe(Infinity);
    const known = asked.filter((pages) => pages !== Infinity);
    expect(known.length).toBeGreaterThan(5);
    expect(Math.max(...known)).toBeLessThanOrEqual(21);
    expect(known[known.length - 1]).toBeLessThanOrEqual(4);
  });

  it('yields every id once and in order although ranges answer out of order, with up to `lanes` in flight', async () => {
    const served = store(range(1, 3000), 50, () => Math.random() * 6);
    expect(await collect(idRangesInLanes(options(served, 8)))).toEqual(range(1, 3000));
    expect(served.most()).toBe(8);
    // Every request but each range's last is a whole page: a few short pages more than the 60 needed.
    expect(served.reads()).toBeLessThanOrEqual(60 + 2 * 8);
  });

  it('reads one page after another with one lane, never more than `ahead` pages beyond the caller', async () => {
    const one = store(range(1, 500), 50);
    await collect(idRangesInLanes(options(one, 1)));
    expect(one.most()).toBe(1);
    expect(one.reads()).toBe(10);
    const slowCaller = store(range(1, 3000), 50);
    let pages = 0;
    for await (const page of idRangesInLanes(options(slowCaller, 16, 3))) {
      await new Promise((resolve) => setTimeout(resolve, 3));
      pages += 1;
      expect(page.items.length).toBeGreaterThan(0);
      // Reads beyond the pages taken: `ahead`, plus the head range's next page the caller waits on.
      expect(slowCaller.reads()).toBeLessThanOrEqual(pages + 3 + 1 + 1);
    }
  });

  it('opens every lane before the first page answers: the end of the id space is asked beside it', async () => {
    const served = store(range(1, 3000), 50, () => 40);
    const pages = idRangesInLanes(options(served, 8));
    const first = pages.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(served.reads()).toBe(8);
    expect((await first).value?.items[0]).toBe(1);
    await pages.return(undefined);
    expect(served.ends()).toBe(1);
    // A list not expected long asks for its end only once an answer counts two pages more: a short one never.
    const short = store(range(1, 40), 50);
    expect(await collect(idRangesInLanes({ ...options(short, 8), endFirst: false }))).toEqual(range(1, 40));
    expect([short.reads(), short.ends()]).toEqual([1, 0]);
    const long = store(range(1, 3000), 50, () => 2);
    expect(await collect(idRangesInLanes({ ...options(long, 8), endFirst: false }))).toEqual(range(1, 3000));
    expect([long.most(), long.ends()]).toEqual([8, 1]);
  });

  it('starts the next reads while the caller is busy with a page, not only when it asks for the next', async () => {
    const served = store(range(1, 2000), 50, () => 5);
    const pages = idRangesInLanes(options(served, 4, 40));
    await pages.next();
    const readsWhenTaken = served.reads();
    // The caller works on its page for a while: the lanes that answer meanwhile read on.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(served.reads()).toBeGreaterThan(readsWhenTaken + 8);
    await pages.return(undefined);
  });

  it('spreads lanes over ids that come in far-apart clusters, and reads from a resume cursor on', async () => {
    const ids = [...range(1, 1000), ...range(1_000_000, 1_001_000), ...range(50_000_000, 50_000_500, 7)];
    const served = store(ids, 50, () => 2);
    expect(await collect(idRangesInLanes(options(served, 6)))).toEqual(ids);
    expect(served.most()).toBe(6);
    const resumed = store(ids, 50);
    expect(await collect(idRangesInLanes(options(resumed, 6), 1000))).toEqual(ids.filter((id) => id > 1000));
  });

  it('hides no product when products before it are deleted while the ranges are read (page numbers would shift)', async () => {
    const ids = range(1, 2000);
    const deleted = new Set<number>();
    let reads = 0;
    const served = store(
      ids,
      50,
      () => Math.random() * 4,
      (list) => {
        // Every third read deletes a product among the first ones: a numbered page after it would skip one.
        if (++reads % 3 === 0) {
          const victim = [...list].sort((a, b) => a - b)[reads % 40];
          list.delete(victim);
          deleted.add(victim);
        }
      }
    );
    const got = await collect(idRangesInLanes(options(served, 8)));
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    for (const id of ids) if (!deleted.has(id)) expect(got).toContain(id);
  });

  it('reads products added past the last id while it reads, and an empty list as nothing', async () => {
    let next = 1001;
    const served = store(
      range(1, 1000),
      50,
      () => 1,
      (list) => {
        if (next <= 1100) list.add(next++);
      }
    );
    const got = await collect(idRangesInLanes(options(served, 4)));
    expect(got.slice(0, 1000)).toEqual(range(1, 1000));
    expect(got).toEqual(range(1, got.length));
    expect(await collect(idRangesInLanes(options(store([], 50), 4)))).toEqual([]);
  });

  it('counts the list as it stands: each page says what was read plus what is left', async () => {
    const served = store(range(1, 1000, 3), 50, () => Math.random() * 3);
    const totals: number[] = [];
    for await (const page of idRangesInLanes(options(served, 4))) totals.push(page.total);
    expect(totals[0]).toBe(334);
    expect(totals[totals.length - 1]).toBe(334);
    // Whole numbers although the cuts share estimates (the run's progress is an integer column on PostgreSQL).
    expect(totals.filter((total) => !Number.isInteger(total))).toEqual([]);
  });

  it('surfaces a failed page to the caller in order, after every page before it, and nothing unhandled', async () => {
    const served = store(range(1, 1000), 50, () => 1);
    const failedAfter: number[] = [];
    const read = async (after: number, max: number | undefined) => {
      if (after >= 500) {
        failedAfter.push(after);
        throw new Error(`page after ${after} failed`);
      }
      return served.read(after, max);
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const page of idRangesInLanes({ ...options(served, 4), read })) got.push(...page.items);
      })()
    ).rejects.toThrow(/^page after \d+ failed$/);
    // Everything up to the first failed page's cursor, in order, and nothing after it.
    expect(got).toEqual(range(1, Math.min(...failedAfter)));
  });

  it('for any ids, lanes, page sizes, delays and deletions, yields every product that stayed, once and in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 900 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        async (ids, lanes, ahead, pageSize, delays, deletions) => {
          let reads = 0;
          const deleted = new Set<number>();
          const served = store(
            ids,
            pageSize,
            () => delays[reads % delays.length],
            (list) => {
              const pick = deletions[reads++];
              if (pick !== undefined && list.size) {
                const victim = [...list][pick % list.size];
                list.delete(victim);
                deleted.add(victim);
              }
            }
          );
          const got: number[] = [];
          for await (const page of idRangesInLanes(options(served, lanes, ahead, pageSize))) {
            got.push(...page.items);
            expect(Number.isInteger(page.total)).toBe(true);
          }
          expect(new Set(got).size).toBe(got.length);
          expect([...got].sort((a, b) => a - b)).toEqual(got);
          expect(got.filter((id) => !deleted.has(id))).toEqual([...ids].filter((id) => !deleted.has(id)).sort((a, b) => a - b));
          expect(served.most()).toBeLessThanOrEqual(lanes);
        }
      ),
      { numRuns: 60 }
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

  it('once a page was timed, opens as many lanes as the requests left last until the reset', () => {
    // Standard's 150 a window, 1.5 s pages: 150 requests over 30 s keep 7 lanes busy, 40 over 15 s four.
    expect(lanesFor(8, { quota: 150, left: 150, resetInMs: 30_000 }, 1500)).toBe(7);
    expect(lanesFor(8, { quota: 150, left: 40, resetInMs: 15_000 }, 1500)).toBe(4);
    // Pro's 450: the ceiling all window long, until little is left.
    expect(lanesFor(8, { quota: 450, left: 200, resetInMs: 20_000 }, 1500)).toBe(8);
    expect(lanesFor(8, { quota: 450, left: 3, resetInMs: 20_000 }, 1500)).toBe(1);
    // A window about to end: what is left may all go now.
    expect(lanesFor(8, { quota: 150, left: 5, resetInMs: 500 }, 1500)).toBe(5);
    // A window already over is whole again; fast pages spend the quota in one lane.
    expect(lanesFor(8, { quota: 150, left: 2, resetInMs: 0 }, 1500)).toBe(8);
    expect(lanesFor(8, { quota: 150, left: 150, resetInMs: 30_000 }, 50)).toBe(1);
  });

  it('opens the ceiling when the requests left in the window cover the pages the list still needs', () => {
    // A 10,000-product catalog on Standard: 40 pages, 120 requests left with 28 s to go.
    expect(lanesFor(8, { quota: 150, left: 120, resetInMs: 28_000 }, 1500, 40)).toBe(8);
    expect(lanesFor(8, { quota: 150, left: 120, resetInMs: 28_000 }, 1500, 200)).toBe(6);
    expect(lanesFor(8, { quota: 150, left: 120, resetInMs: 28_000 }, 1500)).toBe(6);
    expect(lanesFor(8, { quota: 150, left: 30 }, undefined, 30)).toBe(8);
    expect(lanesFor(1, { quota: 150, left: 120 }, 1500, 1)).toBe(1);
  });
});
