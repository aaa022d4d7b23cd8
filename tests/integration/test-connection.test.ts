import { startSandbox, type Sandbox } from '../sandbox';
import { bootStrapi, registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

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
        'catalog-less': [
          'store_v2_information_read_only',
          'store_channel_settings_read_only',
          'store_sites_read_only',
          'store_v2_content_read_only',
          'store_v2_customers_read_only',
        ],
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
    // Read-only probes only: nothing was written to the store.
    expect(Object.keys(sandbox.stats().byRoute).every((route) => route.startsWith('GET'))).toBe(true);
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
