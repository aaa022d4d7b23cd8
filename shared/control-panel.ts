// No imports: links into a store's BigCommerce control panel, as GET /bigcommerce/control-panel answers them.

export interface ControlPanelLinks {
  /** The control panel's home. */
  url: string;
  /** A product's edit page, with `{id}` standing for the product's BigCommerce id. */
  productUrl: string;
  /** The Channel Manager, where channels and their sites are listed. */
  channelsUrl: string;
}

/** The answer: the store's links, or `null`s while no store hash is set. */
export type ControlPanelView = ({ storeHash: string } & ControlPanelLinks) | { [K in 'storeHash' | keyof ControlPanelLinks]: null };
