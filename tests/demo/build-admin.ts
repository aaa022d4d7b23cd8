import fs from 'node:fs';
import path from 'node:path';

import { APP_DIR } from '../helpers/strapi';

/**
 * Builds the host app's admin panel (with the plugin's pages) into tests/app/build.
 * `strapi build` would find the repository's root tsconfig.json by walking up from tests/app and take
 * the JS host app for a TypeScript one, so we call the same build function without a tsconfig.
 */
type BuildFn = (options: Record<string, unknown>) => Promise<void>;

const strapiDist = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'dist', 'src');

export const adminBuildDir = path.join(APP_DIR, 'build');

export const buildAdmin = async (): Promise<void> => {
  const { build } = require(path.join(strapiDist, 'node', 'build.js')) as { build: BuildFn };
  const { createLogger } = require(path.join(strapiDist, 'cli', 'utils', 'logger.js')) as {
    createLogger: (options: Record<string, unknown>) => unknown;
  };
  process.env.NODE_ENV = process.env.NODE_ENV ?? 'production';
  // Vite resolves the generated entry (.strapi/client/app.js) from the process's directory.
  process.chdir(APP_DIR);
  await build({ cwd: APP_DIR, logger: createLogger({ debug: false, silent: false, timestamp: false }), tsconfig: undefined, minify: true, sourcemaps: false, stats: false });
};

/** True when the admin bundle is older than the plugin's built admin (dist/admin, what it bundles) or missing. */
export const adminBuildIsStale = (): boolean => {
  const index = path.join(adminBuildDir, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
  return newest(path.resolve(APP_DIR, '..', '..', 'dist', 'admin')) > built;
};

if (require.main === module) {
  buildAdmin().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
