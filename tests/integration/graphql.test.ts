import { startSandbox, type Sandbox } from '../sandbox';
import { hideBranchCategory, listedIn, sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; error?: { name: string; message: string } } }[];
}

interface Node {
  bigcommerceId: number;
  children: Node[];
}

const byId = (a: number, b: number) => a - b;

/** The catalog in Strapi's GraphQL: same rules as the REST read API, no writes, no internals. */
describe('storefront read API (GraphQL)', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let hiddenCategory: number;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    (await app.http().post('/graphql').send({ query, variables })).body as GraphQLResponse<T>;
  const data = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await gql<T>(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const expectedIn = (channel: number) => listedIn(sandbox, channel);

  const LIST = `query List($channel: Int, $category: String, $brand: String, $priceMin: Float, $priceMax: Float, $inStock: Boolean, $q: String, $sort: String, $page: Int, $pageSize: Int) {
    bigcommerceProducts(channel: $channel, category: $category, brand: $brand, priceMin: $priceMin, priceMax: $priceMax, inStock: $inStock, q: $q, sort: $sort, page: $page, pageSize: $pageSize) {
      nodes { bigcommerceId name slug calculatedPrice inStock seoTitle seoDescription content localNote brand { name slug } categories { bigcommerceId name isVisible } }
      pagination { page pageSize pageCount total }
    }
  }`;
  type ListNode = { bigcommerceId: number; categories: { bigcommerceId: number }[] } & Record<string, unknown>;
  type List = { bigcommerceProducts: { nodes: ListNode[]; pagination: { page: number; pageSize: number; pageCount: number; total: number } } };

  const allNodes = async (variables: Record<string, unknown> = {}): Promise<ListNode[]> => {
    const nodes: ListNode[] = [];
    for (let page = 1; ; page++) {
      const { bigcommerceProducts } = await data<List>(LIST, { ...variables, page, pageSize: 100 });
      nodes.push(...bigcommerceProducts.nodes);
      if (page >= bigcommerceProducts.pagination.pageCount) return nodes;
    }
  };
  const restIds = async (query: string): Promise<number[]> => {
    const out: number[] = [];
    for (let page = 1; ; page++) {
      const res = await app.http().get(`/api/bigcommerce/products?pageSize=100&page=${page}&${query}`).expect(200);
      out.push(...res.body.data.map((item: { bigcommerceId: number }) => item.bigcommerceId));
      if (page >= res.body.meta.pagination.pageCount) return out;
    }
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 300, rateLimit: false });
    app = await bootStrapi({
      env: {
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_CHANNEL_IDS: '1,2',
      },
    });
    await sync(app.strapi, 'full');
    // A hidden second-level category that holds products directly and has children: it, and its branch, leave the tree.
    hiddenCategory = await hideBranchCategory(app.strapi, sandbox);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  describe('schema', () => {
    it('has catalog queries only: no mutations for synced types, no sync runs, locks or channels', async () => {
      const { __schema } = await data<{ __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } } }>(
        '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }'
      );
      const queries = __schema.queryType.fields.map((f) => f.name).filter((name) => /bigcommerce/i.test(name));
      // The catalog queries, plus the shopper's own cart, account, checkout, orders and wishlists (see storefront-graphql tests).
      expect(queries.sort()).toEqual([
        'bigcommerceBrands',
        'bigcommerceCart',
        'bigcommerceCategories',
        'bigcommerceCheckout',
        'bigcommerceMe',
        'bigcommerceOrder',
        'bigcommerceOrders',
        'bigcommerceProduct',
        'bigcommerceProducts',
        'bigcommerceWishlists',
      ]);
      const mutations = __schema.mutationType.fields.map((f) => f.name).filter((name) => /bigcommerce/i.test(name));
      // Shopper operations only: nothing writes a synced content type.
      expect(mutations.filter((name) => /(create|update|delete)Bigcommerce/i.test(name))).toEqual([]);
      for (const type of ['BigcommerceSyncRun', 'BigcommerceSyncLock', 'BigcommerceChannel', 'BigcommerceProductInput']) {
        expect((await data<{ __type: unknown }>(`{ __type(name: "${type}") { name } }`)).__type).toBeNull();
      }
    });

    it('keeps editorial and extension fields, and drops relations that would bypass the rules', async () => {
      const fields = async (type: string) =>
        (await data<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "${type}") { fields { name } } }`)).__type.fields.map((f) => f.name);
      const product = await fields('BigcommerceProduct');
      expect(product).toEqual(expect.arrayContaining(['content', 'seoTitle', 'seoDescription', 'localNote', 'variants', 'brand', 'categories']));
      expect(product).not.toContain('contentHash');
      expect(product).not.toContain('channels');
      expect(await fields('BigcommerceBrand')).not.toContain('products');
      expect(await fields('BigcommerceCategory')).not.toContain('products');
    });

    it('rejects a create mutation for products', async () => {
      const res = await app.http().post('/graphql').send({ query: 'mutation { createBigcommerceProduct(data: { name: "x" }) { documentId } }' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/createBigcommerceProduct/);
    });
  });

  describe('bigcommerceProducts', () => {
    it('returns, anonymously, only visible products of the channel', async () => {
      const { bigcommerceProducts } = await data<List>(LIST);
      expect(bigcommerceProducts.pagination).toEqual({ page: 1, pageSize: 24, pageCount: Math.ceil(expectedIn(1).length / 24), total: expectedIn(1).length });
      for (const channel of [1, 2]) {
        expect((await allNodes({ channel })).map((n) => n.bigcommerceId).sort(byId)).toEqual(expectedIn(channel));
      }
    });

    it('filters, sorts and paginates exactly like REST', async () => {
      const brand = [...sandbox.catalog.brands.values()][0];
      const root = [...sandbox.catalog.categories.values()].find((c) => c.parent_id === 0)!;
      const cases: [Record<string, unknown>, string][] = [
        [{ sort: 'price:desc' }, 'sort=price:desc'],
        [{ category: String(root.id), sort: 'name' }, `category=${root.id}&sort=name`],
        [{ brand: String(brand.id), sort: 'newest' }, `brand=${brand.id}&sort=newest`],
        [{ priceMin: 20, priceMax: 150.5, sort: 'price' }, 'priceMin=20&priceMax=150.5&sort=price'],
        [{ inStock: true, channel: 2 }, 'inStock=true&channel=2'],
        [{ q: 'OAK' }, 'q=OAK'],
      ];
      for (const [variables, query] of cases) {
        expect((await allNodes(variables)).map((n) => n.bigcommerceId)).toEqual(await restIds(query));
      }
      const page = await data<List>(LIST, { sort: 'name', page: 2, pageSize: 7 });
      expect(page.bigcommerceProducts.nodes.map((n) => n.bigcommerceId)).toEqual((await restIds('sort=name')).slice(7, 14));
    });

    it('resolves brand and visible categories, with editorial and extension fields', async () => {
      const stored = (await app.strapi.db.query(PRODUCT).findMany({ where: { isVisible: true }, populate: ['categories', 'channels'] })) as {
        documentId: string;
        bigcommerceId: number;
        channels: { bigcommerceId: number }[];
        categories: { bigcommerceId: number }[];
      }[];
      const product = stored.find((p) => p.channels.some((c) => c.bigcommerceId === 1) && p.categories.some((c) => c.bigcommerceId === hiddenCategory))!;
      const content = [{ type: 'paragraph', children: [{ type: 'text', text: 'Story' }] }];
      await app.strapi.documents(PRODUCT).update({ documentId: product.documentId, data: { seoTitle: 'GraphQL SEO', content, localNote: 'note' } as never });
      const node = (await allNodes()).find((n) => n.bigcommerceId === product.bigcommerceId)!;
      expect(node).toMatchObject({ seoTitle: 'GraphQL SEO', content, localNote: 'note', brand: { name: expect.any(String), slug: expect.any(String) } });
      const expectedCategories = product.categories
        .map((c) => c.bigcommerceId)
        .filter((id) => id !== hiddenCategory)
        .sort(byId);
      expect(node.categories.map((c) => c.bigcommerceId).sort(byId)).toEqual(expectedCategories);
      expect(node.categories.every((c) => (c as { isVisible?: boolean }).isVisible)).toBe(true);
      // With arguments the relation is read again from the database, with the same rule.
      const slug = node.slug as string;
      const { bigcommerceProduct } = await data<{ bigcommerceProduct: { categories: { bigcommerceId: number }[] } }>(
        'query($slug: String!) { bigcommerceProduct(slug: $slug) { categories(sort: "name:desc", pagination: { limit: 50 }) { bigcommerceId } } }',
        { slug }
      );
      expect(bigcommerceProduct.categories.map((c) => c.bigcommerceId).sort(byId)).toEqual(expectedCategories);
    });

    it('answers bad arguments with a ValidationError naming the argument', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ channel: 3 }, 'channel'],
        [{ pageSize: 500 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ sort: 'colour' }, 'sort'],
        [{ priceMin: 10, priceMax: 1 }, 'priceMin'],
        [{ priceMin: -5 }, 'priceMin'],
        [{ q: '' }, 'q'],
      ];
      for (const [variables, argument] of cases) {
        const { errors } = await gql(LIST, variables);
        expect(errors).toHaveLength(1);
        expect(errors![0].extensions?.error).toMatchObject({ name: 'ValidationError', message: expect.stringContaining(argument) });
      }
    });

    it('answers an unknown or hidden category, or an unknown brand, with a NotFoundError naming it', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ category: 'no-such-category' }, 'Category "no-such-category" not found'],
        [{ category: String(hiddenCategory) }, `Category "${hiddenCategory}" not found`],
        [{ brand: 'no-such-brand' }, 'Brand "no-such-brand" not found'],
        [{ brand: '99999' }, 'Brand "99999" not found'],
      ];
      for (const [variables, message] of cases) {
        const { data: answer, errors } = await gql(LIST, variables);
        expect(answer).toBeNull();
        expect(errors).toHaveLength(1);
        expect(errors![0].extensions?.error).toMatchObject({ name: 'NotFoundError', message });
      }
    });
  });

  describe('bigcommerceProduct', () => {
    const ONE = `query One($slug: String!, $channel: Int) {
      bigcommerceProduct(slug: $slug, channel: $channel) { bigcommerceId slug description variants images options customFields bulkPricingRules brand { name } categories { name } }
    }`;
    type One = { bigcommerceProduct: Record<string, unknown> | null };

    it('returns one visible product of the channel with everything, or null', async () => {
      const stored = (await app.strapi.db.query(PRODUCT).findMany({ populate: ['channels', 'brand'] })) as {
        slug: string;
        isVisible: boolean;
        bigcommerceId: number;
        images: unknown[];
        brand: unknown;
        channels: { bigcommerceId: number }[];
      }[];
      // The generator leaves some products without images or a brand; the database's row order is not fixed.
      const inOne = stored.find((p) => p.isVisible && p.channels.some((c) => c.bigcommerceId === 1) && p.images.length > 0 && p.brand)!;
      const { bigcommerceProduct } = await data<One>(ONE, { slug: inOne.slug });
      expect(bigcommerceProduct).toMatchObject({ bigcommerceId: inOne.bigcommerceId, slug: inOne.slug, brand: expect.anything() });
      expect((bigcommerceProduct!.variants as unknown[]).length).toBeGreaterThan(0);
      expect((bigcommerceProduct!.images as unknown[]).length).toBeGreaterThan(0);
      const invisible = stored.find((p) => !p.isVisible)!;
      const otherChannel = stored.find((p) => p.isVisible && !p.channels.some((c) => c.bigcommerceId === 1))!;
      expect((await data<One>(ONE, { slug: invisible.slug })).bigcommerceProduct).toBeNull();
      expect((await data<One>(ONE, { slug: otherChannel.slug })).bigcommerceProduct).toBeNull();
      expect((await data<One>(ONE, { slug: otherChannel.slug, channel: 2 })).bigcommerceProduct).toMatchObject({ bigcommerceId: otherChannel.bigcommerceId });
      expect((await data<One>(ONE, { slug: 'no-such-product' })).bigcommerceProduct).toBeNull();
    });
  });

  describe('bigcommerceCategories and bigcommerceBrands', () => {
    const TREE = `query Tree($channel: Int) {
      bigcommerceCategories(channel: $channel) { bigcommerceId children { bigcommerceId children { bigcommerceId children { bigcommerceId } } } }
    }`;
    const shape = (nodes: Node[]): unknown[] => nodes.map((n) => ({ bigcommerceId: n.bigcommerceId, children: shape(n.children ?? []) }));

    it('returns the same visible tree as REST, with and without a channel', async () => {
      for (const [variables, query] of [
        [{}, ''],
        [{ channel: 2 }, '?channel=2'],
      ] as const) {
        const rest = (await app.http().get(`/api/bigcommerce/categories${query}`).expect(200)).body.data as Node[];
        const { bigcommerceCategories } = await data<{ bigcommerceCategories: Node[] }>(TREE, variables);
        expect(shape(bigcommerceCategories)).toEqual(shape(rest));
      }
      const ids = JSON.stringify(shape((await data<{ bigcommerceCategories: Node[] }>(TREE)).bigcommerceCategories));
      expect(ids).not.toContain(`"bigcommerceId":${hiddenCategory},`);
      // Children with arguments come from the database, with the same visibility rule.
      const rest = (await app.http().get('/api/bigcommerce/categories').expect(200)).body.data as Node[];
      const sorted = await data<{ bigcommerceCategories: Node[] }>('{ bigcommerceCategories { bigcommerceId children(sort: "name:desc") { bigcommerceId } } }');
      const childIds = (nodes: Node[]) => nodes.map((n) => [n.bigcommerceId, (n.children ?? []).map((c) => c.bigcommerceId).sort(byId)]);
      expect(childIds(sorted.bigcommerceCategories)).toEqual(childIds(rest));
    });

    it('lists brands with pagination', async () => {
      const { bigcommerceBrands } = await data<{ bigcommerceBrands: { nodes: { name: string }[]; pagination: { total: number; pageCount: number } } }>(
        '{ bigcommerceBrands(page: 1, pageSize: 2) { nodes { name slug } pagination { total pageCount } } }'
      );
      expect(bigcommerceBrands.nodes).toHaveLength(2);
      expect(bigcommerceBrands.pagination).toEqual({ total: sandbox.catalog.brands.size, pageCount: Math.ceil(sandbox.catalog.brands.size / 2) });
    });
  });

  describe('access', () => {
    it('follows the Public role’s permissions', async () => {
      const permissions = app.strapi.db.query('plugin::users-permissions.permission');
      const products = await permissions.findOne({ where: { action: 'plugin::bigcommerce.product.find' } });
      await permissions.delete({ where: { id: products.id } });
      const { errors } = await gql(LIST);
      expect(errors![0].extensions?.error?.name).toBe('ForbiddenError');
      expect((await gql('{ bigcommerceBrands { pagination { total } } }')).errors).toBeUndefined();
    });
  });
});
