import request from 'supertest';

import { SEED_PASSWORD, type Sandbox } from '../sandbox';
import { ADDRESS, cartItem, payAtBigCommerce, startStorefront, type Sellable } from '../helpers/storefront';
import type { TestApp } from '../helpers/strapi';

describe('storefront API: carts, accounts and checkout through Strapi', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let other: Sellable;

  beforeAll(async () => {
    ({ sandbox, app, product, other } = await startStorefront());
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const shopper = () => request.agent(app.strapi.server.httpServer);

  it('takes a guest from cart to a paid order, with the card going straight to BigCommerce', async () => {
    const guest = shopper();
    const created = await guest
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product, 2)] })
      .expect(201);
    expect([created.headers['set-cookie']].flat().join(';')).toMatch(/bigcommerce_cart=.*httponly/i);
    expect(created.body.data.redirect_urls.embedded_checkout_url).toMatch(/^http/);
    expect(created.body.data.customer_id).toBe(0);

    const added = await guest
      .post('/api/bigcommerce/cart/items')
      .send({ lineItems: [cartItem(other)] })
      .expect(200);
    expect(added.body.data.line_items.physical_items).toHaveLength(2);
    // Redirect URLs were minted twice (create, add), not also by the owner check of the add.
    expect(sandbox.shop.carts.get(created.body.data.id)?.redirect_tokens.size).toBe(2);
    const first = added.body.data.line_items.physical_items[0];
    const updated = await guest.put(`/api/bigcommerce/cart/items/${first.id}`).send({ quantity: 3 }).expect(200);
    expect(updated.body.data.line_items.physical_items.find((i: { id: string }) => i.id === first.id).quantity).toBe(3);

    await guest
      .post('/api/bigcommerce/checkout/billing-address')
      .send({ ...ADDRESS, email: 'guest@example.com' })
      .expect(200);
    const consigned = await guest.post('/api/bigcommerce/checkout/consignments').send({ address: ADDRESS }).expect(200);
    const [consignment] = consigned.body.data.consignments;
    const [option] = consignment.available_shipping_options;
    const shipped = await guest.put(`/api/bigcommerce/checkout/consignments/${consignment.id}`).send({ shippingOptionId: option.id }).expect(200);
    expect(shipped.body.data.consignments[0].selected_shipping_option.id).toBe(option.id);

    // A changed mind after choosing a shipping option: move the consignment (PATCH), or send the address again (POST).
    const moved = await guest
      .patch(`/api/bigcommerce/checkout/consignments/${consignment.id}`)
      .send({ address: { ...ADDRESS, city: 'Dallas', postalCode: '75201' } })
      .expect(200);
    expect(moved.body.data.consignments).toHaveLength(1);
    expect(moved.body.data.consignments[0].id).toBe(consignment.id);
    expect(moved.body.data.consignments[0].selected_shipping_option ?? null).toBeNull();
    expect(moved.body.data.consignments[0].address ?? moved.body.data.consignments[0].shipping_address).toMatchObject({ city: 'Dallas', postal_code: '75201' });
    const again = await guest
      .post('/api/bigcommerce/checkout/consignments')
      .send({ address: { ...ADDRESS, city: 'Houston' } })
      .expect(200);
    expect(again.body.data.consignments).toHaveLength(1);
    expect((again.body.data.consignments[0].address ?? again.body.data.consignments[0].shipping_address).city).toBe('Houston');
    await guest.delete('/api/bigcommerce/checkout/consignments/not-there').expect(404);
    const removed = await guest.delete(`/api/bigcommerce/checkout/consignments/${again.body.data.consignments[0].id}`).expect(200);
    expect(removed.body.data.consignments).toEqual([]);
    const [final] = (await guest.post('/api/bigcommerce/checkout/consignments').send({ address: ADDRESS }).expect(200)).body.data.consignments;
    await guest.put(`/api/bigcommerce/checkout/consignments/${final.id}`).send({ shippingOptionId: final.available_shipping_options[0].id }).expect(200);

    const order = await guest.post('/api/bigcommerce/checkout/orders').send({}).expect(201);
    const { orderId } = order.body.data;
    const payment = await guest
      .post('/api/bigcommerce/checkout/payment-token')
      .set('x-bigcommerce-order', order.body.meta.orderToken)
      .send({ orderId: orderId })
      .expect(200);
    expect(payment.body.data.paymentAccessToken).toBeTruthy();
    expect(payment.body.data.methods.length).toBeGreaterThan(0);

    // What the browser does: post the card to BigCommerce's payments endpoint with the PAT.
    await payAtBigCommerce(payment.body.data);
    // Paid: BigCommerce deleted the cart, and the guest's cart route says so.
    await guest.get('/api/bigcommerce/cart').expect(200);
  });

  it('registers, signs in, keeps the guest cart, lists the order history and hands over a login JWT', async () => {
    const customer = shopper();
    await customer
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] })
      .expect(201);
    const email = 'new.shopper@example.com';
    const registered = await customer
      .post('/api/bigcommerce/customers/register')
      .send({ email, password: 'Sup3rSecret!', firstName: 'New', lastName: 'Shopper' })
      .expect(201);
    expect(JSON.stringify(registered.body)).not.toContain('Sup3rSecret!');
    const login = await customer.post('/api/bigcommerce/customers/login').send({ email, password: 'Sup3rSecret!' }).expect(200);
    const customerId = login.body.data.id;
    expect(login.body.meta.session).toBeTruthy();
    const cart = await customer.get('/api/bigcommerce/cart').expect(200);
    expect(cart.body.data.customer_id).toBe(customerId); // the guest cart followed the shopper
    expect((await customer.get('/api/bigcommerce/customers/me').expect(200)).body.data.email).toBe(email);

    const jwtUrl = await customer.post('/api/bigcommerce/customers/login-url').send({ redirect: 'checkout' }).expect(200);
    const landing = await request(jwtUrl.body.data.url.replace(/\/login\/token\/.*/, ''))
      .get(new URL(jwtUrl.body.data.url).pathname)
      .redirects(0);
    expect(landing.status).toBe(302);
    expect(landing.headers['x-sandbox-login-error']).toBeUndefined();
    expect(landing.headers.location).not.toMatch(/login\.php/);
    // Each login JWT works once.
    const replay = await request(jwtUrl.body.data.url.replace(/\/login\/token\/.*/, ''))
      .get(new URL(jwtUrl.body.data.url).pathname)
      .redirects(0);
    expect(replay.headers.location).toMatch(/login\.php/);

    await customer
      .post('/api/bigcommerce/checkout/billing-address')
      .send({ ...ADDRESS, email })
      .expect(200);
    const consigned = await customer.post('/api/bigcommerce/checkout/consignments').send({ address: ADDRESS }).expect(200);
    const [consignment] = consigned.body.data.consignments;
    await customer
      .put(`/api/bigcommerce/checkout/consignments/${consignment.id}`)
      .send({ shippingOptionId: consignment.available_shipping_options[0].id })
      .expect(200);
    const order = await customer.post('/api/bigcommerce/checkout/orders').send({}).expect(201);
    // Unpaid, the order is Incomplete: listed only when asked for (status 0), as BigCommerce lists orders.
    const ids = (res: request.Response) => res.body.data.map((o: { id: number }) => o.id);
    expect(ids(await customer.get('/api/bigcommerce/orders').expect(200))).not.toContain(order.body.data.orderId);
    const incomplete = await customer.get('/api/bigcommerce/orders?status=0').expect(200);
    expect(ids(incomplete)).toEqual([order.body.data.orderId]);
    expect(incomplete.body.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 1 });
    const payment = await customer
      .post('/api/bigcommerce/checkout/payment-token')
      .set('x-bigcommerce-order', order.body.meta.orderToken)
      .send({ orderId: order.body.data.orderId })
      .expect(200);
    await payAtBigCommerce(payment.body.data, {
      type: 'card',
      number: '4111111111111111',
      cardholder_name: 'N S',
      expiry_month: 1,
      expiry_year: 2031,
      verification_value: '321',
    });
    const orders = await customer.get('/api/bigcommerce/orders').expect(200);
    expect(ids(orders)).toContain(order.body.data.orderId);
    // Strapi's own pagination parameters, and its meta.pagination.
    const paged = await customer.get('/api/bigcommerce/orders?pagination[page]=1&pagination[pageSize]=1').expect(200);
    expect(paged.body.meta.pagination).toEqual({ page: 1, pageSize: 1, pageCount: 1, total: 1 });
    expect(ids(await customer.get('/api/bigcommerce/orders?page=2&pageSize=1').expect(200))).toEqual([]);
    expect(ids(await customer.get('/api/bigcommerce/orders?status=0').expect(200))).toEqual([]);
    const refused = await customer.get('/api/bigcommerce/orders?pageSize=500&sort=id').expect(400);
    expect(refused.body.error.message).toMatch(/pageSize must be at most 50; sort is not allowed/);
    const one = await customer.get(`/api/bigcommerce/orders/${order.body.data.orderId}`).expect(200);
    expect(one.body.data.products.length).toBeGreaterThan(0);

    await customer.post('/api/bigcommerce/customers/logout').expect(200);
    await customer.get('/api/bigcommerce/customers/me').expect(401);
  });

  describe('isolation', () => {
    let alice: ReturnType<typeof shopper>;
    let aliceCartToken: string;
    let aliceOrder: number;
    let aliceOrderToken: string;
    let aliceWishlist: number;

    beforeAll(async () => {
      alice = shopper();
      await alice.post('/api/bigcommerce/customers/login').send({ email: 'shopper1@example.com', password: SEED_PASSWORD }).expect(200);
      aliceCartToken = (
        await alice
          .post('/api/bigcommerce/cart')
          .send({ lineItems: [cartItem(product)] })
          .expect(201)
      ).body.meta.cartToken;
      await alice
        .post('/api/bigcommerce/checkout/billing-address')
        .send({ ...ADDRESS, email: 'shopper1@example.com' })
        .expect(200);
      const consigned = await alice.post('/api/bigcommerce/checkout/consignments').send({ address: ADDRESS }).expect(200);
      const [consignment] = consigned.body.data.consignments;
      await alice
        .put(`/api/bigcommerce/checkout/consignments/${consignment.id}`)
        .send({ shippingOptionId: consignment.available_shipping_options[0].id })
        .expect(200);
      const order = (await alice.post('/api/bigcommerce/checkout/orders').send({}).expect(201)).body;
      [aliceOrder, aliceOrderToken] = [order.data.orderId, order.meta.orderToken];
      aliceWishlist = (await alice.post('/api/bigcommerce/wishlists').send({ name: 'Birthday' }).expect(201)).body.data.id;
      await alice
        .post(`/api/bigcommerce/wishlists/${aliceWishlist}/items`)
        .send({ items: [{ productId: product.bigcommerceId }] })
        .expect(200);
    });

    const bob = async () => {
      const agent = shopper();
      await agent.post('/api/bigcommerce/customers/login').send({ email: 'shopper4@example.com', password: SEED_PASSWORD }).expect(200);
      return agent;
    };

    it("keeps Alice's cart from Bob and from anonymous holders of its handle", async () => {
      const b = await bob();
      for (const call of [
        () => b.get('/api/bigcommerce/cart'),
        () => b.post('/api/bigcommerce/cart/items').send({ lineItems: [cartItem(other)] }),
        () => b.delete('/api/bigcommerce/cart'),
        () => b.get('/api/bigcommerce/checkout'),
        () => b.post('/api/bigcommerce/checkout/orders').send({}),
      ]) {
        const res = await call().set('x-bigcommerce-cart', aliceCartToken);
        expect(res.status).toBe(403);
      }
      const anonymous = await shopper().get('/api/bigcommerce/cart').set('x-bigcommerce-cart', aliceCartToken);
      expect(anonymous.status).toBe(403);
      // A forged handle is no handle at all.
      expect((await shopper().get('/api/bigcommerce/cart').set('x-bigcommerce-cart', `${aliceCartToken}x`)).status).toBe(404);
      expect((await alice.get('/api/bigcommerce/cart').expect(200)).body.data.line_items.physical_items).toHaveLength(1);
    });

    it("hides Alice's order and wishlist from Bob", async () => {
      const b = await bob();
      await b.get(`/api/bigcommerce/orders/${aliceOrder}`).expect(404);
      expect((await b.get('/api/bigcommerce/orders').expect(200)).body.data.map((o: { id: number }) => o.id)).not.toContain(aliceOrder);
      await b
        .post(`/api/bigcommerce/wishlists/${aliceWishlist}/items`)
        .send({ items: [{ productId: other.bigcommerceId }] })
        .expect(404);
      await b.delete(`/api/bigcommerce/wishlists/${aliceWishlist}`).expect(404);
      expect((await b.get('/api/bigcommerce/wishlists').expect(200)).body.data.map((w: { id: number }) => w.id)).not.toContain(aliceWishlist);
      // Nor can Bob get a payment token for it, even holding Alice's order token.
      await b.post('/api/bigcommerce/checkout/payment-token').set('x-bigcommerce-order', aliceOrderToken).send({ orderId: aliceOrder }).expect(404);
      expect((await alice.get('/api/bigcommerce/wishlists').expect(200)).body.data.map((w: { id: number }) => w.id)).toContain(aliceWishlist);
    });

    it('never lets a body choose the customer', async () => {
      const res = await shopper()
        .post('/api/bigcommerce/cart')
        .send({ customer_id: 1, lineItems: [cartItem(product)] });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/customer_id/);
    });
  });

  it('restores an abandoned cart from its recovery token into the shopper’s session', async () => {
    const first = shopper();
    const cart = (
      await first
        .post('/api/bigcommerce/cart')
        .send({ lineItems: [cartItem(other, 2)] })
        .expect(201)
    ).body.data;
    const { token } = sandbox.shop.abandonCart(cart.id) as { token: string };
    const later = shopper(); // another device, from the email link
    await later.get('/api/bigcommerce/cart').expect(404);
    const recovered = await later.post('/api/bigcommerce/cart/recover').send({ token }).expect(200);
    expect(recovered.body.data.id).toBe(cart.id);
    expect((await later.get('/api/bigcommerce/cart').expect(200)).body.data.id).toBe(cart.id);
    await shopper().post('/api/bigcommerce/cart/recover').send({ token: 'not-a-real-token' }).expect(404);
  });

  it('manages a customer’s wishlist items and deletes the list', async () => {
    const agent = shopper();
    await agent.post('/api/bigcommerce/customers/login').send({ email: 'shopper4@example.com', password: SEED_PASSWORD }).expect(200);
    const list = (await agent.post('/api/bigcommerce/wishlists').send({ name: 'Later' }).expect(201)).body.data;
    const withItem = await agent
      .post(`/api/bigcommerce/wishlists/${list.id}/items`)
      .send({ items: [{ productId: product.bigcommerceId }] })
      .expect(200);
    const [entry] = withItem.body.data.items;
    const emptied = await agent.delete(`/api/bigcommerce/wishlists/${list.id}/items/${entry.id}`).expect(200);
    expect(emptied.body.data.items).toHaveLength(0);
    await agent.delete(`/api/bigcommerce/wishlists/${list.id}`).expect(200);
    expect((await agent.get('/api/bigcommerce/wishlists').expect(200)).body.data.map((w: { id: number }) => w.id)).not.toContain(list.id);
    // Signed out, the wishlist routes want a session.
    await shopper().get('/api/bigcommerce/wishlists').expect(401);
  });

  it('throttles sign-in attempts per email with a 429 and Retry-After', async () => {
    const agent = shopper();
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i += 1) {
      const res = await agent.post('/api/bigcommerce/customers/login').send({ email: 'shopper3@example.com', password: 'wrong-password' });
      statuses.push(res.status);
      retryAfter ??= res.headers['retry-after'];
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it.each([
    ['a zero quantity', 'post', '/api/bigcommerce/cart', { lineItems: [{ productId: 1, quantity: 0 }] }, /quantity/],
    ['a huge quantity', 'post', '/api/bigcommerce/cart', { lineItems: [{ productId: 1, quantity: 100000 }] }, /quantity/],
    ['a text product id', 'post', '/api/bigcommerce/cart', { lineItems: [{ productId: 'one', quantity: 1 }] }, /productId/],
    ['an unknown product', 'post', '/api/bigcommerce/cart', { lineItems: [{ productId: 999999, quantity: 1 }] }, /not a product/],
    ['an empty cart', 'post', '/api/bigcommerce/cart', {}, /at least one item/],
    ['custom items when not allowed', 'post', '/api/bigcommerce/cart', { customItems: [{ sku: 'x', name: 'y', quantity: 1, listPrice: 1 }] }, /customItems/],
    ['card data', 'post', '/api/bigcommerce/checkout/payment-token', { orderId: 1, card: { number: '4111111111111111' } }, /Card data/],
    ['a bad email', 'post', '/api/bigcommerce/customers/register', { email: 'nope', password: 'Passw0rd!1', firstName: 'a', lastName: 'b' }, /email/],
    [
      'a weak password',
      'post',
      '/api/bigcommerce/customers/register',
      { email: 'x@example.com', password: 'short', firstName: 'a', lastName: 'b' },
      /password/,
    ],
    ['an unknown login field', 'post', '/api/bigcommerce/customers/login', { email: 'x@example.com', password: 'x', remember: true }, /remember/],
    ['a bad country', 'post', '/api/bigcommerce/checkout/billing-address', { ...ADDRESS, email: 'a@example.com', countryCode: 'USA' }, /countryCode/],
  ])('rejects %s with a 400 that says why', async (_label, method, path, body, message) => {
    const res = await (method === 'post' ? shopper().post(path) : shopper().put(path)).send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400 } });
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an oversized body with a 413', async () => {
    const res = await shopper()
      .post('/api/bigcommerce/customers/register')
      .send({ email: 'big@example.com', password: 'Passw0rd!1', firstName: 'x'.repeat(40_000), lastName: 'y' });
    expect(res.status).toBe(413);
    expect(res.body.error.name).toBe('PayloadTooLargeError');
  });

  it('checks every add against the synced catalog, whichever products were checked before', async () => {
    const guest = shopper();
    await guest
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] })
      .expect(201);
    const hidden = (await app.strapi.db.query('plugin::bigcommerce.product').findOne({ where: { isVisible: false }, select: ['bigcommerceId'] })) as {
      bigcommerceId: number;
    } | null;
    expect(hidden).not.toBeNull();
    const add = (lineItems: object[]) => guest.post('/api/bigcommerce/cart/items').send({ lineItems });
    // The same shapes of request (one id, two ids) as the accepted adds around them: only the ids differ.
    expect((await add([cartItem(other)])).status).toBe(200);
    const refusals: [object[], RegExp][] = [
      [[{ productId: hidden!.bigcommerceId, quantity: 1 }], /is not a product of this store/],
      [[{ productId: 987654321, quantity: 1 }], /is not a product of this store/],
      [[{ ...cartItem(product), variantId: other.variantId }], /is not a variant of product/],
      [[cartItem(product), { productId: hidden!.bigcommerceId, quantity: 1 }], /line_items\.1\.product_id .* is not a product of this store/],
    ];
    for (const [lineItems, reason] of refusals) {
      const res = await add(lineItems);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    }
    expect((await add([cartItem(product), cartItem(other)])).status).toBe(200);
  });

  it('answers a cart request without a cart with a 404, and sign-in with a wrong password with a 401', async () => {
    await shopper().get('/api/bigcommerce/cart').expect(404);
    await shopper().post('/api/bigcommerce/customers/login').send({ email: 'shopper4@example.com', password: 'wrong' }).expect(401);
  });

  it('maps BigCommerce outages to 503 / 502, never a bare 500', async () => {
    sandbox.setFaults({ errorRate: 1 });
    const res = await shopper()
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] });
    sandbox.setFaults({});
    expect([502, 503]).toContain(res.status);
    expect(res.body.error.message).toMatch(/BigCommerce/);
  });

  it('offers cart and sign-in through GraphQL with the same rules', async () => {
    const agent = shopper();
    const gql = (query: string, variables: Record<string, unknown> = {}) => agent.post('/graphql').send({ query, variables });
    const created = await gql('mutation($items: JSON) { bigcommerceCreateCart(lineItems: $items) { cart cartToken } }', {
      items: [cartItem(product, 2)],
    }).expect(200);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.bigcommerceCreateCart.cart.line_items.physical_items[0].quantity).toBe(2);
    const read = await gql('{ bigcommerceCart { cart } }').expect(200);
    expect(read.body.data.bigcommerceCart.cart.id).toBe(created.body.data.bigcommerceCreateCart.cart.id);
    const bad = await gql('mutation($items: JSON) { bigcommerceCreateCart(lineItems: $items) { cart } }', { items: [{ productId: 1, quantity: -1 }] });
    expect(bad.body.errors[0].message).toMatch(/quantity/);
    const login = await gql(
      'mutation { bigcommerceLogin(email: "shopper4@example.com", password: "' + SEED_PASSWORD + '") { customerId session cartToken } }'
    ).expect(200);
    expect(login.body.errors).toBeUndefined();
    expect(login.body.data.bigcommerceLogin.customerId).toBeGreaterThan(0);
    const me = await gql('{ bigcommerceMe }').expect(200);
    expect(me.body.data.bigcommerceMe.email).toBe('shopper4@example.com');
  });
});
