// Links into a store's BigCommerce control panel, as GET /bigcommerce/control-panel answers them.
// zod: the type and the OpenAPI document's schema derive from this one declaration; the admin imports the type only.
import { z } from 'zod';

const links = {
  /** The control panel's home. */
  url: z.string(),
  /** A product's edit page, with `{id}` standing for the product's BigCommerce id. */
  productUrl: z.string(),
  /** The Channel Manager, where channels and their sites are listed. */
  channelsUrl: z.string(),
};

export type ControlPanelLinks = z.infer<z.ZodObject<typeof links>>;

/** The answer: the store's links, or `null`s while no store hash is set. */
export const controlPanelViewSchema = z.union([
  z.object({ storeHash: z.string(), ...links }),
  z.object({ storeHash: z.null(), url: z.null(), productUrl: z.null(), channelsUrl: z.null() }),
]);

export type ControlPanelView = z.infer<typeof controlPanelViewSchema>;
