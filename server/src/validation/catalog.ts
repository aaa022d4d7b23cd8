import { z } from 'zod';

import { idParam } from './ids';

/**
 * Query strings of the storefront read API. Every value arrives as a string (GraphQL arguments are
 * turned into strings before they reach these schemas), so each parameter parses its own text and a
 * repeated key (`?page=1&page=2`, an array) fails with the parameter's name instead of being guessed at.
 */
const text = (max: number) => z.string('must be given once, as text').trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const wholeNumber = (min: number, max: number, tooBig = `must be at most ${max}`) =>
  z
    .string('must be given once, as a whole number')
    .trim()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, tooBig));

const price = z
  .string('must be given once, as a number')
  .trim()
  .regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a non-negative number such as 10 or 9.99')
  .transform(Number);

const flag = z.enum(['true', 'false'], 'must be true or false').transform((value) => value === 'true');

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 24;

const pageParams = {
  page: wholeNumber(1, 1_000_000).default(1),
  pageSize: wholeNumber(1, MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).default(DEFAULT_PAGE_SIZE),
};

const channel = idParam('a channel id').optional();

/** A currency the shopper's prices are given in (ISO 4217); which ones a channel offers is BigCommerce's to say. */
const currency = z
  .string('must be given once, as a currency code')
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code such as USD')
  .transform((code) => code.toUpperCase())
  .optional();

/** A strict object whose unknown-key error lists what is allowed. */
const queryObject = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((key) => `"${key}"`).join(', ')} (allowed: ${Object.keys(shape).join(', ') || 'none'})`
        : undefined,
  });

export const PRODUCT_SORT_KEYS = ['name', 'price', 'newest', 'featured'] as const;
export type ProductSortKey = (typeof PRODUCT_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

/** Direction when the client names only the key: what a shopper expects first. */
const DEFAULT_DIRECTION: Record<ProductSortKey, SortDirection> = { name: 'asc', price: 'asc', newest: 'desc', featured: 'desc' };

/** One sort key with its direction, e.g. `price:desc`; an unknown key is named in the error. */
const sortTerm = (term: string, ctx: z.RefinementCtx): SortTerm | undefined => {
  const [rawKey, rawDirection, ...extra] = term.trim().toLowerCase().split(':');
  const key = PRODUCT_SORT_KEYS.find((candidate) => candidate === rawKey);
  if (!key) {
    ctx.addIssue({ code: 'custom', message: `names an unknown field "${rawKey}" (sort fields: ${PRODUCT_SORT_KEYS.join(', ')})` });
    return undefined;
  }
  if (extra.length || (rawDirection !== undefined && rawDirection !== 'asc' && rawDirection !== 'desc')) {
    ctx.addIssue({ code: 'custom', message: `"${term}": a sort field may be followed by :asc or :desc only` });
    return undefined;
  }
  return { key, direction: (rawDirection as SortDirection | undefined) ?? DEFAULT_DIRECTION[key] };
};

export interface SortTerm {
  key: ProductSortKey;
  direction: SortDirection;
}

/** The first key orders the page; the others (Strapi's `price:desc,name`) break its ties, in order. */
export type ProductSort = SortTerm & { thenBy: SortTerm[] };

const sort = z
  .string('must be given once')
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .transform((value, ctx): ProductSort => {
    const terms = value.split(',').map((term) => sortTerm(term, ctx));
    if (terms.some((term) => term === undefined)) return z.NEVER;
    const [first, ...thenBy] = terms as SortTerm[];
    return { ...first, thenBy };
  });

const productListShape = {
  channel,
  category: text(200).optional(),
  brand: text(200).optional(),
  priceMin: price.optional(),
  priceMax: price.optional(),
  inStock: flag.optional(),
  q: text(100).optional(),
  live: flag.optional(),
  currency,
  sort: sort.default({ key: 'featured', direction: 'desc', thenBy: [] }),
  ...pageParams,
};

const priceRange = <Q extends { priceMin?: number; priceMax?: number }>(query: Q) =>
  query.priceMin === undefined || query.priceMax === undefined || query.priceMin <= query.priceMax;
const priceRangeError = { message: 'must not be greater than priceMax', path: ['priceMin'] };

export const productListSchema = queryObject(productListShape).refine(priceRange, priceRangeError);

export type ProductListQuery = z.infer<typeof productListSchema>;

export const productSlugSchema = z.object({ slug: text(255) });

export const productOneSchema = queryObject({ channel, live: flag.optional(), currency });

export const categoryTreeSchema = queryObject({ channel });

export const brandListSchema = queryObject(pageParams);

export type BrandListQuery = z.infer<typeof brandListSchema>;

/*
 * Strapi's REST conventions (`pagination[page]`, `sort[0]=price:desc`, `filters[brand][slug][$eq]`, `fields`,
 * `populate`), as Strapi's query parser (qs) hands them over: nested objects and arrays. Each is turned
 * into the flat parameters above, so both spellings are one validation and one query; what has no
 * meaning for our routes is refused with its name. REST only: GraphQL has its own arguments.
 */

/** Relations of a product a client may populate (channels are the plugin's own bookkeeping). */
export const PRODUCT_RELATIONS = ['brand', 'categories'] as const;
export type ProductRelation = (typeof PRODUCT_RELATIONS)[number];

type Raw = Record<string, unknown>;
type Issues = z.RefinementCtx;

const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list as Strapi takes one: `a`, `a,b`, `x[0]=a&x[1]=b` (qs gives an array, or an object by index past its array limit). */
const listOf = (value: unknown): string[] | undefined => {
  const items =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value
        : isRecord(value) && Object.keys(value).every((key) => /^\d+$/.test(key))
          ? Object.entries(value)
              .sort(([a], [b]) => Number(a) - Number(b))
              .map(([, item]) => item)
          : undefined;
  if (!items?.every((item): item is string => typeof item === 'string')) return undefined;
  return items
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
};

const refuse = (ctx: Issues, name: string, message: string): undefined => {
  ctx.addIssue({ code: 'custom', path: [name], message });
  return undefined;
};

/** Sets a flat parameter from its Strapi spelling, unless the flat one was given too. */
const setFlat = (ctx: Issues, out: Raw, flat: string, value: unknown, spelledAs: string) => {
  if (out[flat] !== undefined) refuse(ctx, spelledAs, `and ${flat} both given: give one`);
  else out[flat] = value;
};

const pagination = (ctx: Issues, value: unknown, out: Raw) => {
  if (!isRecord(value)) return refuse(ctx, 'pagination', 'must be pagination[page] and pagination[pageSize]');
  const { page, pageSize, withCount, ...rest } = value;
  // Offsets are not offered: pages of a stable order, and meta.pagination in one shape (page, pageCount).
  for (const key of Object.keys(rest)) {
    refuse(
      ctx,
      `pagination[${key}]`,
      key === 'start' || key === 'limit'
        ? 'is not supported: page with pagination[page] and pagination[pageSize]'
        : 'is not a pagination parameter (page, pageSize, withCount)'
    );
  }
  if (withCount !== undefined && withCount !== 'true' && withCount !== 'false') refuse(ctx, 'pagination[withCount]', 'must be true or false');
  if (page !== undefined) setFlat(ctx, out, 'page', page, 'pagination[page]');
  if (pageSize !== undefined) setFlat(ctx, out, 'pageSize', pageSize, 'pagination[pageSize]');
};

/** `sort=price`, `sort=price:asc,name`, `sort[0]=price:desc&sort[1]=name`, `sort[price]=desc`: one comma list for the flat `sort`. */
const sortOf = (ctx: Issues, value: unknown): string | undefined => {
  const terms =
    isRecord(value) && !Object.keys(value).every((key) => /^\d+$/.test(key))
      ? Object.entries(value).map(([key, direction]) => (typeof direction === 'string' ? `${key}:${direction}` : undefined))
      : listOf(value);
  if (!terms?.length || terms.some((term) => term === undefined)) return refuse(ctx, 'sort', 'must be field, field:asc or field:desc, or a list of them');
  return terms.join(',');
};

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Which public fields: checked against the product model (extension fields included) by catalog-read. */
const fieldsOf = (ctx: Issues, value: unknown): string[] | undefined => {
  const fields = listOf(value);
  if (!fields?.length) return refuse(ctx, 'fields', 'must name fields: fields=name,price or fields[0]=name');
  const bad = fields.filter((field) => !FIELD_NAME.test(field));
  if (bad.length) return refuse(ctx, 'fields', `names no field: ${bad.map((field) => `"${field}"`).join(', ')}`);
  return [...new Set(fields)];
};

/** `populate=*`, `populate=brand`, `populate[0]=brand`, `populate[brand]=true`: one level, the editorial relations only. */
const populateOf = (ctx: Issues, value: unknown): ProductRelation[] | undefined => {
  let names: string[] | undefined;
  if (isRecord(value) && !Object.keys(value).every((key) => /^\d+$/.test(key))) {
    names = [];
    for (const [name, option] of Object.entries(value)) {
      if (option === true || option === 'true' || option === '*') names.push(name);
      else refuse(ctx, `populate[${name}]`, 'takes true only: populate reaches one level (brand, categories), whole');
    }
  } else names = listOf(value);
  if (!names) return refuse(ctx, 'populate', `must be *, or relations: ${PRODUCT_RELATIONS.join(', ')}`);
  if (names.includes('*')) return [...PRODUCT_RELATIONS];
  const unknown = names.filter((name) => !(PRODUCT_RELATIONS as readonly string[]).includes(name));
  if (unknown.length)
    return refuse(ctx, 'populate', `cannot populate ${unknown.map((name) => `"${name}"`).join(', ')} (relations: ${PRODUCT_RELATIONS.join(', ')})`);
  return [...new Set(names)] as ProductRelation[];
};

/** The documented filters, each as the flat parameter it is. A bare value is Strapi's implicit `$eq`. */
const FILTERS: Record<string, { operators: Record<string, string>; path?: string }> = {
  category: { path: 'slug', operators: { $eq: 'category' } },
  categories: { path: 'slug', operators: { $eq: 'category' } },
  brand: { path: 'slug', operators: { $eq: 'brand' } },
  price: { operators: { $gte: 'priceMin', $lte: 'priceMax' } },
  inStock: { operators: { $eq: 'inStock' } },
  name: { operators: { $containsi: 'q' } },
};
const FILTER_LIST = 'category[slug][$eq], brand[slug][$eq], price[$gte], price[$lte], inStock[$eq], name[$containsi]';

const filters = (ctx: Issues, value: unknown, out: Raw) => {
  if (!isRecord(value)) return refuse(ctx, 'filters', `must be filters on ${FILTER_LIST}`);
  for (const [field, given] of Object.entries(value)) {
    const filter = FILTERS[field];
    if (!filter) {
      refuse(ctx, `filters[${field}]`, `is not a supported filter (supported: ${FILTER_LIST})`);
      continue;
    }
    let condition: unknown = given;
    let name = `filters[${field}]`;
    if (filter.path) {
      const inner = isRecord(given) ? Object.keys(given) : [];
      if (inner.length !== 1 || inner[0] !== filter.path) {
        refuse(ctx, name, `filters on ${filter.path} only: ${name}[${filter.path}][$eq]`);
        continue;
      }
      condition = (given as Raw)[filter.path];
      name = `${name}[${filter.path}]`;
    }
    const operations = isRecord(condition) ? Object.entries(condition) : [['$eq', condition] as const];
    for (const [operator, operand] of operations) {
      const flat = filter.operators[operator];
      if (!flat) refuse(ctx, `${name}[${operator}]`, `is not supported (operators here: ${Object.keys(filter.operators).join(', ')})`);
      else setFlat(ctx, out, flat, operand, `${name}[${operator}]`);
    }
  }
};

/** What each conventional parameter does; a route takes those it names. */
const CONVENTIONS = {
  pagination: (ctx: Issues, value: unknown, out: Raw) => pagination(ctx, value, out),
  sort: (ctx: Issues, value: unknown, out: Raw) => {
    out.sort = sortOf(ctx, value);
  },
  filters: (ctx: Issues, value: unknown, out: Raw) => filters(ctx, value, out),
  fields: (ctx: Issues, value: unknown, out: Raw) => {
    out.fields = fieldsOf(ctx, value);
  },
  populate: (ctx: Issues, value: unknown, out: Raw) => {
    out.populate = populateOf(ctx, value);
  },
} as const;

/** A query with the named conventions turned into flat parameters (the flat ones first: a clash names both). */
const conventions = (names: readonly (keyof typeof CONVENTIONS)[]) =>
  z.unknown().transform((query, ctx) => {
    if (!isRecord(query)) return query;
    const out: Raw = Object.fromEntries(Object.entries(query).filter(([key]) => !(names as readonly string[]).includes(key)));
    for (const name of names) if (query[name] !== undefined) CONVENTIONS[name](ctx, query[name], out);
    return out;
  });

const restExtras = { fields: z.array(z.string()).optional(), populate: z.array(z.enum(PRODUCT_RELATIONS)).optional() };

/** `GET /products`: the flat parameters and Strapi's pagination, sort, filters, fields and populate. */
export const productListRestSchema = conventions(['pagination', 'sort', 'filters', 'fields', 'populate']).pipe(
  queryObject({ ...productListShape, ...restExtras }).refine(priceRange, priceRangeError)
);

/** `GET /products/:slug`: fields and populate. */
export const productOneRestSchema = conventions(['fields', 'populate']).pipe(queryObject({ channel, live: flag.optional(), currency, ...restExtras }));

/** `GET /brands`: Strapi's pagination too. */
export const brandListRestSchema = conventions(['pagination']).pipe(brandListSchema);

/*
 * What a read answers about the shopper's prices, declared once: the pricing service's types, the OpenAPI
 * document's `Pricing` / `PricingMeta` schemas and the typed client's `CatalogAnswers` derive from these.
 */

/** Where a product's prices come from: BigCommerce now, this node's cache of it, or the synced catalog. */
export const pricingSourceSchema = z
  .enum(['bigcommerce', 'cache', 'synced'])
  .describe('bigcommerce (read now), cache (read earlier, still fresh), or synced (the catalog price: BigCommerce could not say)');

/** `pricing` on each product: whose prices these are. */
export const pricingLabelSchema = z
  .object({
    currency: z.string().nullable().describe('The prices’ currency (ISO 4217); null when BigCommerce could not say which'),
    customerGroupId: z.int().describe('The signed-in shopper’s customer group, read from BigCommerce (0: none, or a guest)'),
    source: pricingSourceSchema,
  })
  .describe('Present when the prices are the shopper’s own (signed in, or a `currency` asked for)');

/** `meta.pricing`: the answer's label (`synced` if any product kept its synced prices), and why BigCommerce could not say. */
export const pricingMetaSchema = pricingLabelSchema
  .extend({ error: z.string().nullable().describe('Why the shopper’s prices could not be read, if they could not') })
  .describe('Present when the prices are the shopper’s own: the answer’s label and the reason for any synced fallback');

export type PricingSource = z.infer<typeof pricingSourceSchema>;
export type PricingLabel = z.infer<typeof pricingLabelSchema>;
export type PricingMeta = z.infer<typeof pricingMetaSchema>;
