import { PLUGIN_ID } from '../pluginId';
import { useResource } from './useResource';

/** GET /bigcommerce/control-panel: `null`s while no store hash is set. */
export interface ControlPanelLinks {
  storeHash: string | null;
  url: string | null;
  /** A product's edit page, `{id}` standing for its BigCommerce id. */
  productUrl: string | null;
  channelsUrl: string | null;
}

export const useControlPanel = () => useResource<ControlPanelLinks>(`/${PLUGIN_ID}/control-panel`);
