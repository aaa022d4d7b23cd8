// Redirects v3 (redirects.v3.yml): 301s per site, upserted on (site_id, from_path), listed with
// site/id/keyword filters, sorts and `include=to_url`, deleted by id or by site.
import { invalid } from '../errors';
import type { SandboxStore } from '.';
import type { Redirect, RedirectTargetType } from '../types';

type Json = Record<string, unknown>;

export const REDIRECT_TARGET_TYPES: readonly RedirectTargetType[] = ['product', 'brand', 'category', 'page', 'post', 'url'];
export const REDIRECT_SORTS = ['from_path', 'type', 'site_id', 'id'] as const;
export type RedirectSort = (typeof REDIRECT_SORTS)[number];

/** RedirectTo.url's limit; the spec gives none for from_path, so the same one is used. */
const MAX_URL = 2048;

export interface RedirectQuery {
  siteId?: number;
  ids?: number[];
  idMin?: number;
  idMax?: number;
  /** Matched from the beginning of the path: `blue` finds /blue and /blue-shirt, not /royal-blue. */
  keyword?: string;
  sort?: RedirectSort;
  direction?: 'asc' | 'desc';
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const stripSlashes = (path: string): string => path.replace(/^\/+/, '').toLowerCase();

export class RedirectStore {
  readonly redirects = new Map<number, Redirect>();
  private nextId = 1;

  constructor(private readonly store: SandboxStore) {}

  list(q: RedirectQuery): Redirect[] {
    const keyword = q.keyword === undefined ? undefined : stripSlashes(q.keyword);
    const out = [...this.redirects.values()].filter(
      (r) =>
        (q.siteId === undefined || r.site_id === q.siteId) &&
        (!q.ids || q.ids.includes(r.id)) &&
        (q.idMin === undefined || r.id >= q.idMin) &&
        (q.idMax === undefined || r.id <= q.idMax) &&
        (keyword === undefined || stripSlashes(r.from_path).startsWith(keyword))
    );
    const key = q.sort ?? 'id';
    const value = (r: Redirect): string | number => (key === 'type' ? r.to.type : r[key]);
    const sign = q.direction === 'desc' ? -1 : 1;
    return out.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sign;
    });
  }

  /** Validates the whole array first, so a bad item writes nothing; then creates or overwrites. */
  upsert(raw: unknown): Redirect[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of redirects.' });
    const errors: Record<string, string> = {};
    const seen = new Set<string>();
    const items = raw.map((item: unknown, i) => this.check(item, `[${i}]`, errors, seen));
    if (Object.keys(errors).length) throw invalid(errors);
    return (items as Array<Omit<Redirect, 'id'>>).map((item) => {
      const existing = this.find(item.site_id, item.from_path);
      if (existing) {
        existing.to = item.to;
        return existing;
      }
      const created: Redirect = { id: this.nextId++, ...item };
      this.redirects.set(created.id, created);
      return created;
    });
  }

  /** Unknown ids are ignored, as bulk deletes do; `siteId` alone removes every redirect of that site. */
  delete(ids: number[] | undefined, siteId: number | undefined): void {
    for (const r of [...this.redirects.values()]) {
      if ((ids === undefined || ids.includes(r.id)) && (siteId === undefined || r.site_id === siteId)) this.redirects.delete(r.id);
    }
  }

  /** The destination as a full URL on the redirect's site (the `to_url` sub-resource). */
  toUrl(r: Redirect): string {
    const site = this.store.sites.sites.get(r.site_id);
    const base = (site?.url ?? '').replace(/\/+$/, '');
    if (r.to.type === 'url') return /^https?:\/\//i.test(r.to.url ?? '') ? (r.to.url as string) : `${base}${r.to.url}`;
    return `${base}${this.entityPath(r.to.type, r.to.entity_id as number) ?? '/'}`;
  }

  private find(siteId: number, fromPath: string): Redirect | undefined {
    for (const r of this.redirects.values()) if (r.site_id === siteId && r.from_path === fromPath) return r;
    return undefined;
  }

  /** The storefront path of a catalog entity; the sandbox store has no web pages or blog posts. */
  private entityPath(type: RedirectTargetType, id: number): string | undefined {
    if (type === 'product') return this.store.catalog.products.get(id)?.custom_url.url;
    if (type === 'category') return this.store.taxonomy.categories.get(id)?.custom_url.url;
    if (type === 'brand') return this.store.taxonomy.brands.get(id)?.custom_url.url;
    return undefined;
  }

  private check(raw: unknown, at: string, errors: Record<string, string>, seen: Set<string>): Omit<Redirect, 'id'> | undefined {
    if (!isObject(raw)) {
      errors[at] = 'A redirect must be an object.';
      return undefined;
    }
    const before = Object.keys(errors).length;
    const siteId = raw.site_id;
    if (!Number.isInteger(siteId)) errors[`${at}.site_id`] = 'site_id is required.';
    else if (!this.store.sites.sites.has(siteId as number)) errors[`${at}.site_id`] = `Site ${String(siteId)} does not exist.`;
    const from = raw.from_path;
    if (typeof from !== 'string' || !from.startsWith('/') || /\s|#/.test(from) || from.length > MAX_URL) {
      errors[`${at}.from_path`] = 'from_path must be a path starting with / (no host, spaces or fragment).';
    } else if (from === '/') {
      errors[`${at}.from_path`] = 'The home page cannot be redirected.';
    } else if (seen.has(`${String(siteId)} ${from}`)) {
      errors[`${at}.from_path`] = 'The same from_path and site_id appear twice in the request.';
    } else seen.add(`${String(siteId)} ${from}`);
    const to = this.checkTarget(raw.to, `${at}.to`, errors);
    if (to?.type === 'url' && to.url === from) errors[`${at}.to.url`] = 'A redirect cannot point at its own from_path.';
    if (Object.keys(errors).length > before) return undefined;
    return { site_id: siteId as number, from_path: from as string, to: to as Redirect['to'] };
  }

  private checkTarget(raw: unknown, at: string, errors: Record<string, string>): Redirect['to'] | undefined {
    if (!isObject(raw) || !REDIRECT_TARGET_TYPES.includes(raw.type as RedirectTargetType)) {
      errors[`${at}.type`] = `to.type must be one of: ${REDIRECT_TARGET_TYPES.join(', ')}.`;
      return undefined;
    }
    const type = raw.type as RedirectTargetType;
    if (type === 'url') {
      const url = raw.url;
      const ok =
        typeof url === 'string' && url.length > 0 && url.length <= MAX_URL && (url.startsWith('/') || /^https?:\/\/[^\s/]+/i.test(url)) && !/\s/.test(url);
      if (!ok) errors[`${at}.url`] = `to.url must be a path starting with / or an absolute http(s) URL of at most ${MAX_URL} characters.`;
      return ok ? { type, url: url as string } : undefined;
    }
    const id = raw.entity_id;
    if (!Number.isInteger(id) || (id as number) < 1) {
      errors[`${at}.entity_id`] = `to.entity_id is required for a ${type} redirect.`;
      return undefined;
    }
    if (this.entityPath(type, id as number) === undefined) {
      errors[`${at}.entity_id`] = `${type[0].toUpperCase()}${type.slice(1)} ${String(id)} does not exist.`;
      return undefined;
    }
    return { type, entity_id: id as number };
  }
}
