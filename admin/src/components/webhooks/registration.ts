import type { HookReport, RegistrationReport } from '../../../../shared/webhooks';
import type { Translate } from '../../hooks/useTranslate';

/** How many of BigCommerce's hooks each registration action touched; `hooks` counts one per scope (removed duplicates aside). */
export const registrationCounts = (report: RegistrationReport) => {
  const count = (action: HookReport['action']) => report.hooks.filter((hook) => hook.action === action).length;
  return {
    hooks: report.hooks.length - count('deleted'),
    created: count('created'),
    updated: count('updated'),
    reactivated: count('reactivated'),
    removed: count('deleted'),
    unchanged: count('unchanged'),
  };
};

/** The notification after "Register hooks again": what was done, in words ("3 webhooks registered"). */
export const registrationMessage = (report: RegistrationReport, t: Translate): string => {
  const counts = registrationCounts(report);
  if (counts.unchanged === counts.hooks && counts.removed === 0) {
    return t('webhooks.registered.none', '{count, plural, one {The webhook was} other {All # webhooks were}} already registered', { count: counts.hooks });
  }
  const parts = [
    counts.created && t('webhooks.registered.created', '{count, plural, one {# webhook registered} other {# webhooks registered}}', { count: counts.created }),
    counts.updated &&
      t('webhooks.registered.updated', '{count, plural, one {# webhook updated} other {# webhooks updated}} to this address', { count: counts.updated }),
    counts.reactivated &&
      t('webhooks.registered.reactivated', '{count, plural, one {# webhook switched back on} other {# webhooks switched back on}}', {
        count: counts.reactivated,
      }),
    counts.removed && t('webhooks.registered.removed', '{count, plural, one {# duplicate removed} other {# duplicates removed}}', { count: counts.removed }),
    counts.unchanged && t('webhooks.registered.unchanged', '{count} already registered', { count: counts.unchanged }),
  ];
  return parts.filter(Boolean).join(', ');
};
