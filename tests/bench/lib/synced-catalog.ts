// A running Strapi (listening on a loopback port) over a fully synced catalog: the starting point of
// the benches that measure what a synced store serves (read API, webhooks). The sandbox runs in a child
// process as in the sync bench, with no quota and no latency while the catalog is synced (the sync is
// not what these benches measure); a bench sets the sandbox's latency and quota for its own part.
import { performance } from 'node:perf_hooks';

import { bootStrapi, sandboxEnv, type TestApp } from '../../helpers/strapi';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

export interface SyncedCatalog {
  sandbox: SandboxProcess;
  app: TestApp;
  /** `http://127.0.0.1:<port>` of the listening Strapi. */
  url: string;
  /** Products in the synced channel (the run's `created`). */
  synced: number;
  syncMs: number;
  close(): Promise<void>;
}

interface SyncService {
  start(input: { kind: 'full' | 'incremental'; trigger: 'api' }): Promise<{ status: string }>;
  waitForIdle(): Promise<{ status: string; message: string | null; created: number; failed: number } | undefined>;
}

export const CHANNEL_IDS = [1];

export const startSyncedCatalog = async ({
  products,
  seed = 1,
  log,
}: {
  products: number;
  seed?: number;
  log: (line: string) => void;
}): Promise<SyncedCatalog> => {
  log(`  starting the sandbox with ${products.toLocaleString('en-US')} products`);
  const sandbox = await startSandboxProcess({ products, seed, quota: 0, windowMs: 30_000, latencyMs: 0 });
  let app: TestApp | undefined;
  try {
    log('  booting Strapi (listening on a loopback port)');
    app = await bootStrapi({
      listen: true,
      env: {
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_CHANNEL_IDS: CHANNEL_IDS.join(','),
      },
    });
    log('  full sync');
    const sync = app.strapi.plugin('bigcommerce').service('sync') as unknown as SyncService;
    const t0 = performance.now();
    await sync.start({ kind: 'full', trigger: 'api' });
    const run = await sync.waitForIdle();
    const syncMs = performance.now() - t0;
    if (!run || run.status !== 'succeeded' || run.failed)
      throw new Error(`full sync did not succeed: ${run?.status ?? 'no run'} ${run?.message ?? ''} (failed ${run?.failed ?? '?'})`);
    const booted = app;
    return {
      sandbox,
      app: booted,
      url: booted.url!,
      synced: run.created,
      syncMs,
      close: async () => {
        await booted.close().catch(() => undefined);
        await sandbox.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await sandbox.stop();
    throw error;
  }
};
