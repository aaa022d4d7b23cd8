import type { StrapiApp } from '@strapi/strapi/admin';

import { Initializer } from './components/Initializer';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    app.addSettingsLink(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'BigCommerce' } },
      {
        id: 'connection',
        to: `${PLUGIN_ID}/connection`,
        intlLabel: { id: getTranslation('settings.connection.link'), defaultMessage: 'Connection' },
        Component: () => import('./pages/ConnectionPage'),
        permissions: PERMISSIONS.settingsRead,
      }
    );
    app.registerPlugin({ id: PLUGIN_ID, initializer: Initializer, isReady: false, name: 'BigCommerce' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Record<string, string> };
          return {
            data: Object.fromEntries(Object.entries(data).map(([key, value]) => [getTranslation(key), value])),
            locale,
          };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

export default plugin;
