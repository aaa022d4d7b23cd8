import { PLUGIN_ID } from './utils/plugin-id';

/** Admin RBAC actions (`plugin::bigcommerce.<uid>`), one per panel and access level. */
export const ACTIONS = {
  settingsRead: `plugin::${PLUGIN_ID}.settings.read`,
  settingsUpdate: `plugin::${PLUGIN_ID}.settings.update`,
} as const;

export const ACTION_DEFINITIONS = [
  { uid: 'settings.read', displayName: 'Read connection settings', subCategory: 'Connection' },
  { uid: 'settings.update', displayName: 'Change connection settings', subCategory: 'Connection' },
].map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }));
