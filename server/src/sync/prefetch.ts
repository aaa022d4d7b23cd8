/**
 * Iterates `source` one item ahead: the next page is already being fetched while the caller writes
 * the current one, so network time and database time overlap instead of adding up.
 */
export async function* prefetch<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // Keep an early failure of the look-ahead from surfacing as an unhandled rejection.
      next.catch(() => undefined);
      // Let the look-ahead's request leave now: writing the page (synchronous SQLite, knex in
      // microtasks) may not give the event loop a turn until it is done.
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}
