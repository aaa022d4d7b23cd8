/**
 * Scenarios with Strapi nodes as processes: kill -9 at several points of a full sync and during a webhook
 * burst, then recovery by the restarted node; two nodes on one PostgreSQL behind a balancer.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { bootStrapi, createDatabase, sandboxEnv, type TestApp, type TestDatabase } from '../../helpers/strapi';
import { recordFigures } from '../lib/figures';
import { createProduct, oracle, oracleCell, sleep, waitFor } from '../lib/harness';
import { spawnNode, type NodeProcess, type Progress } from '../../helpers/node-process';
import { startBalancer, type Balancer } from '../lib/nodes';
import { formatDifferences } from '../lib/oracle';

const RUN = 'plugin::bigcommerce.sync-run';
const EVENT = 'plugin::bigcommerce.webhook-event';

interface RunRow {
  id: number;
  status: string;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  resumedFrom: number | null;
  node: string | null;
}

/** Changes spread over the id range: what a lost page or a lost event would show. */
export const churn = (sandbox: Sandbox, label: string, { prices, deletions, creations }: { prices: number; deletions: number; creations: number }) => {
  const ids = [...sandbox.catalog.products.keys()];
  /** `count` ids spread evenly over the range, starting at `offset`. */
  const spread = (count: number, offset: number, except: number[] = []) => {
    const step = Math.max(1, Math.floor(ids.length / Math.max(1, count)));
    return ids.filter((id, k) => k % step === offset % step && !except.includes(id)).slice(0, count);
  };
  const repriced = spread(prices, 1);
  const deleted = spread(deletions, 2, repriced);
  repriced.forEach((id, k) => sandbox.catalog.updateProduct(id, { price: 700 + k + (id % 7) / 10 }));
  deleted.forEach((id) => sandbox.catalog.deleteProduct(id));
  for (let k = 0; k < creations; k++) createProduct(sandbox, { price: 30 + k, name: `${label} ${k}` });
};

/** The run that took over `deadRunId`, once it ended (polling: it starts by itself at boot). */
const recoveredRun = async (app: TestApp, deadRunId: number, timeoutMs = 120_000): Promise<RunRow | null> => {
  let run: RunRow | null = null;
  await waitFor(
    async () => {
      run = (await app.strapi.db.query(RUN).findOne({ where: { resumedFrom: deadRunId } })) as RunRow | null;
      if (!run) return false;
      run = (await app.strapi.db.query(RUN).findOne({ where: { id: run.id } })) as RunRow;
      return run.status !== 'running';
    },
    timeoutMs,
    100
  );
  return run;
};

/** Every inbox event settled (none pending or being applied); false if that did not happen in time. */
const inboxSettled = (app: TestApp, timeoutMs = 120_000) =>
  waitFor(async () => (await app.strapi.db.query(EVENT).count({ where: { status: { $in: ['pending', 'processing'] } } })) === 0, timeoutMs, 200);

export const describeKilledSyncs = () =>
  describe('kill -9 during a full sync', () => {
    let sandbox: Sandbox;
    let database: TestDatabase;

    beforeAll(async () => {
      // Pages slow enough for the node to be caught in each phase.
      sandbox = await startSandbox({ products: 3000, seed: 21, rateLimit: false });
      database = await createDatabase();
    }, 120_000);

    afterAll(async () => {
      await sandbox?.close();
      await database?.drop();
    });

    // A minute-long lease: recovery must come from the restarted node taking its run back, not from waiting.
    const env = () => ({ ...sandboxEnv(sandbox), BIGCOMMERCE_SYNC_LEASE_MS: '60000' });

    // Progress is written at each phase change and at most once a second between: the taxonomy phase (its
    // reads go out with the channels') is too short to be seen, so the first point is before it.
    const points: { name: string; when: (progress: Progress) => boolean }[] = [
      { name: 'before the taxonomy is written', when: (p) => p.phase === 'channels' },
      { name: 'early in the product pages', when: (p) => p.phase === 'products' && p.done > 0 && p.done < p.total / 2 },
      { name: 'late in the product pages', when: (p) => p.phase === 'products' && p.total > 0 && p.done >= p.total * 0.6 },
    ];

    it.each(points.map((point, k) => [point.name, point, k] as const))(
      'killed %s: the restarted node resumes the run and the catalogs are equal',
      async (name, point, k) => {
        churn(sandbox, `Kill ${k}`, { prices: 40, deletions: 10, creations: 10 });
        sandbox.resetStats();
        sandbox.setFaults({ latencyMs: 250 });
        const node = await spawnNode({ database, env: env() });
        const started = Date.now();
        let killedAt: Progress;
        let sync: { id?: number; refused?: number; message?: string };
        try {
          sync = await node.ask<{ id?: number; refused?: number; message?: string }>('sync full');
          expect(sync).toHaveProperty('id');
          killedAt = await node.progressWhere(point.when, 60_000);
        } finally {
          await node.kill9();
        }
        const killed = Date.now();
        sandbox.setFaults({});

        const app = await bootStrapi({ env: env(), database });
        try {
          const resumed = await recoveredRun(app, sync.id!);
          const recovered = Date.now();
          const result = await oracle(app, sandbox, `killed ${name}`);
          const stats = sandbox.stats();
          recordFigures({
            scenario: `d. kill -9 ${name} (${killedAt.phase} ${killedAt.done}/${killedAt.total})`,
            wallMs: recovered - started,
            requests: stats.requests,
            throttled: stats.throttled,
            faulted: stats.faulted,
            runs: `killed → ${resumed?.status ?? 'not resumed'}`,
            recoverMs: recovered - killed,
            oracle: oracleCell(result),
          });
          expect(resumed).toMatchObject({ status: 'succeeded', kind: 'full' });
          expect(formatDifferences(result)).toBe('catalogs equal');
        } finally {
          await app.close();
        }
      },
      240_000
    );
  });

export const describeKilledWebhookBurst = () =>
  describe('kill -9 during a webhook burst', () => {
    let sandbox: Sandbox;
    let database: TestDatabase;
    let balancer: Balancer;

    beforeAll(async () => {
      // BigCommerce retries a failed delivery for hours; the sandbox, for about a minute here.
      sandbox = await startSandbox({ products: 400, seed: 22, rateLimit: false, webhooks: { retries: 8, backoffMs: 400, deactivateAfter: 0 } });
      database = await createDatabase();
      balancer = await startBalancer();
    }, 120_000);

    afterAll(async () => {
      await balancer?.close();
      await sandbox?.close();
      await database?.drop();
    });

    it('the restarted node applies what the dead one held and what BigCommerce re-sent: the catalogs are equal', async () => {
      const env = { ...sandboxEnv(sandbox), BIGCOMMERCE_WEBHOOK_URL: `${balancer.url}/api/bigcommerce/webhooks` };
      const node = await spawnNode({ database, env });
      balancer.route([node.url]);
      expect(await node.ask('sync full')).toHaveProperty('id');
      expect(await node.ask('idle')).toMatchObject({ status: 'succeeded' });
      expect(await waitFor(async () => [...sandbox.catalog.hooks.values()].some((hook) => hook.is_active), 30_000)).toBe(true);

      sandbox.resetStats();
      const since = sandbox.deliveries().length;
      const burst = () => sandbox.deliveries().slice(since);
      const started = Date.now();
      churn(sandbox, 'Burst', { prices: 250, deletions: 25, creations: 25 });
      // Killed once a third of the burst is in its inbox: some events applied, some claimed, some not yet sent.
      const delivered = await waitFor(async () => burst().filter((d) => d.ok).length >= 100, 60_000, 5);
      if (!delivered) {
        const tally = new Map<string, number>();
        for (const d of burst()) tally.set(`${d.status ?? d.error}`, (tally.get(`${d.status ?? d.error}`) ?? 0) + 1);
        process.stderr.write(
          `[reliability] burst deliveries by answer: ${JSON.stringify([...tally])}, hooks: ${JSON.stringify([...sandbox.catalog.hooks.values()].map((h) => [h.scope, h.is_active]))}\n`
        );
      }
      expect(delivered).toBe(true);
      await node.kill9();
      const killed = Date.now();
      balancer.route([]);

      const app = await bootStrapi({ env, database, listen: true });
      try {
        balancer.route([app.url!]);
        await sandbox.flushWebhooks();
        expect(await inboxSettled(app)).toBe(true);
        const recovered = Date.now();
        const result = await oracle(app, sandbox, 'kill -9 during a webhook burst');
        const events = await app.strapi.db.query(EVENT).count({ where: { status: 'done' } });
        const lost = burst().filter((d) => !d.ok).length;
        recordFigures({
          scenario: `e. kill -9 in a webhook burst (${events} events, ${lost} deliveries re-sent)`,
          wallMs: recovered - started,
          requests: sandbox.stats().requests,
          throttled: 0,
          faulted: 0,
          runs: '-',
          recoverMs: recovered - killed,
          oracle: oracleCell(result),
        });
        expect(formatDifferences(result)).toBe('catalogs equal');
      } finally {
        await app.close();
      }
    }, 240_000);
  });

/** Two nodes on one database: PostgreSQL only (SQLite is one process's database). */
export const describeTwoNodes = () =>
  (process.env.DATABASE_CLIENT === 'postgres' ? describe : describe.skip)('two Strapi processes on one PostgreSQL', () => {
    let sandbox: Sandbox;
    let database: TestDatabase;
    let balancer: Balancer;
    let a: TestApp;
    let b: NodeProcess;

    beforeAll(async () => {
      sandbox = await startSandbox({ products: 1500, seed: 23, rateLimit: false });
      database = await createDatabase();
      balancer = await startBalancer();
      const env = (id: string) => ({
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_NODE_ID: id,
        BIGCOMMERCE_WEBHOOK_URL: `${balancer.url}/api/bigcommerce/webhooks`,
        DATABASE_POOL_MAX: '6',
      });
      // Booted at the same time, as a deploy starts its nodes.
      [a, b] = await Promise.all([bootStrapi({ env: env('node-a'), database, listen: true }), spawnNode({ database, env: env('node-b') })]);
      balancer.route([a.url!, b.url]);
    }, 180_000);

    afterAll(async () => {
      await b?.stop();
      await a?.close();
      await balancer?.close();
      await sandbox?.close();
      await database?.drop();
    });

    const syncOnBoth = async (kind: 'full' | 'incremental') => {
      const [onA, onB] = await Promise.all([
        a.strapi
          .plugin('bigcommerce')
          .service('sync')
          .start({ kind, trigger: 'api' })
          .then(
            (run: { id: number }) => ({ id: run.id }),
            (error: { status?: number }) => ({ refused: error.status ?? 500 })
          ),
        b.ask<{ id?: number; refused?: number }>(`sync ${kind}`),
      ]);
      return [onA, onB] as { id?: number; refused?: number }[];
    };

    const idle = async () => {
      await Promise.all([a.strapi.plugin('bigcommerce').service('sync').waitForIdle(), b.ask('idle')]);
    };

    it('syncs and webhooks: one run at a time, each event applied once, the catalogs equal', async () => {
      expect(await waitFor(async () => [...sandbox.catalog.hooks.values()].some((hook) => hook.is_active), 30_000)).toBe(true);
      const started = Date.now();
      sandbox.resetStats();
      sandbox.setFaults({ latencyMs: 150 });

      const full = await syncOnBoth('full');
      // One node runs it; the other is told a run is going (409).
      expect(full.filter((answer) => answer.id).length).toBe(1);
      expect(full.filter((answer) => answer.refused === 409).length).toBe(1);
      // While it reads, the store changes: the events go to both nodes in turn.
      await sleep(1000);
      churn(sandbox, 'Two nodes', { prices: 120, deletions: 15, creations: 15 });
      await idle();
      sandbox.setFaults({});
      const incremental = await syncOnBoth('incremental');
      expect(incremental.filter((answer) => answer.id).length).toBe(1);
      await idle();
      await sandbox.flushWebhooks();
      expect(await inboxSettled(a)).toBe(true);

      const runs = (await a.strapi.db.query(RUN).findMany({ orderBy: { id: 'asc' } })) as RunRow[];
      // Never two at once: each run started after the one before it ended.
      for (let k = 1; k < runs.length; k++) expect(Date.parse(runs[k].startedAt)).toBeGreaterThanOrEqual(Date.parse(runs[k - 1].finishedAt ?? ''));
      expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);

      // Each event once: what the two workers applied (or found covered by a read) adds up to the events done.
      const done = await a.strapi.db.query(EVENT).count({ where: { status: 'done' } });
      const statsA = a.strapi.plugin('bigcommerce').service('webhook-worker').stats() as { applied: number; covered: number };
      const statsB = await b.ask<{ applied: number; covered: number }>('stats');
      const failed = await a.strapi.db.query(EVENT).count({ where: { status: { $in: ['failed', 'dead'] } } });
      expect(failed).toBe(0);
      expect(statsA.applied + statsA.covered + statsB.applied + statsB.covered).toBe(done);
      expect(done).toBeGreaterThan(100);

      const result = await oracle(a, sandbox, 'two nodes');
      const deliveries = balancer.counts();
      recordFigures({
        scenario: `f. two nodes (${done} events: ${statsA.applied + statsA.covered} on a, ${statsB.applied + statsB.covered} on b; ${[...deliveries.values()].join('/')} deliveries)`,
        wallMs: Date.now() - started,
        requests: sandbox.stats().requests,
        throttled: 0,
        faulted: 0,
        runs: runs.map((run) => `${run.kind} ${run.status} on ${run.node}`).join(' → '),
        recoverMs: null,
        oracle: oracleCell(result),
      });
      expect(formatDifferences(result)).toBe('catalogs equal');
    }, 300_000);
  });
