// PostgreSQL for a bench: DATABASE_* when DATABASE_CLIENT=postgres says so, else a throwaway cluster the
// way .ci/run starts one (Debian's packages under /usr/lib/postgresql), stopped and removed after.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

interface Postgres {
  env: Record<string, string>;
  stop(): void;
}

const DATABASE_ENV = ['DATABASE_CLIENT', 'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_USERNAME'];

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** A server to use, or why there is none. */
const startPostgres = async (log: (line: string) => void): Promise<Postgres | string> => {
  if (process.env.DATABASE_CLIENT === 'postgres') return { env: { DATABASE_CLIENT: 'postgres' }, stop: () => undefined };
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions
    .map((v) => path.join(root, v, 'bin'))
    .filter((dir) => fs.existsSync(path.join(dir, 'postgres')))
    .pop();
  if (!bin) return 'no DATABASE_CLIENT=postgres and no PostgreSQL under /usr/lib/postgresql (.ci/run installs it)';
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' }) : execFileSync(file, args, { stdio: 'pipe' });
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-pg.'));
  const port = await freePort();
  try {
    if (asRoot) execFileSync('chown', ['postgres:postgres', data]);
    log(`  PostgreSQL: initdb + pg_ctl start (${bin}, port ${port})`);
    run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres']);
    run(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      path.join(data, 'server.log'),
      '-w',
      'start',
    ]);
  } catch (error) {
    fs.rmSync(data, { recursive: true, force: true });
    return `could not start PostgreSQL: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(port), DATABASE_USERNAME: 'postgres' },
    stop: () => {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop']);
      } finally {
        fs.rmSync(data, { recursive: true, force: true });
      }
    },
  };
};

/**
 * Runs `work` with DATABASE_* naming `database` (SQLite: DATABASE_CLIENT unset; PostgreSQL: the one
 * DATABASE_* names, else a throwaway cluster started for it), and puts DATABASE_* back after. Answers
 * why it did not run when PostgreSQL cannot be had.
 */
export const onDatabase = async <T>(
  database: 'sqlite' | 'postgres',
  log: (line: string) => void,
  work: () => Promise<T>
): Promise<{ result: T } | { skipped: string }> => {
  const previous = Object.fromEntries(DATABASE_ENV.map((key) => [key, process.env[key]]));
  let pg: Postgres | undefined;
  if (database === 'postgres') {
    const started = await startPostgres(log);
    if (typeof started === 'string') return { skipped: started };
    pg = started;
    Object.assign(process.env, pg.env);
  } else delete process.env.DATABASE_CLIENT;
  try {
    return { result: await work() };
  } finally {
    for (const key of DATABASE_ENV) {
      if (previous[key] === undefined) delete process.env[key];
      else process.env[key] = previous[key];
    }
    pg?.stop();
  }
};
