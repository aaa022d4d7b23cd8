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

describe('RateLimitPacer: the live class', () => {
  /** Sends live requests one after another until the pacer refuses one; returns how many went and why it stopped. */
  const drainLive = (pacer: RateLimitPacer, answer: () => { status: number; headers: Record<string, string> }) => {
    let sent = 0;
    for (;;) {
      const verdict = pacer.tryAcquireLive();
      if (!verdict.ok) return { sent, reason: verdict.reason };
      sent += 1;
      const { status, headers: h } = answer();
      pacer.release(h, status, 'live');
    }
  };

  it('spends at most its share of the quota a window, and gets it back in the next window', async () => {
    const clock = virtualClock();
    const store = simulateStore(clock, 100, 30_000);
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, live: { share: 0.2, reserveShare: 0.1 } });
    const first = drainLive(pacer, store.answer);
    expect(first).toEqual({ sent: 20, reason: 'live budget spent' });
    // Shoppers are not held back by a spent live budget.
    const before = clock.now();
    await pacer.acquire();
    expect(clock.now()).toBe(before);
    pacer.release(store.answer().headers, 200);
    await clock.sleep(30_100);
    expect(drainLive(pacer, store.answer)).toEqual({ sent: 20, reason: 'live budget spent' });
    expect(store.refused()).toBe(0);
  });

  it('stops above the reserve kept for shoppers, whatever its budget', () => {
    const clock = virtualClock();
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, live: { share: 1, reserveShare: 0.25 } });
    // Another app left 30 of 100: live may take only what is above the 25 kept for shoppers.
    let left = 30;
    const result = drainLive(pacer, () => ({ status: 200, headers: headers((left -= 1), 20_000, 100) }));
    expect(result).toEqual({ sent: 5, reason: 'quota kept for shoppers' });
  });

  it('never goes while a shopper waits for a slot, and never queues itself', async () => {
    const clock = virtualClock();
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, maxConcurrency: 1 });
    await pacer.acquire();
    pacer.release(headers(100, 20_000), 200);
    await pacer.acquire(); // a shopper holds the only connection
    const waiting = pacer.acquire(); // and another waits for it
    expect(pacer.tryAcquireLive()).toEqual({ ok: false, reason: 'shopper requests waiting' });
    pacer.release(headers(98, 19_000), 200);
    await waiting;
    pacer.release(headers(97, 19_000), 200);
    expect(pacer.tryAcquireLive()).toEqual({ ok: true });
  });

  it('keeps connections free for shoppers: live requests in flight are capped', () => {
    const clock = virtualClock();
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, maxConcurrency: 8 });
    pacer.observe(headers(150, 20_000));
    const verdicts = Array.from({ length: 6 }, () => pacer.tryAcquireLive());
    expect(verdicts.filter((v) => v.ok)).toHaveLength(4);
    expect(verdicts[5]).toEqual({ ok: false, reason: 'live requests busy' });
    pacer.release(headers(146, 19_000), 200, 'live');
    expect(pacer.tryAcquireLive()).toEqual({ ok: true });
  });

  it('sends nothing with a share of 0', () => {
    const pacer = new RateLimitPacer({ live: { share: 0 } });
    expect(pacer.tryAcquireLive()).toEqual({ ok: false, reason: 'live budget spent' });
  });
});

describe('RateLimitPacer: the live budget across windows', () => {
  it('counts live requests in flight when a response shows a new window, so that they are not spent twice', () => {
    const clock = virtualClock();
    const pacer = new RateLimitPacer({ now: clock.now, sleep: clock.sleep, live: { share: 0.2, reserveShare: 0, maxConcurrency: 4 } });
    pacer.observe(headers(100, 20_000, 100));
    // The store's window was reset early (another app's quota rolled): four live requests go out meanwhile.
    for (let i = 0; i < 4; i += 1) expect(pacer.tryAcquireLive()).toEqual({ ok: true });
    // The first answer comes from a new 30 s window: it and the three in flight are that window's.
    pacer.release(headers(99, 30_000, 100), 200, 'live');
    expect(pacer.snapshot().liveSpent).toBe(4);
    for (let i = 0; i < 3; i += 1) pacer.release(headers(98 - i, 29_900, 100), 200, 'live');
    let sent = 0;
    while (pacer.tryAcquireLive().ok) {
      sent += 1;
      pacer.release(headers(90 - sent, 29_000, 100), 200, 'live');
    }
    expect(4 + sent).toBe(20);
  });
});
