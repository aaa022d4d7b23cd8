import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';
const CATEGORY = 'plugin::bigcommerce.category';
const RUN = 'plugin::bigcommerce.sync-run';

interface Collision {
  resource: string;
  slug: string;
  keptBy: number;
  renamed: { bigcommerceId: number; slug: string }[];
}

/** Unique slugs and Unicode search over a sandbox catalog shaped with colliding URLs and accented names. */
describe('unique slugs and Unicode search', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  const created: Record<string, number> = {};
  let cjkChild: number;
  let parentCategory: { id: number; slug: string };

  const product = (name: string, url: string, extra: Record<string, unknown> = {}) =>
    sandbox.catalog.createProduct({ name, type: 'physical', weight: 1, price: 10, categories: [], channels: [1], custom_url: { url }, ...extra } as never).id;
  const slugOf = async (bigcommerceId: number, uid = PRODUCT) =>
    ((await app.strapi.db.query(uid).findOne({ where: { bigcommerceId } })) as { slug: string }).slug;
  const lastRun = async () =>
    (await app.strapi.db.query(RUN).findMany({ orderBy: { id: 'desc' }, limit: 1 }))[0] as { status: string; slugCollisions: Collision[] | null };

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 20, rateLimit: false });
    created.ab = product('Slug one', '/a-b/');
    created.aSlashB = product('Slug two', '/a/b/');
    created.cafe = product('Slug three', '/cafe/');
    created.CAFE = product('Slug four', '/CAFE/');
    created.cafeHtml = product('Slug five', '/cafe.html');
    created.creme = product('Cre\u0300me brûlée set', '/creme-brulee-set/'); // NFD name
    const parent = [...sandbox.catalog.categories.values()].find((c) => c.parent_id === 0)!;
    cjkChild = sandbox.catalog.createCategory({ name: '日本', parent_id: parent.id }).id;
    app = await bootStrapi({ env: sandboxEnv(sandbox) });
    await sync(app.strapi, 'full');
    parentCategory = { id: parent.id, slug: await slugOf(parent.id, CATEGORY) };
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('gives colliding custom URLs one slug each: the lowest id keeps the base, the others <base>--<id>', async () => {
    expect(await slugOf(created.ab)).toBe('a-b');
    expect(await slugOf(created.aSlashB)).toBe(`a-b--${created.aSlashB}`);
    expect(await slugOf(created.cafe)).toBe('cafe');
    expect(await slugOf(created.CAFE)).toBe(`cafe--${created.CAFE}`);
    expect(await slugOf(created.cafeHtml)).toBe(`cafe--${created.cafeHtml}`);
    const slugs = ((await app.strapi.db.query(PRODUCT).findMany({ select: ['slug'] })) as { slug: string }[]).map((row) => row.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('resolves each slug to its own product over REST (case-folded) and GraphQL', async () => {
    for (const id of [created.ab, created.aSlashB, created.cafe, created.CAFE, created.cafeHtml]) {
      const slug = await slugOf(id);
      const res = await app
        .http()
        .get(`/api/bigcommerce/products/${encodeURIComponent(slug.toUpperCase())}`)
        .expect(200);
      expect(res.body.data.bigcommerceId).toBe(id);
      const gql = await app
        .http()
        .post('/graphql')
        .send({ query: 'query($slug: String!) { bigcommerceProduct(slug: $slug) { bigcommerceId } }', variables: { slug } });
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.bigcommerceProduct.bigcommerceId).toBe(id);
    }
  });

  it('gives a CJK-only child category its own slug, and records the collisions on the run', async () => {
    const child = await slugOf(cjkChild, CATEGORY);
    expect(child).toBe(`${parentCategory.slug}--${cjkChild}`);
    const run = await lastRun();
    expect(run.slugCollisions).toEqual(
      expect.arrayContaining([
        { resource: 'category', slug: parentCategory.slug, keptBy: parentCategory.id, renamed: [{ bigcommerceId: cjkChild, slug: child }] },
        { resource: 'product', slug: 'a-b', keptBy: created.ab, renamed: [{ bigcommerceId: created.aSlashB, slug: `a-b--${created.aSlashB}` }] },
      ])
    );
  });

  it('finds an accented name whatever the case and normalization form of the query (SQLite as PostgreSQL)', async () => {
    for (const q of ['CRÈME', 'cre\u0300me', 'Crème BRÛLÉE']) {
      const res = await app
        .http()
        .get(`/api/bigcommerce/products?q=${encodeURIComponent(q)}`)
        .expect(200);
      expect(res.body.data.map((item: { bigcommerceId: number }) => item.bigcommerceId)).toEqual([created.creme]);
    }
  });

  it('keeps slugs unique when one product arrives alone, and hands a freed base to the next in line', async () => {
    const later = product('Slug six', '/Cafe/');
    await sync(app.strapi, 'incremental');
    expect(await slugOf(later)).toBe(`cafe--${later}`);
    expect(await slugOf(created.cafe)).toBe('cafe'); // the holder is not displaced by a newcomer
    expect(await slugOf(created.ab)).toBe('a-b'); // another base is untouched

    sandbox.catalog.deleteProduct(created.cafe);
    // The neighbour that takes the freed base is changed too: Strapi's event hub hears it.
    const updated: number[] = [];
    const listener = async ({ uid, entry }: { uid: string; entry: { bigcommerceId: number } }) => {
      if (uid === PRODUCT) updated.push(Number(entry.bigcommerceId));
    };
    app.strapi.eventHub.on('entry.update', listener);
    await sync(app.strapi, 'full').finally(() => app.strapi.eventHub.off('entry.update', listener));
    expect(updated).toContain(created.CAFE);
    expect(await app.strapi.db.query(PRODUCT).findOne({ where: { bigcommerceId: created.cafe } })).toBeNull();
    expect(await slugOf(created.CAFE)).toBe('cafe');
    expect(await slugOf(created.cafeHtml)).toBe(`cafe--${created.cafeHtml}`);
    expect(await slugOf(later)).toBe(`cafe--${later}`);
    const res = await app.http().get('/api/bigcommerce/products/cafe').expect(200);
    expect(res.body.data.bigcommerceId).toBe(created.CAFE);
  });
});
