import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import type { PluginConfig } from '../config/schema';
import { PLUGIN_ID } from '../utils/plugin-id';
import type { SettingsUpdate } from '../validation/settings';

/** What `strapi.store` keeps. Secrets are stored only as Strapi admin-encryption ciphertext. */
interface StoredSettings {
  storeHash?: string;
  clientId?: string;
  channelIds?: number[];
  apiUrl?: string;
  accessTokenEncrypted?: string;
  clientSecretEncrypted?: string;
  updatedAt?: string;
}

/** Settings in effect, secrets in clear: for the server only, never for a response or a log. */
export interface ConnectionSettings {
  storeHash: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  channelIds: number[];
  apiUrl: string;
  paymentsUrl: string;
  timeoutMs: number;
  retries: number;
}

export type SettingSource = 'settings' | 'config' | null;

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
  accessToken: SecretState;
  clientSecret: SecretState;
  isConfigured: boolean;
  updatedAt: string | null;
}

interface EncryptionService {
  encrypt(value: string): string | null;
  decrypt(value: string): string | null;
}

const STORE_KEY = 'settings';

const settings = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const config = (): PluginConfig => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const encryption = (): EncryptionService => strapi.service('admin::encryption') as unknown as EncryptionService;

  const read = async (): Promise<StoredSettings> => ((await store().get({})) as StoredSettings | null) ?? {};

  const encrypt = (value: string): string => {
    const ciphertext = encryption().encrypt(value);
    if (!ciphertext) {
      // Strapi returns null when admin.secrets.encryptionKey is not set: refuse rather than store clear text.
      throw new errors.ApplicationError(
        'Secrets cannot be saved: set admin.secrets.encryptionKey (ENCRYPTION_KEY) in the Strapi app first'
      );
    }
    return ciphertext;
  };

  const decrypt = (ciphertext: string | undefined): string => {
    if (!ciphertext) return '';
    const value = encryption().decrypt(ciphertext);
    if (value === null) {
      strapi.log.warn(`[${PLUGIN_ID}] a saved secret could not be decrypted (was the encryption key changed?); save it again`);
      return '';
    }
    return value;
  };

  const secretState = (saved: string | undefined, configured: string): SecretState => {
    if (saved) return { isSet: true, source: 'settings' };
    return configured ? { isSet: true, source: 'config' } : { isSet: false, source: null };
  };

  return {
    /** Effective connection settings: admin-saved values over the config/env ones. */
    async getConnection(): Promise<ConnectionSettings> {
      const saved = await read();
      const base = config();
      return {
        storeHash: saved.storeHash ?? base.storeHash,
        accessToken: decrypt(saved.accessTokenEncrypted) || base.accessToken,
        clientId: saved.clientId ?? base.clientId,
        clientSecret: decrypt(saved.clientSecretEncrypted) || base.clientSecret,
        channelIds: saved.channelIds ?? base.channelIds,
        apiUrl: saved.apiUrl ?? base.apiUrl,
        paymentsUrl: base.paymentsUrl,
        timeoutMs: base.timeoutMs,
        retries: base.retries,
      };
    },

    async getPublic(): Promise<PublicSettings> {
      const saved = await read();
      const base = config();
      const accessToken = secretState(saved.accessTokenEncrypted, base.accessToken);
      const storeHash = saved.storeHash ?? base.storeHash;
      return {
        storeHash,
        clientId: saved.clientId ?? base.clientId,
        channelIds: saved.channelIds ?? base.channelIds,
        apiUrl: saved.apiUrl ?? base.apiUrl,
        accessToken,
        clientSecret: secretState(saved.clientSecretEncrypted, base.clientSecret),
        isConfigured: Boolean(storeHash) && accessToken.isSet,
        updatedAt: saved.updatedAt ?? null,
      };
    },

    /** Applies a validated update; every field is encrypted and written in one store write. */
    async update(input: SettingsUpdate): Promise<PublicSettings> {
      const next: StoredSettings = { ...(await read()) };
      if (input.storeHash !== undefined) next.storeHash = input.storeHash;
      if (input.clientId !== undefined) next.clientId = input.clientId;
      if (input.channelIds !== undefined) next.channelIds = [...new Set(input.channelIds)];
      if (input.apiUrl !== undefined) next.apiUrl = input.apiUrl.replace(/\/+$/, '');
      if (input.accessToken !== undefined) next.accessTokenEncrypted = input.accessToken === null ? undefined : encrypt(input.accessToken);
      if (input.clientSecret !== undefined) next.clientSecretEncrypted = input.clientSecret === null ? undefined : encrypt(input.clientSecret);
      next.updatedAt = new Date().toISOString();
      await store().set({ value: next });
      strapi.log.info(`[${PLUGIN_ID}] settings updated (${Object.keys(input).join(', ') || 'no fields'})`);
      return this.getPublic();
    },
  };
};

export default settings;
export type SettingsService = ReturnType<typeof settings>;
