/**
 * The demo stack: the BigCommerce sandbox store with a seeded catalog and the host app with the plugin
 * connected to it, a super admin, and the catalog synced. `npm run demo` prints it; the browser tests
 * drive it.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { createStrapi, type Core } from '@strapi/strapi';

import { startSandbox, type Sandbox } from '../sandbox';
import { APP_DIR, sandboxEnv } from '../helpers/strapi';
import { buildStorefront } from '../storefront/build';

export interface DemoOptions {
  /** Strapi's port; 0 for any free one. */
  port: number;
  sandboxPort: number;
  products: number;
  database: string;
  email: string;
  password: string;
  logLevel?: string;
}

export interface DemoStack {
  strapi: Core.Strapi;
  sandbox: Sandbox;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The reference storefront (tests/storefront), served by the host app: `<url>/storefront/`. */
  storefrontUrl: string;
  admin: 'created' | 'exists';
  stop(): Promise<void>;
}

const ensureAdmin = async (strapi: Core.Strapi, email: string, password: string): Promise<'created' | 'exists'> => {
  const users = strapi.service('admin::user') as unknown as {
    exists(filter: Record<string, unknown>): Promise<boolean>;
    create(input: Record<string, unknown>): Promise<unknown>;
  };
  const roles = strapi.service('admin::role') as unknown as { getSuperAdmin(): Promise<{ id: number } | null> };
  if (await users.exists({ email })) return 'exists';
  const superAdmin = await roles.getSuperAdmin();
  await users.create({
    email,
    firstname: 'Demo',
    lastname: 'Admin',
    password,
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
  return 'created';
};

/** A free port now: the preview URLs name Strapi's origin before it listens. */
const freePort = (host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Starts the sandbox and Strapi (the admin panel must be built: see build-admin.ts) with the reference storefront. */
export const startDemoStack = async (options: DemoOptions): Promise<DemoStack> => {
  const storefront = await buildStorefront();
  // The sandbox serves the store's images (BigCommerce's CDN is out of reach here), so pictures show.
  const sandbox = await startSandbox({ port: options.sandboxPort, products: options.products, seed: 1, imageHost: true });
  fs.mkdirSync(path.dirname(options.database), { recursive: true });
  const host = process.env.HOST ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const storefrontUrl = `http://${host}:${port}/storefront/`;
  Object.assign(process.env, {
    NODE_ENV: 'production',
    HOST: host,
    PORT: String(port),
    DATABASE_FILENAME: options.database,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: options.logLevel ?? process.env.STRAPI_LOG_LEVEL ?? 'info',
    ...sandboxEnv(sandbox),
    BIGCOMMERCE_CLIENT_ID: 'sandbox-client-id',
    BIGCOMMERCE_CLIENT_SECRET: 'sandbox-client-secret',
    BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
    // The admin (Content Manager gallery and thumbnails) and the storefront may show the sandbox's images.
    BIGCOMMERCE_IMAGE_ORIGINS: sandbox.imageOrigin,
    STOREFRONT_IMAGE_ORIGIN: sandbox.imageOrigin,
    // The host app serves the storefront (config/middlewares.js); its page may frame the sandbox's checkout.
    STOREFRONT_DIR: storefront,
    STOREFRONT_CHECKOUT_ORIGIN: new URL(sandbox.url).origin,
    // Strapi Preview of a product or a category opens its page in the reference storefront.
    BIGCOMMERCE_PREVIEW_PRODUCT_URL: `${storefrontUrl}#/product/{slug}`,
    BIGCOMMERCE_PREVIEW_CATEGORY_URL: `${storefrontUrl}#/?category={slug}`,
  });
  process.chdir(APP_DIR);
  const strapi = await createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false }).load();
  await strapi.start();
  // The default channel's site is the sandbox's own origin, as in the storefront tests: its checkout
  // pages (hosted and embedded) and the Customer Login landing are served there, not at a real store.
  await (await strapi.plugin('bigcommerce').service('client').get()).channels.updateSite(1, sandbox.storefrontUrl);
  const admin = await ensureAdmin(strapi, options.email, options.password);
  return {
    strapi,
    sandbox,
    url: `http://${host}:${port}`,
    storefrontUrl,
    admin,
    async stop() {
      await strapi.destroy();
      await sandbox.close();
    },
  };
};
