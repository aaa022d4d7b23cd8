import { Pagination as ListPagination } from '@strapi/strapi/admin';

import type { Pagination } from '../utils/api';

/** Page size (10 is the smallest choice) and page links, kept in the URL as Strapi's own lists do; nothing for a single short page. */
export const ListPager = ({ pagination }: { pagination: Pagination }) =>
  pagination.total > 10 ? (
    <ListPagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={10}>
      <ListPagination.PageSize />
      <ListPagination.Links />
    </ListPagination.Root>
  ) : null;
