import type { Core } from '@strapi/strapi';
import { extendMiddlewareConfiguration } from '@strapi/utils';

import type { PluginConfig } from './config/schema';
import { PLUGIN_ID } from './utils/plugin-id';

type Middlewares = Parameters<typeof extendMiddlewareConfiguration>[0];

/** Where BigCommerce serves product, category and brand images (cdn8, cdn11 … of bigcommerce.com). */
export const BIGCOMMERCE_IMAGE_ORIGINS = ['https://*.bigcommerce.com'];

/**
 * Adds origins to one directive of the admin's Content-Security-Policy (`strapi::security`), as the content
 * manager does for Preview. Strapi builds its middlewares after every plugin's register, so this is in time.
 */
export const allowInCsp = (strapi: Core.Strapi, directive: 'img-src' | 'frame-src', origins: string[]): void => {
  const middlewares = strapi.config.get('middlewares') as Middlewares | undefined;
  if (!Array.isArray(middlewares) || !origins.length) return;
  const security = { name: 'strapi::security', config: { contentSecurityPolicy: { directives: { [directive]: origins } } } };
  strapi.config.set('middlewares', extendMiddlewareConfiguration(middlewares, security));
};

/** The Content Manager shows the store's images (gallery, list thumbnails): Strapi's default `img-src` would block them. */
export const allowStoreImages = (strapi: Core.Strapi): void => {
  const { imageOrigins } = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  // Strapi's defaults come first: setting img-src replaces them unless they are in the list.
  allowInCsp(strapi, 'img-src', ["'self'", 'data:', 'blob:', 'https://market-assets.strapi.io', ...BIGCOMMERCE_IMAGE_ORIGINS, ...imageOrigins]);
};
