import { bootStrapi, createDatabase, registerSuperAdmin, type AdminSession, type TestApp, type TestDatabase } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';
const CONFIGURATION = `/content-manager/content-types/${PRODUCT}/configuration`;

interface Configuration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: { label: string; description: string; editable: boolean }; list: { label: string } }>;
  layouts: { edit: { name: string; size: number }[][]; list: string[] };
}

const readConfiguration = async (app: TestApp, admin: AdminSession): Promise<Configuration> => {
  const res = await app
    .http()
    .get(CONFIGURATION)
    .set({ Authorization: `Bearer ${admin.token}` })
    .expect(200);
  return res.body.data.contentType as Configuration;
};

/** As "Configure the view" sends them: a relation's list mainField is the server's, not part of the save. */
const withoutMainFields = (metadatas: Configuration['metadatas']) =>
  Object.fromEntries(Object.entries(metadatas).map(([name, { edit, list }]) => [name, { edit, list: { ...list, mainField: undefined } }]));

const rowsOf = (configuration: Configuration) => configuration.layouts.edit.map((row) => row.map((field) => field.name));

describe('Content Manager for editors', () => {
  let database: TestDatabase;
  let app: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    database = await createDatabase();
    app = await bootStrapi({ database });
    admin = await registerSuperAdmin(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('gives a fresh install human labels, editorial fields first and one note on the synced fields', async () => {
    const configuration = await readConfiguration(app, admin);
    const { metadatas } = configuration;
    expect(metadatas.seoTitle.edit.label).toBe('SEO title');
    expect(metadatas.bigcommerceId.edit.label).toBe('BigCommerce ID');
    expect(metadatas.customUrl.edit.label).toBe('Custom URL');
    expect(metadatas.localNote.edit.label).toBe('Local note');
    expect(metadatas.inventoryLevel.list.label).toBe('Stock');
    const noted = Object.entries(metadatas).filter(([, { edit }]) => /Synced from BigCommerce/.test(edit.description ?? ''));
    expect(noted.map(([name]) => name)).toEqual(['name']);
    for (const synced of ['name', 'price', 'images', 'variants', 'brand', 'channels']) expect(metadatas[synced].edit.editable).toBe(false);
    for (const editorial of ['content', 'seoTitle', 'seoDescription', 'localNote']) expect(metadatas[editorial].edit.editable).toBe(true);
    const rows = rowsOf(configuration);
    const firstSynced = rows.findIndex((row) => row.includes('name'));
    for (const editorial of ['content', 'seoTitle', 'localNote']) expect(rows.findIndex((row) => row.includes(editorial))).toBeLessThan(firstSynced);
    // Internal bookkeeping is not in an editor's form.
    for (const internal of ['contentHash', 'searchText', 'slugBase']) expect(rows.flat()).not.toContain(internal);
    expect(configuration.layouts.list).toEqual(['thumbnailUrl', 'name', 'sku', 'calculatedPrice', 'inventoryLevel', 'isVisible', 'channels']);
  });

  it('shows synced records through custom fields whose stored type is unchanged', () => {
    const attributes = app.strapi.getModel(PRODUCT).attributes as Record<string, { type: string; customField?: string }>;
    expect(attributes.images).toMatchObject({ type: 'json', customField: 'plugin::bigcommerce.gallery' });
    expect(attributes.variants).toMatchObject({ type: 'json', customField: 'plugin::bigcommerce.table' });
    expect(attributes.description).toMatchObject({ type: 'text', customField: 'plugin::bigcommerce.html' });
  });

  it('refuses creating, cloning and deleting synced entries in the Content Manager, even to a Super Admin; editing stays', async () => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    // The sync writes through the Document Service, which the Content Manager's RBAC does not gate.
    const product = await app.strapi.documents(PRODUCT).create({ data: { bigcommerceId: 424242, name: 'Written by the sync', sku: 'SYNC-1' } });
    const create = await app.http().post(`/content-manager/collection-types/${PRODUCT}`).set(auth).send({ bigcommerceId: 1, name: 'Typed by hand' });
    expect(create.status).toBe(403);
    expect(create.body.error).toMatchObject({ status: 403 });
    const clone = await app.http().post(`/content-manager/collection-types/${PRODUCT}/clone/${product.documentId}`).set(auth).send({});
    expect(clone.status).toBe(403);
    const remove = await app.http().delete(`/content-manager/collection-types/${PRODUCT}/${product.documentId}`).set(auth);
    expect(remove.status).toBe(403);
    const bulk = await app
      .http()
      .post(`/content-manager/collection-types/${PRODUCT}/actions/bulkDelete`)
      .set(auth)
      .send({ documentIds: [product.documentId] });
    expect(bulk.status).toBe(403);
    for (const uid of ['plugin::bigcommerce.category', 'plugin::bigcommerce.brand', 'plugin::bigcommerce.channel']) {
      expect((await app.http().post(`/content-manager/collection-types/${uid}`).set(auth).send({ name: 'x' })).status).toBe(403);
    }
    const update = await app
      .http()
      .put(`/content-manager/collection-types/${PRODUCT}/${product.documentId}`)
      .set(auth)
      .send({ seoTitle: 'Written by an editor' })
      .expect(200);
    expect(update.body.data.seoTitle).toBe('Written by an editor');
    expect(await app.strapi.documents(PRODUCT).findOne({ documentId: product.documentId })).toMatchObject({ name: 'Written by the sync' });
    // What the admin reads to show Create and Delete: the super admin's permissions lack them for synced types.
    const permissions = await app.http().get('/admin/users/me/permissions').set(auth).expect(200);
    const held = (permissions.body.data as { action: string; subject: string | null }[]).filter((permission) => permission.subject === PRODUCT);
    expect(held.map((permission) => permission.action).sort()).toEqual(['plugin::content-manager.explorer.read', 'plugin::content-manager.explorer.update']);
  });

  it('keeps a site owner’s label, order and column changes across a restart, and the rest of the plugin’s settings', async () => {
    const configuration = await readConfiguration(app, admin);
    configuration.metadatas.seoTitle.edit.label = 'Headline for Google';
    configuration.layouts.list = ['name', 'sku', 'isVisible'];
    const rows = configuration.layouts.edit;
    const nameRow = rows.findIndex((row) => row.some((field) => field.name === 'name'));
    configuration.layouts.edit = [rows[nameRow], ...rows.filter((_, index) => index !== nameRow)];
    const saved = await app
      .http()
      .put(CONFIGURATION)
      .set({ Authorization: `Bearer ${admin.token}` })
      .send({ layouts: configuration.layouts, metadatas: withoutMainFields(configuration.metadatas), settings: configuration.settings });
    expect(saved.body.error).toBeUndefined();
    expect(saved.status).toBe(200);

    await app.close();
    app = await bootStrapi({ database });
    const login = await app.http().post('/admin/login').send({ email: admin.email, password: 'Admin-Passw0rd' }).expect(200);
    admin = { token: login.body.data.token as string, email: admin.email };

    const after = await readConfiguration(app, admin);
    expect(after.metadatas.seoTitle.edit.label).toBe('Headline for Google');
    expect(after.layouts.list).toEqual(['name', 'sku', 'isVisible']);
    expect(rowsOf(after)[0]).toContain('name');
    expect(after.metadatas.customUrl.edit.label).toBe('Custom URL');
  });
});
