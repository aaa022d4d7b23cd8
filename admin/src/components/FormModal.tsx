import type { FormEvent, ReactNode } from 'react';
import { Button, Modal } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';

interface FormModalProps {
  open: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  submitting: boolean;
  onSubmit: () => void;
  children: ReactNode;
}

/** A modal holding one form, with Cancel and a submit button in its footer. */
export const FormModal = ({ open, onClose, title, submitLabel, submitting, onSubmit, children }: FormModalProps) => {
  const t = useTranslate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal.Root open={open} onOpenChange={(next: boolean) => !next && onClose()}>
      <Modal.Content>
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel={t('settings.close', 'Close')}>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>{children}</Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('form.cancel', 'Cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={submitting}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
