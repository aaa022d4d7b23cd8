import { Flex, IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, Trash } from '@strapi/icons';

import type { Redirect } from '../../hooks/useRedirects';
import { useTranslate } from '../../hooks/useTranslate';
import { TableHead, TextCell } from '../TableParts';
import { redirectLabels } from './labels';

interface RedirectsTableProps {
  redirects: Redirect[];
  /** Absent without the manage permission: no edit or delete buttons then. */
  onEdit?: (redirect: Redirect) => void;
  onDelete?: (redirect: Redirect) => void;
}

export const RedirectsTable = ({ redirects, onEdit, onDelete }: RedirectsTableProps) => {
  const t = useTranslate();
  const labels = redirectLabels(t);
  const columns = [
    t('redirects.list.from', 'From path'),
    t('redirects.list.type', 'Leads to'),
    t('redirects.list.target', 'Target'),
    t('redirects.list.toUrl', 'Destination'),
    { label: t('redirects.list.actions', 'Actions'), hidden: true },
  ];
  return (
    <Table colCount={columns.length} rowCount={redirects.length + 1}>
      <TableHead columns={columns} />
      <Tbody>
        {redirects.map((redirect) => (
          <Tr key={redirect.id}>
            <TextCell strong>{redirect.fromPath}</TextCell>
            <TextCell>{labels.target(redirect.to.type)}</TextCell>
            <TextCell>{redirect.to.type === 'url' ? redirect.to.url : t('redirects.list.entity', 'ID {id}', { id: redirect.to.entityId ?? '—' })}</TextCell>
            <Td>
              <Typography textColor="neutral600" ellipsis>
                {redirect.toUrl ?? '—'}
              </Typography>
            </Td>
            <Td>
              {(onEdit || onDelete) && (
                <Flex justifyContent="flex-end" gap={1}>
                  {onEdit && (
                    <IconButton label={t('redirects.edit', 'Edit {path}', { path: redirect.fromPath })} variant="ghost" onClick={() => onEdit(redirect)}>
                      <Pencil />
                    </IconButton>
                  )}
                  {onDelete && (
                    <IconButton label={t('redirects.delete', 'Delete {path}', { path: redirect.fromPath })} variant="ghost" onClick={() => onDelete(redirect)}>
                      <Trash />
                    </IconButton>
                  )}
                </Flex>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
