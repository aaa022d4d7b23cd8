// `tsx tests/bench/run.ts read-api` — the storefront read API over HTTP on a synced catalog (issue #3,
// item 6, second half).
//
// A sandbox of BENCH_READ_PRODUCTS products (10,000) in a child process, a full sync through the
// plugin's sync service, then Strapi listening on a loopback port is asked as an anonymous storefront
// would (keep-alive, one request at a time): each shape is warmed up, then asked BENCH_READ_REQUESTS
// times (250), the shapes interleaved round by round so that a noisy moment of the shared machine hits
// them all alike. The same queries are timed in-process on the catalog-read service (what HTTP adds is
// the difference), next to a plain Document Service findMany with a price-range filter + count.
//
//   BENCH_READ_PRODUCTS=10000  BENCH_READ_REQUESTS=250  BENCH_READ_WARMUP=30  BENCH_SEED=1
//
// BENCH_READ_PRODUCTS takes a list (10000,50000) and BENCH_READ_DATABASES=sqlite,postgres runs every size on
// each database in turn (default: the one DATABASE_CLIENT names), then prints their p50s side by side.
// PostgreSQL is reached as the tests reach it (DATABASE_CLIENT=postgres with DATABASE_HOST, DATABASE_PORT,
// DATABASE_USERNAME, DATABASE_PASSWORD; one throw-away database per run), else the bench starts a throwaway
// cluster as the sync bench does (lib/postgres.ts).
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { brandListSchema, productListSchema } from '../../server/src/validation/catalog';
import { fixed, int, table, verdict } from './lib/format';
import { httpClient, type HttpClient } from './lib/http-client';
import { percentile } from './lib/stats';
import { startSyncedCatalog } from './lib/synced-catalog';
import { envInt } from './lib/env';
import { onDatabase } from './lib/postgres';
import type { Bench, BenchReport, BenchTarget } from './types';

type Database = 'sqlite' | 'postgres';
const DATABASE_NAMES: Record<Database, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const listOf = (name: string, fallback: string): string[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const SIZES = listOf('BENCH_READ_PRODUCTS', '10000').map((size) => {
  const n = Number(size.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_READ_PRODUCTS: "${size}" is not a product count`);
  return n;
});
const DATABASES = listOf('BENCH_READ_DATABASES', process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite').map((name) => {
  if (name !== 'sqlite' && name !== 'postgres') throw new Error(`BENCH_READ_DATABASES: "${name}" is neither sqlite nor postgres`);
  return name;
});
const REQUESTS = envInt('BENCH_READ_REQUESTS', 250, 1);
const WARMUP = envInt('BENCH_READ_WARMUP', 30, 1);
const SEED = envInt('BENCH_SEED', 1, 1);
const TARGET_P50_MS = 15;
const SEARCH_WORD = 'walnut'; // a material of the sandbox generator: in ~5 % of product names
const DEEP = { page: 50, pageSize: 100 };

const PRODUCT_UID = 'plugin::bigcommerce.product';
const LISTING_UID = 'plugin::bigcommerce.listing';
/** The storefront API's default channel: the first served one (the bench serves channel 1). */
const DEFAULT_CHANNEL = 1;
const CATEGORY_UID = 'plugin::bigcommerce.category';
const BRAND_UID = 'plugin::bigcommerce.brand';
const BASE = '/api/bigcommerce';

type Row = Record<string, unknown>;

interface CatalogRead {
  listProducts(params: unknown): Promise<{ results: Row[]; pagination: { total: number } }>;
  findProductBySlug(slug: string, channel: number | undefined): Promise<Row | null>;
  categoryTree(channel: number | undefined): Promise<Row[]>;
  listBrands(params: unknown): Promise<{ results: Row[]; pagination: { total: number } }>;
}

export interface Shape {
  name: string;
  /** The request path of the i-th call (by slug rotates over many products). */
  path(i: number): string;
  /** The same read in-process, on the catalog-read service. */
  service(i: number): Promise<unknown>;
  /** Lists answer a total in meta.pagination.total. */
  list: boolean;
}

interface ShapeResult {
  shape: Shape;
  example: string;
  http: number[];
  service: number[];
  bytes: number;
  total: number | null;
}

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}
type Meta = { tableName: string; attributes: Record<string, { columnName?: string; joinTable?: JoinTable }> };

/** Query values taken from the synced data (the sync bench reuses these shapes for its reads during a sync), so that each filter selects a real share of the catalog. */
export const chooseParameters = async (strapi: Core.Strapi) => {
  const knex = strapi.db.connection as unknown as Knex;
  const product = strapi.db.metadata.get(PRODUCT_UID) as unknown as Meta;
  const col = (attribute: string) => product.attributes[attribute]?.columnName ?? attribute;
  // Visible, and not taken off the default channel by its listing (such a product's page is a 404 there).
  const listing = strapi.db.metadata.get(LISTING_UID) as unknown as Meta;
  const lcol = (attribute: string) => listing.attributes[attribute]?.columnName ?? attribute;
  const unlisted = knex(listing.tableName).where(lcol('channelId'), DEFAULT_CHANNEL).where(lcol('listed'), false).select(lcol('productId'));
  const visible = (await knex(product.tableName)
    .where(col('isVisible'), true)
    .whereNotIn(col('bigcommerceId'), unlisted)
    .orderBy('id')
    .select('id', col('slug'), col('calculatedPrice'))) as Row[];
  const prices = visible.map((row) => Number(row[col('calculatedPrice')])).sort((a, b) => a - b);
  // The middle fifth of prices: a typical "€40–60" facet.
  const priceMin = Math.floor(prices[Math.floor(prices.length * 0.4)]);
  const priceMax = Math.ceil(prices[Math.floor(prices.length * 0.6)]);
  const step = Math.max(1, Math.floor(visible.length / REQUESTS));
  const slugs = visible.filter((_, i) => i % step === 0).map((row) => String(row[col('slug')]));

  const read = strapi.plugin('bigcommerce').service('catalog-read') as unknown as CatalogRead;
  // The first top-level category of the storefront's menu, as a shopper would click it.
  const tree = await read.categoryTree(undefined);
  const category = String(tree[0]?.slug ?? '');
  // The brand with the most products.
  const brandLink = product.attributes.brand.joinTable!;
  const [top] = (await knex(brandLink.name)
    .select(brandLink.inverseJoinColumn.name)
    .count({ n: '*' })
    .groupBy(brandLink.inverseJoinColumn.name)
    .orderBy('n', 'desc')
    .limit(1)) as Row[];
  const brandMeta = strapi.db.metadata.get(BRAND_UID) as unknown as Meta;
  const brandRow = (await knex(brandMeta.tableName).where('id', Number(top[brandLink.inverseJoinColumn.name])).first('slug')) as Row;
  const categories = Number(((await knex((strapi.db.metadata.get(CATEGORY_UID) as unknown as Meta).tableName).count({ n: '*' })) as Row[])[0].n);
  return { priceMin, priceMax, slugs, category, brand: String(brandRow.slug), visible: visible.length, categories };
};

const productList = (read: CatalogRead, query: Record<string, string>): Pick<Shape, 'path' | 'service'> => {
  const qs = new URLSearchParams(query).toString();
  const parsed = productListSchema.parse(query);
  return { path: () => `${BASE}/products${qs ? `?${qs}` : ''}`, service: () => read.listProducts(parsed) };
};

export const shapesFor = (strapi: Core.Strapi, p: Awaited<ReturnType<typeof chooseParameters>>): Shape[] => {
  const read = strapi.plugin('bigcommerce').service('catalog-read') as unknown as CatalogRead;
  const price = { priceMin: String(p.priceMin), priceMax: String(p.priceMax) };
  const brands = brandListSchema.parse({});
  // A range no earlier request asked (its upper bound a cent higher each call): what a total costs
  // when no cache holds it (PostgreSQL caches totals per catalog generation).
  let calls = 0;
  const coldRange = () => ({ priceMin: String(p.priceMin), priceMax: (p.priceMax + ++calls / 100).toFixed(2) });
  // Page 50 where the catalog has it; a smaller one (BENCH_READ_PRODUCTS=1000) asks its last whole page.
  const deep = Math.max(1, Math.min(DEEP.page, Math.floor(p.visible / DEEP.pageSize)));
  return [
    { name: 'price range', list: true, ...productList(read, price) },
    {
      name: 'price range, cold (new each call)',
      list: true,
      path: () => productList(read, coldRange()).path(0),
      service: () => productList(read, coldRange()).service(0),
    },
    { name: 'category (+ descendants)', list: true, ...productList(read, { category: p.category }) },
    { name: 'brand', list: true, ...productList(read, { brand: p.brand }) },
    { name: `text search q`, list: true, ...productList(read, { q: SEARCH_WORD }) },
    { name: 'sort price:desc', list: true, ...productList(read, { sort: 'price:desc' }) },
    {
      name: `deep page (${DEEP.pageSize} a page, page ${deep})`,
      list: true,
      ...productList(read, { pageSize: String(DEEP.pageSize), page: String(deep) }),
    },
    {
      name: 'combination',
      list: true,
      ...productList(read, { category: p.category, ...price, inStock: 'true', sort: 'price:asc', page: '2' }),
    },
    {
      name: 'by slug',
      list: false,
      path: (i) => `${BASE}/products/${encodeURIComponent(p.slugs[i % p.slugs.length])}`,
      service: (i) => read.findProductBySlug(p.slugs[i % p.slugs.length], undefined),
    },
    { name: 'category tree', list: false, path: () => `${BASE}/categories`, service: () => read.categoryTree(undefined) },
    { name: 'brands', list: false, path: () => `${BASE}/brands`, service: () => read.listBrands(brands) },
  ];
};

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};

const measure = async (client: HttpClient, shapes: Shape[], baseline: () => Promise<unknown>, log: (line: string) => void) => {
  const results: ShapeResult[] = shapes.map((shape) => ({ shape, example: shape.path(0), http: [], service: [], bytes: 0, total: null }));
  const baselineMs: number[] = [];
  const ask = async (result: ShapeResult, i: number, record: boolean) => {
    const res = await client.get(result.shape.path(i));
    if (res.status !== 200) throw new Error(`GET ${result.shape.path(i)} -> ${res.status}: ${res.text.slice(0, 300)}`);
    if (!record) return;
    result.http.push(res.ms);
    result.bytes += res.bytes;
    if (result.shape.list && result.total === null) {
      const body = JSON.parse(res.text) as { data: unknown[]; meta?: { pagination?: { total?: number } } };
      const total = body.meta?.pagination?.total;
      if (typeof total !== 'number' || !body.data.length) throw new Error(`GET ${result.shape.path(i)}: no rows or no meta.pagination.total`);
      result.total = total;
    }
  };
  log(`  warm-up: ${WARMUP} rounds over ${shapes.length} shapes`);
  for (let round = 0; round < WARMUP; round++) {
    for (const result of results) {
      await ask(result, round, false);
      await result.shape.service(round);
    }
    await baseline();
  }
  log(`  measuring: ${REQUESTS} rounds (HTTP, then the same read in-process, then the Document Service baseline)`);
  for (let round = 0; round < REQUESTS; round++) {
    for (const result of results) await ask(result, round, true);
    for (const result of results) result.service.push(await timed(() => result.shape.service(round)));
    baselineMs.push(await timed(baseline));
  }
  return { results, baselineMs };
};

/** Pages the cold-cache figure reads (each after the price cache is emptied). */
const COLD_PAGES = 5;
const PRICING_ROUTE = 'POST /v3/pricing/products';

/**
 * The signed-in wholesale shopper (seeded shopper2, customer group 1) asking EUR: the listing's p50 with a
 * warm price cache over the guest's p50 of the same page, and BigCommerce pricing calls per listing page on
 * a cold cache (the group and the channel's currencies already known, as after the first page).
 */
const measureShopper = async (
  catalog: Awaited<ReturnType<typeof startSyncedCatalog>>,
  client: HttpClient,
  log: (line: string) => void
): Promise<{ ratio: number; guestP50: number; shopperP50: number; callsPerPage: number }> => {
  const { sandbox, app } = catalog;
  const api = `${sandbox.apiBase}/v3`;
  const headers = { 'x-auth-token': sandbox.accessToken, 'content-type': 'application/json', accept: 'application/json' };
  const found = (await (await fetch(`${api}/customers?email:in=shopper2@example.com`, { headers })).json()) as { data: { id: number }[] };
  const customerId = found.data[0].id;
  // shopper2 is seeded on channel 2 only; the bench's Strapi serves channel 1.
  await fetch(`${api}/customers`, { method: 'PUT', headers, body: JSON.stringify([{ id: customerId, channel_ids: [1, 2] }]) });
  const session = (await app.strapi
    .plugin('bigcommerce')
    .service('session')
    .signCustomer({ customerId, channelId: 1, email: 'shopper2@example.com' })) as string;
  const shopper = { 'x-bigcommerce-session': session };
  const pricing = app.strapi.plugin('bigcommerce').service('pricing') as { invalidatePriceLists(): void };
  const page = (n: number) => `${BASE}/products?page=${n}&currency=EUR`;
  const check = async (path: string, extra: Record<string, string> = {}) => {
    const res = await client.get(path, extra);
    if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}: ${res.text.slice(0, 300)}`);
    return res;
  };
  const first = JSON.parse((await check(page(1), shopper)).text) as { meta: { pricing?: { source: string; customerGroupId: number } } };
  if (first.meta.pricing?.customerGroupId !== 1) throw new Error(`the wholesale shopper was not priced: ${JSON.stringify(first.meta.pricing)}`);
  log(`  wholesale shopper: ${COLD_PAGES} cold pages, then ${REQUESTS} warm rounds (guest, shopper)`);
  let calls = 0;
  for (let n = 1; n <= COLD_PAGES; n++) {
    pricing.invalidatePriceLists();
    await sandbox.resetStats();
    await check(page(n), shopper);
    calls = Math.max(calls, (await sandbox.stats()).byRoute[PRICING_ROUTE] ?? 0);
  }
  const guest: number[] = [];
  const signedIn: number[] = [];
  const guestPath = `${BASE}/products?page=1`;
  for (let round = 0; round < WARMUP; round++) {
    await check(guestPath);
    await check(page(1), shopper);
  }
  for (let round = 0; round < REQUESTS; round++) {
    guest.push((await check(guestPath)).ms);
    signedIn.push((await check(page(1), shopper)).ms);
  }
  const [guestP50, shopperP50] = [percentile(guest, 50), percentile(signedIn, 50)];
  return { ratio: shopperP50 / guestP50, guestP50, shopperP50, callsPerPage: calls };
};

interface RunReport extends BenchReport {
  /** HTTP p50 per shape name. */
  p50: Map<string, number>;
  load: string;
}

/** One catalog size on one database (the database DATABASE_CLIENT names when called). */
const runOne = async (products: number, database: Database): Promise<RunReport> => {
  const log = (line: string) => process.stderr.write(`read-api bench (${DATABASE_NAMES[database]}, ${int(products)}):${line}\n`);
  const loadBefore = os.loadavg()[0].toFixed(2);
  const catalog = await startSyncedCatalog({ products, seed: SEED, log });
  const client = httpClient(catalog.url, { maxSockets: 1 });
  try {
    const strapi = catalog.app.strapi;
    const params = await chooseParameters(strapi);
    const shapes = shapesFor(strapi, params);
    const filters = { calculatedPrice: { $gte: params.priceMin, $lte: params.priceMax } };
    const documents = strapi.documents(PRODUCT_UID as never) as unknown as {
      findMany(input: object): Promise<Row[]>;
      count(input: object): Promise<number>;
    };
    const baseline = () => Promise.all([documents.findMany({ filters, start: 0, limit: 24 }), documents.count({ filters })]);
    const baselineTotal = (await baseline())[1];
    const { results, baselineMs } = await measure(client, shapes, baseline, log);
    const shopper = await measureShopper(catalog, client, log);

    const targets: BenchTarget[] = [];
    const p = (samples: number[], q: number) => fixed(percentile(samples, q), 1);
    const baseP50 = percentile(baselineMs, 50);
    const rows = results.map((r) => {
      const p50 = percentile(r.http, 50);
      const pass = p50 <= TARGET_P50_MS;
      targets.push({
        name: `${DATABASE_NAMES[database]} ${int(products)}: p50 ${r.shape.name}`,
        value: `${fixed(p50, 1)} ms`,
        target: `≤ ${TARGET_P50_MS} ms`,
        pass,
      });
      return [
        r.shape.name,
        r.total === null ? '' : int(r.total),
        p(r.http, 50),
        p(r.http, 95),
        p(r.service, 50),
        fixed(p50 - percentile(r.service, 50), 1),
        fixed(r.bytes / r.http.length / 1024, 1),
        fixed(p50 / baseP50, 1),
        `≤ ${TARGET_P50_MS}`,
        verdict(pass),
      ];
    });
    rows.push([
      'baseline: Document Service findMany + count (price range, 24 rows, in-process)',
      int(baselineTotal),
      '',
      '',
      p(baselineMs, 50),
      '',
      '',
      '1.0',
      '',
      '',
    ]);
    targets.push({
      name: `${DATABASE_NAMES[database]} ${int(products)}: p50 wholesale shopper (EUR, warm price cache) / guest`,
      value: `${fixed(shopper.ratio, 2)}× (${fixed(shopper.shopperP50, 1)} / ${fixed(shopper.guestP50, 1)} ms)`,
      target: '≤ 1.2×',
      pass: shopper.ratio <= 1.2,
    });
    targets.push({
      name: `${DATABASE_NAMES[database]} ${int(products)}: BigCommerce pricing calls per listing page (cold cache)`,
      value: String(shopper.callsPerPage),
      target: '≤ 1',
      pass: shopper.callsPerPage <= 1,
    });
    const text = [
      `Storefront read API — Strapi on a loopback port, anonymous client (Public role), keep-alive, one request at a time;`,
      `${int(catalog.synced)} products synced (${int(params.visible)} visible) from a ${int(products)}-product sandbox (seed ${SEED}), ${int(params.categories)} categories; ${DATABASE_NAMES[database]}.`,
      `${REQUESTS} requests a shape after ${WARMUP} warm-up rounds, shapes interleaved round by round. Times in ms.`,
      '',
      table(['shape', 'total', 'HTTP p50', 'p95', 'service p50', 'HTTP adds', 'KB', '× baseline', 'target p50', ''], rows),
      '',
      'Requests',
      ...results.map((r) => `  ${r.shape.name.padEnd(32)} GET ${r.example}`),
      '',
      `  "service p50": the same read in-process (catalog-read service, no HTTP, no validation); "HTTP adds" = HTTP p50 − service p50`,
      `  (Koa, users-permissions auth, query validation, JSON, socket; the client shares Strapi's process). "× baseline": HTTP p50`,
      `  over the in-process Document Service p50 (strapi.documents(product).findMany({ filters: calculatedPrice $gte ${params.priceMin} $lte ${params.priceMax}, limit 24 }) + count).`,
      '',
      `Signed-in wholesale shopper (customer group 1) asking currency=EUR, GET ${BASE}/products?page=1&currency=EUR, against the guest's GET ${BASE}/products?page=1:`,
      `  p50 ${fixed(shopper.shopperP50, 1)} ms vs ${fixed(shopper.guestP50, 1)} ms = ${fixed(shopper.ratio, 2)}× (warm price cache; target ≤ 1.2×);`,
      `  BigCommerce pricing calls per listing page on a cold price cache: ${shopper.callsPerPage} (max over ${COLD_PAGES} pages; target ≤ 1). Load average (1 min): ${os.loadavg()[0].toFixed(2)}.`,
      `  Full sync before the measure: ${(catalog.syncMs / 1000).toFixed(1)} s (sandbox without quota or latency; not a figure of this bench).`,
    ].join('\n');
    const load = `${loadBefore} → ${os.loadavg()[0].toFixed(2)}`;
    return { text, targets, p50: new Map(results.map((r) => [r.shape.name, percentile(r.http, 50)])), load };
  } finally {
    client.close();
    await catalog.close();
  }
};

export const bench: Bench = {
  name: 'read-api',
  title: `Storefront read API over HTTP on a synced ${SIZES.map(int).join(' and ')}-product catalog (${DATABASES.map((db) => DATABASE_NAMES[db]).join(', ')})`,
  async run(): Promise<BenchReport> {
    const runs: { database: Database; products: number; report: RunReport }[] = [];
    const errors: string[] = [];
    // One database at a time (PostgreSQL started once for every size when DATABASE_* names none).
    for (const database of DATABASES) {
      const log = (line: string) => process.stderr.write(`read-api bench (${DATABASE_NAMES[database]}):${line}\n`);
      const ran = await onDatabase(database, log, async () => {
        for (const products of SIZES) {
          let report: RunReport;
          try {
            report = await runOne(products, database);
          } catch (error) {
            // One run that fails (its sync, say) does not lose the others' figures.
            errors.push(`${DATABASE_NAMES[database]}, ${int(products)} products: ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`);
            continue;
          }
          runs.push({ database, products, report });
          // Each run's p50s as soon as it ends: a long multi-run bench shows its figures along the way.
          const p50s = [...report.p50].map(([shape, ms]) => `${shape} ${fixed(ms, 1)}`).join(', ');
          process.stderr.write(`read-api bench (${DATABASE_NAMES[database]}, ${int(products)}): HTTP p50 ms: ${p50s}; load ${report.load}\n`);
        }
      });
      if ('skipped' in ran) errors.push(`${DATABASE_NAMES[database]}: not run (${ran.skipped})`);
    }
    const sections = runs.map((run) => `--- ${DATABASE_NAMES[run.database]}, ${int(run.products)} products\n\n${run.report.text}`);
    if (runs.length > 1) {
      // The HTTP p50 of each shape per database and size, next to each other (each run's load average below).
      const shapes = [...runs[0].report.p50.keys()];
      const header = ['shape', ...runs.map((run) => `${DATABASE_NAMES[run.database]} ${int(run.products)}`), 'target p50'];
      const rows = shapes.map((shape) => [
        shape,
        ...runs.map((run) => {
          const p50 = run.report.p50.get(shape) ?? NaN;
          return `${fixed(p50, 1)}${p50 <= TARGET_P50_MS ? '' : ' MISS'}`;
        }),
        `≤ ${TARGET_P50_MS}`,
      ]);
      rows.push(['load average (1 min, before → after)', ...runs.map((run) => run.report.load), '']);
      sections.push(`--- HTTP p50 in ms, side by side\n\n${table(header, rows)}`);
    }
    return { text: sections.join('\n\n'), targets: runs.flatMap((run) => run.report.targets), errors };
  },
};

export default bench;
