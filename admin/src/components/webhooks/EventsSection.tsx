import { IconButton, SingleSelect, SingleSelectOption, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';

import { useFormat } from '../../hooks/useFormat';
import { useTranslate } from '../../hooks/useTranslate';
import { EVENT_STATUSES, type EventStatus, type InboxEvent } from '../../hooks/useWebhooks';
import type { Pagination } from '../../utils/api';
import { ListPager } from '../ListPager';
import { Section } from '../Section';
import { NamedCell, TableHead, TextCell } from '../TableParts';
import { ToneBadge } from '../ToneBadge';
import { EVENT_TONE, webhookLabels } from './labels';

interface EventsSectionProps {
  events: InboxEvent[];
  pagination: Pagination;
  status: EventStatus | undefined;
  onStatusChange: (status: EventStatus | undefined) => void;
  /** Absent without the manage permission: no Replay buttons then. */
  onReplay?: (id: number) => void;
  replaying: number | null;
}

const REPLAYABLE: EventStatus[] = ['dead', 'failed'];

/** The inbox's latest events, filterable by state; a dead or failing one can be replayed. */
export const EventsSection = ({ events, pagination, status, onStatusChange, onReplay, replaying }: EventsSectionProps) => {
  const t = useTranslate();
  const format = useFormat();
  const labels = webhookLabels(t);
  const columns = [
    t('webhooks.events.scope', 'Event'),
    t('webhooks.events.resource', 'About'),
    t('webhooks.events.status', 'State'),
    t('webhooks.events.attempts', 'Attempts'),
    t('webhooks.events.received', 'Received'),
    t('webhooks.events.error', 'Last error'),
    { label: t('webhooks.events.actions', 'Actions'), hidden: true },
  ];
  const resource = (event: InboxEvent) =>
    event.resourceType === 'product'
      ? t('webhooks.events.product', 'Product {id}', { id: event.resourceId })
      : event.resourceType === 'category'
        ? t('webhooks.events.category', 'Category {id}', { id: event.resourceId })
        : String(event.resourceId);

  return (
    <Section
      title={t('webhooks.events.title', 'Recent events')}
      actions={
        <SingleSelect
          aria-label={t('webhooks.events.filter', 'Filter by state')}
          size="S"
          value={status ?? 'all'}
          onChange={(value: string | number) => onStatusChange(value === 'all' ? undefined : (value as EventStatus))}
        >
          <SingleSelectOption value="all">{t('webhooks.events.all', 'All states')}</SingleSelectOption>
          {EVENT_STATUSES.map((option) => (
            <SingleSelectOption key={option} value={option}>
              {labels.status(option)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      }
    >
      {events.length === 0 ? (
        <Typography textColor="neutral600">{t('webhooks.events.none', 'No events.')}</Typography>
      ) : (
        <>
          <Table colCount={columns.length} rowCount={events.length + 1}>
            <TableHead columns={columns} />
            <Tbody>
              {events.map((event) => (
                <Tr key={event.id}>
                  <NamedCell name={event.scope} note={t('webhooks.events.id', '(ID {id})', { id: event.id })} />
                  <TextCell>{resource(event)}</TextCell>
                  <Td>
                    <ToneBadge tone={EVENT_TONE[event.status]}>{labels.status(event.status)}</ToneBadge>
                  </Td>
                  <TextCell>{event.attempts}</TextCell>
                  <TextCell>{format.dateTime(event.receivedAt)}</TextCell>
                  <Td maxWidth="18rem">
                    <Typography tag="p" textColor="danger600" ellipsis title={event.lastError ?? undefined}>
                      {event.lastError ?? ''}
                    </Typography>
                  </Td>
                  <Td>
                    {onReplay && REPLAYABLE.includes(event.status) && (
                      <IconButton
                        label={t('webhooks.events.replay', 'Replay event {id}', { id: event.id })}
                        variant="secondary"
                        disabled={replaying === event.id}
                        onClick={() => onReplay(event.id)}
                      >
                        <ArrowClockwise />
                      </IconButton>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <ListPager pagination={pagination} />
        </>
      )}
    </Section>
  );
};
