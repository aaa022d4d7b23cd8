// No imports: the shapes of the connection settings as the admin routes answer them.

/** Where a value in effect comes from: the admin's settings, the plugin config, or nowhere. */
export type SettingSource = 'settings' | 'config' | null;

/** A secret as it leaves the server: whether it is set, never its value. */
export interface SecretState {
  isSet: boolean;
  source: SettingSource;
}

/** The only shape settings leave the server in. */
export interface PublicSettings {
  storeHash: string;
  clientId: string;
  channelIds: number[];
  apiUrl: string;
  webhookUrl: string;
  accessToken: SecretState;
  clientSecret: SecretState;
  isConfigured: boolean;
  updatedAt: string | null;
}

export type ScopeStatus = 'granted' | 'missing' | 'unknown';

/** One OAuth scope the plugin needs, probed with a read it would make. */
export interface ScopeCheck {
  scope: string;
  label: string;
  usedFor: string;
  status: ScopeStatus;
  /** Why the status is `unknown` (a timeout, a 5xx). */
  reason?: string;
}

/** What "Test connection" found. */
export interface ConnectionReport {
  ok: boolean;
  store: {
    name: string;
    domain: string;
    secure_url: string;
    plan_name: string;
    plan_level: string;
    currency: string;
    status: string;
  } | null;
  scopes: ScopeCheck[];
  missingScopes: string[];
  error: { status: number | null; message: string } | null;
}

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
