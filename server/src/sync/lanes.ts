/** One numbered page of a list, with what the list said of its size when it was read. */
export interface NumberedPage<T> {
  items: T[];
  /** The list's size as this response counted it. */
  total: number;
  totalPages: number;
}

export interface LaneOptions<T> {
  /** Reads page `n` (1-based). */
  read(page: number): Promise<NumberedPage<T>>;
  /** How many pages may be read at once now; asked before each request (it follows the quota left). */
  lanes(): number;
  /** Pages read ahead of the one the caller holds, at most: bounds the memory a slow writer costs. */
  ahead: number;
}

/**
 * Reads a numbered list in parallel lanes and yields its pages in order, so that the caller writes
 * them as a one-lane read would. The first page is read alone (it counts the pages, and its response
 * tells the quota); then up to `lanes()` pages are in flight, never more than `ahead` beyond the
 * caller. A list that grew while it was read (a later response counts more pages) is read to its new end.
 */
export async function* pagesInLanes<T>(options: LaneOptions<T>): AsyncGenerator<NumberedPage<T> & { page: number }> {
  const pending = new Map<number, Promise<NumberedPage<T>>>();
  const first = await options.read(1);
  let lastPage = first.totalPages;
  let next = 2;
  const launch = (consumed: number) => {
    while (next <= lastPage && pending.size < Math.max(1, options.lanes()) && next <= consumed + Math.max(1, options.ahead)) {
      const page = options.read(next);
      // Read later, in order: an early failure must not surface as an unhandled rejection meanwhile.
      page.catch(() => undefined);
      pending.set(next, page);
      next += 1;
    }
  };
  try {
    let current: NumberedPage<T> = first;
    for (let number = 1; ; number += 1) {
      lastPage = Math.max(lastPage, current.totalPages);
      launch(number);
      if (!current.items.length) return;
      yield { ...current, page: number };
      if (number >= lastPage) return;
      launch(number);
      const following = pending.get(number + 1);
      pending.delete(number + 1);
      if (!following) throw new Error(`page ${number + 1} was not requested`); // launch always asks for the next page
      current = await following;
    }
  } finally {
    pending.clear();
  }
}
