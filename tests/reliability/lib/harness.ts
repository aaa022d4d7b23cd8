import type { Core } from '@strapi/strapi';

import type { Sandbox } from '../../sandbox';
import { compareCatalogs, formatDifferences, type OracleResult } from './oracle';

const RUN = 'plugin::bigcommerce.sync-run';

export interface TimedRun {
  status: string;
  ms: number;
  message: string | null;
  failed: number;
}

/** Starts a sync and waits for it to end; a refused start (e.g. an error before the run exists) counts as `refused`. */
export const runSync = async (strapi: Core.Strapi, kind: 'full' | 'incremental'): Promise<TimedRun> => {
  const service = strapi.plugin('bigcommerce').service('sync');
  const started = Date.now();
  try {
    await service.start({ kind, trigger: 'api' });
    const run = (await service.waitForIdle()) as { status: string; message: string | null; failed: number } | undefined;
    return { status: run?.status ?? 'unknown', message: run?.message ?? null, failed: run?.failed ?? 0, ms: Date.now() - started };
  } catch (error) {
    return { status: 'refused', message: error instanceof Error ? error.message : String(error), failed: 0, ms: Date.now() - started };
  }
};

/** The run in progress, if any (for scenarios that act while a sync runs). */
export const runningRun = async (strapi: Core.Strapi): Promise<{ id: number; phase: string | null; done: number } | null> =>
  (await strapi.db.query(RUN).findOne({ where: { status: 'running' }, orderBy: { id: 'desc' } })) as { id: number; phase: string | null; done: number } | null;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; false if it never did within `timeoutMs`. */
export const waitFor = async (check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
};

/** The oracle, with its differences printed (on stderr, so jest shows them next to the failing test). */
export const oracle = async (
  app: { strapi: Core.Strapi; http: () => ReturnType<typeof import('supertest')> },
  sandbox: Sandbox,
  label: string
): Promise<OracleResult> => {
  const result = await compareCatalogs(app, sandbox);
  if (!result.equal) process.stderr.write(`[reliability] ${label}: ${formatDifferences(result)}\n`);
  return result;
};

export const oracleCell = (result: OracleResult): string => (result.equal ? 'equal' : `${result.differences.length} diffs`);

/** A product through the sandbox's own API rules (it refuses what BigCommerce refuses). */
export const createProduct = (sandbox: Sandbox, input: Record<string, unknown>) =>
  sandbox.catalog.createProduct({ type: 'physical', weight: 1, price: 10, categories: [], ...input });
