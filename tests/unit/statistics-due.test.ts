import fc from 'fast-check';

import { STATISTICS_FIRST_ROWS, statisticsDue } from '../../server/src/utils/search-index';

/** The table sizes at which a run that creates `pages` pages of `size` rows on top of `before` refreshes. */
const refreshes = (before: number, pages: number, size: number): number[] => {
  const at: number[] = [];
  let described = before;
  for (let page = 1; page <= pages; page++) {
    const rowsNow = before + page * size;
    if (statisticsDue(rowsNow, described)) {
      described = rowsNow;
      at.push(rowsNow);
    }
  }
  return at;
};

describe('statisticsDue (statistics kept up with a run that fills the catalog)', () => {
  it('refreshes a first 10,000-product sync at 250, 1,000 and 4,000 rows', () => {
    expect(refreshes(0, 40, 250)).toEqual([250, 1000, 4000]);
  });

  it('never refreshes a run that creates nothing, or a few rows on a table the statistics describe', () => {
    expect(refreshes(9038, 40, 0)).toEqual([]);
    expect(refreshes(0, 1, STATISTICS_FIRST_ROWS - 1)).toEqual([]);
    expect(refreshes(9038, 10, 250)).toEqual([]);
  });

  it('refreshes only once the table has grown fourfold since the last, so a run refreshes a handful of times', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 250 }), (before, pages, size) => {
        const at = refreshes(before, pages, size);
        let described = before;
        for (const rows of at) {
          expect(rows).toBeGreaterThanOrEqual(Math.max(STATISTICS_FIRST_ROWS, 4 * described));
          described = rows;
        }
        const end = before + pages * size;
        expect(at.length).toBeLessThanOrEqual(1 + Math.max(0, Math.ceil(Math.log(end / STATISTICS_FIRST_ROWS) / Math.log(4))));
      })
    );
  });
});
