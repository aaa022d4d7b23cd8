// The shapes of the connection settings as the admin routes answer them.
// zod: the types and the OpenAPI document's schemas derive from these declarations; the admin imports the types only.
import { z } from 'zod';

/** Where a value in effect comes from: the admin's settings, the plugin config, or nowhere. */
export const settingSourceSchema = z.enum(['settings', 'config']).nullable();
export type SettingSource = z.infer<typeof settingSourceSchema>;

/** A secret as it leaves the server: whether it is set, never its value. */
export const secretStateSchema = z.object({ isSet: z.boolean(), source: settingSourceSchema });
export type SecretState = z.infer<typeof secretStateSchema>;

/** The only shape settings leave the server in. */
export const publicSettingsSchema = z.object({
  storeHash: z.string(),
  clientId: z.string(),
  channelIds: z.array(z.int()),
  apiUrl: z.string(),
  webhookUrl: z.string(),
  accessToken: secretStateSchema,
  clientSecret: secretStateSchema,
  isConfigured: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});
export type PublicSettings = z.infer<typeof publicSettingsSchema>;

export const scopeStatusSchema = z.enum(['granted', 'missing', 'unknown']);
export type ScopeStatus = z.infer<typeof scopeStatusSchema>;

/** One OAuth scope the plugin needs, probed with a read it would make. */
export const scopeCheckSchema = z.object({
  scope: z.string(),
  label: z.string(),
  usedFor: z.string(),
  status: scopeStatusSchema,
  /** Why the status is `unknown` (a timeout, a 5xx). */
  reason: z.string().optional(),
});
export type ScopeCheck = z.infer<typeof scopeCheckSchema>;

/** What "Test connection" found. */
export const connectionReportSchema = z.object({
  ok: z.boolean(),
  store: z
    .object({
      name: z.string(),
      domain: z.string(),
      secure_url: z.string(),
      plan_name: z.string(),
      plan_level: z.string(),
      currency: z.string(),
      status: z.string(),
    })
    .nullable(),
  scopes: z.array(scopeCheckSchema),
  missingScopes: z.array(z.string()),
  error: z.object({ status: z.int().nullable(), message: z.string() }).nullable(),
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;

/**
 * Body of PUT /bigcommerce/settings (POST .../settings/test-connection takes its storeHash, apiUrl and accessToken).
 * Secrets are write-only: a string sets one, `null` clears the saved value, leaving it out keeps it.
 */
export interface SettingsUpdate {
  storeHash?: string;
  clientId?: string;
  channelIds?: number[];
  apiUrl?: string;
  webhookUrl?: string;
  accessToken?: string | null;
  clientSecret?: string | null;
}
