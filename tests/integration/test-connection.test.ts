import { startSandbox, type Sandbox } from '../sandbox';
import { SCOPE_PROBES } from '../../server/src/bigcommerce/scopes';
import { bootStrapi, registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

const EVERY_SCOPE = SCOPE_PROBES.map((probe) => probe.scope);

/** The whole sandbox store (customers, carts, channels, sites, redirects, orders…) as text, to compare before and after. */
const storeSnapshot = (sandbox: Sandbox): string => {
  const seen = new WeakSet<object>();
  return JSON.stringify(sandbox.catalog.store, (_key, value: unknown) => {
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value];
    if (value && typeof value === 'object') {
      if (seen.has(value)) return '[seen]';
      seen.add(value);
    }
    return value;
  });
};

describe('test connection against the sandbox store', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    sandbox = await startSandbox({
      products: 20,
      rateLimit: false,
      accessTokens: {
        'full-token': '*',
        'catalog-less': [...EVERY_SCOPE.filter((scope) => scope !== 'store_v2_products_read_only')],
        // Every scope the plugin needs, but customers only read-only: shopper registration would fail.
        'customers-read-only': [...EVERY_SCOPE.filter((scope) => scope !== 'store_v2_customers'), 'store_v2_customers_read_only'],
      },
    });
    app = await bootStrapi({
      env: {
        BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
        BIGCOMMERCE_ACCESS_TOKEN: 'full-token',
        BIGCOMMERCE_API_URL: sandbox.url,
      },
    });
    admin = await registerSuperAdmin(app);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const testConnection = (body: Record<string, unknown> = {}) =>
    app
      .http()
      .post('/bigcommerce/settings/test-connection')
      .set({ Authorization: `Bearer ${admin.token}` })
      .send(body);

  it('reports the store, its plan and every scope granted for a full token', async () => {
    const res = await testConnection().expect(200);
    expect(res.body.data).toMatchObject({ ok: true, missingScopes: [], error: null });
    expect(res.body.data.store.name).toBeTruthy();
    expect(res.body.data.store.plan_name).toBeTruthy();
    expect(res.body.data.scopes.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toContain('full-token');
  });

  it('probes each scope at the level the plugin needs and changes nothing in the store', async () => {
    const before = storeSnapshot(sandbox);
    sandbox.resetStats();
    const res = await testConnection().expect(200);
    expect(res.body.data.ok).toBe(true);
    // Writes were sent (the modify scopes), and refused for their invalid bodies: the store is as it was.
    expect(Object.keys(sandbox.stats().byRoute).some((route) => route.startsWith('POST'))).toBe(true);
    expect(storeSnapshot(sandbox)).toBe(before);
  });

  it('fails a token with customers read-only: registration needs customers modify', async () => {
    const before = storeSnapshot(sandbox);
    const res = await testConnection({ accessToken: 'customers-read-only' }).expect(200);
    expect(res.body.data.ok).toBe(false);
    expect(res.body.data.missingScopes).toEqual(['Customers (modify)']);
    expect(res.body.data.scopes).toContainEqual(expect.objectContaining({ scope: 'store_v2_customers', status: 'missing' }));
    expect(res.body.data.error).toMatchObject({ status: 403 });
    expect(res.body.data.error.message).toMatch(/Customers \(modify\): .*registration.*fail/);
    expect(storeSnapshot(sandbox)).toBe(before);
  });

  it('names the missing scopes of a limited token typed into the form', async () => {
    const res = await testConnection({ accessToken: 'catalog-less' }).expect(200);
    expect(res.body.data.ok).toBe(false);
    expect(res.body.data.missingScopes).toEqual(['Products (read-only)']);
    expect(res.body.data.store.name).toBeTruthy();
  });

  it('explains a rejected token without leaking it', async () => {
    const res = await testConnection({ accessToken: 'not-a-real-token' }).expect(200);
    expect(res.body.data).toMatchObject({ ok: false, store: null, error: { status: 401 } });
    expect(res.body.data.error.message).toMatch(/rejected/);
    expect(JSON.stringify(res.body)).not.toContain('not-a-real-token');
  });

  it('reports an unreachable store as a network failure, quickly', async () => {
    const started = Date.now();
    const res = await testConnection({ apiUrl: 'http://127.0.0.1:9' }).expect(200);
    expect(res.body.data).toMatchObject({ ok: false, error: { status: null } });
    expect(res.body.data.error.message).toMatch(/could not be reached/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects unknown fields with a 400', async () => {
    const res = await testConnection({ accessToken: 'x', password: 'y' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
  });
});
