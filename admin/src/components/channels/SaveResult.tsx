import { Alert, Box, Typography } from '@strapi/design-system';

import type { ChannelChange } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { channelLabels } from './labels';

export type SaveOutcome = { ok: true; changes: ChannelChange[] } | { ok: false; message: string; applied: ChannelChange[] };

const ChangeList = ({ changes }: { changes: ChannelChange[] }) => {
  const t = useTranslate();
  const labels = channelLabels(t);
  return (
    <Box tag="ul" paddingTop={2} paddingLeft={4} style={{ listStyle: 'disc' }}>
      {changes.map((change, index) => (
        <li key={index}>
          <Typography variant="omega">{labels.change(change)}</Typography>
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
      <Alert
        variant="success"
        onClose={onClose}
        closeLabel={t('settings.close', 'Close')}
        title={
          outcome.changes.length
            ? t('channels.saved.title', 'Saved to BigCommerce')
            : t('channels.saved.nothing', 'Nothing to change: BigCommerce already has these values.')
        }
      >
        {outcome.changes.length > 0 && <ChangeList changes={outcome.changes} />}
      </Alert>
    );
  }
  return (
    <Alert variant="danger" onClose={onClose} closeLabel={t('settings.close', 'Close')} title={t('channels.saveFailed', 'BigCommerce did not take the changes')}>
      <Typography variant="omega">{outcome.message}</Typography>
      {outcome.applied.length > 0 && (
        <>
          <Box paddingTop={2}>
            <Typography variant="omega" fontWeight="bold">
              {t('channels.saveFailed.applied', 'These changes were made before the error:')}
            </Typography>
          </Box>
          <ChangeList changes={outcome.applied} />
        </>
      )}
    </Alert>
  );
};
