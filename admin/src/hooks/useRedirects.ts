import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { Pagination } from '../utils/api';
import type { TargetType } from '../utils/redirect-rules';
import { useResource } from './useResource';

// Shapes of the Redirects admin routes (/redirects, /redirects/sites, /redirects/:id).

export interface Redirect {
  id: number;
  siteId: number;
  fromPath: string;
  to: { type: TargetType; entityId: number | null; url: string | null };
  /** The destination as a full URL, as BigCommerce resolves it. */
  toUrl: string | null;
}

export interface RedirectInput {
  siteId: number;
  fromPath: string;
  to: { type: TargetType; entityId?: number; url?: string };
}

export interface RedirectSite {
  id: number;
  url: string;
  channelId: number;
  channelName: string | null;
}

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
