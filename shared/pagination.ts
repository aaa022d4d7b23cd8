// No imports: `meta.pagination` of the admin routes that answer one page of a list (sync runs, inbox events, redirects).

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}
