// Per-store request quota in a fixed window that opens at the first request after the previous
// window ended, like BigCommerce's OAuth quota (150 per 30 s on Standard/Plus).

export interface RateLimitConfig {
  quota: number;
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private windowStart: number | null = null;
  private used = 0;

  constructor(
    private config: RateLimitConfig | false,
    private readonly now: () => number = Date.now
  ) {}

  set(config: RateLimitConfig | false): void {
    this.config = config;
    this.windowStart = null;
    this.used = 0;
  }

  get(): RateLimitConfig | false {
    return this.config;
  }

  private roll(): void {
    if (!this.config) return;
    const t = this.now();
    if (this.windowStart === null || t - this.windowStart >= this.config.windowMs) {
      this.windowStart = t;
      this.used = 0;
    }
  }

  private headersFor(cfg: RateLimitConfig): Record<string, string> {
    const start = this.windowStart ?? this.now();
    const reset = Math.max(0, start + cfg.windowMs - this.now());
    return {
      'x-rate-limit-requests-left': String(Math.max(0, cfg.quota - this.used)),
      'x-rate-limit-requests-quota': String(cfg.quota),
      'x-rate-limit-time-window-ms': String(cfg.windowMs),
      'x-rate-limit-time-reset-ms': String(reset),
    };
  }

  /** Consumes one unit; a request over quota is refused and does not consume. */
  take(): RateLimitVerdict {
    if (!this.config) return { allowed: true, headers: {} };
    this.roll();
    if (this.used >= this.config.quota) {
      const headers = this.headersFor(this.config);
      headers['x-retry-after'] = String(Math.max(1, Math.ceil(Number(headers['x-rate-limit-time-reset-ms']) / 1000)));
      return { allowed: false, headers };
    }
    this.used++;
    return { allowed: true, headers: this.headersFor(this.config) };
  }

  /** Current headers without consuming (for answers that never reach the quota check). */
  peek(): Record<string, string> {
    if (!this.config) return {};
    this.roll();
    return this.headersFor(this.config);
  }
}
