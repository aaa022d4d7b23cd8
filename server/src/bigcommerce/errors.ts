/** What went wrong, in terms a caller can act on. */
/** `refused`: never sent, because the request's class had no budget left (see RateLimitPacer). */
export type BigCommerceErrorKind = 'http' | 'timeout' | 'network' | 'invalid_response' | 'configuration' | 'refused';

export interface BigCommerceErrorInit {
  kind: BigCommerceErrorKind;
  status?: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string>;
  method?: string;
  path?: string;
  retryable?: boolean;
  /** How many attempts were made, retries included. */
  attempts?: number;
}

/**
 * A failed BigCommerce request. It carries the method and path but never the request headers,
 * so logging it cannot leak the access token.
 */
export class BigCommerceApiError extends Error {
  readonly kind: BigCommerceErrorKind;
  readonly status?: number;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: Record<string, string>;
  readonly method?: string;
  readonly path?: string;
  readonly retryable: boolean;
  readonly attempts: number;

  constructor(message: string, init: BigCommerceErrorInit) {
    super(message);
    this.name = 'BigCommerceApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.method = init.method;
    this.path = init.path;
    this.retryable = init.retryable ?? false;
    this.attempts = init.attempts ?? 1;
  }

  /** True for 401/403: the credentials or their OAuth scopes are the problem, not the request. */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export const isBigCommerceApiError = (error: unknown): error is BigCommerceApiError => error instanceof BigCommerceApiError;

/** Runs a read that may find nothing: BigCommerce's 404 becomes `null`, any other failure is thrown. */
export const nullIfNotFound = async <T>(read: () => Promise<T>): Promise<T | null> => {
  try {
    return await read();
  } catch (error) {
    if (isBigCommerceApiError(error) && error.isNotFound) return null;
    throw error;
  }
};
