import type { EventStatus, HookReport } from '../../hooks/useWebhooks';
import type { Translate } from '../../hooks/useTranslate';
import type { Tone } from '../ToneBadge';

export const EVENT_TONE: Record<EventStatus, Tone> = {
  pending: 'primary',
  processing: 'primary',
  done: 'success',
  failed: 'warning',
  dead: 'danger',
  dropped: 'neutral',
};

export const webhookLabels = (t: Translate) => ({
  status: (status: EventStatus) =>
    ({
      pending: t('webhooks.status.pending', 'Pending'),
      processing: t('webhooks.status.processing', 'Processing'),
      done: t('webhooks.status.done', 'Applied'),
      failed: t('webhooks.status.failed', 'Failed, retrying'),
      dead: t('webhooks.status.dead', 'Dead'),
      dropped: t('webhooks.status.dropped', 'Ignored'),
    })[status],
  action: (action: HookReport['action']) =>
    ({
      created: t('webhooks.action.created', 'Created'),
      updated: t('webhooks.action.updated', 'Updated'),
      reactivated: t('webhooks.action.reactivated', 'Reactivated'),
      unchanged: t('webhooks.action.unchanged', 'Unchanged'),
      deleted: t('webhooks.action.deleted', 'Duplicate deleted'),
    })[action],
});
