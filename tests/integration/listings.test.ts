// Channel listings (issue #15, item 1): synced per served channel, and what a storefront of that channel sees.
import request from 'supertest';

import { startSandbox, type Sandbox } from '../sandbox';
import type { Listing } from '../sandbox/types';
import { listedIn, sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const LISTING = 'plugin::bigcommerce.listing';

type Item = { bigcommerceId: number; name: string; slug: string; description?: string; variants?: { id: number }[] };

describe('channel listings', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  const listings = () => [...sandbox.catalog.store.channels.listings.values()];
  const listingOf = (channel: number, product: number) => listings().find((l) => l.channel_id === channel && l.product_id === product);
  const get = (path: string) => app.http().get(path);

  /** Every product of a channel's listing, page after page. */
  const all = async (query: string): Promise<Item[]> => {
    const items: Item[] = [];
    for (let page = 1; ; page++) {
      const res = await get(`/api/bigcommerce/products?pageSize=100&page=${page}&${query}`).expect(200);
      items.push(...(res.body.data as Item[]));
      if (page >= res.body.meta.pagination.pageCount) return items;
    }
  };
  const expectedIn = (channel: number) => listedIn(sandbox, channel);
  const renamed = (channel: number) =>
    listings().filter(
      (l) =>
        l.channel_id === channel &&
        l.state === 'active' &&
        l.name !== sandbox.catalog.products.get(l.product_id)!.name &&
        sandbox.catalog.products.get(l.product_id)!.is_visible
    );
  const update = (listing: Listing, change: Partial<Listing>) =>
    sandbox.catalog.store.channels.upsertListings(listing.channel_id, [{ ...listing, ...change, variants: change.variants ?? listing.variants }], true);

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 120, rateLimit: false });
    app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: '1,2' } });
    const run = await sync(app.strapi, 'full');
    expect(run).toMatchObject({ message: null, status: 'succeeded' });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('a full sync stores every listing of the served channels, and the run counts them', async () => {
    const served = listings().filter((l) => [1, 2].includes(l.channel_id));
    expect(served.some((l) => l.state === 'disabled')).toBe(true);
    expect(renamed(1).length).toBeGreaterThan(0);
    const stored = (await app.strapi.db.query(LISTING).findMany({})) as { bigcommerceId: number; listed: boolean }[];
    expect(stored.map((l) => l.bigcommerceId).sort((a, b) => a - b)).toEqual(served.map((l) => l.listing_id).sort((a, b) => a - b));
    const runs = (await app.strapi.db.query('plugin::bigcommerce.sync-run').findMany({ orderBy: { id: 'desc' }, limit: 1 })) as {
      taxonomy: { listings: object };
    }[];
    expect(runs[0].taxonomy.listings).toEqual({ created: served.length, updated: 0, unchanged: 0, deleted: 0 });
  });

  it('a product whose listing is disabled is not listed on that channel, and is on the other', async () => {
    for (const channel of [1, 2]) {
      expect((await all(`channel=${channel}`)).map((item) => item.bigcommerceId).sort((a, b) => a - b)).toEqual(expectedIn(channel));
    }
    const off = listings().find((l) => l.channel_id === 1 && l.state === 'disabled' && sandbox.catalog.products.get(l.product_id)!.is_visible)!;
    const product = sandbox.catalog.products.get(off.product_id)!;
    const slug = product.custom_url.url.replace(/^\/|\/$/g, '');
    await get(`/api/bigcommerce/products/${slug}?channel=1`).expect(404);
    // Nor can it go in a cart there (the shopper routes sell on the first served channel, 1).
    const variantId = sandbox.catalog.variantsOf(product)[0].id;
    const refused = await request(app.strapi.server.httpServer)
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [{ productId: product.id, variantId, quantity: 1 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(new RegExp(`product_id ${product.id} is not a product`));
    if (product.channels.includes(2) && listingOf(2, product.id)?.state !== 'disabled') await get(`/api/bigcommerce/products/${slug}?channel=2`).expect(200);
  });

  it('the storefront shows the channel’s name and description, over REST and GraphQL, and the catalog’s elsewhere', async () => {
    const listing = renamed(1)[0];
    const product = sandbox.catalog.products.get(listing.product_id)!;
    const slug = product.custom_url.url.replace(/^\/|\/$/g, '');
    const one = (await get(`/api/bigcommerce/products/${slug}?channel=1`).expect(200)).body.data as Item;
    expect(one).toMatchObject({ name: listing.name, description: listing.description });
    const inList = (await all('channel=1')).find((item) => item.bigcommerceId === product.id)!;
    expect(inList.name).toBe(listing.name);
    if (product.channels.includes(2) && !listingOf(2, product.id)) {
      expect(((await get(`/api/bigcommerce/products/${slug}?channel=2`).expect(200)).body.data as Item).name).toBe(product.name);
    }
    const { data } = (
      await app.http().post('/graphql').send({
        query: 'query ($slug: String!) { bigcommerceProduct(slug: $slug, channel: 1) { name description } }',
        variables: { slug },
      })
    ).body as { data: { bigcommerceProduct: { name: string; description: string } } };
    expect(data.bigcommerceProduct).toEqual({ name: listing.name, description: listing.description });
    // The Content Manager's entry is the product's own: one entry per product, the catalog's name.
    const entry = (await app.strapi.db.query('plugin::bigcommerce.product').findOne({ where: { bigcommerceId: product.id } })) as { name: string };
    expect(entry.name).toBe(product.name);
  });

  it('search finds a product by the name its channel gives it, on that channel only', async () => {
    const hits = await all(`channel=1&q=${encodeURIComponent('| sandbox-storefront')}`);
    expect(hits.map((item) => item.bigcommerceId).sort((a, b) => a - b)).toEqual(
      renamed(1)
        .filter((l) => l.name.includes('| sandbox-storefront'))
        .map((l) => l.product_id)
        .sort((a, b) => a - b)
    );
    expect(hits.every((item) => item.name.includes('| sandbox-storefront'))).toBe(true);
    expect(await all(`channel=2&q=${encodeURIComponent('| sandbox-storefront')}`)).toEqual([]);
  });

  it('sorts by the name the shopper sees on the channel', async () => {
    const names = (await all('channel=1&sort=name:asc')).map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.some((name) => name.includes('| sandbox-storefront'))).toBe(true);
  });

  it('small pages of a name or featured sort make up the same order as large ones (renamed and other products merged page by page)', async () => {
    const paged = async (query: string, pageSize: number): Promise<number[]> => {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const res = await get(`/api/bigcommerce/products?pageSize=${pageSize}&page=${page}&${query}`).expect(200);
        ids.push(...(res.body.data as Item[]).map((item) => item.bigcommerceId));
        if (page >= res.body.meta.pagination.pageCount) return ids;
      }
    };
    for (const sort of ['name:asc', 'name:desc', 'featured:desc', 'featured:asc']) {
      const whole = await paged(`channel=1&sort=${sort}`, 100);
      expect(new Set(whole).size).toBe(whole.length);
      expect([...whole].sort((a, b) => a - b)).toEqual(expectedIn(1));
      expect(await paged(`channel=1&sort=${sort}`, 7)).toEqual(await paged(`channel=1&sort=${sort}`, 100));
    }
    const names = (await all('channel=1&sort=name:desc')).map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it('a variant the listing disables is not shown on the channel and cannot be put in a cart there', async () => {
    const listing = listings().find(
      (l) =>
        l.channel_id === 1 && l.state === 'active' && l.variants.some((v) => v.state === 'disabled') && sandbox.catalog.products.get(l.product_id)!.is_visible
    )!;
    expect(listing).toBeDefined();
    const variant = listing.variants.find((v) => v.state === 'disabled')!.variant_id;
    const product = sandbox.catalog.products.get(listing.product_id)!;
    const slug = product.custom_url.url.replace(/^\/|\/$/g, '');
    const shown = (await get(`/api/bigcommerce/products/${slug}?channel=1`).expect(200)).body.data as Item;
    expect(shown.variants!.map((v) => v.id)).not.toContain(variant);
    expect(shown.variants!.length).toBe(listing.variants.length - 1);
    const shopper = request.agent(app.strapi.server.httpServer);
    const refused = await shopper.post('/api/bigcommerce/cart').send({ lineItems: [{ productId: product.id, variantId: variant, quantity: 1 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(new RegExp(`${variant}`));
    const sold = listing.variants.find((v) => v.state !== 'disabled')!.variant_id;
    await shopper
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [{ productId: product.id, variantId: sold, quantity: 1 }] })
      .expect(201);
  });

  it('checks the products of an add in one statement, the channel’s listings included', async () => {
    const listing = listings().find(
      (l) =>
        l.channel_id === 1 && l.state === 'active' && l.variants.some((v) => v.state === 'disabled') && sandbox.catalog.products.get(l.product_id)!.is_visible
    )!;
    const sold = listing.variants.find((v) => v.state !== 'disabled')!.variant_id;
    const knex = app.strapi.db.connection;
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (/bigcommerce_(products|listings)/.test(query.sql)) statements.push(query.sql);
    };
    const add = () =>
      request
        .agent(app.strapi.server.httpServer)
        .post('/api/bigcommerce/cart')
        .send({ lineItems: [{ productId: listing.product_id, variantId: sold, quantity: 1 }] })
        .expect(201);
    await add(); // the first add compiles the statement
    knex.on('query', onQuery);
    try {
      await add();
    } finally {
      knex.off('query', onQuery);
    }
    expect(statements).toHaveLength(1);
  });

  it('an incremental sync takes a listing changed in BigCommerce: disabled leaves the channel, enabled comes back', async () => {
    const listing = listings().find((l) => l.channel_id === 1 && l.state === 'active' && sandbox.catalog.products.get(l.product_id)!.is_visible)!;
    const id = listing.product_id;
    const listed = async () => (await all('channel=1')).some((item) => item.bigcommerceId === id);
    expect(await listed()).toBe(true);
    update(listing, { state: 'disabled' });
    expect(await sync(app.strapi, 'incremental')).toMatchObject({ status: 'succeeded', taxonomy: { listings: { updated: 1 } } });
    expect(await listed()).toBe(false);
    update(listing, { state: 'active', name: 'Renamed for channel one' });
    await sync(app.strapi, 'incremental');
    expect(await listed()).toBe(true);
    expect((await all('channel=1')).find((item) => item.bigcommerceId === id)!.name).toBe('Renamed for channel one');
  });

  it('a category whose products the channel’s listings all take off leaves that channel’s category tree', async () => {
    type Node = { bigcommerceId: number; children: Node[] };
    const tree = async (channel: number) => {
      const ids = new Set<number>();
      const walk = (nodes: Node[]) => nodes.forEach((node) => (ids.add(node.bigcommerceId), walk(node.children)));
      walk((await get(`/api/bigcommerce/categories?channel=${channel}`).expect(200)).body.data as Node[]);
      return ids;
    };
    // A leaf category of the tree, and every product of channel 1 in it.
    const categories = [...sandbox.catalog.categories.values()];
    const listed = new Set(listedIn(sandbox, 1));
    const leaf = categories.find(
      (c) =>
        !categories.some((d) => d.parent_id === c.id) && [...sandbox.catalog.products.values()].some((p) => listed.has(p.id) && p.categories.includes(c.id))
    )!;
    expect(await tree(1)).toContain(leaf.id);
    const inLeaf = [...sandbox.catalog.products.values()].filter((p) => p.channels.includes(1) && p.categories.includes(leaf.id));
    for (const p of inLeaf) {
      const own = listingOf(1, p.id);
      if (own) update(own, { state: 'disabled' });
      else sandbox.catalog.store.channels.upsertListings(1, [{ product_id: p.id, state: 'disabled', variants: [] }], false);
    }
    await sync(app.strapi, 'incremental');
    expect(await tree(1)).not.toContain(leaf.id);
  });
});
