import { PLUGIN_ID } from './plugin-id';

/**
 * Admin RBAC actions, one per panel and access level, declared once: the server registers them
 * (`ACTION_DEFINITIONS`) and guards its admin routes with them, the admin gates its pages and buttons on them.
 */
export const ADMIN_ACTIONS = {
  settingsRead: { uid: 'settings.read', displayName: 'Read connection settings', subCategory: 'Connection' },
  settingsUpdate: { uid: 'settings.update', displayName: 'Change connection settings', subCategory: 'Connection' },
  syncRead: { uid: 'sync.read', displayName: 'See catalog syncs', subCategory: 'Sync' },
  syncTrigger: { uid: 'sync.trigger', displayName: 'Start, cancel and schedule catalog syncs', subCategory: 'Sync' },
  webhooksRead: { uid: 'webhooks.read', displayName: 'See webhooks and their events', subCategory: 'Webhooks' },
  webhooksManage: { uid: 'webhooks.manage', displayName: 'Register webhooks and replay events', subCategory: 'Webhooks' },
  channelsRead: { uid: 'channels.read', displayName: 'See channels, sites and routes', subCategory: 'Channels & sites' },
  channelsManage: {
    uid: 'channels.manage',
    displayName: 'Create channels, choose the served ones, change sites, routes, checkout URLs and login settings',
    subCategory: 'Channels & sites',
  },
  redirectsRead: { uid: 'redirects.read', displayName: 'See redirects', subCategory: 'Redirects' },
  redirectsManage: { uid: 'redirects.manage', displayName: 'Create, edit and delete redirects', subCategory: 'Redirects' },
  controlPanelRead: { uid: 'control-panel.read', displayName: 'See links to the BigCommerce control panel', subCategory: 'Control panel' },
  customerSessionsRevoke: { uid: 'customers.sessions.revoke', displayName: "End a customer's shopper sessions", subCategory: 'Customers' },
} as const;

export type AdminActionKey = keyof typeof ADMIN_ACTIONS;
type ActionUid<K extends AdminActionKey> = (typeof ADMIN_ACTIONS)[K]['uid'];
/** The full action name, `plugin::bigcommerce.<uid>`. */
export type AdminAction<K extends AdminActionKey = AdminActionKey> = `plugin::${typeof PLUGIN_ID}.${ActionUid<K>}`;

export const actionName = <K extends AdminActionKey>(key: K): AdminAction<K> => `plugin::${PLUGIN_ID}.${ADMIN_ACTIONS[key].uid}` as AdminAction<K>;

/** Every action's full name, by key. */
export const ACTIONS = Object.fromEntries((Object.keys(ADMIN_ACTIONS) as AdminActionKey[]).map((key) => [key, actionName(key)])) as {
  [K in AdminActionKey]: AdminAction<K>;
};
