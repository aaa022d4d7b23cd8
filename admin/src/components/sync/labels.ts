import type { Translate } from '../../hooks/useTranslate';
import type { Tone } from '../ToneBadge';
import type { RunStatus, SyncKind, SyncRun } from '../../hooks/useSync';

export const STATUS_TONE: Record<RunStatus, Tone> = {
  running: 'primary',
  succeeded: 'success',
  partial: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
};

/** The words for a run's enums, translated. */
export const syncLabels = (t: Translate) => ({
  status: (status: RunStatus) =>
    ({
      running: t('sync.status.running', 'Running'),
      succeeded: t('sync.status.succeeded', 'Succeeded'),
      partial: t('sync.status.partial', 'Partly synced'),
      failed: t('sync.status.failed', 'Failed'),
      cancelled: t('sync.status.cancelled', 'Cancelled'),
      interrupted: t('sync.status.interrupted', 'Interrupted'),
    })[status],
  kind: (kind: SyncKind) => (kind === 'full' ? t('sync.kind.full', 'Full') : t('sync.kind.incremental', 'Incremental')),
  trigger: (trigger: SyncRun['trigger']) =>
    ({
      manual: t('sync.trigger.manual', 'Manual'),
      schedule: t('sync.trigger.schedule', 'Scheduled'),
      resume: t('sync.trigger.resume', 'Resumed'),
      api: t('sync.trigger.api', 'API'),
    })[trigger],
  phase: (phase: SyncRun['phase']) =>
    ({
      channels: t('sync.phase.channels', 'Reading channels'),
      taxonomy: t('sync.phase.taxonomy', 'Writing categories and brands'),
      products: t('sync.phase.products', 'Writing products'),
      listings: t('sync.phase.listings', 'Writing channel listings'),
      deletions: t('sync.phase.deletions', 'Removing products BigCommerce no longer lists'),
      done: t('sync.phase.done', 'Done'),
    })[phase ?? 'channels'],
});
