import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type Method } from 'axios';
import axiosRetry, { exponentialDelay } from 'axios-retry';

import { BigCommerceApiError } from './errors';
import { silentLogger, type Logger } from './logger';
import { RateLimitPacer, type PacerOptions, type RequestClass } from './rate-limit';

export const DEFAULT_API_URL = 'https://api.bigcommerce.com';
export const DEFAULT_PAYMENTS_URL = 'https://payments.bigcommerce.com';

export interface TransportOptions {
  storeHash: string;
  accessToken: string;
  /** Management API origin; `/stores/{store_hash}/v3|v2` is appended. Point it at the sandbox in tests. */
  apiUrl?: string;
  paymentsUrl?: string;
  /** Per attempt, in ms. */
  timeoutMs?: number;
  /** Retries after the first attempt (429, 5xx and network errors on safe requests). */
  retries?: number;
  /** Base of the exponential backoff, in ms. */
  retryBaseDelayMs?: number;
  /**
   * The longest a `shopper` request waits before one retry, in ms: a 429 whose window resets later is not
   * retried but answered at once, since someone is waiting on it. Unbounded by default.
   */
  maxRetryWaitMs?: number;
  /**
   * How long in all one request of any other class (a background job, a sync) may wait out 429s, in ms.
   * A 429 means "not yet", not a failure: it is retried until this budget is spent, whatever `retries`
   * says (that counts 5xx and network errors only). Default 10 minutes.
   */
  rateLimitMaxWaitMs?: number;
  /** `false` turns header-based pacing off (tests of the 429 path). */
  pacing?: PacerOptions | false;
  /** Per-attempt timeout and retries of the live class, when they differ from the client's (see `withClass`). */
  live?: { timeoutMs?: number; retries?: number };
  logger?: Logger;
  userAgent?: string;
}

export interface RequestOptions {
  method?: Method;
  /** Path after the API version, e.g. `/catalog/products`. */
  path: string;
  version?: 'v2' | 'v3';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Marks a non-idempotent request safe to retry on 5xx/network errors (it has no side effect). */
  idempotent?: boolean;
}

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number>;

export interface TransportResponse<T> {
  status: number;
  data: T;
  headers: Record<string, unknown>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRY_STATE = Symbol('bigcommerce-retry');
const REQUEST_CLASS = Symbol('bigcommerce-request-class');
/** Set once the pacer gave the request a slot, so that only such requests give one back. */
const PACED = Symbol('bigcommerce-paced');

/** One request's retry bookkeeping, shared by its attempts (axios copies the config, not this object). */
interface RetryState {
  idempotent: boolean;
  /** Retries after 5xx and network errors (and bounded shopper 429s): what `retries` caps. */
  failures: number;
  /** Time spent waiting out 429 windows, in ms: what `rateLimitMaxWaitMs` caps. */
  throttledMs: number;
  /** The delay the retry condition chose for the next attempt. */
  nextDelayMs: number;
}

export const DEFAULT_RATE_LIMIT_MAX_WAIT_MS = 600_000;
/** A 429 without a reset header backs off exponentially up to this. */
const MAX_BLIND_THROTTLE_DELAY_MS = 30_000;

interface RetryAwareConfig extends AxiosRequestConfig {
  [RETRY_STATE]?: RetryState;
  [REQUEST_CLASS]?: RequestClass;
  [PACED]?: boolean;
}

/** BigCommerce list filters take comma-separated values (`id:in=1,2,3`). */
export const serializeQuery = (query: Record<string, QueryValue> = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
};

const isRetryable = (error: AxiosError): boolean => {
  const config = error.config as RetryAwareConfig | undefined;
  const method = (config?.method ?? 'get').toUpperCase();
  const safe = SAFE_METHODS.has(method) || config?.[RETRY_STATE]?.idempotent === true;
  const status = error.response?.status;
  // A 429 was refused before any work was done, so even a POST can go again.
  if (status === 429) return true;
  if (status === undefined) return safe;
  return status >= 500 && safe;
};

const errorBody = (data: unknown): { title?: string; detail?: string; errors?: Record<string, string> } => {
  // v3: {status, title, type, detail?, errors?}; v2: [{status, message}]
  if (Array.isArray(data)) {
    const first = data[0] as { message?: unknown } | undefined;
    return typeof first?.message === 'string' ? { title: first.message } : {};
  }
  if (data && typeof data === 'object') {
    const body = data as { title?: unknown; detail?: unknown; errors?: unknown };
    const errors =
      body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)
        ? Object.fromEntries(Object.entries(body.errors as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
        : undefined;
    return {
      title: typeof body.title === 'string' ? body.title : undefined,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      errors,
    };
  }
  return {};
};

export class Transport {
  readonly storeHash: string;
  /** Payments API origin (a host of its own, not the Management API's). */
  readonly paymentsUrl: string;
  readonly pacer?: RateLimitPacer;
  /** Attempts sent (retries included), how many BigCommerce throttled, live ones, and live ones the pacer refused (not sent). */
  readonly stats = { requests: 0, retries: 0, throttled: 0, refused: 0, live: 0 };
  private readonly http: AxiosInstance;
  private readonly logger: Logger;
  private readonly retries: number;
  private readonly live: { timeoutMs?: number; retries?: number };
  /** The class this transport files its requests under; `withClass` gives views of other classes. */
  readonly requestClass: RequestClass = 'shopper';

  constructor(options: TransportOptions) {
    if (!options.storeHash || !options.accessToken) {
      throw new BigCommerceApiError('A store hash and an access token are required', { kind: 'configuration' });
    }
    this.storeHash = options.storeHash;
    this.paymentsUrl = (options.paymentsUrl ?? DEFAULT_PAYMENTS_URL).replace(/\/+$/, '');
    this.logger = options.logger ?? silentLogger;
    this.retries = options.retries ?? 4;
    this.live = options.live ?? {};
    const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    this.http = axios.create({
      baseURL: `${apiUrl}/stores/${encodeURIComponent(options.storeHash)}`,
      timeout: options.timeoutMs ?? 15_000,
      // The API never redirects; without follow-redirects in the path each call costs less CPU.
      maxRedirects: 0,
      headers: {
        'X-Auth-Token': options.accessToken,
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'User-Agent': options.userAgent ?? 'strapi-plugin-bigcommerce',
      },
      paramsSerializer: { serialize: (params) => serializeQuery(params as Record<string, QueryValue>) },
    });
    if (options.pacing !== false) this.pacer = new RateLimitPacer(options.pacing ?? {});
    // Request interceptors run last-registered first: the count goes first so that it runs after the
    // pacer and counts only requests actually sent.
    this.http.interceptors.request.use((config) => {
      this.stats.requests += 1;
      if ((config as RetryAwareConfig)[REQUEST_CLASS] === 'live') this.stats.live += 1;
      return config;
    });
    this.installPacing();
    this.installRetries(
      options.retryBaseDelayMs ?? 300,
      options.maxRetryWaitMs ?? Number.POSITIVE_INFINITY,
      options.rateLimitMaxWaitMs ?? DEFAULT_RATE_LIMIT_MAX_WAIT_MS
    );
  }

  /**
   * The same transport (connection pool, pacer, counts) filing its requests under another class. A view,
   * not a copy: one pacer must see every request the store's quota pays for.
   */
  withClass(requestClass: RequestClass): Transport {
    if (requestClass === this.requestClass) return this;
    return Object.create(this, { requestClass: { value: requestClass, enumerable: true } }) as Transport;
  }

  async request<T>(options: RequestOptions): Promise<TransportResponse<T>> {
    const method = (options.method ?? 'GET').toUpperCase() as Method;
    const url = `/${options.version ?? 'v3'}${options.path}`;
    const live = this.requestClass === 'live';
    const config: RetryAwareConfig = {
      method,
      url,
      params: options.query,
      data: options.body === undefined ? undefined : JSON.stringify(options.body),
      ...(live && this.live.timeoutMs !== undefined ? { timeout: this.live.timeoutMs } : {}),
      ...(live && this.live.retries !== undefined ? { 'axios-retry': { retries: this.live.retries } } : {}),
      [RETRY_STATE]: { idempotent: options.idempotent === true, failures: 0, throttledMs: 0, nextDelayMs: 0 },
      [REQUEST_CLASS]: this.requestClass,
    };
    try {
      const response = await this.http.request<T>(config);
      return { status: response.status, data: response.data, headers: response.headers as Record<string, unknown> };
    } catch (error) {
      throw this.toApiError(error, method, url);
    }
  }

  private installPacing(): void {
    const pacer = this.pacer;
    if (!pacer) return;
    this.http.interceptors.request.use(async (config) => {
      const state = config as RetryAwareConfig;
      if (state[REQUEST_CLASS] === 'live') {
        const verdict = pacer.tryAcquireLive();
        if (!verdict.ok) {
          this.stats.refused += 1;
          throw new BigCommerceApiError(verdict.reason, { kind: 'refused', method: config.method?.toUpperCase(), path: config.url });
        }
      } else await pacer.acquire();
      state[PACED] = true;
      return config;
    });
    const release = (config: RetryAwareConfig | undefined, headers: unknown, status: number | undefined) => {
      if (!config?.[PACED]) return;
      config[PACED] = false;
      pacer.release(headers as Record<string, unknown> | undefined, status, config[REQUEST_CLASS]);
    };
    this.http.interceptors.response.use(
      (response) => {
        release(response.config as RetryAwareConfig, response.headers, response.status);
        return response;
      },
      (error: AxiosError) => {
        release(error.config as RetryAwareConfig | undefined, error.response?.headers, error.response?.status);
        return Promise.reject(error);
      }
    );
  }

  private installRetries(baseDelayMs: number, maxWaitMs: number, rateLimitMaxWaitMs: number): void {
    /** How long a 429 asks to wait (its window's reset); 0 for anything else. */
    const windowResetMs = (error: AxiosError): number =>
      error.response?.status === 429 ? (RateLimitPacer.retryAfterMs(error.response.headers as Record<string, unknown>) ?? 0) : 0;
    const attemptLimit = (config: RetryAwareConfig): number => (config[REQUEST_CLASS] === 'live' ? (this.live.retries ?? this.retries) : this.retries);
    /**
     * A shopper with a bound on the wait (`maxRetryWaitMs`) is answered rather than kept waiting: its 429s
     * count as attempts. Everyone else waits windows out until `rateLimitMaxWaitMs` is spent.
     */
    const waitsOutThrottling = (config: RetryAwareConfig): boolean =>
      config[REQUEST_CLASS] !== 'live' && !(config[REQUEST_CLASS] === 'shopper' && Number.isFinite(maxWaitMs));
    axiosRetry(this.http, {
      // The limits are counted in the request's own state below; axios-retry's count only numbers attempts.
      retries: Number.MAX_SAFE_INTEGER,
      shouldResetTimeout: true,
      retryCondition: (error) => {
        const config = error.config as RetryAwareConfig | undefined;
        const state = config?.[RETRY_STATE];
        if (!config || !state || !isRetryable(error)) return false;
        const resetMs = windowResetMs(error);
        if (error.response?.status === 429 && waitsOutThrottling(config)) {
          // Wait out the window, plus jitter so that parallel callers do not return together.
          const throttles = Math.min((config['axios-retry'] as { retryCount?: number } | undefined)?.retryCount ?? 0, 16) + 1;
          const delay =
            resetMs > 0 ? resetMs + Math.random() * baseDelayMs : Math.min(exponentialDelay(throttles, error, baseDelayMs), MAX_BLIND_THROTTLE_DELAY_MS);
          if (state.throttledMs + delay > rateLimitMaxWaitMs) return false;
          state.throttledMs += delay;
          state.nextDelayMs = delay;
          return true;
        }
        if (state.failures >= attemptLimit(config)) return false;
        if (error.response?.status === 429 && resetMs > maxWaitMs) return false;
        state.failures += 1;
        state.nextDelayMs = resetMs > 0 ? resetMs + Math.random() * baseDelayMs : exponentialDelay(state.failures, error, baseDelayMs);
        return true;
      },
      retryDelay: (_retryCount, error) => (error.config as RetryAwareConfig | undefined)?.[RETRY_STATE]?.nextDelayMs ?? baseDelayMs,
      onRetry: (retryCount, error, config) => {
        this.stats.retries += 1;
        const state = (config as RetryAwareConfig)[RETRY_STATE];
        if (error.response?.status === 429) this.stats.throttled += 1;
        const status = error.response?.status ?? error.code ?? 'network error';
        const budget =
          error.response?.status === 429 && waitsOutThrottling(config as RetryAwareConfig)
            ? `waited ${Math.round((state?.throttledMs ?? 0) / 1000)} s of ${Math.round(rateLimitMaxWaitMs / 1000)} s for rate limits`
            : `retry ${state?.failures ?? retryCount}/${attemptLimit(config as RetryAwareConfig)}`;
        this.logger.warn(`[bigcommerce] ${String(config.method).toUpperCase()} ${config.url} failed (${status}); attempt ${retryCount + 1}, ${budget}`);
      },
    });
  }

  private toApiError(error: unknown, method: string, path: string): BigCommerceApiError {
    if (error instanceof BigCommerceApiError) return error;
    const axiosError = error as AxiosError;
    const retryState = (axiosError.config as { 'axios-retry'?: { retryCount?: number } } | undefined)?.['axios-retry'];
    const attempts = (retryState?.retryCount ?? 0) + 1;
    const response = axiosError.response;
    if (response) {
      const body = errorBody(response.data);
      return new BigCommerceApiError(`BigCommerce ${method} ${path} answered ${response.status}${body.title ? `: ${body.title}` : ''}`, {
        kind: 'http',
        status: response.status,
        ...body,
        method,
        path,
        retryable: response.status === 429 || response.status >= 500,
        attempts,
      });
    }
    const timedOut = axiosError.code === 'ECONNABORTED' || axiosError.code === 'ETIMEDOUT';
    return new BigCommerceApiError(
      timedOut
        ? `BigCommerce ${method} ${path} timed out after ${attempts} attempt(s)`
        : `BigCommerce ${method} ${path} failed: ${axiosError.code ?? axiosError.message}`,
      { kind: timedOut ? 'timeout' : 'network', method, path, retryable: true, attempts }
    );
  }
}
