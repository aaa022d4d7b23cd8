import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import { errorDetail } from '../utils/api';
import { useResource } from './useResource';
import type {
  ChannelChange,
  ChannelDetail,
  ChannelSummary,
  ChannelUpdate,
  ChannelView,
  ProductListing,
  ServedChannels,
  SiteDefaults,
} from '../../../shared/channels';

// The Channels & sites admin routes (GET/POST /channels, /channels/:id, /channels/served, /channels/site-defaults);
// their shapes are the server's (shared/channels.ts).
export type {
  ChannelChange,
  ChannelCurrencies,
  ChannelDetail,
  ChannelListingStatus,
  ChannelSummary,
  ChannelUpdate,
  ChannelView,
  ProductListing,
  SiteDefaults,
  SiteRouteInput as SiteRoute,
  SiteView,
} from '../../../shared/channels';

const BASE = `/${PLUGIN_ID}/channels`;

export const useChannels = () => useResource<ChannelSummary[]>(BASE);

/** How each channel lists a synced product (GET /products/:id/listings); `null` waits (no id, or no permission). */
export const useProductListings = (productId: number | null) =>
  useResource<ProductListing[]>(productId === null ? null : `/${PLUGIN_ID}/products/${productId}/listings`);

export const useChannel = (id: number | null) => useResource<ChannelDetail>(id === null ? null : `${BASE}/${id}`);

export const useChannelActions = () => {
  const { get, post, put } = useFetchClient();
  return {
    create: useCallback(async (name: string) => (await post<{ data: ChannelView }>(BASE, { name })).data.data, [post]),
    setServed: useCallback(async (channelIds: number[]) => (await put<{ data: ServedChannels }>(`${BASE}/served`, { channelIds })).data.data, [put]),
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
