// Build source of the ./strapi-server export; Strapi loads the built dist/server/index.js.
export { default } from './server/src';
