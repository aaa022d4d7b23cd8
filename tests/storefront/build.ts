/**
 * Builds the reference storefront into tests/storefront/dist: its TypeScript bundled by esbuild (the typed
 * client from source, checkout-sdk), plus index.html and styles.css. `tsx tests/storefront/build.ts`, or
 * buildStorefront() from the demo stack, which serves the result under /storefront/ of the host app.
 */
import fs from 'node:fs';
import path from 'node:path';

import { build, type Plugin } from 'esbuild';

export const STOREFRONT_DIR = __dirname;
export const STOREFRONT_DIST = path.join(__dirname, 'dist');

/**
 * checkout-sdk's main entry is the whole SDK (about 1 MB); the package also ships its embedded-checkout
 * entry (embedCheckout only, about 15 kB) but does not export it, so the import is pointed at that file.
 */
const embeddedCheckoutOnly: Plugin = {
  name: 'embedded-checkout-only',
  setup(setup) {
    const main = require.resolve('@bigcommerce/checkout-sdk'); // …/dist/cjs/checkout-sdk.js
    const entry = path.resolve(path.dirname(main), '..', 'esm', 'embedded-checkout.js');
    setup.onResolve({ filter: /^@bigcommerce\/checkout-sdk$/ }, () => ({ path: entry }));
  },
};

/** Bundles the storefront; answers the directory to serve. */
export const buildStorefront = async (): Promise<string> => {
  fs.rmSync(STOREFRONT_DIST, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(STOREFRONT_DIR, 'src', 'main.ts')],
    outfile: path.join(STOREFRONT_DIST, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [embeddedCheckoutOnly],
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) fs.copyFileSync(path.join(STOREFRONT_DIR, file), path.join(STOREFRONT_DIST, file));
  return STOREFRONT_DIST;
};

if (require.main === module) {
  buildStorefront().then(
    (dir) => console.log(`Storefront built in ${dir}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    }
  );
}
