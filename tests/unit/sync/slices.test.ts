// Mapping in slices with turns of the event loop between them (sync/slices.ts).
import fc from 'fast-check';

import { mapInSlices } from '../../../server/src/sync/slices';

describe('mapInSlices', () => {
  it('maps every item once, in order, whatever the slice size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 70 }), async (items, size) => {
        const seen: number[][] = [];
        const out = await mapInSlices(items, (slice) => (seen.push(slice), slice.map((n) => n * 2)), size);
        expect(out).toEqual(items.map((n) => n * 2));
        expect(seen.flat()).toEqual(items);
        expect(seen.every((slice) => slice.length >= 1 && slice.length <= size)).toBe(true);
        expect(seen.length).toBe(Math.ceil(items.length / size));
      })
    );
  });

  it('lets queued event-loop work run between slices, and not before the first', async () => {
    const order: string[] = [];
    const work = mapInSlices(
      [1, 2, 3, 4, 5],
      (slice) => {
        order.push(`slice ${slice.join(',')}`);
        // Work that arrived meanwhile (a storefront request's callback): it runs before the next slice.
        setImmediate(() => order.push(`other after ${slice.join(',')}`));
        return slice;
      },
      2
    );
    await work;
    expect(order).toEqual(['slice 1,2', 'other after 1,2', 'slice 3,4', 'other after 3,4', 'slice 5']);
  });

  it('a slice that maps to several results or none keeps them all', async () => {
    const out = await mapInSlices([1, 2, 3], (slice) => slice.flatMap((n) => (n === 2 ? [] : [n, n])), 1);
    expect(out).toEqual([1, 1, 3, 3]);
  });

  it('a size below 1 is taken as 1 (never a loop without progress)', async () => {
    await expect(mapInSlices([1, 2], (slice) => slice, 0)).resolves.toEqual([1, 2]);
  });
});
