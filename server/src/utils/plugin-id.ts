export { PLUGIN_ID } from '../../../shared/plugin-id';
export const LOG_PREFIX = '[bigcommerce]';
