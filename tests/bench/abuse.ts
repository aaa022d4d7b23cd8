// `npm run bench:abuse` — what hostile input costs the server, and what it costs everyone else (issue #9).
//
// One Strapi over a synced catalog of BENCH_ABUSE_PRODUCTS products (500; sandbox in a child process),
// listening on a loopback port. The hostile requests come from a raw node:http client in a child process
// of its own (lib/hostile-client.ts), so that this process's CPU time is the server's alone.
//
// 1. CPU time per hostile body, by class: process.cpuUsage() of this (the server's) process over
//    BENCH_ABUSE_CPU_REQUESTS requests of a class (200, after BENCH_ABUSE_CPU_WARMUP = 20 of every class), one at
//    a time on a keep-alive socket, in 4 rounds over the classes. Printed raw (the whole request, Koa and Strapi's middlewares included) and net
//    of a baseline of the same protocol: REST — a tiny valid-shaped body that validation answers 400;
//    GraphQL — `{ __typename }`. Target: the 8,000-deep 16 KB body refused in ≤ 2 ms CPU (raw).
// 2. p99 of an unrelated catalog read (GET /api/bigcommerce/brands, one at a time, keep-alive) idle for
//    BENCH_ABUSE_IDLE_SECONDS (5), then while BENCH_ABUSE_BODY_CLIENTS (8) clients send deep JSON and
//    oversized chunked bodies in a loop for BENCH_ABUSE_BODY_SECONDS (10); then, as a control without a
//    target, while the same clients send the tiny baseline body. Target: p99 under attack ≤ 2 × idle p99.
// 3. The `?live=true` flood vs a shopper (./abuse-live, BENCH_ABUSE_SECONDS = 30 and its other settings),
//    on the same catalog. BENCH_ABUSE_LIVE=0 leaves it out.
//
//   BENCH_ABUSE_PRODUCTS=500  BENCH_ABUSE_CPU_REQUESTS=200  BENCH_ABUSE_CPU_WARMUP=20  BENCH_ABUSE_IDLE_SECONDS=5
//   BENCH_ABUSE_BODY_SECONDS=10  BENCH_ABUSE_BODY_CLIENTS=8  BENCH_ABUSE_LIVE=1  BENCH_SEED=1
// Diagnostics: BENCH_CPU_PROFILE=<dir> profiles the measured requests of part 1, with a summary.
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { abuseLive, abuseLiveEnv, abuseLiveReport } from './abuse-live';
import { startCpuProfile } from './lib/cpu-profile';
import { envInt } from './lib/env';
import { fixed, int, table, verdict } from './lib/format';
import { startHostileClient, type FloodResult, type RawRequest } from './lib/hostile-client';
import { httpClient } from './lib/http-client';
import { percentile } from './lib/stats';
import { startSyncedCatalog } from './lib/synced-catalog';
import type { Bench, BenchReport, BenchTarget } from './types';

const PRODUCTS = envInt('BENCH_ABUSE_PRODUCTS', 500, 1);
const CPU_REQUESTS = envInt('BENCH_ABUSE_CPU_REQUESTS', 200, 10);
const CPU_WARMUP = envInt('BENCH_ABUSE_CPU_WARMUP', 20);
const IDLE_SECONDS = envInt('BENCH_ABUSE_IDLE_SECONDS', 5, 1);
const BODY_SECONDS = envInt('BENCH_ABUSE_BODY_SECONDS', 10, 1);
const BODY_CLIENTS = envInt('BENCH_ABUSE_BODY_CLIENTS', 8, 1);
const LIVE = envInt('BENCH_ABUSE_LIVE', 1) > 0;
const SEED = envInt('BENCH_SEED', 1, 1);
const ROUNDS = 4;

/** The target: a deep body refused for at most this much CPU. */
const TARGET_DEEP_CPU_MS = 2;
/** The target: an unrelated read's p99 under attack at most this many times its idle p99. */
const TARGET_P99_RATIO = 2;

const CART = '/api/bigcommerce/cart';
const READ = '/api/bigcommerce/brands';
const GRAPHQL = '/graphql';
const JSON_TYPE = { 'content-type': 'application/json' };

const deepBody = (depth: number) => `{"lineItems": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
const bigBody = JSON.stringify({ code: 'x'.repeat(300_000) });
const graphql = (body: unknown): RawRequest => ({ method: 'POST', path: GRAPHQL, headers: JSON_TYPE, body: JSON.stringify(body) });
const rest = (body: string, headers: Record<string, string> = JSON_TYPE, chunked = false): RawRequest => ({
  method: 'POST',
  path: CART,
  headers,
  body,
  chunked,
});

interface HostileClass {
  name: string;
  request: RawRequest;
  /** The baseline its net figure is taken against; none for a baseline itself. */
  baseline?: 'rest' | 'graphql';
  /** The answer it must get (status, and the reason in its body), or the bench measures the wrong thing. */
  status: string[];
  reason: RegExp;
}

const BASELINES: Record<'rest' | 'graphql', HostileClass> = {
  rest: { name: 'REST baseline: {"lineItems":[]} (validation 400)', request: rest('{"lineItems":[]}'), status: ['400'], reason: /Invalid cart/ },
  graphql: { name: 'GraphQL baseline: { __typename }', request: graphql({ query: '{ __typename }' }), status: ['200'], reason: /"__typename":"Query"/ },
};

const CLASSES: HostileClass[] = [
  BASELINES.rest,
  { name: 'JSON 8,000 deep, 16 KB', request: rest(deepBody(8000)), baseline: 'rest', status: ['400'], reason: /nests deeper than/ },
  { name: '300 KB, Content-Length', request: rest(bigBody), baseline: 'rest', status: ['413', 'reset'], reason: /over 32 KB/ },
  { name: '300 KB, chunked', request: rest(bigBody, JSON_TYPE, true), baseline: 'rest', status: ['413', 'reset'], reason: /over 32 KB/ },
  { name: 'malformed JSON', request: rest('{"lineItems": [{"productId": 1,'), baseline: 'rest', status: ['400'], reason: /not valid JSON/ },
  {
    name: 'Content-Type text/plain',
    request: rest('{"lineItems":[]}', { 'content-type': 'text/plain' }),
    baseline: 'rest',
    status: ['415'],
    reason: /Content-Type: application\/json/,
  },
  {
    name: 'Content-Encoding gzip',
    request: rest('{"lineItems":[]}', { ...JSON_TYPE, 'content-encoding': 'gzip' }),
    baseline: 'rest',
    status: ['415'],
    reason: /Content-Encoding gzip/,
  },
  BASELINES.graphql,
  {
    name: 'GraphQL 100 aliased bigcommerceProducts(pageSize: 100)',
    request: graphql({ query: `{ ${Array.from({ length: 100 }, (_, i) => `p${i}: bigcommerceProducts(pageSize: 100) { nodes { name } }`).join(' ')} }` }),
    baseline: 'graphql',
    status: ['200', '400'],
    reason: /at most 10 BigCommerce fields/,
  },
  {
    name: 'GraphQL variables nested 3,500 deep',
    request: {
      method: 'POST',
      path: GRAPHQL,
      headers: JSON_TYPE,
      body: `{"query":"mutation($a: JSON!) { bigcommerceSetBillingAddress(address: $a) }","variables":{"a":{},"x":${'['.repeat(3500)}${']'.repeat(3500)}}}`,
    },
    baseline: 'graphql',
    status: ['200', '400'],
    reason: /nests deeper than/,
  },
  {
    name: 'GraphQL fragment cycle',
    request: graphql({ query: '{ ...A } fragment A on Query { bigcommerceBrands { nodes { name } } ...B } fragment B on Query { ...A }' }),
    baseline: 'graphql',
    status: ['200', '400'],
    reason: /spreads itself/,
  },
];

interface ClassFigures {
  cls: HostileClass;
  bytes: number;
  statuses: Record<string, number>;
  /** Server CPU (user + system) a request, ms. */
  cpuMs: number;
  userMs: number;
  clientP50: number;
  load: number;
}

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return { total: (d.user + d.system) / 1000, user: d.user / 1000 };
};
const load1 = () => os.loadavg()[0];
const statusText = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status} ×${int(n)}`)
    .join(', ');

interface ReadFigures {
  n: number;
  failed: number;
  p50: number;
  p99: number;
  load: number;
  flood?: FloodResult;
}

export const bench: Bench = {
  name: 'abuse',
  title: `Hostile input: server CPU per refused body, a catalog read under attack, the ?live=true flood (issue #9)`,
  async run(): Promise<BenchReport> {
    const log = (line: string) => process.stderr.write(`abuse bench:${line}\n`);
    const catalog = await startSyncedCatalog({ products: PRODUCTS, seed: SEED, log });
    const hostile = startHostileClient();
    const reader = httpClient(catalog.url, { maxSockets: 1 });
    const targets: BenchTarget[] = [];
    const sections: string[] = [];
    const errors: string[] = [];
    try {
      // 1. Server CPU a request, by class.
      log(`  part 1: server CPU per request, ${CPU_REQUESTS} requests a class after ${CPU_WARMUP} warm-up`);
      // Every class warmed up (and its answer checked) before any is measured; then ROUNDS rounds over the
      // classes, so that what drifts during the run (JIT, GC, the machine's other load) is shared by all.
      for (const cls of CLASSES) {
        const warm = await hostile.burst(catalog.url, cls.request, Math.max(1, CPU_WARMUP));
        const unexpected = Object.keys(warm.statuses).filter((status) => !cls.status.includes(status));
        if (unexpected.length || (warm.sample && !cls.reason.test(warm.sample)) || (!warm.sample && !cls.status.includes('reset'))) {
          errors.push(`${cls.name}: expected ${cls.status.join('/')} matching ${cls.reason}, got ${statusText(warm.statuses)}: ${warm.sample.slice(0, 300)}`);
        }
      }
      const acc = CLASSES.map(() => ({ cpu: 0, user: 0, n: 0, ms: [] as number[], statuses: {} as Record<string, number>, load: 0 }));
      const profiler = await startCpuProfile(process.env.BENCH_CPU_PROFILE, 'abuse-hostile-bodies');
      for (let round = 0; round < ROUNDS; round++) {
        for (const [k, cls] of CLASSES.entries()) {
          const count = Math.ceil(CPU_REQUESTS / ROUNDS);
          const start = process.cpuUsage();
          const got = await hostile.burst(catalog.url, cls.request, count);
          const cpu = cpuMsSince(start);
          const a = acc[k];
          a.cpu += cpu.total;
          a.user += cpu.user;
          a.n += count;
          a.ms.push(...got.ms);
          for (const [status, n] of Object.entries(got.statuses)) a.statuses[status] = (a.statuses[status] ?? 0) + n;
          a.load = load1();
        }
      }
      const figures: ClassFigures[] = CLASSES.map((cls, k) => ({
        cls,
        bytes: Buffer.byteLength(cls.request.body),
        statuses: acc[k].statuses,
        cpuMs: acc[k].cpu / acc[k].n,
        userMs: acc[k].user / acc[k].n,
        clientP50: percentile(acc[k].ms, 50),
        load: acc[k].load,
      }));
      for (const f of figures) log(`    ${f.cls.name}: ${fixed(f.cpuMs, 3)} ms CPU a request (${statusText(f.statuses)})`);
      const profile = await profiler.stop();
      const baselineCpu = (kind: 'rest' | 'graphql') => figures.find((f) => f.cls === BASELINES[kind])!.cpuMs;
      const deep = figures[1];
      targets.push({
        name: `CPU to refuse ${deep.cls.name} (raw, server)`,
        value: `${fixed(deep.cpuMs, 3)} ms`,
        target: `≤ ${TARGET_DEEP_CPU_MS} ms`,
        pass: deep.cpuMs <= TARGET_DEEP_CPU_MS,
      });
      const ms3 = (n: number) => fixed(n, 3);
      sections.push(
        [
          `1. Server CPU a request, by class — process.cpuUsage() (user + system) of the Strapi process over ${int(Math.ceil(CPU_REQUESTS / ROUNDS) * ROUNDS)} requests a class`,
          `   (after ${CPU_WARMUP} warm-up), sent one at a time on a keep-alive socket by a raw node:http client in a child process.`,
          `   "net" = raw − the baseline of the same protocol (REST: POST ${CART} {"lineItems":[]} → 400; GraphQL: { __typename }).`,
          `   "µs / KB" = raw CPU over the bytes the client sent (a refused body's unread rest included; bodies of 1 KB and more).`,
          `   Load = 1-min load average after the class's last round. Classes measured in ${ROUNDS} interleaved rounds.`,
          '',
          table(
            ['class', 'answers', 'KB sent', 'raw CPU ms', 'user ms', 'net ms', 'µs / KB', 'client p50 ms', 'load', 'target'],
            figures.map((f) => {
              const isDeep = f === deep;
              return [
                f.cls.name,
                statusText(f.statuses),
                fixed(f.bytes / 1024, 1),
                ms3(f.cpuMs),
                ms3(f.userMs),
                f.cls.baseline ? ms3(f.cpuMs - baselineCpu(f.cls.baseline)) : '—',
                f.bytes >= 1024 ? fixed((f.cpuMs * 1000) / (f.bytes / 1024), 1) : '—',
                fixed(f.clientP50, 2),
                fixed(f.load, 2),
                isDeep ? `≤ ${TARGET_DEEP_CPU_MS} ms raw ${verdict(targets[0].pass)}` : '',
              ];
            })
          ),
          ...(profile ? ['', profile] : []),
        ].join('\n')
      );

      // 2. An unrelated catalog read, idle and under attack.
      const read = async (seconds: number, flood?: RawRequest[]): Promise<ReadFigures> => {
        const ms: number[] = [];
        let failed = 0;
        // Under attack the reads last as long as the flood does, by the client's clock: a server that blocks
        // its event loop would stretch any timer of this process, and the reads would miss the attack.
        let attackOver = false;
        const attack = flood ? hostile.flood(catalog.url, flood, BODY_CLIENTS, seconds * 1000).finally(() => (attackOver = true)) : undefined;
        // Awaited once the reads are done; a client that dies meanwhile must not be an unhandled rejection.
        attack?.catch(() => undefined);
        const t0 = performance.now();
        while (attack ? !attackOver : performance.now() - t0 < seconds * 1000) {
          // A read the server answers otherwise, or drops (a reset socket), is a failed read: a figure.
          const res = await reader.get(READ).catch(() => undefined);
          if (res?.status === 200) ms.push(res.ms);
          else failed += 1;
        }
        const load = load1();
        const result = attack ? await attack : undefined;
        return { n: ms.length, failed, p50: percentile(ms, 50), p99: percentile(ms, 99), load, flood: result };
      };
      log(
        `  part 2: GET ${READ} idle for ${IDLE_SECONDS} s, then under ${BODY_CLIENTS} clients sending deep / oversized chunked bodies for ${BODY_SECONDS} s, then a control`
      );
      for (let i = 0; i < 50; i++) await reader.get(READ);
      const idle = await read(IDLE_SECONDS);
      const attacked = await read(BODY_SECONDS, [CLASSES[1].request, CLASSES[3].request]);
      const control = await read(BODY_SECONDS, [BASELINES.rest.request]);
      const ratio = attacked.p99 / idle.p99;
      targets.push({
        name: `GET ${READ} p99 under ${BODY_CLIENTS} hostile clients vs idle`,
        value: `${fixed(attacked.p99, 1)} ms vs ${fixed(idle.p99, 1)} ms (${fixed(ratio, 2)}×)`,
        target: `≤ ${TARGET_P99_RATIO}× idle`,
        pass: ratio <= TARGET_P99_RATIO,
      });
      if (idle.failed || attacked.failed || control.failed)
        errors.push(`GET ${READ} failed: idle ${idle.failed}, under attack ${attacked.failed}, control ${control.failed}`);
      const row = (label: string, r: ReadFigures, target: string) => [
        label,
        int(r.n),
        int(r.failed),
        fixed(r.p50, 2),
        fixed(r.p99, 2),
        fixed(r.p99 / idle.p99, 2),
        r.flood ? `${int(r.flood.sent)} (${int((r.flood.sent / r.flood.wallMs) * 1000)}/s): ${statusText(r.flood.statuses)}` : '—',
        fixed(r.load, 2),
        target,
      ];
      sections.push(
        [
          `2. GET ${READ} (an unrelated catalog read, one at a time, keep-alive, in the Strapi process's own client) idle for ${IDLE_SECONDS} s,`,
          `   then while ${BODY_CLIENTS} clients (child process, one request at a time each) send, alternately, the 8,000-deep 16 KB body`,
          `   and the 300 KB chunked body to POST ${CART} for ${BODY_SECONDS} s; then the control: the same clients sending the tiny`,
          `   baseline body (400 by validation) — what ${BODY_CLIENTS} busy clients cost a read whatever they send. Times in ms.`,
          '',
          table(
            ['reads', 'samples', 'failed', 'p50', 'p99', '× idle p99', 'hostile requests sent: answers', 'load', 'target'],
            [
              row('idle', idle, ''),
              row(`under ${BODY_CLIENTS} hostile clients`, attacked, `≤ ${TARGET_P99_RATIO}× ${verdict(ratio <= TARGET_P99_RATIO)}`),
              row(`control: ${BODY_CLIENTS} clients, baseline body`, control, '(no target)'),
            ]
          ),
          `   ${os.cpus().length} cores; load average (1/5/15 min) now ${os
            .loadavg()
            .map((n) => fixed(n, 2))
            .join(' / ')}.`,
        ].join('\n')
      );

      // 3. The ?live=true flood.
      if (LIVE) {
        const { liveBudgetShare } = catalog.app.strapi.config.get('plugin::bigcommerce') as { liveBudgetShare: number };
        const options = abuseLiveEnv();
        log(`  part 3: the ?live=true flood for ${options.durationMs / 1000} s`);
        const live = abuseLiveReport(await abuseLive({ catalog, ...options, liveBudgetShare, log }));
        sections.push(`3. ?live=true flood vs a shopper (./abuse-live)\n\n${live.text}`);
        targets.push(...live.targets.map((t) => ({ ...t, name: `live flood: ${t.name}` })));
        errors.push(...(live.errors ?? []));
      } else sections.push('3. ?live=true flood: left out (BENCH_ABUSE_LIVE=0).');

      const text = [
        `Strapi on a loopback port over ${int(catalog.synced)} products synced from a ${int(PRODUCTS)}-product sandbox (seed ${SEED}); ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}.`,
        '',
        sections.join('\n\n'),
      ].join('\n');
      return { text, targets, errors };
    } finally {
      reader.close();
      hostile.close();
      await catalog.close();
    }
  },
};

export default bench;
