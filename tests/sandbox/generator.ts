// Seeded, deterministic catalog generator.
//
// Every product is a pure function of (seed, id): the store keeps only the small ProductCore of
// each product (what filters and sorts need) and regenerates the details (variants, images,
// custom fields, ...) on demand, so 50,000 products start in well under a second and use a few
// tens of MB. No Date.now() here: the same seed and size give byte-identical JSON.
import type { Brand, BulkPricingRule, Category, CategoryTree, CustomField, ProductCore, ProductDetails, ProductImage, ProductOption, Variant } from './types';

/** mulberry32: tiny, fast, good enough for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several integers into one 32-bit seed (per product and per stream). */
export function mix(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

export type Rng = () => number;
const int = (r: Rng, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const money = (n: number): number => Math.round(n * 100) / 100;
function shuffle<T>(r: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** The fixed "now" of generated data; real mutations later use the wall clock, which is after it. */
export const GENERATED_AT = Date.UTC(2025, 0, 1, 0, 0, 0);
const DAY = 86_400_000;

/** BigCommerce prints dates as 2018-08-15T14:48:46+00:00. */
export function bcDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const ADJECTIVES = [
  'Rustic',
  'Classic',
  'Modern',
  'Vintage',
  'Compact',
  'Deluxe',
  'Everyday',
  'Urban',
  'Coastal',
  'Alpine',
  'Handmade',
  'Essential',
  'Heritage',
  'Nordic',
  'Studio',
  'Travel',
  'Organic',
  'Premium',
  'Weekend',
  'Field',
] as const;
const MATERIALS = [
  'Oak',
  'Linen',
  'Cotton',
  'Leather',
  'Ceramic',
  'Steel',
  'Walnut',
  'Wool',
  'Bamboo',
  'Copper',
  'Canvas',
  'Glass',
  'Cork',
  'Denim',
  'Marble',
  'Felt',
  'Brass',
  'Hemp',
  'Suede',
  'Stoneware',
] as const;
const NOUNS = [
  'Mug',
  'Chair',
  'Apron',
  'Backpack',
  'Lamp',
  'Notebook',
  'Tote',
  'Bowl',
  'Jacket',
  'Planter',
  'Wallet',
  'Blanket',
  'Kettle',
  'Stool',
  'Scarf',
  'Vase',
  'Tray',
  'Candle',
  'Shelf',
  'Cap',
] as const;
const CATEGORY_ROOTS = [
  'Home',
  'Kitchen',
  'Outdoor',
  'Apparel',
  'Office',
  'Garden',
  'Travel',
  'Bath',
  'Kids',
  'Pets',
  'Lighting',
  'Decor',
  'Storage',
  'Sports',
  'Gifts',
] as const;
const CATEGORY_WORDS = [
  'Essentials',
  'Accessories',
  'Basics',
  'Collection',
  'Favorites',
  'Tools',
  'Textiles',
  'Furniture',
  'Care',
  'Seasonal',
  'Sets',
  'Minis',
  'Classics',
  'Workshop',
  'Archive',
  'Studio',
  'Limited',
  'Bundles',
] as const;
const BRAND_A = ['North', 'Blue', 'Iron', 'Maple', 'Silver', 'Stone', 'Red', 'Wild', 'Quiet', 'Bright', 'Old', 'Green'] as const;
const BRAND_B = ['Harbor', 'Fox', 'Mill', 'Peak', 'River', 'Forge', 'Field', 'Lantern', 'Grove', 'Bay', 'Ridge', 'Works'] as const;
const FIELD_NAMES = ['Material', 'Origin', 'Care', 'Collection', 'Finish', 'Season'] as const;
const FIELD_VALUES: Record<(typeof FIELD_NAMES)[number], readonly string[]> = {
  Material: MATERIALS,
  Origin: ['Portugal', 'Vietnam', 'Mexico', 'Canada', 'Italy', 'Japan', 'Peru', 'Kenya'],
  Care: ['Hand wash', 'Machine wash cold', 'Wipe clean', 'Dry clean only'],
  Collection: ['Spring', 'Core', 'Studio', 'Limited'],
  Finish: ['Matte', 'Gloss', 'Natural', 'Brushed'],
  Season: ['All year', 'Summer', 'Winter'],
};
const SIZES = ['S', 'M', 'L', 'XL'] as const;
const COLORS: ReadonlyArray<readonly [string, string]> = [
  ['Red', '#C0392B'],
  ['Blue', '#2E86C1'],
  ['Green', '#27AE60'],
  ['Black', '#111111'],
  ['Sand', '#D8C3A5'],
];

/**
 * Option layouts: how many sizes x colors a product has. Layout 0 is a simple product (one base
 * variant, no options); the weights make the average close to three variants per product.
 */
export const LAYOUTS: ReadonlyArray<{ sizes: number; colors: number; weight: number }> = [
  { sizes: 0, colors: 0, weight: 25 },
  { sizes: 2, colors: 0, weight: 15 },
  { sizes: 3, colors: 0, weight: 15 },
  { sizes: 0, colors: 3, weight: 10 },
  { sizes: 2, colors: 2, weight: 20 },
  { sizes: 3, colors: 2, weight: 15 },
];
const LAYOUT_TOTAL = LAYOUTS.reduce((s, l) => s + l.weight, 0);
export const variantCountOf = (layout: number): number => {
  const l = LAYOUTS[layout];
  return (l.sizes || 1) * (l.colors || 1);
};

/**
 * Id spaces for generated sub-resources. Each product owns a block, so ids are unique and stable
 * without a global counter; objects created later through the API take ids above GENERATED_ID_CEILING.
 */
export const IDS_PER_PRODUCT = { variant: 8, option: 2, optionValue: 8, image: 6, customField: 4, bulkRule: 4 } as const;
export const blockId = (kind: keyof typeof IDS_PER_PRODUCT, productId: number, k: number): number => (productId - 1) * IDS_PER_PRODUCT[kind] + k + 1;

export interface GeneratedCatalog {
  categories: Category[];
  trees: CategoryTree[];
  brands: Brand[];
}

export interface GeneratorContext {
  seed: number;
  storeHash: string;
  /** Where the store's images are: BigCommerce's CDN, or the sandbox itself (startSandbox's imageHost); read at generation. */
  readonly imageOrigin: string;
  leafCategoryIds: number[];
  allCategoryIds: number[];
  brandIds: number[];
}

/** Deterministic UUID-shaped string (v4 layout) for category-tree ids. */
function seededUuid(r: Rng): string {
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

/** Categories (three levels, one tree shared by channels 1 and 2) and brands. */
export function generateTaxonomy(seed: number, productCount: number): GeneratedCatalog {
  const r = mulberry32(mix(seed, 0xca7e));
  const total = Math.max(10, Math.floor(productCount / 50));
  const roots = Math.max(3, Math.round(total * 0.1));
  const level2 = Math.max(3, Math.round(total * 0.3));
  const level3 = Math.max(1, total - roots - level2);
  const categories: Category[] = [];
  const used = new Set<string>();
  const make = (parent: Category | null, base: string): Category => {
    const id = categories.length + 1;
    // Sibling names must be unique; a numeric suffix keeps big catalogs unique too.
    let name = base;
    for (let n = 2; used.has(`${parent?.id ?? 0}/${name}`); n++) name = `${base} ${n}`;
    used.add(`${parent?.id ?? 0}/${name}`);
    const path = `${parent ? parent.custom_url.url : '/'}${slugify(name)}/`;
    const c: Category = {
      id,
      parent_id: parent ? parent.id : 0,
      name,
      description: `<p>${name} picked for the sandbox store.</p>`,
      views: int(r, 0, 5000),
      sort_order: categories.length,
      page_title: '',
      search_keywords: '',
      meta_keywords: [],
      meta_description: '',
      layout_file: 'category.html',
      is_visible: r() > 0.05,
      default_product_sort: 'use_store_settings',
      image_url: '',
      custom_url: { url: path, is_customized: false },
      uuid: seededUuid(r),
      tree_id: 1,
    };
    categories.push(c);
    return c;
  };
  const rootCats: Category[] = [];
  for (let i = 0; i < roots; i++) rootCats.push(make(null, CATEGORY_ROOTS[i % CATEGORY_ROOTS.length]));
  const l2: Category[] = [];
  for (let i = 0; i < level2; i++) {
    const parent = rootCats[i % rootCats.length];
    l2.push(make(parent, `${parent.name} ${pick(r, CATEGORY_WORDS)}`));
  }
  for (let i = 0; i < level3; i++) {
    const parent = l2[i % l2.length];
    make(parent, pick(r, CATEGORY_WORDS));
  }
  const brandCount = Math.max(5, Math.floor(productCount / 100));
  const brands: Brand[] = [];
  const brandNames = new Set<string>();
  for (let i = 0; i < brandCount; i++) {
    let name = `${pick(r, BRAND_A)} ${pick(r, BRAND_B)}`;
    for (let n = 2; brandNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    brandNames.add(name);
    brands.push({
      id: i + 1,
      name,
      page_title: name,
      meta_keywords: [],
      meta_description: '',
      search_keywords: '',
      image_url: '',
      custom_url: { url: `/brands/${slugify(name)}.html`, is_customized: false },
    });
  }
  return { categories, trees: [{ id: 1, name: 'Default', channels: [1, 2] }], brands };
}

/** The in-memory part of product `id`. */
export function generateCore(ctx: GeneratorContext, id: number): ProductCore {
  const r = mulberry32(mix(ctx.seed, id, 1));
  const name = `${pick(r, ADJECTIVES)} ${pick(r, MATERIALS)} ${pick(r, NOUNS)} ${id}`;
  let roll = r() * LAYOUT_TOTAL;
  let layout = 0;
  while (roll >= LAYOUTS[layout].weight) roll -= LAYOUTS[layout++].weight;
  const price = money(5 + r() * 295);
  const onSale = r() < 0.2;
  const sale_price = onSale ? money(price * (0.6 + r() * 0.3)) : 0;
  const retail_price = r() < 0.3 ? money(price * 1.25) : 0;
  const cost_price = money(price * (0.4 + r() * 0.2));
  const leaf = ctx.leafCategoryIds;
  const c1 = pick(r, leaf);
  let c2 = pick(r, ctx.allCategoryIds);
  if (c2 === c1) c2 = ctx.allCategoryIds[(ctx.allCategoryIds.indexOf(c1) + 1) % ctx.allCategoryIds.length];
  const channelRoll = r();
  // ~10% only on channel 2; of the rest, about half are on both storefronts.
  const channels = channelRoll < 0.1 ? [2] : channelRoll < 0.55 ? [1, 2] : [1];
  const created = GENERATED_AT - Math.floor(r() * 730 * DAY);
  const modified = created + Math.floor(r() * (GENERATED_AT - created));
  const simple = layout === 0;
  const inventory_tracking = simple ? (r() < 0.7 ? 'product' : 'none') : r() < 0.85 ? 'variant' : 'none';
  const productLevel = int(r, 0, 200);
  const brandRoll = r();
  const core: ProductCore = {
    id,
    name,
    sku: `SBX-${String(id).padStart(6, '0')}`,
    type: r() < 0.92 ? 'physical' : 'digital',
    price,
    sale_price,
    retail_price,
    cost_price,
    weight: money(0.1 + r() * 10),
    brand_id: brandRoll < 0.05 ? 0 : pick(r, ctx.brandIds),
    categories: c1 === c2 ? [c1] : [c1, c2],
    channels,
    is_visible: r() >= 0.05,
    is_featured: r() < 0.1,
    is_free_shipping: r() < 0.15,
    inventory_tracking,
    inventory_level: 0,
    total_sold: int(r, 0, 500),
    date_created: bcDate(created),
    date_modified: bcDate(modified),
    custom_url: { url: `/${slugify(name)}/`, is_customized: false },
    layout,
  };
  if (inventory_tracking === 'product') core.inventory_level = productLevel;
  if (inventory_tracking === 'variant') {
    core.inventory_level = variantLevels(ctx.seed, id, variantCountOf(layout)).reduce((s, n) => s + n, 0);
  }
  return core;
}

/** Variant stock comes from its own stream so the core can sum it without building variants. */
function variantLevels(seed: number, id: number, count: number): number[] {
  const r = mulberry32(mix(seed, id, 3));
  return Array.from({ length: count }, () => (r() < 0.1 ? 0 : int(r, 1, 60)));
}

/** BigCommerce's image CDN, where a store's product images, channel icons and default images live. */
export const IMAGE_CDN = 'https://cdn11.bigcommerce.com';

const imageUrl = (ctx: GeneratorContext, pid: number, iid: number, file: string, size: string): string =>
  `${ctx.imageOrigin}/s-${ctx.storeHash}/images/stencil/${size}/products/${pid}/${iid}/${file}?c=1`;

/** Everything else about a product, rebuilt from (seed, id) whenever it is needed. */
export function generateDetails(ctx: GeneratorContext, core: ProductCore): ProductDetails {
  const id = core.id;
  const r = mulberry32(mix(ctx.seed, id, 2));
  const layout = LAYOUTS[core.layout];
  const modified = core.date_modified;
  const options: ProductOption[] = [];
  if (layout.sizes > 0) {
    options.push({
      id: blockId('option', id, options.length),
      product_id: id,
      name: `Size${id}`,
      display_name: 'Size',
      type: 'rectangles',
      sort_order: options.length,
      config: {},
      option_values: SIZES.slice(0, layout.sizes).map((label, k) => ({
        id: blockId('optionValue', id, k),
        label,
        sort_order: k,
        value_data: null,
        is_default: false,
      })),
    });
  }
  if (layout.colors > 0) {
    const offset = options.length ? layout.sizes : 0;
    const start = int(r, 0, COLORS.length - 1);
    options.push({
      id: blockId('option', id, options.length),
      product_id: id,
      name: `Color${id}`,
      display_name: 'Color',
      type: 'swatch',
      sort_order: options.length,
      config: {},
      option_values: Array.from({ length: layout.colors }, (_, k) => {
        const [label, hex] = COLORS[(start + k) % COLORS.length];
        return { id: blockId('optionValue', id, offset + k), label, sort_order: k, value_data: { colors: [hex] }, is_default: false };
      }),
    });
  }
  // Cartesian product of option values, in option order.
  let combos: ProductOption['option_values'][] = [[]];
  for (const o of options) combos = combos.flatMap((c) => o.option_values.map((v) => [...c, v]));
  const levels = variantLevels(ctx.seed, id, combos.length);
  const tracked = core.inventory_tracking === 'variant';
  const variants: Variant[] = combos.map((values, k) => {
    const vid = blockId('variant', id, k);
    const bump = values.some((v) => v.label === 'XL' || v.label === 'L') ? money(r() * 10) : 0;
    return {
      id: vid,
      product_id: id,
      sku: values.length ? `${core.sku}-${values.map((v) => v.label.toUpperCase()).join('-')}` : core.sku,
      sku_id: vid,
      price: bump > 0 ? money(core.price + bump) : null,
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
      inventory_level: tracked ? levels[k] : 0,
      inventory_warning_level: tracked ? 3 : 0,
      bin_picking_number: '',
      option_values: values.map((v) => {
        const opt = options.find((o) => o.option_values.includes(v)) as ProductOption;
        return { id: v.id, label: v.label, option_id: opt.id, option_display_name: opt.display_name };
      }),
    };
  });
  const imageCount = r() < 0.08 ? 0 : int(r, 1, 5);
  const slug = slugify(core.name);
  const images: ProductImage[] = Array.from({ length: imageCount }, (_, k) => {
    const iid = blockId('image', id, k);
    const file = `${slug}-${k + 1}__${10000 + ((id * 7 + k) % 89999)}.jpg`;
    return {
      id: iid,
      product_id: id,
      image_file: `${slug[0] ?? 'p'}/${String(iid % 1000).padStart(3, '0')}/${file}`,
      is_thumbnail: k === 0,
      sort_order: k,
      description: '',
      image_url: imageUrl(ctx, id, iid, file, 'original'),
      url_zoom: imageUrl(ctx, id, iid, file, '1280x1280'),
      url_standard: imageUrl(ctx, id, iid, file, '500x659'),
      url_thumbnail: imageUrl(ctx, id, iid, file, '100x100'),
      url_tiny: imageUrl(ctx, id, iid, file, '50x50'),
      date_modified: modified,
    };
  });
  const fieldCount = int(r, 0, 3);
  const fieldNames = shuffle(r, [...FIELD_NAMES]).slice(0, fieldCount);
  const custom_fields: CustomField[] = fieldNames.map((name, k) => ({
    id: blockId('customField', id, k),
    name,
    value: pick(r, FIELD_VALUES[name]),
  }));
  const bulk_pricing_rules: BulkPricingRule[] = [];
  if (r() < 0.3) {
    const kinds: BulkPricingRule['type'][] = ['percent', 'price', 'fixed'];
    const kind = pick(r, kinds);
    const amount = (q: number): number => (kind === 'percent' ? 5 * q : kind === 'price' ? money(core.price * 0.05 * q) : money(core.price * (1 - 0.07 * q)));
    bulk_pricing_rules.push({ id: blockId('bulkRule', id, 0), quantity_min: 5, quantity_max: 9, type: kind, amount: amount(1) });
    if (r() < 0.5) {
      bulk_pricing_rules.push({ id: blockId('bulkRule', id, 1), quantity_min: 10, quantity_max: 0, type: kind, amount: amount(2) });
    }
  }
  const words = core.name.toLowerCase().split(' ').slice(0, 3);
  return {
    description: `<p>The ${core.name} is part of the sandbox catalog.</p><p>Made of ${words[1]}, built to last.</p>`,
    width: int(r, 1, 60),
    depth: int(r, 1, 60),
    height: int(r, 1, 60),
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    inventory_warning_level: core.inventory_tracking === 'product' ? 5 : 0,
    fixed_cost_shipping_price: 0,
    warranty: r() < 0.2 ? '1 year limited warranty' : '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: r() < 0.5 ? String(100000000000 + id) : '',
    mpn: `MPN-${id}`,
    gtin: '',
    search_keywords: words.join(', '),
    availability: 'available',
    availability_description: '',
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    view_count: int(r, 0, 3000),
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
    options,
    variants,
    images,
    custom_fields,
    bulk_pricing_rules,
  };
}
