// Products and their variants, options, images, custom fields and bulk pricing rules; the seeded
// catalog is generated lazily from the seed, and only created or changed products are stored.
import { conflict, invalid, notFound } from '../errors';
import { blockId, generateCore, generateDetails, IDS_PER_PRODUCT, slugify, variantCountOf, type GeneratorContext } from '../generator';
import type { BulkPricingRule, CustomField, ProductCore, ProductDetails, ProductImage, ProductOption, Variant } from '../types';
import { checkCustomUrl, checkFields, checkKind, fail, isHttpUrl, requireObject, sameJson, type FieldKind, type Json } from './fields';
import type { SandboxStore } from '.';

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

export class CatalogStore {
  readonly ctx: GeneratorContext;
  /** Lean per-product records, in id order. */
  readonly products = new Map<number, ProductCore>();
  /** Materialised details of products that were created or changed; others are regenerated. */
  readonly details = new Map<number, ProductDetails>();
  private readonly next = { product: 1 };
  /** Next id past the blocks, per kind, and the product owning each such variant id. */
  private readonly beyond = { variant: BEYOND_BLOCKS, option: BEYOND_BLOCKS, optionValue: BEYOND_BLOCKS };
  private readonly beyondVariants = new Map<number, number>();

  constructor(
    private readonly store: SandboxStore,
    count: number
  ) {
    const { categories, brands } = store.taxonomy;
    const all = [...categories.values()];
    const parents = new Set(all.map((c) => c.parent_id));
    this.ctx = {
      seed: store.seed,
      storeHash: store.storeHash,
      get imageOrigin() {
        return store.imageOrigin;
      },
      allCategoryIds: all.map((c) => c.id),
      leafCategoryIds: all.filter((c) => !parents.has(c.id)).map((c) => c.id),
      brandIds: [...brands.keys()],
    };
    for (let id = 1; id <= count; id++) this.products.set(id, generateCore(this.ctx, id));
    this.next.product = count + 1;
  }

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
      const missing = (input.categories as number[]).filter((c) => !this.store.taxonomy.categories.has(c));
      if (missing.length) errors.categories = `Categories do not exist: ${missing.join(', ')}.`;
    }
    if (Number.isInteger(input.brand_id) && input.brand_id !== 0 && !this.store.taxonomy.brands.has(input.brand_id as number)) {
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
    const now = this.store.stamp();
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
    this.store.emitChange('store/product/created', { type: 'product', id });
    for (const v of details.variants) {
      if (v.option_values.length) this.store.emitChange('store/sku/created', { type: 'sku', id: v.id, sku: { product_id: id, variant_id: v.id } });
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
    this.store.version++;
    core.date_modified = this.store.stamp();
    const levelChanged = core.inventory_level !== oldLevel;
    const triggers = changed.filter((k) => PRODUCT_UPDATE_TRIGGERS.has(k) && (k !== 'inventory_level' || core.inventory_tracking !== 'none'));
    if (triggers.length || (levelChanged && core.inventory_tracking !== 'none')) {
      this.store.emitChange('store/product/updated', { type: 'product', id: core.id });
    }
    if (levelChanged && core.inventory_tracking === 'product') {
      this.store.emitChange('store/product/inventory/updated', {
        type: 'product',
        id: core.id,
        inventory: { product_id: core.id, method: 'absolute', value: core.inventory_level },
      });
    }
  }

  deleteProduct(id: number): boolean {
    if (!this.products.delete(id)) return false;
    this.details.delete(id);
    for (const [lid, l] of this.store.channels.listings) if (l.product_id === id) this.store.channels.listings.delete(lid);
    this.store.emitChange('store/product/deleted', { type: 'product', id });
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
    core.date_modified = this.store.stamp();
    const ref = { product_id: productId, variant_id: variantId };
    this.store.emitChange('store/sku/updated', { type: 'sku', id: variantId, sku: ref });
    if (v.inventory_level !== oldLevel && core.inventory_tracking === 'variant') {
      this.store.emitChange('store/sku/inventory/updated', {
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
      if (!Number.isInteger(p?.channel_id) || !this.store.channels.channels.has(p.channel_id as number))
        errors[`[${i}].channel_id`] = 'Channel does not exist.';
    });
    fail(errors);
    this.store.version++;
    for (const p of pairs as Array<{ product_id: number; channel_id: number }>) {
      const core = this.product(p.product_id);
      const has = core.channels.includes(p.channel_id);
      if (assign && !has) core.channels = [...core.channels, p.channel_id].sort((a, b) => a - b);
      if (!assign && has) core.channels = core.channels.filter((c) => c !== p.channel_id);
    }
  }
}
