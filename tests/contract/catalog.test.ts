// Catalog behaviour the sync engine relies on: pagination, projections, the options page cap,
// filters (channel, date_modified, visibility, ids), sorting, writes and their side effects.
import { startSandbox, type Sandbox } from '../sandbox';
import { call, describeIfSpecs, expectContract, specIndex } from './support';

interface P {
  id: number;
  [k: string]: unknown;
}

describeIfSpecs('catalog behaviour', () => {
  let sb: Sandbox;
  const N = 137;

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({ products: N, seed: 5, rateLimit: false });
  });

  afterAll(async () => {
    await sb?.close();
  });

  const ids = (body: { data: P[] }): number[] => body.data.map((p) => p.id);

  async function allIds(query: string, limit = 50): Promise<number[]> {
    const out: number[] = [];
    for (let page = 1; ; page++) {
      const res = await call(sb, 'GET', `/v3/catalog/products?${query}&include_fields=is_visible&limit=${limit}&page=${page}`);
      out.push(...ids(res.body));
      if (page >= res.body.meta.pagination.total_pages) return out;
    }
  }

  it('paginates with correct totals and links', async () => {
    const first = await call(sb, 'GET', '/v3/catalog/products?limit=50');
    expect(first.body.meta.pagination).toEqual({
      total: N,
      count: 50,
      per_page: 50,
      current_page: 1,
      total_pages: 3,
      links: { current: '?page=1&limit=50', next: '?page=2&limit=50' },
    });
    const last = await call(sb, 'GET', '/v3/catalog/products?limit=50&page=3');
    expect(last.body.meta.pagination).toMatchObject({ count: N - 100, current_page: 3, links: { previous: '?page=2&limit=50', current: '?page=3&limit=50' } });
    expect(last.body.meta.pagination.links.next).toBeUndefined();
    const beyond = await call(sb, 'GET', '/v3/catalog/products?limit=50&page=9');
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.meta.pagination.total).toBe(N);
    const collected = await allIds('');
    expect(collected).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // Default page size is 50 and limit is capped at 250.
    expect((await call(sb, 'GET', '/v3/catalog/products')).body.meta.pagination.per_page).toBe(50);
    expect((await call(sb, 'GET', '/v3/catalog/products?limit=1000')).body.meta.pagination.per_page).toBe(250);
  });

  it('keeps filters in pagination links', async () => {
    const res = await call(sb, 'GET', '/v3/catalog/products?is_visible=true&limit=10');
    expect(res.body.meta.pagination.links.next).toBe('?is_visible=true&page=2&limit=10');
  });

  it('returns only id plus include_fields, keeps included sub-resources, and never excludes id', async () => {
    const res = await call(sb, 'GET', '/v3/catalog/products?include_fields=name,price&limit=3');
    for (const p of res.body.data) expect(Object.keys(p).sort()).toEqual(['id', 'name', 'price']);
    const withSub = await call(sb, 'GET', '/v3/catalog/products/2?include=variants,images&include_fields=sku');
    expect(Object.keys(withSub.body.data).sort()).toEqual(['id', 'images', 'sku', 'variants']);
    const excluded = await call(sb, 'GET', '/v3/catalog/products/2?exclude_fields=id,description,price');
    expect(excluded.body.data.id).toBe(2);
    expect(excluded.body.data).not.toHaveProperty('description');
    expect(excluded.body.data).not.toHaveProperty('price');
    expect(excluded.body.data).toHaveProperty('name');
    const variants = await call(sb, 'GET', '/v3/catalog/products/2/variants?include_fields=sku');
    for (const v of variants.body.data) expect(Object.keys(v).sort()).toEqual(['id', 'sku']);
  });

  it('caps pages at 10 when options or modifiers are included', async () => {
    for (const include of ['options', 'modifiers', 'variants,options']) {
      const res = await call(sb, 'GET', `/v3/catalog/products?include=${include}&limit=250`);
      expect(res.body.data).toHaveLength(10);
      expect(res.body.meta.pagination).toMatchObject({ per_page: 10, total: N, total_pages: Math.ceil(N / 10) });
      expectContract(res, sb);
    }
    const variantsOnly = await call(sb, 'GET', '/v3/catalog/products?include=variants,images&limit=250');
    expect(variantsOnly.body.data).toHaveLength(N);
  });

  it('rejects an unknown include with 422', async () => {
    const res = await call(sb, 'GET', '/v3/catalog/products?include=everything');
    expect(res.status).toBe(422);
    expectContract(res, sb);
  });

  it('filters by channel, visibility, ids, brand, category and keyword', async () => {
    const cores = [...sb.catalog.products.values()];
    const expectIds = (pred: (p: (typeof cores)[number]) => boolean): number[] => cores.filter(pred).map((p) => p.id);
    expect(await allIds('channel_id:in=1')).toEqual(expectIds((p) => p.channels.includes(1)));
    expect(await allIds('channel_id:in=2')).toEqual(expectIds((p) => p.channels.includes(2)));
    expect(await allIds('is_visible=false')).toEqual(expectIds((p) => !p.is_visible));
    expect(await allIds('id:in=5,7,9,500')).toEqual([5, 7, 9]);
    expect((await allIds('id:not_in=1,2,3')).length).toBe(N - 3);
    expect(await allIds('id:min=130')).toEqual(expectIds((p) => p.id >= 130));
    const brand = cores.find((p) => p.brand_id > 0)?.brand_id ?? 0;
    expect(await allIds(`brand_id=${brand}`)).toEqual(expectIds((p) => p.brand_id === brand));
    const [c1, c2] = cores[0].categories;
    expect(await allIds(`categories:in=${c1}${c2 ? `,${c2}` : ''}`)).toEqual(expectIds((p) => p.categories.includes(c1) && (!c2 || p.categories.includes(c2))));
    expect(await allIds(`categories=${c1}`)).toEqual(expectIds((p) => p.categories.includes(c1)));
    const word = cores[10].name.split(' ')[1];
    expect(await allIds(`keyword=${encodeURIComponent(word.toLowerCase())}`)).toEqual(expectIds((p) => p.name.toLowerCase().includes(word.toLowerCase())));
    expect(await allIds(`name=${encodeURIComponent(cores[10].name)}`)).toEqual([cores[10].id]);
    expect(await allIds(`sku=${cores[20].sku}`)).toEqual([cores[20].id]);
  });

  it('sorts by price, name and date_modified in both directions, with id as tie-breaker', async () => {
    const res = await call(sb, 'GET', '/v3/catalog/products?sort=price&direction=desc&include_fields=price&limit=250');
    const prices = res.body.data.map((p: { price: number }) => p.price);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => b - a));
    const names = (await call(sb, 'GET', '/v3/catalog/products?sort=name&include_fields=name&limit=250')).body.data.map((p: { name: string }) =>
      p.name.toLowerCase()
    );
    expect(names).toEqual([...names].sort());
    const desc = await call(sb, 'GET', '/v3/catalog/products?direction=desc&include_fields=is_visible&limit=3');
    expect(ids(desc.body)).toEqual([N, N - 1, N - 2]);
    expect((await call(sb, 'GET', '/v3/catalog/products?sort=color')).status).toBe(422);
  });

  it('bumps date_modified on a change and finds it with date_modified:min (incremental sync)', async () => {
    const stamp = new Date().toISOString().slice(0, 19) + 'Z';
    expect(await allIds(`date_modified:min=${stamp}`)).toEqual([]);
    const put = await call(sb, 'PUT', '/v3/catalog/products/11', { body: { price: 19.99, sale_price: 0 } });
    expect(put.status).toBe(200);
    expect(put.body.data.price).toBe(19.99);
    expect(Date.parse(put.body.data.date_modified)).toBeGreaterThanOrEqual(Date.parse(stamp));
    expect(await allIds(`date_modified:min=${stamp}`)).toEqual([11]);
    expect(await allIds(`date_modified:max=2000-01-01T00:00:00Z`)).toEqual([]);
    // A PUT that changes nothing leaves date_modified alone.
    const again = await call(sb, 'PUT', '/v3/catalog/products/11', { body: { price: 19.99 } });
    expect(again.body.data.date_modified).toBe(put.body.data.date_modified);
  });

  it('keeps the stock of a variant-tracked product equal to the sum of its variants', async () => {
    const core = [...sb.catalog.products.values()].find((p) => p.inventory_tracking === 'variant' && sb.catalog.variantCount(p) > 1);
    if (!core) throw new Error('no variant-tracked product');
    const variants = (await call(sb, 'GET', `/v3/catalog/products/${core.id}/variants`)).body.data as Array<{ id: number; inventory_level: number }>;
    const res = await call(sb, 'PUT', `/v3/catalog/products/${core.id}/variants/${variants[0].id}`, {
      body: { inventory_level: variants[0].inventory_level + 7 },
    });
    expect(res.status).toBe(200);
    expectContract(res, sb);
    const product = await call(sb, 'GET', `/v3/catalog/products/${core.id}`);
    expect(product.body.data.inventory_level).toBe(variants.reduce((s, v) => s + v.inventory_level, 0) + 7);
  });

  it('updates a simple product through its base variant', async () => {
    const core = [...sb.catalog.products.values()].find((p) => sb.catalog.variantCount(p) === 1 && p.inventory_tracking !== 'variant');
    if (!core) throw new Error('no simple product');
    const base = (await call(sb, 'GET', `/v3/catalog/products/${core.id}?include=variants`)).body.data;
    expect(base.base_variant_id).toBe(base.variants[0].id);
    await call(sb, 'PUT', '/v3/catalog/variants', { body: [{ id: base.base_variant_id, price: 3.21 }] });
    expect((await call(sb, 'GET', `/v3/catalog/products/${core.id}`)).body.data.price).toBe(3.21);
  });

  it('creates a product with options and variants and lists them', async () => {
    const res = await call(sb, 'POST', '/v3/catalog/products', {
      body: {
        name: 'Catalog Test Shirt',
        type: 'physical',
        weight: 0.3,
        price: 25,
        inventory_tracking: 'variant',
        variants: [
          {
            sku: 'CTS-S-RED',
            inventory_level: 2,
            option_values: [
              { option_display_name: 'Size', label: 'S' },
              { option_display_name: 'Color', label: 'Red' },
            ],
          },
          {
            sku: 'CTS-M-RED',
            inventory_level: 3,
            option_values: [
              { option_display_name: 'Size', label: 'M' },
              { option_display_name: 'Color', label: 'Red' },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    const id = res.body.data.id;
    expect(id).toBe(N + 1);
    expect(res.body.data.inventory_level).toBe(5);
    const options = await call(sb, 'GET', `/v3/catalog/products/${id}/options`);
    expect(options.body.data.map((o: { display_name: string }) => o.display_name)).toEqual(['Size', 'Color']);
    const variants = await call(sb, 'GET', `/v3/catalog/variants?product_id:in=${id}`);
    expect(variants.body.data.map((v: { sku: string }) => v.sku)).toEqual(['CTS-S-RED', 'CTS-M-RED']);
    const dup = await call(sb, 'POST', '/v3/catalog/products', { body: { name: 'Other', type: 'physical', weight: 1, price: 1, sku: 'CTS-S-RED' } });
    expect(dup.status).toBe(409);
    expect((await call(sb, 'DELETE', `/v3/catalog/products/${id}`)).status).toBe(204);
    expect((await call(sb, 'GET', `/v3/catalog/products/${id}`)).status).toBe(404);
    expect((await call(sb, 'GET', '/v3/catalog/products?limit=1')).body.meta.pagination.total).toBe(N);
  });

  it('pages through every variant in the store', async () => {
    const expected = [...sb.catalog.products.values()].reduce((s, p) => s + sb.catalog.variantCount(p), 0);
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const res = await call(sb, 'GET', `/v3/catalog/variants?limit=100&page=${page}&include_fields=id,product_id`);
      seen.push(...ids(res.body));
      expect(res.body.meta.pagination.total).toBe(expected);
      if (page >= res.body.meta.pagination.total_pages) break;
    }
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it('assigns and unassigns channels', async () => {
    const before = await allIds('channel_id:in=2&id:in=1,2,3,4,5,6,7,8');
    const target = [1, 2, 3, 4, 5, 6, 7, 8].find((id) => !before.includes(id)) as number;
    expect((await call(sb, 'PUT', '/v3/catalog/products/channel-assignments', { body: [{ product_id: target, channel_id: 2 }] })).status).toBe(204);
    expect(await allIds('channel_id:in=2&id:in=1,2,3,4,5,6,7,8')).toEqual([...before, target].sort((a, b) => a - b));
    const listed = await call(sb, 'GET', `/v3/catalog/products/channel-assignments?product_id:in=${target}`);
    expect(listed.body.data).toContainEqual({ product_id: target, channel_id: 2 });
    expect((await call(sb, 'DELETE', `/v3/catalog/products/channel-assignments?product_id:in=${target}&channel_id:in=2`)).status).toBe(204);
    expect(await allIds('channel_id:in=2&id:in=1,2,3,4,5,6,7,8')).toEqual(before);
  });

  it('serves categories flat and as a tree, consistently', async () => {
    const flat = (await call(sb, 'GET', '/v3/catalog/categories?limit=250')).body.data as Array<{ id: number; parent_id: number; name: string }>;
    const tree = (await call(sb, 'GET', '/v3/catalog/trees/1/categories')).body.data;
    const nodes: Array<{ id: number; parent_id: number; depth: number; path: number[] }> = [];
    const walk = (list: Array<{ id: number; parent_id: number; depth: number; path: number[]; children: unknown[] }>): void => {
      for (const n of list) {
        nodes.push(n);
        walk(n.children as typeof list);
      }
    };
    walk(tree);
    expect(nodes.map((n) => n.id).sort((a, b) => a - b)).toEqual(flat.map((c) => c.id).sort((a, b) => a - b));
    for (const n of nodes) {
      expect(n.parent_id).toBe(flat.find((c) => c.id === n.id)?.parent_id);
      expect(n.path[n.path.length - 1]).toBe(n.id);
      expect(n.path).toHaveLength(n.depth);
    }
    const shallow = (await call(sb, 'GET', '/v3/catalog/trees/1/categories?depth=1')).body.data;
    for (const n of shallow) expect(n.children).toEqual([]);
    const roots = await call(sb, 'GET', '/v3/catalog/categories?parent_id=0');
    expect(roots.body.data.map((c: { id: number }) => c.id)).toEqual(tree.map((n: { id: number }) => n.id));
    const treeFlat = await call(sb, 'GET', `/v3/catalog/trees/categories?category_id:in=${flat[0].id}`);
    expect(treeFlat.body.data[0]).toMatchObject({ category_id: flat[0].id, tree_id: 1, name: flat[0].name });
    expect(treeFlat.body.data[0].category_uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await call(sb, 'GET', '/v3/catalog/trees?channel_id:in=2')).body.data).toEqual([{ id: 1, name: 'Default', channels: [1, 2] }]);
  });

  it('summarises the catalog', async () => {
    const res = await call(sb, 'GET', '/v3/catalog/summary');
    const variants = [...sb.catalog.products.values()].reduce((s, p) => s + sb.catalog.variantCount(p), 0);
    expect(res.body.data.variant_count).toBe(variants);
    expect(res.body.data.highest_variant_price).toBeGreaterThanOrEqual(Number(res.body.data.lowest_variant_price));
  });
});
