// Measurements taken inside the benchmarked process: RSS peaks, and where a run's wall time went
// (HTTP requests in flight, SQL statements running, event-loop busy time). Nothing here changes the
// code under test: HTTP is observed through node's diagnostics channels and SQL through knex events.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export const MB = 1024 * 1024;

let gc: (() => void) | undefined;
/** A full garbage collection, so that a baseline does not carry an earlier run's garbage. */
export const collectGarbage = (): void => {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
};

/** Samples `process.memoryUsage()` every `everyMs` and keeps the peaks (RSS, V8 heap, off-heap buffers). */
export const sampleRss = (everyMs = 25) => {
  // The caller collects garbage first when the baseline should not carry an earlier run's garbage.
  const first = process.memoryUsage();
  const baseline = first.rss;
  let peak = baseline;
  let heapPeak = first.heapTotal;
  let heapUsedPeak = first.heapUsed;
  let externalPeak = first.external;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples += 1;
    if (m.rss > peak) peak = m.rss;
    if (m.heapTotal > heapPeak) heapPeak = m.heapTotal;
    if (m.heapUsed > heapUsedPeak) heapUsedPeak = m.heapUsed;
    if (m.external > externalPeak) externalPeak = m.external;
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      collectGarbage();
      const after = process.memoryUsage();
      return {
        baseline,
        peak,
        growth: peak - baseline,
        samples,
        /** Growth of the V8 heap reserved (heapTotal) and used, and of buffers outside it, peak over start. */
        heapTotalGrowth: heapPeak - first.heapTotal,
        heapUsedGrowth: heapUsedPeak - first.heapUsed,
        externalGrowth: externalPeak - first.external,
        /** RSS when the run ended, over the start. */
        retained: after.rss - baseline,
        /** V8 heap still in use after a full GC at the end, over the start: what the run kept. */
        heapRetained: after.heapUsed - first.heapUsed,
      };
    },
  };
};

export type Interval = [number, number];

/** Total length of the union of intervals. */
export const unionMs = (intervals: Interval[]): number => {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (s > end) {
      if (end > start) total += end - start;
      start = s;
      end = e;
    } else if (e > end) end = e;
  }
  if (end > start) total += end - start;
  return total;
};

/** Length of the part of `a`'s union that is also covered by `b`'s union. */
export const overlapMs = (a: Interval[], b: Interval[]): number => unionMs(a) + unionMs(b) - unionMs([...a, ...b]);

export interface HttpCall {
  method: string;
  path: string;
  status: number;
  start: number;
  end: number;
  bytes: number;
}

const requestStart = diagnostics.channel('http.client.request.start');
const responseFinish = diagnostics.channel('http.client.response.finish');

/** Records the HTTP requests this process sends to `origin` (host:port) while it is on. */
export const recordHttp = (hostPort: string) => {
  const calls: HttpCall[] = [];
  const pending = new WeakMap<ClientRequest, number>();
  const onStart = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (request.getHeader('host') !== hostPort) return;
    pending.set(request, performance.now());
  };
  const onFinish = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const start = pending.get(request);
    if (start === undefined) return;
    let bytes = 0;
    response.on('data', (chunk: Buffer) => (bytes += chunk.length));
    response.once('end', () =>
      calls.push({ method: request.method, path: request.path, status: response.statusCode ?? 0, start, end: performance.now(), bytes })
    );
  };
  requestStart.subscribe(onStart);
  responseFinish.subscribe(onFinish);
  return {
    calls,
    stop: () => {
      requestStart.unsubscribe(onStart);
      responseFinish.unsubscribe(onFinish);
      return calls;
    },
  };
};

// knex's own listener type (EventEmitter's): a narrower one would not accept a knex instance.
/* eslint-disable @typescript-eslint/no-explicit-any */
interface KnexLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Records every SQL statement's [start, end] on a knex instance while it is on. */
export const recordSql = (knex: KnexLike) => {
  const open = new Map<string, { start: number; sql: string }>();
  const intervals: Interval[] = [];
  const texts: string[] = [];
  let statements = 0;
  const onQuery = (query: { __knexQueryUid: string; sql?: string }) => open.set(query.__knexQueryUid, { start: performance.now(), sql: query.sql ?? '' });
  const onDone = (_response: unknown, query: { __knexQueryUid: string }) => {
    const entry = open.get(query.__knexQueryUid);
    if (entry === undefined) return;
    open.delete(query.__knexQueryUid);
    statements += 1;
    intervals.push([entry.start, performance.now()]);
    texts.push(entry.sql);
  };
  const onError = (_error: unknown, query: { __knexQueryUid: string }) => onDone(undefined, query);
  knex.on('query', onQuery);
  knex.on('query-response', onDone);
  knex.on('query-error', onError);
  return {
    stop: () => {
      knex.off('query', onQuery);
      knex.off('query-response', onDone);
      knex.off('query-error', onError);
      return { intervals, statements, texts };
    },
  };
};

/** Wraps an object's async method to record the [start, end] of each call; `restore` puts it back. */
export const timeCalls = <T extends object>(target: T, method: keyof T & string) => {
  const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  const intervals: Interval[] = [];
  (target as Record<string, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      intervals.push([start, performance.now()]);
    }
  };
  return {
    intervals,
    restore: () => {
      (target as Record<string, unknown>)[method] = original;
      return intervals;
    },
  };
};

/** Event-loop active time (ms) between start and stop: JS and synchronous work, SQLite included. */
export const eventLoopBusy = () => {
  const start = performance.eventLoopUtilization();
  return { stop: () => performance.eventLoopUtilization(start).active };
};
