import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog, strapiCatalog } from '../helpers/catalog';
import { spawnNode } from '../helpers/node-process';
import { bootStrapi, createDatabase, sandboxEnv, type TestDatabase } from '../helpers/strapi';

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
    BIGCOMMERCE_SYNC_LEASE_MS: '60000',
  });

  it('is resumed from its checkpoint by the next run, which ends with the catalog complete', async () => {
    const node = await spawnNode({ database, env: env() });
    const started = await node.ask<{ id?: number; refused?: number; message?: string }>('sync full');
    if (started.id === undefined) throw new Error(`the node refused the sync: ${started.refused} ${started.message}`);
    // Progress is recorded about once a second: the first record past zero is mid-run here.
    const killedAt = await node.progressWhere((progress) => progress.done > 0);
    await node.kill9();
    expect(node.child.signalCode).toBe('SIGKILL');

    // The same node restarted takes its run back at boot, without waiting for the dead life's lease (60 s here).
    sandbox.setFaults({});
    sandbox.resetStats();
    const app = await bootStrapi({ env: env(), database });
    try {
      const runs = app.strapi.db.query('plugin::bigcommerce.sync-run');
      let resumed: { id: number } | null = null;
      for (let k = 0; k < 100 && !resumed; k++) {
        resumed = await runs.findOne({ where: { resumedFrom: killedAt.id } });
        if (!resumed) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(resumed).toMatchObject({ kind: 'full', trigger: 'resume', resumedFrom: killedAt.id });
      const finished = await app.strapi.plugin('bigcommerce').service('sync').waitForIdle();
      expect(finished).toMatchObject({ status: 'succeeded', failed: 0 });
      const dead = await runs.findOne({ where: { id: killedAt.id } });
      expect(dead).toMatchObject({ status: 'interrupted' });
      expect(dead.checkpoint.lastProductId).toBeGreaterThan(0);
      // It read only the pages after the checkpoint.
      expect(finished.done).toBeLessThan(finished.total + killedAt.done);
      expect(finished.done).toBe(finished.total);
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

describe('a sync that failed or was cancelled', () => {
  let sandbox: Sandbox;
  let app: Awaited<ReturnType<typeof bootStrapi>>;

  beforeAll(async () => {
    // Slow pages, so that a fault or a cancel lands inside the product pages.
    sandbox = await startSandbox({ products: 2500, seed: 12, rateLimit: false, faults: { latencyMs: 300 } });
    app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_RETRIES: '1' } });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  /** Resolves once the run has recorded products read (progress is written about once a second). */
  const midRun = async (id: number): Promise<void> => {
    const runs = app.strapi.db.query('plugin::bigcommerce.sync-run');
    for (;;) {
      const run = await runs.findOne({ where: { id } });
      if (run.status !== 'running') throw new Error(`run #${id} ended (${run.status}) before it was stopped`);
      if (run.done > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('is continued from its checkpoint by the next run, not read again from the first page', async () => {
    const service = app.strapi.plugin('bigcommerce').service('sync');
    const first = await service.start({ kind: 'full', trigger: 'manual' });
    await midRun(first.id);
    // BigCommerce fails every request from here: the run fails past its retries.
    sandbox.setFaults({ latencyMs: 300, burst5xx: 100_000 });
    const failed = await service.waitForIdle();
    expect(failed).toMatchObject({ id: first.id, status: 'failed' });
    expect(failed.checkpoint.lastProductId).toBeGreaterThan(0);

    sandbox.setFaults({ latencyMs: 300 });
    const second = await service.start({ kind: 'full', trigger: 'manual' });
    expect(second).toMatchObject({ kind: 'full', trigger: 'resume', resumedFrom: first.id });
    await midRun(second.id);
    await service.cancel(second.id);
    const cancelled = await service.waitForIdle();
    expect(cancelled).toMatchObject({ id: second.id, status: 'cancelled' });
    expect(cancelled.checkpoint.lastProductId).toBeGreaterThan(failed.checkpoint.lastProductId);

    sandbox.setFaults({});
    const third = await service.start({ kind: 'incremental', trigger: 'manual' });
    expect(third).toMatchObject({ kind: 'full', trigger: 'resume', resumedFrom: second.id });
    const finished = await service.waitForIdle();
    expect(finished).toMatchObject({ status: 'succeeded', failed: 0 });
    const [expected, actual] = await Promise.all([sandboxCatalog(sandbox), strapiCatalog(app.strapi)]);
    // It read only the products after the cancelled run's checkpoint.
    expect(finished.total).toBeLessThan(expected.size);
    expect(finished.total).toBe(expected.size - [...expected.keys()].filter((id) => id <= cancelled.checkpoint.lastProductId).length);
    expect(actual.size).toBe(expected.size);
    for (const [id, product] of expected) expect(actual.get(id)).toEqual(product);

    // A run that succeeded is not continued again: the next one starts afresh.
    const fourth = await service.start({ kind: 'full', trigger: 'manual' });
    expect(fourth).toMatchObject({ trigger: 'manual', resumedFrom: null });
    await service.waitForIdle();
  });

  it('rides out a storm of 429s mid-run: waiting for the window spends no retries (BIGCOMMERCE_RETRIES is 1 here)', async () => {
    const service = app.strapi.plugin('bigcommerce').service('sync');
    sandbox.setFaults({ latencyMs: 300 });
    const run = await service.start({ kind: 'full', trigger: 'manual' });
    await midRun(run.id);
    sandbox.setFaults({ storm429: 40 });
    const finished = await service.waitForIdle();
    expect(finished).toMatchObject({ id: run.id, status: 'succeeded', failed: 0 });
    expect(sandbox.stats().throttled).toBeGreaterThanOrEqual(40);
  });
});
