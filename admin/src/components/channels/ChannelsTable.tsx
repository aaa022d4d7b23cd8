import { IconButton, Switch, Table, Tbody, Td, Tr } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';

import type { ChannelView } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { NamedCell, TableHead, TextCell } from '../TableParts';
import { ToneBadge } from '../ToneBadge';
import { CHANNEL_STATUS_TONE, channelLabels } from './labels';

interface ChannelsTableProps {
  channels: ChannelView[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Absent without the manage permission: the switches are then read-only. */
  onServedChange?: (id: number, served: boolean) => void;
  savingServed: boolean;
}

/** Every channel of the store: whether this Strapi serves it, its state and its site. */
/** A cell whose own control handles the click: the row's select must not run again. */
const keepFromRow = (event: { stopPropagation: () => void }) => event.stopPropagation();

export const ChannelsTable = ({ channels, selectedId, onSelect, onServedChange, savingServed }: ChannelsTableProps) => {
  const t = useTranslate();
  const labels = channelLabels(t);
  const columns = [
    t('channels.list.served', 'Served'),
    t('channels.list.name', 'Name'),
    t('channels.list.type', 'Type'),
    t('channels.list.status', 'Status'),
    t('channels.list.site', 'Site URL'),
    { label: t('channels.list.actions', 'Actions'), hidden: true },
  ];
  return (
    <Table colCount={columns.length} rowCount={channels.length + 1}>
      <TableHead columns={columns} />
      <Tbody>
        {channels.map((channel) => (
          <Tr
            key={channel.id}
            background={channel.id === selectedId ? 'primary100' : undefined}
            onClick={() => onSelect(channel.id)}
            style={{ cursor: 'pointer' }}
          >
            <Td onClick={keepFromRow}>
              <Switch
                aria-label={t('channels.list.serve', 'Serve {name}', { name: channel.name })}
                checked={channel.isServed}
                disabled={!onServedChange || savingServed}
                onCheckedChange={(checked: boolean) => onServedChange?.(channel.id, checked)}
              />
            </Td>
            <NamedCell name={channel.name} note={t('channels.list.id', '(ID {id})', { id: channel.id })} />
            <TextCell>
              {channel.type} · {channel.platform}
            </TextCell>
            <Td>
              <ToneBadge tone={CHANNEL_STATUS_TONE[channel.status] ?? 'neutral'}>{labels.status(channel.status)}</ToneBadge>
            </Td>
            <TextCell>{channel.site?.url ?? t('channels.list.noSite', 'No site yet')}</TextCell>
            <Td onClick={keepFromRow}>
              <IconButton
                label={t('channels.list.open', 'Site and routes of {name}', { name: channel.name })}
                variant="ghost"
                onClick={() => onSelect(channel.id)}
              >
                <Pencil />
              </IconButton>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
