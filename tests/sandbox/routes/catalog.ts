// Catalog v3: products and their sub-resources, variants, channel assignments, summary.
import { SCOPES } from '../auth';
import { ApiError, invalid, notFound } from '../errors';
import {
  bool,
  collection,
  dateParam,
  int,
  intList,
  isObject,
  list,
  num,
  oneOf,
  pageOf,
  pagination,
  paging,
  projector,
  queryOf,
  single,
  str,
  type Json,
  type Query,
} from '../http';
import { bcDate } from '../generator';
import type { SandboxStore } from '../store';
import type { ProductCore, ProductDetails } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';

export const PRODUCT_INCLUDES = [
  'bulk_pricing_rules',
  'channels',
  'custom_fields',
  'images',
  'modifiers',
  'options',
  'parent_relations',
  'primary_image',
  'reviews',
  'variants',
  'videos',
] as const;
type Include = (typeof PRODUCT_INCLUDES)[number];

const PRODUCT_SORTS = [
  'id',
  'name',
  'sku',
  'price',
  'date_modified',
  'date_last_imported',
  'inventory_level',
  'is_visible',
  'total_sold',
  'calculated_price',
] as const;

/** Product fields available without generating the product's details. */
const CORE_VIEW_KEYS = new Set([
  'id',
  'name',
  'type',
  'sku',
  'weight',
  'price',
  'cost_price',
  'retail_price',
  'sale_price',
  'calculated_price',
  'categories',
  'brand_id',
  'inventory_level',
  'inventory_tracking',
  'total_sold',
  'is_free_shipping',
  'is_visible',
  'is_featured',
  'date_created',
  'date_modified',
  'custom_url',
]);

/**
 * What `include_fields` may name on products (products_catalog.v3.yml `IncludeFieldsParam`). `id` is not
 * among them (it always comes back); BigCommerce refuses a value outside the enum.
 */
export const PRODUCT_INCLUDE_FIELDS = [
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

/** Parses `include` and checks `include_fields` of a product request against their enums. */
function includesOf(q: Query): Set<Include> {
  const fields = list(q, 'include_fields') ?? [];
  const unknown = fields.filter((f) => !(PRODUCT_INCLUDE_FIELDS as readonly string[]).includes(f));
  if (unknown.length) {
    throw invalid({ include_fields: `Unknown field: ${unknown.join(', ')}. Allowed: ${PRODUCT_INCLUDE_FIELDS.join(', ')}.` });
  }
  const inc = list(q, 'include') ?? [];
  const bad = inc.filter((i) => !(PRODUCT_INCLUDES as readonly string[]).includes(i));
  if (bad.length) throw invalid({ include: `Unknown include: ${bad.join(', ')}. Allowed: ${PRODUCT_INCLUDES.join(', ')}.` });
  return new Set(inc as Include[]);
}

const calculated = (p: ProductCore): number => (p.sale_price > 0 ? p.sale_price : p.price);

/** Renders a product the way GET /catalog/products does, generating details only when needed. */
export function productJson(store: SandboxStore, core: ProductCore, includes: ReadonlySet<Include>, fieldsNeeded: boolean): Json {
  const d: ProductDetails | undefined = fieldsNeeded || includes.size ? store.catalog.detailsOf(core) : undefined;
  const out: Json = {
    id: core.id,
    name: core.name,
    type: core.type,
    sku: core.sku,
  };
  if (d) out.description = d.description;
  out.weight = core.weight;
  if (d) Object.assign(out, { width: d.width, depth: d.depth, height: d.height });
  Object.assign(out, { price: core.price, cost_price: core.cost_price, retail_price: core.retail_price, sale_price: core.sale_price });
  if (d) Object.assign(out, { map_price: d.map_price, tax_class_id: d.tax_class_id, product_tax_code: d.product_tax_code });
  Object.assign(out, { calculated_price: calculated(core), categories: core.categories, brand_id: core.brand_id });
  if (d) out.option_set_display = 'right';
  out.inventory_level = core.inventory_level;
  if (d) out.inventory_warning_level = d.inventory_warning_level;
  out.inventory_tracking = core.inventory_tracking;
  if (d) Object.assign(out, { reviews_rating_sum: d.reviews_rating_sum, reviews_count: d.reviews_count });
  out.total_sold = core.total_sold;
  if (d) out.fixed_cost_shipping_price = d.fixed_cost_shipping_price;
  Object.assign(out, { is_free_shipping: core.is_free_shipping, is_visible: core.is_visible, is_featured: core.is_featured });
  if (d) {
    Object.assign(out, {
      related_products: d.related_products,
      warranty: d.warranty,
      bin_picking_number: d.bin_picking_number,
      layout_file: d.layout_file,
      upc: d.upc,
      mpn: d.mpn,
      gtin: d.gtin,
      search_keywords: d.search_keywords,
      availability: d.availability,
      availability_description: d.availability_description,
      gift_wrapping_options_type: 'any',
      gift_wrapping_options_list: [],
      sort_order: d.sort_order,
      condition: d.condition,
      is_condition_shown: d.is_condition_shown,
      order_quantity_minimum: d.order_quantity_minimum,
      order_quantity_maximum: d.order_quantity_maximum,
      page_title: d.page_title,
      meta_keywords: d.meta_keywords,
      meta_description: d.meta_description,
    });
  }
  Object.assign(out, { date_created: core.date_created, date_modified: core.date_modified });
  if (d) {
    Object.assign(out, {
      view_count: d.view_count,
      preorder_release_date: null,
      preorder_message: d.preorder_message,
      is_preorder_only: d.is_preorder_only,
      is_price_hidden: d.is_price_hidden,
      price_hidden_label: d.price_hidden_label,
    });
  }
  out.custom_url = core.custom_url;
  if (d) {
    const base = d.variants.length === 1 && d.variants[0].option_values.length === 0 ? d.variants[0].id : undefined;
    if (base !== undefined) out.base_variant_id = base;
    Object.assign(out, {
      open_graph_type: d.open_graph_type,
      open_graph_title: d.open_graph_title,
      open_graph_description: d.open_graph_description,
      open_graph_use_meta_description: d.open_graph_use_meta_description,
      open_graph_use_product_name: d.open_graph_use_product_name,
      open_graph_use_image: d.open_graph_use_image,
    });
  }
  if (d) {
    for (const inc of includes) {
      switch (inc) {
        case 'variants':
          out.variants = store.catalog.variantsOf(core, d);
          break;
        case 'images':
          out.images = d.images;
          break;
        case 'custom_fields':
          out.custom_fields = d.custom_fields;
          break;
        case 'bulk_pricing_rules':
          out.bulk_pricing_rules = d.bulk_pricing_rules;
          break;
        case 'primary_image': {
          const img = d.images.find((i) => i.is_thumbnail) ?? d.images[0];
          if (img) out.primary_image = img;
          break;
        }
        case 'options':
          out.options = d.options;
          break;
        case 'channels':
          out.channels = core.channels;
          break;
        case 'modifiers':
        case 'videos':
        case 'reviews':
        case 'parent_relations':
          // The generated catalog has none of these.
          out[inc] = [];
          break;
      }
    }
  }
  return out;
}

type Pred = (p: ProductCore) => boolean;

function numberFilters(q: Query, key: string, get: (p: ProductCore) => number, preds: Pred[]): void {
  const eq = num(q, key);
  if (eq !== undefined) preds.push((p) => get(p) === eq);
  const ins = list(q, `${key}:in`)?.map(Number);
  if (ins) preds.push((p) => ins.includes(get(p)));
  const notIns = list(q, `${key}:not_in`)?.map(Number);
  if (notIns) preds.push((p) => !notIns.includes(get(p)));
  const min = num(q, `${key}:min`);
  if (min !== undefined) preds.push((p) => get(p) >= min);
  const max = num(q, `${key}:max`);
  if (max !== undefined) preds.push((p) => get(p) <= max);
  const gt = num(q, `${key}:greater`);
  if (gt !== undefined) preds.push((p) => get(p) > gt);
  const lt = num(q, `${key}:less`);
  if (lt !== undefined) preds.push((p) => get(p) < lt);
}

/** The getProducts filters over the in-memory cores (a few need generated details). */
export function productFilter(store: SandboxStore, q: Query): Pred {
  const preds: Pred[] = [];
  for (const k of ['id:in', 'id:not_in', 'inventory_level:in', 'inventory_level:not_in']) intList(q, k);
  numberFilters(q, 'id', (p) => p.id, preds);
  numberFilters(q, 'inventory_level', (p) => p.inventory_level, preds);
  const channels = intList(q, 'channel_id:in');
  if (channels) preds.push((p) => p.channels.some((c) => channels.includes(c)));
  // The spec describes categories:in as "in all the categories specified".
  const catsAll = intList(q, 'categories:in');
  if (catsAll) preds.push((p) => catsAll.every((c) => p.categories.includes(c)));
  const cat = int(q, 'categories');
  if (cat !== undefined) preds.push((p) => p.categories.includes(cat));
  const brand = int(q, 'brand_id');
  if (brand !== undefined) preds.push((p) => p.brand_id === brand);
  const name = str(q, 'name');
  if (name !== undefined) preds.push((p) => p.name.toLowerCase() === name.toLowerCase());
  const keyword = str(q, 'keyword')?.toLowerCase();
  if (keyword) preds.push((p) => p.name.toLowerCase().includes(keyword) || p.sku.toLowerCase().includes(keyword));
  const price = num(q, 'price');
  if (price !== undefined) preds.push((p) => p.price === price);
  const weight = num(q, 'weight');
  if (weight !== undefined) preds.push((p) => p.weight === weight);
  const type = oneOf(q, 'type', ['physical', 'digital'] as const);
  if (type) preds.push((p) => p.type === type);
  for (const flag of ['is_visible', 'is_featured', 'is_free_shipping'] as const) {
    const v = bool(q, flag);
    if (v !== undefined) preds.push((p) => p[flag] === v);
  }
  const totalSold = int(q, 'total_sold');
  if (totalSold !== undefined) preds.push((p) => p.total_sold === totalSold);
  const outOfStock = bool(q, 'out_of_stock');
  if (outOfStock !== undefined) preds.push((p) => (p.inventory_tracking !== 'none' && p.inventory_level === 0) === outOfStock);
  const sku = str(q, 'sku');
  if (sku !== undefined) preds.push((p) => p.sku === sku);
  const skus = list(q, 'sku:in');
  if (skus) preds.push((p) => skus.includes(p.sku));
  const now = Date.now();
  // Stored dates share one fixed format, so string order is time order (no Date.parse per product).
  const modMin = dateParam(q, 'date_modified:min', now);
  if (modMin !== undefined) {
    const bound = bcDate(Math.floor(modMin / 1000) * 1000);
    preds.push((p) => p.date_modified >= bound);
  }
  const modMax = dateParam(q, 'date_modified:max', now);
  if (modMax !== undefined) {
    const bound = bcDate(modMax);
    preds.push((p) => p.date_modified <= bound);
  }
  const modDay = str(q, 'date_modified');
  if (modDay !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}/.test(modDay)) throw invalid({ date_modified: 'date_modified must be a date.' });
    preds.push((p) => p.date_modified.slice(0, 10) === modDay.slice(0, 10));
  }
  // Filters on fields that only the generated details carry.
  for (const key of ['upc', 'mpn', 'availability'] as const) {
    const v = str(q, key);
    if (v !== undefined) preds.push((p) => store.catalog.detailsOf(p)[key] === v);
  }
  const condition = oneOf(q, 'condition', ['new', 'used', 'refurbished'] as const);
  if (condition) preds.push((p) => store.catalog.detailsOf(p).condition.toLowerCase() === condition);
  return (p) => preds.every((f) => f(p));
}

function sortProducts(q: Query, items: ProductCore[]): ProductCore[] {
  const sort = oneOf(q, 'sort', PRODUCT_SORTS) ?? 'id';
  const dir = oneOf(q, 'direction', ['asc', 'desc'] as const) ?? 'asc';
  const key: (p: ProductCore) => string | number = {
    id: (p: ProductCore) => p.id,
    date_last_imported: (p: ProductCore) => p.id,
    name: (p: ProductCore) => p.name.toLowerCase(),
    sku: (p: ProductCore) => p.sku,
    price: (p: ProductCore) => p.price,
    calculated_price: calculated,
    date_modified: (p: ProductCore) => p.date_modified,
    inventory_level: (p: ProductCore) => p.inventory_level,
    is_visible: (p: ProductCore) => (p.is_visible ? 1 : 0),
    total_sold: (p: ProductCore) => p.total_sold,
  }[sort];
  if (sort !== 'id' || dir === 'desc') {
    const sign = dir === 'desc' ? -1 : 1;
    // Ties fall back to id so pages never overlap.
    items.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * sign;
    });
  }
  return items;
}

function needsDetails(q: Query): boolean {
  const inc = list(q, 'include_fields');
  if (inc) return inc.some((f) => !CORE_VIEW_KEYS.has(f));
  return true;
}

function listOf<T>(q: Query, all: T[], p = paging(q)): Json {
  return collection(q, all, p, projector(q) as (t: T) => unknown);
}

function byId<T extends { id: number }>(items: T[], id: number, what: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw notFound(what, id);
  return found;
}

export function catalogRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.products;
  let summaryCache: { version: number; data: Json } | undefined;
  const product = (req: Parameters<RouteDef['handler']>[0]): ProductCore => store.catalog.product(idParam(req, 'product_id'));
  const render = (q: Query, core: ProductCore): Json => {
    const includes = includesOf(q);
    return projector(q, [...includes])(productJson(store, core, includes, needsDetails(q)));
  };
  return [
    {
      method: 'GET',
      url: '/catalog/products',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const includes = includesOf(q);
        // Options and modifiers make BigCommerce cap pages at 10.
        const heavy = includes.has('options') || includes.has('modifiers');
        const p = paging(q, heavy ? { defaultLimit: 10, maxLimit: 10 } : {});
        const match = productFilter(store, q);
        const all: ProductCore[] = [];
        for (const core of store.catalog.products.values()) if (match(core)) all.push(core);
        sortProducts(q, all);
        const page = pageOf(all, p);
        const project = projector(q, [...includes]);
        const fields = needsDetails(q);
        return {
          data: page.map((core) => project(productJson(store, core, includes, fields))),
          meta: { pagination: pagination(q, all.length, p, page.length) },
        };
      },
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id',
      scope,
      handler: (req) => single(render(queryOf(req), product(req))),
    },
    {
      method: 'POST',
      url: '/catalog/products',
      scope,
      handler: (req) => single(render(queryOf(req), store.catalog.createProduct(req.body))),
    },
    {
      method: 'PUT',
      url: '/catalog/products/:product_id',
      scope,
      handler: (req) => {
        const core = product(req);
        includesOf(queryOf(req)); // a bad query is refused before anything changes
        store.catalog.updateProduct(core.id, req.body);
        return single(render(queryOf(req), core));
      },
    },
    {
      method: 'PUT',
      url: '/catalog/products',
      scope,
      handler: (req) => {
        const items = req.body;
        if (!Array.isArray(items) || items.length === 0) throw invalid({ body: 'The body must be a non-empty array of products.' });
        if (items.length > 10) throw new ApiError(413, 'At most 10 products can be updated per request.');
        items.forEach((it: unknown, i) => {
          if (!isObject(it) || !Number.isInteger(it.id) || !store.catalog.products.has(it.id as number)) {
            throw invalid({ [`[${i}].id`]: 'Each product needs the id of an existing product.' });
          }
        });
        const q = queryOf(req);
        const out = (items as Json[]).map((it) => {
          const { id, ...patch } = it;
          store.catalog.updateProduct(id as number, patch);
          return render(q, store.catalog.product(id as number));
        });
        return { data: out, meta: {} };
      },
    },
    {
      method: 'DELETE',
      url: '/catalog/products/:product_id',
      scope,
      handler: (req, reply) => {
        // Deleting is idempotent: an unknown id answers 204 as well.
        store.catalog.deleteProduct(idParam(req, 'product_id'));
        return reply.code(204).send();
      },
    },
    {
      method: 'DELETE',
      url: '/catalog/products',
      scope,
      handler: (req, reply) => {
        const q = queryOf(req);
        const ids = intList(q, 'id:in');
        // Without a filter the real endpoint would empty the catalog; the sandbox refuses.
        if (!ids) throw invalid({ 'id:in': 'A filter (id:in) is required.' });
        for (const id of ids) store.catalog.deleteProduct(id);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/variants',
      scope,
      handler: (req) => listOf(queryOf(req), store.catalog.variantsOf(product(req))),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/variants/:variant_id',
      scope,
      handler: (req) => {
        const v = byId(store.catalog.variantsOf(product(req)), idParam(req, 'variant_id'), 'Variant');
        return single(projector(queryOf(req))(v));
      },
    },
    {
      method: 'PUT',
      url: '/catalog/products/:product_id/variants/:variant_id',
      scope,
      handler: (req) => {
        const core = product(req);
        const vid = idParam(req, 'variant_id');
        store.catalog.updateVariant(core.id, vid, req.body);
        return single(byId(store.catalog.variantsOf(core), vid, 'Variant'));
      },
    },
    {
      method: 'GET',
      url: '/catalog/variants',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const p = paging(q);
        const id = int(q, 'id');
        const sku = str(q, 'sku');
        const upc = str(q, 'upc');
        const productIds = intList(q, 'product_id:in');
        const cores = productIds
          ? productIds
              .map((pid) => store.catalog.products.get(pid))
              .filter((c): c is ProductCore => !!c)
              .sort((a, b) => a.id - b.id)
          : id !== undefined
            ? [store.catalog.findVariant(id)?.core].filter((c): c is ProductCore => !!c)
            : [...store.catalog.products.values()];
        if (id === undefined && sku === undefined && upc === undefined) {
          // Page through variant counts first so only the products on this page are generated.
          let total = 0;
          for (const c of cores) total += store.catalog.variantCount(c);
          const start = (p.page - 1) * p.limit;
          const page: unknown[] = [];
          let seen = 0;
          for (const c of cores) {
            const n = store.catalog.variantCount(c);
            if (seen + n > start && page.length < p.limit) {
              for (const v of store.catalog.variantsOf(c).slice(Math.max(0, start - seen))) if (page.length < p.limit) page.push(v);
            }
            seen += n;
            if (page.length >= p.limit) break;
          }
          const project = projector(q) as (t: unknown) => unknown;
          return { data: page.map(project), meta: { pagination: pagination(q, total, p, page.length) } };
        }
        const all = cores
          .flatMap((c) => store.catalog.variantsOf(c))
          .filter((v) => (id === undefined || v.id === id) && (sku === undefined || v.sku === sku) && (upc === undefined || v.upc === upc));
        return listOf(q, all, p);
      },
    },
    {
      method: 'PUT',
      url: '/catalog/variants',
      scope,
      handler: (req) => {
        const items = req.body;
        if (!Array.isArray(items) || items.length === 0) throw invalid({ body: 'The body must be a non-empty array of variants.' });
        if (items.length > 50) throw new ApiError(413, 'At most 50 variants can be updated per request.');
        const found = items.map((it: unknown, i) => {
          const hit = isObject(it) && Number.isInteger(it.id) ? store.catalog.findVariant(it.id as number) : undefined;
          if (!hit) throw invalid({ [`[${i}].id`]: 'Each item needs the id of an existing variant.' });
          return { it: it as Json, hit };
        });
        const out = found.map(({ it, hit }) => {
          const { id, product_id: _pid, ...patch } = it;
          store.catalog.updateVariant(hit.core.id, id as number, patch);
          return byId(store.catalog.variantsOf(hit.core), id as number, 'Variant');
        });
        return { data: out, meta: {} };
      },
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/options',
      scope,
      handler: (req) => listOf(queryOf(req), store.catalog.detailsOf(product(req)).options),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/options/:option_id',
      scope,
      handler: (req) => single(projector(queryOf(req))(byId(store.catalog.detailsOf(product(req)).options, idParam(req, 'option_id'), 'Option'))),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/modifiers',
      scope,
      handler: (req) => {
        product(req);
        return listOf(queryOf(req), []);
      },
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/images',
      scope,
      handler: (req) => listOf(queryOf(req), store.catalog.detailsOf(product(req)).images),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/images/:image_id',
      scope,
      handler: (req) => single(projector(queryOf(req))(byId(store.catalog.detailsOf(product(req)).images, idParam(req, 'image_id'), 'Image'))),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/videos',
      scope,
      handler: (req) => {
        product(req);
        return listOf(queryOf(req), []);
      },
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/custom-fields',
      scope,
      handler: (req) => listOf(queryOf(req), store.catalog.detailsOf(product(req)).custom_fields),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/custom-fields/:custom_field_id',
      scope,
      handler: (req) =>
        single(projector(queryOf(req))(byId(store.catalog.detailsOf(product(req)).custom_fields, idParam(req, 'custom_field_id'), 'Custom field'))),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/bulk-pricing-rules',
      scope,
      handler: (req) => listOf(queryOf(req), store.catalog.detailsOf(product(req)).bulk_pricing_rules),
    },
    {
      method: 'GET',
      url: '/catalog/products/:product_id/bulk-pricing-rules/:bulk_pricing_rule_id',
      scope,
      handler: (req) =>
        single(
          projector(queryOf(req))(byId(store.catalog.detailsOf(product(req)).bulk_pricing_rules, idParam(req, 'bulk_pricing_rule_id'), 'Bulk pricing rule'))
        ),
    },
    {
      method: 'GET',
      url: '/catalog/products/channel-assignments',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const p = paging(q);
        const pids = intList(q, 'product_id:in');
        const cids = intList(q, 'channel_id:in');
        const cores = pids
          ? pids
              .map((id) => store.catalog.products.get(id))
              .filter((c): c is ProductCore => !!c)
              .sort((a, b) => a.id - b.id)
          : store.catalog.products.values();
        const all: Array<{ product_id: number; channel_id: number }> = [];
        for (const c of cores) {
          for (const ch of c.channels) if (!cids || cids.includes(ch)) all.push({ product_id: c.id, channel_id: ch });
        }
        return collection(q, all, p);
      },
    },
    {
      method: 'PUT',
      url: '/catalog/products/channel-assignments',
      scope,
      handler: (req, reply) => {
        store.catalog.setChannelAssignments(req.body, true);
        return reply.code(204).send();
      },
    },
    {
      method: 'DELETE',
      url: '/catalog/products/channel-assignments',
      scope,
      handler: (req, reply) => {
        const q = queryOf(req);
        const pids = intList(q, 'product_id:in');
        const cids = intList(q, 'channel_id:in');
        if (!pids || !cids) throw invalid({ 'product_id:in': 'product_id:in and channel_id:in are required.' });
        store.catalog.setChannelAssignments(
          pids.flatMap((product_id) => cids.map((channel_id) => ({ product_id, channel_id }))),
          false
        );
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: '/catalog/summary',
      scope,
      handler: () => {
        // Summing every variant of a big catalog is slow; reuse the totals until the catalog changes.
        if (!summaryCache || summaryCache.version !== store.version) summaryCache = { version: store.version, data: summary(store) };
        return single(summaryCache.data);
      },
    },
  ];
}

/** Catalog totals over every variant, like GET /catalog/summary. */
function summary(store: SandboxStore): Json {
  let inventoryCount = 0;
  let inventoryValue = 0;
  let variantCount = 0;
  let priceSum = 0;
  let highest = 0;
  let lowest = Number.POSITIVE_INFINITY;
  let oldest = '';
  let newest = '';
  const perCategory = new Map<number, number>();
  for (const core of store.catalog.products.values()) {
    for (const c of core.categories) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
    for (const v of store.catalog.variantsOf(core)) {
      variantCount++;
      const price = v.price ?? core.price;
      priceSum += price;
      highest = Math.max(highest, price);
      lowest = Math.min(lowest, price);
      inventoryCount += v.inventory_level;
      inventoryValue += v.inventory_level * price;
    }
    if (!oldest || core.date_created < oldest) oldest = core.date_created;
    if (!newest || core.date_created > newest) newest = core.date_created;
  }
  let primary = 0;
  for (const [id, n] of perCategory) if (primary === 0 || n > (perCategory.get(primary) ?? 0)) primary = id;
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    inventory_count: inventoryCount,
    inventory_value: round(inventoryValue),
    primary_category_id: primary,
    primary_category_name: store.taxonomy.categories.get(primary)?.name ?? '',
    variant_count: variantCount,
    highest_variant_price: round(highest),
    average_variant_price: variantCount ? round(priceSum / variantCount) : 0,
    lowest_variant_price: variantCount ? String(round(lowest)) : '0',
    oldest_variant_date: oldest,
    newest_variant_date: newest,
  };
}
