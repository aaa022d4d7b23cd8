import { useEffect, useState } from 'react';
import { Button, EmptyStateLayout, Flex } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';

import { RunCard } from '../components/sync/RunCard';
import { RunsTable } from '../components/sync/RunsTable';
import { ScheduleForm } from '../components/sync/ScheduleForm';
import { Section } from '../components/Section';
import { useAction } from '../hooks/useAction';
import { useCan } from '../hooks/useCan';
import { useSyncActions, useSyncRuns, useSyncSchedule, type SyncKind } from '../hooks/useSync';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';

const SyncPage = () => {
  const t = useTranslate();
  const [{ query }] = useQueryParams<{ page?: string; pageSize?: string }>();
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 10);
  const { allowed: canTrigger, isLoading: permissionsLoading } = useCan(PERMISSIONS.syncTrigger);
  // The newest run, polled every second while it runs and every 15 s otherwise (a schedule may start one).
  const [live, setLive] = useState(false);
  const latest = useSyncRuns(1, 1, live ? 1000 : 15000);
  const latestRun = latest.data?.[0];
  if (live !== (latestRun?.status === 'running')) setLive(latestRun?.status === 'running');
  // The history has no clock of its own: it reloads after each change of the newest run, so its table
  // is never ahead of the run's card above it.
  const history = useSyncRuns(page, pageSize);
  const reloadHistory = history.reload;
  const latestProgress = latestRun && `${latestRun.id}:${latestRun.status}:${latestRun.phase}:${latestRun.done}`;
  useEffect(() => {
    if (latestProgress) void reloadHistory();
  }, [latestProgress, reloadHistory]);
  const schedule = useSyncSchedule();
  const actions = useSyncActions();
  const { pending, run } = useAction();
  const [selectedId, setSelectedId] = useState<number | null>(null);

  const loadError = latest.error ?? history.error ?? schedule.error;
  if (loadError) return <Page.Error content={loadError} />;
  if (latest.isLoading || history.isLoading || schedule.isLoading || permissionsLoading) return <Page.Loading />;

  const shown = (selectedId !== null && history.data?.find((candidate) => candidate.id === selectedId)) || latestRun;
  const running = latestRun?.status === 'running';

  const start = async (kind: SyncKind) => {
    const started = await run(kind, () => actions.start(kind), t('sync.started', 'Sync started'));
    if (started) {
      setSelectedId(null);
      await latest.reload(); // the history follows
    }
  };

  const cancel = async () => {
    if (!latestRun) return;
    await run('cancel', () => actions.cancel(latestRun.id), t('sync.cancelRequested', 'The sync stops after the current page'));
    await latest.reload();
  };

  return (
    <Page.Main>
      <Page.Title>{t('sync.title', 'Catalog sync')}</Page.Title>
      <Layouts.Header
        title={t('sync.title', 'Catalog sync')}
        subtitle={t('sync.subtitle', 'Products, categories and brands copied from BigCommerce into Strapi.')}
        primaryAction={
          canTrigger ? (
            <Flex gap={2}>
              <Button variant="secondary" onClick={() => start('incremental')} loading={pending === 'incremental'} disabled={running}>
                {t('sync.start.incremental', 'Sync changes')}
              </Button>
              <Button startIcon={<ArrowClockwise />} onClick={() => start('full')} loading={pending === 'full'} disabled={running}>
                {t('sync.start.full', 'Full sync')}
              </Button>
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {shown ? (
            <RunCard run={shown} onCancel={canTrigger && shown.id === latestRun?.id ? cancel : undefined} cancelling={pending === 'cancel'} />
          ) : (
            <EmptyStateLayout content={t('sync.empty', 'No sync has run yet. Start one to copy the catalog into Strapi.')} />
          )}
          <ScheduleForm schedule={schedule.data!} editable={canTrigger} />
          {history.data && history.data.length > 0 && history.meta && (
            <Section title={t('sync.history.title', 'History')}>
              <RunsTable runs={history.data} pagination={history.meta.pagination} onSelect={setSelectedId} />
            </Section>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedSyncPage = () => (
  <Page.Protect permissions={PERMISSIONS.syncRead}>
    <SyncPage />
  </Page.Protect>
);

export default ProtectedSyncPage;
