// Channels v3: channels, listings, the channel's site and its checkout URL.
import { SCOPES } from '../auth';
import { ApiError, notFound } from '../errors';
import { bool, collection, dateParam, int, intList, linkFor, list, paging, queryOf, single, type Json, type Query } from '../http';
import type { SandboxStore } from '../store';
import { AVAILABLE_STATUSES } from '../store/channels';
import type { ChannelCurrencies } from '../store/pricing';
import type { Channel, Listing, Site } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';

export function channelJson(c: Channel, currencies?: ChannelCurrencies): Json {
  const out: Json = {
    id: c.id,
    external_id: c.external_id,
    is_listable_from_ui: c.is_listable_from_ui,
    is_enabled: c.is_enabled,
    is_visible: c.is_visible,
    status: c.status,
    name: c.name,
    type: c.type,
    platform: c.platform,
    date_created: c.date_created,
    date_modified: c.date_modified,
    icon_url: c.icon_url,
  };
  if (currencies) out.currencies = currencies;
  return out;
}

/** Site object shared by /channels/{id}/site and /sites: primary, canonical and (custom) checkout URLs. */
export function siteJson(store: SandboxStore, s: Site): Json {
  const urls: Json[] = [
    { url: s.url, type: 'primary', created_at: s.created_at, updated_at: s.updated_at },
    { url: `https://store-${store.storeHash}-${s.channel_id}.mybigcommerce.com`, type: 'canonical', created_at: s.created_at, updated_at: s.created_at },
  ];
  if (s.checkout_url) urls.push({ url: s.checkout_url, type: 'checkout', created_at: s.checkout_url_created_at, updated_at: s.updated_at });
  return {
    id: s.id,
    url: s.url,
    channel_id: s.channel_id,
    created_at: s.created_at,
    updated_at: s.updated_at,
    ssl_status: s.ssl_status,
    urls,
    is_checkout_url_customized: s.checkout_url !== null,
  };
}

function dateWindow<T>(q: Query, key: string, get: (t: T) => string): Array<(t: T) => boolean> {
  const out: Array<(t: T) => boolean> = [];
  const eq = dateParam(q, key);
  if (eq !== undefined) out.push((t) => Math.floor(Date.parse(get(t)) / 1000) === Math.floor(eq / 1000));
  const min = dateParam(q, `${key}:min`);
  if (min !== undefined) out.push((t) => Date.parse(get(t)) >= min);
  const max = dateParam(q, `${key}:max`);
  if (max !== undefined) out.push((t) => Date.parse(get(t)) <= max);
  return out;
}

export function channelRoutes({ store }: RouteEnv): RouteDef[] {
  const settings = SCOPES.channelSettings;
  const listings = SCOPES.channelListings;
  const sites = SCOPES.sites;
  const channelSite = (id: number): Site => {
    store.channels.channel(id);
    const s = store.sites.siteOfChannel(id);
    if (!s) throw notFound('Site of channel', id);
    return s;
  };
  return [
    {
      method: 'GET',
      url: '/channels',
      scope: settings,
      handler: (req) => {
        const q = queryOf(req);
        const preds: Array<(c: Channel) => boolean> = [];
        const available = bool(q, 'available');
        if (available !== undefined) preds.push((c) => AVAILABLE_STATUSES.includes(c.status) === available);
        for (const [key, field] of [
          ['status:in', 'status'],
          ['type:in', 'type'],
          ['platform:in', 'platform'],
        ] as const) {
          const values = list(q, key);
          if (values) preds.push((c) => values.includes(c[field]));
        }
        preds.push(...dateWindow<Channel>(q, 'date_created', (c) => c.date_created));
        preds.push(...dateWindow<Channel>(q, 'date_modified', (c) => c.date_modified));
        const withCurrencies = list(q, 'include')?.includes('currencies') ?? false;
        const all = [...store.channels.channels.values()].filter((c) => preds.every((p) => p(c)));
        return collection(q, all, paging(q), (c) => channelJson(c, withCurrencies ? store.pricing.currenciesOf(c.id) : undefined));
      },
    },
    {
      method: 'POST',
      url: '/channels',
      scope: settings,
      // BigCommerce answers 200 (not 201) to a channel create.
      handler: (req) => single(channelJson(store.channels.createChannel(req.body))),
    },
    {
      method: 'GET',
      url: '/channels/:channel_id',
      scope: settings,
      handler: (req) => {
        const withCurrencies = list(queryOf(req), 'include')?.includes('currencies') ?? false;
        const c = store.channels.channel(idParam(req, 'channel_id'));
        return single(channelJson(c, withCurrencies ? store.pricing.currenciesOf(c.id) : undefined));
      },
    },
    {
      method: 'PUT',
      url: '/channels/:channel_id',
      scope: settings,
      handler: (req) => single(channelJson(store.channels.updateChannel(idParam(req, 'channel_id'), req.body))),
    },
    {
      method: 'GET',
      url: '/channels/:channel_id/listings',
      scope: listings,
      handler: (req) => {
        const id = idParam(req, 'channel_id');
        if (!store.channels.channels.has(id)) throw new ApiError(400, `Channel ${id} does not exist.`, { channel_id: 'Invalid channel id.' });
        const q = queryOf(req);
        const limit = Math.min(250, Math.max(1, int(q, 'limit') ?? 50));
        const after = int(q, 'after') ?? 0;
        const productIds = intList(q, 'product_id:in');
        const preds = [...dateWindow<Listing>(q, 'date_created', (l) => l.date_created), ...dateWindow<Listing>(q, 'date_modified', (l) => l.date_modified)];
        const all = [...store.channels.listings.values()]
          .filter((l) => l.channel_id === id && (!productIds || productIds.includes(l.product_id)) && preds.every((p) => p(l)))
          .sort((a, b) => a.listing_id - b.listing_id);
        // Cursor pagination: `after` is the last listing id of the previous page.
        const rest = all.filter((l) => l.listing_id > after);
        const page = rest.slice(0, limit);
        const links: Json = { current: linkFor(q, { limit, ...(after ? { after } : {}) }) };
        if (rest.length > page.length) links.next = linkFor(q, { limit, after: page[page.length - 1].listing_id });
        return { data: page, meta: { pagination: { count: page.length, total: all.length, links } } };
      },
    },
    {
      method: 'POST',
      url: '/channels/:channel_id/listings',
      scope: listings,
      handler: (req) => {
        const out = store.channels.upsertListings(idParam(req, 'channel_id'), req.body, false);
        return { data: out, meta: { pagination: { count: out.length, total: out.length, links: {} } } };
      },
    },
    {
      method: 'PUT',
      url: '/channels/:channel_id/listings',
      scope: listings,
      handler: (req) => {
        const out = store.channels.upsertListings(idParam(req, 'channel_id'), req.body, true);
        return { data: out, meta: { pagination: { count: out.length, total: out.length, links: {} } } };
      },
    },
    {
      method: 'GET',
      url: '/channels/:channel_id/listings/:listing_id',
      scope: listings,
      handler: (req) => {
        const cid = idParam(req, 'channel_id');
        const l = store.channels.listings.get(idParam(req, 'listing_id'));
        if (!l || l.channel_id !== cid) throw notFound('Listing', idParam(req, 'listing_id'));
        return single(l);
      },
    },
    {
      method: 'GET',
      url: '/channels/:channel_id/site',
      scope: sites,
      handler: (req) => single(siteJson(store, channelSite(idParam(req, 'channel_id')))),
    },
    {
      method: 'POST',
      url: '/channels/:channel_id/site',
      scope: sites,
      handler: (req) => {
        const b = (req.body ?? {}) as Json;
        const id = idParam(req, 'channel_id');
        if (b.channel_id !== undefined && b.channel_id !== id) {
          throw new ApiError(422, 'channel_id in the body does not match the path.', { channel_id: 'Mismatch.' });
        }
        // Created sites answer 200 here, unlike POST /sites (201).
        return single(siteJson(store, store.sites.createSite(id, b.url, 422)));
      },
    },
    {
      method: 'PUT',
      url: '/channels/:channel_id/site',
      scope: sites,
      handler: (req) => {
        const s = channelSite(idParam(req, 'channel_id'));
        return single(siteJson(store, store.sites.updateSite(s, ((req.body ?? {}) as Json).url)));
      },
    },
    {
      method: 'DELETE',
      url: '/channels/:channel_id/site',
      scope: sites,
      handler: (req) => {
        store.sites.deleteSite(channelSite(idParam(req, 'channel_id')).id);
        return {};
      },
    },
    {
      method: 'PUT',
      url: '/channels/:channel_id/site/checkout-url',
      scope: sites,
      // The spec declares the bare Site object (no data/meta envelope) for this answer.
      handler: (req) => siteJson(store, store.sites.setCheckoutUrl(idParam(req, 'channel_id'), ((req.body ?? {}) as Json).url)),
    },
    {
      method: 'DELETE',
      url: '/channels/:channel_id/site/checkout-url',
      scope: sites,
      handler: (req) => {
        store.sites.clearCheckoutUrl(idParam(req, 'channel_id'));
        return { data: {}, meta: {} };
      },
    },
  ];
}
