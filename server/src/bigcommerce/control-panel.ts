import type { ControlPanelLinks } from '../../../shared/control-panel';

export type { ControlPanelLinks };

/** Links into a store's BigCommerce control panel, which lives under the store's permanent address (shared/control-panel.ts). */
export const controlPanelLinks = (storeHash: string): ControlPanelLinks => {
  const url = `https://store-${encodeURIComponent(storeHash)}.mybigcommerce.com/manage`;
  return { url, productUrl: `${url}/products/edit/{id}`, channelsUrl: `${url}/channel-manager` };
};
