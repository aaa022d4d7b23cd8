// Redirects v3: GET (site_id, id:in/min/max, keyword, sort/direction, include=to_url, page/limit),
// PUT upserts an array and answers 201, DELETE by id:in (or a whole site) answers 204.
import { SCOPES } from '../auth';
import { invalid } from '../errors';
import { collection, int, intList, list, oneOf, paging, queryOf, str, type Json } from '../http';
import { REDIRECT_SORTS } from '../store/redirects';
import type { Redirect } from '../types';
import type { RouteDef, RouteEnv } from './types';

export function redirectRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.content;
  const { redirects } = store;
  const json = (r: Redirect, withUrl: boolean): Json => ({
    id: r.id,
    site_id: r.site_id,
    from_path: r.from_path,
    to: { ...r.to },
    ...(withUrl ? { to_url: redirects.toUrl(r) } : {}),
  });
  return [
    {
      method: 'GET',
      url: '/storefront/redirects',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const include = list(q, 'include') ?? [];
        if (include.some((i) => i !== 'to_url')) throw invalid({ include: 'include supports only to_url.' });
        const all = redirects.list({
          siteId: int(q, 'site_id'),
          ids: intList(q, 'id:in'),
          idMin: int(q, 'id:min'),
          idMax: int(q, 'id:max'),
          keyword: str(q, 'keyword'),
          sort: oneOf(q, 'sort', REDIRECT_SORTS),
          direction: oneOf(q, 'direction', ['asc', 'desc'] as const),
        });
        return collection(q, all, paging(q), (r) => json(r, include.includes('to_url')));
      },
    },
    {
      method: 'PUT',
      url: '/storefront/redirects',
      scope,
      handler: (req, reply) => reply.code(201).send({ data: redirects.upsert(req.body).map((r) => json(r, false)), meta: {} }),
    },
    {
      method: 'DELETE',
      url: '/storefront/redirects',
      scope,
      handler: (req, reply) => {
        const q = queryOf(req);
        const ids = intList(q, 'id:in');
        const siteId = int(q, 'site_id');
        // The spec requires id:in, and documents site_id alone as "delete all redirects of a site".
        if (!ids && siteId === undefined) throw invalid({ 'id:in': 'id:in (or site_id) is required.' });
        redirects.delete(ids, siteId);
        return reply.code(204).send();
      },
    },
  ];
}
