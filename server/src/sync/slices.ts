/** Lets what waits on the event loop (a storefront read, a socket's data) run before we carry on. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Products mapped between two turns of the event loop: a few milliseconds of work on a busy machine. */
export const MAP_SLICE = 25;

/**
 * `map` over `items` in slices of `size`, with a turn of the event loop before each slice after the
 * first: a 250-product page's mapping and hashing then never holds the loop for the whole page, and
 * reads served by the same process wait for one slice at most. Results in input order.
 */
export const mapInSlices = async <T, R>(items: readonly T[], map: (slice: T[]) => R[], size = MAP_SLICE): Promise<R[]> => {
  const step = Math.max(1, Math.floor(size));
  const out: R[] = [];
  for (let i = 0; i < items.length; i += step) {
    if (i > 0) await yieldToEventLoop();
    out.push(...map(items.slice(i, i + step)));
  }
  return out;
};
