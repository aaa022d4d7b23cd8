// Webhook delivery: BigCommerce-shaped payloads with the hook's custom headers, scope wildcards,
// retries with backoff, deactivation after repeated failures, and loopback-only destinations.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox, type WebhookPayload } from '../sandbox';
import { call, control, describeIfSpecs, specIndex } from './support';
import type { SpecIndex } from '../helpers/openapi';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: WebhookPayload;
}

/** A tiny destination on 127.0.0.1 that records callbacks and answers scripted statuses. */
class Receiver {
  readonly received: Received[] = [];
  /** Statuses to answer, in order; 200 once exhausted. */
  script: number[] = [];
  delayMs = 0;
  private server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as WebhookPayload });
      const status = this.script.shift() ?? 200;
      setTimeout(() => res.writeHead(status).end(), this.delayMs);
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  of(scope: string): Received[] {
    return this.received.filter((r) => r.body.scope === scope);
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describeIfSpecs('webhook delivery', () => {
  let sb: Sandbox;
  let rx: Receiver;
  let specs: SpecIndex;

  beforeAll(async () => {
    specs = await specIndex();
    rx = await new Receiver().start();
    sb = await startSandbox({
      products: 30,
      rateLimit: false,
      accessTokens: { 'sandbox-token': '*', 'other-app': '*' },
      webhooks: { retries: 2, backoffMs: 20, timeoutMs: 1000, deactivateAfter: 2 },
    });
  });

  afterAll(async () => {
    await sb?.close();
    await rx?.close();
  });

  beforeEach(async () => {
    for (const id of [...sb.catalog.hooks.keys()]) sb.catalog.hooks.delete(id);
    expect((await control(sb, 'DELETE', '/deliveries')).status).toBe(204);
    rx.received.length = 0;
    rx.script = [];
    rx.delayMs = 0;
  });

  async function hook(scope: string, extra: Record<string, unknown> = {}, token?: string): Promise<number> {
    const res = await call(sb, 'POST', '/v3/hooks', { token, body: { scope, destination: `${rx.url}/bc`, is_active: true, ...extra } });
    expect(res.status).toBe(200);
    return res.body.data.id;
  }

  /** The payload schema BigCommerce documents for a scope (webhooks.v3.yml components). */
  function expectCallbackShape(p: WebhookPayload): void {
    const name = p.scope.replace(/\//g, '_');
    const schema = specs.componentSchema('webhooks.v3.yml', name);
    expect(schema).toBeDefined();
    expect(specs.check(schema ?? {}, p, `callback:${name}`)).toEqual([]);
    const { hash, ...rest } = p;
    expect(hash).toBe(
      createHash('sha1')
        .update(JSON.stringify({ scope: rest.scope, store_id: rest.store_id, data: rest.data, created_at: rest.created_at, producer: rest.producer }))
        .digest('hex')
    );
    expect(p.producer).toBe(`stores/${sb.storeHash}`);
    expect(p.store_id).toMatch(/^\d+$/);
    expect(Math.abs(p.created_at - Date.now() / 1000)).toBeLessThan(60);
  }

  it('posts store/product/updated with the custom headers when a product changes through the API', async () => {
    await hook('store/product/updated', { headers: { 'x-strapi-secret': 'abc123', authorization: 'Basic dTpw' } });
    const res = await call(sb, 'PUT', '/v3/catalog/products/5', { body: { price: 123.45 } });
    expect(res.status).toBe(200);
    await sb.flushWebhooks();
    expect(rx.received).toHaveLength(1);
    const [got] = rx.received;
    expect(got.path).toBe('/bc');
    expect(got.headers['x-strapi-secret']).toBe('abc123');
    expect(got.headers.authorization).toBe('Basic dTpw');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.body).toMatchObject({ scope: 'store/product/updated', data: { type: 'product', id: 5 } });
    expectCallbackShape(got.body);
    const log = sb.deliveries();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ scope: 'store/product/updated', status: 200, ok: true, attempt: 1, destination: `${rx.url}/bc` });
    expect(log[0].headers['x-strapi-secret']).toBe('abc123');
    expect((await control(sb, 'GET', '/deliveries')).body).toHaveLength(1);
  });

  it('matches wildcard scopes and sends inventory and sku events with their payloads', async () => {
    await hook('store/product/*');
    await hook('store/sku/*');
    const simple = [...sb.catalog.products.values()].find((p) => p.inventory_tracking === 'product');
    const tracked = [...sb.catalog.products.values()].find((p) => p.inventory_tracking === 'variant' && sb.catalog.variantCount(p) > 1);
    if (!simple || !tracked) throw new Error('catalog lacks tracked products');
    await call(sb, 'PUT', `/v3/catalog/products/${simple.id}`, { body: { inventory_level: simple.inventory_level + 4 } });
    const v = sb.catalog.detailsOf(tracked).variants[1];
    await call(sb, 'PUT', `/v3/catalog/products/${tracked.id}/variants/${v.id}`, { body: { inventory_level: v.inventory_level + 2 } });
    await sb.flushWebhooks();
    expect(rx.received.map((r) => r.body.scope).sort()).toEqual(
      ['store/product/inventory/updated', 'store/product/updated', 'store/sku/inventory/updated', 'store/sku/updated'].sort()
    );
    expect(rx.of('store/product/inventory/updated')[0].body.data).toEqual({
      type: 'product',
      id: simple.id,
      inventory: { product_id: simple.id, method: 'absolute', value: simple.inventory_level },
    });
    expect(rx.of('store/sku/inventory/updated')[0].body.data).toEqual({
      type: 'sku',
      id: v.id,
      inventory: { product_id: tracked.id, variant_id: v.id, method: 'absolute', value: v.inventory_level + 2 },
    });
    expect(rx.of('store/sku/updated')[0].body.data).toEqual({ type: 'sku', id: v.id, sku: { product_id: tracked.id, variant_id: v.id } });
    for (const r of rx.received) expectCallbackShape(r.body);
  });

  it('fires created and deleted events, including SKUs of a new product', async () => {
    await hook('store/product/*');
    await hook('store/sku/created');
    const created = await call(sb, 'POST', '/v3/catalog/products?include=variants', {
      body: {
        name: 'Hooked',
        type: 'physical',
        weight: 1,
        price: 2,
        variants: [{ sku: 'HK-1', option_values: [{ option_display_name: 'Size', label: 'S' }] }],
      },
    });
    const id = created.body.data.id;
    const skuId = created.body.data.variants[0].id;
    await call(sb, 'DELETE', `/v3/catalog/products/${id}`);
    await sb.flushWebhooks();
    expect(rx.received.map((r) => `${r.body.scope}:${Array.isArray(r.body.data) ? '' : String(r.body.data.id)}`)).toEqual([
      `store/product/created:${id}`,
      `store/sku/created:${skuId}`,
      `store/product/deleted:${id}`,
    ]);
    for (const r of rx.received) expectCallbackShape(r.body);
  });

  it('fires category events from the API and the control plane; brands have no webhook scope', async () => {
    await hook('store/category/*');
    const cat = await call(sb, 'POST', '/v3/catalog/categories', { body: { name: 'Hooked Cat', parent_id: 0 } });
    await control(sb, 'PATCH', `/categories/${cat.body.data.id}`, { description: 'changed' });
    await call(sb, 'DELETE', `/v3/catalog/categories/${cat.body.data.id}`);
    await call(sb, 'POST', '/v3/catalog/brands', { body: { name: 'Silent Brand' } });
    await sb.flushWebhooks();
    expect(rx.received.map((r) => r.body.scope)).toEqual(['store/category/created', 'store/category/updated', 'store/category/deleted']);
    for (const r of rx.received) {
      expect(r.body.data).toEqual({ type: 'category', id: cat.body.data.id });
      expectCallbackShape(r.body);
    }
  });

  it('fires on control-plane product changes, but not for fields outside the documented trigger list', async () => {
    await hook('store/product/updated');
    await control(sb, 'PATCH', '/products/6', { custom_url: { url: '/moved-6/', is_customized: true } });
    await sb.flushWebhooks();
    expect(rx.received).toHaveLength(0);
    await control(sb, 'PATCH', '/products/6', { is_visible: false });
    await sb.flushWebhooks();
    expect(rx.received.map((r) => (Array.isArray(r.body.data) ? undefined : r.body.data.id))).toEqual([6]);
  });

  it('skips inactive hooks and other scopes', async () => {
    await hook('store/product/updated', { is_active: false });
    await hook('store/category/updated');
    await call(sb, 'PUT', '/v3/catalog/products/7', { body: { name: 'Renamed seven' } });
    await sb.flushWebhooks();
    expect(rx.received).toHaveLength(0);
  });

  it('answers the API call without waiting for the destination', async () => {
    await hook('store/product/updated');
    rx.delayMs = 800; // under this sandbox's 1 s delivery timeout
    const t = Date.now();
    await call(sb, 'PUT', '/v3/catalog/products/8', { body: { warranty: 'two years' } });
    expect(Date.now() - t).toBeLessThan(700);
    await sb.flushWebhooks();
    expect(rx.received).toHaveLength(1);
  });

  it('retries a failed delivery with the same payload until it succeeds', async () => {
    const id = await hook('store/product/updated');
    rx.script = [500, 503];
    await call(sb, 'PUT', '/v3/catalog/products/9', { body: { price: 9.99 } });
    await sb.flushWebhooks();
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.body.hash)).size).toBe(1);
    expect(
      sb
        .deliveries()
        .filter((d) => d.hook_id === id)
        .map((d) => [d.attempt, d.status, d.ok])
    ).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
  });

  it('deactivates a hook whose events keep failing, as BigCommerce does after its last retry', async () => {
    const port = await closedPort();
    const res = await call(sb, 'POST', '/v3/hooks', { body: { scope: 'store/product/updated', destination: `http://127.0.0.1:${port}/gone` } });
    const id = res.body.data.id;
    await call(sb, 'PUT', '/v3/catalog/products/10', { body: { price: 1.5 } });
    await sb.flushWebhooks();
    const first = sb.deliveries().filter((d) => d.hook_id === id);
    expect(first.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, null, false],
      [2, null, false],
      [3, null, false],
    ]);
    expect(first[0].error).toBeTruthy();
    expect((await call(sb, 'GET', `/v3/hooks/${id}`)).body.data.is_active).toBe(true);
    await call(sb, 'PUT', '/v3/catalog/products/10', { body: { price: 2.5 } });
    await sb.flushWebhooks();
    expect((await call(sb, 'GET', `/v3/hooks/${id}`)).body.data.is_active).toBe(false);
    const count = sb.deliveries().length;
    await call(sb, 'PUT', '/v3/catalog/products/10', { body: { price: 3.5 } });
    await sb.flushWebhooks();
    expect(sb.deliveries()).toHaveLength(count);
    // Re-activating it (as the plugin's health check would) resumes deliveries.
    await call(sb, 'PUT', `/v3/hooks/${id}`, { body: { is_active: true, destination: `${rx.url}/back` } });
    await call(sb, 'PUT', '/v3/catalog/products/10', { body: { price: 4.5 } });
    await sb.flushWebhooks();
    expect(rx.received.map((r) => r.path)).toEqual(['/back']);
  });

  it('never posts outside the loopback interface', async () => {
    await call(sb, 'POST', '/v3/hooks', { body: { scope: 'store/product/updated', destination: 'https://strapi.example.com/webhooks' } });
    await call(sb, 'PUT', '/v3/catalog/products/12', { body: { price: 4.2 } });
    await sb.flushWebhooks();
    const [d] = sb.deliveries().slice(-1);
    expect(d).toMatchObject({ destination: 'https://strapi.example.com/webhooks', status: null, ok: false });
    expect(d.error).toMatch(/loopback/);
  });

  it('shows a hook only to the API account that created it, and rejects duplicates', async () => {
    const id = await hook('store/product/deleted');
    expect((await call(sb, 'GET', '/v3/hooks', { token: 'other-app' })).body.data).toEqual([]);
    expect((await call(sb, 'GET', `/v3/hooks/${id}`, { token: 'other-app' })).status).toBe(404);
    expect((await call(sb, 'GET', '/v3/hooks?is_active=true')).body.data.map((h: { id: number }) => h.id)).toEqual([id]);
    const dup = await call(sb, 'POST', '/v3/hooks', { body: { scope: 'store/product/deleted', destination: `${rx.url}/bc` } });
    expect(dup.status).toBe(422);
    const mine = await call(sb, 'POST', '/v3/hooks', { token: 'other-app', body: { scope: 'store/product/deleted', destination: `${rx.url}/bc` } });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ client_id: 'sandbox-client-id', store_hash: 'sandbox1', headers: null, is_active: true });
  });
});
