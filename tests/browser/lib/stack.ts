import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { adminBuildIsStale } from '../../demo/build-admin';
import { startDemoStack, type DemoStack } from '../../demo/stack';

/**
 * The demo stack for a browser test, on free ports and a database of its own: the admin is built first when
 * stale — in a child process, as Vite needs real dynamic imports, which jest's sandbox lacks.
 */
export const startBrowserStack = async (options: { products: number; email: string; password: string }): Promise<DemoStack> => {
  if (adminBuildIsStale()) execFileSync('npx', ['tsx', path.join(__dirname, '..', '..', 'demo', 'build-admin.ts')], { stdio: 'inherit' });
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-browser-'));
  try {
    return await startDemoStack({ port: 0, sandboxPort: 0, database: path.join(dir, 'demo.db'), logLevel: 'warn', ...options });
  } finally {
    process.chdir(cwd); // the stack runs Strapi from the host app's directory
  }
};
