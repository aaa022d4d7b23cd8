import { z } from 'zod';

import { SITE_ROUTE_TYPES } from '../bigcommerce/sites';
import { channelNameSlug } from '../../../shared/channel-name';
import type { ChannelUpdate as ChannelUpdateContract } from '../../../shared/channels';
import { channelIdsSchema } from './settings';
import { idParam, type Accepted } from './ids';
import { withLabels } from '../utils/errors';

const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .url(`must be a full URL such as ${example}`)
    .refine((url) => /^https?:\/\/[^/]/i.test(url), 'must use http or https');

export const channelIdSchema = z.object({ id: idParam('a channel id') });

export const productListingsParamsSchema = z.object({ bigcommerceId: idParam('a BigCommerce product id') });

export const siteDefaultsQuerySchema = withLabels(z.object({ siteUrl: httpUrl('https://shop.example.com') }).strict(), { siteUrl: 'Site URL' });

/** A storefront channel on the `custom` platform; the name is slugified to what BigCommerce accepts. */
export const createChannelSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(100, 'is too long')
      .refine((name) => channelNameSlug(name).length > 0, 'must contain Latin letters or digits'),
    status: z.enum(['prelaunch', 'active']).optional(),
  })
  .strict();
withLabels(createChannelSchema, { name: 'Channel name', status: 'Channel status' });

/** Routes are matched to BigCommerce's by type and matching; other keys (id, preview) are dropped. */
const routeSchema = z.object({
  type: z.enum(SITE_ROUTE_TYPES),
  matching: z.string().trim().min(1, 'is required ("*" for every item of the type, or one id)').max(255, 'is too long'),
  route: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(2048, 'is too long')
    .refine((route) => route.startsWith('/'), 'must start with / (BigCommerce appends it to the site URL)'),
});

/**
 * Body of `PUT /bigcommerce/channels/:id`. Every field is optional; what is left out is left alone.
 * `routes` is the whole list: a BigCommerce route whose type and matching are not in it is deleted.
 */
export const updateChannelSchema = z
  .object({
    status: z.enum(['active', 'inactive']),
    siteUrl: httpUrl('https://shop.example.com'),
    checkoutUrl: z
      .string()
      .trim()
      .url('must be a full URL such as https://checkout.shop.example.com')
      .refine((url) => /^https:\/\/[^/]/i.test(url), 'must use https')
      .nullable(),
    routes: z
      .array(routeSchema)
      .max(200, 'has too many routes')
      .superRefine((routes, ctx) => {
        const seen = new Set<string>();
        routes.forEach((route, index) => {
          const key = `${route.type} ${route.matching}`;
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'matching'], message: `repeats the ${route.type} route for "${route.matching}"` });
          seen.add(key);
        });
      }),
    allowGlobalLogins: z.boolean(),
  })
  .partial()
  .strict();
// The site form's names (admin/src/components/channels/SiteForm.tsx).
withLabels(updateChannelSchema, {
  status: 'Channel status',
  siteUrl: 'Site URL',
  checkoutUrl: 'Checkout URL',
  routes: 'Routes',
  'routes.#': 'Route #',
  'routes.#.type': 'The page of route #',
  'routes.#.matching': 'The "For" of route #',
  'routes.#.route': 'The URL template of route #',
  allowGlobalLogins: 'Store-wide customer sign-in',
});

export type ChannelUpdate = z.infer<typeof updateChannelSchema>;
/** The body the admin sends (shared/channels.ts), which the schema takes. */
export type ChannelUpdateBody = Accepted<z.input<typeof updateChannelSchema>, ChannelUpdateContract>;

export const servedChannelsSchema = withLabels(z.object({ channelIds: channelIdsSchema }).strict(), {
  channelIds: 'The served channels',
  'channelIds.#': 'Served channel number #',
});
