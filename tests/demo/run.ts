/**
 * `npm run demo`: builds the plugin and the admin panel, starts the BigCommerce sandbox store with a
 * seeded catalog, starts the host app with the plugin connected to it, and prints the admin login.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { APP_DIR } from '../helpers/strapi';
import { adminBuildIsStale, buildAdmin } from './build-admin';
import { startDemoStack } from './stack';

const ROOT = path.resolve(APP_DIR, '..', '..');
const env = (name: string, fallback: string) => process.env[name] ?? fallback;

const DEMO = {
  port: Number(env('PORT', '1337')),
  sandboxPort: Number(env('SANDBOX_PORT', '4010')),
  products: Number(env('DEMO_PRODUCTS', '500')),
  email: env('DEMO_ADMIN_EMAIL', 'admin@example.com'),
  password: env('DEMO_ADMIN_PASSWORD', 'Demo-Passw0rd'),
  database: path.join(APP_DIR, '.tmp', 'demo.db'),
};

const step = (message: string) => console.log(`\n▶ ${message}`);

const main = async () => {
  step('Building the plugin (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });

  if (adminBuildIsStale()) {
    step('Building the admin panel (about a minute, only when the admin sources changed)');
    const cwd = process.cwd();
    await buildAdmin();
    process.chdir(cwd);
  }

  step(`Starting the BigCommerce sandbox store with ${DEMO.products} products, then Strapi with the plugin connected to it`);
  const { strapi, sandbox, url: base, admin, stop: stopStack } = await startDemoStack(DEMO);

  const report = await strapi.plugin('bigcommerce').service('client').testConnection();
  step('Syncing the catalog from the sandbox store');
  const sync = strapi.plugin('bigcommerce').service('sync');
  await sync.start({ kind: 'full', trigger: 'api' });
  const run = await sync.waitForIdle();
  const synced = run
    ? `${run.status}: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.deleted} deleted in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
    : 'not run';
  const url = `${base}/admin`;
  console.log(`
────────────────────────────────────────────────────────────────
  Strapi admin     ${url}
  Login            ${DEMO.email} / ${DEMO.password}${admin === 'exists' ? '  (existing account)' : ''}
  Plugin settings  ${url}/settings/bigcommerce/connection
  Storefront API   ${base}/api/bigcommerce/products  (shopper login: shopper1@example.com / Passw0rd!)
  Sandbox store    ${sandbox.url}  (store hash ${sandbox.storeHash}, ${DEMO.products} products)
  Catalog sync     ${synced}
  Connection       ${report.ok ? `OK — ${report.store?.name}, plan ${report.store?.plan_name}` : `FAILED — ${report.error?.message}`}
  Stop with Ctrl+C
────────────────────────────────────────────────────────────────`);

  const stop = async () => {
    await stopStack();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
