import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';

import { useFormat } from '../../hooks/useFormat';
import { useTranslate } from '../../hooks/useTranslate';
import type { WebhookStatus } from '../../hooks/useWebhooks';
import { Notice } from '../Notice';
import { Section } from '../Section';
import { TableHead, TextCell } from '../TableParts';
import { ToneBadge } from '../ToneBadge';
import { webhookLabels } from './labels';

/** The hooks registered at BigCommerce for this Strapi, with what the last check did to each. */
export const HooksSection = ({ status }: { status: WebhookStatus }) => {
  const t = useTranslate();
  const format = useFormat();
  const labels = webhookLabels(t);
  const lastAction = (scope: string) => status.lastCheck?.hooks.find((hook) => hook.scope === scope && hook.action !== 'deleted')?.action;
  const columns = [
    t('webhooks.hooks.scope', 'Event scope'),
    t('webhooks.hooks.destination', 'Destination'),
    t('webhooks.hooks.state', 'State'),
    t('webhooks.hooks.updated', 'Changed at BigCommerce'),
    t('webhooks.hooks.lastCheck', 'Last check'),
  ];
  return (
    <Section
      title={t('webhooks.hooks.title', 'Registered hooks')}
      description={status.destination ? t('webhooks.hooks.destinationLine', 'BigCommerce sends events to {url}', { url: status.destination }) : undefined}
    >
      {!status.destination && (
        <Notice variant="warning" title={t('webhooks.noUrl.title', 'No webhook URL')}>
          {t(
            'webhooks.noUrl.body',
            'Set the webhook URL (the public address of this Strapi, ending in /api/bigcommerce/webhooks) under Connection, then register the hooks.'
          )}
        </Notice>
      )}
      {status.error && (
        <Notice variant="danger" title={t('webhooks.listFailed', 'The hooks could not be read from BigCommerce')}>
          {status.error}
        </Notice>
      )}
      {status.hooks.length > 0 ? (
        <Table colCount={columns.length} rowCount={status.hooks.length + 1}>
          <TableHead columns={columns} />
          <Tbody>
            {status.hooks.map((hook) => {
              const action = lastAction(hook.scope);
              return (
                <Tr key={hook.id}>
                  <TextCell strong>{hook.scope}</TextCell>
                  <TextCell>{hook.destination}</TextCell>
                  <Td>
                    <ToneBadge tone={hook.isActive ? 'success' : 'danger'}>
                      {hook.isActive ? t('webhooks.hooks.active', 'Active') : t('webhooks.hooks.inactive', 'Inactive')}
                    </ToneBadge>
                  </Td>
                  <TextCell>{format.dateTime(new Date(hook.updatedAt * 1000).toISOString())}</TextCell>
                  <TextCell>{action ? labels.action(action) : '—'}</TextCell>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      ) : (
        !status.error && <Typography textColor="neutral600">{t('webhooks.hooks.none', 'No hooks are registered for this Strapi yet.')}</Typography>
      )}
      {status.lastCheck && (
        <Typography variant="pi" textColor="neutral600">
          {t('webhooks.hooks.checkedAt', 'Last checked {time}', { time: format.dateTime(status.lastCheck.checkedAt) })}
        </Typography>
      )}
    </Section>
  );
};
