import { Table, Tbody, Tr, Typography } from '@strapi/design-system';

import type { SyncItemError } from '../../hooks/useSync';
import { useTranslate } from '../../hooks/useTranslate';
import { TableHead, TextCell } from '../TableParts';

/** The items a run could not sync, each with BigCommerce's id and the reason; `failed` counts those not listed too. */
export const RunErrors = ({ errors, failed }: { errors: SyncItemError[]; failed: number }) => {
  const t = useTranslate();
  if (!errors.length) return null;
  const resource = (name: SyncItemError['resource']) =>
    ({
      product: t('sync.resource.product', 'Product'),
      category: t('sync.resource.category', 'Category'),
      brand: t('sync.resource.brand', 'Brand'),
      channel: t('sync.resource.channel', 'Channel'),
      listing: t('sync.resource.listing', 'Channel listing'),
      page: t('sync.resource.page', 'Page'),
    })[name];
  return (
    <>
      <Typography variant="delta" tag="h3">
        {t('sync.errors.title', 'Items that could not be synced ({count})', { count: Math.max(failed, errors.length) })}
      </Typography>
      {failed > errors.length && (
        <Typography variant="pi" textColor="neutral600">
          {t('sync.errors.more', 'The first {listed} are listed.', { listed: errors.length })}
        </Typography>
      )}
      <Table colCount={3} rowCount={errors.length + 1}>
        <TableHead columns={[t('sync.errors.resource', 'Item'), t('sync.errors.id', 'BigCommerce ID'), t('sync.errors.message', 'Reason')]} />
        <Tbody>
          {errors.map((error, index) => (
            <Tr key={`${error.resource}-${error.bigcommerceId ?? 'none'}-${index}`}>
              <TextCell>{resource(error.resource)}</TextCell>
              <TextCell>{error.bigcommerceId ?? '—'}</TextCell>
              <TextCell>{error.message}</TextCell>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
};
