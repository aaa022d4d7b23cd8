import { useState, type ReactNode } from 'react';
import { Alert, type AlertProps } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';

interface NoticeProps extends Omit<AlertProps, 'closeLabel' | 'onClose' | 'children'> {
  children?: ReactNode;
  /** Called after the notice hides itself. */
  onClose?: () => void;
}

/**
 * An alert whose close button works: the design system's Alert always draws one, so a notice hides
 * itself (and tells `onClose`) instead of leaving a dead button.
 */
export const Notice = ({ onClose, children, ...props }: NoticeProps) => {
  const t = useTranslate();
  const [open, setOpen] = useState(true);
  if (!open) return null;
  return (
    <Alert
      {...props}
      closeLabel={t('settings.close', 'Close')}
      onClose={() => {
        setOpen(false);
        onClose?.();
      }}
    >
      {children}
    </Alert>
  );
};
