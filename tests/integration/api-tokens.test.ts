import request from 'supertest';

import { CATALOG_ACTIONS, LEGACY_CATALOG_ACTIONS, STOREFRONT_ACTIONS } from '../../server/src/public-access';
import { CART_HEADER, CUSTOMER_HEADER, ORDER_HEADER } from '../../server/src/services/shopper';
import { startSandbox, type Sandbox } from '../sandbox';
import { cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import { bootStrapi, createDatabase, registerSuperAdmin, sandboxEnv, type AdminSession, type TestApp } from '../helpers/strapi';

type TokenType = 'read-only' | 'full-access' | 'custom';

/** Creates a content API token the way Settings → API Tokens does: through the admin API. */
const createToken = async (app: TestApp, admin: AdminSession, type: TokenType, permissions: string[] = []): Promise<string> => {
  const res = await app
    .http()
    .post('/admin/api-tokens')
    .set('Authorization', `Bearer ${admin.token}`)
    .send({ name: `${type} ${permissions.length} ${Math.random().toString(36).slice(2)}`, type, lifespan: null, ...(type === 'custom' ? { permissions } : {}) })
    .expect(201);
  return res.body.data.accessKey as string;
};

const CATALOG_READS = ['/api/bigcommerce/products?pageSize=2', '/api/bigcommerce/categories', '/api/bigcommerce/brands'];

/** The storefront's origin, allowed by the README's CORS setting (tests/app/config/middlewares.js with CORS_ORIGIN). */
const SHOP = 'https://shop.example';

const GQL_PRODUCTS = '{ bigcommerceProducts(pageSize: 1) { nodes { slug } } }';
const GQL_CREATE_CART = 'mutation($items: JSON) { bigcommerceCreateCart(lineItems: $items) { cartToken } }';

/**
 * Strapi's API token types against the plugin's routes, on an app where the Public role has nothing
 * (publicCatalog and publicStorefront off): whatever answers 200 does so because of the token. The app
 * runs with the README's CORS setting for a storefront on another origin.
 */
describe('API tokens', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let admin: AdminSession;
  let slug: string;

  beforeAll(async () => {
    ({ sandbox, app, product } = await startStorefront({ BIGCOMMERCE_PUBLIC_CATALOG: 'false', BIGCOMMERCE_PUBLIC_STOREFRONT: 'false', CORS_ORIGIN: SHOP }));
    admin = await registerSuperAdmin(app);
    const stored = (await app.strapi.db.query('plugin::bigcommerce.product').findOne({ where: { bigcommerceId: product.bigcommerceId } })) as { slug: string };
    slug = stored.slug;
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const get = (path: string, token?: string) => {
    const req = app.http().get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const gql = (query: string, variables: Record<string, unknown>, token: string) =>
    app.http().post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables });
  const errorName = (res: request.Response): string | undefined => res.body.errors?.[0]?.extensions?.error?.name;

  it('without a token the catalog and the shopper routes are closed (the baseline of this file)', async () => {
    for (const path of [...CATALOG_READS, `/api/bigcommerce/products/${slug}`]) expect([path, (await get(path)).status]).toEqual([path, 403]);
    expect(
      (
        await app
          .http()
          .post('/api/bigcommerce/cart')
          .send({ lineItems: [cartItem(product)] })
      ).status
    ).toBe(403);
  });

  it('read-only: reads the catalog, list and one, over REST and GraphQL; no shopper route', async () => {
    const token = await createToken(app, admin, 'read-only');
    for (const path of CATALOG_READS) {
      const res = await get(path, token);
      expect([path, res.status]).toEqual([path, 200]);
      expect(Array.isArray(res.body.data)).toBe(true);
    }
    const one = await get(`/api/bigcommerce/products/${slug}`, token).expect(200);
    expect(one.body.data.bigcommerceId).toBe(product.bigcommerceId);
    const listed = await gql(GQL_PRODUCTS, {}, token).expect(200);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data.bigcommerceProducts.nodes).toHaveLength(1);

    // Shopper routes are not reads of content: a read-only token opens none, reads (GET /cart) included.
    const cart = await app
      .http()
      .post('/api/bigcommerce/cart')
      .set('Authorization', `Bearer ${token}`)
      .send({ lineItems: [cartItem(product)] });
    expect(cart.status).toBe(403);
    expect(cart.body).toMatchObject({ data: null, error: { status: 403, name: 'ForbiddenError' } });
    expect((await get('/api/bigcommerce/cart', token)).status).toBe(403);
    expect(errorName(await gql(GQL_CREATE_CART, { items: [cartItem(product)] }, token))).toBe('ForbiddenError');
    expect(sandbox.shop.carts.size).toBe(0);
  });

  it('full-access: the catalog and a shopper journey (cart created, read, deleted), REST and GraphQL', async () => {
    const token = await createToken(app, admin, 'full-access');
    for (const path of CATALOG_READS) expect([path, (await get(path, token)).status]).toEqual([path, 200]);
    const shopper = request.agent(app.strapi.server.httpServer);
    const created = await shopper
      .post('/api/bigcommerce/cart')
      .set('Authorization', `Bearer ${token}`)
      .send({ lineItems: [cartItem(product, 2)] })
      .expect(201);
    const read = await shopper.get('/api/bigcommerce/cart').set('Authorization', `Bearer ${token}`).expect(200);
    expect(read.body.data.id).toBe(created.body.data.id);
    await shopper.delete('/api/bigcommerce/cart').set('Authorization', `Bearer ${token}`).expect(200);

    const viaGraphql = await gql(GQL_CREATE_CART, { items: [cartItem(product)] }, token).expect(200);
    expect(viaGraphql.body.errors).toBeUndefined();
    expect(viaGraphql.body.data.bigcommerceCreateCart.cartToken).toEqual(expect.any(String));
  });

  it('custom: exactly the chosen actions', async () => {
    const token = await createToken(app, admin, 'custom', [CATALOG_ACTIONS.findProducts, CATALOG_ACTIONS.findProduct]);
    await get('/api/bigcommerce/products?pageSize=1', token).expect(200);
    await get(`/api/bigcommerce/products/${slug}`, token).expect(200);
    expect((await get('/api/bigcommerce/brands', token)).status).toBe(403);
    expect((await get('/api/bigcommerce/categories', token)).status).toBe(403);

    const shopperToken = await createToken(app, admin, 'custom', STOREFRONT_ACTIONS);
    await app
      .http()
      .post('/api/bigcommerce/cart')
      .set('Authorization', `Bearer ${shopperToken}`)
      .send({ lineItems: [cartItem(product)] })
      .expect(201);
    expect((await get('/api/bigcommerce/products?pageSize=1', shopperToken)).status).toBe(403);
  });

  const preflight = (origin: string, headers: string[]) =>
    app
      .http()
      .options('/api/bigcommerce/cart')
      .set({ Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': headers.join(',') });

  it('CORS (the README setting): lets the storefront origin send the shopper headers, a token and cookies; no other origin', async () => {
    const headers = [CUSTOMER_HEADER, CART_HEADER, ORDER_HEADER, 'authorization', 'content-type'];
    const res = await preflight(SHOP, headers);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(
      String(res.headers['access-control-allow-headers'])
        .toLowerCase()
        .split(/\s*,\s*/)
    ).toEqual(expect.arrayContaining(headers));
    expect(res.headers['access-control-allow-methods']).toContain('DELETE');

    expect((await preflight('https://elsewhere.example', headers)).headers['access-control-allow-origin']).toBeUndefined();

    // The answer itself carries the origin, and lets the page read Retry-After (throttled sign-ins).
    const answer = await app
      .http()
      .get('/api/bigcommerce/cart')
      .set({ Origin: SHOP, [CART_HEADER]: 'not-a-cart' });
    expect(answer.headers['access-control-allow-origin']).toBe(SHOP);
    expect(answer.headers['access-control-expose-headers']).toBe('Retry-After');
  });
});

/**
 * An install from before the rename holds permissions under the catalog actions' old names
 * (`plugin::bigcommerce.catalog.findProducts`, ...): they are renamed on the next start, revocations kept.
 */
describe('catalog actions renamed on an existing install', () => {
  it('keeps the Public role’s grants and revocations and custom tokens’ permissions', async () => {
    const sandbox = await startSandbox({ products: 20, rateLimit: false });
    const database = await createDatabase();
    const env = sandboxEnv(sandbox);
    const PERMISSION = 'plugin::users-permissions.permission';
    const [legacyProducts, legacyCategories, legacyBrands] = ['findProducts', 'findCategories', 'findBrands'].map(
      (read) => `plugin::bigcommerce.catalog.${read}`
    );
    let app = await bootStrapi({ env, database });
    let token = '';
    try {
      // Rewind this install to the old names: the Public role holds them, minus an admin's revocation
      // of categories, and the public-catalog record lists them as granted.
      const role = (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } })) as { id: number };
      await app.strapi.db.query(PERMISSION).deleteMany({ where: { action: { $in: Object.values(CATALOG_ACTIONS) } } });
      for (const [legacy] of LEGACY_CATALOG_ACTIONS) {
        if (legacy !== legacyCategories) await app.strapi.db.query(PERMISSION).create({ data: { action: legacy, role: role.id } });
      }
      await app.strapi
        .store({ type: 'plugin', name: 'bigcommerce', key: 'public-catalog' })
        .set({ value: { granted: LEGACY_CATALOG_ACTIONS.map(([legacy]) => legacy) } });
      // A custom token given "catalog.findProducts" back then.
      const tokens = app.strapi.service('admin::api-token') as unknown as {
        create(input: Record<string, unknown>): Promise<{ id: number; accessKey: string }>;
      };
      const created = await tokens.create({ name: 'old storefront', description: '', kind: 'content-api', type: 'custom', permissions: [], lifespan: null });
      token = created.accessKey;
      await app.strapi.db.query('admin::api-token-permission').create({ data: { action: legacyProducts, token: created.id } });
    } finally {
      await app.close();
    }

    app = await bootStrapi({ env, database });
    try {
      const actions = ((await app.strapi.db.query(PERMISSION).findMany({ where: { action: { $startsWith: 'plugin::bigcommerce.' } } })) as { action: string }[])
        .map((p) => p.action)
        .filter((a) => !a.includes('.storefront.'))
        .sort();
      expect(actions).toEqual([CATALOG_ACTIONS.findBrands, CATALOG_ACTIONS.findProduct, CATALOG_ACTIONS.findProducts].sort());
      expect(actions).not.toContain(legacyBrands);
      await app.http().get('/api/bigcommerce/brands').expect(200);
      // Revoked before the rename, revoked after it.
      expect((await app.http().get('/api/bigcommerce/categories')).status).toBe(403);
      const stored = await app.strapi.store({ type: 'plugin', name: 'bigcommerce', key: 'public-catalog' }).get({});
      expect((stored as { granted: string[] }).granted.sort()).toEqual(Object.values(CATALOG_ACTIONS).sort());

      await app.http().get('/api/bigcommerce/products').set('Authorization', `Bearer ${token}`).expect(200);
      expect((await app.http().get('/api/bigcommerce/brands').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    } finally {
      await app.close();
      await database.drop();
      await sandbox.close();
    }
  });
});
