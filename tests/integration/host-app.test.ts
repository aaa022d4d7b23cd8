import { bootStrapi, registerSuperAdmin, type TestApp } from '../helpers/strapi';

describe('host app with the plugin', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootStrapi();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads the plugin next to users-permissions and GraphQL', () => {
    expect(Object.keys(app.strapi.plugins)).toEqual(expect.arrayContaining(['bigcommerce', 'users-permissions', 'graphql']));
    expect(app.strapi.config.get('plugin::bigcommerce.apiUrl')).toBe('https://api.bigcommerce.com');
  });

  it('answers health checks and GraphQL', async () => {
    await app.http().get('/_health').expect(204);
    const res = await app.http().post('/graphql').send({ query: '{ __typename }' }).expect(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
  });

  it('registers the plugin’s admin permissions', async () => {
    const actions = app.strapi.service('admin::permission').actionProvider.values() as { actionId: string }[];
    expect(actions.map((action) => action.actionId)).toEqual(
      expect.arrayContaining(['plugin::bigcommerce.settings.read', 'plugin::bigcommerce.settings.update'])
    );
  });

  it('shows synced fields read-only in the Content Manager and keeps editorial and extension fields editable', async () => {
    const admin = await registerSuperAdmin(app);
    const res = await app
      .http()
      .get('/content-manager/content-types/plugin::bigcommerce.product/configuration')
      .set({ Authorization: `Bearer ${admin.token}` })
      .expect(200);
    const metadatas = res.body.data.contentType.metadatas as Record<string, { edit: { editable: boolean; description: string } }>;
    // One note, on the first synced field (tests/integration/content-manager.test.ts has the rest).
    expect(metadatas.name.edit.description).toMatch(/Synced from BigCommerce/);
    for (const synced of ['name', 'price', 'sku', 'variants', 'brand', 'categories']) expect(metadatas[synced].edit.editable).toBe(false);
    for (const editorial of ['content', 'seoTitle', 'seoDescription', 'localNote']) expect(metadatas[editorial].edit.editable).toBe(true);
    // Editors find their fields at the top of the edit view, above the synced ones.
    const rows = (res.body.data.contentType.layouts.edit as { name: string }[][]).map((row) => row.map((field) => field.name));
    const firstSynced = rows.findIndex((row) => row.includes('name'));
    for (const editorial of ['content', 'seoTitle', 'localNote']) expect(rows.findIndex((row) => row.includes(editorial))).toBeLessThan(firstSynced);
  });

  it(`runs on ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'} as configured`, () => {
    expect(app.strapi.db.dialect.client).toBe(app.client === 'postgres' ? 'postgres' : 'sqlite');
  });
});
