import { z } from 'zod';

import { BigCommerceApiError } from './errors';

/** `meta.pagination` of v3 list responses (pagination_Full). */
export interface Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links?: { previous?: string; current?: string; next?: string };
}

export interface V3Response<T> {
  data: T;
  meta: Record<string, unknown>;
}

export interface V3ListResponse<T> {
  data: T[];
  meta: { pagination?: Pagination; [key: string]: unknown };
}

const paginationSchema = z
  .object({
    total: z.number(),
    count: z.number(),
    per_page: z.number(),
    current_page: z.number(),
    total_pages: z.number(),
  })
  .passthrough();

const listSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: paginationSchema.optional() }).passthrough().optional(),
});

const singleSchema = z.object({ data: z.unknown(), meta: z.unknown().optional() });

/**
 * Checks the v3 envelope. Items are typed, not parsed field by field: a full catalog page is large
 * and BigCommerce owns the item shape; a wrong envelope (a proxy's HTML page, say) is what we catch.
 */
export const parseList = <T>(body: unknown, path: string): V3ListResponse<T> => {
  const parsed = listSchema.safeParse(body);
  if (!parsed.success) {
    throw new BigCommerceApiError(`BigCommerce ${path} returned an unexpected list body`, {
      kind: 'invalid_response',
      path,
    });
  }
  return body as V3ListResponse<T>;
};

export const parseSingle = <T>(body: unknown, path: string): T => {
  const parsed = singleSchema.safeParse(body);
  if (!parsed.success) {
    throw new BigCommerceApiError(`BigCommerce ${path} returned an unexpected body`, {
      kind: 'invalid_response',
      path,
    });
  }
  return (body as V3Response<T>).data;
};
