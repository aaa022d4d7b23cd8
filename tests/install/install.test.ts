/**
 * Issue #11: the packed plugin installed the way a site owner installs it. `npm pack`, a fresh app from
 * create-strapi 5.54.0, `npm install <tarball>` with no flags, `bigcommerce: { enabled: true }` in
 * config/plugins, `strapi build`, `strapi start` against the sandbox store; then the admin pages in
 * headless Chromium, a full sync, the read API and API tokens.
 *
 * Two legs, each axis once: a TypeScript app on SQLite (always), a JavaScript app on PostgreSQL (with
 * DATABASE_CLIENT=postgres and DATABASE_HOST/PORT/USERNAME/PASSWORD, as .ci/run gives; in CI without
 * them the leg fails rather than skips). `npm run test:install`; not part of `npm test` (minutes of npm).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client as PgClient } from 'pg';

import { startSandbox, type Sandbox } from '../sandbox';
import { listedIn } from '../helpers/catalog';
import { launchBrowser, login, screenshot, SCREENSHOT_DIR, visit, waitForText } from '../browser/lib/admin';
import { createApp, enablePlugin, packPlugin, run, ownerEnv, startApp, useNode, type Language, type PostgresConnection, type RunningApp } from './host-app';

const EMAIL = 'owner@example.com';
const PASSWORD = 'Install-Passw0rd';
const STEP_MS = 1_800_000;

const postgresServer =
  process.env.DATABASE_CLIENT === 'postgres'
    ? {
        host: process.env.DATABASE_HOST ?? '127.0.0.1',
        port: Number(process.env.DATABASE_PORT ?? 5432),
        username: process.env.DATABASE_USERNAME ?? 'postgres',
        password: process.env.DATABASE_PASSWORD ?? '',
      }
    : undefined;

const pgAdmin = () =>
  new PgClient({
    host: postgresServer!.host,
    port: postgresServer!.port,
    user: postgresServer!.username,
    password: postgresServer!.password,
    database: 'postgres',
  });
const pgQuery = async (sql: string) => {
  const client = pgAdmin();
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

let tarball: string;
let packDir: string;

beforeAll(async () => {
  packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-install-pack-'));
  tarball = await packPlugin(packDir);
}, 300_000);

afterAll(() => {
  if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
});

const timings: Record<string, number> = {};
const timed = async <T extends { ms: number }>(label: string, step: Promise<T>): Promise<T> => {
  const result = await step;
  timings[label] = result.ms;
  return result;
};
afterAll(() => {
  console.log(
    `install test timings (s): ${Object.entries(timings)
      .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(0)}`)
      .join(', ')}`
  );
});

interface Leg {
  name: string;
  language: Language;
  database: 'sqlite' | 'postgres';
  /** Node.js major from the registry, or null for the machine's (20): `engines` says both. */
  node: string | null;
}

const LEGS: Leg[] = [
  { name: "a TypeScript app on SQLite (the machine's Node.js)", language: 'ts', database: 'sqlite', node: null },
  { name: 'a JavaScript app on PostgreSQL (Node.js 22)', language: 'js', database: 'postgres', node: '22' },
];

describe.each(LEGS)('the packed plugin in $name', (leg) => {
  const unconfigured = leg.database === 'postgres' && !postgresServer;
  if (unconfigured && process.env.CI !== 'true') {
    it.skip(`needs DATABASE_CLIENT=postgres and a server (DATABASE_HOST, DATABASE_PORT, ...)`, () => undefined);
    return;
  }

  let dir: string;
  let appDir: string;
  let installOutput: string;
  let sandbox: Sandbox;
  let app: RunningApp;
  let adminToken: string;
  let databaseName: string | undefined;
  let nodeVersion: string;
  const tag = `${leg.language}-${leg.database}`;
  const shots = path.join(SCREENSHOT_DIR, 'install', tag);

  const adminApi = async <T>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${app.url}${urlPath}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const readApi = async (urlPath: string, token?: string) => {
    const res = await fetch(`${app.url}/api/bigcommerce${urlPath}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return {
      status: res.status,
      body: (await res.json()) as { data: { slug: string; name: string }[] | { slug: string; name: string }; meta?: { pagination: { total: number } } },
    };
  };
  /** The products BigCommerce lists for channel 1 (the one the app serves), and the ones its storefront shows (visible, not taken off by the channel's listing). */
  const channelProducts = () => [...sandbox.catalog.products.values()].filter((product) => product.channels.includes(1));
  const visibleProducts = () => listedIn(sandbox, 1);

  beforeAll(async () => {
    if (unconfigured)
      throw new Error('The PostgreSQL leg is not configured: set DATABASE_CLIENT=postgres, DATABASE_HOST, DATABASE_PORT, DATABASE_USERNAME (.ci/run does)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-install-${tag}-`));
    nodeVersion = await useNode(leg.node);
    let postgres: PostgresConnection | undefined;
    if (leg.database === 'postgres') {
      databaseName = `bc_install_${process.pid}_${Date.now().toString(36)}`;
      await pgQuery(`CREATE DATABASE ${databaseName}`);
      postgres = { ...postgresServer!, name: databaseName };
    }
    appDir = (await timed(`${tag} create-strapi`, createApp(dir, leg.language, postgres))).appDir;
    enablePlugin(appDir, leg.language);
    // The one command the README gives, no flags: npm must resolve every peer of the plugin against the app's.
    installOutput = (await timed(`${tag} npm install <tarball>`, run('npm', ['install', tarball], { cwd: appDir, timeoutMs: STEP_MS }))).output;
    await timed(`${tag} strapi build`, run('npm', ['run', 'build'], { cwd: appDir, env: ownerEnv({ NODE_ENV: 'production' }), timeoutMs: STEP_MS }));
    sandbox = await startSandbox({ products: 250, rateLimit: false });
    const started = Date.now();
    app = await startApp(appDir, {
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
    });
    timings[`${tag} strapi start`] = Date.now() - started;
    const res = await fetch(`${app.url}/admin/register-admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD, firstname: 'Site', lastname: 'Owner' }),
    });
    if (res.status !== 200) throw new Error(`register-admin -> ${res.status}: ${await res.text()}\n${app.output()}`);
    adminToken = ((await res.json()) as { data: { token: string } }).data.token;
  }, STEP_MS * 3);

  afterAll(async () => {
    await useNode(null);
    await app?.stop();
    await sandbox?.close();
    if (databaseName) await pgQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('installs with a plain npm install: no peer conflict, the plugin and its built code in node_modules', () => {
    if (leg.node) expect(nodeVersion).toMatch(new RegExp(`^v${leg.node}\\.`));
    expect(installOutput).not.toMatch(/ERESOLVE|conflicting peer|invalid peer/i);
    const installed = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', 'strapi-plugin-bigcommerce', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe((JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version);
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'strapi-plugin-bigcommerce', 'dist', 'server', 'index.js'))).toBe(true);
    // The app's package.json now depends on the tarball, as `npm install <file>` records it.
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['strapi-plugin-bigcommerce']).toMatch(/^file:/);
  });

  it('runs a full sync to the end from the admin API', async () => {
    const started = await adminApi<{ data: { id: number } }>('POST', '/bigcommerce/sync', { kind: 'full' });
    expect(started.status).toBe(202);
    const until = Date.now() + 120_000;
    let run: { status: string; created: number; failed: number };
    for (;;) {
      run = (await adminApi<{ data: { status: string; created: number; failed: number } }>('GET', `/bigcommerce/sync/runs/${started.body.data.id}`)).body.data;
      if (!['queued', 'running'].includes(run.status) || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(run).toMatchObject({ status: 'succeeded', failed: 0, created: channelProducts().length });
  });

  it('answers the storefront read API anonymously (the Public role is granted on first start)', async () => {
    const list = await readApi('/products?pageSize=100&sort=name:asc');
    expect(list.status).toBe(200);
    expect(list.body.meta?.pagination.total).toBe(visibleProducts().length);
    const [first] = list.body.data as { slug: string; name: string }[];
    const one = await readApi(`/products/${encodeURIComponent(first.slug)}`);
    expect(one.status).toBe(200);
    expect((one.body.data as { name: string }).name).toBe(first.name);
    expect((await readApi('/categories')).status).toBe(200);
    expect((await readApi('/brands')).status).toBe(200);
  });

  it.each(['full-access', 'read-only'])('reads the catalog with a %s API token made in the admin', async (type) => {
    const created = await adminApi<{ data: { accessKey: string } }>('POST', '/admin/api-tokens', {
      name: `install ${type}`,
      description: '',
      type,
      lifespan: null,
    });
    expect(created.status).toBe(201);
    const { accessKey } = created.body.data;
    for (const route of ['/products?pageSize=5', '/categories', '/brands']) {
      const res = await readApi(route, accessKey);
      expect({ route, status: res.status }).toEqual({ route, status: 200 });
    }
    expect((await readApi('/products?pageSize=5', accessKey)).body.meta?.pagination.total).toBe(visibleProducts().length);
    // A token Strapi did not issue is refused, not read as anonymous.
    expect((await readApi('/products', `${accessKey.slice(0, -4)}xxxx`)).status).toBe(401);
  });

  it('loads the admin pages in headless Chromium: every BigCommerce settings panel and the product panel', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.browser.newPage();
      await login(page, app.url, EMAIL, PASSWORD);
      await visit(page, app.url, '/settings/bigcommerce/connection', 'BigCommerce connection');
      // The panel reaches the store through the server: the sandbox's name comes back.
      await page.locator('::-p-aria([name="Test connection"][role="button"])').click();
      await waitForText(page, 'Sandbox Store');
      await screenshot(page, '1-connection', shots);
      await visit(page, app.url, '/settings/bigcommerce/channels', 'Channels & sites');
      await screenshot(page, '2-channels', shots);
      await visit(page, app.url, '/settings/bigcommerce/sync', 'Catalog sync');
      await waitForText(page, /succeeded/i);
      await screenshot(page, '3-sync', shots);
      await visit(page, app.url, '/settings/bigcommerce/webhooks', 'BigCommerce webhooks');
      await screenshot(page, '4-webhooks', shots);
      await visit(page, app.url, '/settings/bigcommerce/redirects', 'Redirects');
      await screenshot(page, '5-redirects', shots);
      // A synced product in the Content Manager carries the plugin's side panel.
      const cm = await adminApi<{ results: { documentId: string; name: string }[] }>(
        'GET',
        '/content-manager/collection-types/plugin::bigcommerce.product?page=1&pageSize=1'
      );
      const [product] = cm.body.results;
      await visit(page, app.url, `/content-manager/collection-types/plugin::bigcommerce.product/${product.documentId}`);
      await waitForText(page, product.name);
      await waitForText(page, 'Open in BigCommerce');
      await screenshot(page, '6-product', shots);
    } finally {
      await browser.close();
    }
  });
});
