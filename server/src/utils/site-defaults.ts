import { SITE_ROUTE_TYPES, type SiteRouteType } from '../bigcommerce/sites';
import type { SiteDefaults } from '../../../shared/channels';

/**
 * Starting values for a headless storefront's BigCommerce set-up: the channel name BigCommerce
 * accepts, the site URL as stored, a route for every route type the Sites API knows, and a
 * checkout URL on the storefront's own site.
 */

/** Route templates, relative to the site URL (BigCommerce appends them to it). */
const ROUTE_TEMPLATES: Record<SiteRouteType, string> = {
  product: '/products/{slug}',
  brand: '/brands/{slug}',
  category: '/categories/{slug}',
  page: '/pages/{slug}',
  blog: '/blog/{slug}',
  home: '/',
  cart: '/cart',
  checkout: '/checkout',
  search: '/search',
  account: '/account',
  login: '/login',
  returns: '/returns',
  static: '/{slug}',
  create_account: '/register',
  forgot_password: '/forgot-password',
  account_order_status: '/account/orders',
  account_new_return: '/account/returns/new',
  // BigCommerce adds the recovery token as `?t=` to this page's URL (abandoned-carts.mdx).
  recover_abandoned_cart: '/cart/recover',
};

/** Values shown in a route's preview URL in place of its tokens. */
const SAMPLE_TOKENS: Record<string, string> = { slug: 'sample-item', id: '123', language: 'en', lang: 'en' };

/** The site URL as the plugin stores and compares it: no trailing slash. */
export const normalizeSiteUrl = (url: string): string => url.trim().replace(/\/+$/, '');

export const routePreview = (siteUrl: string, route: string): string =>
  `${normalizeSiteUrl(siteUrl)}${route.replace(/\{(\w+)\}/g, (token, name: string) => SAMPLE_TOKENS[name] ?? token)}`;

/** GET /bigcommerce/channels/site-defaults (shared/channels.ts). */
export const siteDefaults = (siteUrl: string): SiteDefaults => {
  const site = normalizeSiteUrl(siteUrl);
  const host = new URL(site).hostname.replace(/^www\./, '');
  return {
    siteUrl: site,
    checkoutUrl: `https://checkout.${host}`,
    routes: SITE_ROUTE_TYPES.map((type) => ({ type, matching: '*', route: ROUTE_TEMPLATES[type], preview: routePreview(site, ROUTE_TEMPLATES[type]) })),
  };
};
