import type { StrapiApp } from '@strapi/strapi/admin';

import { Initializer } from './components/Initializer';
import { ProductPanel } from './components/ProductPanel';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    app.addSettingsLink({ id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'BigCommerce' } }, [
      {
        id: 'connection',
        to: `${PLUGIN_ID}/connection`,
        intlLabel: { id: getTranslation('settings.connection.link'), defaultMessage: 'Connection' },
        Component: () => import('./pages/ConnectionPage'),
        permissions: PERMISSIONS.settingsRead,
      },
      {
        id: 'channels',
        to: `${PLUGIN_ID}/channels`,
        intlLabel: { id: getTranslation('settings.channels.link'), defaultMessage: 'Channels & sites' },
        Component: () => import('./pages/ChannelsPage'),
        permissions: PERMISSIONS.channelsRead,
      },
      {
        id: 'sync',
        to: `${PLUGIN_ID}/sync`,
        intlLabel: { id: getTranslation('settings.sync.link'), defaultMessage: 'Catalog sync' },
        Component: () => import('./pages/SyncPage'),
        permissions: PERMISSIONS.syncRead,
      },
      {
        id: 'webhooks',
        to: `${PLUGIN_ID}/webhooks`,
        intlLabel: { id: getTranslation('settings.webhooks.link'), defaultMessage: 'BigCommerce webhooks' },
        Component: () => import('./pages/WebhooksPage'),
        permissions: PERMISSIONS.webhooksRead,
      },
      {
        id: 'redirects',
        to: `${PLUGIN_ID}/redirects`,
        intlLabel: { id: getTranslation('settings.redirects.link'), defaultMessage: 'Redirects' },
        Component: () => import('./pages/RedirectsPage'),
        permissions: PERMISSIONS.redirectsRead,
      },
    ]);
    app.registerPlugin({ id: PLUGIN_ID, initializer: Initializer, isReady: false, name: 'BigCommerce' });
  },

  bootstrap(app) {
    // A synced product's edit view links to its page in the BigCommerce control panel.
    const contentManager = app.getPlugin('content-manager') as unknown as { apis: { addEditViewSidePanel(panels: unknown[]): void } } | undefined;
    contentManager?.apis.addEditViewSidePanel([ProductPanel]);
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
