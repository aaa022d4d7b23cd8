// No imports: the shapes of catalog syncs as the engine records them and the admin reads them.

export type SyncKind = 'full' | 'incremental';

export type SyncPhase = 'channels' | 'taxonomy' | 'products' | 'deletions' | 'done';

/** `partial`: the run read everything but could not store some products (they are retried by the next incremental run). */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled' | 'interrupted';

export type RunTrigger = 'manual' | 'schedule' | 'resume' | 'api';

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface SyncItemError {
  resource: 'product' | 'category' | 'brand' | 'channel' | 'page';
  bigcommerceId: number | null;
  message: string;
}

/** Counts of the small sets written before the products. */
export interface TaxonomyCounts {
  channels?: WriteCounts;
  categories?: WriteCounts;
  brands?: WriteCounts;
}

/** Products: how many a run reads, how many it has read, and what it did with them. */
export interface ProductCounts extends WriteCounts {
  total: number;
  done: number;
  failed: number;
}

/** A sync run as the admin routes answer it (the server's record carries more: see server/src/services/sync.ts). */
export interface SyncRunView extends ProductCounts {
  id: number;
  kind: SyncKind;
  trigger: RunTrigger;
  status: RunStatus;
  phase: SyncPhase | null;
  taxonomy: TaxonomyCounts | null;
  requests: number;
  errors: SyncItemError[] | null;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  cancelRequested: boolean;
  resumedFrom: number | null;
}

export interface SyncSchedule {
  enabled: boolean;
  rule: string;
  kind: SyncKind;
}
