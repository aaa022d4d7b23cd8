import { z } from 'zod';

import type { Brand, Category, Channel, ChannelSite, Listing, ListingState, Product } from '../bigcommerce';
import { listingStateSchema } from '../../../shared/channels';
import brandSchema from '../content-types/brand/schema.json';
import categorySchema from '../content-types/category/schema.json';
import channelSchema from '../content-types/channel/schema.json';
import listingSchema from '../content-types/listing/schema.json';
import productSchemaJson from '../content-types/product/schema.json';
import {
  storableWithHash,
  type BrandRecord,
  type CategoryRecord,
  type ChannelRecord,
  type ListingRecord,
  type OptionRecord,
  type ProductRecord,
  type VariantRecord,
} from './records';
import { brandSlugFromUrl, foldText, searchTextOf, slugFromUrl } from './slugs';

export { slugFromUrl } from './slugs';

/** A BigCommerce record the sync cannot store; the run records it and carries on. */
export class MappingError extends Error {
  constructor(
    readonly resource: 'product' | 'category' | 'brand' | 'channel' | 'listing',
    readonly bigcommerceId: number | null,
    message: string
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

/** Fields stored in varchar(255) columns, from the content types (the storable rule cuts them to fit). */
const stringColumns = (schema: { attributes: Record<string, { type: string }> }): ReadonlySet<string> =>
  new Set(
    Object.entries(schema.attributes)
      .filter(([, attribute]) => attribute.type === 'string')
      .map(([name]) => name)
  );
const STRING_COLUMNS = {
  product: stringColumns(productSchemaJson),
  category: stringColumns(categorySchema),
  brand: stringColumns(brandSchema),
  channel: stringColumns(channelSchema),
  listing: stringColumns(listingSchema),
};

/** A mapped record made storable (records.ts's rule), then hashed: the hash is of what is stored. */
const stored = <T extends { contentHash: string }>(kind: keyof typeof STRING_COLUMNS, record: Omit<T, 'contentHash'>): T =>
  storableWithHash<T>(record, STRING_COLUMNS[kind]);

const num = z.number().finite();
const optionalNum = num.nullable().optional();
const text = z
  .string()
  .nullable()
  .optional()
  .transform((value) => value ?? '');

// Only the fields the sync reads are checked; the rest of BigCommerce's object is ignored.
const productSchema = z.object({
  id: z.number().int().positive(),
  // Kept as BigCommerce stores it (spaces included); only a name with nothing but spaces is refused.
  name: z.string().refine((name) => name.trim().length > 0, 'is empty or only spaces'),
  type: z.enum(['physical', 'digital']),
  sku: text,
  description: text,
  price: num,
  sale_price: optionalNum,
  retail_price: optionalNum,
  calculated_price: optionalNum,
  map_price: optionalNum,
  weight: optionalNum,
  width: optionalNum,
  height: optionalNum,
  depth: optionalNum,
  categories: z.array(z.number().int()).default([]),
  brand_id: z.number().int().nullable().optional(),
  inventory_level: z.number().int().default(0),
  inventory_warning_level: z.number().int().nullable().optional(),
  inventory_tracking: z.enum(['none', 'product', 'variant']),
  is_visible: z.boolean(),
  is_featured: z.boolean().optional(),
  is_free_shipping: z.boolean().optional(),
  availability: z.enum(['available', 'disabled', 'preorder']).default('available'),
  availability_description: text,
  condition: z.enum(['New', 'Used', 'Refurbished']).default('New'),
  upc: text,
  mpn: text,
  gtin: text,
  search_keywords: text,
  page_title: text,
  meta_description: text,
  sort_order: z.number().int().default(0),
  custom_url: z.object({ url: z.string() }).nullable().optional(),
  date_created: z.string(),
  date_modified: z.string().min(1),
});

const orZero = (value: number | null | undefined): number => value ?? 0;

/** Whether a shopper can buy it now, by how BigCommerce tracks its stock (product, variant or not at all). */
export const isInStock = ({
  tracking,
  availability,
  level,
  variants,
}: {
  tracking: string;
  availability: string | undefined;
  level: number;
  variants: { inventoryLevel: number; purchasingDisabled: boolean }[];
}): boolean =>
  tracking === 'none'
    ? availability !== 'disabled'
    : tracking === 'product'
      ? level > 0
      : variants.some((variant) => variant.inventoryLevel > 0 && !variant.purchasingDisabled);

const optionsFromVariants = (variants: VariantRecord[]): OptionRecord[] => {
  // Derived from variants so the sync never needs `include=options`, which caps pages at 10.
  const options = new Map<number, OptionRecord>();
  for (const variant of variants) {
    for (const value of variant.optionValues) {
      const option = options.get(value.optionId) ?? { id: value.optionId, name: value.option, values: [] };
      if (!option.values.some((existing) => existing.id === value.valueId)) option.values.push({ id: value.valueId, label: value.label });
      options.set(value.optionId, option);
    }
  }
  return [...options.values()];
};

export const mapProduct = (product: Product, channelIds: readonly number[]): ProductRecord => {
  const parsed = productSchema.safeParse(product);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'product'} ${issue.message}`).join('; ');
    throw new MappingError('product', typeof product?.id === 'number' ? product.id : null, reason);
  }
  const p = parsed.data;
  const images = [...(product.images ?? [])]
    .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)
    .map((image) => ({
      id: image.id,
      url: image.url_zoom,
      urlStandard: image.url_standard,
      urlThumbnail: image.url_thumbnail,
      urlTiny: image.url_tiny,
      alt: image.description ?? '',
      sortOrder: image.sort_order,
      isThumbnail: image.is_thumbnail,
    }));
  const variants: VariantRecord[] = (product.variants ?? []).map((variant) => ({
    id: variant.id,
    sku: variant.sku,
    price: variant.price ?? null,
    salePrice: variant.sale_price ?? null,
    retailPrice: variant.retail_price ?? null,
    calculatedPrice: variant.calculated_price ?? null,
    inventoryLevel: variant.inventory_level ?? 0,
    purchasingDisabled: variant.purchasing_disabled ?? false,
    imageUrl: variant.image_url || null,
    weight: variant.weight ?? null,
    upc: variant.upc ?? null,
    mpn: variant.mpn ?? null,
    gtin: variant.gtin ?? null,
    optionValues: (variant.option_values ?? []).map((value) => ({
      optionId: value.option_id,
      option: value.option_display_name,
      valueId: value.id,
      label: value.label,
    })),
  }));
  const inStock = isInStock({ tracking: p.inventory_tracking, availability: p.availability, level: p.inventory_level, variants });
  const assigned = product.channels ?? [...channelIds];
  const customUrl = p.custom_url?.url ?? '';
  return stored<ProductRecord>('product', {
    bigcommerceId: p.id,
    name: p.name,
    sku: p.sku,
    slug: slugFromUrl(customUrl) || `product-${p.id}`,
    customUrl,
    description: p.description,
    searchText: searchTextOf(p),
    type: p.type,
    price: p.price,
    salePrice: orZero(p.sale_price),
    retailPrice: orZero(p.retail_price),
    calculatedPrice: p.calculated_price ?? (p.sale_price ? p.sale_price : p.price),
    mapPrice: orZero(p.map_price),
    inventoryLevel: p.inventory_level,
    inventoryWarningLevel: orZero(p.inventory_warning_level),
    inventoryTracking: p.inventory_tracking,
    inStock,
    availability: p.availability,
    availabilityDescription: p.availability_description,
    isVisible: p.is_visible,
    isFeatured: p.is_featured ?? false,
    isFreeShipping: p.is_free_shipping ?? false,
    condition: p.condition,
    weight: orZero(p.weight),
    width: orZero(p.width),
    height: orZero(p.height),
    depth: orZero(p.depth),
    upc: p.upc,
    mpn: p.mpn,
    gtin: p.gtin,
    searchKeywords: p.search_keywords,
    pageTitle: p.page_title,
    metaDescription: p.meta_description,
    sortOrder: p.sort_order,
    thumbnailUrl: (images.find((image) => image.isThumbnail) ?? images[0])?.urlStandard ?? null,
    images,
    variants,
    options: optionsFromVariants(variants),
    customFields: (product.custom_fields ?? []).map((field) => ({ name: field.name, value: field.value })),
    bulkPricingRules: (product.bulk_pricing_rules ?? []).map((rule) => ({
      quantityMin: rule.quantity_min,
      quantityMax: rule.quantity_max,
      type: rule.type,
      amount: Number(rule.amount),
    })),
    bigcommerceCreatedAt: p.date_created,
    bigcommerceModifiedAt: p.date_modified,
    brandId: p.brand_id ? p.brand_id : null,
    categoryIds: [...new Set(p.categories)],
    channelIds: assigned.filter((id) => channelIds.includes(id)),
  });
};

export const mapCategory = (category: Category): CategoryRecord => {
  if (!Number.isInteger(category?.id) || !category.name?.trim()) {
    throw new MappingError('category', category?.id ?? null, 'has no id or name');
  }
  const customUrl = category.custom_url?.url ?? '';
  return stored<CategoryRecord>('category', {
    bigcommerceId: category.id,
    parentBigcommerceId: category.parent_id ? category.parent_id : null,
    name: category.name,
    slug: slugFromUrl(customUrl) || `category-${category.id}`,
    customUrl,
    description: category.description ?? '',
    isVisible: category.is_visible ?? true,
    sortOrder: category.sort_order ?? 0,
    imageUrl: category.image_url ?? '',
    pageTitle: category.page_title ?? '',
    metaDescription: category.meta_description ?? '',
  });
};

export const mapBrand = (brand: Brand): BrandRecord => {
  if (!Number.isInteger(brand?.id) || !brand.name?.trim()) throw new MappingError('brand', brand?.id ?? null, 'has no id or name');
  const customUrl = brand.custom_url?.url ?? '';
  return stored<BrandRecord>('brand', {
    bigcommerceId: brand.id,
    name: brand.name,
    slug: brandSlugFromUrl(customUrl) || `brand-${brand.id}`,
    customUrl,
    imageUrl: brand.image_url ?? '',
    pageTitle: brand.page_title ?? '',
    metaDescription: brand.meta_description ?? '',
    searchKeywords: brand.search_keywords ?? '',
  });
};

export const mapChannel = (channel: Channel, site: ChannelSite | null): ChannelRecord =>
  stored<ChannelRecord>('channel', {
    bigcommerceId: channel.id,
    name: channel.name,
    type: channel.type,
    platform: channel.platform,
    status: channel.status,
    siteUrl: site?.url ?? null,
  });

/** States in which a channel no longer offers the listing (or its variant): taken off, or on the way off. */
const UNLISTED_STATES: ReadonlySet<ListingState> = new Set(['disabled', 'pending_disable', 'deleted', 'pending_delete']);

const listingSchemaIn = z.object({
  listing_id: z.number().int().positive(),
  channel_id: z.number().int().positive(),
  product_id: z.number().int().positive(),
  state: listingStateSchema,
  name: text,
  description: text,
  variants: z
    .array(z.object({ variant_id: z.number().int().positive(), state: listingStateSchema, name: text }))
    .nullable()
    .optional()
    .transform((variants) => variants ?? []),
});

/** A channel listing as the read API uses it; the catalog's name and description stay where the listing has none. */
export const mapListing = (listing: Listing): ListingRecord => {
  const parsed = listingSchemaIn.safeParse(listing);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'listing'} ${issue.message}`).join('; ');
    throw new MappingError('listing', typeof listing?.listing_id === 'number' ? listing.listing_id : null, reason);
  }
  const l = parsed.data;
  const name = l.name.trim() ? l.name : '';
  const description = l.description.trim() ? l.description : '';
  return stored<ListingRecord>('listing', {
    bigcommerceId: l.listing_id,
    channelId: l.channel_id,
    productId: l.product_id,
    state: l.state,
    listed: !UNLISTED_STATES.has(l.state),
    name,
    description,
    searchText: name || description ? [name, description].map(foldText).join('\n') : '',
    variants: l.variants.map((variant) => ({
      variantId: variant.variant_id,
      state: variant.state,
      listed: !UNLISTED_STATES.has(variant.state),
      name: variant.name,
    })),
  });
};
