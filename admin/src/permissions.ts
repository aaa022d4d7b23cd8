// Mirrors server/src/permissions.ts: the RBAC actions each panel needs.
const action = (uid: string) => [{ action: `plugin::bigcommerce.${uid}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  settingsUpdate: action('settings.update'),
  channelsRead: action('channels.read'),
  channelsManage: action('channels.manage'),
  syncRead: action('sync.read'),
  syncTrigger: action('sync.trigger'),
  webhooksRead: action('webhooks.read'),
  webhooksManage: action('webhooks.manage'),
  redirectsRead: action('redirects.read'),
  redirectsManage: action('redirects.manage'),
  controlPanelRead: action('control-panel.read'),
};
