import { RateLimitPacer, readRateLimitHeaders } from '../../../server/src/bigcommerce/rate-limit';

/** A virtual clock: sleeping advances time instantly, so pacing decisions are exact and fast. */
const virtualClock = () => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
};

const headers = (left: number, resetMs: number, quota = 150, windowMs = 30_000) => ({
  'x-rate-limit-requests-left': String(left),
  'x-rate-limit-requests-quota': String(quota),
  'x-rate-limit-time-reset-ms': String(resetMs),
  'x-rate-limit-time-window-ms': String(windowMs),
});

/** Simulates BigCommerce's fixed window and counts what would have been refused. */
const simulateStore = (clock: { now: () => number }, quota: number, windowMs: number) => {
  let windowStart = -1;
  let used = 0;
  let refused = 0;
  return {
    refused: () => refused,
    answer: () => {
      const now = clock.now();
      if (windowStart < 0 || now >= windowStart + windowMs) {
        windowStart = now;
        used = 0;
      }
      used += 1;
      const status = used > quota ? 429 : 200;
      if (status === 429) refused += 1;
      return { status, headers: headers(Math.max(0, quota - used), windowStart + windowMs - now, quota, windowMs) };
    },
  };
};

describe('readRateLimitHeaders', () => {
  it('reads BigCommerce headers, any case', () => {
    expect(readRateLimitHeaders(headers(10, 500))).toEqual({ quota: 150, left: 10, resetMs: 500, windowMs: 30_000 });
    expect(readRateLimitHeaders({ 'X-Rate-Limit-Requests-Left': '1' })).toBeUndefined();
  });

  it('uses the reset time of a 429', () => {
    expect(RateLimitPacer.retryAfterMs(headers(0, 1234))).toBe(1234);
    expect(RateLimitPacer.retryAfterMs({ 'x-retry-after': '2' })).toBe(2000);
    expect(RateLimitPacer.retryAfterMs({})).toBeUndefined();
  });
});

describe('RateLimitPacer', () => {
  it('spends a 150/30 s quota over 600 sequential requests without a single 429', async () => {
    const clock = virtualClock();
    const store = simulateStore(clock, 150, 30_000);
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 600; i += 1) {
      await pacer.acquire();
      clock.now(); // the request itself takes no virtual time
      const { status, headers: h } = store.answer();
      await clock.sleep(20);
      pacer.release(h, status);
    }
    expect(store.refused()).toBe(0);
    // 600 requests need at least 3 full windows after the first: pacing must not waste more than one more.
    expect(clock.now()).toBeLessThan(5 * 30_000);
  });

  it('keeps concurrent callers inside the quota too', async () => {
    const clock = virtualClock();
    const store = simulateStore(clock, 20, 2_000);
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, maxConcurrency: 4 });
    const worker = async () => {
      for (let i = 0; i < 25; i += 1) {
        await pacer.acquire();
        const { status, headers: h } = store.answer();
        await clock.sleep(10);
        pacer.release(h, status);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(store.refused()).toBe(0);
  });

  it('slows down before the quota runs out instead of stopping dead', async () => {
    const clock = virtualClock();
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, slowdownRatio: 0.2 });
    await pacer.acquire();
    pacer.release(headers(10, 10_000, 100, 30_000), 200); // 10 left of 100, 10 s to go: spread them out
    const starts: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await pacer.acquire();
      starts.push(clock.now());
      pacer.release();
    }
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
  });

  it('waits for the window to reset after a 429', async () => {
    const clock = virtualClock();
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire();
    pacer.release(headers(0, 5_000, 150), 429);
    const before = clock.now();
    await pacer.acquire();
    expect(clock.now() - before).toBeGreaterThanOrEqual(5_000);
  });
});
