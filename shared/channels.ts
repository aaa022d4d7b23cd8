// No imports: the shapes of the Channels & sites admin routes (/bigcommerce/channels...), as the server answers
// them and the admin reads them, and the BigCommerce vocabularies they carry (channels.v3.yml, sites.v3.yml).

export type ChannelType = 'pos' | 'marketplace' | 'storefront' | 'marketing';
export type ChannelStatus = 'active' | 'prelaunch' | 'inactive' | 'connected' | 'disconnected' | 'archived' | 'deleted' | 'terminated';

/**
 * Every route type the Sites API knows: the `type` enum of siteRoute_Base plus the types the same
 * spec's route-type table adds (create_account ... recover_abandoned_cart).
 */
export const SITE_ROUTE_TYPES = [
  'product',
  'brand',
  'category',
  'page',
  'blog',
  'home',
  'cart',
  'checkout',
  'search',
  'account',
  'login',
  'returns',
  'static',
  'create_account',
  'forgot_password',
  'account_order_status',
  'account_new_return',
  'recover_abandoned_cart',
] as const;

export type SiteRouteType = (typeof SITE_ROUTE_TYPES)[number];

/** A site route as BigCommerce stores it. */
export interface SiteRoute {
  id: number;
  type: SiteRouteType;
  matching: string;
  route: string;
}

/** A route to write: with an `id` it replaces that route, without one it is new. */
export type SiteRouteInput = Omit<SiteRoute, 'id'> & { id?: number };

export interface SiteView {
  id: number;
  url: string;
  /** The custom checkout URL; `null` when checkout runs on the default channel's domain. */
  checkoutUrl: string | null;
  isCheckoutUrlCustomized: boolean;
}

export interface ChannelView {
  id: number;
  name: string;
  type: ChannelType;
  platform: string;
  status: ChannelStatus;
  /** Whether this Strapi serves the channel (settings `channelIds`). */
  isServed: boolean;
  site: SiteView | null;
}

export interface ChannelDetail extends ChannelView {
  routes: SiteRoute[];
  /** May customers with global access sign in on this channel; `null` = BigCommerce's default. */
  allowGlobalLogins: boolean | null;
}

export type ChangeAction = 'created' | 'updated' | 'deleted';

/** One write a save made at BigCommerce (`meta.changes`, or `details.applied` of a save that failed part way). */
export type ChannelChange =
  | { field: 'status' | 'siteUrl' | 'checkoutUrl' | 'allowGlobalLogins'; action: ChangeAction; from: string | boolean | null; to: string | boolean | null }
  | { field: 'route'; action: ChangeAction; type: SiteRouteType; matching: string; from: string | null; to: string | null };

/** PUT /channels/served. */
export interface ServedChannels {
  channelIds: number[];
  added: number[];
  removed: number[];
}

export interface DefaultRoute {
  type: SiteRouteType;
  matching: string;
  route: string;
  /** The route as a full URL on the site, with sample values for its tokens. */
  preview: string;
}

/** GET /channels/site-defaults: starting values for a headless storefront's site. */
export interface SiteDefaults {
  siteUrl: string;
  /** A checkout host under the storefront's own domain, which keeps checkout same-site (Safari ITP). */
  checkoutUrl: string;
  /** One route for every route type BigCommerce's Sites API knows. */
  routes: DefaultRoute[];
}

/**
 * Body of PUT /channels/:id: every field optional, what is left out is left alone. `routes` is the whole
 * list (a route whose type and matching are not in it is deleted); the server reads type, matching and route.
 */
export interface ChannelUpdate {
  status?: 'active' | 'inactive';
  siteUrl?: string;
  checkoutUrl?: string | null;
  routes?: SiteRouteInput[];
  allowGlobalLogins?: boolean;
}
