import type { Core } from '@strapi/strapi';

import { createBigCommerceClient, type Product } from '../../server/src/bigcommerce';
import type { Sandbox } from '../sandbox';

/**
 * One product as both sides should agree on it, built independently from BigCommerce's JSON and from
 * Strapi's entry, so that a test compares data, not counts.
 */
export interface NormalizedProduct {
  id: number;
  name: string;
  sku: string;
  slug: string;
  description: string;
  type: string;
  price: number;
  salePrice: number;
  retailPrice: number;
  inventoryLevel: number;
  inventoryTracking: string;
  isVisible: boolean;
  availability: string;
  condition: string;
  weight: number;
  brand: number | null;
  categories: number[];
  channels: number[];
  variants: { id: number; sku: string; price: number | null; inventory: number; options: string[] }[];
  images: { id: number; url: string; thumbnail: boolean }[];
  customFields: string[];
  bulkPricing: string[];
  modifiedAt: string;
}

const time = (value: string | Date | null | undefined): string => (value ? new Date(value).toISOString() : '');

export const normalizeBigCommerce = (p: Product, servedChannels: number[]): NormalizedProduct => ({
  id: p.id,
  name: p.name,
  sku: p.sku ?? '',
  slug: (p.custom_url?.url ?? '').replace(/^\/+|\/+$/g, '').toLowerCase(),
  description: p.description ?? '',
  type: p.type,
  price: p.price,
  salePrice: p.sale_price ?? 0,
  retailPrice: p.retail_price ?? 0,
  inventoryLevel: p.inventory_level,
  inventoryTracking: p.inventory_tracking,
  isVisible: p.is_visible,
  availability: p.availability,
  condition: p.condition,
  weight: p.weight,
  brand: p.brand_id || null,
  categories: [...p.categories].sort((a, b) => a - b),
  channels: (p.channels ?? []).filter((c) => servedChannels.includes(c)).sort((a, b) => a - b),
  variants: (p.variants ?? []).map((v) => ({
    id: v.id,
    sku: v.sku,
    price: v.price,
    inventory: v.inventory_level,
    options: v.option_values.map((o) => `${o.option_display_name}=${o.label}`),
  })),
  images: [...(p.images ?? [])]
    .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)
    .map((i) => ({ id: i.id, url: i.url_zoom, thumbnail: i.is_thumbnail })),
  customFields: (p.custom_fields ?? []).map((f) => `${f.name}=${f.value}`),
  bulkPricing: (p.bulk_pricing_rules ?? []).map((r) => `${r.quantity_min}-${r.quantity_max}:${r.type}:${Number(r.amount)}`),
  modifiedAt: time(p.date_modified),
});

type Entry = Record<string, unknown> & {
  brand?: { bigcommerceId: number } | null;
  categories?: { bigcommerceId: number }[];
  channels?: { bigcommerceId: number }[];
};

export const normalizeEntry = (e: Entry): NormalizedProduct => {
  const variants =
    (e.variants as { id: number; sku: string; price: number | null; inventoryLevel: number; optionValues: { option: string; label: string }[] }[]) ?? [];
  const images = (e.images as { id: number; url: string; isThumbnail: boolean }[]) ?? [];
  return {
    id: e.bigcommerceId as number,
    name: e.name as string,
    sku: (e.sku as string) ?? '',
    slug: e.slug as string,
    description: (e.description as string) ?? '',
    type: e.type as string,
    price: Number(e.price),
    salePrice: Number(e.salePrice),
    retailPrice: Number(e.retailPrice),
    inventoryLevel: e.inventoryLevel as number,
    inventoryTracking: e.inventoryTracking as string,
    isVisible: e.isVisible as boolean,
    availability: e.availability as string,
    condition: e.condition as string,
    weight: Number(e.weight),
    brand: e.brand?.bigcommerceId ?? null,
    categories: (e.categories ?? []).map((c) => c.bigcommerceId).sort((a, b) => a - b),
    channels: (e.channels ?? []).map((c) => c.bigcommerceId).sort((a, b) => a - b),
    variants: variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      price: v.price,
      inventory: v.inventoryLevel,
      options: v.optionValues.map((o) => `${o.option}=${o.label}`),
    })),
    images: images.map((i) => ({ id: i.id, url: i.url, thumbnail: i.isThumbnail })),
    customFields: ((e.customFields as { name: string; value: string }[]) ?? []).map((f) => `${f.name}=${f.value}`),
    bulkPricing: ((e.bulkPricingRules as { quantityMin: number; quantityMax: number; type: string; amount: number }[]) ?? []).map(
      (r) => `${r.quantityMin}-${r.quantityMax}:${r.type}:${Number(r.amount)}`
    ),
    modifiedAt: time(e.bigcommerceModifiedAt as string),
  };
};

/** What BigCommerce (the sandbox) lists in the channels, read over its API. */
export const sandboxCatalog = async (sandbox: Sandbox, channels: number[] = [1]): Promise<Map<number, NormalizedProduct>> => {
  const client = createBigCommerceClient({ storeHash: sandbox.storeHash, accessToken: sandbox.accessToken, apiUrl: sandbox.url, pacing: false });
  const out = new Map<number, NormalizedProduct>();
  const pages = client.catalog.productPages({ include: ['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'channels'], channelIdIn: channels });
  for await (const page of pages) for (const p of page.items) out.set(p.id, normalizeBigCommerce(p, channels));
  return out;
};

/** What Strapi holds, read through the Document Service as any other plugin would. */
export const strapiCatalog = async (strapi: Core.Strapi): Promise<Map<number, NormalizedProduct>> => {
  const entries = (await strapi.documents('plugin::bigcommerce.product' as never).findMany({
    populate: { brand: { fields: ['bigcommerceId'] }, categories: { fields: ['bigcommerceId'] }, channels: { fields: ['bigcommerceId'] } },
    limit: 100_000,
  } as never)) as unknown as Entry[];
  return new Map(entries.map((e) => [e.bigcommerceId as number, normalizeEntry(e)]));
};

/** A product's listing on a channel in the sandbox (the oldest, as Strapi shows it), if it has one. */
export const listingOn = (sandbox: Sandbox, channel: number, productId: number) =>
  [...sandbox.catalog.store.channels.listings.values()]
    .filter((listing) => listing.channel_id === channel && listing.product_id === productId)
    .sort((a, b) => a.listing_id - b.listing_id)[0];

/** Ids of the products a storefront of the channel lists: visible, in the channel, and not taken off by its listing. */
export const listedIn = (sandbox: Sandbox, channel: number): number[] =>
  [...sandbox.catalog.products.values()]
    .filter((p) => p.is_visible && p.channels.includes(channel))
    .filter((p) => !['disabled', 'pending_disable', 'deleted', 'pending_delete'].includes(listingOn(sandbox, channel, p.id)?.state ?? 'active'))
    .map((p) => p.id)
    .sort((a, b) => a - b);

export const sync = async (strapi: Core.Strapi, kind: 'full' | 'incremental') => {
  const service = strapi.plugin('bigcommerce').service('sync');
  await service.start({ kind, trigger: 'api' });
  return service.waitForIdle();
};

/**
 * Hides (in Strapi only) a second-level category that holds visible products of channel 1 and has
 * children: it and its branch must then leave the storefront's tree. Returns its BigCommerce id.
 */
export const hideBranchCategory = async (strapi: Core.Strapi, sandbox: Sandbox): Promise<number> => {
  const categories = [...sandbox.catalog.categories.values()];
  const visibleProducts = [...sandbox.catalog.products.values()].filter((p) => p.is_visible && p.channels.includes(1));
  const hidden = categories.find(
    (c) => c.parent_id !== 0 && categories.some((d) => d.parent_id === c.id) && visibleProducts.some((p) => p.categories.includes(c.id))
  )!.id;
  await strapi.db.query('plugin::bigcommerce.category').update({ where: { bigcommerceId: hidden }, data: { isVisible: false } });
  return hidden;
};
