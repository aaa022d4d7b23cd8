// Mirrors server/src/permissions.ts: the RBAC actions each panel needs.
const action = (uid: string) => [{ action: `plugin::bigcommerce.${uid}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  settingsUpdate: action('settings.update'),
};
