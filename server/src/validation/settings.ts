import { z } from 'zod';

import type { SettingsUpdate as SettingsUpdateContract } from '../../../shared/settings';
import type { Accepted } from './ids';
import { withLabels, type FieldLabels } from '../utils/errors';

/** The storefront channels this Strapi serves (settings, and PUT /bigcommerce/channels/served). */
export const channelIdsSchema = z
  .array(z.number().int('must be a whole number').positive('must be positive'))
  .min(1, 'must list at least one channel')
  .max(50, 'lists too many channels (50 at most)');

const secret = z.string().trim().min(1, 'must not be empty').max(512, 'is too long');

/**
 * Body of `PUT /bigcommerce/settings`. Secrets are write-only: a string sets one, `null` clears the
 * saved value (the config/env value applies again), and leaving it out keeps it.
 */
/** The connection form's names of the settings (admin/src/pages/ConnectionPage.tsx). */
export const SETTINGS_LABELS: FieldLabels = {
  storeHash: 'Store hash',
  accessToken: 'Access token',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  channelIds: 'Channel IDs',
  'channelIds.#': 'Channel ID number #',
  webhookUrl: 'Webhook URL',
  apiUrl: 'API base URL',
};

export const settingsUpdateSchema = z
  .object({
    storeHash: z
      .string()
      .trim()
      .regex(/^[a-z0-9]{1,64}$/i, 'must be the store hash from the API path (letters and digits)'),
    accessToken: secret.nullable(),
    clientId: z.string().trim().max(256, 'is too long'),
    clientSecret: secret.nullable(),
    channelIds: channelIdsSchema,
    webhookUrl: z.union([
      z.literal(''),
      z
        .string()
        .trim()
        .url('must be the public URL BigCommerce can reach, such as https://cms.example.com/api/bigcommerce/webhooks')
        .refine((url) => /^https?:\/\//.test(url), 'must use http or https'),
    ]),
    apiUrl: z
      .string()
      .trim()
      .url('must be a URL such as https://api.bigcommerce.com')
      .refine((url) => /^https?:\/\//.test(url), 'must use http or https'),
  })
  .partial()
  .strict();
withLabels(settingsUpdateSchema, SETTINGS_LABELS);

export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;
/** The body the admin sends (shared/settings.ts), which the schema takes. */
export type SettingsUpdateBody = Accepted<z.input<typeof settingsUpdateSchema>, SettingsUpdateContract>;
