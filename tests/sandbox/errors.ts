// BigCommerce error bodies. v3 answers {status, title, type, errors?, detail?}; v2 answers an array
// of {status, message}. Handlers throw ApiError and the server's error handler renders it.

/** The `type` BigCommerce puts in v3 error bodies. */
export const STATUS_CODES_URL = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/** Extras of some answers: the payments APIs' numeric error `code`, and headers such as X-Retry-After. */
export interface ApiErrorExtra {
  code?: number;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors?: Record<string, string>,
    readonly detail?: string,
    readonly extra: ApiErrorExtra = {}
  ) {
    super(title);
  }
}

export interface V3ErrorBody {
  status: number;
  title: string;
  type: string;
  errors?: Record<string, string>;
  detail?: string;
  code?: number;
}

export function v3ErrorBody(e: ApiError): V3ErrorBody {
  // BigCommerce sends an `errors` object (often empty) with its v3 errors; some specs require it.
  const body: V3ErrorBody = { status: e.status, title: e.title, type: STATUS_CODES_URL, errors: e.errors ?? {} };
  if (e.detail) body.detail = e.detail;
  if (e.extra.code !== undefined) body.code = e.extra.code;
  return body;
}

export function v2ErrorBody(e: ApiError): Array<{ status: number; message: string }> {
  return [{ status: e.status, message: e.detail ? `${e.title} ${e.detail}` : e.title }];
}

export const notFound = (what: string, id?: number | string): ApiError =>
  new ApiError(404, id === undefined ? `${what} not found.` : `${what} ${id} not found.`);

export const invalid = (errors: Record<string, string>, title = 'The request contains invalid data.'): ApiError => new ApiError(422, title, errors);

export const conflict = (title: string, errors?: Record<string, string>): ApiError => new ApiError(409, title, errors);

/** Titles for the statuses the sandbox produces on its own (auth, throttling, injected faults). */
export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
