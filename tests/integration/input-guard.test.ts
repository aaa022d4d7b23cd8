import http from 'node:http';

import { ADDRESS, startStorefront } from '../helpers/storefront';
import type { TestApp } from '../helpers/strapi';
import type { Sandbox } from '../sandbox';

/** A body sent as the client chooses: with a length, or chunked (no Content-Length at all). */
const send = (app: TestApp, path: string, body: string, headers: Record<string, string> = {}, chunked = false) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON the server answers, as supertest's bodies are
  new Promise<{ status: number; body: Record<string, any> }>((resolve, reject) => {
    const url = new URL(path, app.url!);
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
    });
    // A server that stops reading may close the socket while we still write: the answer is what counts.
    req.on('error', reject);
    if (chunked) {
      for (let at = 0; at < body.length; at += 8192) req.write(body.slice(at, at + 8192));
    } else req.setHeader('content-length', Buffer.byteLength(body));
    req.end(chunked ? undefined : body);
  });

const deep = (depth: number) => `{"lineItems": ${'['.repeat(depth)}${']'.repeat(depth)}}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON the server answers, as supertest's bodies are
const expectEnvelope = (res: { status: number; body: Record<string, any> }, status: number, name: string | RegExp, message: RegExp) => {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ data: null, error: { status } });
  expect(res.body.error.name).toMatch(name);
  expect(res.body.error.message).toMatch(message);
};

describe('input guard: bytes read, depth, media type, GraphQL cost', () => {
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    ({ sandbox, app } = await startStorefront({}, { listen: true }));
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const gql = (query: string, variables?: unknown, raw?: string) =>
    app
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(raw ?? JSON.stringify({ query, variables }));

  it('refuses an 8,000-deep body with a 400 before anything walks it, and keeps serving', async () => {
    const res = await app.http().post('/api/bigcommerce/cart').set('content-type', 'application/json').send(deep(8000));
    expectEnvelope(res, 400, 'ValidationError', /nests deeper than 20 levels/);
    await app.http().get('/api/bigcommerce/brands').expect(200);
  });

  it('refuses a body over the limit by the bytes read, with or without Content-Length', async () => {
    const body = JSON.stringify({ code: 'x'.repeat(300_000) });
    expectEnvelope(await send(app, '/api/bigcommerce/checkout/coupons', body), 413, 'PayloadTooLargeError', /over 32 KB/);
    expectEnvelope(await send(app, '/api/bigcommerce/checkout/coupons', body, {}, true), 413, 'PayloadTooLargeError', /over 32 KB/);
  });

  it('reads a chunked body under the limit as the same JSON', async () => {
    const res = await send(
      app,
      '/api/bigcommerce/customers/login',
      JSON.stringify({ email: 'nobody@example.com', password: 'x', pad: 'y'.repeat(20_000) }),
      {},
      true
    );
    // Parsed whole: the schema names the unknown field.
    expectEnvelope(res, 400, 'ValidationError', /pad is not allowed/);
  });

  it.each([
    ['text', { 'content-type': 'text/plain' }, '{"code":"X"}', 415, /Content-Type: application\/json/],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'code=X', 415, /Content-Type: application\/json/],
    ['gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip', 415, /Content-Encoding gzip/],
    ['malformed JSON', { 'content-type': 'application/json' }, '{"code": ', 400, /not valid JSON/],
    ['a JSON array', { 'content-type': 'application/json' }, '[1,2]', 400, /must be a JSON object/],
  ])('refuses %s in Strapi’s envelope', async (_label, headers, body, status, message) => {
    expectEnvelope(await send(app, '/api/bigcommerce/checkout/coupons', body, headers), status, /Error$/, message);
  });

  it.each([
    ['DELETE', '/api/bigcommerce/wishlists/0x34', /id must be a wishlist id/],
    ['GET', '/api/bigcommerce/orders/101e0', /id must be an order id/],
    ['GET', '/api/bigcommerce/orders/%20101', /id must be an order id/],
    ['GET', '/api/bigcommerce/orders/0101', /id must be an order id/],
    ['GET', '/api/bigcommerce/orders/99999999999', /id must be an order id/],
    ['DELETE', '/api/bigcommerce/wishlists/1/items/1.5', /itemId must be a wishlist item id/],
    ['GET', '/api/bigcommerce/products?channel=0x1', /channel must be a channel id/],
  ])('refuses the loose id in %s %s with a 400 naming it', async (method, path, message) => {
    const res = await (method === 'GET' ? app.http().get(path) : app.http().delete(path));
    expectEnvelope(res, 400, 'ValidationError', message);
  });

  it.each([
    ['a postal code', '/api/bigcommerce/checkout/billing-address', { ...ADDRESS, email: 'a@example.com', postalCode: '4111 1111 1111 1111' }, /postalCode/],
    ['a name', '/api/bigcommerce/checkout/consignments', { address: { ...ADDRESS, firstName: '5555555555554444' } }, /address\.firstName/],
    ['a coupon', '/api/bigcommerce/checkout/coupons', { code: '4012-8888-8888-1881' }, /code/],
  ])('refuses a card number in %s before anything reaches BigCommerce', async (_label, path, body, where) => {
    const before = sandbox.stats().requests;
    const res = await app.http().post(path).send(body);
    expectEnvelope(res, 400, 'ValidationError', /Card data/);
    expect(res.body.error.message).toMatch(where);
    expect(sandbox.stats().requests).toBe(before);
  });

  it('lets through numbers that are not card numbers: a phone, a postal code, a coupon that fails Luhn', async () => {
    const res = await app.http().post('/api/bigcommerce/checkout/coupons').send({ code: '4111111111111112' });
    expect(res.body.error?.message ?? '').not.toMatch(/Card data/);
    const phone = await app
      .http()
      .post('/api/bigcommerce/checkout/billing-address')
      .send({ ...ADDRESS, email: 'a@example.com', phone: '+4930123456789' });
    expect(phone.body.error?.message ?? '').not.toMatch(/Card data/);
  });

  describe('GraphQL', () => {
    const products = (count: number, pageSize: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `p${index}: bigcommerceProducts(pageSize: ${pageSize}) { nodes { name } }`).join(' ')} }`;

    it('refuses 100 aliased product lists before reading any row', async () => {
      const res = await gql(products(100, 100)).expect(200);
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].message).toMatch(/at most 10 BigCommerce fields .* selects 100/);
      expect(res.body.errors[0].extensions.error.name).toBe('ValidationError');
    });

    it('prices a request by the rows it may read, variables and fragments included', async () => {
      const viaVariables = await gql(
        'query($s: Int) { a: bigcommerceProducts(pageSize: $s) { nodes { name } } ...more } fragment more on Query { b: bigcommerceProducts(pageSize: $s) { nodes { name } } c: bigcommerceBrands(pageSize: $s) { nodes { name } } d: bigcommerceProducts(pageSize: $s) { nodes { name } } e: bigcommerceProducts(pageSize: $s) { nodes { name } } f: bigcommerceProducts(pageSize: $s) { nodes { name } } }',
        { s: 100 }
      );
      expect(viaVariables.body.errors[0].message).toMatch(/at most 500 catalog rows .* asks for 600/);
      const fits = await gql(products(5, 100)).expect(200);
      expect(fits.body.errors).toBeUndefined();
      expect(fits.body.data.p0.nodes.length).toBeGreaterThan(0);
    });

    it('refuses deep variables and large unused ones, and still answers other GraphQL', async () => {
      const nested = `{"query":"mutation($a: JSON!) { bigcommerceSetBillingAddress(address: $a) }","variables":{"a":{},"x":${'['.repeat(3500)}${']'.repeat(3500)}}}`;
      const deepRes = await gql('', undefined, nested);
      expect(deepRes.body.errors[0].message).toMatch(/nests deeper than 20 levels/);
      const big = await gql('mutation($c: String!) { bigcommerceAddCoupon(code: $c) }', { c: 'X1', unused: 'u'.repeat(40_000) });
      expect(big.body.errors[0].extensions.error.name).toBe('PayloadTooLargeError');
      // A request that uses no field of ours is not ours to limit.
      const other = await gql('{ __typename }', { unused: 'u'.repeat(40_000) }).expect(200);
      expect(other.body.data).toEqual({ __typename: 'Query' });
    });

    it('refuses documents that would crash a recursive validator: fragment cycles and runaway nesting', async () => {
      const cycle = await gql('fragment A on Query { ...B } fragment B on Query { ...A } { ...A }');
      expect(cycle.status).toBe(400);
      expect(cycle.body.errors[0].message).toMatch(/Fragment "A" spreads itself/);
      const nested = await gql(`{ ${'__typename '.repeat(1)}${'a { '.repeat(500)}${'} '.repeat(500)} }`);
      expect(nested.status).toBe(400);
      expect(nested.body.errors[0].message).toMatch(/nests deeper than 100 levels/);
      // Braces inside strings and comments are not nesting.
      const quoted = await gql(`# ${'{'.repeat(300)}\n{ __typename }`).expect(200);
      expect(quoted.body.data).toEqual({ __typename: 'Query' });
    });

    it('counts the bytes of a chunked GraphQL request as read', async () => {
      const res = await send(
        app,
        '/graphql',
        JSON.stringify({ query: '{ bigcommerceBrands { nodes { name } } }', variables: { pad: 'p'.repeat(40_000) } }),
        {},
        true
      );
      expect(res.body.errors[0].extensions.error.name).toBe('PayloadTooLargeError');
    });
  });
});
