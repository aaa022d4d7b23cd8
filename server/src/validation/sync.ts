import { z } from 'zod';

export const startSyncSchema = z.object({ kind: z.enum(['full', 'incremental']).default('incremental') }).strict();

export const listRunsSchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const runIdSchema = z.object({ id: z.coerce.number().int().positive('must be a run id') });

/** Five or six cron fields, as node-schedule (Strapi's cron) reads them. */
const cronRule = z
  .string()
  .trim()
  .refine((rule) => /^(\S+\s+){4,5}\S+$/.test(rule), 'must be a cron rule such as "0 */6 * * *"');

export const scheduleSchema = z
  .object({
    enabled: z.boolean(),
    rule: cronRule,
    kind: z.enum(['full', 'incremental']),
  })
  .partial()
  .strict();

export type ScheduleUpdate = z.infer<typeof scheduleSchema>;
