import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

import type { TableColumn } from '../../../../shared/content-manager';
import { useTranslate } from '../../hooks/useTranslate';
import { ReadOnlyField, type CustomFieldInputProps } from './ReadOnlyField';

type Row = Record<string, unknown>;

/** One cell: option values and value lists read as their labels. */
const cellText = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => {
        if (typeof item !== 'object' || item === null) return String(item);
        const { option, label } = item as { option?: string; label?: string };
        return option ? `${option}: ${label ?? ''}` : (label ?? '');
      })
      .join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/** Synced records (variants, options, custom fields, bulk pricing) as a table of the attribute's columns. */
export const TableInput = ({ name, label, hint, value, attribute }: CustomFieldInputProps<Row[]>) => {
  const t = useTranslate();
  const rows = Array.isArray(value) ? value : [];
  const columns = (attribute?.options?.columns as TableColumn[] | undefined) ?? Object.keys(rows[0] ?? {}).map((key) => ({ key, label: key }));
  return (
    <ReadOnlyField name={name} label={label} hint={hint}>
      {rows.length === 0 ? (
        <Typography textColor="neutral500">{t('cm.table.empty', 'None in BigCommerce')}</Typography>
      ) : (
        <Table colCount={columns.length} rowCount={rows.length + 1} data-testid={`bigcommerce-table-${name}`}>
          <Thead>
            <Tr>
              {columns.map((column) => (
                <Th key={column.key}>
                  <Typography variant="sigma">{column.label}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((row, index) => (
              <Tr key={String(row.id ?? index)}>
                {columns.map((column) => (
                  <Td key={column.key}>
                    <Typography textColor="neutral800">{cellText(row[column.key])}</Typography>
                  </Td>
                ))}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </ReadOnlyField>
  );
};

export default TableInput;
