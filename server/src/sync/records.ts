/** What the sync writes: BigCommerce data mapped to the plugin's content-type attributes. */
import type { ListingState } from '../../../shared/channels';

import { jsonHash } from './hash';

export interface ImageRecord {
  id: number;
  url: string;
  urlStandard: string;
  urlThumbnail: string;
  urlTiny: string;
  alt: string;
  sortOrder: number;
  isThumbnail: boolean;
}

export interface VariantRecord {
  id: number;
  sku: string;
  price: number | null;
  salePrice: number | null;
  retailPrice: number | null;
  calculatedPrice: number | null;
  inventoryLevel: number;
  purchasingDisabled: boolean;
  imageUrl: string | null;
  weight: number | null;
  upc: string | null;
  mpn: string | null;
  gtin: string | null;
  optionValues: { optionId: number; option: string; valueId: number; label: string }[];
}

export interface OptionRecord {
  id: number;
  name: string;
  values: { id: number; label: string }[];
}

export interface ProductRecord {
  bigcommerceId: number;
  name: string;
  sku: string;
  slug: string;
  customUrl: string;
  description: string;
  /** Name, SKU and description folded for search (see foldText). */
  searchText: string;
  type: 'physical' | 'digital';
  price: number;
  salePrice: number;
  retailPrice: number;
  calculatedPrice: number;
  mapPrice: number;
  inventoryLevel: number;
  inventoryWarningLevel: number;
  inventoryTracking: 'none' | 'product' | 'variant';
  inStock: boolean;
  availability: 'available' | 'disabled' | 'preorder';
  availabilityDescription: string;
  isVisible: boolean;
  isFeatured: boolean;
  isFreeShipping: boolean;
  condition: 'New' | 'Used' | 'Refurbished';
  weight: number;
  width: number;
  height: number;
  depth: number;
  upc: string;
  mpn: string;
  gtin: string;
  searchKeywords: string;
  pageTitle: string;
  metaDescription: string;
  sortOrder: number;
  thumbnailUrl: string | null;
  images: ImageRecord[];
  variants: VariantRecord[];
  options: OptionRecord[];
  customFields: { name: string; value: string }[];
  bulkPricingRules: { quantityMin: number; quantityMax: number; type: string; amount: number }[];
  bigcommerceCreatedAt: string;
  bigcommerceModifiedAt: string;
  /** Relations, by BigCommerce id; the store resolves them to its rows. */
  brandId: number | null;
  categoryIds: number[];
  channelIds: number[];
  contentHash: string;
}

export interface CategoryRecord {
  bigcommerceId: number;
  parentBigcommerceId: number | null;
  name: string;
  slug: string;
  customUrl: string;
  description: string;
  isVisible: boolean;
  sortOrder: number;
  imageUrl: string;
  pageTitle: string;
  metaDescription: string;
  contentHash: string;
}

export interface BrandRecord {
  bigcommerceId: number;
  name: string;
  slug: string;
  customUrl: string;
  imageUrl: string;
  pageTitle: string;
  metaDescription: string;
  searchKeywords: string;
  contentHash: string;
}

export interface ChannelRecord {
  bigcommerceId: number;
  name: string;
  type: string;
  platform: string;
  status: string;
  siteUrl: string | null;
  contentHash: string;
}

/**
 * A product as one channel lists it (Channels API listings). Only what a storefront reads is kept: the
 * name and description the channel gives it ('' when it keeps the catalog's), whether it is listed there,
 * and which of its variants the channel sells.
 */
export interface ListingRecord {
  /** The listing's id (`listing_id`): unique across channels. */
  bigcommerceId: number;
  channelId: number;
  productId: number;
  state: ListingState;
  /** Not `disabled` or `deleted` (or on the way there): a storefront lists the product on this channel. */
  listed: boolean;
  name: string;
  description: string;
  /** The listing's own name and description folded for search, '' when it overrides neither. */
  searchText: string;
  variants: { variantId: number; state: ListingState; listed: boolean; name: string }[];
  contentHash: string;
}

/** Attributes the sync owns on each content type; everything else (editorial, extensions) is left alone. */
export const SYNCED_PRODUCT_FIELDS = [
  'name',
  'sku',
  'slug',
  'customUrl',
  'description',
  'searchText',
  'type',
  'price',
  'salePrice',
  'retailPrice',
  'calculatedPrice',
  'mapPrice',
  'inventoryLevel',
  'inventoryWarningLevel',
  'inventoryTracking',
  'inStock',
  'availability',
  'availabilityDescription',
  'isVisible',
  'isFeatured',
  'isFreeShipping',
  'condition',
  'weight',
  'width',
  'height',
  'depth',
  'upc',
  'mpn',
  'gtin',
  'searchKeywords',
  'pageTitle',
  'metaDescription',
  'sortOrder',
  'thumbnailUrl',
  'images',
  'variants',
  'options',
  'customFields',
  'bulkPricingRules',
  'bigcommerceCreatedAt',
  'bigcommerceModifiedAt',
  'contentHash',
] as const satisfies readonly (keyof ProductRecord)[];

export const SYNCED_CATEGORY_FIELDS = [
  'name',
  'slug',
  'customUrl',
  'description',
  'isVisible',
  'sortOrder',
  'imageUrl',
  'pageTitle',
  'metaDescription',
  'parentBigcommerceId',
  'contentHash',
] as const satisfies readonly (keyof CategoryRecord)[];

export const SYNCED_BRAND_FIELDS = [
  'name',
  'slug',
  'customUrl',
  'imageUrl',
  'pageTitle',
  'metaDescription',
  'searchKeywords',
  'contentHash',
] as const satisfies readonly (keyof BrandRecord)[];

export const SYNCED_CHANNEL_FIELDS = ['name', 'type', 'platform', 'status', 'siteUrl', 'contentHash'] as const satisfies readonly (keyof ChannelRecord)[];
export const SYNCED_LISTING_FIELDS = [
  'channelId',
  'productId',
  'state',
  'listed',
  'name',
  'description',
  'searchText',
  'variants',
  'contentHash',
] as const satisfies readonly (keyof ListingRecord)[];

/*
 * Storable values. BigCommerce accepts strings that some databases refuse: PostgreSQL stores no NUL
 * character (neither in text nor in jsonb), and a lone UTF-16 surrogate has no UTF-8 encoding. Strapi's
 * `string` attributes are varchar(255) columns. One rule, applied to every record the mapping builds
 * (so the content hash is of what is stored):
 * - NUL characters are removed; a lone surrogate becomes U+FFFD (the replacement character);
 * - a string longer than its column can hold is cut to the column's length, at a character boundary.
 *   Columns whose BigCommerce field has no such limit (image URLs, MPN) are `text` instead, so the cut
 *   only reaches values beyond BigCommerce's own limits (a name ≤ 250, a URL, SKU or title ≤ 255).
 */

/** Characters a Strapi `string` attribute (varchar(255)) holds. */
export const STRING_COLUMN_LIMIT = 255;

// eslint-disable-next-line no-control-regex -- NUL is the one character PostgreSQL's text columns refuse.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// eslint-disable-next-line no-control-regex -- what the rule may change: a NUL, or any surrogate (most strings have neither).
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** A string every supported database stores as is, optionally cut to `limit` characters (code points). */
export const storableText = (value: string, limit?: number): string => {
  // Two regex replaces on every string of a catalog were much of the mapping's CPU; most strings are clean.
  const clean = SUSPECT.test(value) ? value.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD') : value;
  if (limit === undefined || clean.length <= limit) return clean;
  const chars = Array.from(clean);
  return chars.length <= limit ? clean : chars.slice(0, limit).join('');
};

/**
 * Nested values made storable. Copy on write: an array or object in which nothing changes is kept as it
 * is (the mapping built it), and a changed one is copied with its keys in the same order (same hash).
 */
const storableDeep = (value: unknown): unknown => {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const inner = storableDeep(value[i]);
      if (inner !== value[i]) (out ??= value.slice())[i] = inner;
    }
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(object)) {
      const inner = storableDeep(object[key]);
      if (inner !== object[key]) (out ??= { ...object })[key] = inner;
    }
    return out ?? value;
  }
  return value;
};

/**
 * The record made storable by the rule above: `limited` names its top-level fields stored in
 * varchar(255) columns; strings nested in JSON fields are only cleaned.
 */
export const toStorable = <T extends object>(record: T, limited: ReadonlySet<string>): T =>
  Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      typeof value === 'string' ? storableText(value, limited.has(key) ? STRING_COLUMN_LIMIT : undefined) : storableDeep(value),
    ])
  ) as T;

/**
 * The record made storable (toStorable), with the content hash of what is stored. Most records are
 * storable as the mapping built them, and the JSON the hash needs shows it: JSON.stringify writes a NUL
 * or a lone surrogate as a `\u` escape (as it does only other control characters), so a JSON without
 * one, and no limited field longer than its column, is stored as it is. Walking every string of a page
 * instead was a fifth of the mapping's CPU.
 */
export const storableWithHash = <T extends { contentHash: string }>(record: Omit<T, 'contentHash'>, limited: ReadonlySet<string>): T => {
  let storable = record;
  let json = JSON.stringify(record);
  const fields = record as Record<string, unknown>;
  let tooLong = false;
  for (const key of limited) {
    const value = fields[key];
    if (typeof value === 'string' && value.length > STRING_COLUMN_LIMIT) {
      tooLong = true;
      break;
    }
  }
  if (tooLong || json.includes('\\u')) {
    storable = toStorable(record, limited);
    json = JSON.stringify(storable);
  }
  return { ...storable, contentHash: jsonHash(json) } as T;
};
