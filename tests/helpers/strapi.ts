import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createStrapi, type Core } from '@strapi/strapi';
import { Client as PgClient } from 'pg';
import request from 'supertest';

export const APP_DIR = path.resolve(__dirname, '..', 'app');

export interface TestApp {
  strapi: Core.Strapi;
  /** supertest bound to the booted HTTP server. */
  http: () => ReturnType<typeof request>;
  /** Database client in use: `sqlite` by default, `postgres` when DATABASE_CLIENT says so. */
  client: 'sqlite' | 'postgres';
  /** `http://127.0.0.1:<port>` when booted with `listen`. */
  url: string | null;
  close: () => Promise<void>;
}

export interface BootOptions {
  /** Environment for this boot (BIGCOMMERCE_* and the like); restored on close. */
  env?: Record<string, string | undefined>;
  /** An existing database (from `createDatabase`) to boot on; it is kept on close. */
  database?: TestDatabase;
  /** Listen on an ephemeral loopback port, for callers outside the process (webhook deliveries). */
  listen?: boolean;
}

/** The connection to a sandbox store (or the bench's sandbox process): store hash, API token, API URL. */
export const sandboxEnv = (sandbox: { storeHash: string; accessToken: string; url: string }) => ({
  BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
  BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
  BIGCOMMERCE_API_URL: sandbox.url,
});

export interface TestDatabase {
  env: Record<string, string>;
  drop: () => Promise<void>;
}

const withEnv = (env: Record<string, string | undefined>): (() => void) => {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
};

/** One throw-away database per boot: a temp SQLite file, or a fresh PostgreSQL database. */
export const createDatabase = async (): Promise<TestDatabase> => {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    const name = `bc_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const admin = () =>
      new PgClient({
        host: process.env.DATABASE_HOST ?? '127.0.0.1',
        port: Number(process.env.DATABASE_PORT ?? 5432),
        user: process.env.DATABASE_USERNAME ?? 'postgres',
        password: process.env.DATABASE_PASSWORD ?? '',
        database: 'postgres',
      });
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    return {
      env: { DATABASE_NAME: name },
      drop: async () => {
        const c = admin();
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-strapi-'));
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
};

/**
 * Boots the host app (tests/app) with the built plugin (dist/) in this process, on a fresh database.
 * Nothing listens on a fixed port: supertest binds the server to an ephemeral one.
 */
export const bootStrapi = async (options: BootOptions = {}): Promise<TestApp> => {
  if (!fs.existsSync(path.resolve(APP_DIR, '..', '..', 'dist', 'server', 'index.js'))) {
    throw new Error('The plugin is not built: run `npm run build` first (npm test does it)');
  }
  const database = options.database ? { env: options.database.env, drop: async () => undefined } : await createDatabase();
  const restoreEnv = withEnv({
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
    ...database.env,
    ...options.env,
  });
  let strapi: Core.Strapi;
  try {
    strapi = await createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: false }).load();
    await strapi.server.mount();
    if (options.listen) {
      await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    }
  } catch (error) {
    restoreEnv();
    await database.drop();
    throw error;
  }
  return {
    strapi,
    http: () => request(strapi.server.httpServer),
    client: process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite',
    url: options.listen ? `http://127.0.0.1:${(strapi.server.httpServer.address() as { port: number }).port}` : null,
    close: async () => {
      await strapi.destroy();
      restoreEnv();
      await database.drop();
    },
  };
};

export interface AdminSession {
  token: string;
  email: string;
}

/** Registers the first super admin through the real route and returns its JWT. */
export const registerSuperAdmin = async (app: TestApp): Promise<AdminSession> => {
  const email = 'admin@example.com';
  const password = 'Admin-Passw0rd';
  const response = await app.http().post('/admin/register-admin').send({ email, password, firstname: 'Ada', lastname: 'Admin' }).expect(200);
  return { token: response.body.data.token as string, email };
};

/** An admin whose role has no permission of this plugin: for the 403 cases. */
export const createPlainAdmin = (app: TestApp): Promise<AdminSession> =>
  createAdminWithActions(app, { email: 'editor@example.com', role: 'No BigCommerce', actions: [] });

/** The password of the admins createAdminWithActions makes (for signing them in elsewhere, e.g. a browser). */
export const EDITOR_PASSWORD = 'Editor-Passw0rd';

/**
 * An admin whose role holds exactly these actions (e.g. a panel's read action but not its change
 * action), signed in through the real login route.
 */
export const createAdminWithActions = async (
  app: Pick<TestApp, 'strapi' | 'http'>,
  { email, role: name, actions }: { email: string; role: string; actions: string[] }
): Promise<AdminSession> => {
  const roleService = app.strapi.service('admin::role') as unknown as {
    create(input: { name: string; description: string }): Promise<{ id: number }>;
    assignPermissions(roleId: number, permissions: Array<{ action: string; subject: null; properties: object; conditions: string[] }>): Promise<unknown>;
  };
  const userService = app.strapi.service('admin::user') as unknown as {
    create(input: Record<string, unknown>): Promise<{ id: number }>;
  };
  const role = await roleService.create({ name, description: actions.length ? `Only ${actions.join(', ')}` : 'Editors without plugin permissions' });
  if (actions.length)
    await roleService.assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
    );
  const password = EDITOR_PASSWORD;
  await userService.create({ email, firstname: 'Eddie', lastname: 'Editor', password, isActive: true, roles: [role.id], registrationToken: null });
  const response = await app.http().post('/admin/login').send({ email, password }).expect(200);
  return { token: response.body.data.token as string, email };
};

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A call to the booted app by HTTP method, signed in as `session` when given. */
export const callAs = (app: TestApp, method: HttpMethod, path: string, session?: AdminSession) => {
  const req = app.http()[method.toLowerCase() as Lowercase<HttpMethod>](path);
  return session ? req.set({ Authorization: `Bearer ${session.token}` }) : req;
};

/** An admin route answers 401 without a token and 403 (the permission policy) to an admin lacking its action. */
export const expectAdminGuarded = async (app: TestApp, method: HttpMethod, path: string, lacking: AdminSession): Promise<void> => {
  const anonymous = await callAs(app, method, path).send({});
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError' });
  const forbidden = await callAs(app, method, path, lacking).send({});
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.error).toMatchObject({ status: 403, name: 'PolicyError' });
};
