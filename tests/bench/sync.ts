// `npm run bench:sync` — the full catalog sync at the real limits (issue #16, items 2 and 3).
//
// Per database × catalog size: the sandbox store in a child process, Strapi listening on a loopback port,
// then one full sync per latency model × quota, each on a fresh database, each against its floor:
//   floor = max(quota floor, DB floor, lanes floor)
//     quota floor: k whole windows waited out (k = ⌈N/Q⌉ − 1 for the N minimum requests) plus the rest of the
//                  product pages in eight lanes;
//     DB floor:    the rows the sync wrote, written back with raw knex (one transaction per 250 products);
//     lanes floor: ⌈product pages ÷ 8⌉ × one page's time alone (eight lanes, well inside what BigCommerce tolerates).
// Then storefront reads (the read API bench's shapes, over HTTP to the same Strapi, one at a time) while idle
// and while a full sync rewrites every product (realistic model, Standard quota): p99 during / idle.
//
// Latency models: "realistic" = BENCH_LATENCY_MS per request + a per-KiB latency derived so that a full
// 250-product page (every include the sync asks for) takes ≈ BENCH_PAGE_MS; "fixed" = BENCH_LATENCY_MS alone.
//
//   BENCH_SIZES=10000,50000     catalog sizes (BENCH_QUICK=1: 1000 by default — a CI-like quick run)
//   BENCH_DBS=sqlite,postgres   PostgreSQL: DATABASE_CLIENT=postgres + DATABASE_* if set, else a throwaway
//                               cluster started like .ci/run (needs /usr/lib/postgresql/*/bin); skipped with a reason otherwise
//   BENCH_QUOTAS=standard,pro   Standard 150 / 30 s, Pro 450 / 30 s (BENCH_WINDOW_MS=30000)
//   BENCH_MODELS=realistic,fixed   BENCH_PAGE_MS=1500  BENCH_LATENCY_MS=50  BENCH_SEED=1
// Each size starts with one unmeasured sync (no quota, no latency) so that JIT and lazy loading are paid once.
//   BENCH_READS=1               reads during a sync (0: skip);  BENCH_READ_ROUNDS=30 idle rounds over the shapes
//   BENCH_SYNC_LANES=8          the sync's lanes (syncLanes); 1 measures the one-lane id cursor
// Diagnostics: BENCH_CPU_PROFILE=<dir> profiles the sync under reads (each size), with a summary.
//
// Run time here (2 shared cores): a 10,000 configuration ≈ 15–25 s a sync, ≈ 2.5 min for the size with its
// reads; a 50,000 one ≈ 45–90 s a sync (the Standard quota waits out a window), ≈ 8–10 min for the size.
// Every default (2 DBs × 2 sizes) is ≈ 25 min; BENCH_SIZES=10000 BENCH_DBS=sqlite ≈ 3 min.
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import v8 from 'node:v8';

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { perKbForPage } from '../sandbox/faults';
import type { Product } from '../../server/src/bigcommerce';
import { PRODUCT_INCLUDES } from '../../server/src/sync/bigcommerce-source';
import { mapProduct } from '../../server/src/sync/mapping';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';
import { fixed, int, megabytes, seconds, table, verdict } from './lib/format';
import { httpClient, type HttpClient } from './lib/http-client';
import { startCpuProfile } from './lib/cpu-profile';
import { collectGarbage, eventLoopBusy, MB, recordHttp, sampleRss, type HttpCall } from './lib/measure';
import { percentile } from './lib/stats';
import { request, startSandboxProcess, type SandboxProcess } from './lib/sandbox-process';
import { envInt } from './lib/env';
import { onDatabase } from './lib/postgres';
import { chooseParameters, shapesFor, type Shape } from './read-api';
import type { Bench, BenchReport, BenchTarget } from './types';

const list = (name: string, fallback: string): string[] =>
  (process.env[name] || fallback)
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

const QUICK = Boolean(process.env.BENCH_QUICK);
const SIZES = list('BENCH_SIZES', QUICK ? '1000' : '10000,50000').map(Number);
const DBS = list('BENCH_DBS', 'sqlite,postgres');
const QUOTA_NAMES = list('BENCH_QUOTAS', 'standard,pro');
const MODEL_NAMES = list('BENCH_MODELS', 'realistic,fixed');
/** The sync's lanes ceiling (syncLanes): eight, as the lanes floor assumes; 1 measures the one-lane id cursor. */
const SYNC_LANES = envInt('BENCH_SYNC_LANES', 8);
const PAGE_MS = envInt('BENCH_PAGE_MS', 1500, 1);
const LATENCY_MS = envInt('BENCH_LATENCY_MS', 50);
const WINDOW_MS = envInt('BENCH_WINDOW_MS', 30_000, 1);
const SEED = envInt('BENCH_SEED', 1);
const READS = process.env.BENCH_READS !== '0';
const READ_ROUNDS = envInt('BENCH_READ_ROUNDS', 30, 1);

const QUOTAS: Record<string, { label: string; quota: number }> = {
  standard: { label: 'Standard 150/30 s', quota: 150 },
  pro: { label: 'Pro 450/30 s', quota: 450 },
};
const CHANNEL_IDS = [1];
const PAGE = 250; // BigCommerce's largest page, the one the sync asks for
const FLOOR_LANES = 8;
// Requests: the minimum plus what reading id ranges at once costs — the highest id asked once, and at most one
// short page per range (two per lane: a lane that finishes early takes half of another range).
const TARGET = { extraRequests: 2 * SYNC_LANES + 1, wallRatio: 1.3, rssMb: 150, rssAt: 50_000, readRatio: 2 };
const PRODUCT_UID = 'plugin::bigcommerce.product';
const LINKS = ['brand', 'categories', 'channels'] as const;

type Row = Record<string, unknown>;
type Model = 'realistic' | 'fixed';

interface Run {
  status: string;
  kind: string;
  message: string | null;
  created: number;
  updated: number;
  failed: number;
  requests: number;
}

interface SyncService {
  start(input: { kind: 'full' | 'incremental'; trigger: 'api' }): Promise<Run>;
  waitForIdle(): Promise<Run | undefined>;
}

const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));
const load1 = () => os.loadavg()[0];

// ---------------------------------------------------------------------------------------------
// Storefront reads over HTTP, one at a time, the shapes interleaved round by round.

interface Reads {
  /** Every sample, and per shape. */
  all: number[];
  byShape: number[][];
}

const readRound = async (client: HttpClient, shapes: Shape[], round: number, into?: Reads) => {
  for (const [i, shape] of shapes.entries()) {
    const res = await client.get(shape.path(round));
    if (res.status !== 200) throw new Error(`GET ${shape.path(round)} -> ${res.status}: ${res.text.slice(0, 200)}`);
    into?.all.push(res.ms);
    into?.byShape[i].push(res.ms);
  }
};

const emptyReads = (shapes: Shape[]): Reads => ({ all: [], byShape: shapes.map(() => []) });

/** Reads until `done` settles; returns what was measured. */
const readWhile = async (client: HttpClient, shapes: Shape[], done: Promise<unknown>): Promise<Reads> => {
  const reads = emptyReads(shapes);
  let over = false;
  void done.finally(() => (over = true)).catch(() => undefined);
  for (let round = 0; !over; round++) await readRound(client, shapes, round, reads);
  return reads;
};

// ---------------------------------------------------------------------------------------------
// One measured full sync

interface Measured {
  run: Run;
  wallMs: number;
  requests: number;
  throttled: number;
  productPages: number;
  busyMs: number;
  /** Event-loop delay while the sync ran: p99 and max (ms). */
  delayP99: number;
  delayMax: number;
  rssGrowth: number;
  /** Growth of the V8 heap in use, peak over start: unlike RSS, not hidden by an earlier run's high-water mark. */
  heapGrowth: number;
  /** The V8 heap in use after a full GC at the end, over the start: what the run kept (the rest of the peak was garbage). */
  heapRetained: number;
  reads?: Reads;
  load: [number, number];
}

const measuredSync = async (app: TestApp, sandbox: SandboxProcess, reader?: { client: HttpClient; shapes: Shape[] }): Promise<Measured> => {
  const sync = app.strapi.plugin('bigcommerce').service('sync') as unknown as SyncService;
  await sandbox.resetRateLimit();
  await sandbox.resetStats();
  const loadBefore = load1();
  const http = recordHttp(new URL(sandbox.url).host);
  collectGarbage();
  const rss = sampleRss(25);
  const busy = eventLoopBusy();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  let wallMs = 0;
  const syncDone = (async () => {
    const started = await sync.start({ kind: 'full', trigger: 'api' });
    const run = (await sync.waitForIdle()) ?? started;
    wallMs = performance.now() - t0;
    return run;
  })();
  let reads: Reads | undefined;
  let run: Run;
  try {
    if (reader) reads = await readWhile(reader.client, reader.shapes, syncDone);
    run = await syncDone;
  } finally {
    delay.disable();
  }
  const busyMs = busy.stop();
  const rssResult = rss.stop();
  const calls: HttpCall[] = http.stop();
  if (run.status !== 'succeeded') throw new Error(`full sync did not succeed: ${run.status} ${run.message ?? ''}`);
  const stats = await sandbox.stats();
  return {
    run,
    wallMs,
    requests: stats.requests,
    throttled: stats.throttled,
    productPages: calls.filter((call) => /\/v3\/catalog\/products\?.*include=/.test(call.path)).length,
    busyMs,
    delayP99: delay.percentile(99) / 1e6,
    delayMax: delay.max / 1e6,
    rssGrowth: rssResult.growth,
    heapGrowth: rssResult.heapUsedGrowth,
    heapRetained: rssResult.heapRetained,
    reads,
    load: [loadBefore, load1()],
  };
};

// ---------------------------------------------------------------------------------------------
// Product tables: rewritten by the DB floor; their hashes forgotten for the reads run.

const productTables = (strapi: Core.Strapi) => {
  const meta = strapi.db.metadata.get(PRODUCT_UID) as unknown as {
    tableName: string;
    attributes: Record<string, { columnName?: string; joinTable?: { name: string; joinColumn: { name: string } } }>;
  };
  const links = LINKS.map((attribute) => {
    const joinTable = meta.attributes[attribute]?.joinTable;
    if (!joinTable) throw new Error(`${PRODUCT_UID}.${attribute} has no join table`);
    return { name: joinTable.name, owner: joinTable.joinColumn.name };
  });
  return { table: meta.tableName, hashColumn: meta.attributes.contentHash?.columnName ?? 'content_hash', links };
};

const emptyProducts = async (strapi: Core.Strapi) => {
  const knex = strapi.db.connection as unknown as Knex;
  const t = productTables(strapi);
  await knex.transaction(async (trx) => {
    for (const link of t.links) await trx(link.name).del();
    await trx(t.table).del();
  });
};

/** Every product's hash forgotten: the next full sync rewrites all of them while the catalog stays readable. */
const forgetHashes = async (strapi: Core.Strapi) => {
  const t = productTables(strapi);
  await (strapi.db.connection as unknown as Knex)(t.table).update({ [t.hashColumn]: null });
};

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

/** DB floor: the synced product and link rows deleted and written back with raw knex, 250 products a transaction. */
const measureDbFloor = async (strapi: Core.Strapi): Promise<{ ms: number; productRows: number; linkRows: number }> => {
  const knex = strapi.db.connection as unknown as Knex;
  const t = productTables(strapi);
  const products = ((await knex(t.table).select('*').orderBy('id')) as Row[]).map(jsonSafe);
  let linkCount = 0;
  const linkRows = await Promise.all(
    t.links.map(async (link) => {
      const byOwner = new Map<number, Row[]>();
      for (const row of (await knex(link.name).select('*').orderBy('id')) as Row[]) {
        const { id: _id, ...rest } = row;
        const owner = Number(rest[link.owner]);
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), jsonSafe(rest)]);
        linkCount += 1;
      }
      return { ...link, byOwner };
    })
  );
  await emptyProducts(strapi);
  const t0 = performance.now();
  for (let i = 0; i < products.length; i += PAGE) {
    const part = products.slice(i, i + PAGE);
    await knex.transaction(async (trx) => {
      await insertAll(trx, t.table, part);
      for (const link of linkRows)
        await insertAll(
          trx,
          link.name,
          part.flatMap((row) => link.byOwner.get(Number(row.id)) ?? [])
        );
    });
  }
  return { ms: performance.now() - t0, productRows: products.length, linkRows: linkCount };
};

// ---------------------------------------------------------------------------------------------
// One database × one size

interface ModelFigures {
  model: Model;
  latencyPerKbMs: number;
  /** One full product page asked alone under the model (median of 3). */
  pageMs: number;
}

interface ConfigResult {
  model: Model;
  quota: string;
  quotaN: number;
  m: Measured;
  floors: { quota: number; db: number; lanes: number };
  /** Seconds the configuration took, its preparation included. */
  took: number;
}

interface SizeResult {
  db: string;
  size: number;
  /** The first sync in a fresh Strapi process (no quota, no latency): its RSS growth is the one a fresh node shows. */
  warmUp: Measured;
  inChannel: number;
  minimum: number;
  pageBytes: number;
  parseMs: number;
  /** mapProduct over one full page, and v8.deserialize of its records (a worker's hand-back), here. */
  mapMs: number;
  cloneMs: number;
  models: ModelFigures[];
  dbFloor: { ms: number; productRows: number; linkRows: number };
  configs: ConfigResult[];
  reads?: { idle: Reads; during: Measured; shapes: string[]; took: number };
  took: number;
}

const median = (xs: number[]) => percentile(xs, 50);

const benchSize = async (db: string, size: number, log: (line: string) => void): Promise<SizeResult> => {
  const started = performance.now();
  const say = (line: string) => log(`sync bench: ${db} ${int(size)} — ${line} (load ${load1().toFixed(2)})`);
  say('starting the sandbox');
  const sandbox = await startSandboxProcess({ products: size, seed: SEED, quota: 0, windowMs: WINDOW_MS, latencyMs: 0 });
  let app: TestApp | undefined;
  let client: HttpClient | undefined;
  try {
    const total = async (p: string) => (await sandbox.api<{ meta: { pagination: { total: number } } }>(p)).meta.pagination.total;
    const channel = `channel_id:in=${CHANNEL_IDS.join(',')}`;
    const inChannel = await total(`/v3/catalog/products?include_fields=is_visible&limit=1&${channel}`);
    const c = CHANNEL_IDS.length;
    const minimum = c + c + 1 + pages(await total('/v3/catalog/categories?limit=1')) + pages(await total('/v3/catalog/brands?limit=1')) + pages(inChannel);

    // What one full page weighs (the sync's own query), and what parsing it costs here.
    const pagePath = (n: number) =>
      `/stores/${sandbox.storeHash}/v3/catalog/products?include=${PRODUCT_INCLUDES.join(',')}&${channel}&sort=id&direction=asc&limit=${PAGE}&page=${n}`;
    const fullPages = Math.max(1, Math.floor(inChannel / PAGE));
    const samplePages = [1, Math.ceil(fullPages / 2), fullPages];
    const get = (n: number) => request(`${sandbox.url}${pagePath(n)}`, 'GET', undefined, { 'x-auth-token': sandbox.accessToken });
    const bodies = await Promise.all(samplePages.map(get));
    const pageBytes = bodies.reduce((s, b) => s + b.bytes, 0) / bodies.length;
    const parseMs = median(
      bodies.flatMap((b) =>
        [0, 1].map(() => {
          const t0 = performance.now();
          JSON.parse(b.text);
          return performance.now() - t0;
        })
      )
    );
    const pageTime = async (latencyPerKbMs: number) => {
      await sandbox.setFaults({ latencyMs: LATENCY_MS, latencyPerKbMs });
      const times: number[] = [];
      for (const n of samplePages) {
        const t0 = performance.now();
        await get(n);
        times.push(performance.now() - t0);
      }
      return median(times);
    };
    // The per-KiB part tops up what a page costs under the fixed latency alone (the sandbox's own serving included).
    const fixedPageMs = await pageTime(0);
    // What mapping a page costs here, and what handing its records back from a worker thread would cost this
    // thread (structured clone: a worker's parse + map is paid again on arrival).
    const parsed = (JSON.parse(bodies[0].text) as { data: Product[] }).data;
    const mapMs = median(
      [0, 1, 2].map(() => {
        const t0 = performance.now();
        parsed.forEach((product) => mapProduct(product, CHANNEL_IDS));
        return performance.now() - t0;
      })
    );
    const records = parsed.map((product) => mapProduct(product, CHANNEL_IDS));
    const cloneMs = median(
      [0, 1, 2].map(() => {
        const serialized = v8.serialize(records);
        const t0 = performance.now();
        v8.deserialize(serialized);
        return performance.now() - t0;
      })
    );
    const models: ModelFigures[] = [];
    for (const model of MODEL_NAMES as Model[]) {
      if (model !== 'realistic' && model !== 'fixed') throw new Error(`BENCH_MODELS: unknown model ${model} (realistic, fixed)`);
      const latencyPerKbMs = model === 'realistic' ? perKbForPage(pageBytes, PAGE_MS, fixedPageMs) : 0;
      models.push({ model, latencyPerKbMs, pageMs: model === 'fixed' ? fixedPageMs : await pageTime(latencyPerKbMs) });
    }
    say(
      `page ${(pageBytes / 1024).toFixed(0)} KiB, parse ${parseMs.toFixed(1)} ms; ${models.map((m) => `${m.model} ${m.pageMs.toFixed(0)} ms a page`).join(', ')}`
    );

    const boot = async () => {
      await app?.close();
      app = undefined;
      say('booting Strapi on a fresh database (listening)');
      app = await bootStrapi({
        listen: true,
        env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: CHANNEL_IDS.join(','), BIGCOMMERCE_SYNC_LANES: String(SYNC_LANES) },
      });
      return app;
    };
    // One unmeasured sync first (no quota, no latency): the first run in a process also pays for JIT and lazy loading.
    say('warm-up sync (not measured)');
    await sandbox.setFaults({});
    await sandbox.setQuota(0, WINDOW_MS);
    const warmUp = await measuredSync(await boot(), sandbox);
    const configs: ConfigResult[] = [];
    let dbFloor: SizeResult['dbFloor'] | undefined;
    for (const figures of models) {
      for (const quotaName of QUOTA_NAMES) {
        const plan = QUOTAS[quotaName];
        if (!plan) throw new Error(`BENCH_QUOTAS: unknown quota ${quotaName} (have ${Object.keys(QUOTAS).join(', ')})`);
        const t0 = performance.now();
        say(`full sync, ${figures.model} latency, ${plan.label}`);
        const booted = await boot();
        await sandbox.setFaults({ latencyMs: LATENCY_MS, latencyPerKbMs: figures.latencyPerKbMs });
        await sandbox.setQuota(plan.quota, WINDOW_MS);
        const m = await measuredSync(booted, sandbox);
        if (m.run.created !== inChannel || m.run.failed) throw new Error(`full sync created ${m.run.created} of ${inChannel}, failed ${m.run.failed}`);
        if (!dbFloor) {
          say('DB floor (raw knex)');
          dbFloor = await measureDbFloor(booted.strapi);
        }
        const productPages = pages(inChannel);
        const windows = Math.max(0, Math.ceil(minimum / plan.quota) - 1);
        const rest = Math.max(0, Math.min(productPages, minimum - windows * plan.quota));
        configs.push({
          model: figures.model,
          quota: plan.label,
          quotaN: plan.quota,
          m,
          floors: {
            quota: windows ? windows * WINDOW_MS + Math.ceil(rest / FLOOR_LANES) * figures.pageMs : 0,
            db: dbFloor.ms,
            lanes: Math.ceil(productPages / FLOOR_LANES) * figures.pageMs,
          },
          took: (performance.now() - t0) / 1000,
        });
      }
    }

    let reads: SizeResult['reads'];
    const readModel = models.find((m) => m.model === 'realistic') ?? models[0];
    if (READS && readModel && app) {
      const t0 = performance.now();
      const strapi = app.strapi;
      client = httpClient(app.url!, { maxSockets: 1 });
      const params = await chooseParameters(strapi);
      // Visible products whose channel listing hides them answer 404 by slug: ask only for the ones a shopper finds.
      const read = strapi.plugin('bigcommerce').service('catalog-read') as unknown as {
        findProductBySlug(slug: string, channel?: number): Promise<Row | null>;
      };
      const found = await Promise.all(params.slugs.map(async (slug) => ((await read.findProductBySlug(slug, undefined)) ? slug : null)));
      const shapes = shapesFor(strapi, { ...params, slugs: found.filter((slug): slug is string => slug !== null) });
      say(`reads idle: ${READ_ROUNDS} rounds over ${shapes.length} shapes`);
      for (let round = 0; round < 5; round++) await readRound(client, shapes, round);
      const idle = emptyReads(shapes);
      for (let round = 0; round < READ_ROUNDS; round++) await readRound(client, shapes, round, idle);
      say(`reads during a full sync rewriting every product (${readModel.model} latency, ${QUOTAS.standard.label})`);
      await forgetHashes(strapi);
      await sandbox.setFaults({ latencyMs: LATENCY_MS, latencyPerKbMs: readModel.latencyPerKbMs });
      await sandbox.setQuota(QUOTAS.standard.quota, WINDOW_MS);
      const profiler = await startCpuProfile(process.env.BENCH_CPU_PROFILE, `sync-reads-${db}-${size}`);
      const during = await measuredSync(app, sandbox, { client, shapes });
      const profile = await profiler.stop();
      if (profile) log(profile);
      if (during.run.updated !== inChannel) throw new Error(`the re-sync updated ${during.run.updated} of ${inChannel}`);
      reads = { idle, during, shapes: shapes.map((s) => s.name), took: (performance.now() - t0) / 1000 };
    }
    return {
      db,
      size,
      warmUp,
      inChannel,
      minimum,
      pageBytes,
      parseMs,
      mapMs,
      cloneMs,
      models,
      dbFloor: dbFloor!,
      configs,
      reads,
      took: (performance.now() - started) / 1000,
    };
  } finally {
    client?.close();
    await app?.close().catch(() => undefined);
    await sandbox.stop();
  }
};

// ---------------------------------------------------------------------------------------------
// The report

const report = (results: SizeResult[], skipped: string[]): BenchReport => {
  const targets: BenchTarget[] = [];
  const judge = (name: string, value: string, target: string, pass: boolean) => {
    targets.push({ name, value, target, pass });
    return `${value} ${verdict(pass)}`;
  };
  const label = (r: SizeResult) => `${r.db} ${int(r.size)}`;
  const rows: string[][] = [];
  for (const r of results) {
    rows.push([
      `${label(r)} products (${int(r.inChannel)} in channel 1, N = ${r.minimum} minimum requests, ${r.configs.length} configurations in ${r.took.toFixed(0)} s)`,
    ]);
    const rss = r.warmUp.rssGrowth;
    rows.push([
      `  first sync in the process (no quota, no latency: pages arrive fastest): peak RSS growth ${
        r.size >= TARGET.rssAt
          ? judge(`${label(r)}: peak RSS growth, first sync`, megabytes(rss), `≤ ${TARGET.rssMb} MB`, rss <= TARGET.rssMb * MB)
          : megabytes(rss)
      }, heap ${megabytes(r.warmUp.heapGrowth)} (kept after a full GC at the end: ${megabytes(r.warmUp.heapRetained)}), wall ${seconds(r.warmUp.wallMs)}`,
    ]);
    for (const c of r.configs) {
      const floor = Math.max(c.floors.quota, c.floors.db, c.floors.lanes);
      const binds = floor === c.floors.quota ? 'quota' : floor === c.floors.db ? 'DB' : 'lanes';
      const name = `${label(r)} ${c.model} ${c.quota}`;
      rows.push([
        `  ${c.model}, ${c.quota}`,
        seconds(c.m.wallMs),
        seconds(c.floors.quota),
        seconds(c.floors.db),
        seconds(c.floors.lanes),
        binds,
        judge(`${name}: wall / floor`, fixed(c.m.wallMs / floor), `≤ ${TARGET.wallRatio}`, c.m.wallMs / floor <= TARGET.wallRatio),
        judge(
          `${name}: requests / minimum`,
          `${int(c.m.requests)} = N + ${int(c.m.requests - r.minimum)} (${fixed(c.m.requests / r.minimum)}×)`,
          `≤ N + ${TARGET.extraRequests}`,
          c.m.requests - r.minimum <= TARGET.extraRequests
        ),
        judge(`${name}: 429s`, int(c.m.throttled), '0', c.m.throttled === 0),
        `${megabytes(c.m.rssGrowth)} / ${megabytes(c.m.heapGrowth)}`,
        `${seconds(c.m.busyMs)} / ${fixed(c.m.delayMax, 0)} ms`,
        `${c.m.load[0].toFixed(1)}→${c.m.load[1].toFixed(1)}`,
        `${c.took.toFixed(0)} s`,
      ]);
    }
  }
  const readRows: string[][] = [];
  for (const r of results) {
    if (!r.reads) continue;
    const { idle, during } = r.reads;
    const duringReads = during.reads!;
    const idleP99 = percentile(idle.all, 99);
    const duringP99 = percentile(duringReads.all, 99);
    readRows.push([
      `${label(r)}: all shapes`,
      `${fixed(percentile(idle.all, 50), 1)} / ${fixed(idleP99, 1)}`,
      `${fixed(percentile(duringReads.all, 50), 1)} / ${fixed(duringP99, 1)}`,
      `${fixed(duringP99 / idleP99, 1)}× (pooled; judged per shape)`,
      `${int(idle.all.length)} / ${int(duringReads.all.length)}`,
      `${seconds(during.wallMs)}; loop busy ${seconds(during.busyMs)}, delay p99 ${fixed(during.delayP99, 0)} / max ${fixed(during.delayMax, 0)} ms; load ${during.load[0].toFixed(1)}→${during.load[1].toFixed(1)}; ${r.reads.took.toFixed(0)} s`,
    ]);
    r.reads.shapes.forEach((shape, i) =>
      readRows.push([
        `    ${shape}`,
        `${fixed(percentile(idle.byShape[i], 50), 1)} / ${fixed(percentile(idle.byShape[i], 99), 1)}`,
        `${fixed(percentile(duringReads.byShape[i], 50), 1)} / ${fixed(percentile(duringReads.byShape[i], 99), 1)}`,
        judge(
          `${label(r)}: read p99 during / idle, ${shape}`,
          `${fixed(percentile(duringReads.byShape[i], 99) / percentile(idle.byShape[i], 99), 1)}×`,
          `≤ ${TARGET.readRatio}×`,
          percentile(duringReads.byShape[i], 99) <= TARGET.readRatio * percentile(idle.byShape[i], 99)
        ),
        '',
        '',
      ])
    );
  }
  const text = [
    `Full catalog sync at the real limits — sandbox in a child process, fixed latency ${LATENCY_MS} ms a request, window ${WINDOW_MS / 1000} s, channel 1, seed ${SEED}; load average (1 min) ${load1().toFixed(2)} at the end, ${os.cpus().length} CPUs.`,
    '',
    'Latency models (one full product page asked alone; page = 250 products with every include the sync asks for)',
    ...results.map(
      (r) =>
        `  ${label(r)}: page ${fixed(r.pageBytes / 1024, 0)} KiB (here: JSON.parse ${fixed(r.parseMs, 1)} ms, map ${fixed(r.mapMs, 1)} ms, structured-clone of its records ${fixed(r.cloneMs, 1)} ms); ` +
        r.models.map((m) => `${m.model}: ${LATENCY_MS} ms + ${fixed(m.latencyPerKbMs, 3)} ms/KiB → ${fixed(m.pageMs, 0)} ms a page`).join('; ')
    ),
    '',
    table(
      [
        '',
        'wall',
        'quota floor',
        'DB floor',
        'lanes floor',
        'binds',
        'wall/floor',
        'requests (÷ N)',
        '429',
        'peak RSS / heap growth',
        'loop busy / max delay',
        'load',
        'took',
      ],
      rows
    ),
    '',
    `  quota floor = k·W + ⌈(rest of the product pages) ÷ ${FLOOR_LANES}⌉ × page time, k = ⌈N/Q⌉ − 1 whole windows waited out (0 when N ≤ Q);`,
    `  DB floor = the synced product + link rows written back with raw knex, 250 products a transaction (${results.map((r) => `${label(r)}: ${int(r.dbFloor.productRows)} + ${int(r.dbFloor.linkRows)} rows`).join('; ')});`,
    `  lanes floor = ⌈product pages ÷ ${FLOOR_LANES}⌉ × one page's time alone. Target: wall ≤ ${TARGET.wallRatio} × max of the three; 0 × 429; peak RSS growth ≤ ${TARGET.rssMb} MB at ${int(TARGET.rssAt)}.`,
    `  Every run on a freshly booted Strapi and fresh database, a fresh quota window and after a full GC; "loop busy": event-loop active time during the run, "max delay": its longest block.`,
    ...(readRows.length
      ? [
          '',
          `Storefront reads (the read-api bench's shapes over HTTP to the same Strapi, one at a time): idle (${READ_ROUNDS} rounds), then during a full sync that rewrites every product (hashes forgotten; ${QUOTAS.standard.label}, realistic latency). Times in ms.`,
          table(['', 'idle p50 / p99', 'during p50 / p99', 'p99 during / idle', 'samples idle / during', 'the sync'], readRows),
        ]
      : []),
    ...(skipped.length ? ['', ...skipped.map((s) => `Skipped: ${s}`)] : []),
  ].join('\n');
  return { text, targets };
};

export const bench: Bench = {
  name: 'sync',
  title: 'Full catalog sync at the real limits: floors, quotas, latency models, reads during the sync',
  async run() {
    if (!SIZES.length || SIZES.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('BENCH_SIZES needs positive integers');
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results: SizeResult[] = [];
    const errors: string[] = [];
    const skipped: string[] = [];
    for (const db of DBS) {
      if (db !== 'sqlite' && db !== 'postgres') throw new Error(`BENCH_DBS: unknown database ${db} (sqlite, postgres)`);
      const ran = await onDatabase(db, log, async () => {
        for (const size of SIZES) {
          try {
            results.push(await benchSize(db, size, log));
          } catch (error) {
            errors.push(`${db} ${int(size)} products: ${error instanceof Error ? error.message : String(error)}`);
            log(`sync bench: ${db} ${int(size)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          }
        }
      });
      if ('skipped' in ran) skipped.push(`PostgreSQL — ${ran.skipped}`);
    }
    if (!results.length) return { text: ['No configuration completed.', ...skipped].join('\n'), targets: [], errors };
    return { ...report(results, skipped), errors };
  },
};

export default bench;
