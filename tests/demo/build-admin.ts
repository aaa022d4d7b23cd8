import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { APP_DIR } from '../helpers/strapi';
import { decideRebuild, hashTree, readStamp, writeStamp, type Decision, type Stamp } from './freshness';

/**
 * Builds the plugin (dist/) and the host app's admin panel (tests/app/build) for the demo and the browser
 * tests, each only when its inputs' content changed since the last build (see freshness.ts).
 * `strapi build` would find the repository's root tsconfig.json by walking up from tests/app and take
 * the JS host app for a TypeScript one, so we call the same build function without a tsconfig.
 */
type BuildFn = (options: Record<string, unknown>) => Promise<void>;

const ROOT = path.resolve(APP_DIR, '..', '..');
const strapiDist = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'dist', 'src');

export const pluginDistDir = path.join(ROOT, 'dist');
export const adminBuildDir = path.join(APP_DIR, 'build');

const STAMP = '.demo-build.json';
// Not inside dist/: that is what `npm pack` ships.
const pluginStampFile = path.join(APP_DIR, '.tmp', 'demo-plugin-build.json');
const adminStampFile = path.join(adminBuildDir, STAMP);
const notStamp = (file: string) => path.basename(file) === STAMP;

/** What `strapi-plugin build` reads: sources, entry points, tsconfigs, and the locked tool versions. */
const pluginStamp = (): Stamp => ({
  inputs: hashTree(ROOT, [
    'server/src',
    'admin/src',
    'strapi-server.ts',
    'strapi-admin.ts',
    'package.json',
    'package-lock.json',
    'server/tsconfig.json',
    'server/tsconfig.build.json',
    'admin/tsconfig.json',
    'admin/tsconfig.build.json',
  ]),
  output: hashTree(ROOT, ['dist'], notStamp),
});

/**
 * The admin is always bundled for production, as the demo serves it: a bundle made under jest's NODE_ENV=test
 * renders otherwise (the content manager's edit view, for one, puts every field on a full-width row).
 */
const ADMIN_NODE_ENV = 'production';

/** What the admin bundle is made of: the plugin's built admin, the host app's config and code, Strapi's version, the mode. */
const adminStamp = (): Stamp => ({
  inputs: `${hashTree(ROOT, ['dist/admin', 'tests/app/config', 'tests/app/src', 'tests/app/package.json', 'package-lock.json'])} NODE_ENV=${ADMIN_NODE_ENV}`,
  output: hashTree(ROOT, ['tests/app/build'], notStamp),
});

export const pluginBuildDecision = (): Decision => decideRebuild(readStamp(pluginStampFile), pluginStamp());
export const adminBuildDecision = (): Decision => decideRebuild(readStamp(adminStampFile), adminStamp());

/** True when the admin bundle must be (re)built: missing, or made from other files than those there now. */
export const adminBuildIsStale = (): boolean => adminBuildDecision().rebuild;

/** `npm run build` in a child process that can be stopped (execFileSync would block our signal handlers). */
export const buildPlugin = (onChild?: (child: ReturnType<typeof spawn>) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    onChild?.(child);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`npm run build ended with ${signal ?? `exit code ${code}`}`));
      writeStamp(pluginStampFile, pluginStamp());
      resolve();
    });
  });

export const buildAdmin = async (): Promise<void> => {
  // Strapi's build internals are not in its package exports: loaded by path, as plain CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(strapiDist, 'node', 'build.js')) as { build: BuildFn };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLogger } = require(path.join(strapiDist, 'cli', 'utils', 'logger.js')) as {
    createLogger: (options: Record<string, unknown>) => unknown;
  };
  process.env.NODE_ENV = ADMIN_NODE_ENV;
  const cwd = process.cwd();
  // Vite resolves the generated entry (.strapi/client/app.js) from the process's directory.
  process.chdir(APP_DIR);
  try {
    await build({
      cwd: APP_DIR,
      logger: createLogger({ debug: false, silent: false, timestamp: false }),
      tsconfig: undefined,
      minify: true,
      sourcemaps: false,
      stats: false,
    });
  } finally {
    process.chdir(cwd);
  }
  fs.mkdirSync(adminBuildDir, { recursive: true });
  writeStamp(adminStampFile, adminStamp());
};

if (require.main === module) {
  buildAdmin().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
