import { Table, Tbody, Td, TextInput, Tr, Typography } from '@strapi/design-system';

import type { SiteRoute } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { TableHead, TextCell } from '../TableParts';
import { ToneBadge } from '../ToneBadge';
import { channelLabels } from './labels';

interface RoutesTableProps {
  siteUrl: string;
  routes: SiteRoute[];
  /** Errors keyed by the row's index in `routes`. */
  errors: Record<number, string>;
  disabled: boolean;
  onChange: (index: number, route: string) => void;
}

/** One editable URL template per route type; rows BigCommerce does not have yet are marked New. */
export const RoutesTable = ({ siteUrl, routes, errors, disabled, onChange }: RoutesTableProps) => {
  const t = useTranslate();
  const labels = channelLabels(t);
  const base = siteUrl.trim().replace(/\/+$/, '');
  const columns = [
    { label: t('channels.routes.type', 'Page'), width: '16rem' },
    { label: t('channels.routes.matching', 'For'), width: '6rem' },
    t('channels.routes.route', 'URL template'),
    t('channels.routes.preview', 'Full URL'),
  ];
  return (
    <Table colCount={columns.length} rowCount={routes.length + 1}>
      <TableHead columns={columns} />
      <Tbody>
        {routes.map((route, index) => (
          <Tr key={`${route.type}-${route.matching}`}>
            <Td>
              <Typography textColor="neutral800" fontWeight="semiBold">
                {labels.routeType(route.type)}
              </Typography>{' '}
              {route.id === undefined && <ToneBadge tone="primary">{t('channels.routes.new', 'New')}</ToneBadge>}
            </Td>
            <TextCell>{route.matching === '*' ? t('channels.routes.all', 'All') : route.matching}</TextCell>
            <Td>
              <TextInput
                aria-label={t('channels.routes.routeFor', 'URL template for {type}', { type: labels.routeType(route.type) })}
                name={`routes.${index}.route`}
                size="S"
                value={route.route}
                disabled={disabled}
                hasError={Boolean(errors[index])}
                onChange={(event: { target: { value: string } }) => onChange(index, event.target.value)}
              />
              {errors[index] && (
                <Typography variant="pi" textColor="danger600">
                  {errors[index]}
                </Typography>
              )}
            </Td>
            <TextCell>
              <Typography variant="pi" textColor="neutral600">
                {base ? `${base}${route.route}` : '—'}
              </Typography>
            </TextCell>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
