import type { ReactNode } from 'react';
import { Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';

export interface Column {
  label: string;
  /** For a column of buttons: the label is read out but not shown, as in Strapi's own lists. */
  hidden?: boolean;
  width?: string;
}

/** A table's header row in Strapi's list style (small grey capitals). */
export const TableHead = ({ columns }: { columns: (string | Column)[] }) => (
  <Thead>
    <Tr>
      {columns.map((column) => {
        const { label, hidden, width } = typeof column === 'string' ? { label: column, hidden: false, width: undefined } : column;
        return (
          <Th key={label} width={width}>
            {hidden ? (
              <VisuallyHidden>{label}</VisuallyHidden>
            ) : (
              <Typography variant="sigma" textColor="neutral600">
                {label}
              </Typography>
            )}
          </Th>
        );
      })}
    </Tr>
  </Thead>
);

/** A plain text cell. */
export const TextCell = ({ children, strong = false }: { children: ReactNode; strong?: boolean }) => (
  <Td>
    <Typography textColor="neutral800" fontWeight={strong ? 'semiBold' : undefined}>
      {children}
    </Typography>
  </Td>
);

/** A name in bold with a small grey note after it, such as its id. */
export const NamedCell = ({ name, note }: { name: ReactNode; note: ReactNode }) => (
  <Td>
    <Typography textColor="neutral800" fontWeight="semiBold">
      {name}
    </Typography>{' '}
    <Typography variant="pi" textColor="neutral600">
      {note}
    </Typography>
  </Td>
);
