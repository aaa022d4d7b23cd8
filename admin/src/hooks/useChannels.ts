import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import { errorDetail } from '../utils/api';
import { useResource } from './useResource';

// Shapes of the Channels & sites admin routes (GET/POST /channels, /channels/:id, /channels/served, /channels/site-defaults).

export interface SiteView {
  id: number;
  url: string;
  /** The custom checkout URL; `null` when checkout runs on the default channel's domain. */
  checkoutUrl: string | null;
  isCheckoutUrlCustomized: boolean;
}

export interface ChannelView {
  id: number;
  name: string;
  type: string;
  platform: string;
  status: string;
  /** Whether this Strapi serves the channel. */
  isServed: boolean;
  site: SiteView | null;
}

export interface SiteRoute {
  id?: number;
  type: string;
  matching: string;
  route: string;
}

export interface ChannelDetail extends ChannelView {
  routes: SiteRoute[];
  /** `null`: BigCommerce's default for the channel. */
  allowGlobalLogins: boolean | null;
}

export interface SiteDefaults {
  siteUrl: string;
  checkoutUrl: string;
  /** One route for every route type BigCommerce's Sites API knows. */
  routes: (SiteRoute & { preview: string })[];
}

type ChangeAction = 'created' | 'updated' | 'deleted';

/** One write the save made at BigCommerce. */
export type ChannelChange =
  | { field: 'status' | 'siteUrl' | 'checkoutUrl' | 'allowGlobalLogins'; action: ChangeAction; from: string | boolean | null; to: string | boolean | null }
  | { field: 'route'; action: ChangeAction; type: string; matching: string; from: string | null; to: string | null };

export interface ChannelUpdate {
  siteUrl?: string;
  checkoutUrl?: string | null;
  routes?: SiteRoute[];
  allowGlobalLogins?: boolean;
}

const BASE = `/${PLUGIN_ID}/channels`;

export const useChannels = () => useResource<ChannelView[]>(BASE);

export const useChannel = (id: number | null) => useResource<ChannelDetail>(id === null ? null : `${BASE}/${id}`);

export const useChannelActions = () => {
  const { get, post, put } = useFetchClient();
  return {
    create: useCallback(async (name: string) => (await post<{ data: ChannelView }>(BASE, { name })).data.data, [post]),
    setServed: useCallback(
      async (channelIds: number[]) =>
        (await put<{ data: { channelIds: number[]; added: number[]; removed: number[] } }>(`${BASE}/served`, { channelIds })).data.data,
      [put]
    ),
    siteDefaults: useCallback(
      async (siteUrl: string) => (await get<{ data: SiteDefaults }>(`${BASE}/site-defaults`, { params: { siteUrl } })).data.data,
      [get]
    ),
    /** Writes the differences to BigCommerce; `changes` lists each write. */
    update: useCallback(
      async (id: number, update: ChannelUpdate) => {
        const { data } = await put<{ data: ChannelDetail; meta: { changes: ChannelChange[] } }>(`${BASE}/${id}`, update);
        return { channel: data.data, changes: data.meta.changes };
      },
      [put]
    ),
  };
};

/** The writes a failed save made before BigCommerce refused the rest (the server lists them in `details.applied`). */
export const appliedBeforeError = (err: unknown): ChannelChange[] => errorDetail<ChannelChange[]>(err, 'applied') ?? [];

/** The name BigCommerce will get: the server's own rule. */
export { channelNameSlug } from '../../../shared/channel-name';
