/**
 * The reliability oracle: Strapi's catalog against the sandbox store's, field by field.
 *
 * The expected side is built from the sandbox's in-process state (what BigCommerce holds), with the
 * plugin's own documented rules applied through its pure functions: the storable-value rule
 * (sync/records.ts `toStorable`) and the slug rule (sync/slugs.ts). The actual side is read from Strapi's
 * database and, for slugs, through the read API (`GET /api/bigcommerce/products/:slug`). The result is a
 * list of differences, empty when the two agree.
 */
import type { Core } from '@strapi/strapi';
import type request from 'supertest';

import brandSchema from '../../../server/src/content-types/brand/schema.json';
import categorySchema from '../../../server/src/content-types/category/schema.json';
import productSchema from '../../../server/src/content-types/product/schema.json';
import { toStorable } from '../../../server/src/sync/records';
import { assignSlugs, brandSlugFromUrl, slugFromUrl, type SlugResource } from '../../../server/src/sync/slugs';
import type { Sandbox } from '../../sandbox';
import { listedIn } from '../../helpers/catalog';

const UID = {
  product: 'plugin::bigcommerce.product',
  category: 'plugin::bigcommerce.category',
  brand: 'plugin::bigcommerce.brand',
} as const;

/** The attributes a content type stores in varchar(255) columns: the storable rule cuts only these. */
const stringColumns = (schema: { attributes: Record<string, { type: string }> }): ReadonlySet<string> =>
  new Set(
    Object.entries(schema.attributes)
      .filter(([, attribute]) => attribute.type === 'string')
      .map(([name]) => name)
  );
const COLUMNS = { product: stringColumns(productSchema), category: stringColumns(categorySchema), brand: stringColumns(brandSchema) };

interface VariantView {
  id: number;
  sku: string;
  price: number | null;
}

interface ProductView {
  name: string;
  sku: string;
  description: string;
  price: number;
  slug: string;
  brand: number | null;
  categories: number[];
  channels: number[];
  variants: VariantView[];
  visible: boolean;
}

interface TaxonomyView {
  name: string;
  slug: string;
  parent?: number | null;
}

export interface CatalogView {
  products: Map<number, ProductView>;
  categories: Map<number, TaxonomyView>;
  brands: Map<number, TaxonomyView>;
}

const sorted = (ids: Iterable<number>): number[] => [...new Set(ids)].sort((a, b) => a - b);
const money = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Base slug as the sync's mapping makes it: from the custom URL, or `<resource>-<id>`, then made storable. */
const baseSlug = (resource: SlugResource, id: number, url: string | undefined): string =>
  toStorable({ slug: (resource === 'brand' ? brandSlugFromUrl : slugFromUrl)(url) || `${resource}-${id}` }, COLUMNS[resource]).slug;

const withSlugs = <T extends { slug: string }>(resource: SlugResource, items: Map<number, T>): Map<number, T> => {
  const { slugs } = assignSlugs(
    resource,
    [...items].map(([bigcommerceId, item]) => ({ bigcommerceId, base: item.slug }))
  );
  for (const [id, item] of items) item.slug = slugs.get(id) ?? item.slug;
  return items;
};

/** What Strapi should hold: the sandbox's catalog as the plugin syncs it (products of the served channels). */
export const expectedCatalog = (sandbox: Sandbox, channelIds: readonly number[] = [1]): CatalogView => {
  const state = sandbox.catalog;
  const products = new Map<number, ProductView>();
  for (const core of state.products.values()) {
    const channels = core.channels.filter((id) => channelIds.includes(id));
    if (!channels.length) continue;
    const details = state.detailsOf(core);
    const stored = toStorable(
      {
        name: core.name,
        sku: core.sku,
        description: details.description ?? '',
        variants: state.variantsOf(core, details).map((v) => ({ id: v.id, sku: v.sku, price: v.price ?? null })),
      },
      COLUMNS.product
    );
    products.set(core.id, {
      ...stored,
      price: core.price,
      slug: baseSlug('product', core.id, core.custom_url?.url),
      brand: core.brand_id && state.brands.has(core.brand_id) ? core.brand_id : null,
      categories: sorted(core.categories.filter((id) => state.categories.has(id))),
      channels: sorted(channels),
      visible: core.is_visible,
    });
  }
  const categories = new Map<number, TaxonomyView>();
  for (const c of state.categories.values()) {
    const { name } = toStorable({ name: c.name }, COLUMNS.category);
    categories.set(c.id, { name, slug: baseSlug('category', c.id, c.custom_url?.url), parent: c.parent_id || null });
  }
  const brands = new Map<number, TaxonomyView>();
  for (const b of state.brands.values()) {
    const { name } = toStorable({ name: b.name }, COLUMNS.brand);
    brands.set(b.id, { name, slug: baseSlug('brand', b.id, b.custom_url?.url) });
  }
  return { products: withSlugs('product', products), categories: withSlugs('category', categories), brands: withSlugs('brand', brands) };
};

type Row = Record<string, unknown>;

/** What Strapi holds, read from its database; rows sharing a BigCommerce id are reported, not merged. */
export const actualCatalog = async (strapi: Core.Strapi): Promise<{ view: CatalogView; duplicates: string[] }> => {
  const duplicates: string[] = [];
  const byId = <T>(resource: string, rows: Row[], shape: (row: Row) => T): Map<number, T> => {
    const out = new Map<number, T>();
    for (const row of rows) {
      const id = Number(row.bigcommerceId);
      if (out.has(id)) duplicates.push(`${resource} ${id}: more than one row`);
      out.set(id, shape(row));
    }
    return out;
  };
  const productRows = (await strapi.db.query(UID.product).findMany({
    select: ['bigcommerceId', 'name', 'sku', 'description', 'price', 'slug', 'variants', 'isVisible'],
    populate: { brand: { select: ['bigcommerceId'] }, categories: { select: ['bigcommerceId'] }, channels: { select: ['bigcommerceId'] } },
  })) as Row[];
  const ids = (value: unknown): number[] => sorted(((value as Row[] | null) ?? []).map((r) => Number(r.bigcommerceId)));
  const products = byId(
    'product',
    productRows,
    (row): ProductView => ({
      name: String(row.name ?? ''),
      sku: String(row.sku ?? ''),
      description: String(row.description ?? ''),
      price: Number(row.price),
      slug: String(row.slug ?? ''),
      brand: row.brand ? Number((row.brand as Row).bigcommerceId) : null,
      categories: ids(row.categories),
      channels: ids(row.channels),
      variants: ((row.variants as Row[] | null) ?? []).map((v) => ({ id: Number(v.id), sku: String(v.sku ?? ''), price: money(v.price) })),
      visible: Boolean(row.isVisible),
    })
  );
  const taxonomy = async (uid: string, resource: string, withParent: boolean) =>
    byId(
      resource,
      (await strapi.db.query(uid).findMany({ select: ['bigcommerceId', 'name', 'slug', ...(withParent ? ['parentBigcommerceId'] : [])] })) as Row[],
      (row) => ({
        name: String(row.name ?? ''),
        slug: String(row.slug ?? ''),
        ...(withParent ? { parent: row.parentBigcommerceId === null || row.parentBigcommerceId === undefined ? null : Number(row.parentBigcommerceId) } : {}),
      })
    );
  const view = { products, categories: await taxonomy(UID.category, 'category', true), brands: await taxonomy(UID.brand, 'brand', false) };
  for (const [resource, items] of Object.entries(view) as [string, Map<number, { slug: string }>][]) {
    const holders = new Map<string, number[]>();
    for (const [id, { slug }] of items) holders.set(slug, [...(holders.get(slug) ?? []), id]);
    for (const [slug, owners] of holders) if (owners.length > 1) duplicates.push(`${resource} slug "${slug}" held by ${owners.join(', ')}`);
  }
  return { view, duplicates };
};

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

const compareMaps = <T extends object>(resource: string, expected: Map<number, T>, actual: Map<number, T>, out: string[]): void => {
  for (const id of sorted([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(id);
    const got = actual.get(id);
    if (!got) {
      out.push(`${resource} ${id}: missing in Strapi`);
      continue;
    }
    if (!want) {
      out.push(`${resource} ${id}: in Strapi, not in BigCommerce`);
      continue;
    }
    for (const key of Object.keys(want) as (keyof T)[]) {
      if (JSON.stringify(want[key]) !== JSON.stringify(got[key]))
        out.push(`${resource} ${id}: ${String(key)} strapi=${show(got[key])} bigcommerce=${show(want[key])}`);
    }
  }
};

/**
 * Every synced product through `GET /api/bigcommerce/products/:slug` (the default channel): a visible one
 * its listing there does not take off answers with itself, any other with 404 (never another product).
 */
const checkSlugRoutes = async (
  http: () => ReturnType<typeof request>,
  products: Map<number, ProductView>,
  listed: ReadonlySet<number>,
  out: string[]
): Promise<void> => {
  const queue = [...products];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [id, product] = next;
      const res = await http().get(`/api/bigcommerce/products/${encodeURIComponent(product.slug)}`);
      const found = res.status === 200 ? Number(res.body?.data?.bigcommerceId) : null;
      const shown = product.visible && listed.has(id);
      if (shown && found !== id) out.push(`product ${id}: GET /products/${show(product.slug)} answered ${res.status}${found ? ` with product ${found}` : ''}`);
      if (!shown && res.status !== 404)
        out.push(`product ${id} (hidden): GET /products/${show(product.slug)} answered ${res.status}${found ? ` with product ${found}` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
};

export interface OracleResult {
  equal: boolean;
  differences: string[];
  /** Products compared on each side. */
  counts: { strapi: number; bigcommerce: number };
}

/** Compares Strapi's catalog (database and read API) to the sandbox's; `differences` is empty when equal. */
export const compareCatalogs = async (
  app: { strapi: Core.Strapi; http: () => ReturnType<typeof request> },
  sandbox: Sandbox,
  channelIds: readonly number[] = [1]
): Promise<OracleResult> => {
  const expected = expectedCatalog(sandbox, channelIds);
  const { view: actual, duplicates } = await actualCatalog(app.strapi);
  const differences = [...duplicates];
  compareMaps('product', expected.products, actual.products, differences);
  compareMaps('category', expected.categories, actual.categories, differences);
  compareMaps('brand', expected.brands, actual.brands, differences);
  await checkSlugRoutes(app.http, actual.products, new Set(listedIn(sandbox, channelIds[0])), differences);
  return { equal: differences.length === 0, differences, counts: { strapi: actual.products.size, bigcommerce: expected.products.size } };
};

/** The differences, one a line, at most `limit` of them. */
export const formatDifferences = (result: OracleResult, limit = 40): string =>
  result.equal
    ? 'catalogs equal'
    : [
        `${result.differences.length} difference(s) (Strapi ${result.counts.strapi} products, BigCommerce ${result.counts.bigcommerce}):`,
        ...result.differences.slice(0, limit).map((line) => `  - ${line}`),
        ...(result.differences.length > limit ? [`  ... and ${result.differences.length - limit} more`] : []),
      ].join('\n');
