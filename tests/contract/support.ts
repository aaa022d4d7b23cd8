// Shared helpers of the contract suite: real HTTP calls to a sandbox and response checks against
// BigCommerce's OpenAPI specs (with the documented exceptions only).
import { loadSpecs, missingSpecsMessage, specsAvailable, specsRequired, type SpecIndex, type ValidationOutcome } from '../helpers/openapi';
import type { Sandbox } from '../sandbox';
import { SPEC_EXCEPTIONS } from './spec-exceptions';

export { specsAvailable };

/** A suite that cannot run without the specs: CI must not pass by skipping the whole contract suite. */
const failWithoutSpecs = (name: string): void =>
  describe(name, () => {
    it('needs the BigCommerce specs (CI does not skip contract tests)', () => {
      throw new Error(`${missingSpecsMessage}. CI=${process.env.CI} makes this a failure, not a skip.`);
    });
  });

/** `describe` when the specs are there; otherwise a skip, or on CI a failure that says where the specs go. */
export const describeIfSpecs = (name: string, fn: () => void): void => {
  if (specsAvailable) describe(name, fn);
  else if (specsRequired) failWithoutSpecs(name);
  else describe.skip(name, fn);
};

export interface HttpResult<T = unknown> {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: T;
  /** Raw body text (byte-level comparisons). */
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Calls `${sb.apiBase}${path}` (path starts with /v3 or /v2) with the sandbox token unless told otherwise.
 * Bodies default to `any`: they are wire JSON, checked against the specs rather than typed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(sb: Sandbox, method: string, path: string, opts: CallOptions = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? sb.accessToken : opts.token;
  if (token !== null) headers['x-auth-token'] = token;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sb.apiBase}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let body: unknown = text;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  if (!text) body = undefined;
  return { method, path, status: res.status, headers: headersOf(res.headers), body: body as T, text };
}

/** Control-plane call (no auth). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function control<T = any>(sb: Sandbox, method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
  const res = await fetch(`${sb.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { method, path, status: res.status, headers: headersOf(res.headers), body: (text ? JSON.parse(text) : undefined) as T, text };
}

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

let specs: SpecIndex | undefined;

export async function specIndex(): Promise<SpecIndex> {
  specs ??= await loadSpecs();
  return specs;
}

export function judge(res: HttpResult, sb: Sandbox): ValidationOutcome {
  if (!specs) throw new Error('call specIndex() in beforeAll first');
  return specs.validate(res.method, `/stores/${sb.storeHash}${res.path}`, res.status, res.body, SPEC_EXCEPTIONS);
}

/** Fails with the operation, status and schema errors when the response breaks the spec. */
export function expectContract(res: HttpResult, sb: Sandbox): ValidationOutcome {
  const outcome = judge(res, sb);
  expect({ request: `${res.method} ${res.path} -> ${res.status}`, errors: outcome.errors }).toEqual({
    request: `${res.method} ${res.path} -> ${res.status}`,
    errors: [],
  });
  return outcome;
}
