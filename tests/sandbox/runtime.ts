// The pieces the API server and the control plane share.
import type { TokenStore } from './auth';
import type { Faults } from './faults';
import type { RateLimiter } from './rate-limit';
import type { SandboxStore } from './store';
import type { WebhookDispatcher } from './webhooks';

export interface Stats {
  requests: number;
  throttled: number;
  /** Injected faults other than 429 storms: dropped connections and 5xx answers (each costs the client a retry). */
  faulted: number;
  byRoute: Record<string, number>;
  /** API requests being answered now, and the most at once since the last reset (a client's concurrency). */
  inFlight: number;
  mostInFlight: number;
}

export interface Runtime {
  store: SandboxStore;
  tokens: TokenStore;
  faults: Faults;
  limiter: RateLimiter;
  /** The payments host's own quota (50 requests per 4 s, payments/index.mdx). */
  paymentsLimiter: RateLimiter;
  webhooks: WebhookDispatcher;
  stats: Stats;
  info: () => Record<string, unknown>;
}

export function newStats(): Stats {
  return { requests: 0, throttled: 0, faulted: 0, byRoute: {}, inFlight: 0, mostInFlight: 0 };
}

/** Counts start over; requests still being answered stay counted (each uncounts itself when it ends). */
export function resetStats(stats: Stats): Stats {
  return Object.assign(stats, { ...newStats(), inFlight: stats.inFlight });
}
