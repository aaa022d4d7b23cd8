// Mapping in slices with turns of the event loop between them (sync/slices.ts).
import fc from 'fast-check';

import { mapProduct } from '../../../server/src/sync/mapping';
import type { ProductRecord } from '../../../server/src/sync/records';
import { eventLoopPacing, mapInSlices, WRITE_SLICE, writeInSlices, type Pacing } from '../../../server/src/sync/slices';
import { memoryStore, product } from './fakes';

describe('mapInSlices', () => {
  it('maps every item once, in order, whatever the slice size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 70 }), async (items, size) => {
        const seen: number[][] = [];
        const out = await mapInSlices(items, (slice) => (seen.push(slice), slice.map((n) => n * 2)), eventLoopPacing, size);
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
      eventLoopPacing,
      2
    );
    await work;
    expect(order).toEqual(['slice 1,2', 'other after 1,2', 'slice 3,4', 'other after 3,4', 'slice 5']);
  });

  it('a slice that maps to several results or none keeps them all', async () => {
    const out = await mapInSlices([1, 2, 3], (slice) => slice.flatMap((n) => (n === 2 ? [] : [n, n])), eventLoopPacing, 1);
    expect(out).toEqual([1, 1, 3, 3]);
  });

  it('a size below 1 is taken as 1 (never a loop without progress)', async () => {
    await expect(mapInSlices([1, 2], (slice) => slice, eventLoopPacing, 0)).resolves.toEqual([1, 2]);
  });
});

describe('writeInSlices', () => {
  /** Slices of `size`, a turn of the event loop between them. */
  const slicesOf = (size: number): Pacing => ({ ...eventLoopPacing, writeSlice: () => size });
  const records = (count: number): ProductRecord[] => Array.from({ length: count }, (_, i) => mapProduct(product(i + 1), [1]));

  it('writes every record once, in order, a slice a write, none larger than the slice', async () => {
    const { store, rows, writes } = memoryStore();
    const out = await writeInSlices(store, records(60), new Set(), slicesOf(25));
    expect(writes).toEqual([25, 25, 10]);
    expect(out.written).toEqual(records(60).map((record) => record.bigcommerceId));
    expect(out).toMatchObject({ attempts: 3, failures: new Map() });
    expect(rows.size).toBe(60);
  });

  it('a refused product costs only itself, within its slice; the other slices are written', async () => {
    const { store, rows } = memoryStore((record) => record.bigcommerceId === 37);
    const out = await writeInSlices(store, records(60), new Set(), slicesOf(25));
    expect([...out.failures.keys()]).toEqual([37]);
    expect(out.written).toHaveLength(59);
    expect(rows.has(37)).toBe(false);
    expect(rows.size).toBe(59);
  });

  it('lets queued event-loop work run between slices (each its own write), and not before the first', async () => {
    const order: string[] = [];
    const { store } = memoryStore();
    const writeProducts = store.writeProducts;
    store.writeProducts = async (slice, existing) => {
      order.push(`write ${slice.length}`);
      setImmediate(() => order.push('other'));
      return writeProducts(slice, existing);
    };
    await writeInSlices(store, records(5), new Set(), slicesOf(2));
    expect(order).toEqual(['write 2', 'other', 'write 2', 'other', 'write 1']);
  });

  it('asks the pacing before each slice: its turn between two slices, the size of the next one', async () => {
    const { store, writes } = memoryStore();
    const asked: string[] = [];
    // Traffic comes in after the first slice: the rest of the page goes in smaller slices.
    const sizes = [25, 5, 5, 5, 5, 5, 5, 5, 5];
    const pacing: Pacing = {
      turn: async () => void asked.push('turn'),
      writeSlice: () => (asked.push('size'), sizes.shift() ?? 0),
    };
    const out = await writeInSlices(store, records(60), new Set(), pacing);
    expect(writes).toEqual([25, 5, 5, 5, 5, 5, 5, 5]);
    expect(asked).toEqual(['size', ...Array(7).fill(['turn', 'size']).flat()]);
    expect(out.written).toEqual(records(60).map((record) => record.bigcommerceId));
  });

  it('writes nothing for no records, and slices of WRITE_SLICE by default', async () => {
    const { store, writes } = memoryStore();
    await expect(writeInSlices(store, [], new Set())).resolves.toMatchObject({ written: [], attempts: 0 });
    await writeInSlices(store, records(WRITE_SLICE + 1), new Set());
    expect(writes).toEqual([WRITE_SLICE, 1]);
  });
});
