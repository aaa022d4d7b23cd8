import type { ReactNode } from 'react';
import { Field } from '@strapi/design-system';

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  type?: 'text' | 'password' | 'url';
}

/** A labelled text input with its hint and error, as Strapi's forms lay them out. */
export const TextField = ({ name, label, value, onChange, hint, error, required, disabled, placeholder, type = 'text' }: TextFieldProps) => (
  <Field.Root name={name} hint={hint} error={error} required={required}>
    <Field.Label>{label}</Field.Label>
    <Field.Input
      type={type}
      value={value}
      onChange={(event: { target: { value: string } }) => onChange(event.target.value)}
      placeholder={placeholder}
      disabled={disabled}
      autoComplete={type === 'password' ? 'new-password' : 'off'}
    />
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);
