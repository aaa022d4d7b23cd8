// No imports: the admin's schedule form checks a rule with this before saving it.

/** Five or six cron fields, as node-schedule (Strapi's cron) reads them. */
export const isCronRule = (rule: string): boolean => /^(\S+\s+){4,5}\S+$/.test(rule.trim());
