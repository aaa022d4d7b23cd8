import { startSandbox, type Sandbox } from '../sandbox';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

/**
 * A product written before the category or brand it links to (a webhook applied while another node's
 * first sync has not written the taxonomy yet) must not be taken as unchanged by the next sync.
 */
describe('a product stored before its taxonomy', () => {
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 30, seed: 31, rateLimit: false });
    app = await bootStrapi({ env: sandboxEnv(sandbox) });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('gets its brand and categories from the next sync, though its content did not change', async () => {
    const core = [...sandbox.catalog.products.values()].find((product) => product.brand_id && product.categories.length && product.channels.includes(1));
    expect(core).toBeDefined();
    const inbox = app.strapi.plugin('bigcommerce').service('webhook-inbox');
    await inbox.receive({
      scope: 'store/product/updated',
      store_id: '1',
      data: { type: 'product', id: core!.id },
      created_at: Math.floor(Date.now() / 1000),
      producer: 'x',
      hash: 'b'.repeat(40),
    });
    await app.strapi.plugin('bigcommerce').service('webhook-worker').drainNow();
    const query = () =>
      app.strapi.db.query('plugin::bigcommerce.product').findOne({
        where: { bigcommerceId: core!.id },
        populate: { brand: { select: ['bigcommerceId'] }, categories: { select: ['bigcommerceId'] } },
      });
    const early = await query();
    expect(early).toMatchObject({ brand: null, categories: [] }); // nothing to link to yet

    const service = app.strapi.plugin('bigcommerce').service('sync');
    await service.start({ kind: 'full', trigger: 'api' });
    expect(await service.waitForIdle()).toMatchObject({ status: 'succeeded' });
    const later = await query();
    expect(Number(later.brand?.bigcommerceId)).toBe(core!.brand_id);
    expect(later.categories.map((category: { bigcommerceId: number }) => Number(category.bigcommerceId)).sort((a: number, b: number) => a - b)).toEqual(
      [...core!.categories].sort((a, b) => a - b)
    );
  });
});
