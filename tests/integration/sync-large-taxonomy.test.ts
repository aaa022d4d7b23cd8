// A store with more than 500 categories (the 50,000-product sandbox has 1,000), over 500 of them under one
// parent: SQLite takes at most 500 rows in one multi-row insert or upsert (knex writes it as a compound
// SELECT), so the rows and their parent links are written in parts.
import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

describe('full sync with more than 500 categories', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let root: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 20, seed: 5, rateLimit: false });
    const before = sandbox.catalog.categories.size;
    root = sandbox.catalog.createCategory({ name: 'Every aisle', parent_id: 0 }).id;
    for (let i = before; i < 620; i++) sandbox.catalog.createCategory({ name: `Aisle ${i}`, parent_id: root });
    app = await bootStrapi({ env: sandboxEnv(sandbox) });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('stores every category, their parent links and the products', async () => {
    const run = await sync(app.strapi, 'full');
    expect(run).toMatchObject({ status: 'succeeded', failed: 0 });
    const stored = await app.strapi.db.query('plugin::bigcommerce.category').count();
    expect(stored).toBe(sandbox.catalog.categories.size);
    expect(stored).toBeGreaterThan(500);
    const children = await app.strapi.db.query('plugin::bigcommerce.category').count({ where: { parent: { bigcommerceId: root } } });
    expect(children).toBeGreaterThan(500);
    expect(run.created).toBeGreaterThan(0);
  });
});
