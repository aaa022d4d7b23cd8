// The shapes of the Redirects admin routes (/bigcommerce/redirects...), as the server answers them and the admin reads
// them, and BigCommerce's redirect targets (redirects.v3.yml RedirectTo). zod: the types and the OpenAPI document's
// schemas derive from these declarations; the admin imports the types only.
import { z } from 'zod';

export const REDIRECT_TARGET_TYPES = ['product', 'brand', 'category', 'page', 'post', 'url'] as const;
export const redirectTargetTypeSchema = z.enum(REDIRECT_TARGET_TYPES);
export type RedirectTargetType = z.infer<typeof redirectTargetTypeSchema>;

export const redirectViewSchema = z.object({
  id: z.int(),
  siteId: z.int(),
  fromPath: z.string(),
  to: z.object({ type: redirectTargetTypeSchema, entityId: z.int().nullable(), url: z.string().nullable() }),
  /** The destination as a full URL on the site, as BigCommerce resolves it. */
  toUrl: z.string().nullable(),
});
export type RedirectView = z.infer<typeof redirectViewSchema>;

/** GET /redirects/sites: the sites redirects can belong to, with their channel's name for the site picker. */
export const redirectSiteSchema = z.object({ id: z.int(), url: z.string(), channelId: z.int(), channelName: z.string().nullable() });
export type RedirectSite = z.infer<typeof redirectSiteSchema>;

/** Body of POST /redirects and PUT /redirects/:id: a dynamic target by `entityId`, a `url` one by `url`. */
export interface RedirectInput {
  siteId: number;
  fromPath: string;
  to: { type: RedirectTargetType; entityId?: number; url?: string };
}
