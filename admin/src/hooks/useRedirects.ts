import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { Pagination } from '../utils/api';
import type { RedirectInput, RedirectSite, RedirectView as Redirect } from '../../../shared/redirects';
import { useResource } from './useResource';

// The Redirects admin routes (/redirects, /redirects/sites, /redirects/:id); their shapes are the server's (shared/redirects.ts).
export type { RedirectInput, RedirectSite, RedirectView as Redirect } from '../../../shared/redirects';

const BASE = `/${PLUGIN_ID}/redirects`;

export const useRedirectSites = () => useResource<RedirectSite[]>(`${BASE}/sites`);

export const useRedirects = (query: { siteId: number | null; q?: string; page: number; pageSize: number }) =>
  useResource<Redirect[], { pagination: Pagination }>(query.siteId === null ? null : BASE, {
    params: { siteId: query.siteId ?? undefined, q: query.q || undefined, page: query.page, pageSize: query.pageSize },
  });

export const useRedirectActions = () => {
  const { post, put, del } = useFetchClient();
  return {
    create: useCallback(async (input: RedirectInput) => (await post<{ data: Redirect }>(BASE, input)).data.data, [post]),
    update: useCallback(async (id: number, input: RedirectInput) => (await put<{ data: Redirect }>(`${BASE}/${id}`, input)).data.data, [put]),
    remove: useCallback(async (id: number) => (await del<{ data: Redirect }>(`${BASE}/${id}`)).data.data, [del]),
  };
};
