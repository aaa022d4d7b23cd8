import { PLUGIN_ID } from './utils/plugin-id';

/** Admin RBAC actions (`plugin::bigcommerce.<uid>`), one per panel and access level. */
export const ACTIONS = {
  settingsRead: `plugin::${PLUGIN_ID}.settings.read`,
  settingsUpdate: `plugin::${PLUGIN_ID}.settings.update`,
  syncRead: `plugin::${PLUGIN_ID}.sync.read`,
  syncTrigger: `plugin::${PLUGIN_ID}.sync.trigger`,
  webhooksRead: `plugin::${PLUGIN_ID}.webhooks.read`,
  webhooksManage: `plugin::${PLUGIN_ID}.webhooks.manage`,
  channelsRead: `plugin::${PLUGIN_ID}.channels.read`,
  channelsManage: `plugin::${PLUGIN_ID}.channels.manage`,
  redirectsRead: `plugin::${PLUGIN_ID}.redirects.read`,
  redirectsManage: `plugin::${PLUGIN_ID}.redirects.manage`,
  controlPanelRead: `plugin::${PLUGIN_ID}.control-panel.read`,
  customerSessionsRevoke: `plugin::${PLUGIN_ID}.customers.sessions.revoke`,
} as const;

export const ACTION_DEFINITIONS = [
  { uid: 'settings.read', displayName: 'Read connection settings', subCategory: 'Connection' },
  { uid: 'settings.update', displayName: 'Change connection settings', subCategory: 'Connection' },
  { uid: 'sync.read', displayName: 'See catalog syncs', subCategory: 'Sync' },
  { uid: 'sync.trigger', displayName: 'Start, cancel and schedule catalog syncs', subCategory: 'Sync' },
  { uid: 'webhooks.read', displayName: 'See webhooks and their events', subCategory: 'Webhooks' },
  { uid: 'webhooks.manage', displayName: 'Register webhooks and replay events', subCategory: 'Webhooks' },
  { uid: 'channels.read', displayName: 'See channels, sites and routes', subCategory: 'Channels & sites' },
  {
    uid: 'channels.manage',
    displayName: 'Create channels, choose the served ones, change sites, routes, checkout URLs and login settings',
    subCategory: 'Channels & sites',
  },
  { uid: 'redirects.read', displayName: 'See redirects', subCategory: 'Redirects' },
  { uid: 'redirects.manage', displayName: 'Create, edit and delete redirects', subCategory: 'Redirects' },
  { uid: 'control-panel.read', displayName: 'See links to the BigCommerce control panel', subCategory: 'Control panel' },
  { uid: 'customers.sessions.revoke', displayName: "End a customer's shopper sessions", subCategory: 'Customers' },
].map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }));
