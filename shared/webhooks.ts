// The shapes of webhook registration and the event inbox as the admin routes answer them.
// zod: the types and the OpenAPI document's schemas derive from these declarations; the admin imports the types only.
import { z } from 'zod';

export const EVENT_STATUSES = ['pending', 'processing', 'done', 'failed', 'dead', 'dropped'] as const;
export const eventStatusSchema = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof eventStatusSchema>;

/** What a registration run did to one hook. */
export const hookActionSchema = z.enum(['created', 'updated', 'reactivated', 'unchanged', 'deleted']);
export type HookAction = z.infer<typeof hookActionSchema>;

export const hookReportSchema = z.object({
  scope: z.string(),
  id: z.int(),
  isActive: z.boolean(),
  destination: z.string(),
  action: hookActionSchema,
});
export type HookReport = z.infer<typeof hookReportSchema>;

export const registrationReportSchema = z.object({
  destination: z.string(),
  hooks: z.array(hookReportSchema),
  checkedAt: z.iso.datetime(),
});
export type RegistrationReport = z.infer<typeof registrationReportSchema>;

/** The inbox's events by status, and when the last one arrived. */
const countByStatus = Object.fromEntries(EVENT_STATUSES.map((status) => [status, z.int()])) as Record<EventStatus, z.ZodInt>;
export const inboxCountsSchema = z.object({ ...countByStatus, lastReceivedAt: z.iso.datetime().nullable() });
export type InboxCounts = z.infer<typeof inboxCountsSchema>;

export const webhookStatusSchema = z.object({
  destination: z.string().nullable(),
  hooks: z.array(
    z.object({
      id: z.int(),
      scope: z.string(),
      destination: z.string(),
      isActive: z.boolean(),
      /** BigCommerce's Unix time in seconds. */
      updatedAt: z.int(),
    })
  ),
  inbox: inboxCountsSchema,
  lastCheck: registrationReportSchema.nullable(),
  /** Why BigCommerce's hook list could not be read; the inbox is still shown. */
  error: z.string().nullable(),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

/**
 * An inbox event as the admin lists it. The answer is the server's whole row (see server/src/services/webhook-inbox.ts),
 * whose pipeline fields the admin does not read: the document lets them through.
 */
export const inboxEventViewSchema = z
  .object({
    id: z.int(),
    scope: z.string(),
    resourceType: z.enum(['product', 'category', 'other']),
    resourceId: z.int(),
    status: eventStatusSchema,
    attempts: z.int(),
    lastError: z.string().nullable(),
    receivedAt: z.iso.datetime(),
    processedAt: z.iso.datetime().nullable(),
  })
  .meta({ additionalProperties: true });
export type InboxEventView = z.infer<typeof inboxEventViewSchema>;
