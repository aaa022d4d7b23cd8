import { ACTIONS, ADMIN_ACTIONS } from '../../shared/permissions';
import { PLUGIN_ID } from './utils/plugin-id';

/** Admin RBAC actions (`plugin::bigcommerce.<uid>`), one per panel and access level: declared in shared/permissions.ts. */
export { ACTIONS };

/** What Strapi's action provider registers, in the order the roles editor lists them. */
export const ACTION_DEFINITIONS = Object.values(ADMIN_ACTIONS).map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }));
