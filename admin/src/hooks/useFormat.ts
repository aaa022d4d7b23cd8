import { useMemo } from 'react';
import { useIntl } from 'react-intl';

/** Locale-aware numbers, dates and durations (units come from Intl, so no English is hard-coded). */
export const useFormat = () => {
  const { formatNumber, formatDate } = useIntl();
  return useMemo(
    () => ({
      number: (value: number, maximumFractionDigits = 0) => formatNumber(value, { maximumFractionDigits }),
      dateTime: (value: string | null | undefined) => (value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'medium' }) : '—'),
      duration: (seconds: number) => {
        const rounded = Math.max(0, Math.round(seconds));
        const unit = (value: number, name: 'hour' | 'minute' | 'second') => formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'narrow' });
        const hours = Math.floor(rounded / 3600);
        const minutes = Math.floor((rounded % 3600) / 60);
        const secs = rounded % 60;
        if (hours) return `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
        if (minutes) return `${unit(minutes, 'minute')} ${unit(secs, 'second')}`;
        return unit(secs, 'second');
      },
    }),
    [formatNumber, formatDate]
  );
};
