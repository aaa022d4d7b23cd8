// `npm run bench:sync` — catalog sync against the sandbox store at the Standard quota (issue #3, item 6).
//
// Per catalog size: a fresh database, a full sync, the API and DB floors measured in the same run, an
// incremental sync after 100 price changes and 10 deletions, and a second full sync with nothing
// changed. Then the same changes again with the deletions told by webhooks first (the count check then
// spares the id listing). The sandbox runs in a child process, so the RSS measured here is Strapi's alone.
//
//   BENCH_SIZES=1000,10000  BENCH_LATENCY_MS=50  BENCH_QUOTA=150  BENCH_WINDOW_MS=30000  BENCH_SEED=1
//   DATABASE_CLIENT=postgres (+ DATABASE_*) to bench on PostgreSQL instead of SQLite.
// Diagnostics (off by default): BENCH_WHATIF=1 adds full syncs with the known causes of the wall-time
// miss removed from outside; BENCH_CPU_PROFILE=<dir> profiles each first full sync; BENCH_TIMELINE=1
// prints every request, statement and transaction of each run to stderr.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';
import { fixed, int, megabytes, seconds, table, verdict } from './lib/format';
import { startCpuProfile } from './lib/cpu-profile';
import {
  collectGarbage,
  eventLoopBusy,
  MB,
  overlapMs,
  recordHttp,
  recordSql,
  sampleRss,
  timeCalls,
  unionMs,
  type HttpCall,
  type Interval,
} from './lib/measure';
import { request, startSandboxProcess, type SandboxProcess, type SandboxStats } from './lib/sandbox-process';
import { envInt } from './lib/env';
import type { Bench, BenchReport, BenchTarget } from './types';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const LATENCY_MS = envInt('BENCH_LATENCY_MS', 50);
const QUOTA = envInt('BENCH_QUOTA', 150);
const WINDOW_MS = envInt('BENCH_WINDOW_MS', 30_000);
const SEED = envInt('BENCH_SEED', 1);
const CHANNEL_IDS = [1]; // the plugin's default channelIds
const PAGE = 250; // BigCommerce's largest page, the one the sync asks for
const CHANGED = 100;
const DELETED = 10;

/** BENCH_WHATIF=1: extra full syncs with the two causes of the wall-time miss removed from outside. */
const WHATIF = Boolean(process.env.BENCH_WHATIF);
const WHATIF_VARIANTS: { label: string; apply(strapi: Core.Strapi): void }[] = [
  {
    // One event-loop turn before each write lets the look-ahead request reach the socket (see README).
    label: 'yield to the event loop before each write',
    apply: (strapi) => yieldBeforeTransactions(strapi),
  },
  { label: 'entry events off (emitEntryEvents: false)', apply: (strapi) => strapi.config.set('plugin::bigcommerce.emitEntryEvents', false) },
  {
    label: 'both',
    apply: (strapi) => {
      yieldBeforeTransactions(strapi);
      strapi.config.set('plugin::bigcommerce.emitEntryEvents', false);
    },
  },
];

function yieldBeforeTransactions(strapi: Core.Strapi): void {
  const db = strapi.db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const original = db.transaction.bind(db);
  db.transaction = async (...args: unknown[]) => {
    await new Promise((resolve) => setImmediate(resolve));
    return original(...args);
  };
}

const TARGET = { requestRatio: 1.05, wallRatio: 1.3, rssMb: 150, beyondChanged: 5 };

const PRODUCT_UID = 'plugin::bigcommerce.product';
const LINKS = ['brand', 'categories', 'channels'] as const;

type Run = {
  id: number;
  kind: string;
  status: string;
  message: string | null;
  total: number;
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  requests: number;
};

interface SyncService {
  start(input: { kind: 'full' | 'incremental'; trigger: 'api' }): Promise<Run>;
  waitForIdle(): Promise<Run | undefined>;
}

interface Measured {
  run: Run;
  wallMs: number;
  stats: SandboxStats;
  calls: HttpCall[];
  sql: Interval[];
  sqlTexts: string[];
  statements: number;
  transactions: Interval[];
  busyMs: number;
  rss: ReturnType<ReturnType<typeof sampleRss>['stop']>;
  /** Summary of the CPU profile, when BENCH_CPU_PROFILE is set. */
  profile?: string;
}

type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Requests, by what they are for

type RequestClass = 'channel' | 'site' | 'time' | 'category page' | 'brand page' | 'product page' | 'count check' | 'id listing page' | 'other';

const classify = (call: Pick<HttpCall, 'path'>): RequestClass => {
  const url = new URL(call.path, 'http://sandbox');
  const p = url.pathname.replace(/^\/stores\/[^/]+/, '');
  if (p === '/v2/time') return 'time';
  if (/^\/v3\/channels\/\d+\/site$/.test(p)) return 'site';
  if (/^\/v3\/channels\/\d+$/.test(p)) return 'channel';
  if (p === '/v3/catalog/categories') return 'category page';
  if (p === '/v3/catalog/brands') return 'brand page';
  if (p === '/v3/catalog/products') {
    if (url.searchParams.get('include')) return 'product page';
    if (url.searchParams.get('include_fields') === 'is_visible') return url.searchParams.get('limit') === '1' ? 'count check' : 'id listing page';
  }
  return 'other';
};

const countClasses = (calls: HttpCall[]): Record<RequestClass, number> => {
  const out = { channel: 0, site: 0, time: 0, 'category page': 0, 'brand page': 0, 'product page': 0, 'count check': 0, 'id listing page': 0, other: 0 };
  for (const call of calls) out[classify(call)] += 1;
  return out;
};

const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));

type SqlClass = 'product writes' | 'run bookkeeping' | 'entry-event reads' | 'other reads and writes';

/** What a statement of the sync is for, from its text. */
const classifySql = (sql: string): SqlClass => {
  const s = sql.replace(/[`"]/g, '');
  if (/^(update|insert into|select .* from) bigcommerce_sync_(runs|locks)\b/.test(s) || /^select t0\.cancel_requested/.test(s)) return 'run bookkeeping';
  if (/^(insert into|delete from) bigcommerce_products(_\w+_lnk)?\b/.test(s)) return 'product writes';
  if (/^select (distinct )?(t0\.|t1\.)/.test(s)) return 'entry-event reads';
  return 'other reads and writes';
};

const sqlByClass = (m: Measured): Record<SqlClass, { ms: number; n: number }> => {
  const out: Record<SqlClass, { ms: number; n: number }> = {
    'product writes': { ms: 0, n: 0 },
    'run bookkeeping': { ms: 0, n: 0 },
    'entry-event reads': { ms: 0, n: 0 },
    'other reads and writes': { ms: 0, n: 0 },
  };
  m.sql.forEach(([a, b], i) => {
    const c = out[classifySql(m.sqlTexts[i] ?? '')];
    c.ms += b - a;
    c.n += 1;
  });
  return out;
};

/** Write transactions that inserted product rows (one per product page that had changes). */
const productTransactions = (m: Measured): Interval[] =>
  m.transactions.filter(([a, b]) => m.sql.some(([s], i) => s >= a && s <= b && /^insert into [`"]?bigcommerce_products[`"]? /.test(m.sqlTexts[i] ?? '')));

// ---------------------------------------------------------------------------------------------
// One measured sync run

const measuredSync = async (app: TestApp, sandbox: SandboxProcess, kind: 'full' | 'incremental', profileName?: string): Promise<Measured> => {
  const strapi = app.strapi;
  const sync = strapi.plugin('bigcommerce').service('sync') as unknown as SyncService;
  // Every run starts on a fresh quota window, so runs do not pay for each other's requests.
  await sandbox.resetRateLimit();
  await sandbox.resetStats();
  const knex = strapi.db.connection as unknown as Knex;
  const http = recordHttp(new URL(sandbox.url).host);
  const sql = recordSql(knex);
  const transactions = timeCalls(strapi.db as unknown as Record<string, unknown>, 'transaction');
  const busy = eventLoopBusy();
  const profiler = await startCpuProfile(profileName ? process.env.BENCH_CPU_PROFILE : undefined, profileName ?? '');
  collectGarbage();
  const rss = sampleRss(25);
  const t0 = performance.now();
  let run: Run | undefined;
  let wallMs = 0;
  const stopAll = () => {
    wallMs = performance.now() - t0;
    return { rss: rss.stop(), busyMs: busy.stop(), transactions: transactions.restore(), sql: sql.stop(), calls: http.stop() };
  };
  let stopped: ReturnType<typeof stopAll> | undefined;
  try {
    const started = await sync.start({ kind, trigger: 'api' });
    run = (await sync.waitForIdle()) ?? started;
  } finally {
    stopped = stopAll();
  }
  const { rss: rssResult, busyMs, sql: sqlResult, calls } = stopped;
  const profile = await profiler.stop();
  if (process.env.BENCH_TIMELINE) {
    const events = [
      ...calls.map((c) => ({ t: c.start, line: `HTTP ${(c.end - c.start).toFixed(0)}ms ${c.path.slice(0, 90)}` })),
      ...sqlResult.intervals.map(([a, b], i) => ({ t: a, line: `  SQL ${(b - a).toFixed(1)}ms ${sqlResult.texts[i].slice(0, 90)}` })),
      ...stopped.transactions.map(([a, b]) => ({ t: a, line: ` TX ${(b - a).toFixed(1)}ms` })),
    ].sort((x, y) => x.t - y.t);
    for (const e of events) process.stderr.write(`${(e.t - t0).toFixed(1).padStart(8)} ${e.line}\n`);
  }
  if (!run || run.status !== 'succeeded') throw new Error(`${kind} sync did not succeed: ${run?.status ?? 'no run'} ${run?.message ?? ''}`);
  if (run.kind !== kind) throw new Error(`asked for a ${kind} sync, the plugin ran a ${run.kind} one (${run.message ?? ''})`);
  return {
    run,
    wallMs,
    stats: await sandbox.stats(),
    calls: [...calls].sort((a, b) => a.start - b.start),
    sql: sqlResult.intervals,
    sqlTexts: sqlResult.texts,
    statements: sqlResult.statements,
    transactions: stopped.transactions,
    busyMs,
    rss: rssResult,
    profile,
  };
};

// ---------------------------------------------------------------------------------------------
// API floor: the minimum requests, one after another, each as fast as the sandbox answers it alone,
// paced at the quota. Measured by replaying the sync's own minimum request set from this process.

interface ApiFloor {
  ms: number;
  n: number;
  latencyOnlyMs: number;
  windows: number;
  perClassMs: Partial<Record<RequestClass, number>>;
}

const FLOOR_CLASSES: RequestClass[] = ['channel', 'site', 'time', 'category page', 'brand page', 'product page'];

const replayApiFloor = async (sandbox: SandboxProcess, calls: HttpCall[]): Promise<ApiFloor> => {
  const seen = new Set<string>();
  const minimal = calls.filter((call) => FLOOR_CLASSES.includes(classify(call)) && !seen.has(call.path) && seen.add(call.path));
  await sandbox.resetRateLimit();
  const times: number[] = [];
  const perClassMs: Partial<Record<RequestClass, number>> = {};
  for (const [i, call] of minimal.entries()) {
    // Past the quota the floor waits out whole windows (counted below), not 429s.
    if (QUOTA && i > 0 && i % QUOTA === 0) await sandbox.resetRateLimit();
    const t0 = performance.now();
    const res = await request(`${sandbox.url}${call.path}`, 'GET', undefined, { 'x-auth-token': sandbox.accessToken });
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`API floor replay: GET ${call.path} -> ${res.status}`);
    times.push(ms);
    const cls = classify(call);
    perClassMs[cls] = (perClassMs[cls] ?? 0) + ms;
  }
  const n = minimal.length;
  const windows = QUOTA ? Math.max(0, Math.ceil(n / QUOTA) - 1) : 0;
  const lastWindow = times.slice(windows * QUOTA);
  const ms = windows * WINDOW_MS + lastWindow.reduce((a, b) => a + b, 0);
  const latencyOnlyMs = windows * WINDOW_MS + (n - windows * QUOTA) * LATENCY_MS;
  await sandbox.resetRateLimit();
  return { ms, n, latencyOnlyMs, windows, perClassMs };
};

// ---------------------------------------------------------------------------------------------
// DB floor: the synced product rows and their brand/category/channel link rows, deleted and written
// back with raw knex into the same tables, one transaction per 250 products. The data is the same
// afterwards (same ids), so the runs that follow see what the full sync wrote.

interface DbFloor {
  ms: number;
  productRows: number;
  linkRows: number;
  transactions: number;
}

const jsonSafe = (row: Row): Row => {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) ? JSON.stringify(value) : value;
  }
  return out;
};

const insertAll = async (trx: Knex.Transaction, tableName: string, rows: Row[]) => {
  if (!rows.length) return;
  // SQLite: at most 500 rows a statement and 32,766 bound values; PostgreSQL 65,535 bound values.
  const size = Math.max(1, Math.min(500, Math.floor(30_000 / Object.keys(rows[0]).length)));
  for (let i = 0; i < rows.length; i += size) await trx(tableName).insert(rows.slice(i, i + size));
};

const measureDbFloor = async (strapi: Core.Strapi): Promise<DbFloor> => {
  const knex = strapi.db.connection as unknown as Knex;
  const meta = strapi.db.metadata.get(PRODUCT_UID) as unknown as {
    tableName: string;
    attributes: Record<string, { joinTable?: { name: string; joinColumn: { name: string } } }>;
  };
  const links = LINKS.map((attribute) => {
    const joinTable = meta.attributes[attribute]?.joinTable;
    if (!joinTable) throw new Error(`${PRODUCT_UID}.${attribute} has no join table`);
    return { name: joinTable.name, owner: joinTable.joinColumn.name };
  });
  const products = ((await knex(meta.tableName).select('*').orderBy('id')) as Row[]).map(jsonSafe);
  const linkRows = await Promise.all(
    links.map(async (link) => {
      const byOwner = new Map<number, Row[]>();
      for (const row of (await knex(link.name).select('*').orderBy('id')) as Row[]) {
        const { id: _id, ...rest } = row;
        const owner = Number(rest[link.owner]);
        const list = byOwner.get(owner) ?? [];
        list.push(jsonSafe(rest));
        byOwner.set(owner, list);
      }
      return { ...link, byOwner };
    })
  );
  const linkCount = linkRows.reduce((sum, link) => sum + [...link.byOwner.values()].reduce((s, rows) => s + rows.length, 0), 0);

  await knex.transaction(async (trx) => {
    for (const link of links) await trx(link.name).del();
    await trx(meta.tableName).del();
  });

  let transactions = 0;
  const t0 = performance.now();
  for (let i = 0; i < products.length; i += PAGE) {
    const part = products.slice(i, i + PAGE);
    await knex.transaction(async (trx) => {
      await insertAll(trx, meta.tableName, part);
      for (const link of linkRows)
        await insertAll(
          trx,
          link.name,
          part.flatMap((row) => link.byOwner.get(Number(row.id)) ?? [])
        );
    });
    transactions += 1;
  }
  const ms = performance.now() - t0;

  const [{ count }] = await knex(meta.tableName).count({ count: '*' });
  if (Number(count) !== products.length) throw new Error(`DB floor: wrote back ${count} of ${products.length} product rows`);
  return { ms, productRows: products.length, linkRows: linkCount, transactions };
};

// ---------------------------------------------------------------------------------------------
// What the generator produced (read from the synced rows)

interface CatalogShape {
  generated: number;
  inChannel: number;
  categories: number;
  brands: number;
  variants: number;
  images: number;
  categoryLinks: number;
  withBrand: number;
}

const parseJson = (value: unknown): unknown[] => {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  }
  return [];
};

const catalogShape = async (
  strapi: Core.Strapi,
  generated: number,
  counts: { inChannel: number; categories: number; brands: number }
): Promise<CatalogShape> => {
  const knex = strapi.db.connection as unknown as Knex;
  const meta = strapi.db.metadata.get(PRODUCT_UID) as unknown as {
    tableName: string;
    attributes: Record<string, { columnName?: string; joinTable?: { name: string; joinColumn: { name: string } } }>;
  };
  let variants = 0;
  let images = 0;
  const rows = (await knex(meta.tableName).select(meta.attributes.variants?.columnName ?? 'variants', meta.attributes.images?.columnName ?? 'images')) as Row[];
  for (const row of rows) {
    variants += parseJson(row.variants).length;
    images += parseJson(row.images).length;
  }
  const countOf = async (attribute: string) => {
    const joinTable = meta.attributes[attribute]!.joinTable!;
    const [{ count }] = await knex(joinTable.name).count({ count: '*' });
    return Number(count);
  };
  return {
    generated,
    ...counts,
    variants,
    images,
    categoryLinks: await countOf('categories'),
    withBrand: await countOf('brand'),
  };
};

// ---------------------------------------------------------------------------------------------
// One catalog size, start to end

interface SizeResult {
  size: number;
  shape: CatalogShape;
  minimum: { n: number; parts: string };
  full: Measured;
  apiFloor: ApiFloor;
  dbFloor: DbFloor;
  incremental: Measured;
  incrementalClasses: Record<RequestClass, number>;
  /** The incremental run after webhooks applied the deletions. */
  hooked: Measured;
  hookedClasses: Record<RequestClass, number>;
  again: Measured;
  checks: { name: string; ok: boolean; detail: string }[];
  whatIf: { label: string; wallMs: number; created: number }[];
}

const benchSize = async (size: number, log: (line: string) => void): Promise<SizeResult> => {
  log(`sync bench: ${int(size)} products — starting the sandbox (latency ${LATENCY_MS} ms, quota ${QUOTA}/${WINDOW_MS / 1000} s)`);
  const sandbox = await startSandboxProcess({ products: size, seed: SEED, quota: QUOTA, windowMs: WINDOW_MS, latencyMs: LATENCY_MS });
  let app: TestApp | undefined;
  try {
    // What the minimum is made of, asked of the sandbox before any measured run.
    const total = async (p: string) => (await sandbox.api<{ meta: { pagination: { total: number } } }>(p)).meta.pagination.total;
    const inChannel = await total(`/v3/catalog/products?include_fields=is_visible&limit=1&channel_id:in=${CHANNEL_IDS.join(',')}`);
    const categories = await total('/v3/catalog/categories?limit=1');
    const brands = await total('/v3/catalog/brands?limit=1');
    const c = CHANNEL_IDS.length;
    const minimum = {
      n: c + c + 1 + pages(categories) + pages(brands) + pages(inChannel),
      parts: `${c} channel + ${c} site + 1 time + ${pages(categories)} category + ${pages(brands)} brand + ${pages(inChannel)} product pages`,
    };

    log(`sync bench: ${int(size)} — booting Strapi`);
    const strapiEnv = {
      ...sandboxEnv(sandbox),
      BIGCOMMERCE_CHANNEL_IDS: CHANNEL_IDS.join(','),
    };
    app = await bootStrapi({ env: strapiEnv });
    const strapi = app.strapi;
    const checks: SizeResult['checks'] = [];

    log(`sync bench: ${int(size)} — full sync on a fresh database`);
    const full = await measuredSync(app, sandbox, 'full', `sync-full-${size}`);
    checks.push({
      name: 'full: created = products in channel',
      ok: full.run.created === inChannel && full.run.failed === 0,
      detail: `created ${full.run.created}, failed ${full.run.failed}, in channel ${inChannel}`,
    });
    checks.push({
      name: 'full: requests counted by the plugin = sandbox log',
      ok: full.run.requests === full.stats.requests && full.calls.length === full.stats.requests,
      detail: `run record ${full.run.requests}, sandbox ${full.stats.requests}, observed ${full.calls.length}`,
    });
    const shape = await catalogShape(strapi, sandbox.products, { inChannel, categories, brands });

    log(`sync bench: ${int(size)} — API floor (replay) and DB floor (raw knex)`);
    const apiFloor = await replayApiFloor(sandbox, full.calls);
    const dbFloor = await measureDbFloor(strapi);

    // 100 price changes and 10 deletions, spread over the catalog, through the control plane.
    const knex = strapi.db.connection as unknown as Knex;
    const productMeta = strapi.db.metadata.get(PRODUCT_UID) as unknown as { tableName: string; attributes: Record<string, { columnName?: string }> };
    const bcColumn = productMeta.attributes.bigcommerceId?.columnName ?? 'bigcommerce_id';
    const ids = ((await knex(productMeta.tableName).select(bcColumn).orderBy(bcColumn)) as Row[]).map((row) => Number(row[bcColumn]));
    const changed = new Set<number>();
    for (let i = 0; i < Math.min(CHANGED, ids.length); i++) changed.add(ids[Math.floor((i * ids.length) / CHANGED)]);
    const deleted = new Set<number>();
    for (let i = 0; deleted.size < Math.min(DELETED, ids.length - changed.size) && i < ids.length; i++) {
      const id = ids[(Math.floor((i * ids.length) / DELETED) + 1) % ids.length];
      if (!changed.has(id)) deleted.add(id);
    }
    const mutate = async (work: (() => Promise<unknown>)[]) => {
      for (let i = 0; i < work.length; i += 10) await Promise.all(work.slice(i, i + 10).map((job) => job()));
    };
    await mutate([...changed].map((id, i) => () => sandbox.call('PATCH', `/__sandbox/products/${id}`, { price: 1000 + i + 0.99 })));
    await mutate([...deleted].map((id) => () => sandbox.call('DELETE', `/__sandbox/products/${id}`)));

    log(`sync bench: ${int(size)} — incremental sync (${changed.size} changed, ${deleted.size} deleted)`);
    const incremental = await measuredSync(app, sandbox, 'incremental');
    const incrementalClasses = countClasses(incremental.calls);
    checks.push({
      name: `incremental: updated ${changed.size}, deleted ${deleted.size}, nothing else`,
      ok: incremental.run.updated === changed.size && incremental.run.deleted === deleted.size && incremental.run.created === 0 && incremental.run.failed === 0,
      detail: `updated ${incremental.run.updated}, deleted ${incremental.run.deleted}, created ${incremental.run.created}, unchanged ${incremental.run.unchanged}, failed ${incremental.run.failed}`,
    });
    checks.push({
      name: 'incremental: requests counted by the plugin = sandbox log',
      ok: incremental.run.requests === incremental.stats.requests,
      detail: `run record ${incremental.run.requests}, sandbox ${incremental.stats.requests}`,
    });

    // The same again with the deletions told by webhooks first, as in a store whose hooks are registered:
    // the incremental run then finds the counts equal and lists no ids.
    const changedLater = new Set<number>();
    const deletedLater = new Set<number>();
    for (let i = 0; i < ids.length && (changedLater.size < changed.size || deletedLater.size < deleted.size); i++) {
      const id = ids[(i * 7 + 3) % ids.length];
      if (changed.has(id) || deleted.has(id) || changedLater.has(id) || deletedLater.has(id)) continue;
      if (changedLater.size < changed.size) changedLater.add(id);
      else deletedLater.add(id);
    }
    await mutate([...changedLater].map((id, i) => () => sandbox.call('PATCH', `/__sandbox/products/${id}`, { price: 2000 + i + 0.99 })));
    await mutate([...deletedLater].map((id) => () => sandbox.call('DELETE', `/__sandbox/products/${id}`)));
    const inbox = strapi.plugin('bigcommerce').service('webhook-inbox') as unknown as { receive(payload: Row): Promise<unknown> };
    for (const id of deletedLater) {
      const body = {
        scope: 'store/product/deleted',
        store_id: '1',
        data: { type: 'product', id },
        created_at: Math.floor(Date.now() / 1000),
        producer: 'stores/bench',
      };
      await inbox.receive({ ...body, hash: createHash('sha1').update(JSON.stringify(body)).digest('hex') });
    }
    await (strapi.plugin('bigcommerce').service('webhook-worker') as unknown as { drainNow(): Promise<number> }).drainNow();
    log(`sync bench: ${int(size)} — incremental sync (${changedLater.size} changed, ${deletedLater.size} deleted and told by webhooks)`);
    const hooked = await measuredSync(app, sandbox, 'incremental');
    const hookedClasses = countClasses(hooked.calls);
    checks.push({
      name: `incremental after webhooks: updated ${changedLater.size}, the ${deletedLater.size} deleted gone, nothing else`,
      ok:
        hooked.run.updated === changedLater.size &&
        hooked.run.created + hooked.run.deleted + hooked.run.failed === 0 &&
        (await knex(productMeta.tableName)
          .whereIn(bcColumn, [...deletedLater])
          .count({ n: '*' })
          .then((rows) => Number((rows as Row[])[0].n))) === 0,
      detail: `updated ${hooked.run.updated}, deleted ${hooked.run.deleted}, created ${hooked.run.created}, failed ${hooked.run.failed}`,
    });

    log(`sync bench: ${int(size)} — second full sync, nothing changed`);
    const again = await measuredSync(app, sandbox, 'full');
    checks.push({
      name: 'second full: everything unchanged',
      ok:
        again.run.unchanged === inChannel - deleted.size - deletedLater.size &&
        again.run.created + again.run.updated + again.run.deleted + again.run.failed === 0,
      detail: `unchanged ${again.run.unchanged} of ${inChannel - deleted.size - deletedLater.size}, created ${again.run.created}, updated ${again.run.updated}, deleted ${again.run.deleted}`,
    });
    await app.close();
    app = undefined;

    const whatIf: SizeResult['whatIf'] = [];
    for (const variant of WHATIF ? WHATIF_VARIANTS : []) {
      log(`sync bench: ${int(size)} — what-if: ${variant.label}`);
      app = await bootStrapi({ env: strapiEnv });
      variant.apply(app.strapi);
      const m = await measuredSync(app, sandbox, 'full');
      whatIf.push({ label: variant.label, wallMs: m.wallMs, created: m.run.created });
      await app.close();
      app = undefined;
    }

    return { size, shape, minimum, full, apiFloor, dbFloor, incremental, incrementalClasses, hooked, hookedClasses, again, checks, whatIf };
  } finally {
    await app?.close().catch(() => undefined);
    await sandbox.stop();
  }
};

// ---------------------------------------------------------------------------------------------
// The report

const report = (results: SizeResult[]): BenchReport => {
  const targets: BenchTarget[] = [];
  const breakdown = (c: Record<RequestClass, number>) =>
    [c.channel + c.site + c.time, c['category page'] + c['brand page'], c['count check'], c['id listing page'], c.other].join(' / ');
  const cols = results.map((r) => int(r.size));
  const row = (label: string, cell: (r: SizeResult) => string, target = ''): string[] => [label, ...results.map(cell), target];
  const judged = (
    label: string,
    value: (r: SizeResult) => number,
    show: (v: number) => string,
    pass: (v: number, r: SizeResult) => boolean,
    target: string,
    applies: (r: SizeResult) => boolean = () => true
  ): string[] =>
    row(
      label,
      (r) => {
        const v = value(r);
        if (!applies(r)) return show(v);
        const ok = pass(v, r);
        targets.push({ name: `${int(r.size)}: ${label.trim()}`, value: show(v), target, pass: ok });
        return `${show(v)} ${verdict(ok)}`;
      },
      target
    );
  const wallFloor = (r: SizeResult) => Math.max(r.apiFloor.ms, r.dbFloor.ms);
  const pageFetch = (m: Measured) => {
    const product = m.calls.filter((call) => classify(call) === 'product page');
    return product.length ? product.reduce((s, call) => s + call.end - call.start, 0) / product.length : NaN;
  };
  const netMs = (m: Measured) => unionMs(m.calls.map((call) => [call.start, call.end] as Interval));
  const sqlMs = (m: Measured) => unionMs(m.sql);

  const rows: string[][] = [
    ['Catalog (sandbox generator, seed ' + SEED + ')'],
    row('  products generated / in channel 1', (r) => `${int(r.shape.generated)} / ${int(r.shape.inChannel)}`),
    row(
      '  categories / brands; products with a brand',
      (r) => `${int(r.shape.categories)} / ${int(r.shape.brands)}; ${fixed((100 * r.shape.withBrand) / r.shape.inChannel, 0)} %`
    ),
    row(
      '  avg variants / images / categories a product',
      (r) =>
        `${fixed(r.shape.variants / r.shape.inChannel)} / ${fixed(r.shape.images / r.shape.inChannel)} / ${fixed(r.shape.categoryLinks / r.shape.inChannel)}`
    ),
    ['Full sync, fresh database'],
    row('  requests made (sandbox log)', (r) => int(r.full.stats.requests)),
    row('  minimum requests (formula 1)', (r) => int(r.minimum.n)),
    judged(
      '  requests / minimum',
      (r) => r.full.stats.requests / r.minimum.n,
      (v) => fixed(v),
      (v) => v <= TARGET.requestRatio,
      `≤ ${TARGET.requestRatio}`
    ),
    row('  throttled (429)', (r) => int(r.full.stats.throttled)),
    row('  wall time', (r) => seconds(r.full.wallMs)),
    row('  API floor, replayed (formula 2)', (r) => seconds(r.apiFloor.ms)),
    row('  DB floor, raw knex (formula 3)', (r) => seconds(r.dbFloor.ms)),
    judged(
      '  wall / max(API floor, DB floor)',
      (r) => r.full.wallMs / wallFloor(r),
      (v) => fixed(v),
      (v) => v <= TARGET.wallRatio,
      `≤ ${TARGET.wallRatio}`
    ),
    row('  products / s', (r) => int(r.full.run.created / (r.full.wallMs / 1000))),
    judged(
      '  peak RSS growth of Strapi',
      (r) => r.full.rss.growth,
      (v) => megabytes(v),
      (v) => v <= TARGET.rssMb * MB,
      `≤ ${TARGET.rssMb} MB at 10,000`,
      (r) => r.size >= 10_000
    ),
    row(
      '    RSS at start; peak growth of V8 heap / buffers',
      (r) => `${fixed(r.full.rss.baseline / MB, 0)}; ${fixed(r.full.rss.heapTotalGrowth / MB, 0)} / ${fixed(r.full.rss.externalGrowth / MB, 0)} MB`
    ),
    row('    V8 heap kept after the run (after a full GC)', (r) => megabytes(r.full.rss.heapRetained)),
    ['  where the time went'],
    row('    HTTP in flight (union of requests)', (r) => seconds(netMs(r.full))),
    row('    HTTP ∩ SQL (look-ahead fetch overlapping writes)', (r) =>
      seconds(
        overlapMs(
          r.full.calls.map((c) => [c.start, c.end] as Interval),
          r.full.sql
        )
      )
    ),
    row('    event loop busy (JS + synchronous SQLite)', (r) => seconds(r.full.busyMs)),
    row('    SQL running / statements', (r) => `${seconds(sqlMs(r.full))} / ${int(r.full.statements)}`),
    ...(['product writes', 'run bookkeeping', 'entry-event reads', 'other reads and writes'] as SqlClass[]).map((c) =>
      row(
        `      ${c === 'product writes' ? 'product rows + links' : c === 'run bookkeeping' ? 'run bookkeeping (progress, lease, cancel)' : c === 'entry-event reads' ? 'entry-event reads (findMany populate)' : 'other (hashes, ids, taxonomy)'}`,
        (r) => {
          const v = sqlByClass(r.full)[c];
          return `${seconds(v.ms)} / ${int(v.n)}`;
        }
      )
    ),
    row('    product page body, avg', (r) => {
      const product = r.full.calls.filter((call) => classify(call) === 'product page');
      return megabytes(product.reduce((sum, call) => sum + call.bytes, 0) / Math.max(1, product.length));
    }),
    row(
      '    product page fetch, avg: in the sync / alone',
      (r) => `${fixed(pageFetch(r.full), 0)} / ${fixed((r.apiFloor.perClassMs['product page'] ?? NaN) / pages(r.shape.inChannel), 0)} ms`
    ),
    row('    product write transaction, avg: sync / DB floor', (r) => {
      const tx = productTransactions(r.full);
      return `${fixed(unionMs(tx) / Math.max(1, tx.length), 0)} / ${fixed(r.dbFloor.ms / Math.max(1, r.dbFloor.transactions), 0)} ms`;
    }),
    ...(results.some((r) => r.whatIf.length)
      ? [
          ['  what-if (bench-side simulation on a fresh database, not the shipped code)'],
          ...results[0].whatIf.map((_, i) =>
            row(`    ${results[0].whatIf[i].label}: wall / ratio`, (r) =>
              r.whatIf[i] ? `${seconds(r.whatIf[i].wallMs)} / ${fixed(r.whatIf[i].wallMs / wallFloor(r))}` : '—'
            )
          ),
        ]
      : []),
    [`Incremental sync (${CHANGED} price changes, ${DELETED} deletions)`],
    row('  wall time', (r) => seconds(r.incremental.wallMs)),
    row('  requests made (sandbox log)', (r) => int(r.incremental.stats.requests)),
    row('  changed pages = ⌈100/250⌉', (r) => int(r.incrementalClasses['product page'])),
    judged(
      '  requests beyond the changed pages (deletions found by the id diff)',
      (r) => r.incremental.stats.requests - r.incrementalClasses['product page'],
      (v) => int(v),
      (v) => v <= TARGET.beyondChanged,
      `≤ ${TARGET.beyondChanged}`
    ),
    row('    = channel+site+time / taxonomy / count / id listing / other', (r) => breakdown(r.incrementalClasses)),
    row('  updated / deleted / created (run record)', (r) => `${r.incremental.run.updated} / ${r.incremental.run.deleted} / ${r.incremental.run.created}`),
    [`Incremental sync again (${CHANGED} price changes, ${DELETED} deletions already applied by their webhooks)`],
    row('  requests made (sandbox log) / changed pages', (r) => `${int(r.hooked.stats.requests)} / ${int(r.hookedClasses['product page'])}`),
    judged(
      '  requests beyond the changed pages (deletions told by webhooks)',
      (r) => r.hooked.stats.requests - r.hookedClasses['product page'],
      (v) => int(v),
      (v) => v <= TARGET.beyondChanged,
      `≤ ${TARGET.beyondChanged}`
    ),
    row('    = channel+site+time / taxonomy / count / id listing / other', (r) => breakdown(r.hookedClasses)),
    ['Second full sync, nothing changed'],
    row('  wall time', (r) => seconds(r.again.wallMs)),
    row('  requests made (sandbox log)', (r) => int(r.again.stats.requests)),
    row('  unchanged / written', (r) => `${int(r.again.run.unchanged)} / ${int(r.again.run.created + r.again.run.updated)}`),
    row('  wall / API floor (nothing to write)', (r) => fixed(r.again.wallMs / r.apiFloor.ms)),
  ];

  const checkLines = results.flatMap((r) => r.checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${int(r.size)}: ${check.name} (${check.detail})`));
  for (const r of results)
    for (const check of r.checks) targets.push({ name: `${int(r.size)}: ${check.name}`, value: check.ok ? 'yes' : 'no', target: 'yes', pass: check.ok });

  const text = [
    `Catalog sync — sandbox in a child process, latency L = ${LATENCY_MS} ms, quota Q = ${QUOTA} requests / W = ${WINDOW_MS / 1000} s, ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}, channel ${CHANNEL_IDS.join(',')}`,
    '',
    table(['', ...cols, 'target'], rows),
    '',
    'Formulas',
    `  (1) minimum requests N = C channels + C sites + 1 time + max(1,⌈categories/250⌉) + max(1,⌈brands/250⌉) + max(1,⌈products in channel/250⌉)`,
    ...results.map((r) => `      ${int(r.size)}: N = ${r.minimum.parts} = ${r.minimum.n}`),
    `  (2) API floor = k·W + Σ t(i) over the last N − k·Q requests, k = ⌈N/Q⌉ − 1 (whole windows waited out); t(i) = time of`,
    `      minimum request i sent alone, one after another, from this process (the sync's own URLs replayed; each ≥ L).`,
    `      N × L is the same with t(i) = L: pure latency, no serving time.`,
    ...results.map(
      (r) =>
        `      ${int(r.size)}: N = ${r.apiFloor.n}, k = ${r.apiFloor.windows}, floor ${seconds(r.apiFloor.ms)} (N × L = ${seconds(r.apiFloor.latencyOnlyMs)})`
    ),
    `  (3) DB floor = raw knex insert of the rows the full sync wrote (product rows + brand/category/channel link rows)`,
    `      into the same tables after emptying them, one transaction per 250 products.`,
    ...results.map(
      (r) => `      ${int(r.size)}: ${int(r.dbFloor.productRows)} product rows + ${int(r.dbFloor.linkRows)} link rows in ${r.dbFloor.transactions} transactions`
    ),
    `  Each measured run starts on a fresh quota window (the sandbox limiter is reset before it) and after a full GC.`,
    ...(WHATIF ? [`  What-if runs come after the incremental run: the catalog then has ${DELETED} fewer products; ratio over the same floors.`] : []),
    '',
    'Checks',
    ...checkLines,
    ...results.flatMap((r) => (r.full.profile ? ['', `CPU profile of the ${int(r.size)} full sync`, r.full.profile] : [])),
  ].join('\n');
  return { text, targets };
};

export const bench: Bench = {
  name: 'sync',
  title: 'Catalog sync (full, incremental, unchanged) against the sandbox store',
  async run() {
    if (!SIZES.length) throw new Error('BENCH_SIZES has no positive size');
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results: SizeResult[] = [];
    const errors: string[] = [];
    for (const size of SIZES) {
      try {
        results.push(await benchSize(size, log));
      } catch (error) {
        errors.push(`${int(size)} products: ${error instanceof Error ? error.message : String(error)}`);
        log(`sync bench: ${int(size)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    if (!results.length) return { text: 'No catalog size completed.', targets: [], errors };
    return { ...report(results), errors };
  },
};

export default bench;
