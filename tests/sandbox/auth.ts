// X-Auth-Token checks and OAuth scopes. Each route names the scope pair of its API area (from the
// specs' securitySchemes and the API-accounts scope table); a read-only scope satisfies GET only.

export interface ScopeRule {
  /** Scopes granting read and write. */
  modify: string[];
  /** Scopes granting read only. */
  readOnly: string[];
}

export const SCOPES = {
  products: { modify: ['store_v2_products'], readOnly: ['store_v2_products_read_only'] },
  channelSettings: { modify: ['store_channel_settings'], readOnly: ['store_channel_settings_read_only'] },
  channelListings: { modify: ['store_channel_listings'], readOnly: ['store_channel_listings_read_only'] },
  sites: { modify: ['store_sites'], readOnly: ['store_sites_read_only'] },
  // redirects.v3.yml: the Content scope covers pages, blog posts and redirects.
  content: { modify: ['store_v2_content'], readOnly: ['store_v2_content_read_only'] },
  information: { modify: ['store_v2_information'], readOnly: ['store_v2_information_read_only'] },
  carts: { modify: ['store_cart'], readOnly: ['store_cart_read_only'] },
  // api-accounts.mdx names the scope store_checkout, checkouts.v3.yml store_checkouts: both are accepted.
  checkouts: { modify: ['store_checkout', 'store_checkouts'], readOnly: ['store_checkout_read_only', 'store_checkouts_read_only'] },
  customers: { modify: ['store_v2_customers'], readOnly: ['store_v2_customers_read_only'] },
  orders: { modify: ['store_v2_orders'], readOnly: ['store_v2_orders_read_only'] },
  paymentsCreate: { modify: ['store_payments_access_token_create'], readOnly: [] },
  paymentMethods: { modify: [], readOnly: ['store_payments_methods_read'] },
  storefrontTokens: { modify: ['store_storefront_api'], readOnly: [] },
  storefrontImpersonation: { modify: ['store_storefront_api_customer_impersonation'], readOnly: [] },
} satisfies Record<string, ScopeRule>;

/** `null` = any valid token (webhooks need no scope beyond the account's default). */
export type RouteScope = ScopeRule | null;

export type Grants = ReadonlySet<string> | '*';

export class TokenStore {
  private readonly tokens = new Map<string, Grants>();

  constructor(initial: Record<string, string[] | '*'>) {
    for (const [t, s] of Object.entries(initial)) this.set(t, s);
  }

  set(token: string, scopes: string[] | '*'): void {
    this.tokens.set(token, scopes === '*' ? '*' : new Set(scopes));
  }

  delete(token: string): void {
    this.tokens.delete(token);
  }

  first(): string {
    const t = this.tokens.keys().next();
    if (t.done) throw new Error('no access token configured');
    return t.value;
  }

  list(): Record<string, string[] | '*'> {
    const out: Record<string, string[] | '*'> = {};
    for (const [t, g] of this.tokens) out[t] = g === '*' ? '*' : [...g];
    return out;
  }

  /** 'ok', or the status to answer: 401 for a missing/unknown token, 403 for a missing scope. */
  check(token: string | undefined, rule: RouteScope, method: string): 'ok' | 401 | 403 {
    if (!token) return 401;
    const grants = this.tokens.get(token);
    if (!grants) return 401;
    if (rule === null || grants === '*') return 'ok';
    if (rule.modify.some((s) => grants.has(s))) return 'ok';
    const read = method === 'GET' || method === 'HEAD';
    if (read && rule.readOnly.some((s) => grants.has(s))) return 'ok';
    return 403;
  }
}
