// `meta.pagination` of the admin routes that answer one page of a list (sync runs, inbox events, redirects).
// zod: the type and the OpenAPI document's schema derive from this one declaration; the admin imports the type only.
import { z } from 'zod';

export const paginationSchema = z.object({
  page: z.int(),
  pageSize: z.int(),
  pageCount: z.int(),
  total: z.int(),
});

export type Pagination = z.infer<typeof paginationSchema>;
