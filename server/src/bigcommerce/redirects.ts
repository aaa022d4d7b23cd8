import { parseList, parseSingle } from './envelope';
import { paginationOf, type Page } from './pagination';
import type { Transport } from './transport';
import type { RedirectTargetType } from '../../../shared/redirects';

// DTOs of the Redirects v3 API (redirects.v3.yml): 301s per site, keyed by site and from_path. The target types
// are the admin's too (shared/redirects.ts).

export { REDIRECT_TARGET_TYPES, type RedirectTargetType } from '../../../shared/redirects';

/** A dynamic target names an entity (`entity_id`); a manual one (`url`) a path or an absolute URL. */
export interface RedirectTarget {
  type: RedirectTargetType;
  entity_id?: number;
  url?: string;
}

export interface Redirect {
  id: number;
  site_id: number;
  from_path: string;
  to: RedirectTarget;
  /** The full destination URL; only with `includeToUrl`. */
  to_url?: string;
}

export interface RedirectUpsert {
  site_id: number;
  from_path: string;
  to: RedirectTarget;
}

export interface RedirectListQuery {
  siteId?: number;
  ids?: number[];
  /** BigCommerce matches it from the beginning of the path. */
  keyword?: string;
  sort?: 'from_path' | 'type' | 'site_id' | 'id';
  direction?: 'asc' | 'desc';
  includeToUrl?: boolean;
  page?: number;
  limit?: number;
}

export const createRedirectsApi = (transport: Transport) => ({
  /** One page of redirects with BigCommerce's pagination (the admin shows one page at a time). */
  async list(query: RedirectListQuery = {}): Promise<Page<Redirect>> {
    const path = '/storefront/redirects';
    const limit = query.limit ?? 50;
    const page = query.page ?? 1;
    const response = await transport.request<unknown>({
      path,
      query: {
        site_id: query.siteId,
        'id:in': query.ids,
        keyword: query.keyword,
        sort: query.sort,
        direction: query.direction,
        include: query.includeToUrl ? 'to_url' : undefined,
        page,
        limit,
      },
    });
    const body = parseList<Redirect>(response.data, path);
    return { items: body.data, pagination: paginationOf(body, page, limit) };
  },

  /** Creates, or overwrites the redirect with the same site and from_path. */
  async upsert(items: RedirectUpsert[]): Promise<Redirect[]> {
    const path = '/storefront/redirects';
    return parseSingle<Redirect[]>((await transport.request<unknown>({ method: 'PUT', path, body: items })).data, path);
  },

  async remove(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await transport.request({ method: 'DELETE', path: '/storefront/redirects', query: { 'id:in': ids } });
  },
});

export type RedirectsApi = ReturnType<typeof createRedirectsApi>;
