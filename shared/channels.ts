// The shapes of the Channels & sites admin routes (/bigcommerce/channels...), as the server answers them and the admin
// reads them, and the BigCommerce vocabularies they carry (channels.v3.yml, sites.v3.yml). zod: the types and the
// OpenAPI document's schemas derive from these declarations; the admin imports the types only.
import { z } from 'zod';

export const channelTypeSchema = z.enum(['pos', 'marketplace', 'storefront', 'marketing']);
export type ChannelType = z.infer<typeof channelTypeSchema>;
/** A channel listing's states (channels.v3.yml ListingState); a variant's (VariantState) are the same less `partially_rejected`. */
export const listingStateSchema = z.enum([
  'active',
  'disabled',
  'error',
  'pending',
  'pending_disable',
  'pending_delete',
  'partially_rejected',
  'queued',
  'rejected',
  'submitted',
  'deleted',
]);
export type ListingState = z.infer<typeof listingStateSchema>;

export const channelStatusSchema = z.enum(['active', 'prelaunch', 'inactive', 'connected', 'disconnected', 'archived', 'deleted', 'terminated']);
export type ChannelStatus = z.infer<typeof channelStatusSchema>;

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

export const siteRouteTypeSchema = z.enum(SITE_ROUTE_TYPES);
export type SiteRouteType = z.infer<typeof siteRouteTypeSchema>;

/** A site route as BigCommerce stores it. */
export const siteRouteSchema = z.object({ id: z.int(), type: siteRouteTypeSchema, matching: z.string(), route: z.string() });
export type SiteRoute = z.infer<typeof siteRouteSchema>;

/** A route to write: with an `id` it replaces that route, without one it is new. */
export type SiteRouteInput = Omit<SiteRoute, 'id'> & { id?: number };

export const siteViewSchema = z.object({
  id: z.int(),
  url: z.string(),
  /** The custom checkout URL; `null` when checkout runs on the default channel's domain. */
  checkoutUrl: z.string().nullable(),
  isCheckoutUrlCustomized: z.boolean(),
});
export type SiteView = z.infer<typeof siteViewSchema>;

const channelView = {
  id: z.int(),
  name: z.string(),
  type: channelTypeSchema,
  platform: z.string(),
  status: channelStatusSchema,
  /** Whether this Strapi serves the channel (settings `channelIds`). */
  isServed: z.boolean(),
  site: siteViewSchema.nullable(),
};
export const channelViewSchema = z.object(channelView);
export type ChannelView = z.infer<typeof channelViewSchema>;

/**
 * How a channel's listings shape what it sells, counted from the synced catalog: `listed` = stored products
 * linked to the channel that no listing disables there; `overridden` = listings with their own name (one
 * that differs from the catalog's) or description; `disabled` = listings that do not list their product
 * (disabled, deleted, or pending either).
 */
export const channelListingStatusSchema = z.object({ listed: z.int(), overridden: z.int(), disabled: z.int() });
export type ChannelListingStatus = z.infer<typeof channelListingStatusSchema>;

/** The channel's currencies as BigCommerce assigns them, or why they could not be read. */
export const channelCurrenciesSchema = z.discriminatedUnion('known', [
  z.object({ known: z.literal(true), default: z.string(), enabled: z.array(z.string()) }),
  z.object({ known: z.literal(false), reason: z.string() }),
]);
export type ChannelCurrencies = z.infer<typeof channelCurrenciesSchema>;

/** GET /channels: a channel with its listing status (from the database) and currencies (from BigCommerce). */
export const channelSummarySchema = z.object({ ...channelView, listings: channelListingStatusSchema, currencies: channelCurrenciesSchema });
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

/** GET /products/:bigcommerceId/listings: the product as one channel lists it. */
export const productListingSchema = z.object({
  listingId: z.int(),
  channelId: z.int(),
  /** The synced channel's name; `null` when the channel is not (or no longer) stored. */
  channelName: z.string().nullable(),
  state: listingStateSchema,
  listed: z.boolean(),
  /** The channel's own name for the product; `null` when it keeps the catalog's. */
  name: z.string().nullable(),
  /** Whether the channel gives the product its own description. */
  ownDescription: z.boolean(),
  variants: z.int(),
  /** Variants the listing does not list on the channel. */
  variantsDisabled: z.int(),
});
export type ProductListing = z.infer<typeof productListingSchema>;

export const channelDetailSchema = z.object({
  ...channelView,
  routes: z.array(siteRouteSchema),
  /** May customers with global access sign in on this channel; `null` = BigCommerce's default. */
  allowGlobalLogins: z.boolean().nullable(),
});
export type ChannelDetail = z.infer<typeof channelDetailSchema>;

export const changeActionSchema = z.enum(['created', 'updated', 'deleted']);
export type ChangeAction = z.infer<typeof changeActionSchema>;

const changedValue = z.union([z.string(), z.boolean(), z.null()]);
/** One write a save made at BigCommerce (`meta.changes`, or `details.applied` of a save that failed part way). */
export const channelChangeSchema = z.union([
  z.object({ field: z.enum(['status', 'siteUrl', 'checkoutUrl', 'allowGlobalLogins']), action: changeActionSchema, from: changedValue, to: changedValue }),
  z.object({
    field: z.literal('route'),
    action: changeActionSchema,
    type: siteRouteTypeSchema,
    matching: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
]);
export type ChannelChange = z.infer<typeof channelChangeSchema>;

/** PUT /channels/served. */
export const servedChannelsAnswerSchema = z.object({ channelIds: z.array(z.int()), added: z.array(z.int()), removed: z.array(z.int()) });
export type ServedChannels = z.infer<typeof servedChannelsAnswerSchema>;

export const defaultRouteSchema = z.object({
  type: siteRouteTypeSchema,
  matching: z.string(),
  route: z.string(),
  /** The route as a full URL on the site, with sample values for its tokens. */
  preview: z.string(),
});
export type DefaultRoute = z.infer<typeof defaultRouteSchema>;

/** GET /channels/site-defaults: starting values for a headless storefront's site. */
export const siteDefaultsSchema = z.object({
  siteUrl: z.string(),
  /** A checkout host under the storefront's own domain, which keeps checkout same-site (Safari ITP). */
  checkoutUrl: z.string(),
  /** One route for every route type BigCommerce's Sites API knows. */
  routes: z.array(defaultRouteSchema),
});
export type SiteDefaults = z.infer<typeof siteDefaultsSchema>;

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
