import { parseSingle } from './envelope';
import { fetchPage, paginate, paginateItems, type Page, type PaginateOptions } from './pagination';
import type { QueryValue, Transport } from './transport';

// DTOs of the Catalog v3 API (products_catalog.v3.yml, product-variants, categories, trees, brands).

export type ProductType = 'physical' | 'digital';
export type InventoryTracking = 'none' | 'product' | 'variant';
export type Availability = 'available' | 'disabled' | 'preorder';
export type Condition = 'New' | 'Used' | 'Refurbished';

export interface CustomUrl {
  url: string;
  is_customized: boolean;
}

export interface ProductImage {
  id: number;
  product_id: number;
  is_thumbnail: boolean;
  sort_order: number;
  description: string;
  image_file?: string;
  url_zoom: string;
  url_standard: string;
  url_thumbnail: string;
  url_tiny: string;
  date_modified?: string;
}

export interface VariantOptionValue {
  id: number;
  label: string;
  option_id: number;
  option_display_name: string;
}

export interface ProductVariant {
  id: number;
  product_id: number;
  sku: string;
  sku_id?: number | null;
  price: number | null;
  calculated_price?: number;
  sale_price: number | null;
  retail_price: number | null;
  map_price?: number | null;
  weight: number | null;
  calculated_weight?: number;
  width?: number | null;
  height?: number | null;
  depth?: number | null;
  is_free_shipping?: boolean;
  purchasing_disabled: boolean;
  purchasing_disabled_message?: string;
  image_url?: string;
  upc?: string | null;
  gtin?: string | null;
  mpn?: string | null;
  inventory_level: number;
  inventory_warning_level?: number;
  bin_picking_number?: string | null;
  option_values: VariantOptionValue[];
}

export interface ProductOptionValue {
  id: number;
  label: string;
  sort_order: number;
  is_default: boolean;
  value_data?: Record<string, unknown> | null;
}

export interface ProductOption {
  id: number;
  product_id: number;
  display_name: string;
  name?: string;
  type: string;
  sort_order: number;
  option_values: ProductOptionValue[];
}

export interface CustomField {
  id: number;
  name: string;
  value: string;
}

export interface BulkPricingRule {
  id: number;
  quantity_min: number;
  quantity_max: number;
  type: 'price' | 'percent' | 'fixed';
  amount: number | string;
}

export interface Product {
  id: number;
  name: string;
  type: ProductType;
  sku: string;
  description: string;
  weight: number;
  width: number;
  depth: number;
  height: number;
  price: number;
  cost_price?: number;
  retail_price: number;
  sale_price: number;
  map_price?: number;
  calculated_price: number;
  categories: number[];
  brand_id: number;
  inventory_level: number;
  inventory_warning_level: number;
  inventory_tracking: InventoryTracking;
  is_free_shipping: boolean;
  is_visible: boolean;
  is_featured: boolean;
  availability: Availability;
  availability_description: string;
  condition: Condition;
  is_condition_shown?: boolean;
  sort_order: number;
  search_keywords: string;
  page_title: string;
  meta_description: string;
  meta_keywords: string[];
  upc?: string;
  gtin?: string;
  mpn?: string;
  custom_url: CustomUrl;
  base_variant_id?: number | null;
  date_created: string;
  date_modified: string;
  // Present when asked for with `include`.
  variants?: ProductVariant[];
  images?: ProductImage[];
  custom_fields?: CustomField[];
  bulk_pricing_rules?: BulkPricingRule[];
  options?: ProductOption[];
  primary_image?: ProductImage | null;
  channels?: number[];
}

export type ProductInclude =
  | 'variants'
  | 'images'
  | 'custom_fields'
  | 'bulk_pricing_rules'
  | 'primary_image'
  | 'modifiers'
  | 'options'
  | 'videos'
  | 'channels'
  | 'parent_relations'
  | 'reviews';

/** `include=options|modifiers` caps a page at 10 (products_catalog.v3.yml `include`). */
export const SMALL_PAGE_INCLUDES: ReadonlySet<ProductInclude> = new Set(['options', 'modifiers']);

/**
 * The values `include_fields` takes on products (products_catalog.v3.yml `IncludeFieldsParam`). `id` is not
 * one of them: BigCommerce always returns it.
 */
export const PRODUCT_FIELDS = [
  'name',
  'type',
  'sku',
  'description',
  'weight',
  'width',
  'depth',
  'height',
  'price',
  'cost_price',
  'retail_price',
  'sale_price',
  'map_price',
  'tax_class_id',
  'product_tax_code',
  'calculated_price',
  'categories',
  'brand_id',
  'option_set_id',
  'option_set_display',
  'inventory_level',
  'inventory_warning_level',
  'inventory_tracking',
  'reviews_rating_sum',
  'reviews_count',
  'total_sold',
  'fixed_cost_shipping_price',
  'is_free_shipping',
  'is_visible',
  'is_featured',
  'related_products',
  'warranty',
  'bin_picking_number',
  'layout_file',
  'upc',
  'mpn',
  'gtin',
  'date_last_imported',
  'search_keywords',
  'availability',
  'availability_description',
  'condition',
  'is_condition_shown',
  'order_quantity_minimum',
  'order_quantity_maximum',
  'page_title',
  'meta_keywords',
  'meta_description',
  'date_created',
  'date_modified',
  'view_count',
  'preorder_release_date',
  'preorder_message',
  'is_preorder_only',
  'is_price_hidden',
  'price_hidden_label',
  'custom_url',
  'base_variant_id',
  'open_graph_type',
  'open_graph_title',
  'open_graph_description',
  'open_graph_use_meta_description',
  'open_graph_use_product_name',
  'open_graph_use_image',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/**
 * The cheapest listing of product ids: the spec has no id-only value, so ask for one fixed-size boolean
 * besides the id that always comes back.
 */
export const ID_LISTING_FIELDS: readonly ProductField[] = ['is_visible'];

export interface ProductQuery {
  include?: ProductInclude[];
  includeFields?: readonly ProductField[];
  idIn?: number[];
  channelIdIn?: number[];
  dateModifiedMin?: string;
  isVisible?: boolean;
  /** Any other documented filter, passed as is (`categories:in`, `keyword`, ...). */
  extra?: Record<string, QueryValue>;
}

export interface Category {
  id: number;
  parent_id: number;
  name: string;
  description: string;
  views?: number;
  sort_order: number;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  layout_file?: string;
  image_url: string;
  is_visible: boolean;
  search_keywords: string;
  default_product_sort?: string;
  custom_url?: CustomUrl;
}

export interface CategoryTreeNode {
  id: number;
  parent_id: number;
  depth: number;
  path: number[];
  name: string;
  is_visible: boolean;
  url: string;
  children: CategoryTreeNode[];
}

export interface CategoryTree {
  id: number;
  name: string;
  channels: number[];
}

export interface Brand {
  id: number;
  name: string;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  image_url: string;
  search_keywords: string;
  custom_url?: CustomUrl;
}

export interface ProductChannelAssignment {
  product_id: number;
  channel_id: number;
}

const productQuery = (query: ProductQuery = {}): Record<string, QueryValue> => ({
  include: query.include?.join(','),
  include_fields: query.includeFields?.join(','),
  'id:in': query.idIn,
  'channel_id:in': query.channelIdIn,
  'date_modified:min': query.dateModifiedMin,
  is_visible: query.isVisible,
  ...query.extra,
});

/** 250 a page, or 10 when an include forces BigCommerce's smaller pages. */
const productPageLimit = (query: ProductQuery, limit?: number): number =>
  query.include?.some((include) => SMALL_PAGE_INCLUDES.has(include)) ? Math.min(limit ?? 10, 10) : (limit ?? 250);

export const createCatalogApi = (transport: Transport) => ({
  /** Streams product pages; the page size falls to 10 only when an include forces it. */
  productPages(query: ProductQuery = {}, options: Omit<PaginateOptions, 'query'> = {}) {
    return paginate<Product>(transport, '/catalog/products', { ...options, limit: productPageLimit(query, options.limit), query: productQuery(query) });
  },

  /** One page of a product list: the sync's lanes read keyset pages (`id:greater`, sorted by id) with it, several at once. */
  productPage(query: ProductQuery, page: number, limit?: number): Promise<Page<Product>> {
    return fetchPage<Product>(transport, '/catalog/products', productQuery(query), page, productPageLimit(query, limit));
  },

  async getProduct(id: number, include: ProductInclude[] = []): Promise<Product> {
    const path = `/catalog/products/${id}`;
    const response = await transport.request<unknown>({ path, query: { include: include.join(',') || undefined } });
    return parseSingle<Product>(response.data, path);
  },

  variants(productId: number) {
    return paginateItems<ProductVariant>(transport, `/catalog/products/${productId}/variants`);
  },

  /** Variants of many products at once (`/catalog/variants?product_id:in=`). */
  variantPages(productIds: number[], options: Omit<PaginateOptions, 'query'> = {}) {
    return paginate<ProductVariant>(transport, '/catalog/variants', {
      ...options,
      query: { 'product_id:in': productIds },
    });
  },

  options(productId: number) {
    return paginateItems<ProductOption>(transport, `/catalog/products/${productId}/options`);
  },

  categoryPages(query: Record<string, QueryValue> = {}, options: Omit<PaginateOptions, 'query'> = {}) {
    return paginate<Category>(transport, '/catalog/categories', { ...options, query });
  },

  async getCategory(id: number): Promise<Category> {
    const path = `/catalog/categories/${id}`;
    return parseSingle<Category>((await transport.request<unknown>({ path })).data, path);
  },

  async getBrand(id: number): Promise<Brand> {
    const path = `/catalog/brands/${id}`;
    return parseSingle<Brand>((await transport.request<unknown>({ path })).data, path);
  },

  categoryTrees() {
    return paginateItems<CategoryTree>(transport, '/catalog/trees');
  },

  async categoryTree(treeId: number): Promise<CategoryTreeNode[]> {
    const path = `/catalog/trees/${treeId}/categories`;
    const response = await transport.request<unknown>({ path });
    return parseSingle<CategoryTreeNode[]>(response.data, path);
  },

  brandPages(query: Record<string, QueryValue> = {}, options: Omit<PaginateOptions, 'query'> = {}) {
    return paginate<Brand>(transport, '/catalog/brands', { ...options, query });
  },

  channelAssignmentPages(query: { productIdIn?: number[]; channelIdIn?: number[] } = {}, options: Omit<PaginateOptions, 'query'> = {}) {
    return paginate<ProductChannelAssignment>(transport, '/catalog/products/channel-assignments', {
      ...options,
      query: { 'product_id:in': query.productIdIn, 'channel_id:in': query.channelIdIn },
    });
  },

  async assignProductsToChannels(assignments: ProductChannelAssignment[]): Promise<void> {
    await transport.request({ method: 'PUT', path: '/catalog/products/channel-assignments', body: assignments });
  },
});

export type CatalogApi = ReturnType<typeof createCatalogApi>;
