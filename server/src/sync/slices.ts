import { writeIsolated, type IsolatedWrite } from './isolate';
import type { CatalogStore } from './ports';
import type { ProductRecord } from './records';

/** Lets what waits on the event loop (a storefront read, a socket's data) run before we carry on. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Products mapped between two turns of the event loop: a few milliseconds of work on a busy machine. */
export const MAP_SLICE = 25;

/**
 * How a run shares its process with what else the process serves (storefront reads): asked between two
 * slices of work. The engine knows nothing of requests; the adapter that runs it may.
 */
export interface Pacing {
  /** Waits before the next slice: a turn of the event loop at least. */
  turn(): Promise<void>;
  /** Products the next write slice (one transaction) holds. */
  writeSlice(): number;
}

/** A turn of the event loop between slices, whole slices: what a run does when nobody tells it more. */
export const eventLoopPacing: Pacing = { turn: yieldToEventLoop, writeSlice: () => WRITE_SLICE };

/**
 * `map` over `items` in slices of `size`, with a turn of the event loop before each slice after the
 * first: a 250-product page's mapping and hashing then never holds the loop for the whole page, and
 * reads served by the same process wait for one slice at most. Results in input order.
 */
export const mapInSlices = async <T, R>(items: readonly T[], map: (slice: T[]) => R[], pacing: Pacing = eventLoopPacing, size = MAP_SLICE): Promise<R[]> => {
  const step = Math.max(1, Math.floor(size));
  const out: R[] = [];
  for (let i = 0; i < items.length; i += step) {
    if (i > 0) await pacing.turn();
    out.push(...map(items.slice(i, i + step)));
  }
  return out;
};

/**
 * Products written in one transaction between two turns of the event loop. On SQLite the driver runs every
 * statement synchronously on this thread and the one connection is held until the commit, so a page written
 * at once holds storefront reads for the whole page. Smaller is not free: each transaction pays its commit
 * (an fsync on SQLite) and a dozen fixed statements: slices of 25 doubled a 10,000-product sync's CPU
 * (bench:sync). Two slices a page add one commit a page and halve the longest write.
 */
export const WRITE_SLICE = 125;

/**
 * `writeIsolated` slice by slice, each slice its own transaction, with a turn of the event loop before each
 * slice after the first. Safe for a resumable run: the checkpoint moves past a page only once every slice
 * of it is written, and writing a product again (the page re-read after a crash between slices) gives the
 * same stored rows and links. Counts and failures add up over the slices.
 */
export const writeInSlices = async (
  store: CatalogStore,
  records: readonly ProductRecord[],
  existing: ReadonlySet<number>,
  pacing: Pacing = eventLoopPacing
): Promise<IsolatedWrite> => {
  const out: IsolatedWrite = { written: [], failures: new Map(), attempts: 0 };
  for (let i = 0, step = 0; i < records.length; i += step) {
    if (i > 0) await pacing.turn();
    step = Math.max(1, Math.floor(pacing.writeSlice()));
    const part = await writeIsolated(store, records.slice(i, i + step), existing);
    out.written.push(...part.written);
    for (const [id, error] of part.failures) out.failures.set(id, error);
    out.attempts += part.attempts;
  }
  return out;
};
