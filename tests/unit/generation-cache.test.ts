// What the read API keeps per catalog generation (utils/catalog-generation.ts: generationCache).
import { generationCache } from '../../server/src/utils/catalog-generation';

describe('generationCache', () => {
  it('answers only at the generation a value was read at', () => {
    const cache = generationCache<string, number>(10);
    cache.set(3, 'a', 1);
    expect(cache.get(3, 'a')).toBe(1);
    expect(cache.get(4, 'a')).toBeUndefined();
    expect(cache.get(2, 'a')).toBeUndefined();
    expect(cache.get(undefined, 'a')).toBeUndefined(); // no generation (its triggers not in place): never cached
  });

  it('keeps the newest generation only: a newer one drops the rest, an older one is not kept', () => {
    const cache = generationCache<string, number>(10);
    cache.set(3, 'a', 1);
    cache.set(4, 'b', 2);
    expect(cache.get(3, 'a')).toBeUndefined();
    expect(cache.get(4, 'b')).toBe(2);
    cache.set(3, 'a', 1); // a slow reader of an older catalog
    expect(cache.get(3, 'a')).toBeUndefined();
    expect(cache.get(4, 'b')).toBe(2);
  });

  it('holds at most `kept` values, and replacing one does not count as a new one', () => {
    const cache = generationCache<string, number>(2);
    cache.set(1, 'a', 1);
    cache.set(1, 'b', 2);
    cache.set(1, 'b', 3);
    expect([cache.get(1, 'a'), cache.get(1, 'b')]).toEqual([1, 3]);
    cache.set(1, 'c', 4); // past the bound: the set starts afresh
    expect([cache.get(1, 'a'), cache.get(1, 'b'), cache.get(1, 'c')]).toEqual([undefined, undefined, 4]);
  });
});
