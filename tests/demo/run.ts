/**
 * `npm run demo`: builds the plugin and the admin panel, starts the BigCommerce sandbox store with a
 * seeded catalog, starts the host app with the plugin connected to it, and prints the admin login.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { createStrapi, type Core } from '@strapi/strapi';

import { startSandbox } from '../sandbox';
import { APP_DIR } from '../helpers/strapi';
import { adminBuildIsStale, buildAdmin } from './build-admin';

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

const ensureAdmin = async (strapi: Core.Strapi): Promise<'created' | 'exists'> => {
  const users = strapi.service('admin::user') as unknown as {
    exists(filter: Record<string, unknown>): Promise<boolean>;
    create(input: Record<string, unknown>): Promise<unknown>;
  };
  const roles = strapi.service('admin::role') as unknown as { getSuperAdmin(): Promise<{ id: number } | null> };
  if (await users.exists({ email: DEMO.email })) return 'exists';
  const superAdmin = await roles.getSuperAdmin();
  await users.create({
    email: DEMO.email,
    firstname: 'Demo',
    lastname: 'Admin',
    password: DEMO.password,
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
  return 'created';
};

const main = async () => {
  step('Building the plugin (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });

  if (adminBuildIsStale()) {
    step('Building the admin panel (about a minute, only when the admin sources changed)');
    const cwd = process.cwd();
    await buildAdmin();
    process.chdir(cwd);
  }

  step(`Starting the BigCommerce sandbox store with ${DEMO.products} products`);
  const sandbox = await startSandbox({ port: DEMO.sandboxPort, products: DEMO.products, seed: 1 });

  step('Starting Strapi with the plugin connected to the sandbox');
  fs.mkdirSync(path.dirname(DEMO.database), { recursive: true });
  Object.assign(process.env, {
    NODE_ENV: 'production',
    HOST: env('HOST', '127.0.0.1'),
    PORT: String(DEMO.port),
    DATABASE_FILENAME: DEMO.database,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: env('STRAPI_LOG_LEVEL', 'info'),
    BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
    BIGCOMMERCE_CLIENT_ID: 'sandbox-client-id',
    BIGCOMMERCE_CLIENT_SECRET: 'sandbox-client-secret',
    BIGCOMMERCE_API_URL: sandbox.url,
    BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
  });
  process.chdir(APP_DIR);
  const strapi = await createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false }).load();
  await strapi.start();
  const admin = await ensureAdmin(strapi);

  const report = await strapi.plugin('bigcommerce').service('client').testConnection();
  step('Syncing the catalog from the sandbox store');
  const sync = strapi.plugin('bigcommerce').service('sync');
  await sync.start({ kind: 'full', trigger: 'api' });
  const run = await sync.waitForIdle();
  const synced = run
    ? `${run.status}: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.deleted} deleted in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
    : 'not run';
  const url = `http://${process.env.HOST}:${DEMO.port}/admin`;
  console.log(`
────────────────────────────────────────────────────────────────
  Strapi admin     ${url}
  Login            ${DEMO.email} / ${DEMO.password}${admin === 'exists' ? '  (existing account)' : ''}
  Plugin settings  ${url}/settings/bigcommerce/connection
  Storefront API   http://${process.env.HOST}:${DEMO.port}/api/bigcommerce/products  (shopper login: shopper1@example.com / Passw0rd!)
  Sandbox store    ${sandbox.url}  (store hash ${sandbox.storeHash}, ${DEMO.products} products)
  Catalog sync     ${synced}
  Connection       ${report.ok ? `OK — ${report.store?.name}, plan ${report.store?.plan_name}` : `FAILED — ${report.error?.message}`}
  Stop with Ctrl+C
────────────────────────────────────────────────────────────────`);

  const stop = async () => {
    await strapi.destroy();
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
