import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

interface SectionProps {
  title: ReactNode;
  /** Shown at the right of the title: a badge, a button. */
  actions?: ReactNode;
  /** A line under the title saying what the card is for. */
  description?: ReactNode;
  children?: ReactNode;
}

/** A white card with a title, as Strapi's own settings pages group their fields. */
export const Section = ({ title, actions, description, children }: SectionProps) => (
  <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" gap={4} wrap="wrap">
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {actions && <Flex gap={2}>{actions}</Flex>}
      </Flex>
      {description && (
        <Typography variant="omega" textColor="neutral600">
          {description}
        </Typography>
      )}
      {children}
    </Flex>
  </Box>
);
