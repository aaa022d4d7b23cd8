import { Button, Flex } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';

import { EventsSection } from '../components/webhooks/EventsSection';
import { HooksSection } from '../components/webhooks/HooksSection';
import { InboxSection } from '../components/webhooks/InboxSection';
import { registrationMessage } from '../components/webhooks/registration';
import { useAction } from '../hooks/useAction';
import { useCan } from '../hooks/useCan';
import { useTranslate } from '../hooks/useTranslate';
import { EVENT_STATUSES, useWebhookActions, useWebhookEvents, useWebhookStatus, type EventStatus } from '../hooks/useWebhooks';
import { PERMISSIONS } from '../permissions';

const WebhooksPage = () => {
  const t = useTranslate();
  const [{ query }, setQuery] = useQueryParams<{ page?: string; pageSize?: string; status?: string }>();
  const eventStatus = EVENT_STATUSES.find((candidate) => candidate === query.status);
  const { allowed: canManage, isLoading: permissionsLoading } = useCan(PERMISSIONS.webhooksManage);
  const status = useWebhookStatus();
  const events = useWebhookEvents({ status: eventStatus, page: Number(query.page ?? 1), pageSize: Number(query.pageSize ?? 10) });
  const actions = useWebhookActions();
  const { pending, run } = useAction();

  const loadError = status.error ?? events.error;
  if (loadError) return <Page.Error content={loadError} />;
  if (status.isLoading || events.isLoading || permissionsLoading) return <Page.Loading />;

  const register = () =>
    run(
      'register',
      async () => {
        const report = await actions.register();
        await status.reload();
        return report;
      },
      (report) => registrationMessage(report, t)
    );

  const replay = async (id: number) => {
    const replayed = await run(`replay-${id}`, () => actions.replay(id), t('webhooks.replayed', 'Event {id} queued again', { id }));
    if (replayed) await Promise.all([events.reload(), status.reload()]);
  };

  const setStatus = (next: EventStatus | undefined) => setQuery({ ...query, status: next, page: '1' });

  return (
    <Page.Main>
      <Page.Title>{t('webhooks.title', 'BigCommerce webhooks')}</Page.Title>
      <Layouts.Header
        title={t('webhooks.title', 'BigCommerce webhooks')}
        subtitle={t('webhooks.subtitle', 'BigCommerce tells Strapi about catalog changes as they happen.')}
        primaryAction={
          canManage ? (
            <Button startIcon={<ArrowClockwise />} onClick={register} loading={pending === 'register'}>
              {t('webhooks.register', 'Register hooks again')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <HooksSection status={status.data!} />
          <InboxSection inbox={status.data!.inbox} />
          <EventsSection
            events={events.data!}
            pagination={events.meta!.pagination}
            status={eventStatus}
            onStatusChange={setStatus}
            onReplay={canManage ? replay : undefined}
            replaying={pending?.startsWith('replay-') ? Number(pending.slice('replay-'.length)) : null}
          />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedWebhooksPage = () => (
  <Page.Protect permissions={PERMISSIONS.webhooksRead}>
    <WebhooksPage />
  </Page.Protect>
);

export default ProtectedWebhooksPage;
