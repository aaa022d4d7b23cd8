import { bootStrapi, type TestApp } from '../helpers/strapi';

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
      expect.arrayContaining(['plugin::bigcommerce.settings.read', 'plugin::bigcommerce.settings.update']),
    );
  });

  it(`runs on ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'} as configured`, () => {
    expect(app.strapi.db.dialect.client).toBe(app.client === 'postgres' ? 'postgres' : 'sqlite');
  });
});
