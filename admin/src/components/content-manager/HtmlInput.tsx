import { Box, Typography } from '@strapi/design-system';
import DOMPurify from 'dompurify';
import { useMemo } from 'react';

import { useTranslate } from '../../hooks/useTranslate';
import { ReadOnlyField, type CustomFieldInputProps } from './ReadOnlyField';

/**
 * Store HTML (a description) rendered as the storefront shows it. The HTML comes from the store, so it is
 * sanitized first: no scripts, event handlers or frames run in the admin.
 */
export const HtmlInput = ({ name, label, hint, value }: CustomFieldInputProps<string>) => {
  const t = useTranslate();
  const html = useMemo(() => DOMPurify.sanitize(value ?? '', { FORBID_TAGS: ['style', 'form', 'input', 'iframe'] }), [value]);
  return (
    <ReadOnlyField name={name} label={label} hint={hint}>
      <Box
        background="neutral100"
        borderColor="neutral200"
        hasRadius
        padding={4}
        maxHeight="24rem"
        overflow="auto"
        className="bigcommerce-html"
        data-testid={`bigcommerce-html-${name}`}
      >
        {html ? (
          <Typography variant="omega" tag="div" dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <Typography textColor="neutral500">{t('cm.field.empty', 'Empty in BigCommerce')}</Typography>
        )}
      </Box>
    </ReadOnlyField>
  );
};

export default HtmlInput;
