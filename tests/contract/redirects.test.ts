// Redirects v3 (/storefront/redirects): the rules the plugin's Redirects panel depends on — upsert on
// (site_id, from_path), all-or-nothing validation, prefix keyword search, pages, to_url, deletes and
// the Content scope. Every answer is checked against redirects.v3.yml.
import { startSandbox, type Sandbox } from '../sandbox';
import { call, describeIfSpecs, expectContract, specIndex } from './support';

interface RedirectBody {
  id: number;
  site_id: number;
  from_path: string;
  to: { type: string; entity_id?: number; url?: string };
  to_url?: string;
}

describeIfSpecs('redirects behaviour', () => {
  let sb: Sandbox;
  /** Channel 1's seeded site, and a second site on a new channel. */
  const site = 1000;
  let otherSite: number;

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({
      products: 20,
      rateLimit: false,
      accessTokens: {
        'sandbox-token': '*',
        'content-read': ['store_v2_content_read_only'],
        'sites-only': ['store_sites'],
      },
    });
    const channel = (await call(sb, 'POST', '/v3/channels', { body: { name: 'second', type: 'storefront', platform: 'custom' } })).body.data.id;
    otherSite = (await call(sb, 'POST', `/v3/channels/${channel}/site`, { body: { url: 'https://second.example.com' } })).body.data.id;
  });

  afterAll(async () => {
    await sb?.close();
  });

  const upsert = (body: unknown, token?: string) => call<{ data: RedirectBody[] }>(sb, 'PUT', '/v3/storefront/redirects', { body, token });
  const list = async (query: string) => {
    const res = await call<{ data: RedirectBody[]; meta: { pagination: { total: number; total_pages: number; current_page: number } } }>(
      sb,
      'GET',
      `/v3/storefront/redirects${query}`
    );
    expect(res.status).toBe(200);
    expectContract(res, sb);
    return res.body;
  };

  it('creates redirects, then overwrites one on the same site and from_path, keeping its id', async () => {
    const created = await upsert([
      { site_id: site, from_path: '/blue', to: { type: 'product', entity_id: 3 } },
      { site_id: site, from_path: '/blue-shirt', to: { type: 'url', url: '/shirts/blue/' } },
      { site_id: site, from_path: '/royal-blue-shirt', to: { type: 'url', url: 'https://elsewhere.example.org/royal' } },
      { site_id: otherSite, from_path: '/blue', to: { type: 'category', entity_id: 1 } },
    ]);
    expect(created.status).toBe(201);
    expectContract(created, sb);
    expect(created.body.data.map((r) => [r.site_id, r.from_path, r.to])).toEqual([
      [site, '/blue', { type: 'product', entity_id: 3 }],
      [site, '/blue-shirt', { type: 'url', url: '/shirts/blue/' }],
      [site, '/royal-blue-shirt', { type: 'url', url: 'https://elsewhere.example.org/royal' }],
      [otherSite, '/blue', { type: 'category', entity_id: 1 }],
    ]);
    const [blue] = created.body.data;
    // to_url: the destination as a full URL on the redirect's own site.
    const storeUrl = `https://store-${sb.storeHash}.mybigcommerce.com`;
    expect((await list(`?include=to_url&id:in=${blue.id}`)).data[0].to_url).toBe(`${storeUrl}${sb.catalog.product(3).custom_url.url}`);
    const again = await upsert([{ site_id: site, from_path: '/blue', to: { type: 'url', url: '/new-blue' } }]);
    expect(again.body.data).toEqual([{ id: blue.id, site_id: site, from_path: '/blue', to: { type: 'url', url: '/new-blue' } }]);
    expect((await list('')).meta.pagination.total).toBe(4);
    const withUrls = await list(`?include=to_url&site_id=${otherSite}`);
    expect(withUrls.data).toEqual([
      expect.objectContaining({ from_path: '/blue', to_url: `https://second.example.com${sb.catalog.category(1).custom_url.url}` }),
    ]);
    const mine = await list(`?include=to_url&site_id=${site}&sort=from_path`);
    expect(mine.data.map((r) => r.to_url)).toEqual([`${storeUrl}/new-blue`, `${storeUrl}/shirts/blue/`, 'https://elsewhere.example.org/royal']);
    expect((await list('')).data.every((r) => r.to_url === undefined)).toBe(true);
  });

  it('matches the keyword from the beginning of the path only', async () => {
    const found = await list(`?site_id=${site}&keyword=blue`);
    expect(found.data.map((r) => r.from_path).sort()).toEqual(['/blue', '/blue-shirt']);
    expect((await list(`?site_id=${site}&keyword=/BLUE-`)).data.map((r) => r.from_path)).toEqual(['/blue-shirt']);
    expect((await list('?keyword=royal')).data.map((r) => r.from_path)).toEqual(['/royal-blue-shirt']);
  });

  it('pages, sorts and filters by id', async () => {
    const bulk = Array.from({ length: 23 }, (_, i) => ({
      site_id: otherSite,
      from_path: `/old/${String(i).padStart(2, '0')}`,
      to: { type: 'url', url: '/new' },
    }));
    const written = await upsert(bulk);
    expect(written.status).toBe(201);
    const page3 = await list(`?site_id=${otherSite}&keyword=old/&limit=10&page=3`);
    expect(page3.meta.pagination).toMatchObject({ total: 23, total_pages: 3, current_page: 3 });
    expect(page3.data.map((r) => r.from_path)).toEqual(['/old/20', '/old/21', '/old/22']);
    const desc = await list(`?site_id=${otherSite}&sort=from_path&direction=desc&limit=2`);
    expect(desc.data.map((r) => r.from_path)).toEqual(['/old/22', '/old/21']);
    const ids = written.body.data.slice(0, 3).map((r) => r.id);
    expect((await list(`?id:in=${ids.join(',')}`)).data.map((r) => r.id)).toEqual(ids);
    expect((await list(`?id:min=${ids[1]}&id:max=${ids[2]}`)).data.map((r) => r.id)).toEqual(ids.slice(1));
    for (const bad of ['?sort=created', '?direction=up', '?include=to', '?id:in=a']) {
      const res = await call(sb, 'GET', `/v3/storefront/redirects${bad}`);
      expect(res.status).toBe(422);
      expectContract(res, sb);
    }
  });

  it('validates the whole array before writing anything', async () => {
    const before = (await list('')).meta.pagination.total;
    const cases: Array<[unknown, string]> = [
      [
        [
          { site_id: site, from_path: '/ok', to: { type: 'url', url: '/x' } },
          { site_id: site, from_path: 'relative', to: { type: 'url', url: '/x' } },
        ],
        '[1].from_path',
      ],
      [[{ site_id: site, from_path: '/', to: { type: 'url', url: '/x' } }], '[0].from_path'],
      [[{ site_id: site, from_path: '/loop', to: { type: 'url', url: '/loop' } }], '[0].to.url'],
      [
        [
          { site_id: site, from_path: '/a', to: { type: 'url', url: '/x' } },
          { site_id: site, from_path: '/a', to: { type: 'url', url: '/y' } },
        ],
        '[1].from_path',
      ],
      [[{ site_id: 4242, from_path: '/a', to: { type: 'url', url: '/x' } }], '[0].site_id'],
      [[{ from_path: '/a', to: { type: 'url', url: '/x' } }], '[0].site_id'],
      [[{ site_id: site, from_path: '/a', to: { type: 'video', url: '/x' } }], '[0].to.type'],
      [[{ site_id: site, from_path: '/a', to: { type: 'product' } }], '[0].to.entity_id'],
      [[{ site_id: site, from_path: '/a', to: { type: 'product', entity_id: 999999 } }], '[0].to.entity_id'],
      [[{ site_id: site, from_path: '/a', to: { type: 'page', entity_id: 1 } }], '[0].to.entity_id'],
      [[{ site_id: site, from_path: '/a', to: { type: 'url', url: 'ftp://x' } }], '[0].to.url'],
      [[], 'body'],
      [{ site_id: site }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await upsert(body);
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expect(Object.keys((res.body as unknown as { errors: Record<string, string> }).errors)).toContain(field);
      expectContract(res, sb);
    }
    expect((await list('')).meta.pagination.total).toBe(before);
  });

  it('deletes by id, by site, and with the site itself', async () => {
    const [one] = (await list(`?site_id=${site}&keyword=blue-shirt`)).data;
    const del = await call(sb, 'DELETE', `/v3/storefront/redirects?id:in=${one.id},424242`);
    expect(del.status).toBe(204);
    expectContract(del, sb);
    expect((await list(`?id:in=${one.id}`)).data).toEqual([]);
    expect((await call(sb, 'DELETE', '/v3/storefront/redirects')).status).toBe(422);
    // site_id alone empties that site; the other site keeps its redirects.
    const kept = (await list(`?site_id=${site}`)).meta.pagination.total;
    expect(kept).toBeGreaterThan(0);
    expect((await call(sb, 'DELETE', `/v3/storefront/redirects?site_id=${otherSite}`)).status).toBe(204);
    expect((await list(`?site_id=${otherSite}`)).meta.pagination.total).toBe(0);
    expect((await list(`?site_id=${site}`)).meta.pagination.total).toBe(kept);
    await call(sb, 'DELETE', `/v3/sites/${site}`);
    expect((await list('')).meta.pagination.total).toBe(0);
  });

  it('needs the Content scope: read-only may list, Sites & Routes alone may not even read', async () => {
    expect((await call(sb, 'GET', '/v3/storefront/redirects', { token: 'content-read' })).status).toBe(200);
    const write = await upsert([{ site_id: otherSite, from_path: '/x', to: { type: 'url', url: '/y' } }], 'content-read');
    expect(write.status).toBe(403);
    expectContract(write, sb);
    expect((await call(sb, 'GET', '/v3/storefront/redirects', { token: 'sites-only' })).status).toBe(403);
  });
});
