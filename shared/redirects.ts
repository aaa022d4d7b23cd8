// No imports: the shapes of the Redirects admin routes (/bigcommerce/redirects...), as the server answers them and
// the admin reads them, and BigCommerce's redirect targets (redirects.v3.yml RedirectTo).

export const REDIRECT_TARGET_TYPES = ['product', 'brand', 'category', 'page', 'post', 'url'] as const;
export type RedirectTargetType = (typeof REDIRECT_TARGET_TYPES)[number];

export interface RedirectView {
  id: number;
  siteId: number;
  fromPath: string;
  to: { type: RedirectTargetType; entityId: number | null; url: string | null };
  /** The destination as a full URL on the site, as BigCommerce resolves it. */
  toUrl: string | null;
}

/** GET /redirects/sites: the sites redirects can belong to, with their channel's name for the site picker. */
export interface RedirectSite {
  id: number;
  url: string;
  channelId: number;
  channelName: string | null;
}

/** Body of POST /redirects and PUT /redirects/:id: a dynamic target by `entityId`, a `url` one by `url`. */
export interface RedirectInput {
  siteId: number;
  fromPath: string;
  to: { type: RedirectTargetType; entityId?: number; url?: string };
}
