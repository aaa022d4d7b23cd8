import path from 'node:path';

import packageJson from '../../package.json';
import type { Sandbox } from '../sandbox';
import { cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import type { TestApp } from '../helpers/strapi';

type ClientModule = typeof import('../../server/src/api-client');

// The client as a front end gets it: the file `strapi-plugin-bigcommerce/client` points to (npm run build).
const root = path.resolve(__dirname, '..', '..');
const exported = packageJson.exports['./client'];
let createBigCommerceClient: ClientModule['createBigCommerceClient'];
let BigCommerceApiError: ClientModule['BigCommerceApiError'];

/** Node's fetch keeps no cookies: a jar of one origin's cookies, as a browser would keep them, for cookie mode. */
const cookieJarFetch = () => {
  const jar = new Map<string, string>();
  const sent: Headers[] = [];
  const jarFetch: typeof fetch = async (url, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    sent.push(headers);
    const response = await fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  return { jarFetch, jar, sent };
};

describe('typed client (strapi-plugin-bigcommerce/client) against a running Strapi', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let other: Sellable;

  beforeAll(async () => {
    ({ createBigCommerceClient, BigCommerceApiError } = (await import(path.join(root, exported.require))) as ClientModule);
    ({ sandbox, app, product, other } = await startStorefront({}, { listen: true }));
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('is built without Strapi, zod or the server code', async () => {
    const fs = await import('node:fs/promises');
    for (const file of [exported.require, exported.import]) {
      const code = await fs.readFile(path.join(root, file), 'utf8');
      expect(code).not.toMatch(/require\(|^import |from ['"]/m);
    }
  });

  it('reads the catalog, keeps the cart and the session in header mode, and carries the cart over the sign-in', async () => {
    const stored: Array<{ session?: string; cart?: string }> = [];
    const client = createBigCommerceClient({ baseUrl: app.url!, mode: 'header', onTokens: (tokens) => stored.push(tokens) });

    const list = await client.findProducts({ pageSize: 5, sort: 'name:asc' });
    expect(list.data).toHaveLength(5);
    expect(list.meta.pagination).toMatchObject({ page: 1, pageSize: 5 });
    const slug = String(list.data[0].slug);
    const one = await client.findProduct({ slug });
    expect(one.data.slug).toBe(slug);
    expect((await client.findCategories()).data.length).toBeGreaterThan(0);

    const created = await client.createCart({ lineItems: [cartItem(product)] });
    const cartToken = 'cartToken' in created.meta ? created.meta.cartToken : undefined;
    expect(cartToken).toEqual(expect.any(String));
    expect(client.getTokens()).toEqual({ cart: cartToken });
    expect(stored.at(-1)).toEqual({ cart: cartToken });
    // Added to the same cart: the client sent the token back.
    const added = await client.addCartItems({ lineItems: [cartItem(other)] });
    expect(added.data?.id).toBe(created.data?.id);
    expect(added.data?.line_items.physical_items).toHaveLength(2);

    const email = 'typed-client@example.com';
    const registered = await client.register({ email, password: 'Typed-Client-1', firstName: 'Tia', lastName: 'Client' });
    expect(registered.data).toMatchObject({ email });
    const login = await client.login({ email, password: 'Typed-Client-1' });
    expect(client.getTokens().session).toBe(login.meta.session);
    const me = await client.me();
    expect(me.data).toMatchObject({ email });
    const cart = await client.getCart();
    expect(cart.data?.id).toBe(created.data?.id);
    expect(cart.data?.customer_id).toBe(login.data.id);
    const orders = await client.orders({ pagination: { page: 1, pageSize: 5 } });
    expect(orders.data).toEqual([]);
    expect(orders.meta.pagination).toMatchObject({ page: 1, pageSize: 5 });

    await client.logout();
    expect(client.getTokens()).toEqual({});
    await expect(client.me()).rejects.toMatchObject({ status: 401, name: 'UnauthorizedError' });
  });

  it("answers a refused call as a BigCommerceApiError with Strapi's error details, and a 429 with its Retry-After", async () => {
    const client = createBigCommerceClient({ baseUrl: app.url!, mode: 'header' });
    // @ts-expect-error lineItem is not an input field of createCart (lineItems is)
    const refused = await client.createCart({ lineItem: [cartItem(product)] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BigCommerceApiError);
    expect(refused).toMatchObject({ status: 400, name: 'ValidationError', message: expect.stringMatching(/^Invalid cart/) });
    expect(JSON.stringify((refused as InstanceType<ClientModule['BigCommerceApiError']>).details)).toMatch(/lineItem/);

    const wrong = () => client.login({ email: 'throttled@example.com', password: 'wrong-password' }).catch((error: unknown) => error);
    for (let i = 0; i < 5; i += 1) expect(await wrong()).toMatchObject({ status: 401 });
    const throttled = (await wrong()) as InstanceType<ClientModule['BigCommerceApiError']>;
    expect(throttled).toBeInstanceOf(BigCommerceApiError);
    expect(throttled).toMatchObject({ status: 429, name: 'RateLimitError' });
    expect(throttled.retryAfter).toBeGreaterThan(0);
  });

  it("keeps the shopper in the plugin's cookies in cookie mode, sending no token headers", async () => {
    const { jarFetch, jar, sent } = cookieJarFetch();
    const client = createBigCommerceClient({ baseUrl: app.url!, fetch: jarFetch });
    const created = await client.createCart({ lineItems: [cartItem(product)] });
    expect([...jar.keys()]).toContain('bigcommerce_cart');
    expect((await client.getCart()).data?.id).toBe(created.data?.id);
    expect(client.getTokens()).toEqual({});
    expect(sent.some((headers) => headers.has('x-bigcommerce-cart') || headers.has('x-bigcommerce-session'))).toBe(false);
  });
});
