import { parseSingle } from './envelope';
import { BigCommerceApiError, nullIfNotFound } from './errors';
import { collect, paginateItems } from './pagination';
import type { Transport } from './transport';
import type { ChannelStatus, ChannelType, ListingState } from '../../../shared/channels';

// DTOs of the Channels v3 API (channels.v3.yml). The type and status vocabularies are the admin's too (shared/channels.ts).

export type { ChannelStatus, ChannelType };

export interface Channel {
  id: number;
  name: string;
  type: ChannelType;
  platform: string;
  status: ChannelStatus;
  external_id?: string;
  is_listable_from_ui?: boolean;
  is_visible?: boolean;
  date_created: string;
  date_modified: string;
  icon_url?: string;
}

export interface CreateChannelInput {
  name: string;
  type: ChannelType;
  platform: string;
  status?: Exclude<ChannelStatus, 'deleted'>;
  is_visible?: boolean;
  external_id?: string;
}

export interface SiteUrl {
  url: string;
  type: 'primary' | 'canonical' | 'checkout';
  created_at?: string;
  updated_at?: string;
}

export interface ChannelSite {
  id: number;
  url: string;
  channel_id: number;
  created_at?: string;
  updated_at?: string;
  ssl_status?: string;
  urls?: SiteUrl[];
  is_checkout_url_customized?: boolean;
}

export type { ListingState };

export interface ListingVariant {
  product_id: number;
  variant_id: number;
  external_id?: string;
  state: ListingState;
  name?: string;
  description?: string;
}

/** A product as one channel lists it: its own name, description and state, per variant too. */
export interface Listing {
  channel_id: number;
  listing_id: number;
  external_id?: string;
  product_id: number;
  state: ListingState;
  name?: string;
  description?: string;
  date_created?: string;
  date_modified?: string;
  variants: ListingVariant[];
}

export interface ListingQuery {
  productIdIn?: readonly number[];
  dateModifiedMin?: string;
}

/** BigCommerce's largest listings page. */
const LISTING_PAGE = 250;

export const createChannelsApi = (transport: Transport) => ({
  list(query: { typeIn?: string[]; platformIn?: string[]; available?: boolean } = {}): Promise<Channel[]> {
    return collect(
      paginateItems<Channel>(transport, '/channels', {
        query: { 'type:in': query.typeIn, 'platform:in': query.platformIn, available: query.available },
      })
    );
  },

  async get(channelId: number): Promise<Channel> {
    const path = `/channels/${channelId}`;
    return parseSingle<Channel>((await transport.request<unknown>({ path })).data, path);
  },

  async create(input: CreateChannelInput): Promise<Channel> {
    const path = '/channels';
    return parseSingle<Channel>((await transport.request<unknown>({ method: 'POST', path, body: input })).data, path);
  },

  async update(channelId: number, input: Partial<CreateChannelInput>): Promise<Channel> {
    const path = `/channels/${channelId}`;
    return parseSingle<Channel>((await transport.request<unknown>({ method: 'PUT', path, body: input })).data, path);
  },

  /** A channel's listings, a page at a time, by the listing-id cursor (`after`) the endpoint pages with. */
  async *listingPages(channelId: number, query: ListingQuery = {}): AsyncGenerator<Listing[]> {
    const path = `/channels/${channelId}/listings`;
    const filters = { 'product_id:in': query.productIdIn?.length ? [...query.productIdIn] : undefined, 'date_modified:min': query.dateModifiedMin };
    for (let after = 0; ; ) {
      const response = await transport.request<unknown>({ path, query: { ...filters, limit: LISTING_PAGE, after: after || undefined } });
      // The listings envelope pages by cursor (MetaWithPartialPagination: count, total, links), without page numbers.
      const items = parseSingle<unknown>(response.data, path);
      if (!Array.isArray(items)) throw new BigCommerceApiError(`BigCommerce ${path} returned an unexpected list body`, { kind: 'invalid_response', path });
      if (items.length) yield items as Listing[];
      if (items.length < LISTING_PAGE) return;
      after = (items[items.length - 1] as Listing).listing_id;
    }
  },

  /** The channel's site, or `null` when it has none yet. */
  async getSite(channelId: number): Promise<ChannelSite | null> {
    const path = `/channels/${channelId}/site`;
    return nullIfNotFound(async () => parseSingle<ChannelSite>((await transport.request<unknown>({ path })).data, path));
  },

  async createSite(channelId: number, url: string): Promise<ChannelSite> {
    const path = `/channels/${channelId}/site`;
    return parseSingle<ChannelSite>((await transport.request<unknown>({ method: 'POST', path, body: { url } })).data, path);
  },

  async updateSite(channelId: number, url: string): Promise<ChannelSite> {
    const path = `/channels/${channelId}/site`;
    return parseSingle<ChannelSite>((await transport.request<unknown>({ method: 'PUT', path, body: { url } })).data, path);
  },

  async setCheckoutUrl(channelId: number, url: string): Promise<ChannelSite> {
    const path = `/channels/${channelId}/site/checkout-url`;
    const body = (await transport.request<unknown>({ method: 'PUT', path, body: { url } })).data;
    // The spec declares a bare Site here, unlike the other site calls; accept either form.
    return body && typeof body === 'object' && 'data' in body ? parseSingle<ChannelSite>(body, path) : (body as ChannelSite);
  },

  /** Drops the custom checkout URL: checkout falls back to the default channel's domain. */
  async clearCheckoutUrl(channelId: number): Promise<void> {
    await transport.request({ method: 'DELETE', path: `/channels/${channelId}/site/checkout-url` });
  },
});

export type ChannelsApi = ReturnType<typeof createChannelsApi>;
