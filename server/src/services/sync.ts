import { randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import createHttpError from 'http-errors';

import { isBigCommerceApiError } from '../bigcommerce/errors';
import type { PluginConfig } from '../config/schema';
import { bigcommerceCatalogSource } from '../sync/bigcommerce-source';
import { runCatalogSync } from '../sync/engine';
import type { SyncCheckpoint, SyncItemError, SyncProgress } from '../sync/ports';
import type { Pagination } from '../../../shared/pagination';
import type { RunStatus, RunTrigger, SyncKind, SyncRunView, SyncSchedule } from '../../../shared/sync';
import { getService } from '../utils/get-service';
import { analyzeCatalog, statisticsDuringRun } from '../utils/search-index';
import { nodeIdentity } from '../utils/node-id';
import { PLUGIN_ID } from '../utils/plugin-id';
import { trafficOf } from '../utils/traffic';
import { createCatalogStore } from './catalog-store';
import { createLease, freeLease, type Lease } from './lease';

const RUN_UID = `plugin::${PLUGIN_ID}.sync-run`;
export const CRON_JOB = 'bigcommerce-catalog-sync';

export type { RunStatus, RunTrigger, SyncSchedule };

/** A run that ended with these, its checkpoint in the product pages, is continued by the next run. */
const RESUMABLE: readonly RunStatus[] = ['interrupted', 'failed', 'cancelled'];
const LEASE = 'catalog-sync';

/** A sync-run entry: what the admin reads (shared/sync.ts) plus the run's own bookkeeping. */
export interface SyncRun extends SyncRunView {
  documentId: string;
  heartbeatAt: string | null;
  slugCollisions: SyncProgress['slugCollisions'] | null;
  notes: SyncItemError[] | null;
  checkpoint: SyncCheckpoint | null;
  node: string | null;
}

interface SyncState {
  /** The last run that read everything (succeeded or partial); `failedIds`: its products to retry. */
  lastSuccess?: { runId: number; kind: SyncKind; startedAtServer: string; finishedAt: string; failedIds?: number[] };
}

const DEFAULT_SCHEDULE: SyncSchedule = { enabled: false, rule: '0 */6 * * *', kind: 'incremental' };

const sync = ({ strapi }: { strapi: Core.Strapi }) => {
  const runs = () => strapi.db.query(RUN_UID);
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const stateStore = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'sync-state' });
  const scheduleStore = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'sync-schedule' });
  /** Stable across restarts (the run's `node`); the lease holder adds this process's life, so a restarted node knows its dead self's lease. */
  const node = nodeIdentity(strapi);
  const life = `${node}#${randomUUID().slice(0, 8)}`;

  let current: { runId: number; promise: Promise<SyncRun>; stopping: boolean } | undefined;
  let watchdog: NodeJS.Timeout | undefined;

  const update = async (id: number, data: Partial<Record<keyof SyncRun, unknown>>): Promise<SyncRun> =>
    (await runs().update({ where: { id }, data })) as SyncRun;

  /**
   * Marks runs left `running` by a node that died, and answers the run to carry on: the latest run, when
   * it stopped in its product pages for any reason (crash, failure, cancel) — continued from its checkpoint —
   * or when a crash or a shutdown stopped it earlier — run again from the start. Only called while holding
   * the lease, so no run is live.
   */
  const markInterrupted = async (): Promise<{ run: SyncRun; checkpoint: SyncCheckpoint | null } | null> => {
    const stale = (await runs().findMany({ where: { status: 'running' }, orderBy: { id: 'desc' } })) as SyncRun[];
    for (const run of stale) {
      await update(run.id, { status: 'interrupted', finishedAt: new Date(), message: `Interrupted (node ${run.node ?? 'unknown'} stopped)` });
    }
    // Only the latest run: a success after a failure has read everything since.
    const latest = (await runs().findOne({ orderBy: { id: 'desc' } })) as SyncRun | null;
    if (!latest || !RESUMABLE.includes(latest.status)) return null;
    if (await runs().count({ where: { resumedFrom: latest.id } })) return null;
    if (latest.checkpoint && ['products', 'listings', 'deletions'].includes(latest.checkpoint.phase)) return { run: latest, checkpoint: latest.checkpoint };
    return latest.status === 'interrupted' ? { run: latest, checkpoint: null } : null;
  };

  const describe = (error: unknown): string => {
    if (isBigCommerceApiError(error)) return `BigCommerce: ${error.message}`;
    return error instanceof Error ? error.message : String(error);
  };

  const execute = async (
    run: SyncRun,
    lease: Lease,
    options: { modifiedSince?: string; resumeFrom?: SyncCheckpoint; retryIds?: number[] }
  ): Promise<SyncRun> => {
    // The lease is renewed on a timer, independent of how long a page takes.
    const heartbeat = setInterval(() => void lease.renew().catch(() => undefined), Math.max(500, config().syncLeaseMs / 3));
    let finished: SyncRun = run;
    let lastWrite = 0;
    let lastPhase = '';
    /** The engine's latest progress, written on failure too: the next run resumes from its checkpoint. */
    let latest: SyncProgress | undefined;
    const statistics = await statisticsDuringRun(strapi);
    try {
      // A client of its own, so the run's request count is exact.
      const client = await getService(strapi, 'client').create();
      const result = await runCatalogSync({
        kind: run.kind,
        channelIds: (await getService(strapi, 'settings').getConnection()).channelIds,
        source: bigcommerceCatalogSource(client, { lanes: config().syncLanes }),
        store: createCatalogStore(strapi, { emitEvents: config().emitEntryEvents }),
        // Storefront requests served by this process go first between slices (utils/traffic).
        pacing: trafficOf(strapi).pacing,
        logger: strapi.log,
        modifiedSince: options.modifiedSince,
        resumeFrom: options.resumeFrom,
        retryIds: options.retryIds,
        control: {
          // At most one write a second (and at each phase change): the admin polls, it does not need every page.
          progress: async (progress: SyncProgress) => {
            latest = progress;
            statistics.created(progress.created);
            const now = Date.now();
            if (progress.phase === lastPhase && now - lastWrite < 1000) return;
            lastPhase = progress.phase;
            lastWrite = now;
            await update(run.id, { ...progressFields(progress), requests: client.transport.stats.requests, heartbeatAt: new Date(now) });
          },
          isCancelled: async () => {
            if (current?.stopping) return true;
            const fresh = (await runs().findOne({ where: { id: run.id }, select: ['cancelRequested'] })) as Pick<SyncRun, 'cancelRequested'> | null;
            return Boolean(fresh?.cancelRequested);
          },
        },
      });
      const status: RunStatus = result.status !== 'cancelled' ? result.status : current?.stopping ? 'interrupted' : 'cancelled';
      await statistics.settled();
      // The planner's statistics and the indexes' upkeep before the run reads as finished (see analyzeCatalog): the first reads after it are planned on them.
      if (run.kind === 'full' && (status === 'succeeded' || status === 'partial')) await analyzeCatalog(strapi, { vacuum: true });
      finished = await update(run.id, {
        ...progressFields(result),
        status,
        requests: client.transport.stats.requests,
        finishedAt: new Date(),
        message: status === 'cancelled' ? 'Cancelled' : result.failed ? failedMessage(result) : null,
      });
      if (status === 'succeeded' || status === 'partial') {
        const lastSuccess = { runId: run.id, kind: run.kind, startedAtServer: result.checkpoint.startedAtServer, finishedAt: new Date().toISOString() };
        const state: SyncState = { lastSuccess: { ...lastSuccess, failedIds: result.checkpoint.failedIds ?? [] } };
        await stateStore().set({ value: state });
      }
      strapi.log.info(
        `[${PLUGIN_ID}] sync #${run.id} (${run.kind}) ${status}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.deleted} deleted, ${result.failed} failed`
      );
    } catch (error) {
      strapi.log.error(`[${PLUGIN_ID}] sync #${run.id} failed: ${describe(error)}`);
      finished = await update(run.id, {
        ...(latest ? progressFields(latest) : {}),
        status: current?.stopping ? 'interrupted' : 'failed',
        finishedAt: new Date(),
        message: describe(error),
      }).catch(() => run);
    } finally {
      clearInterval(heartbeat);
      await statistics.settled();
      await lease.release().catch(() => undefined);
    }
    return finished;
  };

  return {
    /**
     * Starts a sync in the background and returns its run. 409 when another run holds the lease on
     * any node. A run left unfinished by a crash is resumed from its checkpoint first.
     */
    async start({ kind, trigger }: { kind: SyncKind; trigger: RunTrigger }): Promise<SyncRun> {
      await getService(strapi, 'client').get(); // fails with a clear 400 when the plugin is not connected
      const lease = createLease(strapi, LEASE, `${life}:${Math.random().toString(36).slice(2, 10)}`, config().syncLeaseMs);
      if (!(await lease.acquire())) {
        const running = (await runs().findOne({ where: { status: 'running' }, orderBy: { id: 'desc' } })) as SyncRun | null;
        throw createHttpError(409, running ? `A ${running.kind} sync (run #${running.id}) is already running` : 'A sync is already running on another node', {
          details: { runId: running?.id ?? null },
        });
      }
      try {
        const interrupted = await markInterrupted();
        const state = ((await stateStore().get({})) as SyncState | null) ?? {};
        const resumeFrom = interrupted?.checkpoint ?? undefined;
        let effectiveKind = interrupted ? interrupted.run.kind : kind;
        let message: string | null = null;
        if (interrupted) {
          message = resumeFrom
            ? `Resuming run #${interrupted.run.id} after product ${resumeFrom.lastProductId ?? 0}`
            : `Running run #${interrupted.run.id} again: it stopped before its product pages`;
        }
        if (effectiveKind === 'incremental' && !interrupted && !state.lastSuccess) {
          effectiveKind = 'full';
          message = 'No earlier sync to continue from: running a full sync';
        }
        const run = (await runs().create({
          data: {
            kind: effectiveKind,
            trigger: interrupted ? 'resume' : trigger,
            status: 'running',
            phase: resumeFrom?.phase ?? 'channels',
            startedAt: new Date(),
            heartbeatAt: new Date(),
            resumedFrom: interrupted?.run.id ?? null,
            node,
            message,
            errors: [],
          },
        })) as SyncRun;
        const promise = execute(run, lease, {
          modifiedSince: effectiveKind === 'incremental' ? state.lastSuccess?.startedAtServer : undefined,
          resumeFrom,
          retryIds: effectiveKind === 'incremental' ? state.lastSuccess?.failedIds : undefined,
        });
        current = { runId: run.id, promise, stopping: false };
        void promise.finally(() => {
          if (current?.runId === run.id) current = undefined;
        });
        return run;
      } catch (error) {
        await lease.release();
        throw error;
      }
    },

    async cancel(id: number): Promise<SyncRun | null> {
      const run = (await runs().findOne({ where: { id } })) as SyncRun | null;
      if (!run) return null;
      if (run.status !== 'running') return run;
      return update(id, { cancelRequested: true });
    },

    findRun(id: number): Promise<SyncRun | null> {
      return runs().findOne({ where: { id } }) as Promise<SyncRun | null>;
    },

    async listRuns({ page, pageSize }: { page: number; pageSize: number }) {
      const [results, total] = await Promise.all([
        runs().findMany({ orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        runs().count(),
      ]);
      const pagination: Pagination = { page, pageSize, total, pageCount: Math.ceil(total / pageSize) };
      return { results: results as SyncRun[], pagination };
    },

    /** Resolves when this node's current run (if any) ends: for tests, the demo and shutdown. */
    async waitForIdle(): Promise<SyncRun | undefined> {
      return current?.promise;
    },

    async getSchedule(): Promise<SyncSchedule> {
      return { ...DEFAULT_SCHEDULE, ...(((await scheduleStore().get({})) as Partial<SyncSchedule> | null) ?? {}) };
    },

    async setSchedule(update: Partial<SyncSchedule>): Promise<SyncSchedule> {
      const next = { ...(await this.getSchedule()), ...update };
      await scheduleStore().set({ value: next });
      await this.applySchedule();
      return next;
    },

    /** (Re)registers the cron job from the saved schedule; off by default. */
    async applySchedule(): Promise<void> {
      strapi.cron.remove(CRON_JOB);
      const schedule = await this.getSchedule();
      if (!schedule.enabled) return;
      strapi.cron.add({
        [CRON_JOB]: {
          task: async () => {
            try {
              await this.start({ kind: schedule.kind, trigger: 'schedule' });
            } catch (error) {
              // Another node (or a manual run) has it: that is the point of the lease.
              strapi.log.info(`[${PLUGIN_ID}] scheduled sync skipped: ${error instanceof Error ? error.message : String(error)}`);
            }
          },
          options: { rule: schedule.rule },
        },
      });
    },

    /**
     * Carries on a run nobody runs: one left `running` by a node that died (its lease lapsed) or
     * `interrupted` by a shutdown. At boot a run this node held before it died is taken back at once,
     * without waiting for its lease. Failed and cancelled runs wait for the next requested run.
     */
    async recover({ atBoot = false }: { atBoot?: boolean } = {}): Promise<SyncRun | null> {
      if (current) return null;
      const latest = (await runs().findOne({ orderBy: { id: 'desc' }, select: ['id', 'status', 'kind'] })) as Pick<SyncRun, 'id' | 'status' | 'kind'> | null;
      if (!latest || (latest.status !== 'running' && latest.status !== 'interrupted')) return null;
      // Nothing of this process runs yet at boot: a lease under this node's name is a dead life's.
      if (atBoot) await freeLease(strapi, LEASE, (holder) => holder.startsWith(`${node}#`) && !holder.startsWith(life));
      try {
        return await this.start({ kind: latest.kind, trigger: 'resume' });
      } catch {
        return null; // a live node holds the lease, or the plugin is not connected
      }
    },

    /** At boot: takes back this node's run, then watches for runs other nodes leave behind. */
    startRecovery(): void {
      void this.recover({ atBoot: true }).catch((error: unknown) => strapi.log.warn(`[${PLUGIN_ID}] sync recovery failed: ${describe(error)}`));
      watchdog = setInterval(() => void this.recover().catch(() => undefined), config().syncLeaseMs);
      watchdog.unref();
    },

    /** Stops this node's run at the next page; it is left `interrupted` and the next run resumes it. */
    async shutdown(): Promise<void> {
      strapi.cron.remove(CRON_JOB);
      clearInterval(watchdog);
      if (!current) return;
      current.stopping = true;
      await Promise.race([current.promise, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
};

/** The run's line about what it could not store; the errors list is capped, the count is not. */
const failedMessage = (result: SyncProgress): string => {
  const unlisted = result.failed - result.errors.length;
  return `${result.failed} item(s) could not be synced${unlisted > 0 ? ` (${unlisted} not listed in the errors)` : ''}; the next incremental sync retries the products`;
};

const progressFields = (progress: SyncProgress) => ({
  phase: progress.phase,
  taxonomy: progress.taxonomy,
  total: progress.total,
  done: progress.done,
  created: progress.created,
  updated: progress.updated,
  unchanged: progress.unchanged,
  deleted: progress.deleted,
  failed: progress.failed,
  errors: progress.errors,
  slugCollisions: progress.slugCollisions,
  notes: progress.notes,
  checkpoint: progress.checkpoint,
});

export default sync;
export type SyncService = ReturnType<typeof sync>;
