/** Links into a store's BigCommerce control panel, which lives under the store's permanent address. */
export interface ControlPanelLinks {
  /** The control panel's home. */
  url: string;
  /** A product's edit page, with `{id}` standing for the product id. */
  productUrl: string;
  /** The Channel Manager, where channels and their sites are listed. */
  channelsUrl: string;
}

export const controlPanelLinks = (storeHash: string): ControlPanelLinks => {
  const url = `https://store-${encodeURIComponent(storeHash)}.mybigcommerce.com/manage`;
  return { url, productUrl: `${url}/products/edit/{id}`, channelsUrl: `${url}/channel-manager` };
};
