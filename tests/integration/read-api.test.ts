import { startSandbox, type Sandbox } from '../sandbox';
import { hideBranchCategory, listedIn, listingOn, sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';
const CATEGORY = 'plugin::bigcommerce.category';

type Item = Record<string, unknown> & {
  bigcommerceId: number;
  name: string;
  slug: string;
  calculatedPrice: number;
  inStock: boolean;
  isFeatured: boolean;
  sortOrder: number;
  bigcommerceCreatedAt: string;
  brand: { name: string; slug: string } | null;
  categories: { name: string; slug: string }[];
};

interface TreeNode {
  bigcommerceId: number;
  name: string;
  sortOrder: number;
  children: TreeNode[];
}

interface StoredProduct {
  id: number;
  documentId: string;
  bigcommerceId: number;
  slug: string;
  name: string;
  sku: string;
  description: string;
  isVisible: boolean;
  images: unknown[];
  brand: { bigcommerceId: number; slug: string } | null;
  categories: { id: number; bigcommerceId: number }[];
  channels: { bigcommerceId: number }[];
}

const byId = (a: number, b: number) => a - b;

/** The storefront read API against a synced sandbox catalog, called anonymously (the Public role). */
describe('storefront read API (REST)', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let stored: StoredProduct[];
  let hiddenCategory: number;
  /** Visible products linked to each channel, by BigCommerce id, from the sandbox (the ground truth). */
  const expectedIn = (channel: number) => listedIn(sandbox, channel);

  const get = (path: string) => app.http().get(path);

  /** Every item of a listing, page after page. */
  const all = async (query = ''): Promise<Item[]> => {
    const items: Item[] = [];
    for (let page = 1; ; page++) {
      const res = await get(`/api/bigcommerce/products?pageSize=100&page=${page}${query ? `&${query}` : ''}`).expect(200);
      items.push(...(res.body.data as Item[]));
      if (page >= res.body.meta.pagination.pageCount) return items;
    }
  };
  const ids = (items: Item[]) => items.map((item) => item.bigcommerceId).sort(byId);

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 300, rateLimit: false });
    app = await bootStrapi({
      env: {
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_CHANNEL_IDS: '1,2',
      },
    });
    await sync(app.strapi, 'full');
    stored = (await app.strapi.db.query(PRODUCT).findMany({
      populate: { brand: true, categories: true, channels: true },
    })) as StoredProduct[];
    // A hidden second-level category that holds products directly and has children: it, and its branch, leave the tree.
    hiddenCategory = await hideBranchCategory(app.strapi, sandbox);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  describe('products', () => {
    it('lists, anonymously, exactly the visible products of the default channel, in Strapi’s envelope', async () => {
      const catalog = [...sandbox.catalog.products.values()];
      expect(catalog.some((p) => !p.is_visible)).toBe(true);
      expect(catalog.some((p) => p.is_visible && !p.channels.includes(1))).toBe(true);
      const res = await get('/api/bigcommerce/products').expect(200);
      const expected = expectedIn(1);
      expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 24, pageCount: Math.ceil(expected.length / 24), total: expected.length });
      expect(res.body.data).toHaveLength(24);
      expect(ids(await all())).toEqual(expected);
    });

    it('never returns an invisible product or one outside the channel, on any channel', async () => {
      for (const channel of [1, 2]) {
        const items = await all(`channel=${channel}`);
        expect(ids(items)).toEqual(expectedIn(channel));
        for (const item of items) {
          const product = sandbox.catalog.products.get(item.bigcommerceId)!;
          expect(product.is_visible).toBe(true);
          expect(product.channels).toContain(channel);
        }
      }
    });

    it('returns a lean listing item with its brand, visible categories, prices and stock', async () => {
      const product = stored.find(
        (p) => p.isVisible && p.channels.some((c) => c.bigcommerceId === 1) && p.categories.some((c) => c.bigcommerceId === hiddenCategory)
      )!;
      const item = (await all()).find((candidate) => candidate.bigcommerceId === product.bigcommerceId)!;
      expect(item).toMatchObject({ id: product.id, documentId: product.documentId, name: product.name, slug: product.slug, sku: product.sku });
      for (const field of ['price', 'salePrice', 'retailPrice', 'calculatedPrice', 'inStock', 'thumbnailUrl', 'isFeatured']) expect(item).toHaveProperty(field);
      for (const field of ['variants', 'images', 'description', 'options', 'customFields', 'bulkPricingRules', 'contentHash', 'syncedAt']) {
        expect(item).not.toHaveProperty(field);
      }
      expect(item.brand).toEqual(product.brand ? { name: expect.any(String), slug: product.brand.slug } : null);
      const visibleCategories = product.categories.filter((c) => c.bigcommerceId !== hiddenCategory);
      expect(item.categories).toHaveLength(visibleCategories.length);
      for (const category of item.categories) expect(Object.keys(category).sort()).toEqual(['name', 'slug']);
    });

    it('gives every listing item the brand and visible categories Strapi’s own populate gives, in its order', async () => {
      const items = await all();
      const populated = (await app.strapi.db.query(PRODUCT).findMany({
        select: ['id'],
        where: { id: { $in: items.map((item) => item.id as number) } },
        populate: { brand: { select: ['name', 'slug'] }, categories: { select: ['name', 'slug'], where: { isVisible: true } } },
      })) as { id: number; brand: { name: string; slug: string } | null; categories: { name: string; slug: string }[] }[];
      const byId = new Map(populated.map((row) => [row.id, row]));
      expect(items.some((item) => item.categories.length > 1)).toBe(true);
      for (const item of items) {
        const row = byId.get(item.id as number)!;
        expect(item.brand).toEqual(row.brand ? { name: row.brand.name, slug: row.brand.slug } : null);
        expect(item.categories).toEqual(row.categories.map((category) => ({ name: category.name, slug: category.slug })));
      }
    });

    it('filters by category, by slug or id, including products of its descendant categories', async () => {
      const categories = [...sandbox.catalog.categories.values()];
      const root = categories.find((c) => c.parent_id === 0 && categories.some((d) => d.parent_id === c.id))!;
      const below = new Set([root.id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const c of categories)
          if (below.has(c.parent_id) && !below.has(c.id)) {
            below.add(c.id);
            grew = true;
          }
      }
      const expected = expectedIn(1).filter((id) => sandbox.catalog.products.get(id)!.categories.some((c) => below.has(c)));
      // Some products match only through a descendant category.
      expect(expected.some((id) => !sandbox.catalog.products.get(id)!.categories.includes(root.id))).toBe(true);
      expect(expected.length).toBeLessThan(expectedIn(1).length);
      const slug = (await app.strapi.db.query(CATEGORY).findOne({ where: { bigcommerceId: root.id } })).slug as string;
      expect(ids(await all(`category=${slug}`))).toEqual(expected);
      expect(ids(await all(`category=${root.id}`))).toEqual(expected);
    });

    it('answers a category filter the shopper cannot reach (unknown, hidden, under a hidden parent) with a 404 naming it', async () => {
      const categories = [...sandbox.catalog.categories.values()];
      const below = categories.find((c) => c.parent_id === hiddenCategory)!;
      for (const requested of ['no-such-category', '99999', String(hiddenCategory), String(below.id)]) {
        const res = await get(`/api/bigcommerce/products?category=${requested}`).expect(404);
        expect(res.body).toEqual({ data: null, error: { status: 404, name: 'NotFoundError', message: `Category "${requested}" not found`, details: {} } });
      }
      const hiddenSlug = (await app.strapi.db.query(CATEGORY).findOne({ where: { bigcommerceId: hiddenCategory } })).slug as string;
      await get(`/api/bigcommerce/products?category=${hiddenSlug}`).expect(404);
    });

    it('filters by brand, by slug or id', async () => {
      const brand = [...sandbox.catalog.brands.values()][1];
      const expected = expectedIn(1).filter((id) => sandbox.catalog.products.get(id)!.brand_id === brand.id);
      expect(expected.length).toBeGreaterThan(0);
      const slug = stored.find((p) => p.brand?.bigcommerceId === brand.id)!.brand!.slug;
      expect(ids(await all(`brand=${slug}`))).toEqual(expected);
      expect(ids(await all(`brand=${brand.id}`))).toEqual(expected);
      for (const item of await all(`brand=${slug}`)) expect(item.brand).toEqual({ name: brand.name, slug });
    });

    it('finds a brand by its natural slug: /brands/Old-Peak.html is old-peak, not brands-old-peak', async () => {
      const brand = [...sandbox.catalog.brands.values()][1];
      const natural = brand.custom_url.url
        .replace(/^\/brands\//, '')
        .replace(/\.html$/, '')
        .toLowerCase();
      const expected = expectedIn(1).filter((id) => sandbox.catalog.products.get(id)!.brand_id === brand.id);
      expect(ids(await all(`brand=${natural}`))).toEqual(expected);
      const res = await get(`/api/bigcommerce/brands?pageSize=100`).expect(200);
      for (const stored of res.body.data as { slug: string }[]) expect(stored.slug).not.toMatch(/^brands-/);
    });

    it('answers an unknown brand filter with a 404 naming it', async () => {
      for (const requested of ['no-such-brand', '99999']) {
        const res = await get(`/api/bigcommerce/products?brand=${requested}`).expect(404);
        expect(res.body).toEqual({ data: null, error: { status: 404, name: 'NotFoundError', message: `Brand "${requested}" not found`, details: {} } });
      }
    });

    it('filters by price range (calculated price) and stock, and combines filters', async () => {
      // The sandbox's catalog is mostly in stock: take a few products out.
      const soldOut = stored
        .filter((p) => p.isVisible)
        .slice(0, 5)
        .map((p) => p.id);
      await app.strapi.db.query(PRODUCT).updateMany({ where: { id: { $in: soldOut } }, data: { inStock: false } });
      const everything = await all();
      const prices = everything.map((item) => Number(item.calculatedPrice)).sort(byId);
      const [low, high] = [prices[Math.floor(prices.length / 4)], prices[Math.floor((prices.length * 3) / 4)]];
      const inRange = everything.filter((item) => item.calculatedPrice >= low && item.calculatedPrice <= high);
      expect(inRange.length).toBeGreaterThan(0);
      expect(inRange.length).toBeLessThan(everything.length);
      expect(ids(await all(`priceMin=${low}&priceMax=${high}`))).toEqual(ids(inRange));
      expect(ids(await all(`priceMin=${low}`))).toEqual(ids(everything.filter((item) => item.calculatedPrice >= low)));
      const inStock = everything.filter((item) => item.inStock);
      const outOfStock = everything.filter((item) => !item.inStock);
      expect(inStock.length).toBeGreaterThan(0);
      expect(outOfStock.length).toBeGreaterThan(0);
      expect(ids(await all('inStock=true'))).toEqual(ids(inStock));
      expect(ids(await all('inStock=false'))).toEqual(ids(outOfStock));
      const both = await all(`inStock=true&priceMin=${low}&priceMax=${high}`);
      expect(ids(both)).toEqual(ids(inRange.filter((item) => item.inStock)));
    });

    it('searches name, SKU and description, ignoring case', async () => {
      const visible = new Set(expectedIn(1));
      const candidates = stored.filter((p) => visible.has(p.bigcommerceId));
      const matches = (needle: string) =>
        candidates
          .filter((p) => {
            // The channel's listing may name and describe the product its own way: both are searched.
            const listing = listingOn(sandbox, 1, p.bigcommerceId);
            return [p.name, p.sku, p.description, listing?.name, listing?.description].some((text) =>
              (text ?? '').toLowerCase().includes(needle.toLowerCase())
            );
          })
          .map((p) => p.bigcommerceId)
          .sort(byId);
      const word = candidates[0].name.split(' ')[0];
      const mixed = word.toUpperCase().slice(0, 2) + word.toLowerCase().slice(2);
      expect(matches(word).length).toBeGreaterThan(0);
      expect(ids(await all(`q=${encodeURIComponent(mixed)}`))).toEqual(matches(word));
      const sku = candidates[5].sku;
      expect(ids(await all(`q=${encodeURIComponent(sku.toLowerCase())}`))).toEqual(matches(sku));
      // Text only found in one description.
      const described = candidates[7];
      await app.strapi.db.query(PRODUCT).update({ where: { id: described.id }, data: { description: '<p>Finished in Zebrawood veneer.</p>' } });
      expect(ids(await all('q=zebraWOOD'))).toEqual([described.bigcommerceId]);
      // LIKE wildcards are literal text.
      expect((await get('/api/bigcommerce/products?q=%25').expect(200)).body.meta.pagination.total).toBe(matches('%').length);
    });

    it('sorts by name, price, newest and featured, both ways', async () => {
      const sortedBy = async (sort: string) => (await all(`sort=${sort}`)).map((item) => item);
      const names = (await sortedBy('name')).map((item) => item.name);
      // Code-point order (SQLite, PostgreSQL with the C collation) or a linguistic one (other collations).
      const codePoint = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const linguistic = [...names].sort((a, b) => a.localeCompare(b));
      expect([codePoint, linguistic]).toContainEqual(names);
      const namesDesc = (await sortedBy('name:desc')).map((item) => item.name);
      expect(namesDesc).toEqual([...names].reverse());
      const prices = (await sortedBy('price')).map((item) => Number(item.calculatedPrice));
      expect(prices).toEqual([...prices].sort(byId));
      const pricesDesc = (await sortedBy('price:desc')).map((item) => Number(item.calculatedPrice));
      expect(pricesDesc).toEqual([...prices].sort(byId).reverse());
      const newest = (await sortedBy('newest')).map((item) => Date.parse(item.bigcommerceCreatedAt));
      expect(newest).toEqual([...newest].sort(byId).reverse());
      const oldest = (await sortedBy('newest:asc')).map((item) => Date.parse(item.bigcommerceCreatedAt));
      expect(oldest).toEqual([...oldest].sort(byId));
      const featured = await sortedBy('featured');
      const firstPlain = featured.findIndex((item) => !item.isFeatured);
      expect(firstPlain).toBeGreaterThan(0);
      expect(featured.slice(firstPlain).every((item) => !item.isFeatured)).toBe(true);
      const orders = featured.slice(0, firstPlain).map((item) => item.sortOrder);
      expect(orders).toEqual([...orders].sort(byId));
      const featuredAsc = await sortedBy('featured:asc');
      expect(featuredAsc[0].isFeatured).toBe(false);
      // The default order is `featured`.
      expect(ids((await get('/api/bigcommerce/products?pageSize=100').expect(200)).body.data)).toEqual(ids(featured.slice(0, 100)));
    });

    it('paginates with page and pageSize, and reports the total', async () => {
      const everything = await all('sort=name');
      const res = await get('/api/bigcommerce/products?sort=name&page=3&pageSize=10').expect(200);
      expect(res.body.meta.pagination).toEqual({ page: 3, pageSize: 10, pageCount: Math.ceil(everything.length / 10), total: everything.length });
      expect(res.body.data.map((item: Item) => item.bigcommerceId)).toEqual(everything.slice(20, 30).map((item) => item.bigcommerceId));
      const past = await get('/api/bigcommerce/products?page=999&pageSize=100').expect(200);
      expect(past.body.data).toEqual([]);
      expect(past.body.meta.pagination).toMatchObject({ page: 999, total: everything.length });
      const max = await get('/api/bigcommerce/products?pageSize=100').expect(200);
      expect(max.body.data).toHaveLength(100);
    });
  });

  describe('product by slug', () => {
    it('returns everything about one product', async () => {
      // Some generated products have no images; the database's row order is not fixed.
      const product = stored.find((p) => p.isVisible && p.channels.some((c) => c.bigcommerceId === 1) && p.categories.length && p.images.length)!;
      const res = await get(`/api/bigcommerce/products/${product.slug}`).expect(200);
      const data = res.body.data;
      expect(data).toMatchObject({
        id: product.id,
        documentId: product.documentId,
        bigcommerceId: product.bigcommerceId,
        slug: product.slug,
        description: product.description,
      });
      for (const field of ['variants', 'images', 'options', 'customFields', 'bulkPricingRules']) expect(Array.isArray(data[field])).toBe(true);
      expect(data.variants.length).toBeGreaterThan(0);
      expect(data.images.length).toBeGreaterThan(0);
      expect(data.brand).toEqual(product.brand ? { name: expect.any(String), slug: product.brand.slug } : null);
      expect(data.categories.length).toBeGreaterThan(0);
      expect(data).not.toHaveProperty('contentHash');
      expect(data).not.toHaveProperty('channels');
    });

    it('answers 404 in Strapi’s envelope for an unknown, invisible or other-channel product', async () => {
      const invisible = stored.find((p) => !p.isVisible)!;
      const otherChannel = stored.find((p) => p.isVisible && !p.channels.some((c) => c.bigcommerceId === 1))!;
      for (const slug of ['no-such-product', invisible.slug, otherChannel.slug]) {
        const res = await get(`/api/bigcommerce/products/${encodeURIComponent(slug)}`).expect(404);
        expect(res.body).toEqual({ data: null, error: { status: 404, name: 'NotFoundError', message: expect.stringContaining(slug), details: {} } });
      }
      await get(`/api/bigcommerce/products/${otherChannel.slug}?channel=2`).expect(200);
      await get(`/api/bigcommerce/products/${invisible.slug}?channel=2`).expect(404);
    });
  });

  describe('editorial and extension fields', () => {
    it('come with the listing and the product page', async () => {
      const product = stored.find((p) => p.isVisible && p.channels.some((c) => c.bigcommerceId === 1))!;
      const content = [{ type: 'paragraph', children: [{ type: 'text', text: 'Hand-finished in our workshop.' }] }];
      await app.strapi.documents(PRODUCT).update({
        documentId: product.documentId,
        data: { seoTitle: 'An SEO title', seoDescription: 'An SEO description', content, localNote: 'Ask for the gift wrap' } as never,
      });
      const expected = { seoTitle: 'An SEO title', seoDescription: 'An SEO description', content, localNote: 'Ask for the gift wrap' };
      const page = await get(`/api/bigcommerce/products/${product.slug}`).expect(200);
      expect(page.body.data).toMatchObject(expected);
      const listed = (await all()).find((item) => item.bigcommerceId === product.bigcommerceId)!;
      expect(listed).toMatchObject(expected);
      // Other products carry the fields too, empty.
      const other = (await all()).find((item) => item.bigcommerceId !== product.bigcommerceId)!;
      expect(other).toHaveProperty('localNote', null);
    });
  });

  describe('categories', () => {
    it('returns the visible tree, nested, each level by sortOrder then name', async () => {
      const categories = [...sandbox.catalog.categories.values()];
      const hidden = new Set<number>();
      for (const c of categories) {
        for (let at: typeof c | undefined = c; at; at = sandbox.catalog.categories.get(at.parent_id)) {
          if (!at.is_visible || at.id === hiddenCategory) hidden.add(c.id);
        }
      }
      // Two siblings with one sortOrder: the name decides.
      const roots = categories.filter((c) => c.parent_id === 0 && !hidden.has(c.id));
      await app.strapi.db.query(CATEGORY).update({ where: { bigcommerceId: roots[1].id }, data: { sortOrder: roots[0].sort_order } });
      const sortOf = (c: (typeof categories)[number]) => (c.id === roots[1].id ? roots[0].sort_order : c.sort_order);
      const expectedLevel = (parent: number): unknown[] =>
        categories
          .filter((c) => c.parent_id === parent && !hidden.has(c.id))
          .sort((a, b) => sortOf(a) - sortOf(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((c) => ({ bigcommerceId: c.id, name: c.name, children: expectedLevel(c.id) }));
      const res = await get('/api/bigcommerce/categories').expect(200);
      const shape = (nodes: TreeNode[]): unknown[] => nodes.map((n) => ({ bigcommerceId: n.bigcommerceId, name: n.name, children: shape(n.children) }));
      expect(shape(res.body.data)).toEqual(expectedLevel(0));
      expect(hidden.size).toBeGreaterThan(1);
      const node = res.body.data[0];
      expect(node).toMatchObject({ slug: expect.any(String), isVisible: true });
      expect(node).not.toHaveProperty('contentHash');
    });

    it('keeps, with a channel, only the branches that hold visible products of it', async () => {
      const full = (await get('/api/bigcommerce/categories').expect(200)).body.data as TreeNode[];
      const stocked = new Set(
        stored.filter((p) => p.isVisible && p.channels.some((c) => c.bigcommerceId === 2)).flatMap((p) => p.categories.map((c) => c.bigcommerceId))
      );
      const prune = (nodes: TreeNode[]): unknown[] =>
        nodes.flatMap((n) => {
          const children = prune(n.children);
          return children.length || stocked.has(n.bigcommerceId) ? [{ bigcommerceId: n.bigcommerceId, children }] : [];
        });
      const shape = (nodes: TreeNode[]): unknown[] => nodes.map((n) => ({ bigcommerceId: n.bigcommerceId, children: shape(n.children) }));
      const res = await get('/api/bigcommerce/categories?channel=2').expect(200);
      expect(shape(res.body.data)).toEqual(prune(full));
    });
  });

  describe('brands', () => {
    it('lists brands by name, paginated', async () => {
      const brands = [...sandbox.catalog.brands.values()];
      const res = await get('/api/bigcommerce/brands?pageSize=2&page=2').expect(200);
      const names = brands.map((b) => b.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(res.body.meta.pagination).toEqual({ page: 2, pageSize: 2, pageCount: Math.ceil(brands.length / 2), total: brands.length });
      expect(res.body.data.map((b: { name: string }) => b.name)).toEqual(names.slice(2, 4));
      expect(res.body.data[0]).toMatchObject({ bigcommerceId: expect.any(Number), slug: expect.any(String), documentId: expect.any(String) });
      const everything = await get('/api/bigcommerce/brands').expect(200);
      expect(everything.body.data).toHaveLength(brands.length);
    });
  });

  describe('bad parameters', () => {
    it.each([
      ['/api/bigcommerce/products?foo=1', 'foo'],
      ['/api/bigcommerce/products?page=abc', 'page'],
      ['/api/bigcommerce/products?page=0', 'page'],
      ['/api/bigcommerce/products?page=1&page=2', 'page'],
      ['/api/bigcommerce/products?pageSize=101', 'pageSize'],
      ['/api/bigcommerce/products?pageSize=1.5', 'pageSize'],
      ['/api/bigcommerce/products?priceMin=50&priceMax=10', 'priceMin'],
      ['/api/bigcommerce/products?priceMin=-1', 'priceMin'],
      ['/api/bigcommerce/products?priceMax=cheap', 'priceMax'],
      ['/api/bigcommerce/products?inStock=yes', 'inStock'],
      ['/api/bigcommerce/products?sort=color', 'sort'],
      ['/api/bigcommerce/products?sort=price:up', 'sort'],
      ['/api/bigcommerce/products?q=', 'q'],
      ['/api/bigcommerce/products?channel=abc', 'channel'],
      ['/api/bigcommerce/products?channel=3', 'channel'],
      ['/api/bigcommerce/products?filters[name]=x', 'filters'],
      ['/api/bigcommerce/products/some-slug?channel=3', 'channel'],
      ['/api/bigcommerce/products/some-slug?page=1', 'page'],
      ['/api/bigcommerce/categories?channel=0', 'channel'],
      ['/api/bigcommerce/categories?depth=2', 'depth'],
      ['/api/bigcommerce/brands?pageSize=500', 'pageSize'],
      ['/api/bigcommerce/brands?sort=name', 'sort'],
    ])('%s → 400 naming %s', async (path, parameter) => {
      const res = await get(path).expect(400);
      expect(res.body).toEqual({
        data: null,
        error: { status: 400, name: 'ValidationError', message: expect.stringContaining(parameter), details: expect.any(Object) },
      });
    });
  });

  describe('access', () => {
    it('grants the Public role the catalog actions once, on first start', async () => {
      const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' }, populate: ['permissions'] });
      const actions = (role.permissions as { action: string }[])
        .map((p) => p.action)
        .filter((a) => a.startsWith('plugin::bigcommerce.') && !a.startsWith('plugin::bigcommerce.storefront.'));
      // Strapi's own action names, which read-only API tokens grant (tests/integration/api-tokens.test.ts).
      expect(actions.sort()).toEqual(['brand.find', 'category.find', 'product.find', 'product.findOne'].map((a) => `plugin::bigcommerce.${a}`));
      const store = await app.strapi.store({ type: 'plugin', name: 'bigcommerce', key: 'public-catalog' }).get({});
      expect((store as { granted: string[] }).granted).toHaveLength(4);
    });

    it('answers 403 once an admin revokes the Public permission', async () => {
      const permissions = app.strapi.db.query('plugin::users-permissions.permission');
      const brands = await permissions.findOne({ where: { action: 'plugin::bigcommerce.brand.find' } });
      await permissions.delete({ where: { id: brands.id } });
      const res = await get('/api/bigcommerce/brands').expect(403);
      expect(res.body.error).toMatchObject({ status: 403, name: 'ForbiddenError' });
      await get('/api/bigcommerce/products?pageSize=1').expect(200);
    });
  });
});
