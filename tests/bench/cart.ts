// `npm run bench:cart` — add-to-cart through Strapi vs the same call straight to BigCommerce (issue #5,
// item 9).
//
// A sandbox of BENCH_CART_PRODUCTS products (200; child process) synced into a Strapi listening on a
// loopback port, so that the storefront's product check has rows to read. The sandbox answers with
// latency 0 and no effective rate limit (quota BENCH_CART_QUOTA per 30 s, 1,000,000 by default, never
// reached; its headers are sent, as BigCommerce always does, so the client's pacer lets requests run in
// parallel), so what is measured is what Strapi adds, not BigCommerce:
//
//   Strapi  POST /api/bigcommerce/cart/items   x-bigcommerce-cart: <meta.cartToken of POST /api/bigcommerce/cart>
//   direct  POST {sandbox}/stores/{hash}/v3/carts/{cartId}/items   X-Auth-Token
//
// body `{ lineItems: [{ productId, variantId, quantity: 1 }] }` to Strapi, BigCommerce's `{ line_items: [{ product_id, variant_id, quantity: 1 }] }` direct, over products of channel 1 that are
// visible with inventory_tracking 'none'. Both paths take a fresh cart every BENCH_CART_PER_CART adds
// (50; cart creation is not timed), from the same keep-alive client. Sequential: BENCH_CART_ADDS adds a
// path (1,000) after a warm-up, the two paths alternating cart by cart so a noisy moment hits both.
// Throughput: the same number of adds, BENCH_CART_CONCURRENCY (4) at a time, each worker on its own cart.
// Strapi's add makes two BigCommerce calls (GET cart to check the owner, POST items with
// include=redirect_urls): each is also timed directly, and Strapi's own outbound calls are recorded, so the
// overhead can be split into "extra BigCommerce round trips" and "Strapi's own work".
//
//   BENCH_CART_PRODUCTS=200  BENCH_CART_ADDS=1000  BENCH_CART_WARMUP=100  BENCH_CART_PER_CART=50
//   BENCH_CART_CONCURRENCY=4  BENCH_CART_QUOTA=1000000  BENCH_SEED=1
// Diagnostics: BENCH_CPU_PROFILE=<dir> profiles the sequential Strapi adds, with a summary.
import { performance } from 'node:perf_hooks';

import { fixed, int, markdownTable, table, verdict } from './lib/format';
import { httpClient, type HttpClient, type TimedResponse } from './lib/http-client';
import { startCpuProfile } from './lib/cpu-profile';
import { eventLoopBusy, recordHttp, recordSql, unionMs } from './lib/measure';
import { percentile } from './lib/stats';
import { CHANNEL_IDS, startSyncedCatalog } from './lib/synced-catalog';
import { envInt } from './lib/env';
import type { Bench, BenchReport, BenchTarget } from './types';

const PRODUCTS = envInt('BENCH_CART_PRODUCTS', 200);
const ADDS = Math.max(1, envInt('BENCH_CART_ADDS', 1_000));
const WARMUP = envInt('BENCH_CART_WARMUP', 100);
const PER_CART = Math.max(1, envInt('BENCH_CART_PER_CART', 50));
const CONCURRENCY = Math.max(1, envInt('BENCH_CART_CONCURRENCY', 4));
const QUOTA = envInt('BENCH_CART_QUOTA', 1_000_000);
const SEED = envInt('BENCH_SEED', 1);
const TARGET_OVERHEAD_MS = 5;
const PICKS = 20;

const PRODUCT_UID = 'plugin::bigcommerce.product';
const CART_HEADER = 'x-bigcommerce-cart';

interface Pick {
  product_id: number;
  variant_id: number;
}
type Line = Pick & { quantity: number };

/** A line as the plugin's API takes it (camelCase). */
const publicLine = (l: Line) => ({ productId: l.product_id, variantId: l.variant_id, quantity: l.quantity });

const ok = (res: TimedResponse, what: string, status: number[] = [200, 201]): TimedResponse => {
  if (!status.includes(res.status)) throw new Error(`${what} -> ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
};

/** One way of adding to a cart: a fresh cart (untimed), then timed adds to it. */
interface Path {
  newCart(first: Line): Promise<string>;
  add(cart: string, line: Line): Promise<TimedResponse>;
  floor(): Promise<TimedResponse>;
}

const stats = (ms: number[]) => ({ p50: percentile(ms, 50), p99: percentile(ms, 99), n: ms.length });

export const bench: Bench = {
  name: 'cart',
  title: `Add-to-cart through Strapi vs straight to the sandbox (${int(ADDS)} adds a path, ${int(PRODUCTS)}-product catalog)`,
  async run(): Promise<BenchReport> {
    const log = (line: string) => process.stderr.write(`cart bench:${line}\n`);
    const catalog = await startSyncedCatalog({ products: PRODUCTS, seed: SEED, log });
    const { sandbox, app } = catalog;
    const strapi = app.strapi;
    const clients: HttpClient[] = [];
    const client = (base: string, maxSockets: number) => {
      const c = httpClient(base, { maxSockets });
      clients.push(c);
      return c;
    };
    try {
      await sandbox.call('PUT', '/__sandbox/faults', { latencyMs: 0 });
      await sandbox.call('PUT', '/__sandbox/rate-limit', QUOTA > 0 ? { quota: QUOTA, windowMs: 30_000 } : { enabled: false });

      // Products a storefront may sell: channel 1 (the synced channel), visible, untracked stock.
      const rows = (await strapi.db.query(PRODUCT_UID).findMany({
        where: { isVisible: true, inventoryTracking: 'none', channels: { bigcommerceId: CHANNEL_IDS[0] } },
        select: ['bigcommerceId', 'variants'],
        orderBy: { bigcommerceId: 'asc' },
      })) as { bigcommerceId: number; variants: { id: number; purchasing_disabled?: boolean }[] | null }[];
      const picks: Pick[] = rows
        .map((row) => ({ product_id: row.bigcommerceId, variant_id: (row.variants ?? []).find((v) => !v.purchasing_disabled)?.id }))
        .filter((p): p is Pick => p.variant_id !== undefined)
        .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / PICKS)) === 0)
        .slice(0, PICKS);
      if (picks.length < 2)
        throw new Error(`only ${picks.length} sellable products (visible, channel ${CHANNEL_IDS[0]}, inventory_tracking none) among ${catalog.synced} synced`);
      const line = (i: number): Line => ({ ...picks[i % picks.length], quantity: 1 });

      const apiPrefix = `/stores/${sandbox.storeHash}/v3`;
      const auth = { 'x-auth-token': sandbox.accessToken };
      const paths = (maxSockets: number) => {
        const viaStrapi = client(catalog.url, maxSockets);
        const direct = client(sandbox.url, maxSockets);
        const strapiPath: Path = {
          async newCart(first) {
            const res = ok(await viaStrapi.request('POST', '/api/bigcommerce/cart', { lineItems: [publicLine(first)] }), 'POST /api/bigcommerce/cart');
            const token = (JSON.parse(res.text) as { meta?: { cartToken?: string } }).meta?.cartToken;
            if (!token) throw new Error('POST /api/bigcommerce/cart answered no meta.cartToken');
            return token;
          },
          add: async (token, l) =>
            ok(
              await viaStrapi.request('POST', '/api/bigcommerce/cart/items', { lineItems: [publicLine(l)] }, { [CART_HEADER]: token }),
              'POST /api/bigcommerce/cart/items'
            ),
          floor: () => viaStrapi.request('GET', '/api/bigcommerce/cart'),
        };
        const directPath: Path = {
          async newCart(first) {
            const res = ok(
              await direct.request('POST', `${apiPrefix}/carts`, { customer_id: 0, channel_id: CHANNEL_IDS[0], line_items: [first] }, auth),
              'POST /v3/carts'
            );
            return (JSON.parse(res.text) as { data: { id: string } }).data.id;
          },
          add: async (cartId, l) =>
            ok(await direct.request('POST', `${apiPrefix}/carts/${cartId}/items`, { line_items: [l] }, auth), 'POST /v3/carts/{id}/items'),
          floor: () => Promise.reject(new Error('no floor for the direct path')),
        };
        return { strapiPath, directPath, direct };
      };

      /** `count` adds on fresh carts of PER_CART adds, one at a time; returns each add's ms. */
      const sequential = async (path: Path, count: number, offset: number, into: number[]) => {
        let cart = '';
        for (let i = 0; i < count; i++) {
          if (i % PER_CART === 0) cart = await path.newCart(line(offset + i));
          into.push((await path.add(cart, line(offset + i + 1))).ms);
        }
      };
      /** `count` adds by CONCURRENCY workers, each on its own carts (made up front, untimed). */
      const concurrent = async (path: Path, count: number) => {
        const perWorker = Math.ceil(count / CONCURRENCY);
        const carts = await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, w) => {
            const mine: string[] = [];
            for (let i = 0; i < perWorker; i += PER_CART) mine.push(await path.newCart(line(w + i)));
            return mine;
          })
        );
        const ms: number[] = [];
        const t0 = performance.now();
        await Promise.all(
          carts.map(async (mine, w) => {
            for (let i = 0; i < perWorker; i++) ms.push((await path.add(mine[Math.floor(i / PER_CART)], line(w + i + 1))).ms);
          })
        );
        const wallMs = performance.now() - t0;
        return { ms, wallMs, perSecond: (ms.length / wallMs) * 1000 };
      };

      const seq = paths(1);
      log(`  ${picks.length} sellable products picked; warm-up (${WARMUP} adds a path)`);
      await sequential(seq.strapiPath, WARMUP, 0, []);
      await sequential(seq.directPath, WARMUP, 0, []);

      // Each of Strapi's three BigCommerce calls, timed directly on a cart of the same shape.
      log('  timing the three calls Strapi makes, one by one, straight to the sandbox');
      const parts = { getOwner: [] as number[], postItems: [] as number[] };
      {
        let cart = '';
        for (let i = 0; i < Math.min(ADDS, 300); i++) {
          if (i % PER_CART === 0) cart = await seq.directPath.newCart(line(i));
          parts.getOwner.push(ok(await seq.direct.request('GET', `${apiPrefix}/carts/${cart}`, undefined, auth), 'GET /v3/carts/{id}').ms);
          parts.postItems.push((await seq.directPath.add(cart, line(i + 1))).ms);
        }
      }

      // Strapi's floor: the same route stack answering at once (no cart handle -> 404 before any SQL of the
      // plugin or BigCommerce call), interleaved with nothing else.
      const floorMs: number[] = [];
      for (let i = 0; i < Math.min(ADDS, 300); i++) floorMs.push(ok(await seq.strapiPath.floor(), 'GET /api/bigcommerce/cart (no cart)', [404]).ms);

      log(`  sequential: ${int(ADDS)} adds a path, alternating cart by cart`);
      const strapiMs: number[] = [];
      const directMs: number[] = [];
      const outbound = recordHttp(new URL(sandbox.url).host);
      const profiler = await startCpuProfile(process.env.BENCH_CPU_PROFILE, 'cart-strapi-adds');
      let strapiCalls: { method: string; path: string; ms: number }[] = [];
      const knex = strapi.db.connection as unknown as Parameters<typeof recordSql>[0];
      const sqlTexts: string[] = [];
      const sqlIntervals: [number, number][] = [];
      let busyMs = 0;
      for (let done = 0; done < ADDS; done += PER_CART) {
        const n = Math.min(PER_CART, ADDS - done);
        const before = outbound.calls.length;
        // Cart creation (POST /cart) inside the block adds a few statements: counted apart below.
        const sql = recordSql(knex);
        const busy = eventLoopBusy();
        await sequential(seq.strapiPath, n, done, strapiMs);
        busyMs += busy.stop();
        const got = sql.stop();
        sqlTexts.push(...got.texts);
        sqlIntervals.push(...got.intervals);
        // The direct block runs while recordHttp is on too: its calls are the bench client's, not Strapi's.
        strapiCalls = strapiCalls.concat(outbound.calls.slice(before).map((c) => ({ method: c.method, path: c.path, ms: c.end - c.start })));
        const mark = outbound.calls.length;
        await sequential(seq.directPath, n, done, directMs);
        outbound.calls.splice(mark);
      }
      const profile = await profiler.stop();
      outbound.stop();
      // Strapi's own calls during its adds (cart creations left out).
      const inStrapi = {
        get: strapiCalls.filter((c) => c.method === 'GET' && /\/v3\/carts\/[^/?]+(\?|$)/.test(c.path)).map((c) => c.ms),
        post: strapiCalls.filter((c) => c.method === 'POST' && /\/v3\/carts\/[^/]+\/items/.test(c.path)).map((c) => c.ms),
      };

      log(`  throughput: ${int(ADDS)} adds a path, ${CONCURRENCY} at a time`);
      const conc = paths(CONCURRENCY);
      const strapiConc = await concurrent(conc.strapiPath, ADDS);
      const directConc = await concurrent(conc.directPath, ADDS);

      // Figures
      const s = stats(strapiMs);
      const d = stats(directMs);
      const sc = stats(strapiConc.ms);
      const dc = stats(directConc.ms);
      const overhead = s.p50 - d.p50;
      const g1 = percentile(parts.getOwner, 50);
      const p1 = percentile(parts.postItems, 50);
      const own = s.p50 - (g1 + p1);
      const perCall = strapiCalls.filter((c) => !/\/v3\/carts(\?|$)/.test(c.path)).length / Math.max(1, strapiMs.length);
      const sqlPerAdd = sqlTexts.length / strapiMs.length;
      const sqlMsPerAdd = unionMs(sqlIntervals) / strapiMs.length;
      const busyPerAdd = busyMs / strapiMs.length;
      const bySql = new Map<string, number>();
      for (const text of sqlTexts) {
        const key = text
          .replace(/\((\?,\s*)+\?\)/g, '(?…)')
          .replace(/\s+/g, ' ')
          .slice(0, 100);
        bySql.set(key, (bySql.get(key) ?? 0) + 1);
      }
      const topSql = [...bySql.entries()].sort((x, y) => y[1] - x[1]).slice(0, 6);
      const targets: BenchTarget[] = [
        {
          name: 'add-to-cart overhead p50 (Strapi − direct)',
          value: `${fixed(overhead, 2)} ms`,
          target: `≤ ${TARGET_OVERHEAD_MS} ms`,
          pass: overhead <= TARGET_OVERHEAD_MS,
        },
      ];
      const ms = (n: number) => `${fixed(n, 2)} ms`;
      const rowsOut: string[][] = [
        ['Sequential (one at a time, keep-alive)'],
        ['  Strapi  POST /api/bigcommerce/cart/items', ms(s.p50), ms(s.p99), `${int(1000 / s.p50)}/s`, int(s.n)],
        ['  direct  POST /v3/carts/{id}/items', ms(d.p50), ms(d.p99), `${int(1000 / d.p50)}/s`, int(d.n)],
        ['  overhead (Strapi − direct)', `${ms(overhead)} ${verdict(targets[0].pass)}`, ms(s.p99 - d.p99), '', `≤ ${TARGET_OVERHEAD_MS} ms p50`],
        [`Concurrency ${CONCURRENCY} (throughput = adds / wall time)`],
        ['  Strapi', ms(sc.p50), ms(sc.p99), `${int(strapiConc.perSecond)}/s`, int(sc.n)],
        ['  direct', ms(dc.p50), ms(dc.p99), `${int(directConc.perSecond)}/s`, int(dc.n)],
        ['Where the sequential overhead goes (p50s)'],
        ['  direct GET /v3/carts/{id} (owner check)', ms(g1), ms(percentile(parts.getOwner, 99)), '', int(parts.getOwner.length)],
        ['  direct POST /v3/carts/{id}/items', ms(p1), ms(percentile(parts.postItems, 99)), '', int(parts.postItems.length)],
        ['  = Strapi itself (p50 − the two direct p50s)', ms(own), '', '', ''],
        [
          '  Strapi floor: GET /api/bigcommerce/cart, no handle (404, no BC call)',
          ms(percentile(floorMs, 50)),
          ms(percentile(floorMs, 99)),
          '',
          int(floorMs.length),
        ],
        ["  Strapi event loop busy a Strapi add (its work + the client's)", ms(busyPerAdd), '', '', ''],
        ['  SQL statements / SQL time a Strapi add', `${fixed(sqlPerAdd, 1)} / ${ms(sqlMsPerAdd)}`, '', '', ''],
        [
          "  Strapi's own outbound GET cart / POST items (axios, in-process)",
          `${ms(percentile(inStrapi.get, 50))} / ${ms(percentile(inStrapi.post, 50))}`,
          '',
          '',
          `${fixed(perCall, 2)} calls an add`,
        ],
      ];
      const text = [
        `Add-to-cart — Strapi on a loopback port, ${int(catalog.synced)} products synced from a ${int(PRODUCTS)}-product sandbox (seed ${SEED}), ${picks.length} sellable`,
        `products rotated; sandbox latency 0 ms and ${QUOTA > 0 ? `no effective rate limit (quota ${int(QUOTA)} / 30 s, never reached)` : 'no rate limit (no rate-limit headers)'}; a fresh cart every`,
        `${PER_CART} adds on both paths; ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}, channel ${CHANNEL_IDS.join(',')}. Client and Strapi share one process; the sandbox has its own.`,
        '',
        table(['', 'p50', 'p99', 'rate', 'n'], rowsOut),
        '',
        `  Strapi's add = route stack (koa, users-permissions, shopper handle JWT, verified once then remembered) + the product`,
        `  check (one SQL query) and the owner read (GET cart) side by side + POST items?include=redirect_urls, whose answer is`,
        `  returned. At sandbox latency 0 the owner read is ${ms(g1)} of the ${ms(overhead)} overhead; the rest is Strapi's CPU (the`,
        `  event loop is busy ${ms(busyPerAdd)} an add, client included: the add is CPU-bound, which is also why concurrency ${CONCURRENCY}`,
        `  gains little on one process). Against real BigCommerce (~100-300 ms a call) the owner read doubles the latency; it stays,`,
        `  because BigCommerce's own checkout login can give a guest's cart to a customer, and a stale guest handle must not write to it.`,
        '',
        `SQL statements during the Strapi adds (count over ${int(strapiMs.length)} adds + ${Math.ceil(ADDS / PER_CART)} cart creations):`,
        ...topSql.map(([sqlText, n]) => `  ${String(n).padStart(6)}  ${sqlText}`),
        ...(profile ? ['', 'CPU profile of the sequential Strapi adds', profile] : []),
      ].join('\n');
      // What the README shows: the headline rows, pasted by `npm run bench -- cart --write-readme`.
      const markdown = markdownTable(['', 'p50', 'p99', 'rate', 'n'], rowsOut);
      return { text, targets, markdown };
    } finally {
      for (const c of clients) c.close();
      await catalog.close();
    }
  },
};

export default bench;
