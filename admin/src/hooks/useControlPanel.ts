import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { useCan } from './useCan';
import { useResource } from './useResource';

/** GET /bigcommerce/control-panel: `null`s while no store hash is set. */
export interface ControlPanelLinks {
  storeHash: string | null;
  url: string | null;
  /** A product's edit page, `{id}` standing for its BigCommerce id. */
  productUrl: string | null;
  channelsUrl: string | null;
}

/** The control panel's links, or nothing for an admin without the permission to see them. */
export const useControlPanel = () => {
  const { allowed } = useCan(PERMISSIONS.controlPanelRead);
  return useResource<ControlPanelLinks>(allowed ? `/${PLUGIN_ID}/control-panel` : null).data;
};
