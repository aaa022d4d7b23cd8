import { Flex, IconButton, Switch, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';

import type { ChannelCurrencies, ChannelListingStatus, ChannelSummary } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { TableHead, TextCell } from '../TableParts';
import { ToneBadge } from '../ToneBadge';
import { CHANNEL_STATUS_TONE, channelLabels } from './labels';

interface ChannelsTableProps {
  channels: ChannelSummary[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Absent without the manage permission: the switches are then read-only. */
  onServedChange?: (id: number, served: boolean) => void;
  savingServed: boolean;
}

/** A cell whose own control handles the click: the row's select must not run again. */
const keepFromRow = (event: { stopPropagation: () => void }) => event.stopPropagation();

/** A cell of a headline and a line of detail under it. */
const TwoLineCell = ({ headline, detail, alarming = false }: { headline: string; detail: string; alarming?: boolean }) => (
  <Td>
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography textColor={alarming ? 'warning600' : 'neutral800'} fontWeight="semiBold">
        {headline}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {detail}
      </Typography>
    </Flex>
  </Td>
);

/** How many synced products the channel sells, and how many of its listings rename or disable one. */
const ListingsCell = ({ listings, served }: { listings: ChannelListingStatus; served: boolean }) => {
  const t = useTranslate();
  const none = listings.listed === 0 && listings.overridden === 0 && listings.disabled === 0;
  if (!served && none) {
    return (
      <Td>
        <Typography textColor="neutral600">{t('channels.list.notSynced', 'Not synced')}</Typography>
      </Td>
    );
  }
  return (
    <TwoLineCell
      headline={t('channels.list.listed', '{count} listed', { count: listings.listed })}
      detail={t('channels.list.listingChanges', '{overridden} overridden · {disabled} disabled', listings)}
    />
  );
};

/** The default currency first, then the others the channel offers; or why BigCommerce did not say. */
const CurrenciesCell = ({ currencies }: { currencies: ChannelCurrencies }) => {
  const t = useTranslate();
  if (!currencies.known) {
    return (
      <TwoLineCell
        alarming
        headline={t('channels.list.currenciesUnknown', 'Unknown')}
        detail={t('channels.list.currenciesFailed', 'BigCommerce did not give them: {reason}', { reason: currencies.reason })}
      />
    );
  }
  const others = currencies.enabled.filter((code) => code !== currencies.default);
  return (
    <TwoLineCell
      headline={t('channels.list.defaultCurrency', '{code} (default)', { code: currencies.default })}
      detail={
        others.length ? t('channels.list.otherCurrencies', 'Also {codes}', { codes: others.join(', ') }) : t('channels.list.onlyCurrency', 'No other currency')
      }
    />
  );
};

/** Every channel of the store: whether this Strapi serves it, its state, listings, currencies and site. */

export const ChannelsTable = ({ channels, selectedId, onSelect, onServedChange, savingServed }: ChannelsTableProps) => {
  const t = useTranslate();
  const labels = channelLabels(t);
  const columns = [
    t('channels.list.served', 'Served'),
    t('channels.list.name', 'Name'),
    t('channels.list.status', 'Status'),
    t('channels.list.listings', 'Listings'),
    t('channels.list.currencies', 'Currencies'),
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
            {/* The type goes under the name: the listing and currency columns need the width. */}
            <Td>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography>
                  <Typography textColor="neutral800" fontWeight="semiBold">
                    {channel.name}
                  </Typography>{' '}
                  <Typography variant="pi" textColor="neutral600">
                    {t('channels.list.id', '(ID {id})', { id: channel.id })}
                  </Typography>
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {channel.type} · {channel.platform}
                </Typography>
              </Flex>
            </Td>
            <Td>
              <ToneBadge tone={CHANNEL_STATUS_TONE[channel.status] ?? 'neutral'}>{labels.status(channel.status)}</ToneBadge>
            </Td>
            <ListingsCell listings={channel.listings} served={channel.isServed} />
            <CurrenciesCell currencies={channel.currencies} />
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
