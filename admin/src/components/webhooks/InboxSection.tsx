import { Typography } from '@strapi/design-system';

import { useFormat } from '../../hooks/useFormat';
import { useTranslate } from '../../hooks/useTranslate';
import type { WebhookStatus } from '../../hooks/useWebhooks';
import { Section } from '../Section';
import { Stats } from '../Stats';
import { webhookLabels } from './labels';

/** How many events wait, retry, or gave up; and when the last one arrived. */
export const InboxSection = ({ inbox }: { inbox: WebhookStatus['inbox'] }) => {
  const t = useTranslate();
  const format = useFormat();
  const labels = webhookLabels(t);
  return (
    <Section
      title={t('webhooks.inbox.title', 'Inbox')}
      description={t(
        'webhooks.inbox.description',
        'Each event is stored, answered at once, then applied by refetching the product or category. Failures are retried with a growing delay; an event that fails every attempt is dead until you replay it.'
      )}
    >
      <Stats
        items={[
          { label: labels.status('pending'), value: inbox.pending + inbox.processing },
          { label: labels.status('failed'), value: inbox.failed, alarming: true },
          { label: labels.status('dead'), value: inbox.dead, alarming: true },
          { label: labels.status('done'), value: inbox.done },
          { label: labels.status('dropped'), value: inbox.dropped },
        ]}
      />
      <Typography variant="pi" textColor="neutral600">
        {inbox.lastReceivedAt
          ? t('webhooks.inbox.last', 'Last event received {time}', { time: format.dateTime(inbox.lastReceivedAt) })
          : t('webhooks.inbox.never', 'No event received yet.')}
      </Typography>
    </Section>
  );
};
