import type { Core } from '@strapi/strapi';

import { CATALOG_OPERATIONS } from './operations/catalog';
import { documentationOverride, openApiDocument } from './operations/openapi';
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
  registerOverride(override: Record<string, unknown>, options: { pluginOrigin: string; excludeFromGeneration?: string[] }): unknown;
}

/**
 * With @strapi/plugin-documentation installed, its generated document gets our content-API paths as declared
 * here instead of the generic ones it would guess from the routes (hence `excludeFromGeneration`).
 */
export const registerDocumentation = async (strapi: Core.Strapi): Promise<boolean> => {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return false;
  const override = documentation.service('override') as OverrideService | undefined;
  if (!override) return false;
  await override.registerOverride(documentationOverride(pluginOpenApi(), API_PREFIX), { pluginOrigin: PLUGIN_ID, excludeFromGeneration: [PLUGIN_ID] });
  return true;
};
