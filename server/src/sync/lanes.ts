/** One keyset page: ids after a cursor, up to an optional last id, ascending. */
export interface KeysetPage<T> {
  items: T[];
  /** How many items the list held after the cursor (up to the last id) when this page was read. */
  total: number;
}

export interface IdRangeLaneOptions<T> {
  /** The first `pageSize` items with `after` < id ≤ `max` (no upper bound without `max`), ascending by id. */
  read(after: number, max: number | undefined): Promise<KeysetPage<T>>;
  /** The list's highest id now (0 when empty), where the id space to cut ends, and how many ids follow `after`. */
  end(after: number): Promise<{ id: number; total: number }>;
  /**
   * How many pages may be read at once now; asked before each request (it follows the quota left).
   * `pagesLeft`: the requests the list still needs as the answers count it (Infinity before they do).
   */
  lanes(pagesLeft: number): number;
  /**
   * The list is expected long (a full run's): its end is asked beside the first page, so the lanes open at
   * once. Otherwise it is asked once an answer counts two pages more (a short list costs no request more).
   */
  endFirst: boolean;
  /** Pages read ahead of the writer, at most: bounds the memory a slow writer costs. */
  ahead: number;
  pageSize: number;
  idOf(item: T): number;
}

/**
 * How far short of a whole page a cut is made (a twentieth): ids are not evenly spread, and a page that
 * ends before its cut costs a request more, while one that ends past it costs only the products read twice.
 */
const SHORT_OF_A_PAGE = 1 / 20;

/** A slice of the id space one lane reads by keyset, from `after` (exclusive) to `max` (inclusive; open for the last). */
interface Range<T> {
  after: number;
  max: number | undefined;
  /** Pages read, not yet yielded. */
  ready: T[][];
  pending: Promise<void> | undefined;
  done: boolean;
  /** Items believed left after `after` (the page in flight included): the last answer's count, shared when cut. */
  left: number;
  failure?: { error: unknown };
}

/**
 * Reads a list in id order with up to `lanes()` keyset readers, each on its own id range, and yields the
 * pages in id order, so the caller writes (and checkpoints) as a one-lane read by id would. Ranges are
 * cut a page ahead of each other (see carve), so the pages the caller takes next are read at once. An id
 * cursor, unlike a page number, is not shifted by an item deleted meanwhile, so no item is hidden; an
 * item added to a range already read is missed as it would be by one lane.
 */
export async function* idRangesInLanes<T>(options: IdRangeLaneOptions<T>, afterId = 0): AsyncGenerator<KeysetPage<T>> {
  const { pageSize, idOf } = options;
  const cutAt = pageSize - Math.ceil(pageSize * SHORT_OF_A_PAGE);
  const ranges: Range<T>[] = [{ after: afterId, max: undefined, ready: [], pending: undefined, done: false, left: Infinity }];
  let lastId: number | undefined;
  let read = 0;
  let failed = false;
  const inFlight = () => ranges.filter((range) => range.pending).length;
  const buffered = () => ranges.reduce((sum, range) => sum + range.ready.length, 0);
  // The pages in flight count too: the window's count of requests left may predate them.
  const pagesLeft = () => ranges.reduce((sum, range) => sum + (range.done ? 0 : Math.ceil(range.left / pageSize)), 0);

  // Declared before `start`, which calls it: a lane that answers takes its next page at once, not when
  // the caller next asks (the caller may be writing a page meanwhile).
  let launch = (): void => undefined;

  const start = (range: Range<T>) => {
    const { after, max } = range;
    range.pending = options.read(after, max).then(
      (page) => {
        range.pending = undefined;
        // A cut while this page was in flight moved `max` down: what lies beyond belongs to the next range.
        const items = range.max === undefined ? page.items : page.items.filter((item) => idOf(item) <= (range.max as number));
        if (items.length) range.ready.push(items);
        range.after = items.length ? idOf(items[items.length - 1]) : range.after;
        // The answer counted up to the old `max` when a cut came meanwhile: the share kept at the cut is the better guess.
        range.left = Math.max(0, range.max === max ? page.total - page.items.length : range.left - items.length);
        // Done when the answer ended at the range's end, counted nothing left, or came back empty.
        const trimmed = items.length < page.items.length;
        range.done = trimmed || !items.length || (range.max === max && range.left === 0) || (range.max !== undefined && range.after >= range.max);
        launch();
      },
      (error: unknown) => {
        range.pending = undefined;
        range.failure = { error };
        failed = true;
        launch();
      }
    );
  };

  /**
   * Gives a free lane the next page's worth of ids: the first range reading a page that leaves at least
   * half a page more is cut where that page should end, a little short of it (ids spread evenly between
   * its cursor and its end, as the answers counted them), and the new range starts reading there. Pages
   * the writer takes next are so read at once, as numbered pages would be, but each from an id: a page
   * that ends past the cut is trimmed (the next range reads the rest); one that ends before it reads on.
   */
  const carve = (): boolean => {
    if (lastId === undefined) return false;
    for (const range of ranges) {
      if (!range.pending || range.done || range.failure || range.left - pageSize < pageSize / 2) continue;
      const end = range.max ?? Math.max(lastId, range.after + 1);
      const share = cutAt / range.left;
      const at = Math.floor(range.after + (end - range.after) * share);
      if (at <= range.after || at >= end) continue;
      const upper: Range<T> = { after: at, max: range.max, ready: [], pending: undefined, done: false, left: range.left - cutAt };
      range.max = at;
      range.left = cutAt;
      ranges.splice(ranges.indexOf(range) + 1, 0, upper);
      start(upper);
      return true;
    }
    return false;
  };

  launch = () => {
    // The head range is always read (the caller waits on it, even after a later range failed); the others
    // within the lanes and `ahead`, and no more once a page failed.
    const [head] = ranges;
    if (head && !head.pending && !head.done && !head.failure && !head.ready.length) start(head);
    if (failed) return;
    const lanes = Math.max(1, options.lanes(pagesLeft()));
    for (const range of ranges) {
      if (inFlight() >= lanes || inFlight() + buffered() >= options.ahead) return;
      if (!range.pending && !range.done && !range.failure) start(range);
    }
    while (inFlight() < lanes && inFlight() + buffered() < options.ahead && carve());
  };

  // The end of the id space and the list's size: the cuts need both. Asked beside the first page of a long
  // list, since waiting for its count would hold every other lane for a page's time.
  let ending: Promise<void> | undefined;
  let askedEnd = false;
  const askEnd = () => {
    askedEnd = true;
    ending = options.end(afterId).then(
      ({ id, total }) => {
        lastId = id;
        const [head] = ranges;
        if (head && head.left === Infinity) head.left = total;
        ending = undefined;
        launch();
      },
      () => {
        // Without it the list is read by one lane: the pages themselves still say everything needed.
        ending = undefined;
      }
    );
  };
  if (options.endFirst) askEnd();

  try {
    while (ranges.length) {
      launch();
      const head = ranges[0];
      if (head.ready.length) {
        const items = head.ready.shift() as T[];
        read += items.length;
        // What was read, what waits, and what the answers say is left: the list's size as it stands now.
        const waiting = ranges.reduce((sum, range) => sum + range.ready.reduce((n, page) => n + page.length, 0) + (range.done ? 0 : range.left), 0);
        yield { items, total: Math.round(read + waiting) };
        continue;
      }
      // A failed page surfaces in order, after every page before it.
      if (head.failure) throw head.failure.error;
      if (head.done) {
        ranges.shift();
        continue;
      }
      await Promise.race([...ranges.flatMap((range) => (range.pending ? [range.pending] : [])), ...(ending ? [ending] : [])]);
      // Once a second lane may open and an answer counts two pages more: where the id space ends, to cut it.
      const worthCutting = ranges.some((range) => !range.done && range.left !== Infinity && range.left >= 2 * pageSize);
      if (!askedEnd && !failed && worthCutting && options.lanes(pagesLeft()) > 1) askEnd();
    }
  } finally {
    // Pages still in flight are dropped: their failures too.
    ranges.length = 0;
  }
}
