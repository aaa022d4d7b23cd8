import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { ConnectionReport, PublicSettings as Settings, SettingsUpdate } from '../../../shared/settings';
import { useResource } from './useResource';

export type { ConnectionReport, PublicSettings as Settings, ScopeCheck, SecretState, SettingsUpdate } from '../../../shared/settings';

/** Reads and writes the plugin's settings through Strapi's authenticated fetch client. */
export const useSettings = () => {
  const { put, post } = useFetchClient();
  const { data: settings, error, reload } = useResource<Settings>(`/${PLUGIN_ID}/settings`);

  const save = useCallback(
    async (update: SettingsUpdate) => {
      const { data } = await put<{ data: Settings }>(`/${PLUGIN_ID}/settings`, update);
      await reload();
      return data.data;
    },
    [put, reload]
  );

  const testConnection = useCallback(
    async (candidate: Pick<SettingsUpdate, 'storeHash' | 'apiUrl'> & { accessToken?: string }) => {
      const { data } = await post<{ data: ConnectionReport }>(`/${PLUGIN_ID}/settings/test-connection`, candidate);
      return data.data;
    },
    [post]
  );

  return { settings, error, reload, save, testConnection };
};
