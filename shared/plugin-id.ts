// No imports: shared by the server and admin bundles (see ARCHITECTURE.md, "Shared contracts").

/** The plugin's name in Strapi: UIDs (`plugin::bigcommerce.*`), admin routes and RBAC actions. */
export const PLUGIN_ID = 'bigcommerce';
