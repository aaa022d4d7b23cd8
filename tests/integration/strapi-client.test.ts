import { strapi as strapiClient, HTTPError } from '@strapi/client';

import type { Sandbox } from '../sandbox';
import { cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import type { TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';
const CATEGORY = 'plugin::bigcommerce.category';

type Item = Record<string, unknown> & { id: number; documentId: string; bigcommerceId: number; slug: string; calculatedPrice: number; name: string };
interface Listing {
  data: Item[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** Strapi's REST conventions, as front-end teams send them with Strapi's own client (and as plain requests for the refusals). */
describe("Strapi's REST conventions on the catalog and cart routes", () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let client: ReturnType<typeof strapiClient>;
  const products = () => client.collection('bigcommerce/products');
  const get = async (path: string) => (await app.http().get(path).expect(200)).body as Listing;
  const ids = (listing: Listing) => listing.data.map((item) => item.bigcommerceId);

  beforeAll(async () => {
    ({ sandbox, app, product } = await startStorefront({}, { listen: true }));
    client = strapiClient({ baseURL: `${app.url}/api` });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('pages, sorts, filters and picks fields as the flat parameters do, with the brand populated whole', async () => {
    const flat = await get('/api/bigcommerce/products?page=2&pageSize=5&sort=price:desc&priceMin=1&priceMax=100000&inStock=true');
    expect(flat.data).toHaveLength(5);
    const listing = (await products().find({
      pagination: { page: 2, pageSize: 5 },
      sort: ['price:desc'],
      filters: { price: { $gte: 1, $lte: 100000 }, inStock: { $eq: true } },
      fields: ['name', 'slug', 'calculatedPrice'],
      populate: ['brand'],
    })) as unknown as Listing;
    expect(listing.meta.pagination).toEqual(flat.meta.pagination);
    expect(listing.data.map((item) => item.documentId)).toEqual(flat.data.map((item) => item.documentId));
    for (const item of listing.data) {
      expect(Object.keys(item).sort()).toEqual(['brand', 'calculatedPrice', 'documentId', 'id', 'name', 'slug']);
      const stored = await app.strapi.db.query(PRODUCT).findOne({ where: { documentId: item.documentId }, populate: { brand: true } });
      // The whole brand entry (its public fields), not the listing's { name, slug }.
      expect(item.brand).toEqual(
        stored.brand
          ? expect.objectContaining({ documentId: stored.brand.documentId, bigcommerceId: stored.brand.bigcommerceId, slug: stored.brand.slug })
          : null
      );
      if (item.brand) expect(item.brand).not.toHaveProperty('contentHash');
    }
  });

  it('takes the relation filters, the name search and a list of sort keys (a later key breaks ties)', async () => {
    const stored = await app.strapi.db
      .query(PRODUCT)
      .findOne({ where: { isVisible: true, brand: { id: { $notNull: true } } }, populate: { brand: true, categories: true } });
    const brand = stored.brand.slug as string;
    const category = (stored.categories as { slug: string }[])[0].slug;
    const flatBrand = await get(`/api/bigcommerce/products?brand=${brand}&pageSize=100`);
    expect(flatBrand.data.length).toBeGreaterThan(0);
    expect(ids((await products().find({ filters: { brand: { slug: { $eq: brand } } }, pagination: { pageSize: 100 } })) as unknown as Listing)).toEqual(
      ids(flatBrand)
    );
    const flatCategory = await get(`/api/bigcommerce/products?category=${category}&pageSize=100`);
    expect(ids((await products().find({ filters: { category: { slug: { $eq: category } } }, pagination: { pageSize: 100 } })) as unknown as Listing)).toEqual(
      ids(flatCategory)
    );
    const word = (stored.name as string).split(' ')[0];
    expect(ids((await products().find({ filters: { name: { $containsi: word } }, pagination: { pageSize: 100 } })) as unknown as Listing)).toEqual(
      ids(await get(`/api/bigcommerce/products?q=${encodeURIComponent(word)}&pageSize=100`))
    );

    const sortedNames = (await products().find({ sort: 'price:desc,name', pagination: { pageSize: 100 } })) as unknown as Listing;
    const rows = sortedNames.data.map((item) => [Number(item.calculatedPrice), item.name] as const);
    for (let i = 1; i < rows.length; i++) {
      const [[price, name], [nextPrice, nextName]] = [rows[i - 1], rows[i]];
      expect(price).toBeGreaterThanOrEqual(nextPrice);
      if (price === nextPrice) expect(name <= nextName).toBe(true);
    }
  });

  it('finds one product by documentId as by slug, and never a hidden one', async () => {
    const {
      data: [first],
    } = await get('/api/bigcommerce/products?pageSize=1&sort=name');
    const bySlug = (await app.http().get(`/api/bigcommerce/products/${first.slug}`).expect(200)).body;
    const byDocument = (await products().findOne(first.documentId)) as unknown as { data: Item };
    expect(byDocument.data).toEqual(bySlug.data);

    await app.strapi.db.query(PRODUCT).update({ where: { documentId: first.documentId }, data: { isVisible: false } });
    try {
      await expect(products().findOne(first.documentId)).rejects.toMatchObject({ response: { status: 404 } });
    } finally {
      await app.strapi.db.query(PRODUCT).update({ where: { documentId: first.documentId }, data: { isVisible: true } });
    }
  });

  it('populates categories whole, without a hidden category or one under a hidden parent', async () => {
    const child = (
      await app.strapi.db
        .query(CATEGORY)
        .findMany({ where: { isVisible: true, parent: { id: { $notNull: true } } }, populate: { parent: true, products: true } })
    ).find((category: { products: { isVisible: boolean }[] }) => category.products.some((p) => p.isVisible));
    const holder = await app.strapi.db.query(PRODUCT).findOne({ where: { isVisible: true, categories: { id: child.id } }, populate: { categories: true } });
    const populated = async () =>
      ((await products().findOne(holder.documentId, { populate: '*' })) as unknown as { data: { categories: { documentId: string; isVisible: boolean }[] } })
        .data.categories;
    const before = await populated();
    expect(before.map((c) => c.documentId)).toContain(child.documentId);
    for (const category of before) expect(category.isVisible).toBe(true);

    await app.strapi.db.query(CATEGORY).update({ where: { id: child.parent.id }, data: { isVisible: false } });
    try {
      const after = await populated();
      expect(after.map((c) => c.documentId)).not.toContain(child.documentId);
      expect(after.map((c) => c.documentId)).not.toContain(child.parent.documentId);
    } finally {
      await app.strapi.db.query(CATEGORY).update({ where: { id: child.parent.id }, data: { isVisible: true } });
    }
  });

  it('creates a cart from the { data } body @strapi/client sends', async () => {
    const created = (await client.collection('bigcommerce/cart').create({ lineItems: [cartItem(product, 2)] })) as unknown as {
      data: { id: string; line_items: { physical_items: { product_id: number; quantity: number }[] } };
    };
    expect(created.data.id).toEqual(expect.any(String));
    expect(created.data.line_items.physical_items).toEqual([expect.objectContaining({ product_id: product.bigcommerceId, quantity: 2 })]);
    expect(sandbox.shop.carts.has(created.data.id)).toBe(true);
  });

  describe('refusals', () => {
    it.each([
      ['sort=color', '"color"'],
      ['sort[0]=price:desc&sort[1]=sku', '"sku"'],
      ['filters[sku][$eq]=x', 'filters[sku]'],
      ['filters[price][$gt]=1', 'filters[price][$gt]'],
      ['filters[brand][name][$eq]=x', 'filters[brand]'],
      ['filters[$or][0][name][$containsi]=x', 'filters[$or]'],
      ['pagination[start]=0&pagination[limit]=10', 'pagination[start]'],
      ['pagination[page]=2&page=2', 'pagination[page]'],
      ['brand=a&filters[brand][slug][$eq]=b', 'filters[brand][slug][$eq]'],
      ['fields[0]=contentHash', '"contentHash"'],
      ['fields=nope', '"nope"'],
      ['populate=channels', '"channels"'],
      ['populate[categories][populate][products]=*', 'populate[categories]'],
    ])('GET /products?%s → 400 naming %s', async (query, named) => {
      const res = await app.http().get(`/api/bigcommerce/products?${query}`).expect(400);
      expect(res.body).toEqual({
        data: null,
        error: { status: 400, name: 'ValidationError', message: expect.stringContaining(named), details: expect.any(Object) },
      });
    });

    it('refuses pagination[start] on the brands and populate of a hidden relation on one product', async () => {
      expect((await app.http().get('/api/bigcommerce/brands?pagination[start]=0').expect(400)).body.error.message).toContain('pagination[start]');
      const {
        data: [first],
      } = await get('/api/bigcommerce/products?pageSize=1');
      expect((await app.http().get(`/api/bigcommerce/products/${first.documentId}?populate=channels`).expect(400)).body.error.message).toContain('"channels"');
    });

    it('unwraps { data } only when it is the whole body', async () => {
      const res = await app
        .http()
        .post('/api/bigcommerce/cart')
        .send({ data: { lineItems: [cartItem(product)] }, extra: 1 })
        .expect(400);
      expect(res.body.error.message).toContain('data');
    });

    it('tells a client that sends text to a JSON route to send JSON', async () => {
      const res = await app
        .http()
        .post('/api/bigcommerce/cart')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ lineItems: [cartItem(product)] }))
        .expect(415);
      expect(res.body.error.message).toMatch(/Send the body as JSON, with Content-Type: application\/json/);
    });

    it('throws the client an HTTPError for a 400', async () => {
      await expect(products().find({ sort: ['sku'] })).rejects.toBeInstanceOf(HTTPError);
    });
  });
});
