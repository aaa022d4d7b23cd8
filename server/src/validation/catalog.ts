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

const sort = z
  .string('must be given once')
  .trim()
  .regex(/^(name|price|newest|featured)(:(asc|desc))?$/i, `must be one of ${PRODUCT_SORT_KEYS.join(', ')}, optionally followed by :asc or :desc`)
  .transform((value) => {
    const [key, direction] = value.toLowerCase().split(':') as [ProductSortKey, SortDirection | undefined];
    return { key, direction: direction ?? DEFAULT_DIRECTION[key] };
  });

export const productListSchema = queryObject({
  channel,
  category: text(200).optional(),
  brand: text(200).optional(),
  priceMin: price.optional(),
  priceMax: price.optional(),
  inStock: flag.optional(),
  q: text(100).optional(),
  live: flag.optional(),
  sort: sort.default({ key: 'featured', direction: 'desc' }),
  ...pageParams,
}).refine((query) => query.priceMin === undefined || query.priceMax === undefined || query.priceMin <= query.priceMax, {
  message: 'must not be greater than priceMax',
  path: ['priceMin'],
});

export type ProductListQuery = z.infer<typeof productListSchema>;

export const productSlugSchema = z.object({ slug: text(255) });

export const productOneSchema = queryObject({ channel, live: flag.optional() });

export const categoryTreeSchema = queryObject({ channel });

export const brandListSchema = queryObject(pageParams);

export type BrandListQuery = z.infer<typeof brandListSchema>;
