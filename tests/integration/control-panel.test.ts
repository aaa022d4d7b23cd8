import { bootStrapi, createPlainAdmin, registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

describe('control panel link and panel permissions', () => {
  let app: TestApp;
  let admin: AdminSession;
  let editor: AdminSession;

  beforeAll(async () => {
    app = await bootStrapi({ env: { BIGCOMMERCE_STORE_HASH: 'abc123' } });
    admin = await registerSuperAdmin(app);
    editor = await createPlainAdmin(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 without an admin token', async () => {
    const res = await app.http().get('/bigcommerce/control-panel');
    expect(res.status).toBe(401);
  });

  it("gives any signed-in admin, even without the plugin's permissions, the store's control panel links", async () => {
    const res = await app.http().get('/bigcommerce/control-panel').set({ Authorization: `Bearer ${editor.token}` }).expect(200);
    expect(res.body.data).toEqual({
      storeHash: 'abc123',
      url: 'https://store-abc123.mybigcommerce.com/manage',
      productUrl: 'https://store-abc123.mybigcommerce.com/manage/products/edit/{id}',
      channelsUrl: 'https://store-abc123.mybigcommerce.com/manage/channel-manager',
    });
  });

  it('follows the store hash saved in the settings', async () => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    await app.http().put('/bigcommerce/settings').set(auth).send({ storeHash: 'xyz789' }).expect(200);
    const res = await app.http().get('/bigcommerce/control-panel').set(auth).expect(200);
    expect(res.body.data.url).toBe('https://store-xyz789.mybigcommerce.com/manage');
  });

  it.each(['settings', 'channels', 'sync', 'webhooks', 'redirects'])('registers a read and a change permission for the %s panel', (panel) => {
    const actions = (app.strapi.service('admin::permission') as unknown as { actionProvider: { values(): { actionId: string }[] } }).actionProvider
      .values()
      .map((action) => action.actionId)
      .filter((id) => id.startsWith(`plugin::bigcommerce.${panel}.`));
    expect(actions).toHaveLength(2);
  });
});
