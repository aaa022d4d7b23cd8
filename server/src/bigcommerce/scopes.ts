import { ID_LISTING_FIELDS } from './catalog';
import { isBigCommerceApiError } from './errors';
import type { QueryValue, Transport } from './transport';
import type { ScopeCheck, ScopeStatus } from '../../../shared/settings';

/**
 * OAuth scopes the plugin relies on, each found by one read-only request: 2xx or 404 means the token
 * may call the endpoint, 401/403 means the scope is missing. Nothing is written to the store.
 */
export interface ScopeProbe {
  /** Scope parameter name (api-accounts.mdx). */
  scope: string;
  /** The name the BigCommerce control panel shows when an API account is created. */
  label: string;
  /** What the plugin uses it for. */
  usedFor: string;
  path: string;
  version?: 'v2' | 'v3';
  query?: Record<string, QueryValue>;
}

export const SCOPE_PROBES: readonly ScopeProbe[] = [
  {
    scope: 'store_v2_information_read_only',
    label: 'Information & Settings (read-only)',
    usedFor: 'store profile, server time for login tokens',
    path: '/store',
    version: 'v2',
  },
  {
    scope: 'store_v2_products_read_only',
    label: 'Products (read-only)',
    usedFor: 'catalog sync',
    path: '/catalog/products',
    query: { limit: 1, include_fields: ID_LISTING_FIELDS.join(',') },
  },
  {
    scope: 'store_channel_settings_read_only',
    label: 'Channel Settings (read-only)',
    usedFor: 'channels and their sites',
    path: '/channels',
    query: { limit: 1 },
  },
  {
    scope: 'store_sites_read_only',
    label: 'Sites & Routes (read-only)',
    usedFor: 'storefront URLs and routes',
    path: '/sites',
    query: { limit: 1 },
  },
  {
    scope: 'store_v2_content_read_only',
    label: 'Content (read-only)',
    usedFor: '301 redirects',
    path: '/storefront/redirects',
    query: { limit: 1 },
  },
  {
    scope: 'store_v2_customers_read_only',
    label: 'Customers (read-only)',
    usedFor: "shopper accounts and sign-in, the channels' customer login setting",
    path: '/customers',
    query: { limit: 1 },
  },
];

// The report's shape is the admin's too (shared/settings.ts).
export type { ScopeCheck, ScopeStatus };

export const probeScopes = async (transport: Transport, probes: readonly ScopeProbe[] = SCOPE_PROBES): Promise<ScopeCheck[]> =>
  Promise.all(
    probes.map(async ({ scope, label, usedFor, path, version, query }): Promise<ScopeCheck> => {
      const check = { scope, label, usedFor };
      try {
        await transport.request({ path, version, query });
        return { ...check, status: 'granted' };
      } catch (error) {
        if (!isBigCommerceApiError(error)) throw error;
        if (error.status === 404) return { ...check, status: 'granted' };
        if (error.isAuthError) return { ...check, status: 'missing' };
        return { ...check, status: 'unknown', reason: error.message };
      }
    })
  );
