import { startSandbox, type Sandbox } from '../sandbox';
import { BigCommerceApiError, createBigCommerceClient } from '../../server/src/bigcommerce';

/** Redirects and per-channel customer settings through the plugin's client, over HTTP to the sandbox. */
describe('admin-side client APIs against the sandbox store', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 10, rateLimit: false });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const client = () => createBigCommerceClient({ storeHash: sandbox.storeHash, accessToken: sandbox.accessToken, apiUrl: sandbox.url, retryBaseDelayMs: 20 });

  it('upserts, pages, searches and deletes redirects', async () => {
    const bc = client();
    const written = await bc.redirects.upsert(
      Array.from({ length: 7 }, (_, i) => ({ site_id: 1000, from_path: `/old-${i}`, to: { type: 'url' as const, url: `/new-${i}` } }))
    );
    expect(written.map((r) => r.from_path)).toEqual(['/old-0', '/old-1', '/old-2', '/old-3', '/old-4', '/old-5', '/old-6']);
    const overwritten = await bc.redirects.upsert([{ site_id: 1000, from_path: '/old-0', to: { type: 'product', entity_id: 2 } }]);
    expect(overwritten[0]).toMatchObject({ id: written[0].id, to: { type: 'product', entity_id: 2 } });

    const page = await bc.redirects.list({ siteId: 1000, limit: 3, page: 3, includeToUrl: true });
    expect(page.pagination).toMatchObject({ total: 7, total_pages: 3, current_page: 3, per_page: 3 });
    expect(page.items.map((r) => [r.from_path, r.to_url])).toEqual([['/old-6', `https://store-${sandbox.storeHash}.mybigcommerce.com/new-6`]]);
    const found = await bc.redirects.list({ keyword: 'old-5' });
    expect(found.items.map((r) => r.id)).toEqual([written[5].id]);
    expect((await bc.redirects.list({ ids: [written[1].id, written[2].id], sort: 'id', direction: 'desc' })).items.map((r) => r.id)).toEqual([
      written[2].id,
      written[1].id,
    ]);

    await bc.redirects.remove([written[1].id, written[2].id]);
    expect((await bc.redirects.list({ siteId: 1000 })).pagination.total).toBe(5);
  });

  it("reports BigCommerce's reasons for a refused redirect", async () => {
    const error = await client()
      .redirects.upsert([{ site_id: 1000, from_path: 'no-slash', to: { type: 'url', url: '/x' } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigCommerceApiError);
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect((error as BigCommerceApiError).errors).toHaveProperty(['[0].from_path']);
  });

  it("reads and writes a channel's allow_global_logins, and null drops the override", async () => {
    const bc = client();
    expect(await bc.customers.getChannelSettings(2)).toMatchObject({ allow_global_logins: false });
    expect(await bc.customers.updateChannelSettings(2, { allow_global_logins: true })).toMatchObject({ allow_global_logins: true });
    expect(sandbox.shop.customers.allowsGlobalLogins(2)).toBe(true);
    expect(await bc.customers.updateChannelSettings(2, { allow_global_logins: null })).toMatchObject({ allow_global_logins: false });
    const missing = await bc.customers.getChannelSettings(999).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404 });
  });
});
