import type { ReactNode } from 'react';
import { Badge } from '@strapi/design-system';

export type Tone = 'success' | 'danger' | 'warning' | 'primary' | 'neutral';

const COLORS: Record<Tone, { textColor: string; backgroundColor: string }> = {
  success: { textColor: 'success700', backgroundColor: 'success100' },
  danger: { textColor: 'danger700', backgroundColor: 'danger100' },
  warning: { textColor: 'warning700', backgroundColor: 'warning100' },
  primary: { textColor: 'primary700', backgroundColor: 'primary100' },
  neutral: { textColor: 'neutral700', backgroundColor: 'neutral150' },
};

/** A state as a coloured badge: green for good, red for failed, and so on. */
export const ToneBadge = ({ tone, children }: { tone: Tone; children: ReactNode }) => <Badge {...COLORS[tone]}>{children}</Badge>;
