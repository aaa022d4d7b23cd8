const path = require('path');

// With STOREFRONT_DIR (the demo stack) the reference storefront is served under /storefront/.
const storefront = (env) =>
  env('STOREFRONT_DIR')
    ? [
        {
          resolve: path.join(__dirname, '..', 'src', 'middlewares', 'storefront.js'),
          config: { dir: env('STOREFRONT_DIR'), checkoutOrigin: env('STOREFRONT_CHECKOUT_ORIGIN'), imageOrigin: env('STOREFRONT_IMAGE_ORIGIN') },
        },
      ]
    : [];

// With CORS_ORIGIN (comma-separated origins) strapi::cors takes the README's cross-origin storefront
// setting: the plugin's shopper headers allowed, credentials (cookies) allowed, those origins only.
module.exports = ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  env('CORS_ORIGIN')
    ? {
        name: 'strapi::cors',
        config: {
          origin: env.array('CORS_ORIGIN'),
          credentials: true,
          headers: ['Content-Type', 'Authorization', 'Origin', 'Accept', 'x-bigcommerce-session', 'x-bigcommerce-cart', 'x-bigcommerce-order'],
          expose: ['Retry-After'],
        },
      }
    : 'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
  ...storefront(env),
];
