import { ID_LISTING_FIELDS } from './catalog';
import { isBigCommerceApiError } from './errors';
import type { QueryValue, RequestOptions, Transport } from './transport';
import type { ScopeCheck, ScopeStatus } from '../../../shared/settings';

/** What the plugin does with a scope: only reads, or also writes (the scope's "modify" level). */
export type ScopeLevel = 'read-only' | 'modify';

/**
 * One OAuth scope the plugin relies on, at the level it needs, and one request that finds whether the
 * token holds it without changing the store. BigCommerce checks the token's scopes before it reads a
 * request's body or looks up its resource: a read answers 2xx/404 with the scope; a write whose body or
 * target is invalid (an empty list, an ID that cannot exist) answers 400/404/422 with the scope and
 * 403 without it, and writes nothing either way.
 */
export interface ScopeProbe {
  /** Scope parameter name (api-accounts.mdx). */
  scope: string;
  level: ScopeLevel;
  /** The name the BigCommerce control panel shows when an API account is created, with the level. */
  label: string;
  /** What stops working in production without it, in a site owner's words. */
  usedFor: string;
  method?: RequestOptions['method'];
  path: string;
  version?: 'v2' | 'v3';
  query?: Record<string, QueryValue>;
  body?: unknown;
}

/** A checkout or cart ID no store has: writes to it are refused after the scope check. */
const NO_SUCH_CART = '00000000-0000-0000-0000-000000000000';

export const SCOPE_PROBES: readonly ScopeProbe[] = [
  {
    scope: 'store_v2_information_read_only',
    level: 'read-only',
    label: 'Information & Settings (read-only)',
    usedFor: "the store's profile and clock: without it no shopper can sign in (login tokens are dated by it)",
    path: '/store',
    version: 'v2',
  },
  {
    scope: 'store_v2_products_read_only',
    level: 'read-only',
    label: 'Products (read-only)',
    usedFor: 'the catalog sync and product webhooks: without it no product reaches Strapi',
    path: '/catalog/products',
    query: { limit: 1, include_fields: ID_LISTING_FIELDS.join(',') },
  },
  {
    scope: 'store_channel_listings_read_only',
    level: 'read-only',
    label: 'Channel Listings (read-only)',
    usedFor: "each channel's own product names, descriptions and states: without it every channel shows the catalog's",
    path: '/channels/1/listings',
    query: { limit: 1 },
  },
  {
    scope: 'store_channel_settings',
    level: 'modify',
    label: 'Channel Settings (modify)',
    usedFor: 'Channels & sites: without it no channel can be created or listed',
    method: 'POST',
    path: '/channels',
    body: {},
  },
  {
    scope: 'store_sites',
    level: 'modify',
    label: 'Sites & Routes (modify)',
    usedFor: "a channel's site URL, checkout URL and routes: without it they cannot be saved",
    method: 'PUT',
    path: '/sites/0/routes',
    body: [],
  },
  {
    scope: 'store_v2_content',
    level: 'modify',
    label: 'Content (modify)',
    usedFor: 'Redirects: without it none can be created, changed or deleted',
    method: 'PUT',
    path: '/storefront/redirects',
    body: [],
  },
  {
    scope: 'store_v2_customers',
    level: 'modify',
    label: 'Customers (modify)',
    usedFor: 'shopper registration, sign-in, wish lists and account updates: without it they all fail',
    method: 'POST',
    path: '/customers',
    body: [],
  },
  {
    scope: 'store_cart',
    level: 'modify',
    label: 'Carts (modify)',
    usedFor: 'the shopper cart: without it no product can be added to a cart',
    method: 'POST',
    path: '/carts',
    body: {},
  },
  {
    scope: 'store_checkout',
    level: 'modify',
    label: 'Checkouts (modify)',
    usedFor: 'checkout: without it no address, shipping option or order can be set',
    method: 'PUT',
    path: `/checkouts/${NO_SUCH_CART}`,
    body: {},
  },
  {
    scope: 'store_v2_orders_read_only',
    level: 'read-only',
    label: 'Orders (read-only)',
    usedFor: "a signed-in shopper's order history: without it the list fails",
    path: '/orders/count',
    version: 'v2',
  },
  {
    scope: 'store_payments_access_token_create',
    level: 'modify',
    label: 'Create Payments (modify)',
    usedFor: 'card payments at checkout: without it no order can be paid',
    method: 'POST',
    path: '/payments/access_tokens',
    body: {},
  },
  {
    scope: 'store_payments_methods_read',
    level: 'read-only',
    label: 'Get Payment Methods (read-only)',
    usedFor: 'the payment methods offered at checkout: without it none are listed',
    path: '/payments/methods',
    query: { order_id: 0 },
  },
];

// The report's shape is the admin's too (shared/settings.ts).
export type { ScopeCheck, ScopeStatus };

export const probeScopes = async (transport: Transport, probes: readonly ScopeProbe[] = SCOPE_PROBES): Promise<ScopeCheck[]> =>
  Promise.all(
    probes.map(async ({ scope, label, usedFor, method, path, version, query, body }): Promise<ScopeCheck> => {
      const check = { scope, label, usedFor };
      try {
        await transport.request({ method, path, version, query, body });
        return { ...check, status: 'granted' };
      } catch (error) {
        if (!isBigCommerceApiError(error)) throw error;
        if (error.isAuthError) return { ...check, status: 'missing' };
        // Past the scope check: refused for the (deliberately) invalid body or unknown target.
        if (error.status === 400 || error.status === 404 || error.status === 409 || error.status === 422) return { ...check, status: 'granted' };
        return { ...check, status: 'unknown', reason: error.message };
      }
    })
  );
