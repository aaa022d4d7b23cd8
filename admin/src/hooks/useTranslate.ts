import { useCallback } from 'react';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

export type TranslationValues = Record<string, string | number>;
export type Translate = (id: string, defaultMessage: string, values?: TranslationValues) => string;

/** `t('sync.title', 'Catalog sync')`: the plugin's translation of a key, English as the default. */
export const useTranslate = (): Translate => {
  const { formatMessage } = useIntl();
  return useCallback(
    (id: string, defaultMessage: string, values?: TranslationValues) => formatMessage({ id: getTranslation(id), defaultMessage }, values),
    [formatMessage]
  );
};
