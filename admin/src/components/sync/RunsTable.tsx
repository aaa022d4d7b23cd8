import { Table, Tbody, Tr, Td } from '@strapi/design-system';

import { useFormat } from '../../hooks/useFormat';
import type { SyncRun } from '../../hooks/useSync';
import { useTranslate } from '../../hooks/useTranslate';
import type { Pagination } from '../../utils/api';
import { ListPager } from '../ListPager';
import { NamedCell, TableHead, TextCell } from '../TableParts';
import { ToneBadge } from '../ToneBadge';
import { STATUS_TONE, syncLabels } from './labels';

interface RunsTableProps {
  runs: SyncRun[];
  pagination: Pagination;
  /** Shows a run's details above the table. */
  onSelect: (id: number) => void;
}

/** Earlier runs, newest first, paged through the URL like Strapi's own lists. */
export const RunsTable = ({ runs, pagination, onSelect }: RunsTableProps) => {
  const t = useTranslate();
  const format = useFormat();
  const labels = syncLabels(t);
  const columns = [
    t('sync.history.run', 'Run'),
    t('sync.history.status', 'Status'),
    t('sync.history.started', 'Started'),
    t('sync.history.duration', 'Duration'),
    t('sync.history.products', 'Products'),
    t('sync.history.changes', 'Created / updated / deleted'),
    t('sync.history.failed', 'Failed'),
  ];
  return (
    <>
      <Table colCount={columns.length} rowCount={runs.length + 1}>
        <TableHead columns={columns} />
        <Tbody>
          {runs.map((run) => (
            <Tr key={run.id} onClick={() => onSelect(run.id)} style={{ cursor: 'pointer' }}>
              <NamedCell
                name={`#${run.id}`}
                note={t('sync.history.kindTrigger', '{kind} · {trigger}', { kind: labels.kind(run.kind), trigger: labels.trigger(run.trigger) })}
              />
              <Td>
                <ToneBadge tone={STATUS_TONE[run.status]}>{labels.status(run.status)}</ToneBadge>
              </Td>
              <TextCell>{format.dateTime(run.startedAt)}</TextCell>
              <TextCell>{run.finishedAt ? format.duration((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000) : '—'}</TextCell>
              <TextCell>
                {format.number(run.done)} / {format.number(run.total)}
              </TextCell>
              <TextCell>
                {format.number(run.created)} / {format.number(run.updated)} / {format.number(run.deleted)}
              </TextCell>
              <TextCell>{format.number(run.failed)}</TextCell>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <ListPager pagination={pagination} />
    </>
  );
};
