import { z } from 'zod';

/** What BigCommerce POSTs (webhooks.v3.yml callback; events/index.mdx). Only ids are used from `data`. */
export const webhookPayloadSchema = z.object({
  scope: z.string().regex(/^store\/[a-z_/{}0-9*]+$/i, 'must be a BigCommerce event scope such as store/product/updated'),
  store_id: z.union([z.string(), z.number()]),
  data: z
    .object({
      type: z.string(),
      id: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
      sku: z.object({ product_id: z.number().int(), variant_id: z.number().int().optional() }).partial().optional(),
      inventory: z.object({ product_id: z.number().int() }).partial().passthrough().optional(),
    })
    .passthrough(),
  hash: z.string().regex(/^[0-9a-f]{16,128}$/i, 'must be the hex hash BigCommerce sends'),
  created_at: z.number().int().nonnegative(),
  producer: z.string(),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export const eventsQuerySchema = z
  .object({
    status: z.enum(['pending', 'processing', 'done', 'failed', 'dead', 'dropped']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const eventIdSchema = z.object({ id: z.coerce.number().int().positive('must be an event id') });
