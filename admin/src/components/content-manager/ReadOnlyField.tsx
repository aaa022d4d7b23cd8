import { Field } from '@strapi/design-system';
import type { ReactNode } from 'react';

/** What the Content Manager passes a custom field's input (the part these read-only views use). */
export interface CustomFieldInputProps<T> {
  name: string;
  label?: ReactNode;
  hint?: ReactNode;
  value?: T | null;
  attribute?: { options?: Record<string, unknown> };
}

/** A labelled, read-only field: the synced value shown, never a form control. */
export const ReadOnlyField = ({ name, label, hint, children }: { name: string; label?: ReactNode; hint?: ReactNode; children: ReactNode }) => (
  <Field.Root name={name} id={name} hint={hint}>
    <Field.Label>{label}</Field.Label>
    {children}
    <Field.Hint />
  </Field.Root>
);
