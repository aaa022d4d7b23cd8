import type { Core } from '@strapi/strapi';

import { CATALOG_OPERATIONS } from './operations/catalog';
import { documentationOverride, openApiDocument } from './operations/openapi';
import { namespaced, toOpenApi30 } from './operations/openapi-merge';
import { STOREFRONT_OPERATIONS } from './operations/storefront';
import { ADMIN_ROUTES } from './routes/admin';
import { OPENAPI_ROUTE, WEBHOOK_ROUTE } from './routes/content-api';
import { CUSTOMER_COOKIE, CUSTOMER_HEADER } from './services/shopper';
import { PLUGIN_ID } from './utils/plugin-id';

/** The reference's own version: bump it when a route changes incompatibly. */
export const OPENAPI_VERSION = '1.0.0';

/** Strapi's content API prefix (config `api.rest.prefix`, `/api` by default). */
const API_PREFIX = '/api';

let built: Record<string, unknown> | undefined;

/** The plugin's OpenAPI document, built once per process from the route declarations. */
export const pluginOpenApi = (): Record<string, unknown> =>
  (built ??= openApiDocument({
    storefront: STOREFRONT_OPERATIONS,
    catalog: CATALOG_OPERATIONS,
    admin: ADMIN_ROUTES,
    other: [WEBHOOK_ROUTE, OPENAPI_ROUTE],
    actionPrefix: `plugin::${PLUGIN_ID}`,
    contentApiBase: `${API_PREFIX}/${PLUGIN_ID}`,
    adminBase: `/${PLUGIN_ID}`,
    session: { header: CUSTOMER_HEADER, cookie: CUSTOMER_COOKIE },
    version: OPENAPI_VERSION,
  }));

/** What the documentation plugin's override service takes (services/override.ts of @strapi/plugin-documentation). */
interface OverrideService {
  registerOverride(override: Record<string, unknown>, options: { pluginOrigin?: string; excludeFromGeneration?: string[] }): unknown;
}

/** Our components and tags in the merged document: `BigCommerceError`, `BigCommerce Catalog`. */
const COMPONENT_PREFIX = 'BigCommerce';
const TAG_PREFIX = 'BigCommerce ';

/** The part of our document merged into a host document of that OpenAPI version (3.0.0 is the plugin's default). */
export const hostOverride = (openapi: string): Record<string, unknown> => {
  const override = namespaced(documentationOverride(pluginOpenApi(), API_PREFIX), COMPONENT_PREFIX, TAG_PREFIX);
  return openapi.startsWith('3.0') ? toOpenApi30(override) : override;
};

/**
 * With @strapi/plugin-documentation installed, its generated document (written in its bootstrap, so this runs in
 * our register) gets our content-API paths as declared here instead of the generic ones it would guess from the
 * routes (hence `excludeFromGeneration`). No `pluginOrigin`: with it, the override is dropped unless the host lists
 * this plugin in `x-strapi-config.plugins`, which by default holds only upload and users-permissions.
 */
export const registerDocumentation = async (strapi: Core.Strapi): Promise<boolean> => {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return false;
  const override = documentation.service('override') as OverrideService | undefined;
  if (!override) return false;
  const openapi = String(strapi.config.get('plugin::documentation.openapi') ?? '3.0.0');
  await override.registerOverride(hostOverride(openapi), { excludeFromGeneration: [PLUGIN_ID] });
  return true;
};
