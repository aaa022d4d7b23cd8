/**
 * The banner's catalog line, from real data: BigCommerce (the sandbox, through its API) says how many
 * products the store has, how many are assigned to the served channels and how many of those are
 * visible; Strapi says how many it synced and how many its storefront API lists. A newcomer seeing
 * 500, 439 and 417 then knows why they differ.
 */
import type { Core } from '@strapi/strapi';

export interface CatalogCounts {
  channelIds: number[];
  /** BigCommerce: every product of the store. */
  inStore: number;
  /** BigCommerce: products assigned to at least one served channel. */
  inChannels: number;
  /** BigCommerce: of those, the ones with `is_visible`. */
  visibleInChannels: number;
  /** Strapi: product entries the sync wrote. */
  synced: number;
  /** Strapi: what `GET /api/bigcommerce/products` lists (its default channel, the first served one). */
  storefront: number;
  /** Strapi: visible products the default channel's listings take off that channel (disabled there). */
  unlisted: number;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The banner lines: where each count comes from and what the differences are. */
export const describeCatalog = (c: CatalogCounts): string[] => {
  const channels = `channel${c.channelIds.length === 1 ? '' : 's'} ${c.channelIds.join(', ')}`;
  const notServed = c.inStore - c.inChannels;
  const hidden = c.synced - c.storefront - c.unlisted;
  const offChannel = c.unlisted > 0 ? ` (${c.unlisted.toLocaleString('en-US')} taken off channel ${c.channelIds[0]} by its listings)` : '';
  return [
    `${plural(c.inStore, 'product', 'products')} in the store; ${c.inChannels.toLocaleString('en-US')} assigned to ${channels} → ${c.synced.toLocaleString('en-US')} synced` +
      (notServed > 0 ? ` (${notServed.toLocaleString('en-US')} only on other channels: not synced)` : ''),
    c.channelIds.length === 1
      ? `${c.storefront.toLocaleString('en-US')} listed by the storefront API` +
        (hidden > 0 ? ` (${hidden.toLocaleString('en-US')} hidden: synced, but not visible in BigCommerce)` : '') +
        offChannel +
        (c.visibleInChannels - c.unlisted !== c.storefront
          ? ` — but BigCommerce has ${c.visibleInChannels.toLocaleString('en-US')} visible: is the sync incomplete?`
          : '')
      : `${c.storefront.toLocaleString('en-US')} listed by the storefront API for channel ${c.channelIds[0]}${offChannel} (${c.visibleInChannels.toLocaleString('en-US')} visible in BigCommerce on channels ${c.channelIds.join(', ')})`,
  ];
};

const total = async (apiBase: string, token: string, query: string): Promise<number> => {
  const res = await fetch(`${apiBase}/v3/catalog/products?limit=1&include_fields=name${query}`, {
    headers: { 'X-Auth-Token': token, Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`GET /v3/catalog/products${query} -> ${res.status}`);
  return ((await res.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total;
};

/** Visible synced products the channel's stored listings take off it. */
const unlistedOn = async (strapi: Core.Strapi, channelId: number): Promise<number> => {
  const listings = (await strapi.db.query('plugin::bigcommerce.listing').findMany({ where: { channelId, listed: false }, select: ['productId'] })) as {
    productId: number;
  }[];
  if (!listings.length) return 0;
  return strapi.db.query('plugin::bigcommerce.product').count({ where: { isVisible: true, bigcommerceId: { $in: listings.map((l) => l.productId) } } });
};

export const countCatalog = async (strapi: Core.Strapi, store: { apiBase: string; accessToken: string }, url: string): Promise<CatalogCounts> => {
  const { channelIds } = (await strapi.plugin('bigcommerce').service('settings').getConnection()) as { channelIds: number[] };
  const channels = `&channel_id:in=${channelIds.join(',')}`;
  const res = await fetch(`${url}/api/bigcommerce/products?pageSize=1`);
  if (!res.ok) throw new Error(`GET /api/bigcommerce/products -> ${res.status}`);
  return {
    channelIds,
    inStore: await total(store.apiBase, store.accessToken, ''),
    inChannels: await total(store.apiBase, store.accessToken, channels),
    visibleInChannels: await total(store.apiBase, store.accessToken, `${channels}&is_visible=true`),
    synced: await strapi.db.query('plugin::bigcommerce.product').count(),
    storefront: ((await res.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total,
    unlisted: await unlistedOn(strapi, channelIds[0]),
  };
};
