/**
 * Paces requests by BigCommerce's own rate-limit headers so that a run spends the store's quota
 * without tripping a 429. The quota is shared by every app and node on the store, so the headers,
 * not a local counter, are the source of truth; the local count only covers requests in flight.
 */
export interface RateLimitSnapshot {
  quota: number;
  left: number;
  windowMs: number;
  resetMs: number;
}

/**
 * Who a request serves. `shopper` (carts, checkout, accounts and every other call of the plugin) goes
 * first and waits for the quota; `live` (price and stock overlays on catalog reads, which have synced
 * values to fall back on) spends a budget and is refused, never queued, when it has none.
 */
/**
 * Who waits on a request: a shopper or an admin (`shopper`, first in line, waits briefly), a background job
 * such as the webhook worker (`background`, as first in line but may wait out a window), or an anonymous
 * live read (`live`, budgeted, never waits).
 */
export type RequestClass = 'shopper' | 'background' | 'live';

/** What a lower-priority class may spend of the store's quota in one window. */
export interface ClassBudget {
  /** Share (0..1) of the store's quota per window the class may spend; 0 sends none. */
  share: number;
  /** Share (0..1) of the quota kept for shoppers: the class is refused once no more than this is left. */
  reserveShare: number;
  /** Requests of the class in flight at once, so that shoppers always find a free connection. */
  maxConcurrency: number;
}

export const DEFAULT_LIVE_BUDGET: ClassBudget = { share: 0.2, reserveShare: 0.25, maxConcurrency: 4 };

export interface PacerOptions {
  /** Requests kept in hand for other apps sharing the store's quota. */
  reserve?: number;
  /** Below this share of the quota left, requests are spread over the rest of the window. */
  slowdownRatio?: number;
  /** Added to the reset time to absorb clock and network skew. */
  resetMarginMs?: number;
  /** Upper bound of requests sent at once. */
  maxConcurrency?: number;
  /** The live class's budget (defaults: DEFAULT_LIVE_BUDGET). */
  live?: Partial<ClassBudget>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const header = (headers: Record<string, unknown>, name: string): number | undefined => {
  const raw = headers[name] ?? headers[name.toLowerCase()];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) ? value : undefined;
};

export const readRateLimitHeaders = (headers: Record<string, unknown>): RateLimitSnapshot | undefined => {
  const quota = header(headers, 'x-rate-limit-requests-quota');
  const left = header(headers, 'x-rate-limit-requests-left');
  const resetMs = header(headers, 'x-rate-limit-time-reset-ms');
  const windowMs = header(headers, 'x-rate-limit-time-window-ms');
  if (quota === undefined || left === undefined || resetMs === undefined) return undefined;
  return { quota, left, resetMs, windowMs: windowMs ?? resetMs };
};

/*
 * Hand-written rather than built on rate-limiter-flexible (a dependency of the shopper routes): the
 * window and the quota here are BigCommerce's, learned from its headers and shared with other apps, and
 * the budget follows them as they change; rate-limiter-flexible counts fixed local windows of a quota
 * fixed at construction, on the wall clock, which a test cannot drive.
 */
export class RateLimitPacer {
  private readonly reserve: number;
  private readonly liveBudget: ClassBudget;
  private readonly slowdownRatio: number;
  private readonly resetMarginMs: number;
  private readonly maxConcurrency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  private quota?: number;
  private left?: number;
  private resetAt = 0;
  private windowMs = 30_000;
  private inFlight = 0;
  private liveInFlight = 0;
  /** Live requests sent in the current window. */
  private liveSpent = 0;
  /** Shopper requests waiting for a slot: while there are any, live requests are refused. */
  private waiting = 0;
  private nextSlotAt = 0;
  /** Serialises acquirers so that two waiting requests do not both take the last slot. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PacerOptions = {}) {
    this.reserve = options.reserve ?? 0;
    this.slowdownRatio = options.slowdownRatio ?? 0.2;
    this.resetMarginMs = options.resetMarginMs ?? 25;
    this.maxConcurrency = options.maxConcurrency ?? 8;
    this.liveBudget = { ...DEFAULT_LIVE_BUDGET, maxConcurrency: Math.max(1, Math.floor(this.maxConcurrency / 2)), ...options.live };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Waits until a shopper request may be sent; call `release` when its response (or failure) is in. */
  acquire(): Promise<void> {
    this.waiting += 1;
    const turn = this.queue
      .then(() => this.waitForSlot())
      .finally(() => {
        this.waiting -= 1;
      });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Takes a slot for a live request now, or says why not (then nothing was taken). Live requests never
   * wait: they go only while no shopper waits, the window's live budget lasts, more than the shoppers'
   * reserve of the quota is left and the class has a free connection.
   */
  tryAcquireLive(): { ok: true } | { ok: false; reason: string } {
    const now = this.now();
    this.roll(now);
    const budget = this.liveBudget;
    // Before the first headers the quota is unknown: the one-at-a-time rule below holds the class back.
    const allowance = budget.share <= 0 ? 0 : this.quota === undefined ? Infinity : Math.floor(this.quota * budget.share);
    if (this.liveSpent >= allowance) return { ok: false, reason: 'live budget spent' };
    if (this.waiting > 0) return { ok: false, reason: 'shopper requests waiting' };
    if (this.liveInFlight >= budget.maxConcurrency || this.inFlight >= this.maxConcurrency) return { ok: false, reason: 'live requests busy' };
    if (this.left === undefined || this.quota === undefined) {
      // Nothing known yet: one request at a time until the first headers arrive, as for shoppers.
      if (this.inFlight > 0) return { ok: false, reason: 'live requests busy' };
    } else {
      const kept = Math.max(this.reserve, Math.ceil(this.quota * budget.reserveShare));
      if (this.left - this.inFlight <= kept) return { ok: false, reason: 'quota kept for shoppers' };
    }
    this.take();
    this.liveInFlight += 1;
    this.liveSpent += 1;
    return { ok: true };
  }

  release(headers?: Record<string, unknown>, status?: number, requestClass: RequestClass = 'shopper'): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (requestClass === 'live') this.liveInFlight = Math.max(0, this.liveInFlight - 1);
    if (headers) this.observe(headers, status, requestClass);
  }

  observe(headers: Record<string, unknown>, status?: number, requestClass: RequestClass = 'shopper'): void {
    const snapshot = readRateLimitHeaders(headers);
    if (!snapshot) return;
    const now = this.now();
    const resetAt = now + snapshot.resetMs + this.resetMarginMs;
    // Responses can arrive out of order: within one window the lowest "left" is the freshest.
    const sameWindow = Math.abs(resetAt - this.resetAt) < Math.max(250, snapshot.windowMs / 20);
    // A later window than the one counted (not the very first headers): its live budget is whole again,
    // less the live requests already in it (this one, and those still in flight were sent no earlier).
    if (!sameWindow && this.resetAt !== 0 && resetAt > this.resetAt) this.liveSpent = this.liveInFlight + (requestClass === 'live' ? 1 : 0);
    this.quota = snapshot.quota;
    this.windowMs = snapshot.windowMs;
    this.left = status === 429 ? 0 : sameWindow && this.left !== undefined ? Math.min(this.left, snapshot.left) : snapshot.left;
    this.resetAt = sameWindow ? Math.max(this.resetAt, resetAt) : resetAt;
  }

  /** Delay (ms) a 429 asks for: the window's reset, else the caller's backoff. */
  static retryAfterMs(headers: Record<string, unknown>): number | undefined {
    const resetMs = header(headers, 'x-rate-limit-time-reset-ms');
    if (resetMs !== undefined) return resetMs;
    const retryAfter = header(headers, 'x-retry-after') ?? header(headers, 'retry-after');
    return retryAfter === undefined ? undefined : retryAfter * 1000;
  }

  snapshot(): { quota?: number; left?: number; resetInMs: number; inFlight: number; liveSpent: number } {
    return { quota: this.quota, left: this.left, resetInMs: Math.max(0, this.resetAt - this.now()), inFlight: this.inFlight, liveSpent: this.liveSpent };
  }

  private roll(now: number): void {
    if (this.left !== undefined && now >= this.resetAt) {
      // A new window has begun: assume the full quota until a response says otherwise.
      this.left = this.quota;
      this.resetAt = now + this.windowMs;
      this.nextSlotAt = 0;
      this.liveSpent = 0;
    }
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.roll(now);
      if (this.inFlight >= this.maxConcurrency) {
        await this.sleep(5);
        continue;
      }
      if (this.left === undefined || this.quota === undefined) {
        // Nothing known yet: send one request at a time until the first headers arrive.
        if (this.inFlight > 0) {
          await this.sleep(5);
          continue;
        }
        this.take();
        return;
      }
      const available = this.left - this.inFlight - this.reserve;
      if (available <= 0) {
        await this.sleep(Math.max(5, this.resetAt - now));
        continue;
      }
      if (this.left <= this.quota * this.slowdownRatio) {
        // Running low: spread what is left over the rest of the window instead of bursting.
        const spacing = Math.max(0, this.resetAt - now) / available;
        if (now < this.nextSlotAt) {
          await this.sleep(this.nextSlotAt - now);
          continue;
        }
        this.nextSlotAt = now + spacing;
      }
      this.take();
      return;
    }
  }

  private take(): void {
    this.inFlight += 1;
    if (this.left !== undefined) this.left -= 1;
  }
}
