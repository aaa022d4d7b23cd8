// Build source of the ./strapi-admin export.
export { default } from './admin/src';
