import { useCallback, useRef } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { Pagination } from '../utils/api';
import type { SyncKind, SyncRunView as SyncRun, SyncSchedule } from '../../../shared/sync';
import { useResource } from './useResource';

export type { RunStatus, SyncItemError, SyncKind, SyncRunView as SyncRun, SyncSchedule } from '../../../shared/sync';

const BASE = `/${PLUGIN_ID}/sync`;

/** Runs, newest first; reloaded every `pollMs` when set. */
export const useSyncRuns = (page: number, pageSize: number, pollMs?: number) =>
  useResource<SyncRun[], { pagination: Pagination }>(`${BASE}/runs`, { params: { page, pageSize }, pollMs });

export const useSyncSchedule = () => useResource<SyncSchedule>(`${BASE}/schedule`);

export const useSyncActions = () => {
  const { post, put } = useFetchClient();
  return {
    start: useCallback(async (kind: SyncKind) => (await post<{ data: SyncRun }>(BASE, { kind })).data.data, [post]),
    cancel: useCallback(async (id: number) => (await post<{ data: SyncRun }>(`${BASE}/runs/${id}/cancel`, {})).data.data, [post]),
    saveSchedule: useCallback(async (schedule: Partial<SyncSchedule>) => (await put<{ data: SyncSchedule }>(`${BASE}/schedule`, schedule)).data.data, [put]),
  };
};

/**
 * Products a second over the last 20 s of polled progress (the whole run's average until two samples
 * exist), and the seconds left at that rate.
 */
export const useThroughput = (run: SyncRun | undefined): { rate: number | null; etaSeconds: number | null } => {
  const samples = useRef<{ runId: number; at: number; done: number }[]>([]);
  if (!run || run.status !== 'running') {
    samples.current = [];
    return { rate: null, etaSeconds: null };
  }
  const now = Date.now();
  const kept = samples.current.filter((sample) => sample.runId === run.id && now - sample.at < 20_000);
  if (kept[kept.length - 1]?.done !== run.done) kept.push({ runId: run.id, at: now, done: run.done });
  samples.current = kept;
  const first = kept[0];
  const last = kept[kept.length - 1];
  const windowed = last.at - first.at >= 2_000 ? ((last.done - first.done) * 1000) / (last.at - first.at) : null;
  const elapsed = now - Date.parse(run.startedAt);
  const rate = windowed ?? (run.done > 0 && elapsed > 0 ? (run.done * 1000) / elapsed : null);
  const etaSeconds = rate && run.total > run.done ? (run.total - run.done) / rate : null;
  return { rate, etaSeconds };
};
