// The `?live=true` abuse scenario of issue #9 (item 3): anonymous workers page through
// `GET /api/bigcommerce/products?live=true&pageSize=1&page=N` as fast as they can, each page a product
// the live cache has not seen, while a shopper adds to a cart in a loop. Before the live budget, each
// page cost one BigCommerce call outside the shared pacer: the store's quota (shared by every app on it)
// went to 429s and the shopper's add waited for the window to reset.
//
// `abuseLive(options)` runs the scenario against a running Strapi over a synced catalog (see
// lib/synced-catalog.ts; the sandbox in a child process) and returns its figures; `abuseLiveReport`
// prints them with their targets; `bench` boots everything itself, for tests/bench/run.ts.
//
//   BENCH_ABUSE_SECONDS=30  BENCH_ABUSE_WORKERS=10  BENCH_ABUSE_QUOTA=150  BENCH_ABUSE_WINDOW_MS=30000
//   BENCH_ABUSE_LATENCY_MS=50  BENCH_ABUSE_SHOPPER_EVERY_MS=1000  BENCH_ABUSE_IDLE_ADDS=10
//   BENCH_ABUSE_PRODUCTS=500  BENCH_SEED=1
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { envInt } from './lib/env';
import { fixed, int, table } from './lib/format';
import { httpClient, type HttpClient, type TimedResponse } from './lib/http-client';
import { percentile } from './lib/stats';
import { CHANNEL_IDS, startSyncedCatalog, type SyncedCatalog } from './lib/synced-catalog';
import type { Bench, BenchReport, BenchTarget } from './types';

export interface AbuseLiveOptions {
  /** A listening Strapi over a synced catalog; its sandbox's quota and latency are set here. */
  catalog: SyncedCatalog;
  /** How long the attack lasts. */
  durationMs: number;
  /** Anonymous attackers, one request at a time each. */
  workers: number;
  /** The store's quota per window (BigCommerce Standard/Plus: 150 / 30 s). */
  quota: number;
  windowMs: number;
  /** The sandbox's latency per call, as a real BigCommerce round trip. */
  latencyMs: number;
  /** The shopper adds one item this often (a person, not a script: 2 BigCommerce calls an add). */
  shopperEveryMs: number;
  /** Adds timed before the attack, on an idle store. */
  idleAdds: number;
  /** The plugin's `liveBudgetShare` in effect (the budget the figures are held to). */
  liveBudgetShare: number;
  log?: (line: string) => void;
}

export interface Timings {
  p50: number;
  p99: number;
  n: number;
  failed: number;
}

export interface AbuseLiveFigures {
  options: Omit<AbuseLiveOptions, 'catalog' | 'log'>;
  /** 429s the sandbox answered during the attack (any caller). */
  throttled: number;
  /** BigCommerce calls of the live class during the attack (GET /v3/catalog/products). */
  liveCalls: number;
  /** The live budget over the attack: floor(quota × share) for each window it spanned. */
  liveBudget: number;
  windows: number;
  reads: { n: number; ok: number; bySource: Record<string, number>; errors: Record<string, number>; perSecond: number };
  idle: Timings;
  attack: Timings;
  /** os.loadavg() when the attack ended. */
  loadAverage: number[];
  cores: number;
}

const PRODUCT_UID = 'plugin::bigcommerce.product';
const CART_HEADER = 'x-bigcommerce-cart';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const timings = (samples: number[], failed: number): Timings => ({ p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length, failed });

export const abuseLive = async (options: AbuseLiveOptions): Promise<AbuseLiveFigures> => {
  const { catalog, durationMs, workers, quota, windowMs, latencyMs, shopperEveryMs, idleAdds, liveBudgetShare } = options;
  const log = options.log ?? (() => undefined);
  const { sandbox, app } = catalog;
  const clients: HttpClient[] = [];
  const client = (maxSockets: number) => {
    const c = httpClient(catalog.url, { maxSockets });
    clients.push(c);
    return c;
  };
  try {
    await sandbox.call('PUT', '/__sandbox/faults', { latencyMs });
    await sandbox.call('PUT', '/__sandbox/rate-limit', { quota, windowMs });
    (app.strapi.plugin('bigcommerce').service('live') as unknown as { clear(): void }).clear();

    // A product a storefront may sell: the synced channel, visible, no stock limit.
    const rows = (await app.strapi.db.query(PRODUCT_UID).findMany({
      where: { isVisible: true, inventoryTracking: 'none', channels: { bigcommerceId: CHANNEL_IDS[0] } },
      select: ['bigcommerceId', 'variants'],
      limit: 20,
    })) as { bigcommerceId: number; variants: { id: number; purchasing_disabled?: boolean }[] | null }[];
    const pick = rows
      .map((row) => ({ productId: row.bigcommerceId, variantId: (row.variants ?? []).find((v) => !v.purchasing_disabled)?.id }))
      .find((p) => p.variantId !== undefined);
    if (!pick) throw new Error('no sellable product (visible, untracked stock) in the synced catalog');
    const line = { ...pick, quantity: 1 };

    const shopperHttp = client(1);
    const expect = (res: TimedResponse, what: string, status: number[]) => {
      if (!status.includes(res.status)) throw new Error(`${what} -> ${res.status}: ${res.text.slice(0, 300)}`);
      return res;
    };
    const created = expect(await shopperHttp.request('POST', '/api/bigcommerce/cart', { lineItems: [line] }), 'POST /api/bigcommerce/cart', [201]);
    const cartToken = (JSON.parse(created.text) as { meta?: { cartToken?: string } }).meta?.cartToken;
    if (!cartToken) throw new Error('POST /api/bigcommerce/cart answered no meta.cartToken');
    const add = () => shopperHttp.request('POST', '/api/bigcommerce/cart/items', { lineItems: [line] }, { [CART_HEADER]: cartToken });
    /** Adds at the shopper's pace until `until()` says stop; returns each served add's ms and the failures. */
    const shop = async (until: () => boolean) => {
      const ms: number[] = [];
      let failed = 0;
      while (!until()) {
        const started = performance.now();
        const res = await add();
        if (res.status === 200) ms.push(res.ms);
        else failed += 1;
        await sleep(Math.max(0, shopperEveryMs - (performance.now() - started)));
      }
      return { ms, failed };
    };

    log(`  idle: ${idleAdds} adds, one every ${shopperEveryMs} ms`);
    let idleCount = 0;
    const idle = await shop(() => idleCount++ >= idleAdds);

    // A fresh window for the attack, so that its budget is counted from its first call.
    await sandbox.call('PUT', '/__sandbox/rate-limit', { quota, windowMs });
    await sandbox.resetStats();
    log(`  attack: ${workers} anonymous workers paging ?live=true&pageSize=1 for ${fixed(durationMs / 1000, 0)} s, the shopper adding meanwhile`);
    const total = (JSON.parse((await shopperHttp.get('/api/bigcommerce/products?pageSize=1')).text) as { meta: { pagination: { total: number } } }).meta
      .pagination.total;
    const attackers = client(workers);
    const reads = { n: 0, ok: 0, bySource: {} as Record<string, number>, errors: {} as Record<string, number> };
    let page = 0;
    const t0 = performance.now();
    const over = () => performance.now() - t0 >= durationMs;
    const worker = async () => {
      while (!over()) {
        page = (page % total) + 1;
        const res = await attackers.get(`/api/bigcommerce/products?live=true&pageSize=1&page=${page}`);
        reads.n += 1;
        if (res.status !== 200) continue;
        reads.ok += 1;
        const body = JSON.parse(res.text) as { data: { live?: { source: string } }[]; meta: { live?: { error: string | null } } };
        const source = body.data[0]?.live?.source ?? 'none';
        reads.bySource[source] = (reads.bySource[source] ?? 0) + 1;
        const error = body.meta.live?.error;
        if (error) reads.errors[error] = (reads.errors[error] ?? 0) + 1;
      }
    };
    const [, attack] = await Promise.all([Promise.all(Array.from({ length: workers }, worker)), shop(over)]);
    const attackMs = performance.now() - t0;
    const loadAverage = os.loadavg();
    const stats = await sandbox.stats();
    const windows = Math.max(1, Math.ceil(attackMs / windowMs));
    return {
      options: { durationMs, workers, quota, windowMs, latencyMs, shopperEveryMs, idleAdds, liveBudgetShare },
      throttled: stats.throttled,
      liveCalls: stats.byRoute['GET /v3/catalog/products'] ?? 0,
      liveBudget: Math.floor(quota * liveBudgetShare) * windows,
      windows,
      reads: { ...reads, perSecond: (reads.n / attackMs) * 1000 },
      idle: timings(idle.ms, idle.failed),
      attack: timings(attack.ms, attack.failed),
      loadAverage,
      cores: os.cpus().length,
    };
  } finally {
    for (const c of clients) c.close();
  }
};

export const abuseLiveReport = (figures: AbuseLiveFigures): BenchReport => {
  const { options: o, idle, attack, reads } = figures;
  const ms = (n: number) => `${fixed(n, 1)} ms`;
  const targets: BenchTarget[] = [
    { name: 'BigCommerce 429s during the attack', value: int(figures.throttled), target: '0', pass: figures.throttled === 0 },
    {
      name: 'live calls vs live budget',
      value: `${int(figures.liveCalls)} / ${int(figures.liveBudget)}`,
      target: '≤ budget',
      pass: figures.liveCalls <= figures.liveBudget,
    },
    {
      name: 'shopper adds served under attack',
      value: `${int(attack.n)} of ${int(attack.n + attack.failed)}`,
      target: 'all',
      pass: attack.failed === 0 && attack.n > 0,
    },
    { name: 'shopper add p99 under attack vs idle', value: `${ms(attack.p99)} vs ${ms(idle.p99)}`, target: '≤ 2× idle', pass: attack.p99 <= 2 * idle.p99 },
  ];
  const rows: string[][] = [
    ['Shopper POST /api/bigcommerce/cart/items'],
    ['  idle', ms(idle.p50), ms(idle.p99), int(idle.n), int(idle.failed)],
    ['  under attack', ms(attack.p50), ms(attack.p99), int(attack.n), int(attack.failed)],
  ];
  const text = [
    `${o.workers} anonymous workers paging GET /api/bigcommerce/products?live=true&pageSize=1&page=N for ${fixed(o.durationMs / 1000, 0)} s; a shopper adds`,
    `to a cart every ${o.shopperEveryMs} ms. Sandbox: quota ${o.quota} / ${fixed(o.windowMs / 1000, 0)} s, latency ${o.latencyMs} ms a call; liveBudgetShare ${o.liveBudgetShare}.`,
    '',
    table(['', 'p50', 'p99', 'served', 'failed'], rows),
    '',
    `Attack reads: ${int(reads.n)} (${int(reads.perSecond)}/s), ${int(reads.ok)} answered 200; by live.source: ${
      Object.entries(reads.bySource)
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(', ') || '—'
    }`,
    `meta.live.error: ${
      Object.entries(reads.errors)
        .map(([k, v]) => `'${k}' ${int(v)}`)
        .join(', ') || 'none'
    }`,
    `BigCommerce during the attack: ${int(figures.liveCalls)} live calls (budget ${int(figures.liveBudget)} over ${figures.windows} window(s)), ${int(figures.throttled)} × 429`,
    `Load average (1/5/15 min) at the end: ${figures.loadAverage.map((n) => fixed(n, 2)).join(' / ')} on ${figures.cores} cores`,
  ].join('\n');
  return { text, targets };
};

/** The scenario's settings from BENCH_ABUSE_* (see the top of this file); the abuse bench runs it too. */
export const abuseLiveEnv = () => ({
  durationMs: envInt('BENCH_ABUSE_SECONDS', 30, 1) * 1000,
  workers: envInt('BENCH_ABUSE_WORKERS', 10, 1),
  quota: envInt('BENCH_ABUSE_QUOTA', 150, 1),
  windowMs: envInt('BENCH_ABUSE_WINDOW_MS', 30_000, 1000),
  latencyMs: envInt('BENCH_ABUSE_LATENCY_MS', 50),
  shopperEveryMs: envInt('BENCH_ABUSE_SHOPPER_EVERY_MS', 1000),
  idleAdds: envInt('BENCH_ABUSE_IDLE_ADDS', 10, 1),
});

export const bench: Bench = {
  name: 'abuse-live',
  title: 'Anonymous ?live=true flood vs a shopper adding to a cart (issue #9)',
  async run(): Promise<BenchReport> {
    const log = (line: string) => process.stderr.write(`abuse-live bench:${line}\n`);
    const catalog = await startSyncedCatalog({ products: envInt('BENCH_ABUSE_PRODUCTS', 500, 1), seed: envInt('BENCH_SEED', 1), log });
    try {
      const { liveBudgetShare } = catalog.app.strapi.config.get('plugin::bigcommerce') as { liveBudgetShare: number };
      return abuseLiveReport(await abuseLive({ catalog, ...abuseLiveEnv(), liveBudgetShare, log }));
    } finally {
      await catalog.close();
    }
  },
};

export default bench;
