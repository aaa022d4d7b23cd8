// Channels, listings, channel sites, checkout URLs, sites and routes: the rules the plugin's
// "create a storefront channel" and "site & routes" settings depend on.
import { startSandbox, type Sandbox } from '../sandbox';
import { call, describeIfSpecs, expectContract, specIndex } from './support';

describeIfSpecs('channels and sites behaviour', () => {
  let sb: Sandbox;

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({ products: 20, rateLimit: false });
  });

  afterAll(async () => {
    await sb?.close();
  });

  const create = (body: Record<string, unknown>) => call(sb, 'POST', '/v3/channels', { body });

  it('starts with the default storefront (1) and a second storefront (2)', async () => {
    const res = await call(sb, 'GET', '/v3/channels');
    expect(res.body.data.map((c: { id: number; type: string; platform: string }) => [c.id, c.type, c.platform])).toEqual([
      [1, 'storefront', 'bigcommerce'],
      [2, 'storefront', 'next'],
    ]);
    expect((await call(sb, 'GET', '/v3/channels/1/site')).body.data.urls.map((u: { type: string }) => u.type)).toEqual(['primary', 'canonical']);
  });

  it('validates channel names, type/platform pairs and writable statuses', async () => {
    for (const name of ['My Custom Store', 'café', 'a.b', '']) {
      const res = await create({ name, type: 'storefront', platform: 'custom' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty('name');
    }
    expect((await create({ name: 'shop', type: 'marketplace', platform: 'wordpress' })).status).toBe(422);
    expect((await create({ name: 'shop', type: 'storefront', platform: 'strapi' })).status).toBe(422);
    expect((await create({ name: 'shop', type: 'storefront', platform: 'custom', status: 'deleted' })).status).toBe(422);
    expect((await create({ name: 'shop', type: 'storefront', platform: 'custom', status: 'connected' })).status).toBe(422);
    expect((await create({ type: 'storefront', platform: 'custom' })).status).toBe(422);
    const ok = await create({ name: 'Strapi_Store-2', type: 'storefront', platform: 'custom' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ name: 'Strapi_Store-2', status: 'prelaunch', is_visible: true, external_id: '' });
    expectContract(ok, sb);
    expect((await create({ name: 'Strapi_Store-2', type: 'storefront', platform: 'custom' })).status).toBe(422);
    const id = ok.body.data.id;
    expect((await call(sb, 'PUT', `/v3/channels/${id}`, { body: { status: 'prelaunch' } })).status).toBe(422);
    const active = await call(sb, 'PUT', `/v3/channels/${id}`, { body: { status: 'active', name: 'strapi-store' } });
    expect(active.body.data).toMatchObject({ status: 'active', name: 'strapi-store' });
    expect((await call(sb, 'PUT', `/v3/channels/${id}`, { body: { platform: 'next' } })).status).toBe(422);
    const pos = await create({ name: 'till', type: 'pos', platform: 'square' });
    expect(pos.body.data.status).toBe('connected');
    await call(sb, 'PUT', `/v3/channels/${pos.body.data.id}`, { body: { status: 'archived' } });
    const available = await call(sb, 'GET', '/v3/channels?available=true');
    expect(available.body.data.map((c: { id: number }) => c.id)).not.toContain(pos.body.data.id);
    const unavailable = await call(sb, 'GET', '/v3/channels?available=false');
    expect(unavailable.body.data.map((c: { id: number }) => c.id)).toEqual([pos.body.data.id]);
    const byPlatform = await call(sb, 'GET', '/v3/channels?platform:in=square,next');
    expect(byPlatform.body.data.map((c: { platform: string }) => c.platform).sort()).toEqual(['next', 'square']);
  });

  it("pages listings with limit and after (the previous page's last listing id)", async () => {
    const variantsOf = (pid: number) => sb.catalog.detailsOf(sb.catalog.product(pid)).variants;
    const body = [1, 2, 3, 4, 5].map((pid) => ({
      product_id: pid,
      state: 'active',
      variants: variantsOf(pid).map((v) => ({ product_id: pid, variant_id: v.id, state: 'active' })),
    }));
    const created = await call(sb, 'POST', '/v3/channels/2/listings', { body });
    expect(created.status).toBe(200);
    expect(created.body.data).toHaveLength(5);
    const seen: number[] = [];
    let path = '/v3/channels/2/listings?limit=2';
    for (let guard = 0; guard < 10; guard++) {
      const page = await call(sb, 'GET', path);
      expectContract(page, sb);
      seen.push(...page.body.data.map((l: { product_id: number }) => l.product_id));
      const next = page.body.meta.pagination.links.next as string | undefined;
      if (!next) break;
      expect(next).toMatch(/after=\d+/);
      path = `/v3/channels/2/listings${next}`;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect((await call(sb, 'GET', '/v3/channels/2/listings?product_id:in=3')).body.data.map((l: { product_id: number }) => l.product_id)).toEqual([3]);
    const wrongVariant = await call(sb, 'POST', '/v3/channels/2/listings', {
      body: [{ product_id: 1, state: 'active', variants: [{ product_id: 1, variant_id: variantsOf(2)[0].id, state: 'active' }] }],
    });
    expect(wrongVariant.status).toBe(422);
  });

  it("keeps the checkout URL in the site's registrable domain", async () => {
    const ch = (await create({ name: 'uk-shop', type: 'storefront', platform: 'next' })).body.data.id;
    const site = await call(sb, 'POST', `/v3/channels/${ch}/site`, { body: { url: 'https://www.shop.co.uk' } });
    expect(site.status).toBe(200);
    expect(site.body.data).toMatchObject({ channel_id: ch, url: 'https://www.shop.co.uk', is_checkout_url_customized: false });
    for (const bad of ['https://checkout.other.co.uk', 'https://shop.co.uk.evil.com', 'http://checkout.shop.co.uk', 'nope']) {
      const res = await call(sb, 'PUT', `/v3/channels/${ch}/site/checkout-url`, { body: { url: bad } });
      expect(res.status).toBe(422);
      expectContract(res, sb);
    }
    const ok = await call(sb, 'PUT', `/v3/channels/${ch}/site/checkout-url`, { body: { url: 'https://checkout.shop.co.uk' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ is_checkout_url_customized: true });
    expect(ok.body.urls).toContainEqual(expect.objectContaining({ type: 'checkout', url: 'https://checkout.shop.co.uk' }));
    const bySites = await call(sb, 'GET', '/v3/sites?url_type:in=checkout');
    expect(bySites.body.data.map((s: { channel_id: number }) => s.channel_id)).toEqual([ch]);
    // The site itself cannot move to another domain while the custom checkout URL is set.
    expect((await call(sb, 'PUT', `/v3/channels/${ch}/site`, { body: { url: 'https://www.elsewhere.com' } })).status).toBe(422);
    await call(sb, 'DELETE', `/v3/channels/${ch}/site/checkout-url`);
    const after = await call(sb, 'GET', `/v3/channels/${ch}/site`);
    expect(after.body.data.is_checkout_url_customized).toBe(false);
    expect(after.body.data.urls.map((u: { type: string }) => u.type)).toEqual(['primary', 'canonical']);
    // One site per channel, whichever API creates it.
    expect((await call(sb, 'POST', '/v3/sites', { body: { url: 'https://x.shop.co.uk', channel_id: ch } })).status).toBe(400);
  });

  it('upserts routes in bulk, all or nothing, and filters them by type', async () => {
    const site = (await call(sb, 'GET', '/v3/channels/1/site')).body.data.id;
    const first = await call(sb, 'PUT', `/v3/sites/${site}/routes`, {
      body: [
        { type: 'product', matching: '*', route: '/products/{slug}' },
        { type: 'category', matching: '*', route: '/c/{slug}' },
        { type: 'create_account', matching: '*', route: '/register' },
      ],
    });
    expect(first.status).toBe(200);
    expectContract(first, sb);
    const product = first.body.data[0];
    const bad = await call(sb, 'PUT', `/v3/sites/${site}/routes`, {
      body: [
        { id: product.id, type: 'product', matching: '*', route: '/p/{slug}' },
        { type: 'unknown', matching: '*', route: '/x' },
      ],
    });
    expect(bad.status).toBe(422);
    expect((await call(sb, 'GET', `/v3/sites/${site}/routes/${product.id}`)).body.data.route).toBe('/products/{slug}');
    const onlyProducts = await call(sb, 'GET', `/v3/sites/${site}/routes?type=product`);
    expect(onlyProducts.body.data).toEqual([product]);
    expect((await call(sb, 'GET', `/v3/sites/${site}/routes`)).body.meta.pagination.total).toBe(3);
  });
});
