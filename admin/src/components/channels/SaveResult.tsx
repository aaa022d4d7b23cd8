import { Box, Flex, Typography } from '@strapi/design-system';

import type { ChannelChange } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { Notice } from '../Notice';
import { channelLabels } from './labels';

export type SaveOutcome = { ok: true; changes: ChannelChange[] } | { ok: false; message: string; applied: ChannelChange[] };

const ChangeList = ({ changes }: { changes: ChannelChange[] }) => {
  const t = useTranslate();
  const labels = channelLabels(t);
  return (
    <Box tag="ul" paddingLeft={4} style={{ listStyle: 'disc' }}>
      {changes.map((change, index) => (
        <li key={index}>
          <Typography variant="omega" textColor="neutral800">
            {labels.change(change)}
          </Typography>
        </li>
      ))}
    </Box>
  );
};

/** After Save: each write BigCommerce took, or BigCommerce's reason for refusing (and what went through before). */
export const SaveResult = ({ outcome, onClose }: { outcome: SaveOutcome; onClose: () => void }) => {
  const t = useTranslate();
  if (outcome.ok) {
    return (
      <Notice
        variant="success"
        onClose={onClose}
        title={t('channels.saved.title', 'Saved to BigCommerce')}
        action={outcome.changes.length > 0 && <ChangeList changes={outcome.changes} />}
      >
        {outcome.changes.length
          ? t('channels.saved.count', '{count, plural, one {# change} other {# changes}} written:', { count: outcome.changes.length })
          : t('channels.saved.nothing', 'Nothing to change: BigCommerce already has these values.')}
      </Notice>
    );
  }
  return (
    <Notice
      variant="danger"
      onClose={onClose}
      title={t('channels.saveFailed', 'BigCommerce did not take the changes')}
      action={
        outcome.applied.length > 0 && (
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="omega" fontWeight="bold" textColor="neutral800">
              {t('channels.saveFailed.applied', 'These changes were made before the error:')}
            </Typography>
            <ChangeList changes={outcome.applied} />
          </Flex>
        )
      }
    >
      {outcome.message}
    </Notice>
  );
};
