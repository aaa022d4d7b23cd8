import type { ControlPanelView } from '../../../shared/control-panel';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { useCan } from './useCan';
import { useResource } from './useResource';

export type { ControlPanelView } from '../../../shared/control-panel';

/** The control panel's links (GET /bigcommerce/control-panel), or nothing for an admin without the permission to see them. */
export const useControlPanel = () => {
  const { allowed } = useCan(PERMISSIONS.controlPanelRead);
  return useResource<ControlPanelView>(allowed ? `/${PLUGIN_ID}/control-panel` : null).data;
};
