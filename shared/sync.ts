// The shapes of catalog syncs as the engine records them and the admin reads them.
// zod: the types and the OpenAPI document's schemas derive from these declarations; the admin imports the types only.
import { z } from 'zod';

export const syncKindSchema = z.enum(['full', 'incremental']);
export type SyncKind = z.infer<typeof syncKindSchema>;

export const syncPhaseSchema = z.enum(['channels', 'taxonomy', 'products', 'listings', 'deletions', 'done']);
export type SyncPhase = z.infer<typeof syncPhaseSchema>;

/** `partial`: the run read everything but could not store some products (they are retried by the next incremental run). */
export const runStatusSchema = z.enum(['running', 'succeeded', 'partial', 'failed', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runTriggerSchema = z.enum(['manual', 'schedule', 'resume', 'api']);
export type RunTrigger = z.infer<typeof runTriggerSchema>;

const writeCounts = { created: z.int(), updated: z.int(), unchanged: z.int(), deleted: z.int() };
export const writeCountsSchema = z.object(writeCounts);
export type WriteCounts = z.infer<typeof writeCountsSchema>;

export const syncItemErrorSchema = z.object({
  resource: z.enum(['product', 'category', 'brand', 'channel', 'listing', 'page']),
  bigcommerceId: z.int().nullable(),
  message: z.string(),
});
export type SyncItemError = z.infer<typeof syncItemErrorSchema>;

/** Counts of the sets written beside the products: channels, categories and brands before them, channel listings after. */
export const taxonomyCountsSchema = z.object({
  channels: writeCountsSchema.optional(),
  categories: writeCountsSchema.optional(),
  brands: writeCountsSchema.optional(),
  listings: writeCountsSchema.optional(),
});
export type TaxonomyCounts = z.infer<typeof taxonomyCountsSchema>;

/** Products: how many a run reads, how many it has read, and what it did with them. */
const productCounts = { ...writeCounts, total: z.int(), done: z.int(), failed: z.int() };
export type ProductCounts = z.infer<z.ZodObject<typeof productCounts>>;

/**
 * A sync run as the admin routes answer it. The answer is the server's whole record (see server/src/services/sync.ts),
 * whose bookkeeping fields the admin does not read: the document lets them through.
 */
export const syncRunViewSchema = z
  .object({
    ...productCounts,
    id: z.int(),
    kind: syncKindSchema,
    trigger: runTriggerSchema,
    status: runStatusSchema,
    phase: syncPhaseSchema.nullable(),
    taxonomy: taxonomyCountsSchema.nullable(),
    requests: z.int(),
    errors: z.array(syncItemErrorSchema).nullable(),
    message: z.string().nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    cancelRequested: z.boolean(),
    resumedFrom: z.int().nullable(),
  })
  .meta({ additionalProperties: true });
export type SyncRunView = z.infer<typeof syncRunViewSchema>;

export const syncScheduleSchema = z.object({ enabled: z.boolean(), rule: z.string(), kind: syncKindSchema });
export type SyncSchedule = z.infer<typeof syncScheduleSchema>;
