// Request/response helpers shared by the route modules: query parsing with BigCommerce's filter
// syntax (`id:in=1,2`), v3 envelopes and offset pagination, include_fields/exclude_fields.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from './errors';

export type Query = Record<string, string | string[] | undefined>;
export type Json = Record<string, unknown>;

export const queryOf = (req: FastifyRequest): Query => (req.query ?? {}) as Query;

/** Last value of a query key (a repeated key counts as its last occurrence). */
export function str(q: Query, key: string): string | undefined {
  const v = q[key];
  if (Array.isArray(v)) return v[v.length - 1];
  return v === undefined || v === '' ? undefined : v;
}

export function int(q: Query, key: string): number | undefined {
  const s = str(q, key);
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s)) throw invalid({ [key]: `${key} must be an integer.` });
  return Number(s);
}

export function num(q: Query, key: string): number | undefined {
  const s = str(q, key);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw invalid({ [key]: `${key} must be a number.` });
  return n;
}

export function bool(q: Query, key: string): boolean | undefined {
  const s = str(q, key);
  if (s === undefined) return undefined;
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw invalid({ [key]: `${key} must be true or false.` });
}

/** Comma-separated list; repeated keys are merged. */
export function list(q: Query, key: string): string[] | undefined {
  const v = q[key];
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length ? parts : undefined;
}

export function intList(q: Query, key: string): number[] | undefined {
  const parts = list(q, key);
  if (!parts) return undefined;
  if (parts.some((p) => !/^-?\d+$/.test(p))) throw invalid({ [key]: `${key} must be a comma-separated list of integers.` });
  return parts.map(Number);
}

export function oneOf<T extends string>(q: Query, key: string, allowed: readonly T[]): T | undefined {
  const s = str(q, key);
  if (s === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(s)) throw invalid({ [key]: `${key} must be one of: ${allowed.join(', ')}.` });
  return s as T;
}

/**
 * Date filters accept a date or a date-time. Per the catalog spec, a bare date takes the time of
 * day of the request; a bare number is read as a unix timestamp in seconds.
 */
export function dateParam(q: Query, key: string, now = Date.now()): number | undefined {
  const s = str(q, key);
  if (s === undefined) return undefined;
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const t = Date.parse(`${s}T00:00:00Z`);
    if (Number.isNaN(t)) throw invalid({ [key]: `${key} must be a date.` });
    return t + (now % 86_400_000);
  }
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw invalid({ [key]: `${key} must be a date or date-time.` });
  return t;
}

export interface Paging {
  page: number;
  limit: number;
}

export function paging(q: Query, opts: { defaultLimit?: number; maxLimit?: number } = {}): Paging {
  const maxLimit = opts.maxLimit ?? 250;
  const page = Math.max(1, int(q, 'page') ?? 1);
  const requested = int(q, 'limit') ?? opts.defaultLimit ?? 50;
  // Out-of-range limits are clamped rather than rejected, as the catalog does for limit>250.
  const limit = Math.min(maxLimit, Math.max(1, requested));
  return { page, limit };
}

export interface Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links: { previous?: string; current: string; next?: string };
}

/** Links are query strings (`?page=2&limit=50`), keeping the caller's other parameters. */
export function linkFor(q: Query, changes: Record<string, string | number>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || k in changes) continue;
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  }
  for (const [k, v] of Object.entries(changes)) params.set(k, String(v));
  return `?${params.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
}

export function pagination(q: Query, total: number, p: Paging, count: number): Pagination {
  const total_pages = Math.ceil(total / p.limit);
  const links: Pagination['links'] = { current: linkFor(q, { page: p.page, limit: p.limit }) };
  if (p.page > 1) links.previous = linkFor(q, { page: p.page - 1, limit: p.limit });
  if (p.page < total_pages) links.next = linkFor(q, { page: p.page + 1, limit: p.limit });
  return { total, count, per_page: p.limit, current_page: p.page, total_pages, links };
}

export function pageOf<T>(items: T[], p: Paging): T[] {
  return items.slice((p.page - 1) * p.limit, p.page * p.limit);
}

/** A paginated v3 collection body. */
export function collection<T>(q: Query, all: T[], p: Paging, map: (t: T) => unknown = (t) => t): Json {
  const items = pageOf(all, p);
  return { data: items.map(map), meta: { pagination: pagination(q, all.length, p, items.length) } };
}

export function single(data: unknown): Json {
  return { data, meta: {} };
}

/**
 * include_fields keeps only the listed fields (plus id and `keep`, i.e. included sub-resources);
 * exclude_fields drops the listed fields, never id.
 */
export function projector(q: Query, keep: readonly string[] = [], idKey = 'id'): <T extends object>(obj: T) => Partial<T> {
  const inc = list(q, 'include_fields');
  const exc = list(q, 'exclude_fields');
  if (!inc && !exc) return (o) => o;
  const incSet = inc ? new Set([...inc, idKey, ...keep]) : null;
  const excSet = new Set((exc ?? []).filter((f) => f !== idKey && !keep.includes(f)));
  return <T extends object>(obj: T): Partial<T> => {
    const out: Json = {};
    for (const [k, v] of Object.entries(obj)) {
      if (incSet && !incSet.has(k)) continue;
      if (excSet.has(k)) continue;
      out[k] = v;
    }
    return out as Partial<T>;
  };
}

export function body<T = unknown>(req: FastifyRequest): T {
  return req.body as T;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function send(reply: FastifyReply, status: number, payload?: unknown): FastifyReply {
  reply.code(status);
  if (status === 204 || payload === undefined) return reply.send();
  return reply.send(payload);
}
