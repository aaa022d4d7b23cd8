// `npm run bench:webhooks` — a burst of BigCommerce webhook events into a running Strapi (issue #4,
// item 6).
//
// A synced catalog of BENCH_WEBHOOK_PRODUCTS products (10,000; sandbox in a child process). The prices
// of 200 products are changed in the sandbox, then the hooks are registered through the admin route
// (so the sandbox has nothing left to deliver: the burst is exactly the events below) and the bench
// POSTs 1,000 events about those 200 products to `POST /api/bigcommerce/webhooks` with the registered
// secret header, 8 at a time, as BigCommerce would: 600 distinct events (three a product, one for each of
// three changes made to it in the sandbox: two store/product/updated for two price changes, one
// store/product/inventory/updated) and 400 re-sends of an earlier event's hash (BigCommerce's retries).
// Each event's created_at is the second its change was made, as BigCommerce stamps it, and the burst
// starts BENCH_WEBHOOK_DELAY_MS (2 s) after the last change: BigCommerce delivers after it creates. With
// less delay than the worker's clock allowance (webhookClockSkewMs) plus a second, a refetch cannot
// prove it saw a change and the worker refetches again, as correctness requires. The worker refetches each product from the sandbox, which answers with
// BENCH_LATENCY_MS (50 ms) and a rate limit of BENCH_WEBHOOK_QUOTA requests per BENCH_WINDOW_MS: 450 / 30 s
// (BigCommerce Pro) by default, so that 200 refetches fit in one window; at the Standard quota (150) they
// cannot, whatever the code. BENCH_WEBHOOK_QUOTA=0 turns the limit off, and with it the rate-limit
// headers, without which the client's pacer sends one request at a time.
//
//   BENCH_WEBHOOK_PRODUCTS=10000  BENCH_WEBHOOK_TOUCHED=200  BENCH_WEBHOOK_EVENTS=1000
//   BENCH_WEBHOOK_CONCURRENCY=8  BENCH_WEBHOOK_DELAY_MS=2000  BENCH_LATENCY_MS=50  BENCH_WEBHOOK_QUOTA=450  BENCH_WINDOW_MS=30000  BENCH_SEED=1
// Diagnostics: BENCH_CPU_PROFILE=<dir> profiles the burst (first POST to inbox settled), with a summary.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { Knex } from 'knex';

import { registerSuperAdmin } from '../helpers/strapi';
import { fixed, int, seconds, table, verdict } from './lib/format';
import { httpClient, type TimedResponse } from './lib/http-client';
import { startCpuProfile } from './lib/cpu-profile';
import { eventLoopBusy, recordHttp, recordSql, unionMs, type Interval } from './lib/measure';
import { percentile } from './lib/stats';
import { CHANNEL_IDS, startSyncedCatalog } from './lib/synced-catalog';
import { envInt } from './lib/env';
import type { Bench, BenchReport, BenchTarget } from './types';

const PRODUCTS = envInt('BENCH_WEBHOOK_PRODUCTS', 10_000);
const TOUCHED = envInt('BENCH_WEBHOOK_TOUCHED', 200);
const EVENTS = envInt('BENCH_WEBHOOK_EVENTS', 1_000);
const CONCURRENCY = Math.max(1, envInt('BENCH_WEBHOOK_CONCURRENCY', 8));
const LATENCY_MS = envInt('BENCH_LATENCY_MS', 50);
const QUOTA = envInt('BENCH_WEBHOOK_QUOTA', 450);
const WINDOW_MS = envInt('BENCH_WINDOW_MS', 30_000);
const SEED = envInt('BENCH_SEED', 1);
const DELAY_MS = envInt('BENCH_WEBHOOK_DELAY_MS', 2_000);
const DISTINCT_PER_PRODUCT = 3;
const TARGET = { refetchRatio: 1, p95Ms: 1_000 };
const TIMEOUT_MS = 120_000;

const PRODUCT_UID = 'plugin::bigcommerce.product';
const EVENT_UID = 'plugin::bigcommerce.webhook-event';
const SECRET_HEADER = 'x-bigcommerce-webhook-secret';

type Row = Record<string, unknown>;
type Meta = { tableName: string; attributes: Record<string, { columnName?: string }> };

/** A small deterministic PRNG (mulberry32), so every run sends the same burst. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

interface Payload {
  scope: string;
  store_id: string;
  data: Row & { type: string; id: number };
  hash: string;
  created_at: number;
  producer: string;
}

/**
 * `events` payloads over `ids`: DISTINCT_PER_PRODUCT distinct events a product (stamped with the second
 * of the change they report, `changedAt`) in a random order, the rest re-sends of an event already sent
 * (same hash), placed after it.
 */
const buildBurst = (
  ids: number[],
  changedAt: Map<number, number[]>,
  events: number,
  storeHash: string,
  random: () => number
): { burst: Payload[]; distinct: number } => {
  const distinctEvents: Payload[] = [];
  for (const id of ids) {
    for (let k = 0; k < DISTINCT_PER_PRODUCT; k++) {
      const scope = k === DISTINCT_PER_PRODUCT - 1 ? 'store/product/inventory/updated' : 'store/product/updated';
      const data = scope.includes('inventory') ? { type: 'product', id, inventory: { product_id: id, method: 'absolute', value: 7 } } : { type: 'product', id };
      const createdAt = Math.floor(changedAt.get(id)![k] / 1000);
      const body = { scope, store_id: '1001', data, created_at: createdAt, producer: `stores/${storeHash}` };
      distinctEvents.push({
        ...body,
        hash: createHash('sha1')
          .update(`${JSON.stringify(body)}#${k}`)
          .digest('hex'),
      });
    }
  }
  for (let i = distinctEvents.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [distinctEvents[i], distinctEvents[j]] = [distinctEvents[j], distinctEvents[i]];
  }
  const distinct = distinctEvents.slice(0, Math.min(events, distinctEvents.length));
  const resends = events - distinct.length;
  // Each re-send goes right after a random later point than its original.
  const burst: Payload[] = [...distinct];
  for (let r = 0; r < resends; r++) {
    const original = Math.floor(random() * distinct.length);
    const originalAt = burst.indexOf(distinct[original]);
    const at = originalAt + 1 + Math.floor(random() * (burst.length - originalAt));
    burst.splice(at, 0, distinct[original]);
  }
  return { burst, distinct: distinct.length };
};

const toMs = (value: unknown): number => (value === null || value === undefined ? NaN : new Date(value as string | number).getTime());

export const bench: Bench = {
  name: 'webhooks',
  title: `Webhook burst (${int(EVENTS)} events over ${int(TOUCHED)} products) into a running Strapi on a synced ${int(PRODUCTS)}-product catalog`,
  async run(): Promise<BenchReport> {
    const log = (line: string) => process.stderr.write(`webhooks bench:${line}\n`);
    const catalog = await startSyncedCatalog({ products: PRODUCTS, seed: SEED, log });
    const { sandbox, app } = catalog;
    const strapi = app.strapi;
    const client = httpClient(catalog.url, { maxSockets: CONCURRENCY });
    try {
      const knex = strapi.db.connection as unknown as Knex;
      const productMeta = strapi.db.metadata.get(PRODUCT_UID) as unknown as Meta;
      const eventMeta = strapi.db.metadata.get(EVENT_UID) as unknown as Meta;
      const col = (attribute: string) => productMeta.attributes[attribute]?.columnName ?? attribute;

      // 200 products spread over the synced catalog, each changed three times in the sandbox: a price, the
      // final price, the stock level.
      const all = ((await knex(productMeta.tableName).orderBy(col('bigcommerceId')).select(col('bigcommerceId'))) as Row[]).map((row) =>
        Number(row[col('bigcommerceId')])
      );
      if (all.length < TOUCHED) throw new Error(`only ${all.length} products synced, fewer than ${TOUCHED}`);
      const touched = Array.from({ length: TOUCHED }, (_, i) => all[Math.floor((i * all.length) / TOUCHED)]);
      const newPrice = new Map(touched.map((id, i) => [id, 2000 + i + 0.25]));
      const changes: ((id: number) => Row)[] = [
        (id) => ({ price: newPrice.get(id)! - 1000 }),
        (id) => ({ price: newPrice.get(id) }),
        () => ({ inventory_level: 7 }),
      ];
      const changedAt = new Map<number, number[]>(touched.map((id) => [id, []]));
      log(`  changing ${TOUCHED} products three times in the sandbox (no hook registered yet: nothing is delivered)`);
      for (const change of changes) {
        for (let i = 0; i < touched.length; i += 10) {
          await Promise.all(
            touched.slice(i, i + 10).map(async (id) => {
              await sandbox.call('PATCH', `/__sandbox/products/${id}`, change(id));
              changedAt.get(id)!.push(Date.now());
            })
          );
        }
      }
      const lastChange = Math.max(...[...changedAt.values()].flat());

      log('  registering the hooks through the admin routes');
      const admin = await registerSuperAdmin(app);
      const auth = { Authorization: `Bearer ${admin.token}` };
      await app
        .http()
        .put('/bigcommerce/settings')
        .set(auth)
        .send({ webhookUrl: `${catalog.url}/api/bigcommerce/webhooks` })
        .expect(200);
      await app.http().post('/bigcommerce/webhooks/register').set(auth).expect(200);
      const hooks = (await sandbox.call<{ headers?: Record<string, string>; is_active: boolean }[]>('GET', '/__sandbox/hooks')).body;
      const secret = hooks.find((hook) => hook.is_active && hook.headers?.[SECRET_HEADER])?.headers?.[SECRET_HEADER];
      if (!secret) throw new Error('no active hook with a secret header in the sandbox after registration');
      await sandbox.call('POST', '/__sandbox/deliveries/flush');
      const delivered = (await sandbox.call<unknown[]>('GET', '/__sandbox/deliveries')).body.length;

      const { burst, distinct } = buildBurst(touched, changedAt, EVENTS, sandbox.storeHash, rng(SEED));
      const stale = async () => {
        const rows = (await knex(productMeta.tableName).whereIn(col('bigcommerceId'), touched).select(col('bigcommerceId'), col('price'))) as Row[];
        return TOUCHED - rows.filter((row) => Number(row[col('price')]) === newPrice.get(Number(row[col('bigcommerceId')]))).length;
      };
      const staleBefore = await stale();
      if (staleBefore !== TOUCHED) throw new Error(`${TOUCHED - staleBefore} of the ${TOUCHED} records were current before the burst (sandbox deliveries?)`);

      // The refetches are what is measured from here: BigCommerce's latency (and quota, if any), fresh stats.
      await sandbox.call('PUT', '/__sandbox/faults', { latencyMs: LATENCY_MS });
      await sandbox.call('PUT', '/__sandbox/rate-limit', QUOTA > 0 ? { quota: QUOTA, windowMs: WINDOW_MS } : { enabled: false });
      await sandbox.resetStats();
      const [{ n: eventsBefore }] = (await knex(eventMeta.tableName).count({ n: '*' })) as { n: number }[];
      if (Number(eventsBefore) !== 0) throw new Error(`the inbox holds ${eventsBefore} events before the burst`);

      const sandboxHttp = recordHttp(new URL(sandbox.url).host);
      const sql = recordSql(knex);
      // The worker's drains, seen from its inbox claims (the service object is the one the worker calls).
      const inbox = strapi.plugin('bigcommerce').service('webhook-inbox') as unknown as { claim: (...args: unknown[]) => Promise<{ resourceId: number }[]> };
      const claim = inbox.claim;
      const claims: { start: number; end: number; events: number; products: number }[] = [];
      inbox.claim = async (...args: unknown[]) => {
        const start = performance.now();
        const events = await claim.apply(inbox, args);
        if (events.length) claims.push({ start, end: performance.now(), events: events.length, products: new Set(events.map((e) => e.resourceId)).size });
        return events;
      };
      const wait = lastChange + DELAY_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const busy = eventLoopBusy();
      const profiler = await startCpuProfile(process.env.BENCH_CPU_PROFILE, 'webhooks-burst');
      log(`  POSTing ${int(burst.length)} events (${distinct} distinct) about ${TOUCHED} products, ${CONCURRENCY} at a time`);
      const responses: (TimedResponse & { duplicate: boolean })[] = [];
      const t0 = performance.now();
      let next = 0;
      let lastSentAt = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < burst.length) {
            const payload = burst[next++];
            const res = await client.request('POST', '/api/bigcommerce/webhooks', payload, { [SECRET_HEADER]: secret });
            if (res.status !== 200) throw new Error(`POST /api/bigcommerce/webhooks -> ${res.status}: ${res.text.slice(0, 300)}`);
            lastSentAt = Math.max(lastSentAt, performance.now());
            responses.push({ ...res, duplicate: Boolean((JSON.parse(res.text) as { data?: { duplicate?: boolean } }).data?.duplicate) });
          }
        })
      );
      const burstMs = lastSentAt - t0;

      // All 200 records current: polled in the database every 20 ms.
      let currentAt = NaN;
      for (;;) {
        if ((await stale()) === 0) {
          currentAt = performance.now();
          break;
        }
        if (performance.now() - lastSentAt > TIMEOUT_MS) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Then the inbox settled: no event pending or in hand.
      const worker = strapi.plugin('bigcommerce').service('webhook-worker') as unknown as { stats(): { covered: number } };
      const settleUntil = performance.now() + 30_000;
      for (;;) {
        const [{ n }] = (await knex(eventMeta.tableName).whereIn('status', ['pending', 'processing']).count({ n: '*' })) as { n: number }[];
        if (!Number(n) || performance.now() > settleUntil) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const windowMs = performance.now() - t0;
      const busyMs = busy.stop();
      const profile = await profiler.stop();
      inbox.claim = claim;
      const calls = sandboxHttp.stop();
      const sqlResult = sql.stop();
      const stats = await sandbox.stats();
      const rows = (await knex(eventMeta.tableName).select('resource_id', 'status', 'received_at', 'processed_at', 'attempts')) as Row[];

      // Figures
      const receiverMs = responses.map((r) => r.ms);
      const duplicates = responses.filter((r) => r.duplicate).length;
      void stats;
      const distinctProducts = new Set(rows.map((row) => Number(row.resource_id))).size;
      const done = rows.filter((row) => row.status === 'done');
      const lag = done.map((row) => toMs(row.processed_at) - toMs(row.received_at)).filter(Number.isFinite);
      const byStatus = rows.reduce<Record<string, number>>((acc, row) => ((acc[String(row.status)] = (acc[String(row.status)] ?? 0) + 1), acc), {});
      // The worker refetches one product (/products/{id}) or a batch of them (/products?id:in=…).
      const idsOf = (path: string): number[] => {
        const single = /\/v3\/catalog\/products\/(\d+)/.exec(path);
        if (single) return [Number(single[1])];
        const list = /[?&]id(?:%3A|:)in=([^&]+)/i.exec(path);
        return list ? decodeURIComponent(list[1]).split(',').map(Number) : [];
      };
      const refetchCalls = calls.filter((call) => /\/v3\/catalog\/products/.test(call.path) && idsOf(call.path).length).sort((a, b) => a.start - b.start);
      const refetches = refetchCalls.reduce((sum, call) => sum + idsOf(call.path).length, 0);
      const refetchSpan = refetchCalls.length ? refetchCalls[refetchCalls.length - 1].end - refetchCalls[0].start : NaN;
      const inFlight = unionMs(refetchCalls.map((c) => [c.start, c.end] as Interval));
      const avgConcurrency = refetchCalls.reduce((s, c) => s + c.end - c.start, 0) / Math.max(1, inFlight);
      const firstRefetchAfterFirstEvent = refetchCalls.length ? refetchCalls[0].start - t0 : NaN;
      const lastToCurrent = currentAt - lastSentAt;
      const p95Lag = percentile(lag, 95);
      const stillStale = Number.isFinite(currentAt) ? 0 : await stale();
      // Refetches a product got, and drains its events fell into.
      const perProduct = new Map<number, number>();
      for (const call of refetchCalls) for (const id of idsOf(call.path)) perProduct.set(id, (perProduct.get(id) ?? 0) + 1);
      const histogram = [...perProduct.values()].reduce<Record<number, number>>((acc, n) => ((acc[n] = (acc[n] ?? 0) + 1), acc), {});
      // SQL by statement shape (literals and IN lists folded), the costliest first.
      const bySql = new Map<string, { ms: number; n: number }>();
      sqlResult.intervals.forEach(([a, b], i) => {
        const key = (sqlResult.texts[i] ?? '')
          .replace(/\((\?,\s*)+\?\)/g, '(?…)')
          .replace(/\s+/g, ' ')
          .slice(0, 110);
        const entry = bySql.get(key) ?? { ms: 0, n: 0 };
        entry.ms += b - a;
        entry.n += 1;
        bySql.set(key, entry);
      });
      const topSql = [...bySql.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 8);
      const drainGaps = claims.slice(1).map((c, i) => c.start - claims[i].start);

      const targets: BenchTarget[] = [
        {
          name: 'refetches / distinct products touched',
          value: `${refetches} / ${distinctProducts}`,
          target: 'equal',
          pass: refetches === distinctProducts && distinctProducts === TOUCHED,
        },
        { name: 'p95 event received → record updated', value: `${int(p95Lag)} ms`, target: `≤ ${int(TARGET.p95Ms)} ms`, pass: p95Lag <= TARGET.p95Ms },
        { name: `all ${TOUCHED} records current`, value: stillStale ? `${stillStale} stale` : 'yes', target: 'yes', pass: stillStale === 0 },
      ];
      const rowsOut: string[][] = [
        ['Receiver (client side, POST with the secret header)'],
        ['  events POSTed / distinct hashes / answered duplicate', `${int(responses.length)} / ${int(distinct)} / ${int(duplicates)}`, ''],
        ['  burst duration (first POST → last answer)', seconds(burstMs), ''],
        [
          '  receiver latency p50 / p99 / max',
          `${fixed(percentile(receiverMs, 50), 1)} / ${fixed(percentile(receiverMs, 99), 1)} / ${fixed(Math.max(...receiverMs), 1)} ms`,
          '',
        ],
        ['Worker'],
        ['  last event answered → all records current', Number.isFinite(lastToCurrent) ? seconds(lastToCurrent) : `not within ${TIMEOUT_MS / 1000} s`, ''],
        ['  first event sent → first refetch leaves', `${int(firstRefetchAfterFirstEvent)} ms`, ''],
        ['  products refetched (sandbox log) / distinct products touched', `${refetches} / ${distinctProducts} ${verdict(targets[0].pass)}`, 'equal'],
        ['  refetch requests (up to 50 products each)', `${refetchCalls.length}`, ''],
        [
          '  refetch span (first start → last end) / in flight / avg concurrency',
          `${seconds(refetchSpan)} / ${seconds(inFlight)} / ${fixed(avgConcurrency, 1)}`,
          '',
        ],
        [
          '  drains (claims that got events) / events a drain p50, max / products a drain p50, max',
          `${claims.length} / ${percentile(
            claims.map((c) => c.events),
            50
          )}, ${Math.max(0, ...claims.map((c) => c.events))} / ${percentile(
            claims.map((c) => c.products),
            50
          )}, ${Math.max(0, ...claims.map((c) => c.products))}`,
          '',
        ],
        ['  drain length p50 / max (claim to next claim)', `${int(percentile(drainGaps, 50))} / ${int(Math.max(0, ...drainGaps))} ms`, ''],
        ['  events completed without a refetch (created before one began)', `${int(worker.stats().covered)}`, ''],
        [
          '  products refetched once / twice / 3+ times',
          `${histogram[1] ?? 0} / ${histogram[2] ?? 0} / ${Object.entries(histogram)
            .filter(([k]) => Number(k) >= 3)
            .reduce((s, [, v]) => s + v, 0)}`,
          '',
        ],
        ['  event loop busy during the burst and drain', `${seconds(busyMs)} of ${seconds(windowMs)}`, ''],
        [
          '  refetch latency p50 (sandbox latency ' + LATENCY_MS + ' ms)',
          `${fixed(
            percentile(
              refetchCalls.map((c) => c.end - c.start),
              50
            ),
            0
          )} ms`,
          '',
        ],
        [
          '  event received → record updated p50 / p95 / max',
          `${int(percentile(lag, 50))} / ${int(p95Lag)} / ${int(Math.max(...lag))} ms ${verdict(targets[1].pass)}`,
          `p95 ≤ ${int(TARGET.p95Ms)} ms`,
        ],
        [
          '  inbox rows by status',
          Object.entries(byStatus)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
          '',
        ],
        ['  SQL statements during the burst / SQL running', `${int(sqlResult.statements)} / ${seconds(unionMs(sqlResult.intervals))}`, ''],
        [
          '  sandbox requests by route',
          Object.entries(stats.byRoute)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || '—',
          '',
        ],
      ];
      const floorNote =
        QUOTA > 0
          ? `  Quota ${QUOTA} / ${WINDOW_MS / 1000} s: the client's pacer sends freely until ${Math.floor(QUOTA * 0.8)} requests of a window are spent, then spreads the rest over what is left of it; ${refetches} refetches ${refetches > QUOTA * 0.8 ? 'went past that point' : 'stayed below it'}.`
          : "  No quota: the sandbox sends no rate-limit headers, and without them the client's pacer sends one request at a time.";
      const text = [
        `Webhook burst — Strapi on a loopback port, ${int(catalog.synced)} products synced from a ${int(PRODUCTS)}-product sandbox (seed ${SEED});`,
        `sandbox latency ${LATENCY_MS} ms, ${QUOTA > 0 ? `quota ${QUOTA} / ${WINDOW_MS / 1000} s` : 'no quota'}; worker debounce ${strapi.config.get('plugin::bigcommerce.webhookDebounceMs')} ms, clock allowance ${strapi.config.get('plugin::bigcommerce.webhookClockSkewMs')} ms; burst ${DELAY_MS} ms after the last change; ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}, channel ${CHANNEL_IDS.join(',')}.`,
        '',
        table(['', 'value', 'target'], rowsOut),
        '',
        `  ${int(burst.length)} events: ${DISTINCT_PER_PRODUCT} distinct a product, one a change (2 × store/product/updated, 1 × store/product/inventory/updated), the rest re-sends`,
        `  of an earlier hash; posted by the bench with the secret the admin registration gave the sandbox's hooks (sandbox deliveries`,
        `  before the burst: ${delivered}). "Current": the record's price is the new sandbox price, polled in the database every 20 ms.`,
        `  Received → updated: the inbox rows' processed_at − received_at (done rows).`,
        floorNote,
        '',
        'SQL during the burst and drain, costliest statement shapes (total ms / count):',
        ...topSql.map(([sqlText, v]) => `  ${fixed(v.ms, 0).padStart(6)} ms / ${String(v.n).padStart(5)}  ${sqlText}`),
        ...(profile ? ['', 'CPU profile of the burst', profile] : []),
      ].join('\n');
      return { text, targets };
    } finally {
      client.close();
      await catalog.close();
    }
  },
};

export default bench;
