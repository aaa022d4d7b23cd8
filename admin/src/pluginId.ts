export const PLUGIN_ID = 'bigcommerce';
