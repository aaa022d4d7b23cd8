import { z } from 'zod';

import { isCronRule } from '../../../shared/cron-rule';
import { countParam, idParam } from './ids';
import { withLabels } from '../utils/errors';

export const startSyncSchema = withLabels(z.object({ kind: z.enum(['full', 'incremental']).default('incremental') }).strict(), { kind: 'Kind of sync' });

export const listRunsSchema = z
  .object({
    page: countParam(1, 1_000_000).default(1),
    pageSize: countParam(1, 100).default(20),
  })
  .strict();

export const runIdSchema = z.object({ id: idParam('a run id') });

const cronRule = z.string().trim().refine(isCronRule, 'must be a cron rule such as "0 */6 * * *"');

export const scheduleSchema = z
  .object({
    enabled: z.boolean(),
    rule: cronRule,
    kind: z.enum(['full', 'incremental']),
  })
  .partial()
  .strict();
// The schedule form's names (admin/src/components/sync/ScheduleForm.tsx).
withLabels(scheduleSchema, { enabled: 'Scheduled sync', rule: 'Cron rule', kind: 'Kind of sync' });

export type ScheduleUpdate = z.infer<typeof scheduleSchema>;
