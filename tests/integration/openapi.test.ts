import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';

import { SEED_PASSWORD, type Sandbox } from '../sandbox';
import { cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import type { TestApp } from '../helpers/strapi';

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> }>>;
  components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
}

/** `/` and `~` escaped for a JSON pointer. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Real answers of a booted Strapi, each validated against the response schema the served document gives its path, method and status. */
describe('the served OpenAPI document matches real answers', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let document: Document;
  let ajv: Ajv2020;

  beforeAll(async () => {
    ({ sandbox, app, product } = await startStorefront());
    const res = await request(app.strapi.server.httpServer).get('/api/bigcommerce/openapi.json').expect(200);
    document = res.body as Document;
    // The whole document as one schema resource, so that `#/components/schemas/...` references resolve.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document as object, 'openapi');
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const shopper = () => request.agent(app.strapi.server.httpServer);

  /** Asserts the answer is documented for its route and status, and matches the documented schema. */
  const expectDocumented = (path: string, method: string, res: { status: number; body: unknown }) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    const response = operation.responses[String(res.status)];
    expect(response).toBeDefined();
    const location = response.$ref
      ? `openapi#/components/responses/${response.$ref.split('/').pop()}/content/application~1json/schema`
      : `openapi#/paths/${pointer(path)}/${method}/responses/${res.status}/content/application~1json/schema`;
    const validate = ajv.compile({ $ref: location });
    const valid = validate(res.body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  };

  it('serves OpenAPI 3.1 without any grant', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/bigcommerce/products', '/bigcommerce/settings']));
  });

  it('describes the catalog list and a product by slug', async () => {
    const list = await shopper().get('/api/bigcommerce/products?pageSize=5').expect(200);
    expect(list.body.data).toHaveLength(5);
    expectDocumented('/api/bigcommerce/products', 'get', list);
    const one = await shopper().get(`/api/bigcommerce/products/${list.body.data[0].slug}`).expect(200);
    expectDocumented('/api/bigcommerce/products/{slug}', 'get', one);
    const missing = await shopper().get('/api/bigcommerce/products/no-such-product').expect(404);
    expectDocumented('/api/bigcommerce/products/{slug}', 'get', missing);
  });

  it('describes a created cart and a refused one', async () => {
    const created = await shopper()
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] })
      .expect(201);
    expect(created.body.meta.cartToken).toBeTruthy();
    expectDocumented('/api/bigcommerce/cart', 'post', created);
    const refused = await shopper()
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [{ productId: 'one', quantity: 0 }] })
      .expect(400);
    expect(refused.body.error.name).toBe('ValidationError');
    expectDocumented('/api/bigcommerce/cart', 'post', refused);
    const badQuery = await shopper().get('/api/bigcommerce/products?pageSize=1000').expect(400);
    expectDocumented('/api/bigcommerce/products', 'get', badQuery);
  });

  it('describes a sign-in, the signed-in customer, and the 401 of a signed-out one', async () => {
    const anonymous = await shopper().get('/api/bigcommerce/customers/me').expect(401);
    expectDocumented('/api/bigcommerce/customers/me', 'get', anonymous);
    const agent = shopper();
    const login = await agent.post('/api/bigcommerce/customers/login').send({ email: 'shopper1@example.com', password: SEED_PASSWORD }).expect(200);
    expectDocumented('/api/bigcommerce/customers/login', 'post', login);
    const me = await agent.get('/api/bigcommerce/customers/me').set('x-bigcommerce-session', login.body.meta.session).expect(200);
    expectDocumented('/api/bigcommerce/customers/me', 'get', me);
    const orders = await agent.get('/api/bigcommerce/orders').expect(200);
    expectDocumented('/api/bigcommerce/orders', 'get', orders);
  });
});
