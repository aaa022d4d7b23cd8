import { z } from 'zod';

import { countParam, idNumber, idParam } from './ids';

/** What BigCommerce POSTs (webhooks.v3.yml callback; events/index.mdx). Only ids are used from `data`. */
export const webhookPayloadSchema = z.object({
  scope: z.string().regex(/^store\/[a-z_/{}0-9*]+$/i, 'must be a BigCommerce event scope such as store/product/updated'),
  store_id: z.union([z.string(), z.number()]),
  data: z
    .object({
      type: z.string(),
      id: z.union([idNumber, idParam('a BigCommerce id')]),
      sku: z.object({ product_id: idNumber, variant_id: idNumber.optional() }).partial().optional(),
      inventory: z.object({ product_id: idNumber }).partial().passthrough().optional(),
    })
    .passthrough(),
  hash: z.string().regex(/^[0-9a-f]{16,128}$/i, 'must be the hex hash BigCommerce sends'),
  created_at: z.number().int().nonnegative(),
  producer: z.string(),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Price-list events (`store/priceList/...`, `store/priceLists/deleted`): their `data` is ids of a list, or a list of records. */
export const PRICE_LIST_SCOPE = /^store\/priceLists?\//;

export const priceListPayloadSchema = webhookPayloadSchema.extend({
  scope: z.string().regex(PRICE_LIST_SCOPE, 'must be a price-list event scope'),
  data: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown())).max(10_000)]),
});

export type PriceListPayload = z.infer<typeof priceListPayloadSchema>;

export const eventsQuerySchema = z
  .object({
    status: z.enum(['pending', 'processing', 'done', 'failed', 'dead', 'dropped']).optional(),
    page: countParam(1, 1_000_000).default(1),
    pageSize: countParam(1, 100).default(20),
  })
  .strict();

export const eventIdSchema = z.object({ id: idParam('an event id') });
