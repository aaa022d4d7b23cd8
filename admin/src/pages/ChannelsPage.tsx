import { useState } from 'react';
import { Button, Flex, LinkButton, Loader } from '@strapi/design-system';
import { ExternalLink, Plus } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';

import { ChannelsTable } from '../components/channels/ChannelsTable';
import { CreateChannelModal } from '../components/channels/CreateChannelModal';
import { SiteForm } from '../components/channels/SiteForm';
import { Notice } from '../components/Notice';
import { Section } from '../components/Section';
import { useAction } from '../hooks/useAction';
import { useCan } from '../hooks/useCan';
import { useChannel, useChannelActions, useChannels } from '../hooks/useChannels';
import { useControlPanel } from '../hooks/useControlPanel';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';

const ChannelsPage = () => {
  const t = useTranslate();
  const [{ query }, setQuery] = useQueryParams<{ channel?: string }>();
  const selectedId = query.channel ? Number(query.channel) : null;
  const { allowed: canManage, isLoading: permissionsLoading } = useCan(PERMISSIONS.channelsManage);
  const channels = useChannels();
  const channel = useChannel(selectedId);
  const controlPanel = useControlPanel();
  const { setServed } = useChannelActions();
  const { pending, run } = useAction();
  const [creating, setCreating] = useState(false);

  if (channels.error) return <Page.Error content={channels.error} />;
  if (channels.isLoading || permissionsLoading) return <Page.Loading />;

  const select = (id: number) => setQuery({ channel: String(id) });

  const changeServed = async (id: number, served: boolean) => {
    const current = channels.data!.filter((candidate) => candidate.isServed).map((candidate) => candidate.id);
    const next = served ? [...current, id] : current.filter((candidate) => candidate !== id);
    const saved = await run('served', () => setServed(next), t('channels.served.saved', 'Served channels saved. Run a sync to bring in their products.'));
    if (saved) await channels.reload();
  };

  return (
    <Page.Main>
      <Page.Title>{t('channels.title', 'Channels & sites')}</Page.Title>
      <Layouts.Header
        title={t('channels.title', 'Channels & sites')}
        subtitle={t('channels.subtitle', 'The BigCommerce storefront channels this Strapi serves, and where their pages live.')}
        primaryAction={
          <Flex gap={2}>
            {controlPanel?.channelsUrl && (
              <LinkButton href={controlPanel.channelsUrl} isExternal variant="tertiary" endIcon={<ExternalLink />}>
                {t('channels.controlPanel', 'Channel Manager')}
              </LinkButton>
            )}
            {canManage && (
              <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
                {t('channels.create.button', 'Create channel')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section
            title={t('channels.list.title', 'Channels')}
            description={t(
              'channels.list.description',
              'The catalog sync copies the products listed on the channels this Strapi serves, and the storefront API answers for them.'
            )}
          >
            <ChannelsTable
              channels={channels.data!}
              selectedId={selectedId}
              onSelect={select}
              onServedChange={canManage ? changeServed : undefined}
              savingServed={pending === 'served'}
            />
          </Section>
          {selectedId !== null &&
            (channel.error ? (
              <Notice variant="danger" title={t('channels.site.loadFailed', 'The channel could not be read')} onClose={() => setQuery({ channel: undefined })}>
                {channel.error}
              </Notice>
            ) : channel.data && channel.data.id === selectedId ? (
              <SiteForm channel={channel.data} editable={canManage} onSaved={() => void Promise.all([channel.reload(), channels.reload()])} />
            ) : (
              <Flex justifyContent="center" padding={8}>
                <Loader>{t('channels.site.loading', 'Reading the channel from BigCommerce…')}</Loader>
              </Flex>
            ))}
        </Flex>
      </Layouts.Content>
      <CreateChannelModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          void channels.reload();
          select(created.id);
        }}
      />
    </Page.Main>
  );
};

const ProtectedChannelsPage = () => (
  <Page.Protect permissions={PERMISSIONS.channelsRead}>
    <ChannelsPage />
  </Page.Protect>
);

export default ProtectedChannelsPage;
