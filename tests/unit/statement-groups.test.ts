import fc from 'fast-check';

import { inGroups } from '../../server/src/services/catalog-store';

describe('statements grouped by their bindings (catalog store)', () => {
  it('keeps order, fills each group as far as the bound allows, and exceeds it only with a single item', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (sizes, max) => {
        const items = sizes.map((bindings, index) => ({ bindings, index }));
        const groups = inGroups(items, max);
        expect(groups.flat()).toEqual(items);
        for (const [i, group] of groups.entries()) {
          const sum = group.reduce((total, item) => total + item.bindings, 0);
          expect(group.length).toBeGreaterThan(0);
          if (group.length > 1) expect(sum).toBeLessThanOrEqual(max);
          // Greedy: the next group's first item did not fit in this one.
          if (i + 1 < groups.length) expect(sum + groups[i + 1][0].bindings).toBeGreaterThan(max);
        }
      })
    );
  });
});
