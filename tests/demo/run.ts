/**
 * `npm run demo`: builds the plugin and the admin panel (each only when its sources changed), starts the
 * BigCommerce sandbox store with a seeded catalog, starts the host app with the plugin connected to it,
 * and prints the admin login. Strapi and the sandbox live in this process; it stops on SIGINT, SIGTERM,
 * SIGHUP, or when a process that started it (npm, tsx) is gone.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import { APP_DIR } from '../helpers/strapi';
import { adminBuildDecision, buildAdmin, buildPlugin, pluginBuildDecision } from './build-admin';
import { countCatalog, describeCatalog } from './counts';
import { watchAncestors } from './lifeline';
import { startDemoStack, type DemoStack } from './stack';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;

const DEMO = {
  port: Number(env('PORT', '1337')),
  sandboxPort: Number(env('SANDBOX_PORT', '4010')),
  products: Number(env('DEMO_PRODUCTS', '500')),
  email: env('DEMO_ADMIN_EMAIL', 'admin@example.com'),
  password: env('DEMO_ADMIN_PASSWORD', 'Demo-Passw0rd'),
  database: path.join(APP_DIR, '.tmp', 'demo.db'),
};

const started = Date.now();
const step = (message: string) => console.log(`\n▶ ${message}  [${((Date.now() - started) / 1000).toFixed(1)} s]`);

let stack: DemoStack | undefined;
let build: ChildProcess | undefined;
let stopping = false;

/** Stops whatever is running — the build child, Strapi, the sandbox — then exits; a second call exits at once. */
const shutdown = (why: string, code = 0) => {
  if (stopping) process.exit(code);
  stopping = true;
  console.log(`\n▶ Stopping (${why})`);
  // Strapi's destroy can hang on a stuck connection: never outlive the request to stop by much.
  setTimeout(() => process.exit(code), 10_000).unref();
  build?.kill('SIGTERM');
  void (async () => {
    try {
      await stack?.stop();
    } finally {
      process.exit(code);
    }
  })();
};

// Installed before anything starts, so a stop during the builds or the sync is honoured too.
// (Strapi adds its own SIGINT/SIGTERM handler that destroys it and exits; both end the same way.)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
watchAncestors((pid) => shutdown(`process ${pid} that started the demo is gone`));

const main = async () => {
  const plugin = pluginBuildDecision();
  if (plugin.rebuild) {
    step(`Building the plugin (npm run build: ${plugin.reason})`);
    await buildPlugin((child) => (build = child));
    build = undefined;
  } else step('The plugin build in dist/ is current (same sources): not rebuilt');

  const admin = adminBuildDecision();
  if (admin.rebuild) {
    step(`Building the admin panel (about a minute: ${admin.reason})`);
    await buildAdmin();
  } else step('The admin panel in tests/app/build is current (same plugin admin and host app config): not rebuilt');
  if (stopping) return;

  step(`Starting the BigCommerce sandbox store with ${DEMO.products} products, then Strapi with the plugin connected to it`);
  stack = await startDemoStack(DEMO);
  const { strapi, sandbox, url: base } = stack;

  const report = await strapi.plugin('bigcommerce').service('client').testConnection();
  step('Syncing the catalog from the sandbox store');
  const sync = strapi.plugin('bigcommerce').service('sync');
  await sync.start({ kind: 'full', trigger: 'api' });
  const run = await sync.waitForIdle();
  const synced = run
    ? `${run.status}: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.deleted} deleted in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
    : 'not run';
  const catalog = describeCatalog(await countCatalog(strapi, sandbox, base));
  const url = `${base}/admin`;
  console.log(`
────────────────────────────────────────────────────────────────
  Strapi admin     ${url}
  Login            ${DEMO.email} / ${DEMO.password}${stack.admin === 'exists' ? '  (existing account)' : ''}
  Plugin settings  ${url}/settings/bigcommerce/connection
  Storefront       ${stack.storefrontUrl}  (the reference storefront: tests/storefront)
  Storefront API   ${base}/api/bigcommerce/products  (shopper login: shopper1@example.com / Passw0rd!)
  Sandbox store    ${sandbox.url}  (store hash ${sandbox.storeHash})
  Catalog sync     ${synced}
  Catalog          ${catalog.join('\n                   ')}
  Connection       ${report.ok ? `OK — ${report.store?.name}, plan ${report.store?.plan_name}` : `FAILED — ${report.error?.message}`}
  Ready after      ${((Date.now() - started) / 1000).toFixed(1)} s
  Stop with Ctrl+C
────────────────────────────────────────────────────────────────`);
};

main().catch((error: unknown) => {
  if (stopping) return;
  console.error(error);
  shutdown('error', 1);
});
