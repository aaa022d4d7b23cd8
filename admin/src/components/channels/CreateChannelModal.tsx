import { useState } from 'react';
import { Flex, Typography } from '@strapi/design-system';

import { useAction } from '../../hooks/useAction';
import { channelNameSlug, useChannelActions, type ChannelView } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { fieldErrors } from '../../utils/api';
import { FormModal } from '../FormModal';
import { TextField } from '../TextField';

interface CreateChannelModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (channel: ChannelView) => void;
}

/** Creates a storefront channel on the `custom` platform (a headless storefront). */
export const CreateChannelModal = ({ open, onClose, onCreated }: CreateChannelModalProps) => {
  const t = useTranslate();
  const { create } = useChannelActions();
  const { pending, run } = useAction();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const slug = channelNameSlug(name);

  const submit = async () => {
    if (!slug) {
      setError(t('channels.create.name.invalid', 'Use at least one Latin letter or digit.'));
      return;
    }
    setError(undefined);
    const channel = await run(
      'create',
      () => create(name.trim()),
      t('channels.created', 'Channel created'),
      (err) => setError(fieldErrors(err).name)
    );
    if (channel) {
      setName('');
      onCreated(channel);
    }
  };

  return (
    <FormModal
      open={open}
      onClose={onClose}
      title={t('channels.create.title', 'Create a storefront channel')}
      submitLabel={t('channels.create.submit', 'Create channel')}
      submitting={pending === 'create'}
      onSubmit={submit}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography textColor="neutral600">
          {t(
            'channels.create.description',
            'A storefront channel on the custom platform: the headless storefront this Strapi feeds. Give it a site URL and routes afterwards.'
          )}
        </Typography>
        <TextField
          name="name"
          label={t('channels.create.name', 'Name')}
          value={name}
          onChange={setName}
          error={error}
          required
          hint={
            slug
              ? t('channels.create.name.hint', 'BigCommerce names it {slug} (Latin letters, digits, dashes and underscores only).', { slug })
              : t('channels.create.name.empty', 'Latin letters, digits, dashes and underscores; anything else becomes a dash.')
          }
        />
      </Flex>
    </FormModal>
  );
};
