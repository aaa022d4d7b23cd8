import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';

export interface SecretState {
  isSet: boolean;
  source: 'settings' | 'config' | null;
}

export interface Settings {
  storeHash: string;
  clientId: string;
  channelIds: number[];
  apiUrl: string;
  accessToken: SecretState;
  clientSecret: SecretState;
  isConfigured: boolean;
  updatedAt: string | null;
}

export interface SettingsUpdate {
  storeHash?: string;
  clientId?: string;
  channelIds?: number[];
  apiUrl?: string;
  accessToken?: string | null;
  clientSecret?: string | null;
}

export interface ScopeCheck {
  scope: string;
  label: string;
  usedFor: string;
  status: 'granted' | 'missing' | 'unknown';
  reason?: string;
}

export interface ConnectionReport {
  ok: boolean;
  store: { name: string; domain: string; plan_name: string; plan_level: string; currency: string } | null;
  scopes: ScopeCheck[];
  missingScopes: string[];
  error: { status: number | null; message: string } | null;
}

/** Reads and writes the plugin's settings through Strapi's authenticated fetch client. */
export const useSettings = () => {
  const { get, put, post } = useFetchClient();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const { data } = await get<{ data: Settings }>(`/${PLUGIN_ID}/settings`);
      setSettings(data.data);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [get]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = useCallback(
    async (update: SettingsUpdate) => {
      const { data } = await put<{ data: Settings }>(`/${PLUGIN_ID}/settings`, update);
      setSettings(data.data);
      return data.data;
    },
    [put]
  );

  const testConnection = useCallback(
    async (candidate: Pick<SettingsUpdate, 'storeHash' | 'apiUrl'> & { accessToken?: string }) => {
      const { data } = await post<{ data: ConnectionReport }>(`/${PLUGIN_ID}/settings/test-connection`, candidate);
      return data.data;
    },
    [post]
  );

  return { settings, error, reload: load, save, testConnection };
};

/** The message of Strapi's error envelope, or of the failure itself. */
export const errorMessage = (err: unknown): string => {
  const response = (err as { response?: { data?: { error?: { message?: string } } } }).response;
  return response?.data?.error?.message ?? (err instanceof Error ? err.message : String(err));
};
