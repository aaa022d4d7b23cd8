import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog, strapiCatalog } from '../helpers/catalog';
import { bootStrapi, createDatabase, sandboxEnv, type TestDatabase } from '../helpers/strapi';

const ROOT = path.resolve(__dirname, '..', '..');

describe('a sync killed mid-run (kill -9)', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;

  beforeAll(async () => {
    // Slow enough that the child is killed well inside the product pages.
    sandbox = await startSandbox({ products: 3000, seed: 11, rateLimit: false, faults: { latencyMs: 250 } });
    database = await createDatabase();
  });

  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
  });

  const env = () => ({
    ...sandboxEnv(sandbox),
    BIGCOMMERCE_SYNC_LEASE_MS: '1500',
  });

  it('is resumed from its checkpoint by the next run, which ends with the catalog complete', async () => {
    // tsx as a loader in the same process (its CLI would fork a grandchild that SIGKILL misses).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'sync-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env(), ...database.env, CHILD_DATABASE: JSON.stringify(database.env), STRAPI_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killedAt = await new Promise<{ id: number; done: number }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the child ended on its own (exit ${code}) before it was killed`)));
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('progress ')) return;
        const progress = JSON.parse(line.slice('progress '.length)) as { id: number; done: number };
        // Progress is recorded about once a second: the first record past zero is mid-run here.
        if (progress.done > 0) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          resolve(progress);
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    const app = await bootStrapi({ env: env(), database });
    try {
      const runs = app.strapi.db.query('plugin::bigcommerce.sync-run');
      const dead = await runs.findOne({ where: { id: killedAt.id } });
      expect(dead).toMatchObject({ status: 'running' });
      expect(dead.checkpoint.lastProductId).toBeGreaterThan(0);
      const written = await app.strapi.db.query('plugin::bigcommerce.product').count();
      expect(written).toBeGreaterThanOrEqual(killedAt.done);

      // The dead node's lease runs out; then a new run takes over where it stopped.
      await new Promise((resolve) => setTimeout(resolve, 1600));
      sandbox.setFaults({});
      sandbox.resetStats();
      const service = app.strapi.plugin('bigcommerce').service('sync');
      const resumed = await service.start({ kind: 'incremental', trigger: 'manual' });
      expect(resumed).toMatchObject({ kind: 'full', trigger: 'resume', resumedFrom: killedAt.id });
      const finished = await service.waitForIdle();
      expect(finished).toMatchObject({ status: 'succeeded', failed: 0 });
      // It read only the pages after the checkpoint.
      expect(finished.done).toBeLessThan(finished.total + killedAt.done);
      expect(finished.done).toBe(finished.total);
      expect((await runs.findOne({ where: { id: killedAt.id } })).status).toBe('interrupted');

      const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
      expect(actual.size).toBe(expected.size);
      // The resumed run read the products after the checkpoint, not the whole channel again.
      expect(finished.total).toBeLessThan(expected.size);
      for (const [id, product] of expected) expect(actual.get(id)).toEqual(product);
    } finally {
      await app.close();
    }
  });
});
