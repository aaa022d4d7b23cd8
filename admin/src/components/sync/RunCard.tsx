import { Button, Flex, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';

import { useFormat } from '../../hooks/useFormat';
import { useThroughput, type SyncRun } from '../../hooks/useSync';
import { useTranslate } from '../../hooks/useTranslate';
import { Progress } from '../Progress';
import { Section } from '../Section';
import { Stats } from '../Stats';
import { ToneBadge } from '../ToneBadge';
import { RunErrors } from './RunErrors';
import { STATUS_TONE, syncLabels } from './labels';

interface RunCardProps {
  run: SyncRun;
  /** Set when the admin may cancel: the Cancel button shows only then. */
  onCancel?: () => void;
  cancelling: boolean;
}

/** One run: its live progress bar while it runs, then its counts and per-item errors. */
export const RunCard = ({ run, onCancel, cancelling }: RunCardProps) => {
  const t = useTranslate();
  const format = useFormat();
  const labels = syncLabels(t);
  const { rate, etaSeconds } = useThroughput(run);
  const running = run.status === 'running';
  const percent = run.total > 0 ? (run.done * 100) / run.total : run.status === 'succeeded' || run.status === 'partial' ? 100 : 0;
  const elapsed = ((run.finishedAt ? Date.parse(run.finishedAt) : Date.now()) - Date.parse(run.startedAt)) / 1000;

  const progressLine = [
    running && run.total === 0
      ? t('sync.run.counting', 'Counting products…')
      : t('sync.run.progress', '{done} of {total} products', { done: format.number(run.done), total: format.number(run.total) }),
    rate !== null ? t('sync.run.rate', '{rate} products/s', { rate: format.number(rate, rate < 10 ? 1 : 0) }) : null,
    etaSeconds !== null ? t('sync.run.eta', 'about {time} left', { time: format.duration(etaSeconds) }) : null,
    !running ? t('sync.run.took', 'took {time}', { time: format.duration(elapsed) }) : null,
  ].filter(Boolean);

  const counts = [
    { label: t('sync.count.created', 'Created'), value: run.created },
    { label: t('sync.count.updated', 'Updated'), value: run.updated },
    { label: t('sync.count.unchanged', 'Unchanged'), value: run.unchanged },
    { label: t('sync.count.deleted', 'Deleted'), value: run.deleted },
    { label: t('sync.count.failed', 'Failed'), value: run.failed, alarming: run.failed > 0 },
    { label: t('sync.count.requests', 'BigCommerce requests'), value: run.requests },
  ];
  const taxonomy = [
    [t('sync.taxonomy.categories', 'Categories'), run.taxonomy?.categories],
    [t('sync.taxonomy.brands', 'Brands'), run.taxonomy?.brands],
    [t('sync.taxonomy.channels', 'Channels'), run.taxonomy?.channels],
    [t('sync.taxonomy.listings', 'Channel listings'), run.taxonomy?.listings],
  ] as const;

  return (
    <Section
      title={t('sync.run.title', 'Run #{id} · {kind} sync', { id: run.id, kind: labels.kind(run.kind) })}
      actions={
        <>
          <ToneBadge tone={STATUS_TONE[run.status]}>{labels.status(run.status)}</ToneBadge>
          {running && onCancel && (
            <Button variant="danger-light" size="S" startIcon={<Cross />} onClick={onCancel} loading={cancelling} disabled={run.cancelRequested}>
              {run.cancelRequested ? t('sync.cancelling', 'Cancelling…') : t('sync.cancel', 'Cancel')}
            </Button>
          )}
        </>
      }
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between">
          <Typography variant="pi" fontWeight="bold" textColor="neutral700">
            {labels.phase(run.phase)}
          </Typography>
          <Typography variant="pi" fontWeight="bold" textColor="neutral700">
            {format.number(percent)}%
          </Typography>
        </Flex>
        {/* One bar per run: a new run's bar starts at its own value, not animated down from the last run's 100 %. */}
        <Progress key={run.id} value={percent} label={t('sync.run.progressLabel', 'Products synced')} />
        <Typography variant="pi" textColor="neutral600">
          {progressLine.join(' · ')}
        </Typography>
      </Flex>
      <Stats items={counts} />
      {taxonomy.some(([, value]) => value) && (
        <Typography variant="pi" textColor="neutral600">
          {taxonomy
            .filter(([, value]) => value)
            .map(([label, value]) =>
              t('sync.taxonomy.line', '{label}: {created} created, {updated} updated, {unchanged} unchanged, {deleted} deleted', {
                label,
                created: value!.created,
                updated: value!.updated,
                unchanged: value!.unchanged,
                deleted: value!.deleted,
              })
            )
            .join(' · ')}
        </Typography>
      )}
      {run.message && (
        <Typography variant="omega" textColor={run.status === 'failed' ? 'danger600' : 'neutral700'}>
          {run.message}
        </Typography>
      )}
      <RunErrors errors={run.errors ?? []} failed={run.failed} />
    </Section>
  );
};
