// The reference storefront (tests/storefront, built by the demo stack) under /storefront/ of the host
// app: same site as the API, so the plugin's cookies work without CORS. Registered in
// config/middlewares.js only when STOREFRONT_DIR is set (the demo), never by the plugin.
const fs = require('fs');
const path = require('path');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

module.exports = ({ dir, prefix = '/storefront', checkoutOrigin, imageOrigin }) => {
  const root = path.resolve(dir);
  // Strapi's CSP (strapi::security) allows no frame from another origin: the storefront's own policy
  // lets BigCommerce's embedded checkout in and product images from anywhere over HTTPS (and from the
  // sandbox store, over HTTP, when it serves the images).
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: https: ${imageOrigin ?? ''}`.trim(),
    "connect-src 'self'",
    `frame-src 'self' ${checkoutOrigin ?? ''}`.trim(),
  ].join('; ');
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === prefix) return ctx.redirect(`${prefix}/`);
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    const relative = ctx.path.slice(prefix.length + 1) || 'index.html';
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
    ctx.set('Content-Security-Policy', policy);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    ctx.body = fs.createReadStream(file);
  };
};
