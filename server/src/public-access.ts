import type { Core } from '@strapi/strapi';

import type { PluginConfig } from './config/schema';
import { LOG_PREFIX, PLUGIN_ID } from './utils/plugin-id';

/** Content API actions of the storefront read API (REST routes and GraphQL queries alike). */
export const CATALOG_ACTIONS = {
  findProducts: `plugin::${PLUGIN_ID}.catalog.findProducts`,
  findProduct: `plugin::${PLUGIN_ID}.catalog.findProduct`,
  findCategories: `plugin::${PLUGIN_ID}.catalog.findCategories`,
  findBrands: `plugin::${PLUGIN_ID}.catalog.findBrands`,
} as const;

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

/** Actions of the shopper routes (cart, account, checkout, orders, wishlists), REST and GraphQL alike. */
export const STOREFRONT_ACTION_NAMES = [
  'createCart', 'getCart', 'addCartItems', 'updateCartItem', 'removeCartItem', 'deleteCart', 'cartRedirectUrls', 'recoverCart',
  'register', 'login', 'logout', 'me', 'loginUrl',
  'checkout', 'setBillingAddress', 'addConsignment', 'selectShippingOption', 'addCoupon', 'createOrder', 'paymentToken',
  'orders', 'order', 'wishlists', 'createWishlist', 'addWishlistItems', 'removeWishlistItem', 'deleteWishlist',
] as const;

export type StorefrontAction = (typeof STOREFRONT_ACTION_NAMES)[number];

export const storefrontAction = (name: StorefrontAction): string => `plugin::${PLUGIN_ID}.storefront.${name}`;

export const STOREFRONT_ACTIONS = STOREFRONT_ACTION_NAMES.map(storefrontAction);

/**
 * Grants the users-permissions Public role a set of actions, so anonymous storefronts work out of the
 * box. Each action is granted once, ever (remembered in the plugin store), so an admin who later
 * revokes one in Settings → Users & Permissions → Roles → Public keeps it revoked across restarts; the
 * routes then need an API token with those actions.
 */
const grantPublic = async (strapi: Core.Strapi, actions: readonly string[], storeKey: string, what: string): Promise<void> => {
  if (!strapi.plugin('users-permissions')) return;
  const publicRole = (await strapi.db.query(ROLE_UID).findOne({ where: { type: 'public' }, select: ['id'] })) as { id: number } | null;
  if (!publicRole) {
    strapi.log.warn(`${LOG_PREFIX} no users-permissions Public role yet: ${what} stays private until the next start`);
    return;
  }
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

export const grantPublicCatalog = async (strapi: Core.Strapi): Promise<void> => {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  if (config.publicCatalog) await grantPublic(strapi, Object.values(CATALOG_ACTIONS), 'public-catalog', 'read access to the catalog');
  if (config.publicStorefront) await grantPublic(strapi, STOREFRONT_ACTIONS, 'public-storefront', 'the shopper routes (cart, account, checkout)');
};
