import type { Core } from '@strapi/strapi';

import type { PluginConfig } from './config/schema';
import { CATALOG_OPERATIONS, type CatalogRead } from './operations/catalog';
import { STOREFRONT_OPERATIONS, type StorefrontAction } from './operations/storefront';
import { LOG_PREFIX, PLUGIN_ID } from './utils/plugin-id';

export type { StorefrontAction };

type CatalogActions = { [K in CatalogRead]: `plugin::${typeof PLUGIN_ID}.${(typeof CATALOG_OPERATIONS)[K]['handler']}` };

/** Content API actions of the storefront read API (REST routes and GraphQL queries alike). */
export const CATALOG_ACTIONS = Object.fromEntries(
  Object.entries(CATALOG_OPERATIONS).map(([read, { handler }]) => [read, `plugin::${PLUGIN_ID}.${handler}`])
) as CatalogActions;

/** The names the catalog actions had in 0.1 (`plugin::bigcommerce.catalog.findProducts`, ...), mapped to today's. */
export const LEGACY_CATALOG_ACTIONS: ReadonlyArray<readonly [legacy: string, current: string]> = Object.entries(CATALOG_ACTIONS).map(([read, action]) => [
  `plugin::${PLUGIN_ID}.catalog.${read}`,
  action,
]);

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

/** Actions of the shopper operations (cart, account, checkout, orders, wishlists), REST and GraphQL alike. */
export const STOREFRONT_ACTION_NAMES = Object.keys(STOREFRONT_OPERATIONS) as StorefrontAction[];

export const storefrontAction = (name: StorefrontAction): string => `plugin::${PLUGIN_ID}.storefront.${name}`;

export const STOREFRONT_ACTIONS = STOREFRONT_ACTION_NAMES.map(storefrontAction);

/**
 * Grants the users-permissions Public role a set of actions, so anonymous storefronts work out of the
 * box. Each action is granted once, ever (remembered in the plugin store), so an admin who later
 * revokes one in Settings → Users & Permissions → Roles → Public keeps it revoked across restarts; the
 * routes then need an API token with those actions.
 */
const grantPublic = async (strapi: Core.Strapi, publicRole: { id: number }, actions: readonly string[], storeKey: string, what: string): Promise<void> => {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: storeKey });
  const state = ((await store.get({})) as { granted?: string[] } | null) ?? {};
  const granted = new Set(state.granted ?? []);
  const pending = actions.filter((action) => !granted.has(action));
  if (!pending.length) return;
  const existing = (await strapi.db.query(PERMISSION_UID).findMany({
    where: { action: { $in: pending }, role: { id: publicRole.id } },
    select: ['action'],
  })) as { action: string }[];
  const have = new Set(existing.map((permission) => permission.action));
  for (const action of pending) {
    if (!have.has(action)) await strapi.db.query(PERMISSION_UID).create({ data: { action, role: publicRole.id } });
  }
  await store.set({ value: { granted: [...granted, ...pending] } });
  strapi.log.info(`${LOG_PREFIX} granted the Public role ${what} (${pending.length} action(s))`);
};

const grantAll = async (strapi: Core.Strapi, publicRole: { id: number }): Promise<void> => {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  if (config.publicCatalog) await grantPublic(strapi, publicRole, Object.values(CATALOG_ACTIONS), 'public-catalog', 'read access to the catalog');
  if (config.publicStorefront) await grantPublic(strapi, publicRole, STOREFRONT_ACTIONS, 'public-storefront', 'the shopper routes (cart, account, checkout)');
};

export const grantPublicCatalog = async (strapi: Core.Strapi): Promise<void> => {
  if (!strapi.plugin('users-permissions')) return;
  const publicRole = (await strapi.db.query(ROLE_UID).findOne({ where: { type: 'public' }, select: ['id'] })) as { id: number } | null;
  if (publicRole) return grantAll(strapi, publicRole);
  // First start on a fresh database, with this plugin bootstrapped before users-permissions (listed
  // before it in config/plugins): the role does not exist yet. Grant when users-permissions creates it.
  let pending = true;
  strapi.db.lifecycles.subscribe({
    models: [ROLE_UID],
    async afterCreate(event) {
      const role = event.result as { id: number; type?: string } | undefined;
      if (!pending || role?.type !== 'public') return;
      pending = false;
      await grantAll(strapi, role);
    },
  });
};

/** Where permissions name content API actions: roles (users-permissions) and custom API tokens (admin). */
const PERMISSION_MODELS = [PERMISSION_UID, 'admin::api-token-permission'] as const;

/**
 * Renames the catalog actions' legacy names in granted permissions (Public and other roles, custom API
 * tokens) and in the public-catalog record. It must run before users-permissions and admin bootstrap,
 * which delete permissions naming an action no route defines: hence the `content-types.afterSync` hook.
 * A permission an admin revoked stays revoked (nothing to rename, and the record says it was granted).
 */
export const renameLegacyCatalogActions = async (strapi: Core.Strapi): Promise<void> => {
  let renamed = 0;
  for (const uid of PERMISSION_MODELS) {
    if (!strapi.getModel(uid)) continue;
    for (const [legacy, current] of LEGACY_CATALOG_ACTIONS) {
      const { count } = (await strapi.db.query(uid).updateMany({ where: { action: legacy }, data: { action: current } })) as { count: number };
      renamed += count;
    }
  }
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'public-catalog' });
  const state = (await store.get({})) as { granted?: string[] } | null;
  const renames = new Map(LEGACY_CATALOG_ACTIONS);
  if (state?.granted?.some((action) => renames.has(action))) {
    await store.set({ value: { ...state, granted: state.granted.map((action) => renames.get(action) ?? action) } });
  }
  if (renamed) strapi.log.info(`${LOG_PREFIX} renamed ${renamed} permission(s) to the catalog actions' new names (product.find, ...)`);
};
