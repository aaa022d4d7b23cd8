import { parseList, type Pagination, type V3ListResponse } from './envelope';
import type { QueryValue, Transport } from './transport';

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

export interface PaginateOptions {
  query?: Record<string, QueryValue>;
  /** Page size; BigCommerce allows up to 250 on most v3 lists. */
  limit?: number;
  /** First page to read (1-based): lets a run resume from a checkpoint. */
  startPage?: number;
}

/** The list's pagination, or a single page when BigCommerce sent none. */
export const paginationOf = (body: V3ListResponse<unknown>, page: number, limit: number): Pagination =>
  body.meta?.pagination ?? { total: body.data.length, count: body.data.length, per_page: limit, current_page: page, total_pages: 1 };

/** One page of a v3 list. */
export const fetchPage = async <T>(transport: Transport, path: string, query: Record<string, QueryValue>, page: number, limit: number): Promise<Page<T>> => {
  const response = await transport.request<unknown>({ path, query: { ...query, page, limit } });
  const body = parseList<T>(response.data, path);
  return { items: body.data, pagination: paginationOf(body, page, limit) };
};

/**
 * Reads a v3 list page by page. Only one page is held at a time, so a 50,000-product catalog
 * streams through without being loaded whole.
 */
export async function* paginate<T>(transport: Transport, path: string, options: PaginateOptions = {}): AsyncGenerator<Page<T>> {
  let page = options.startPage ?? 1;
  const limit = options.limit ?? 250;
  for (;;) {
    const { items, pagination } = await fetchPage<T>(transport, path, options.query ?? {}, page, limit);
    yield { items, pagination };
    if (items.length === 0 || pagination.current_page >= pagination.total_pages) return;
    page = pagination.current_page + 1;
  }
}

/** Same as `paginate`, one item at a time. */
export async function* paginateItems<T>(transport: Transport, path: string, options: PaginateOptions = {}): AsyncGenerator<T> {
  for await (const page of paginate<T>(transport, path, options)) yield* page.items;
}

/** Collects a (small) list whole: channels, sites, hooks. */
export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};
