import { Grid, Typography } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';

export interface Stat {
  label: string;
  value: number;
  /** Shown in red when above zero (failures, dead events). */
  alarming?: boolean;
}

/** A row of labelled counts. */
export const Stats = ({ items }: { items: Stat[] }) => {
  const format = useFormat();
  return (
    <Grid.Root gap={4}>
      {items.map(({ label, value, alarming }) => (
        <Grid.Item key={label} col={2} s={4} xs={6} direction="column" alignItems="flex-start">
          <Typography variant="sigma" textColor="neutral600">
            {label}
          </Typography>
          <Typography variant="beta" tag="p" textColor={alarming && value > 0 ? 'danger600' : 'neutral800'}>
            {format.number(value)}
          </Typography>
        </Grid.Item>
      ))}
    </Grid.Root>
  );
};
