import { bootStrapi, createPlainAdmin, registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

const SECRET_TOKEN = 'bc-access-token-7f3a9c1e5b';
const SECRET_CLIENT = 'bc-client-secret-2d8e4f6a0c';

describe('admin settings routes', () => {
  let app: TestApp;
  let admin: AdminSession;
  let editor: AdminSession;

  beforeAll(async () => {
    app = await bootStrapi({
      env: { BIGCOMMERCE_STORE_HASH: 'fromenv', BIGCOMMERCE_ACCESS_TOKEN: undefined, BIGCOMMERCE_CLIENT_SECRET: undefined },
    });
    admin = await registerSuperAdmin(app);
    editor = await createPlainAdmin(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const auth = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });

  it('loads the plugin with its config defaults from the environment', async () => {
    expect(app.strapi.plugin('bigcommerce')).toBeDefined();
    const res = await app.http().get('/bigcommerce/settings').set(auth(admin)).expect(200);
    expect(res.body.data).toMatchObject({
      storeHash: 'fromenv',
      channelIds: [1],
      accessToken: { isSet: false, source: null },
      isConfigured: false,
    });
  });

  it.each([
    ['GET', '/bigcommerce/settings'],
    ['PUT', '/bigcommerce/settings'],
    ['POST', '/bigcommerce/settings/test-connection'],
  ])('%s %s answers 401 without an admin token and 403 without the permission', async (method, path) => {
    const call = () => (method === 'GET' ? app.http().get(path) : method === 'PUT' ? app.http().put(path) : app.http().post(path));
    const anonymous = await call().send({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError' });
    const forbidden = await call().set(auth(editor)).send({});
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({ status: 403 });
  });

  it('stores secrets encrypted, never returns them, and keeps them out of the raw database row', async () => {
    const res = await app
      .http()
      .put('/bigcommerce/settings')
      .set(auth(admin))
      .send({ storeHash: 'abc123', accessToken: SECRET_TOKEN, clientId: 'client-1', clientSecret: SECRET_CLIENT, channelIds: [1, 2, 2] })
      .expect(200);
    expect(res.body.data).toMatchObject({
      storeHash: 'abc123',
      clientId: 'client-1',
      channelIds: [1, 2],
      accessToken: { isSet: true, source: 'settings' },
      clientSecret: { isSet: true, source: 'settings' },
      isConfigured: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET_TOKEN);
    expect(JSON.stringify(res.body)).not.toContain(SECRET_CLIENT);

    const read = await app.http().get('/bigcommerce/settings').set(auth(admin)).expect(200);
    expect(JSON.stringify(read.body)).not.toContain(SECRET_TOKEN);
    expect(JSON.stringify(read.body)).not.toContain(SECRET_CLIENT);

    const row = await app.strapi.db.connection('strapi_core_store_settings').where({ key: 'plugin_bigcommerce_settings' }).first();
    const raw = String(row.value);
    expect(raw).not.toContain(SECRET_TOKEN);
    expect(raw).not.toContain(SECRET_CLIENT);
    const stored = JSON.parse(raw) as Record<string, string>;
    expect(stored.accessTokenEncrypted).toMatch(/^v1:[0-9a-f]+:[0-9a-f]+:[0-9a-f]+$/);

    // The server side still reads the clear value back.
    const connection = await app.strapi.plugin('bigcommerce').service('settings').getConnection();
    expect(connection.accessToken).toBe(SECRET_TOKEN);
    expect(connection.clientSecret).toBe(SECRET_CLIENT);
  });

  it('keeps a secret when the update leaves it out, and clears it with null', async () => {
    await app.http().put('/bigcommerce/settings').set(auth(admin)).send({ clientId: 'client-2' }).expect(200);
    let connection = await app.strapi.plugin('bigcommerce').service('settings').getConnection();
    expect(connection.accessToken).toBe(SECRET_TOKEN);
    expect(connection.clientId).toBe('client-2');

    const res = await app.http().put('/bigcommerce/settings').set(auth(admin)).send({ clientSecret: null }).expect(200);
    expect(res.body.data.clientSecret).toEqual({ isSet: false, source: null });
    connection = await app.strapi.plugin('bigcommerce').service('settings').getConnection();
    expect(connection.clientSecret).toBe('');
  });

  it.each([
    [{ storeHash: 'not a hash!' }, 'storeHash', 'Store hash'],
    [{ apiUrl: 'not-a-url' }, 'apiUrl', 'API base URL'],
    [{ channelIds: [0] }, 'channelIds.0', 'Channel ID number 1'],
    [{ channelIds: [] }, 'channelIds', 'Channel IDs'],
    [{ channelIds: 'one' }, 'channelIds', 'Channel IDs'],
    [{ accessToken: '' }, 'accessToken', 'Access token'],
    [{ unknownField: true }, 'unknownField', 'unknownField'],
  ])('rejects %j with a 400 that names the field, and changes nothing', async (body, field, words) => {
    const before = await app.http().get('/bigcommerce/settings').set(auth(admin)).expect(200);
    const res = await app.http().put('/bigcommerce/settings').set(auth(admin)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    // The message names the field in the connection form's words; the details name it by its key.
    expect(res.body.error.message).toContain(words);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
    const after = await app.http().get('/bigcommerce/settings').set(auth(admin)).expect(200);
    expect(after.body.data).toEqual(before.body.data);
  });
});
