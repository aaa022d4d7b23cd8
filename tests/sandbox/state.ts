// The sandbox store's state and every mutation of it. Routes (the BigCommerce API and the control
// plane) call these methods, so both paths validate the same way, bump date_modified the same way
// and emit the same webhook events.
import { ApiError, conflict, invalid, notFound } from './errors';
import { RedirectStore } from './redirects';
import {
  bcDate,
  blockId,
  GENERATED_AT,
  generateCore,
  generateDetails,
  generateTaxonomy,
  IDS_PER_PRODUCT,
  slugify,
  variantCountOf,
  type GeneratorContext,
} from './generator';
import type {
  Brand,
  BulkPricingRule,
  Category,
  CategoryTree,
  Channel,
  ChannelStatus,
  ChannelType,
  CustomField,
  Listing,
  ProductCore,
  ProductDetails,
  ProductImage,
  ProductOption,
  Site,
  SiteRoute,
  Variant,
  Webhook,
} from './types';

export interface CatalogEvent {
  scope: string;
  data: { type: string; id: number | string } & Record<string, unknown>;
}

export type Json = Record<string, unknown>;

export interface StateOptions {
  storeHash: string;
  seed: number;
  products: number;
  clientId: string;
}

// ---------------------------------------------------------------- field tables

type FieldKind = 'string' | 'number' | 'int' | 'bool' | 'int[]' | 'string[]' | readonly string[];

/** Product fields a client may write, with their JSON types (product_Base_POST / _PUT). */
const PRODUCT_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  type: ['physical', 'digital'],
  sku: 'string',
  description: 'string',
  weight: 'number',
  width: 'number',
  depth: 'number',
  height: 'number',
  price: 'number',
  cost_price: 'number',
  retail_price: 'number',
  sale_price: 'number',
  map_price: 'number',
  tax_class_id: 'int',
  product_tax_code: 'string',
  categories: 'int[]',
  brand_id: 'int',
  inventory_level: 'int',
  inventory_warning_level: 'int',
  inventory_tracking: ['none', 'product', 'variant'],
  fixed_cost_shipping_price: 'number',
  is_free_shipping: 'bool',
  is_visible: 'bool',
  is_featured: 'bool',
  related_products: 'int[]',
  warranty: 'string',
  bin_picking_number: 'string',
  layout_file: 'string',
  upc: 'string',
  search_keywords: 'string',
  availability: ['available', 'disabled', 'preorder'],
  availability_description: 'string',
  sort_order: 'int',
  condition: ['New', 'Used', 'Refurbished'],
  is_condition_shown: 'bool',
  order_quantity_minimum: 'int',
  order_quantity_maximum: 'int',
  page_title: 'string',
  meta_keywords: 'string[]',
  meta_description: 'string',
  view_count: 'int',
  preorder_message: 'string',
  is_preorder_only: 'bool',
  is_price_hidden: 'bool',
  price_hidden_label: 'string',
  open_graph_title: 'string',
  open_graph_description: 'string',
  open_graph_use_meta_description: 'bool',
  open_graph_use_product_name: 'bool',
  open_graph_use_image: 'bool',
  gtin: 'string',
  mpn: 'string',
  reviews_rating_sum: 'int',
  reviews_count: 'int',
  total_sold: 'int',
};

const CORE_KEYS = new Set<string>([
  'name',
  'sku',
  'type',
  'price',
  'sale_price',
  'retail_price',
  'cost_price',
  'weight',
  'brand_id',
  'categories',
  'is_visible',
  'is_featured',
  'is_free_shipping',
  'inventory_tracking',
  'inventory_level',
  'total_sold',
]);
const NON_NEGATIVE = new Set<string>([
  'weight',
  'width',
  'depth',
  'height',
  'price',
  'cost_price',
  'retail_price',
  'sale_price',
  'inventory_level',
  'inventory_warning_level',
  'fixed_cost_shipping_price',
  'order_quantity_minimum',
  'order_quantity_maximum',
]);

/** Fields whose change fires store/product/updated (the webhook events reference lists them). */
const PRODUCT_UPDATE_TRIGGERS = new Set<string>([
  'availability',
  'availability_description',
  'categories',
  'brand_id',
  'condition',
  'is_condition_shown',
  'description',
  'depth',
  'height',
  'width',
  'inventory_tracking',
  'inventory_level',
  'is_featured',
  'meta_description',
  'name',
  'order_quantity_minimum',
  'order_quantity_maximum',
  'open_graph_type',
  'open_graph_title',
  'open_graph_description',
  'open_graph_use_product_name',
  'open_graph_use_meta_description',
  'open_graph_use_image',
  'page_title',
  'is_preorder_only',
  'preorder_message',
  'price',
  'cost_price',
  'retail_price',
  'sale_price',
  'is_price_hidden',
  'price_hidden_label',
  'type',
  'related_products',
  'reviews_count',
  'search_keywords',
  'fixed_cost_shipping_price',
  'is_free_shipping',
  'sku',
  'sort_order',
  'tax_class_id',
  'layout_file',
  'total_sold',
  'upc',
  'is_visible',
  'warranty',
  'weight',
]);

const VARIANT_FIELDS: Record<string, FieldKind> = {
  sku: 'string',
  price: 'number',
  sale_price: 'number',
  retail_price: 'number',
  cost_price: 'number',
  map_price: 'number',
  weight: 'number',
  width: 'number',
  height: 'number',
  depth: 'number',
  is_free_shipping: 'bool',
  fixed_cost_shipping_price: 'number',
  purchasing_disabled: 'bool',
  purchasing_disabled_message: 'string',
  image_url: 'string',
  upc: 'string',
  mpn: 'string',
  gtin: 'string',
  inventory_level: 'int',
  inventory_warning_level: 'int',
  bin_picking_number: 'string',
};
const NULLABLE_VARIANT = new Set(['price', 'sale_price', 'retail_price', 'cost_price', 'weight', 'width', 'height', 'depth', 'fixed_cost_shipping_price']);

const CATEGORY_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  parent_id: 'int',
  description: 'string',
  views: 'int',
  sort_order: 'int',
  page_title: 'string',
  search_keywords: 'string',
  meta_keywords: 'string[]',
  meta_description: 'string',
  layout_file: 'string',
  is_visible: 'bool',
  default_product_sort: [
    'use_store_settings',
    'featured',
    'newest',
    'best_selling',
    'alpha_asc',
    'alpha_desc',
    'avg_customer_review',
    'price_asc',
    'price_desc',
  ],
  image_url: 'string',
};

const BRAND_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  page_title: 'string',
  meta_keywords: 'string[]',
  meta_description: 'string',
  search_keywords: 'string',
  image_url: 'string',
};

/** Valid channel type for each platform (channels spec, "Platform" table). `custom` fits every type. */
const PLATFORM_TYPES: Record<string, ChannelType[]> = {
  clover: ['pos'],
  square: ['pos'],
  stripe: ['pos'],
  talech: ['pos'],
  vend: ['pos'],
  amazon: ['marketplace'],
  belk: ['marketplace'],
  catch: ['marketplace'],
  ebay: ['marketplace'],
  etsy: ['marketplace'],
  facebook: ['marketplace', 'marketing'],
  hudsons_bay: ['marketplace'],
  google: ['marketplace', 'marketing'],
  google_shopping: ['marketing'],
  instagram: ['marketplace', 'marketing'],
  macys: ['marketplace'],
  meta: ['marketplace', 'marketing'],
  microsoft: ['marketing'],
  mirakl: ['marketplace'],
  overstock: ['marketplace'],
  pinterest: ['marketplace'],
  target_plus: ['marketplace'],
  tiktok: ['marketplace'],
  wayfair: ['marketplace'],
  wish: ['marketplace'],
  walmart: ['marketplace'],
  acquia: ['storefront'],
  bigcommerce: ['storefront'],
  bloomreach: ['storefront'],
  catalyst: ['storefront'],
  deity: ['storefront'],
  drupal: ['storefront'],
  gatsby: ['storefront'],
  next: ['storefront'],
  vue: ['storefront'],
  wordpress: ['storefront'],
  custom: ['storefront', 'pos', 'marketing', 'marketplace'],
};
const CHANNEL_TYPES: ChannelType[] = ['pos', 'marketplace', 'storefront', 'marketing'];
const WRITABLE_STATUSES: Record<ChannelType, ChannelStatus[]> = {
  storefront: ['prelaunch', 'active', 'inactive', 'archived', 'deleted'],
  marketing: ['connected', 'disconnected', 'archived', 'deleted'],
  marketplace: ['connected', 'disconnected', 'archived', 'deleted'],
  pos: ['connected', 'disconnected', 'archived', 'deleted'],
};
export const AVAILABLE_STATUSES: ChannelStatus[] = ['prelaunch', 'active', 'inactive', 'connected'];

export const LISTING_STATES = [
  'active',
  'disabled',
  'error',
  'pending',
  'pending_disable',
  'pending_delete',
  'partially_rejected',
  'queued',
  'rejected',
  'submitted',
  'deleted',
] as const;
const VARIANT_STATES = LISTING_STATES.filter((s) => s !== 'partially_rejected');

/** Route types the Sites API accepts (the spec's description lists more than its enum). */
export const ROUTE_TYPES = [
  'product',
  'brand',
  'category',
  'page',
  'blog',
  'home',
  'cart',
  'checkout',
  'search',
  'account',
  'login',
  'returns',
  'static',
  'create_account',
  'forgot_password',
  'account_order_status',
  'account_new_return',
  'recover_abandoned_cart',
] as const;

/** First path segment after `store/` of the webhook scopes BigCommerce documents. */
const WEBHOOK_RESOURCES = new Set([
  'app',
  'brand',
  'cart',
  'category',
  'channel',
  'customer',
  'hook',
  'information',
  'inventory',
  'metafield',
  'modifier',
  'option',
  'order',
  'priceList',
  'priceLists',
  'product',
  'shipment',
  'sku',
  'subscriber',
  'variant',
  'store',
  'redirects',
]);

// ---------------------------------------------------------------- validation helpers

function checkKind(key: string, v: unknown, kind: FieldKind, errors: Record<string, string>): void {
  const bad = (msg: string): void => {
    errors[key] = msg;
  };
  if (Array.isArray(kind)) {
    if (typeof v !== 'string' || !kind.includes(v)) bad(`${key} must be one of: ${kind.join(', ')}.`);
    return;
  }
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') bad(`${key} must be a string.`);
      break;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${key} must be a number.`);
      else if (NON_NEGATIVE.has(key) && v < 0) bad(`${key} must be zero or more.`);
      break;
    case 'int':
      if (!Number.isInteger(v)) bad(`${key} must be an integer.`);
      else if (NON_NEGATIVE.has(key) && (v as number) < 0) bad(`${key} must be zero or more.`);
      break;
    case 'bool':
      if (typeof v !== 'boolean') bad(`${key} must be a boolean.`);
      break;
    case 'int[]':
      if (!Array.isArray(v) || v.some((x) => !Number.isInteger(x))) bad(`${key} must be an array of integers.`);
      break;
    case 'string[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) bad(`${key} must be an array of strings.`);
      break;
  }
}

/** Type-checks the known keys of `input`; unknown keys are ignored, as the API does. */
function checkFields(input: Json, table: Record<string, FieldKind>, errors: Record<string, string>): void {
  for (const [k, v] of Object.entries(input)) {
    const kind = table[k];
    if (kind !== undefined && v !== undefined) checkKind(k, v, kind, errors);
  }
}

function requireObject(input: unknown): Json {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError(400, 'The request body must be a JSON object.');
  }
  return input as Json;
}

/** A product name holds 1 to 250 characters (product_Full name minLength/maxLength), on create and update alike. */
function checkProductName(input: Json, errors: Record<string, string>): void {
  if (typeof input.name === 'string' && (input.name.length < 1 || input.name.length > 250)) {
    errors.name = 'name must be 1 to 250 characters.';
  }
}

/**
 * BigCommerce's per-product limits (product-variants_catalog.v3.yml "600 SKUs per product";
 * product-variant-options_catalog.v3.yml "250 option values per option").
 */
export const PRODUCT_LIMITS = { variants: 600, valuesPerOption: 250 } as const;

/** Ids past a product's generated block (a created product with many variants) come from here, clear of every block. */
const BEYOND_BLOCKS = 1_000_000_000;

function fail(errors: Record<string, string>): void {
  if (Object.keys(errors).length) throw invalid(errors);
}

/** Product and category URLs hold at most 255 characters (customUrl_Full maxLength); brand URLs 1024. */
function checkCustomUrl(v: unknown, errors: Record<string, string>, maxLength = 255): { url: string; is_customized: boolean } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || typeof (v as Json).url !== 'string' || !((v as Json).url as string).startsWith('/')) {
    errors.custom_url = 'custom_url.url must be a path starting with /.';
    return undefined;
  }
  if (((v as Json).url as string).length > maxLength) {
    errors['custom_url.url'] = `custom_url.url must be at most ${maxLength} characters.`;
    return undefined;
  }
  const cu = v as Json;
  return { url: cu.url as string, is_customized: typeof cu.is_customized === 'boolean' ? cu.is_customized : true };
}

export function isHttpUrl(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or']);

/** Registrable domain (eTLD+1) with a small built-in suffix list; good enough for the checkout-URL rule. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(h) || h.includes(':') || !h.includes('.')) return h;
  const labels = h.split('.');
  const n = labels.length;
  if (n >= 3 && labels[n - 1].length === 2 && SECOND_LEVEL.has(labels[n - 2])) return labels.slice(-3).join('.');
  return labels.slice(-2).join('.');
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------- the state

export class SandboxState {
  readonly storeHash: string;
  readonly seed: number;
  readonly clientId: string;
  /** Numeric store id (webhook `store_id`, /v2/store `store_id`). */
  readonly storeId: number;
  readonly ctx: GeneratorContext;

  /** Lean per-product records, in id order. */
  readonly products = new Map<number, ProductCore>();
  /** Materialised details of products that were created or changed; others are regenerated. */
  readonly details = new Map<number, ProductDetails>();
  readonly categories = new Map<number, Category>();
  readonly trees = new Map<number, CategoryTree>();
  readonly brands = new Map<number, Brand>();
  readonly channels = new Map<number, Channel>();
  readonly sites = new Map<number, Site>();
  readonly routes = new Map<number, SiteRoute>();
  readonly listings = new Map<number, Listing>();
  readonly hooks = new Map<number, Webhook>();
  readonly redirects = new RedirectStore(this);

  private readonly next = { product: 1, category: 1, brand: 1, channel: 3, site: 1001, route: 1, listing: 1, hook: 1 };
  /** Next id past the blocks, per kind, and the product owning each such variant id. */
  private readonly beyond = { variant: BEYOND_BLOCKS, option: BEYOND_BLOCKS, optionValue: BEYOND_BLOCKS };
  private readonly beyondVariants = new Map<number, number>();

  /** Receives every catalog event; the server points it at the webhook dispatcher. */
  onEvent: (e: CatalogEvent) => void = () => undefined;
  /** Clock for mutations (tests may replace it). */
  now: () => number = Date.now;

  constructor(opts: StateOptions) {
    this.storeHash = opts.storeHash;
    this.seed = opts.seed;
    this.clientId = opts.clientId;
    this.storeId = 1_000_000 + (Array.from(opts.storeHash).reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 8_999_999);
    const tax = generateTaxonomy(opts.seed, opts.products);
    for (const c of tax.categories) this.categories.set(c.id, c);
    for (const t of tax.trees) this.trees.set(t.id, t);
    for (const b of tax.brands) this.brands.set(b.id, b);
    this.next.category = tax.categories.length + 1;
    this.next.brand = tax.brands.length + 1;
    const parents = new Set(tax.categories.map((c) => c.parent_id));
    this.ctx = {
      seed: opts.seed,
      storeHash: opts.storeHash,
      allCategoryIds: tax.categories.map((c) => c.id),
      leafCategoryIds: tax.categories.filter((c) => !parents.has(c.id)).map((c) => c.id),
      brandIds: tax.brands.map((b) => b.id),
    };
    for (let id = 1; id <= opts.products; id++) this.products.set(id, generateCore(this.ctx, id));
    this.next.product = opts.products + 1;
    const created = bcDate(GENERATED_AT - 800 * 86_400_000);
    const channel = (id: number, name: string, platform: string): Channel => ({
      id,
      name,
      type: 'storefront',
      platform,
      status: 'active',
      external_id: '',
      is_listable_from_ui: true,
      is_visible: true,
      is_enabled: true,
      date_created: created,
      date_modified: created,
      icon_url: this.iconUrl(platform),
    });
    this.channels.set(1, channel(1, 'sandbox-storefront', 'bigcommerce'));
    this.channels.set(2, channel(2, 'outlet-storefront', 'next'));
    this.sites.set(1000, {
      id: 1000,
      url: `https://store-${opts.storeHash}.mybigcommerce.com`,
      channel_id: 1,
      created_at: created,
      updated_at: created,
      ssl_status: 'shared',
      checkout_url: null,
      checkout_url_created_at: null,
    });
  }

  /** The spec types icon_url as a URL, so every channel gets one (per platform). */
  private iconUrl(platform: string): string {
    return `https://cdn11.bigcommerce.com/s-${this.storeHash}/channel-icons/${platform}.svg`;
  }

  private stamp(): string {
    return bcDate(this.now());
  }

  private emit(scope: string, data: CatalogEvent['data']): void {
    this.version++;
    this.onEvent({ scope, data });
  }

  /** Bumped by every catalog change; lets derived data (the summary) be cached. */
  version = 0;

  // ------------------------------------------------------------ products

  product(id: number): ProductCore {
    const p = this.products.get(id);
    if (!p) throw notFound('Product', id);
    return p;
  }

  /** Details of a product: the stored copy if it was ever changed, else regenerated from the seed. */
  detailsOf(core: ProductCore): ProductDetails {
    return this.details.get(core.id) ?? generateDetails(this.ctx, core);
  }

  /** A stored (mutable) copy of the details, for writes. */
  private materialize(core: ProductCore): ProductDetails {
    let d = this.details.get(core.id);
    if (!d) {
      d = generateDetails(this.ctx, core);
      this.details.set(core.id, d);
    }
    return d;
  }

  /** Variants with BigCommerce's computed fields; a simple product's base variant mirrors the product. */
  variantsOf(core: ProductCore, details = this.detailsOf(core)): Array<Variant & { calculated_price: number; calculated_weight: number }> {
    const productPrice = core.sale_price > 0 ? core.sale_price : core.price;
    return details.variants.map((v) => {
      const base = v.option_values.length === 0;
      const view = base
        ? {
            ...v,
            sku: core.sku,
            price: core.price,
            sale_price: core.sale_price,
            retail_price: core.retail_price,
            cost_price: core.cost_price,
            weight: core.weight,
            inventory_level: core.inventory_tracking === 'product' ? core.inventory_level : v.inventory_level,
          }
        : v;
      const calculated_price = view.sale_price ? view.sale_price : (view.price ?? productPrice);
      return { ...view, calculated_price, calculated_weight: view.weight ?? core.weight };
    });
  }

  variantCount(core: ProductCore): number {
    return this.details.get(core.id)?.variants.length ?? variantCountOf(core.layout);
  }

  findVariant(variantId: number): { core: ProductCore; variant: Variant } | undefined {
    const pid = this.beyondVariants.get(variantId) ?? Math.floor((variantId - 1) / IDS_PER_PRODUCT.variant) + 1;
    const core = this.products.get(pid);
    if (!core) return undefined;
    const variant = this.detailsOf(core).variants.find((v) => v.id === variantId);
    return variant ? { core, variant } : undefined;
  }

  private skuTaken(sku: string, exceptProduct?: number): boolean {
    if (!sku) return false;
    for (const p of this.products.values()) {
      if (p.id !== exceptProduct && p.sku === sku) return true;
    }
    for (const d of this.details.values()) {
      if (d.variants.some((v) => v.product_id !== exceptProduct && v.sku === sku)) return true;
    }
    return false;
  }

  private validateProductRefs(input: Json, errors: Record<string, string>): void {
    if (Array.isArray(input.categories)) {
      const missing = (input.categories as number[]).filter((c) => !this.categories.has(c));
      if (missing.length) errors.categories = `Categories do not exist: ${missing.join(', ')}.`;
    }
    if (Number.isInteger(input.brand_id) && input.brand_id !== 0 && !this.brands.has(input.brand_id as number)) {
      errors.brand_id = `Brand ${String(input.brand_id)} does not exist.`;
    }
  }

  private checkUniqueProduct(input: Json, exceptId?: number): void {
    if (typeof input.name === 'string') {
      const lower = input.name.toLowerCase();
      for (const p of this.products.values()) {
        if (p.id !== exceptId && p.name.toLowerCase() === lower) {
          throw conflict(`The product name "${input.name}" is a duplicate.`, { name: 'Product name must be unique.' });
        }
      }
    }
    if (typeof input.sku === 'string' && this.skuTaken(input.sku, exceptId)) {
      throw conflict(`The SKU "${input.sku}" is already in use.`, { sku: 'SKU must be unique.' });
    }
  }

  private urlTaken(url: string, exceptId?: number): boolean {
    for (const p of this.products.values()) if (p.id !== exceptId && p.custom_url.url === url) return true;
    return false;
  }

  createProduct(raw: unknown): ProductCore {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    for (const k of ['name', 'type', 'weight', 'price']) if (input[k] === undefined) errors[k] = `${k} is required.`;
    checkFields(input, PRODUCT_FIELDS, errors);
    checkProductName(input, errors);
    this.validateProductRefs(input, errors);
    const customUrl = checkCustomUrl(input.custom_url, errors);
    const variantsIn = this.checkVariantInputs(input.variants, errors);
    const images = this.checkList(input.images, 'images', IDS_PER_PRODUCT.image, errors, (o, i) =>
      isHttpUrl(o.image_url) ? undefined : `images[${i}].image_url must be an absolute URL.`
    );
    const fields = this.checkList(input.custom_fields, 'custom_fields', IDS_PER_PRODUCT.customField, errors, (o, i) =>
      typeof o.name === 'string' && typeof o.value === 'string' && o.name && o.value ? undefined : `custom_fields[${i}] needs a name and a value.`
    );
    const rules = this.checkList(input.bulk_pricing_rules, 'bulk_pricing_rules', IDS_PER_PRODUCT.bulkRule, errors, (o, i) =>
      Number.isInteger(o.quantity_min) &&
      Number.isInteger(o.quantity_max) &&
      ['price', 'percent', 'fixed'].includes(o.type as string) &&
      typeof o.amount === 'number'
        ? undefined
        : `bulk_pricing_rules[${i}] needs quantity_min, quantity_max, type and amount.`
    );
    fail(errors);
    this.checkUniqueProduct(input);
    const id = this.next.product++;
    const name = input.name as string;
    const url = customUrl?.url ?? `/${slugify(name)}/`;
    if (this.urlTaken(url)) throw conflict(`The URL ${url} is already in use.`, { custom_url: 'URL must be unique.' });
    const now = this.stamp();
    const tracking = (input.inventory_tracking as ProductCore['inventory_tracking']) ?? 'none';
    const core: ProductCore = {
      id,
      name,
      sku: (input.sku as string) ?? '',
      type: input.type as ProductCore['type'],
      price: input.price as number,
      sale_price: (input.sale_price as number) ?? 0,
      retail_price: (input.retail_price as number) ?? 0,
      cost_price: (input.cost_price as number) ?? 0,
      weight: input.weight as number,
      brand_id: (input.brand_id as number) ?? 0,
      categories: (input.categories as number[]) ?? [],
      // New products land on the default storefront; other channels need an explicit assignment.
      channels: [1],
      is_visible: (input.is_visible as boolean) ?? true,
      is_featured: (input.is_featured as boolean) ?? false,
      is_free_shipping: (input.is_free_shipping as boolean) ?? false,
      inventory_tracking: tracking,
      inventory_level: tracking === 'product' ? ((input.inventory_level as number) ?? 0) : 0,
      total_sold: (input.total_sold as number) ?? 0,
      date_created: now,
      date_modified: now,
      custom_url: customUrl ?? { url, is_customized: false },
      layout: -1,
    };
    const details = this.blankDetails();
    for (const [k, v] of Object.entries(input)) {
      if (PRODUCT_FIELDS[k] !== undefined && !CORE_KEYS.has(k) && k in details) (details as unknown as Json)[k] = v;
    }
    this.buildVariants(core, details, variantsIn);
    details.images = images.map((o, k): ProductImage => {
      const iid = blockId('image', id, k);
      const u = o.image_url as string;
      return {
        id: iid,
        product_id: id,
        image_file: u.split('/').pop() ?? '',
        is_thumbnail: typeof o.is_thumbnail === 'boolean' ? o.is_thumbnail : k === 0,
        sort_order: Number.isInteger(o.sort_order) ? (o.sort_order as number) : k,
        description: typeof o.description === 'string' ? o.description : '',
        image_url: u,
        url_zoom: u,
        url_standard: u,
        url_thumbnail: u,
        url_tiny: u,
        date_modified: now,
      };
    });
    details.custom_fields = fields.map((o, k): CustomField => ({ id: blockId('customField', id, k), name: o.name as string, value: o.value as string }));
    details.bulk_pricing_rules = rules.map(
      (o, k): BulkPricingRule => ({
        id: blockId('bulkRule', id, k),
        quantity_min: o.quantity_min as number,
        quantity_max: o.quantity_max as number,
        type: o.type as BulkPricingRule['type'],
        amount: o.amount as number,
      })
    );
    if (tracking === 'variant') core.inventory_level = details.variants.reduce((s, v) => s + v.inventory_level, 0);
    this.products.set(id, core);
    this.details.set(id, details);
    this.emit('store/product/created', { type: 'product', id });
    for (const v of details.variants) {
      if (v.option_values.length) this.emit('store/sku/created', { type: 'sku', id: v.id, sku: { product_id: id, variant_id: v.id } });
    }
    return core;
  }

  private checkList(
    v: unknown,
    key: string,
    max: number,
    errors: Record<string, string>,
    check: (o: Json, i: number) => string | undefined,
    tooMany = `The sandbox accepts at most ${max} ${key} per product.`
  ): Json[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      errors[key] = `${key} must be an array.`;
      return [];
    }
    if (v.length > max) errors[key] = tooMany;
    v.forEach((o, i) => {
      const msg = typeof o === 'object' && o !== null ? check(o as Json, i) : `${key}[${i}] must be an object.`;
      if (msg) errors[`${key}[${i}]`] = msg;
    });
    return v as Json[];
  }

  private checkVariantInputs(v: unknown, errors: Record<string, string>): Json[] {
    const tooMany = `A product has at most ${PRODUCT_LIMITS.variants} variants (SKUs).`;
    const inputs = this.checkList(
      v,
      'variants',
      PRODUCT_LIMITS.variants,
      errors,
      (o, i) => {
        const e: Record<string, string> = {};
        checkFields(o, VARIANT_FIELDS, e);
        if (Object.keys(e).length) return `variants[${i}]: ${Object.values(e).join(' ')}`;
        const ov = o.option_values;
        if (ov !== undefined && (!Array.isArray(ov) || ov.some((x: Json) => typeof x?.option_display_name !== 'string' || typeof x?.label !== 'string'))) {
          return `variants[${i}].option_values needs option_display_name and label.`;
        }
        return undefined;
      },
      tooMany
    );
    // Each option's distinct values, as buildVariants will create them.
    const values = new Map<string, Set<string>>();
    for (const vin of inputs) {
      for (const ov of Array.isArray(vin?.option_values) ? (vin.option_values as Json[]) : []) {
        const name = String(ov?.option_display_name);
        values.set(name, (values.get(name) ?? new Set()).add(String(ov?.label)));
      }
    }
    for (const [name, labels] of values) {
      if (labels.size > PRODUCT_LIMITS.valuesPerOption) {
        errors.option_values = `The option "${name}" has ${labels.size} values; an option holds at most ${PRODUCT_LIMITS.valuesPerOption}.`;
      }
    }
    return inputs;
  }

  /**
   * Id of a created product's k-th option, value or variant: its generated block while there is room,
   * then ids past every block (a product may hold far more than a generated one).
   */
  private subId(kind: keyof typeof this.beyond, pid: number, k: number): number {
    if (k < IDS_PER_PRODUCT[kind]) return blockId(kind, pid, k);
    const id = ++this.beyond[kind];
    if (kind === 'variant') this.beyondVariants.set(id, pid);
    return id;
  }

  /** Builds options and variants of a created product from `variants[].option_values`. */
  private buildVariants(core: ProductCore, details: ProductDetails, inputs: Json[]): void {
    const pid = core.id;
    const options: ProductOption[] = [];
    let valueIdx = 0;
    for (const vin of inputs) {
      for (const ov of (vin.option_values as Json[] | undefined) ?? []) {
        const display = ov.option_display_name as string;
        let opt = options.find((o) => o.display_name === display);
        if (!opt) {
          opt = {
            id: this.subId('option', pid, options.length),
            product_id: pid,
            name: `${display}${pid}`,
            display_name: display,
            type: 'rectangles',
            sort_order: options.length,
            config: {},
            option_values: [],
          };
          options.push(opt);
        }
        if (!opt.option_values.some((x) => x.label === ov.label)) {
          opt.option_values.push({
            id: this.subId('optionValue', pid, valueIdx++),
            label: ov.label as string,
            sort_order: opt.option_values.length,
            value_data: null,
            is_default: false,
          });
        }
      }
    }
    const seen = new Set<string>();
    const variants: Variant[] = inputs.map((vin, k) => {
      const ovs = ((vin.option_values as Json[] | undefined) ?? []).map((ov) => {
        const opt = options.find((o) => o.display_name === ov.option_display_name) as ProductOption;
        const val = opt.option_values.find((x) => x.label === ov.label) as ProductOption['option_values'][number];
        return { id: val.id, label: val.label, option_id: opt.id, option_display_name: opt.display_name };
      });
      const key = ovs.map((o) => o.id).join(',');
      if (seen.has(key)) throw invalid({ [`variants[${k}]`]: 'Two variants have the same option values.' });
      seen.add(key);
      const sku = typeof vin.sku === 'string' ? vin.sku : `${core.sku || `P${pid}`}-${k + 1}`;
      if (this.skuTaken(sku) || (sku === core.sku && ovs.length > 0)) throw conflict(`The SKU "${sku}" is already in use.`, { sku: 'SKU must be unique.' });
      const vid = this.subId('variant', pid, k);
      return {
        ...this.blankVariant(pid, vid, sku),
        price: typeof vin.price === 'number' ? vin.price : null,
        sale_price: typeof vin.sale_price === 'number' ? vin.sale_price : null,
        retail_price: typeof vin.retail_price === 'number' ? vin.retail_price : null,
        cost_price: typeof vin.cost_price === 'number' ? vin.cost_price : null,
        weight: typeof vin.weight === 'number' ? vin.weight : null,
        inventory_level: Number.isInteger(vin.inventory_level) ? (vin.inventory_level as number) : 0,
        option_values: ovs,
      };
    });
    // Every product has at least its base variant.
    if (variants.length === 0) variants.push(this.blankVariant(pid, blockId('variant', pid, 0), core.sku));
    details.options = options;
    details.variants = variants;
  }

  private blankVariant(pid: number, vid: number, sku: string): Variant {
    return {
      id: vid,
      product_id: pid,
      sku,
      sku_id: vid,
      price: null,
      sale_price: null,
      retail_price: null,
      cost_price: null,
      map_price: 0,
      weight: null,
      width: null,
      height: null,
      depth: null,
      is_free_shipping: false,
      fixed_cost_shipping_price: null,
      purchasing_disabled: false,
      purchasing_disabled_message: '',
      image_url: '',
      upc: '',
      mpn: '',
      gtin: '',
      inventory_level: 0,
      inventory_warning_level: 0,
      bin_picking_number: '',
      option_values: [],
    };
  }

  private blankDetails(): ProductDetails {
    return {
      description: '',
      width: 0,
      depth: 0,
      height: 0,
      map_price: 0,
      tax_class_id: 0,
      product_tax_code: '',
      inventory_warning_level: 0,
      fixed_cost_shipping_price: 0,
      warranty: '',
      bin_picking_number: '',
      layout_file: 'product.html',
      upc: '',
      mpn: '',
      gtin: '',
      search_keywords: '',
      availability: 'available',
      availability_description: '',
      condition: 'New',
      is_condition_shown: false,
      order_quantity_minimum: 0,
      order_quantity_maximum: 0,
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      view_count: 0,
      reviews_rating_sum: 0,
      reviews_count: 0,
      sort_order: 0,
      related_products: [],
      is_price_hidden: false,
      price_hidden_label: '',
      is_preorder_only: false,
      preorder_message: '',
      open_graph_type: 'product',
      open_graph_title: '',
      open_graph_description: '',
      open_graph_use_meta_description: true,
      open_graph_use_product_name: true,
      open_graph_use_image: true,
      options: [],
      variants: [],
      images: [],
      custom_fields: [],
      bulk_pricing_rules: [],
    };
  }

  /** Partial update of a product; returns the names of the fields that changed. */
  updateProduct(id: number, raw: unknown): string[] {
    const core = this.product(id);
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    checkFields(input, PRODUCT_FIELDS, errors);
    checkProductName(input, errors);
    this.validateProductRefs(input, errors);
    const customUrl = checkCustomUrl(input.custom_url, errors);
    fail(errors);
    this.checkUniqueProduct(input, id);
    if (customUrl && this.urlTaken(customUrl.url, id)) throw conflict(`The URL ${customUrl.url} is already in use.`, { custom_url: 'URL must be unique.' });
    const oldLevel = core.inventory_level;
    const changed: string[] = [];
    for (const [k, v] of Object.entries(input)) {
      if (PRODUCT_FIELDS[k] === undefined) continue;
      if (CORE_KEYS.has(k)) {
        // Stock of a variant-tracked product is the sum of its variants; it cannot be set directly.
        if (k === 'inventory_level' && core.inventory_tracking === 'variant') continue;
        if (!sameJson((core as unknown as Json)[k], v)) {
          (core as unknown as Json)[k] = v;
          changed.push(k);
        }
      } else {
        const d = this.materialize(core);
        if (k in d && !sameJson((d as unknown as Json)[k], v)) {
          (d as unknown as Json)[k] = v;
          changed.push(k);
        }
      }
    }
    if (customUrl && !sameJson(core.custom_url, customUrl)) {
      core.custom_url = customUrl;
      changed.push('custom_url');
    }
    if (changed.includes('inventory_tracking')) {
      const d = this.materialize(core);
      if (core.inventory_tracking === 'variant') core.inventory_level = d.variants.reduce((s, v) => s + v.inventory_level, 0);
      if (core.inventory_tracking === 'none') core.inventory_level = 0;
    }
    if (changed.length) this.touchProduct(core, changed, oldLevel);
    return changed;
  }

  private touchProduct(core: ProductCore, changed: string[], oldLevel: number): void {
    this.version++;
    core.date_modified = this.stamp();
    const levelChanged = core.inventory_level !== oldLevel;
    const triggers = changed.filter((k) => PRODUCT_UPDATE_TRIGGERS.has(k) && (k !== 'inventory_level' || core.inventory_tracking !== 'none'));
    if (triggers.length || (levelChanged && core.inventory_tracking !== 'none')) {
      this.emit('store/product/updated', { type: 'product', id: core.id });
    }
    if (levelChanged && core.inventory_tracking === 'product') {
      this.emit('store/product/inventory/updated', {
        type: 'product',
        id: core.id,
        inventory: { product_id: core.id, method: 'absolute', value: core.inventory_level },
      });
    }
  }

  deleteProduct(id: number): boolean {
    if (!this.products.delete(id)) return false;
    this.details.delete(id);
    for (const [lid, l] of this.listings) if (l.product_id === id) this.listings.delete(lid);
    this.emit('store/product/deleted', { type: 'product', id });
    return true;
  }

  /** Updates one variant. A simple product's base variant writes through to the product. */
  updateVariant(productId: number, variantId: number, raw: unknown): void {
    const core = this.product(productId);
    const input = requireObject(raw);
    const current = this.detailsOf(core).variants.find((v) => v.id === variantId);
    if (!current) throw notFound('Variant', variantId);
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(input)) {
      const kind = VARIANT_FIELDS[k];
      if (kind === undefined || (v === null && NULLABLE_VARIANT.has(k))) continue;
      checkKind(k, v, kind, errors);
      if (typeof v === 'number' && v < 0 && (NULLABLE_VARIANT.has(k) || k === 'inventory_level')) errors[k] = `${k} must be zero or more.`;
    }
    fail(errors);
    if (current.option_values.length === 0) {
      const patch: Json = {};
      for (const k of ['sku', 'price', 'sale_price', 'retail_price', 'cost_price', 'weight', 'inventory_level']) {
        if (input[k] !== undefined && input[k] !== null) patch[k] = input[k];
      }
      if (input.inventory_level !== undefined && core.inventory_tracking === 'none') patch.inventory_tracking = 'product';
      this.updateProduct(productId, patch);
      return;
    }
    if (typeof input.sku === 'string' && input.sku !== current.sku && this.skuTaken(input.sku)) {
      throw conflict(`The SKU "${input.sku}" is already in use.`, { sku: 'SKU must be unique.' });
    }
    const d = this.materialize(core);
    const v = d.variants.find((x) => x.id === variantId) as Variant;
    const oldLevel = v.inventory_level;
    const changed: string[] = [];
    for (const [k, val] of Object.entries(input)) {
      if (VARIANT_FIELDS[k] === undefined) continue;
      if (!sameJson((v as unknown as Json)[k], val)) {
        (v as unknown as Json)[k] = val;
        changed.push(k);
      }
    }
    if (!changed.length) return;
    if (core.inventory_tracking === 'variant') core.inventory_level = d.variants.reduce((s, x) => s + x.inventory_level, 0);
    core.date_modified = this.stamp();
    const ref = { product_id: productId, variant_id: variantId };
    this.emit('store/sku/updated', { type: 'sku', id: variantId, sku: ref });
    if (v.inventory_level !== oldLevel && core.inventory_tracking === 'variant') {
      this.emit('store/sku/inventory/updated', {
        type: 'sku',
        id: variantId,
        inventory: { ...ref, method: 'absolute', value: v.inventory_level },
      });
    }
  }

  setChannelAssignments(pairs: unknown, assign: boolean): void {
    if (!Array.isArray(pairs)) throw invalid({ body: 'The body must be an array of {product_id, channel_id}.' });
    const errors: Record<string, string> = {};
    pairs.forEach((p: Json, i) => {
      if (!Number.isInteger(p?.product_id) || !this.products.has(p.product_id as number)) errors[`[${i}].product_id`] = 'Product does not exist.';
      if (!Number.isInteger(p?.channel_id) || !this.channels.has(p.channel_id as number)) errors[`[${i}].channel_id`] = 'Channel does not exist.';
    });
    fail(errors);
    this.version++;
    for (const p of pairs as Array<{ product_id: number; channel_id: number }>) {
      const core = this.product(p.product_id);
      const has = core.channels.includes(p.channel_id);
      if (assign && !has) core.channels = [...core.channels, p.channel_id].sort((a, b) => a - b);
      if (!assign && has) core.channels = core.channels.filter((c) => c !== p.channel_id);
    }
  }

  // ------------------------------------------------------------ categories and brands

  category(id: number): Category {
    const c = this.categories.get(id);
    if (!c) throw notFound('Category', id);
    return c;
  }

  private checkCategory(input: Json, self?: Category): void {
    const errors: Record<string, string> = {};
    checkFields(input, CATEGORY_FIELDS, errors);
    if (typeof input.name === 'string' && (input.name.length < 1 || input.name.length > 50)) errors.name = 'name must be 1 to 50 characters.';
    const parentId = (input.parent_id as number | undefined) ?? self?.parent_id;
    if (Number.isInteger(input.parent_id) && input.parent_id !== 0 && !this.categories.has(input.parent_id as number)) {
      errors.parent_id = `Parent category ${String(input.parent_id)} does not exist.`;
    }
    if (self && Number.isInteger(input.parent_id)) {
      // A category cannot move under itself or its own descendants.
      for (let p = input.parent_id as number; p !== 0; p = this.categories.get(p)?.parent_id ?? 0) {
        if (p === self.id) {
          errors.parent_id = 'A category cannot be its own ancestor.';
          break;
        }
      }
    }
    checkCustomUrl(input.custom_url, errors);
    fail(errors);
    const name = (input.name as string | undefined) ?? self?.name;
    for (const c of this.categories.values()) {
      if (c !== self && c.parent_id === parentId && c.name.toLowerCase() === name?.toLowerCase()) {
        throw conflict(`Category "${name}" already exists under this parent.`, { name: 'Sibling names must be unique.' });
      }
    }
  }

  createCategory(raw: unknown): Category {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (input.name === undefined) errors.name = 'name is required.';
    if (input.parent_id === undefined) errors.parent_id = 'parent_id is required.';
    fail(errors);
    this.checkCategory(input);
    const id = this.next.category++;
    const parent = this.categories.get(input.parent_id as number);
    const name = input.name as string;
    const c: Category = {
      id,
      parent_id: input.parent_id as number,
      name,
      description: '',
      views: 0,
      sort_order: 0,
      page_title: '',
      search_keywords: '',
      meta_keywords: [],
      meta_description: '',
      layout_file: 'category.html',
      is_visible: true,
      default_product_sort: 'use_store_settings',
      image_url: '',
      custom_url: { url: `${parent ? parent.custom_url.url : '/'}${slugify(name)}/`, is_customized: false },
      uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
      tree_id: 1,
    };
    this.assign(c, input, CATEGORY_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu) c.custom_url = cu;
    this.categories.set(id, c);
    this.emit('store/category/created', { type: 'category', id });
    return c;
  }

  updateCategory(id: number, raw: unknown): Category {
    const c = this.category(id);
    const input = requireObject(raw);
    this.checkCategory(input, c);
    const changed = this.assign(c, input, CATEGORY_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu && !sameJson(cu, c.custom_url)) {
      c.custom_url = cu;
      changed.push('custom_url');
    }
    if (changed.length) this.emit('store/category/updated', { type: 'category', id });
    return c;
  }

  /** Deletes a category and its descendants, and drops them from products. */
  deleteCategory(id: number): boolean {
    if (!this.categories.has(id)) return false;
    const doomed = new Set<number>([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.categories.values()) {
        if (!doomed.has(c.id) && doomed.has(c.parent_id)) {
          doomed.add(c.id);
          grew = true;
        }
      }
    }
    for (const cid of doomed) this.categories.delete(cid);
    for (const p of this.products.values()) {
      if (p.categories.some((c) => doomed.has(c))) p.categories = p.categories.filter((c) => !doomed.has(c));
    }
    for (const cid of doomed) this.emit('store/category/deleted', { type: 'category', id: cid });
    return true;
  }

  brand(id: number): Brand {
    const b = this.brands.get(id);
    if (!b) throw notFound('Brand', id);
    return b;
  }

  private checkBrand(input: Json, self?: Brand): void {
    const errors: Record<string, string> = {};
    checkFields(input, BRAND_FIELDS, errors);
    if (typeof input.name === 'string' && (input.name.length < 1 || input.name.length > 255)) errors.name = 'name must be 1 to 255 characters.';
    checkCustomUrl(input.custom_url, errors, 1024);
    fail(errors);
    if (typeof input.name === 'string') {
      const lower = input.name.toLowerCase();
      for (const b of this.brands.values()) {
        if (b !== self && b.name.toLowerCase() === lower) throw conflict(`Brand "${input.name}" already exists.`, { name: 'Brand name must be unique.' });
      }
    }
  }

  /** BigCommerce has no brand CRUD webhook scopes, so brand changes emit no event. */
  createBrand(raw: unknown): Brand {
    const input = requireObject(raw);
    if (input.name === undefined) throw invalid({ name: 'name is required.' });
    this.checkBrand(input);
    const id = this.next.brand++;
    const name = input.name as string;
    const b: Brand = {
      id,
      name,
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      search_keywords: '',
      image_url: '',
      custom_url: { url: `/brands/${slugify(name)}.html`, is_customized: false },
    };
    this.assign(b, input, BRAND_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu) b.custom_url = cu;
    this.brands.set(id, b);
    return b;
  }

  updateBrand(id: number, raw: unknown): Brand {
    const b = this.brand(id);
    const input = requireObject(raw);
    this.checkBrand(input, b);
    this.assign(b, input, BRAND_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu) b.custom_url = cu;
    return b;
  }

  deleteBrand(id: number): boolean {
    if (!this.brands.delete(id)) return false;
    this.version++;
    for (const p of this.products.values()) if (p.brand_id === id) p.brand_id = 0;
    return true;
  }

  private assign<T extends object>(target: T, input: Json, table: Record<string, FieldKind>): string[] {
    const changed: string[] = [];
    for (const [k, v] of Object.entries(input)) {
      if (table[k] === undefined || v === undefined) continue;
      const t = target as unknown as Json;
      if (!sameJson(t[k], v)) {
        t[k] = v;
        changed.push(k);
      }
    }
    return changed;
  }

  // ------------------------------------------------------------ channels, listings, sites

  channel(id: number): Channel {
    const c = this.channels.get(id);
    if (!c) throw notFound('Channel', id);
    return c;
  }

  private checkChannelName(name: unknown, errors: Record<string, string>): void {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(name)) {
      errors.name = 'name may contain only Latin letters, digits, dashes and underscores.';
    }
  }

  createChannel(raw: unknown): Channel {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    for (const k of ['name', 'type', 'platform']) if (input[k] === undefined) errors[k] = `${k} is required.`;
    if (input.name !== undefined) this.checkChannelName(input.name, errors);
    const type = input.type as ChannelType;
    if (input.type !== undefined && !CHANNEL_TYPES.includes(type)) errors.type = `type must be one of: ${CHANNEL_TYPES.join(', ')}.`;
    if (input.platform !== undefined) {
      const types = typeof input.platform === 'string' ? PLATFORM_TYPES[input.platform] : undefined;
      if (!types) errors.platform = `Unknown platform ${String(input.platform)}.`;
      else if (CHANNEL_TYPES.includes(type) && !types.includes(type)) errors.platform = `Platform ${String(input.platform)} does not support type ${type}.`;
    }
    if (input.status !== undefined && CHANNEL_TYPES.includes(type)) {
      const allowed: ChannelStatus[] = WRITABLE_STATUSES[type].filter((s) => s !== 'deleted');
      if (!allowed.includes(input.status as ChannelStatus)) errors.status = `status must be one of: ${allowed.join(', ')}.`;
    }
    for (const k of ['is_listable_from_ui', 'is_visible'] as const)
      if (input[k] !== undefined && typeof input[k] !== 'boolean') errors[k] = `${k} must be a boolean.`;
    if (input.external_id !== undefined && typeof input.external_id !== 'string') errors.external_id = 'external_id must be a string.';
    if (!errors.name && [...this.channels.values()].some((c) => c.name === input.name)) errors.name = 'A channel with this name already exists.';
    fail(errors);
    const now = this.stamp();
    const c: Channel = {
      id: this.next.channel++,
      name: input.name as string,
      type,
      platform: input.platform as string,
      status: (input.status as ChannelStatus) ?? (type === 'storefront' ? 'prelaunch' : 'connected'),
      external_id: (input.external_id as string) ?? '',
      is_listable_from_ui: (input.is_listable_from_ui as boolean) ?? true,
      is_visible: (input.is_visible as boolean) ?? true,
      is_enabled: true,
      date_created: now,
      date_modified: now,
      icon_url: this.iconUrl(input.platform as string),
    };
    c.is_enabled = AVAILABLE_STATUSES.includes(c.status);
    this.channels.set(c.id, c);
    return c;
  }

  updateChannel(id: number, raw: unknown): Channel {
    const c = this.channel(id);
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (input.name !== undefined) this.checkChannelName(input.name, errors);
    if (input.status !== undefined) {
      const allowed: ChannelStatus[] = WRITABLE_STATUSES[c.type].filter((s) => s !== 'prelaunch');
      if (!allowed.includes(input.status as ChannelStatus)) errors.status = `status must be one of: ${allowed.join(', ')}.`;
    }
    for (const k of ['is_listable_from_ui', 'is_visible'] as const)
      if (input[k] !== undefined && typeof input[k] !== 'boolean') errors[k] = `${k} must be a boolean.`;
    if (input.external_id !== undefined && typeof input.external_id !== 'string') errors.external_id = 'external_id must be a string.';
    if (input.type !== undefined && input.type !== c.type) errors.type = 'type cannot be changed.';
    if (input.platform !== undefined && input.platform !== c.platform) errors.platform = 'platform cannot be changed.';
    fail(errors);
    if (typeof input.name === 'string' && [...this.channels.values()].some((o) => o !== c && o.name === input.name)) {
      throw conflict('A channel with this name already exists.', { name: 'Channel name must be unique.' });
    }
    let changed = false;
    for (const k of ['name', 'status', 'external_id', 'is_listable_from_ui', 'is_visible'] as const) {
      if (input[k] !== undefined && input[k] !== c[k]) {
        (c as unknown as Json)[k] = input[k];
        changed = true;
      }
    }
    c.is_enabled = AVAILABLE_STATUSES.includes(c.status);
    if (changed) c.date_modified = this.stamp();
    return c;
  }

  private checkListings(channelId: number, raw: unknown, withIds: boolean): Json[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of listings.' });
    const errors: Record<string, string> = {};
    raw.forEach((l: Json, i) => {
      const at = `[${i}]`;
      if (typeof l !== 'object' || l === null) {
        errors[at] = 'A listing must be an object.';
        return;
      }
      if (withIds) {
        const existing = this.listings.get(l.listing_id as number);
        if (!Number.isInteger(l.listing_id) || !existing || existing.channel_id !== channelId)
          errors[`${at}.listing_id`] = 'Listing does not exist in this channel.';
      }
      const core = Number.isInteger(l.product_id) ? this.products.get(l.product_id as number) : undefined;
      if (!core) errors[`${at}.product_id`] = 'Product does not exist.';
      if (!LISTING_STATES.includes(l.state as (typeof LISTING_STATES)[number])) errors[`${at}.state`] = `state must be one of: ${LISTING_STATES.join(', ')}.`;
      if (!Array.isArray(l.variants)) {
        errors[`${at}.variants`] = 'variants is required.';
        return;
      }
      const ids = core ? new Set(this.detailsOf(core).variants.map((v) => v.id)) : new Set<number>();
      (l.variants as Json[]).forEach((v, j) => {
        if (v?.product_id !== l.product_id) errors[`${at}.variants[${j}].product_id`] = 'Variant product_id must match the listing.';
        if (!Number.isInteger(v?.variant_id) || !ids.has(v.variant_id as number))
          errors[`${at}.variants[${j}].variant_id`] = 'Variant does not belong to the product.';
        if (!VARIANT_STATES.includes(v?.state as (typeof VARIANT_STATES)[number])) errors[`${at}.variants[${j}].state`] = 'Invalid variant state.';
      });
    });
    fail(errors);
    return raw as Json[];
  }

  upsertListings(channelId: number, raw: unknown, withIds: boolean): Listing[] {
    this.channel(channelId);
    const items = this.checkListings(channelId, raw, withIds);
    const now = this.stamp();
    return items.map((l) => {
      const old = withIds ? this.listings.get(l.listing_id as number) : undefined;
      const listing: Listing = {
        channel_id: channelId,
        listing_id: old ? old.listing_id : this.next.listing++,
        external_id: typeof l.external_id === 'string' ? l.external_id : (old?.external_id ?? ''),
        product_id: l.product_id as number,
        state: l.state as string,
        name: typeof l.name === 'string' ? l.name : (old?.name ?? this.product(l.product_id as number).name),
        description: typeof l.description === 'string' ? l.description : (old?.description ?? ''),
        date_created: old?.date_created ?? now,
        date_modified: now,
        variants: (l.variants as Json[]).map((v) => ({
          channel_id: channelId,
          product_id: v.product_id as number,
          variant_id: v.variant_id as number,
          external_id: typeof v.external_id === 'string' ? v.external_id : '',
          state: v.state as string,
          name: typeof v.name === 'string' ? v.name : '',
          description: typeof v.description === 'string' ? v.description : '',
          date_created: old?.variants.find((x) => x.variant_id === v.variant_id)?.date_created ?? now,
          date_modified: now,
        })),
      };
      this.listings.set(listing.listing_id, listing);
      return listing;
    });
  }

  siteOfChannel(channelId: number): Site | undefined {
    for (const s of this.sites.values()) if (s.channel_id === channelId) return s;
    return undefined;
  }

  site(id: number): Site {
    const s = this.sites.get(id);
    if (!s) throw notFound('Site', id);
    return s;
  }

  createSite(channelId: number, url: unknown, badStatus: number): Site {
    if (!isHttpUrl(url)) throw new ApiError(badStatus, 'The site URL must be an absolute http(s) URL.', { url: 'Invalid URL.' });
    this.channel(channelId);
    if (this.siteOfChannel(channelId)) {
      throw new ApiError(badStatus, `Channel ${channelId} already has a site.`, { channel_id: 'A channel has at most one site.' });
    }
    const now = this.stamp();
    const s: Site = {
      id: this.next.site++,
      url,
      channel_id: channelId,
      created_at: now,
      updated_at: now,
      ssl_status: 'shared',
      checkout_url: null,
      checkout_url_created_at: null,
    };
    this.sites.set(s.id, s);
    return s;
  }

  updateSite(s: Site, url: unknown): Site {
    if (!isHttpUrl(url)) throw invalid({ url: 'The site URL must be an absolute http(s) URL.' });
    if (s.checkout_url && registrableDomain(new URL(url).hostname) !== registrableDomain(new URL(s.checkout_url).hostname)) {
      throw invalid({ url: 'The site URL must stay in the same registrable domain as the custom checkout URL.' });
    }
    s.url = url;
    s.updated_at = this.stamp();
    return s;
  }

  deleteSite(id: number): void {
    this.sites.delete(id);
    for (const [rid, r] of this.routes) if (r.site_id === id) this.routes.delete(rid);
    this.redirects.delete(undefined, id);
  }

  setCheckoutUrl(channelId: number, url: unknown): Site {
    this.channel(channelId);
    const s = this.siteOfChannel(channelId);
    if (!s) throw notFound('Site of channel', channelId);
    if (!isHttpUrl(url) || new URL(url).protocol !== 'https:') throw invalid({ url: 'The checkout URL must be an absolute https URL.' });
    const site = registrableDomain(new URL(s.url).hostname);
    const checkout = registrableDomain(new URL(url).hostname);
    if (site !== checkout) {
      throw invalid({ url: `${url} is not in ${site}.` }, `Checkout URL ${url} must be in the same registrable domain as the site (${site}).`);
    }
    const now = this.stamp();
    s.checkout_url = url;
    s.checkout_url_created_at ??= now;
    s.updated_at = now;
    return s;
  }

  clearCheckoutUrl(channelId: number): void {
    this.channel(channelId);
    const s = this.siteOfChannel(channelId);
    if (!s) throw notFound('Site of channel', channelId);
    s.checkout_url = null;
    s.checkout_url_created_at = null;
    s.updated_at = this.stamp();
  }

  checkRoute(input: unknown, partial: boolean): Json {
    const r = requireObject(input);
    const errors: Record<string, string> = {};
    if (!partial || r.type !== undefined) {
      if (!ROUTE_TYPES.includes(r.type as (typeof ROUTE_TYPES)[number])) errors.type = `type must be one of: ${ROUTE_TYPES.join(', ')}.`;
    }
    for (const k of ['matching', 'route']) {
      if ((!partial || r[k] !== undefined) && (typeof r[k] !== 'string' || (r[k] as string).length === 0)) errors[k] = `${k} is required.`;
    }
    fail(errors);
    return r;
  }

  createRoute(siteId: number, input: Json): SiteRoute {
    const route: SiteRoute = {
      id: this.next.route++,
      site_id: siteId,
      type: input.type as string,
      matching: input.matching as string,
      route: input.route as string,
    };
    this.routes.set(route.id, route);
    return route;
  }

  // ------------------------------------------------------------ webhooks

  checkHook(raw: unknown, partial: boolean): Json {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!partial || input.scope !== undefined) {
      const s = input.scope;
      const m = typeof s === 'string' ? /^store\/([A-Za-z]+)(\/[A-Za-z0-9_]+)*(\/\*)?$/.exec(s) : null;
      if (!m || !WEBHOOK_RESOURCES.has(m[1])) errors.scope = 'scope must be a webhook event such as store/product/updated or store/product/*.';
    }
    if (!partial || input.destination !== undefined) {
      if (!isHttpUrl(input.destination)) errors.destination = 'destination must be an absolute http(s) URL.';
    }
    if (input.is_active !== undefined && typeof input.is_active !== 'boolean') errors.is_active = 'is_active must be a boolean.';
    const h = input.headers;
    if (h !== undefined && h !== null && (typeof h !== 'object' || Array.isArray(h) || Object.values(h).some((v) => typeof v !== 'string'))) {
      errors.headers = 'headers must be an object of string values.';
    }
    fail(errors);
    return input;
  }

  createHook(token: string, raw: unknown): Webhook {
    const input = this.checkHook(raw, false);
    const mine = [...this.hooks.values()].filter((w) => w.owner_token === token && w.scope === input.scope);
    if (mine.some((w) => w.destination === input.destination)) {
      throw invalid({ destination: 'A webhook with this scope and destination already exists.' });
    }
    if (mine.length >= 10) throw invalid({ scope: 'At most 10 webhooks per scope.' });
    const now = Math.floor(this.now() / 1000);
    const w: Webhook = {
      id: this.next.hook++,
      client_id: this.clientId,
      store_hash: this.storeHash,
      scope: input.scope as string,
      destination: input.destination as string,
      is_active: (input.is_active as boolean | undefined) ?? true,
      headers: (input.headers as Record<string, string> | null | undefined) ?? null,
      created_at: now,
      updated_at: now,
      owner_token: token,
      consecutive_failures: 0,
    };
    this.hooks.set(w.id, w);
    return w;
  }

  updateHook(w: Webhook, raw: unknown): Webhook {
    const input = this.checkHook(raw, true);
    for (const k of ['scope', 'destination', 'is_active', 'headers'] as const) {
      if (input[k] !== undefined) (w as unknown as Json)[k] = input[k];
    }
    if (input.is_active === true) w.consecutive_failures = 0;
    w.updated_at = Math.floor(this.now() / 1000);
    return w;
  }
}
