export const PLUGIN_ID = 'bigcommerce';
export const LOG_PREFIX = '[bigcommerce]';
