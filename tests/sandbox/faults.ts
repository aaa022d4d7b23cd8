// Fault injection for the reliability suite. Decisions use a PRNG seeded from the sandbox seed,
// so a given sequence of requests meets the same faults on every run.
import { mulberry32, mix } from './generator';

export interface FaultOptions {
  /** Added to every API response. */
  latencyMs?: number;
  /**
   * Added to every API response per KiB of its serialized body (after latencyMs): a real store's time
   * grows with what it has to assemble, so a 250-product page with every include costs far more than a count.
   */
  latencyPerKbMs?: number;
  /** 0..1 probability of answering errorStatus instead of handling the request. */
  errorRate?: number;
  /** Status used by errorRate and burst5xx (500, 502, 503, 504). Default 500. */
  errorStatus?: number;
  /** 0..1 probability that the socket is destroyed with no answer. */
  dropRate?: number;
  /** The next N API requests answer 429 with a short reset. */
  storm429?: number;
  /** The next N API requests answer errorStatus. */
  burst5xx?: number;
  /** Delay before answering, to trip client timeouts. */
  hangMs?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: 'drop' } | { kind: 'throttle'; resetMs: number } | { kind: 'error'; status: number };

/** Reset time announced by a 429 storm: short, so clients that honour it recover quickly. */
export const STORM_RESET_MS = 200;

export class Faults {
  private opts: FaultOptions = {};
  private readonly rng: () => number;

  constructor(seed: number, initial: FaultOptions = {}) {
    this.rng = mulberry32(mix(seed, 0xfa17));
    this.set(initial);
  }

  set(f: FaultOptions): void {
    for (const k of ['errorRate', 'dropRate'] as const) {
      const v = f[k];
      if (v !== undefined && (v < 0 || v > 1)) throw new RangeError(`${k} must be within 0..1`);
    }
    if (f.latencyPerKbMs !== undefined && !(f.latencyPerKbMs >= 0 && Number.isFinite(f.latencyPerKbMs))) {
      throw new RangeError('latencyPerKbMs must be a finite number of at least 0');
    }
    if (f.errorStatus !== undefined && (f.errorStatus < 500 || f.errorStatus > 599)) {
      throw new RangeError('errorStatus must be a 5xx status');
    }
    this.opts = { ...f };
  }

  get(): FaultOptions {
    return { ...this.opts };
  }

  /** Total delay to apply before answering. */
  delayMs(): number {
    return (this.opts.latencyMs ?? 0) + (this.opts.hangMs ?? 0);
  }

  /** Delay for a response body of `bytes` under latencyPerKbMs (whole milliseconds). */
  sizeDelayMs(bytes: number): number {
    return payloadDelayMs(bytes, this.opts.latencyPerKbMs ?? 0);
  }

  decide(): FaultDecision {
    const o = this.opts;
    if (o.dropRate && this.rng() < o.dropRate) return { kind: 'drop' };
    if (o.storm429 && o.storm429 > 0) {
      o.storm429--;
      return { kind: 'throttle', resetMs: STORM_RESET_MS };
    }
    const status = o.errorStatus ?? 500;
    if (o.burst5xx && o.burst5xx > 0) {
      o.burst5xx--;
      return { kind: 'error', status };
    }
    if (o.errorRate && this.rng() < o.errorRate) return { kind: 'error', status };
    return { kind: 'none' };
  }
}

/** The size-proportional part of a response's latency: `perKbMs` for each KiB of body, rounded to a millisecond. */
export const payloadDelayMs = (bytes: number, perKbMs: number): number => (bytes > 0 && perKbMs > 0 ? Math.round((bytes / 1024) * perKbMs) : 0);

/** The per-KiB latency that makes a body of `bytes` take `targetMs` in all, `fixedMs` of it already spent per request. */
export const perKbForPage = (bytes: number, targetMs: number, fixedMs = 0): number => (bytes > 0 ? Math.max(0, targetMs - fixedMs) / (bytes / 1024) : 0);
