import { decodeJwt } from 'jose';
import request, { type Response } from 'supertest';

import { STOREFRONT_ACTIONS } from '../../server/src/public-access';
import { SEED_PASSWORD, startSandbox, type Sandbox } from '../sandbox';
import { ADDRESS, cartItem, payAtBigCommerce, startStorefront, type Sellable } from '../helpers/storefront';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

/** Set so that the test knows the key that signs shopper sessions, and can look for it. */
const SESSION_SECRET = 'graphql-test-session-secret-0123456789abcdef';
const FAR_FUTURE = 4_102_444_800;

const GQL = {
  cart: '{ bigcommerceCart { cart cartToken } }',
  createCart: 'mutation($items: JSON) { bigcommerceCreateCart(lineItems: $items) { cart cartToken } }',
  addItems: 'mutation($items: JSON) { bigcommerceAddCartItems(lineItems: $items) { cart } }',
  updateItem: 'mutation($id: String!, $q: Int!) { bigcommerceUpdateCartItem(itemId: $id, quantity: $q) { cart } }',
  billing: 'mutation($a: JSON!) { bigcommerceSetBillingAddress(address: $a) }',
  consignment: 'mutation($a: JSON!) { bigcommerceAddConsignment(address: $a) }',
  shipping: 'mutation($c: String!, $o: String!) { bigcommerceSelectShippingOption(consignmentId: $c, shippingOptionId: $o) }',
  moveConsignment: 'mutation($c: String!, $a: JSON!) { bigcommerceUpdateConsignment(consignmentId: $c, address: $a) }',
  deleteConsignment: 'mutation($c: String!) { bigcommerceDeleteConsignment(consignmentId: $c) }',
  coupon: 'mutation($code: String!) { bigcommerceAddCoupon(code: $code) }',
  checkout: '{ bigcommerceCheckout }',
  createOrder: 'mutation { bigcommerceCreateOrder { orderId orderToken } }',
  payment: 'mutation($id: Int!, $t: String) { bigcommercePaymentToken(orderId: $id, orderToken: $t) { paymentAccessToken paymentsUrl methods } }',
  register:
    'mutation($email: String!, $password: String!, $first: String!, $last: String!) { bigcommerceRegister(email: $email, password: $password, firstName: $first, lastName: $last) }',
  login: 'mutation($email: String!, $password: String!) { bigcommerceLogin(email: $email, password: $password) { customerId email session cartToken } }',
  logout: 'mutation { bigcommerceLogout }',
  me: '{ bigcommerceMe }',
  loginUrl: 'mutation($r: BigcommerceLoginRedirect) { bigcommerceLoginUrl(redirect: $r) { url expiresInSeconds } }',
  orders: '{ bigcommerceOrders { nodes pagination { page pageSize pageCount total } } }',
  order: 'query($id: Int!) { bigcommerceOrder(id: $id) }',
  wishlists: '{ bigcommerceWishlists }',
  createWishlist: 'mutation($name: String!) { bigcommerceCreateWishlist(name: $name) }',
  addWishlistItems: 'mutation($id: Int!, $items: JSON!) { bigcommerceAddWishlistItems(id: $id, items: $items) }',
  removeWishlistItem: 'mutation($id: Int!, $item: Int!) { bigcommerceRemoveWishlistItem(id: $id, itemId: $item) }',
  deleteWishlist: 'mutation($id: Int!) { bigcommerceDeleteWishlist(id: $id) }',
};

/** Every storefront operation once, with arguments GraphQL accepts: for the permission checks. */
const EVERY_OPERATION: Record<string, string> = {
  bigcommerceCart: GQL.cart,
  bigcommerceMe: GQL.me,
  bigcommerceCheckout: GQL.checkout,
  bigcommerceOrders: GQL.orders,
  bigcommerceOrder: '{ bigcommerceOrder(id: 1) }',
  bigcommerceWishlists: GQL.wishlists,
  bigcommerceCreateCart: 'mutation { bigcommerceCreateCart(lineItems: [{ productId: 1, quantity: 1 }]) { cartToken } }',
  bigcommerceAddCartItems: 'mutation { bigcommerceAddCartItems(lineItems: [{ productId: 1, quantity: 1 }]) { cartToken } }',
  bigcommerceUpdateCartItem: 'mutation { bigcommerceUpdateCartItem(itemId: "0123456789abcdef", quantity: 1) { cartToken } }',
  bigcommerceRemoveCartItem: 'mutation { bigcommerceRemoveCartItem(itemId: "0123456789abcdef") { cartToken } }',
  bigcommerceDeleteCart: 'mutation { bigcommerceDeleteCart { cartToken } }',
  bigcommerceCartRedirectUrls: 'mutation { bigcommerceCartRedirectUrls }',
  bigcommerceRecoverCart: 'mutation { bigcommerceRecoverCart(token: "not-a-recovery-token") { cartToken } }',
  bigcommerceRegister: 'mutation { bigcommerceRegister(email: "nope", password: "x", firstName: "a", lastName: "b") }',
  bigcommerceLogin: 'mutation { bigcommerceLogin(email: "nobody@example.com", password: "wrong") { session } }',
  bigcommerceLogout: GQL.logout,
  bigcommerceLoginUrl: 'mutation { bigcommerceLoginUrl(redirect: account) { url } }',
  bigcommerceSetBillingAddress: 'mutation { bigcommerceSetBillingAddress(address: {}) }',
  bigcommerceAddConsignment: 'mutation { bigcommerceAddConsignment(address: {}) }',
  bigcommerceSelectShippingOption: 'mutation { bigcommerceSelectShippingOption(consignmentId: "c1", shippingOptionId: "o1") }',
  bigcommerceUpdateConsignment: 'mutation { bigcommerceUpdateConsignment(consignmentId: "c1", address: {}) }',
  bigcommerceDeleteConsignment: 'mutation { bigcommerceDeleteConsignment(consignmentId: "c1") }',
  bigcommerceAddCoupon: 'mutation { bigcommerceAddCoupon(code: "SANDBOX10") }',
  bigcommerceCreateOrder: 'mutation { bigcommerceCreateOrder { orderId } }',
  bigcommercePaymentToken: 'mutation { bigcommercePaymentToken(orderId: 1) { paymentsUrl } }',
  bigcommerceCreateWishlist: 'mutation { bigcommerceCreateWishlist(name: "x") }',
  bigcommerceAddWishlistItems: 'mutation { bigcommerceAddWishlistItems(id: 1, items: [{ productId: 1 }]) }',
  bigcommerceRemoveWishlistItem: 'mutation { bigcommerceRemoveWishlistItem(id: 1, itemId: 1) }',
  bigcommerceDeleteWishlist: 'mutation { bigcommerceDeleteWishlist(id: 1) }',
};
const CATALOG_QUERIES = ['bigcommerceProducts', 'bigcommerceProduct', 'bigcommerceCategories', 'bigcommerceBrands'];

interface GraphqlError {
  message: string;
  extensions: { code: string; error?: { name: string; details?: Record<string, unknown> } };
}

/** The data of a GraphQL answer that must have succeeded. */
const ok = (res: Response) => {
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  return res.body.data;
};

/** The (first) error of a GraphQL answer that must have failed. */
const failure = (res: Response): GraphqlError => {
  expect(res.body.errors?.length).toBeGreaterThan(0);
  return res.body.errors[0];
};

/** Refused by the users-permissions check, before any resolver ran. */
const denied = (res: Response) =>
  (res.body.errors ?? []).some((e: GraphqlError) => e.extensions.error?.name === 'ForbiddenError' && e.message === 'Forbidden access');

interface Shopper {
  gql: (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<Response>;
  rest: (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
}

/** A browser: one cookie jar for REST and GraphQL alike; every answer also goes to `record` when set. */
const browser = (app: TestApp, record?: Response[]): Shopper => {
  const agent = request.agent(app.strapi.server.httpServer);
  const keep = async (test: request.Test) => {
    const res = await test;
    record?.push(res);
    return res;
  };
  return {
    gql: (query, variables = {}, headers = {}) => keep(agent.post('/graphql').set(headers).send({ query, variables })),
    rest: (method, path, body, headers = {}) =>
      keep(
        agent[method](`/api/bigcommerce${path}`)
          .set(headers)
          .send(body as object)
      ),
  };
};

describe('storefront GraphQL: checkout with the REST routes’ rules', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  let other: Sellable;

  beforeAll(async () => {
    ({ sandbox, app, product, other } = await startStorefront({ BIGCOMMERCE_SESSION_SECRETS: SESSION_SECRET }));
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  /** Billing address, one consignment, its first shipping option: the checkout is then ready for an order. */
  const shipTo = async (shopper: Shopper, email: string) => {
    const billed = ok(await shopper.gql(GQL.billing, { a: { ...ADDRESS, email } })).bigcommerceSetBillingAddress;
    expect(billed.billing_address.email).toBe(email);
    const consigned = ok(await shopper.gql(GQL.consignment, { a: ADDRESS })).bigcommerceAddConsignment;
    const [consignment] = consigned.consignments;
    const [option] = consignment.available_shipping_options;
    expect(option.id).toBeTruthy();
    const shipped = ok(await shopper.gql(GQL.shipping, { c: consignment.id, o: option.id })).bigcommerceSelectShippingOption;
    expect(shipped.consignments[0].selected_shipping_option.id).toBe(option.id);
    // Another address after all: the consignment moves, its shipping option is to be chosen again.
    const moved = ok(await shopper.gql(GQL.moveConsignment, { c: consignment.id, a: { ...ADDRESS, city: 'Dallas', email } })).bigcommerceUpdateConsignment;
    expect(moved.consignments[0].id).toBe(consignment.id);
    expect(moved.consignments[0].selected_shipping_option ?? null).toBeNull();
    expect((moved.consignments[0].address ?? moved.consignments[0].shipping_address).city).toBe('Dallas');
    expect(ok(await shopper.gql(GQL.deleteConsignment, { c: consignment.id })).bigcommerceDeleteConsignment.consignments).toEqual([]);
    const [again] = ok(await shopper.gql(GQL.consignment, { a: ADDRESS })).bigcommerceAddConsignment.consignments;
    ok(await shopper.gql(GQL.shipping, { c: again.id, o: again.available_shipping_options[0].id }));
    return { consignmentId: again.id as string, optionId: again.available_shipping_options[0].id as string };
  };

  const orderAndPay = async (shopper: Shopper) => {
    const order = ok(await shopper.gql(GQL.createOrder)).bigcommerceCreateOrder;
    expect(order.orderId).toBeGreaterThan(0);
    const payment = ok(await shopper.gql(GQL.payment, { id: order.orderId, t: order.orderToken })).bigcommercePaymentToken;
    expect(payment.paymentAccessToken).toBeTruthy();
    expect(payment.methods.length).toBeGreaterThan(0);
    await payAtBigCommerce(payment);
    return order.orderId as number;
  };

  const guestJourney = async (shopper: Shopper) => {
    const created = await shopper.gql(GQL.createCart, { items: [cartItem(product, 2)] });
    const { cart } = ok(created).bigcommerceCreateCart;
    expect([created.headers['set-cookie']].flat().join(';')).toMatch(/bigcommerce_cart=.*httponly/i);
    expect(cart.customer_id).toBe(0);
    expect(cart.redirect_urls.embedded_checkout_url).toMatch(/^http/);
    const added = ok(await shopper.gql(GQL.addItems, { items: [cartItem(other)] })).bigcommerceAddCartItems.cart;
    expect(added.line_items.physical_items).toHaveLength(2);
    const first = added.line_items.physical_items[0];
    const updated = ok(await shopper.gql(GQL.updateItem, { id: first.id, q: 3 })).bigcommerceUpdateCartItem.cart;
    expect(updated.line_items.physical_items.find((i: { id: string }) => i.id === first.id).quantity).toBe(3);

    // BigCommerce's own 4xx comes back with its reason, then a valid coupon applies.
    const badCoupon = failure(await shopper.gql(GQL.coupon, { code: 'NOT-A-COUPON' }));
    expect(badCoupon.message).toMatch(/BigCommerce rejected the request: Invalid coupon code/);
    expect(badCoupon.extensions.error?.details).toMatchObject({ upstreamStatus: 422 });
    ok(await shopper.gql(GQL.coupon, { code: 'SANDBOX10' }));

    const { optionId } = await shipTo(shopper, 'guest@example.com');
    const checkout = ok(await shopper.gql(GQL.checkout)).bigcommerceCheckout;
    expect(checkout.cart.id).toBe(cart.id);
    expect(checkout.consignments[0].selected_shipping_option.id).toBe(optionId);
    expect(checkout.coupons.map((c: { code: string }) => c.code)).toContain('SANDBOX10');

    await orderAndPay(shopper);
    // Paid: BigCommerce deleted the cart, and the shopper's handle is cleared.
    expect(ok(await shopper.gql(GQL.cart)).bigcommerceCart).toEqual({ cart: null, cartToken: null });
  };

  const registeredJourney = async (shopper: Shopper, email: string, password: string) => {
    ok(await shopper.gql(GQL.createCart, { items: [cartItem(product)] }));
    const registered = ok(await shopper.gql(GQL.register, { email, password, first: 'New', last: 'Shopper' })).bigcommerceRegister;
    // The same answer whether the address was free or taken: no customer id.
    expect(registered).toEqual({ email, firstName: 'New', lastName: 'Shopper' });
    const login = ok(await shopper.gql(GQL.login, { email, password })).bigcommerceLogin;
    expect(login.customerId).toBeGreaterThan(0);
    expect(login.cartToken).toBeTruthy();
    // The guest cart followed the shopper.
    expect(ok(await shopper.gql(GQL.cart)).bigcommerceCart.cart.customer_id).toBe(login.customerId);
    expect(ok(await shopper.gql(GQL.me)).bigcommerceMe.email).toBe(email);

    // The Customer Login JWT lands the shopper, logged in, on checkout (the sandbox verifies it with the client secret).
    const { url } = ok(await shopper.gql(GQL.loginUrl, { r: 'checkout' })).bigcommerceLoginUrl;
    const landing = await request(new URL(url).origin).get(new URL(url).pathname).redirects(0);
    expect(landing.status).toBe(302);
    expect(landing.headers.location).not.toMatch(/login\.php/);
    expect(sandbox.logins().at(-1)).toMatchObject({ ok: true, customer_id: login.customerId, channel_id: 1 });

    await shipTo(shopper, email);
    const orderId = await orderAndPay(shopper);
    const history = ok(await shopper.gql(GQL.orders)).bigcommerceOrders;
    expect(history.nodes.map((o: { id: number }) => o.id)).toContain(orderId);
    expect(history.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 1 });
    const order = ok(await shopper.gql(GQL.order, { id: orderId })).bigcommerceOrder;
    expect(order.customer_id).toBe(login.customerId);
    expect(order.products.length).toBeGreaterThan(0);

    const list = ok(await shopper.gql(GQL.createWishlist, { name: 'Later' })).bigcommerceCreateWishlist;
    const filled = ok(await shopper.gql(GQL.addWishlistItems, { id: list.id, items: [{ productId: product.bigcommerceId }] })).bigcommerceAddWishlistItems;
    expect(ok(await shopper.gql(GQL.wishlists)).bigcommerceWishlists.map((w: { id: number }) => w.id)).toContain(list.id);
    const emptied = ok(await shopper.gql(GQL.removeWishlistItem, { id: list.id, item: filled.items[0].id })).bigcommerceRemoveWishlistItem;
    expect(emptied.items).toHaveLength(0);
    expect(ok(await shopper.gql(GQL.deleteWishlist, { id: list.id })).bigcommerceDeleteWishlist).toBe(true);

    expect(ok(await shopper.gql(GQL.logout)).bigcommerceLogout).toBe(true);
    expect(failure(await shopper.gql(GQL.me)).extensions.error?.name).toBe('UnauthorizedError');
  };

  it('takes a guest from cart to a paid order through GraphQL alone', async () => {
    await guestJourney(browser(app));
  });

  it('registers, signs in, keeps the cart, checks out, lists orders and manages wishlists through GraphQL', async () => {
    await registeredJourney(browser(app), 'graphql.shopper@example.com', 'Sup3rSecret!');
  });

  it('exposes exactly the operations it authorizes, and lets anonymous storefronts call each (publicStorefront on)', async () => {
    const schema = ok(await browser(app).gql('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }')).__schema;
    const ours = [...schema.queryType.fields, ...schema.mutationType.fields]
      .map((f: { name: string }) => f.name)
      .filter((name: string) => name.startsWith('bigcommerce') && !CATALOG_QUERIES.includes(name));
    expect(ours.sort()).toEqual(Object.keys(EVERY_OPERATION).sort());
    for (const [name, document] of Object.entries(EVERY_OPERATION)) {
      const res = await browser(app).gql(document);
      // Past the permission check and GraphQL's own validation: the resolver answered.
      const codes = (res.body.errors ?? []).map((e: GraphqlError) => e.extensions.code);
      expect([name, res.status, denied(res), codes.filter((code: string) => code.startsWith('GRAPHQL_'))]).toEqual([name, 200, false, []]);
    }
  });

  describe('isolation', () => {
    let alice: Shopper;
    let bob: Shopper;
    let aliceCartToken: string;
    let aliceOrder: { orderId: number; orderToken: string };
    let aliceWishlist: number;
    let consignmentId: string;
    let optionId: string;

    beforeAll(async () => {
      alice = browser(app);
      ok(await alice.gql(GQL.login, { email: 'shopper1@example.com', password: SEED_PASSWORD }));
      aliceCartToken = ok(await alice.gql(GQL.createCart, { items: [cartItem(product)] })).bigcommerceCreateCart.cartToken;
      ({ consignmentId, optionId } = await shipTo(alice, 'shopper1@example.com'));
      aliceOrder = ok(await alice.gql(GQL.createOrder)).bigcommerceCreateOrder;
      aliceWishlist = ok(await alice.gql(GQL.createWishlist, { name: 'Birthday' })).bigcommerceCreateWishlist.id;
      ok(await alice.gql(GQL.addWishlistItems, { id: aliceWishlist, items: [{ productId: product.bigcommerceId }] }));
      bob = browser(app);
      ok(await bob.gql(GQL.login, { email: 'shopper4@example.com', password: SEED_PASSWORD }));
    });

    it("keeps Alice's cart and checkout from Bob and from anonymous holders of its handle", async () => {
      const cartOperations: [string, Record<string, unknown>][] = [
        [GQL.cart, {}],
        [GQL.addItems, { items: [cartItem(other)] }],
        [GQL.checkout, {}],
        [GQL.billing, { a: { ...ADDRESS, email: 'bob@example.com' } }],
        [GQL.consignment, { a: ADDRESS }],
        [GQL.shipping, { c: consignmentId, o: optionId }],
        [GQL.coupon, { code: 'SANDBOX10' }],
        [GQL.createOrder, {}],
        ['mutation { bigcommerceCartRedirectUrls }', {}],
        ['mutation { bigcommerceDeleteCart { cartToken } }', {}],
      ];
      for (const holder of [bob, browser(app)]) {
        for (const [document, variables] of cartOperations) {
          const error = failure(await holder.gql(document, variables, { 'x-bigcommerce-cart': aliceCartToken }));
          expect([document, error.extensions.error?.name]).toEqual([document, 'ForbiddenError']);
        }
      }
      // Alice's cart is untouched: one item, no coupon.
      const checkout = ok(await alice.gql(GQL.checkout)).bigcommerceCheckout;
      expect(checkout.cart.line_items.physical_items).toHaveLength(1);
      expect(checkout.coupons ?? []).toHaveLength(0);
      expect(checkout.billing_address.email).toBe('shopper1@example.com');
    });

    it("hides Alice's order, its payment and her wishlist from Bob", async () => {
      expect(failure(await bob.gql(GQL.order, { id: aliceOrder.orderId })).extensions.error?.name).toBe('NotFoundError');
      expect(ok(await bob.gql(GQL.orders)).bigcommerceOrders.nodes.map((o: { id: number }) => o.id)).not.toContain(aliceOrder.orderId);
      // Neither without the order token (a 400 that names it) nor with Alice's: it is bound to her.
      const missing = failure(await bob.gql(GQL.payment, { id: aliceOrder.orderId }));
      expect(missing.extensions.error?.name).toBe('ValidationError');
      expect(missing.message).toMatch(/x-bigcommerce-order/);
      expect(failure(await bob.gql(GQL.payment, { id: aliceOrder.orderId, t: aliceOrder.orderToken })).extensions.error?.name).toBe('NotFoundError');
      for (const [document, variables] of [
        [GQL.addWishlistItems, { id: aliceWishlist, items: [{ productId: other.bigcommerceId }] }],
        [GQL.removeWishlistItem, { id: aliceWishlist, item: 1 }],
        [GQL.deleteWishlist, { id: aliceWishlist }],
      ] as const) {
        expect(failure(await bob.gql(document, variables)).extensions.error?.name).toBe('NotFoundError');
      }
      expect(ok(await bob.gql(GQL.wishlists)).bigcommerceWishlists.map((w: { id: number }) => w.id)).not.toContain(aliceWishlist);

      // Alice still has all of it.
      expect(ok(await alice.gql(GQL.order, { id: aliceOrder.orderId })).bigcommerceOrder.id).toBe(aliceOrder.orderId);
      // (Her order token may also travel in the REST route's header.)
      const payment = await alice.gql(GQL.payment, { id: aliceOrder.orderId }, { 'x-bigcommerce-order': aliceOrder.orderToken });
      expect(ok(payment).bigcommercePaymentToken.paymentAccessToken).toBeTruthy();
      const lists = ok(await alice.gql(GQL.wishlists)).bigcommerceWishlists;
      expect(lists.find((w: { id: number }) => w.id === aliceWishlist).items).toHaveLength(1);
    });
  });

  it.each([
    ['a zero quantity', GQL.createCart, { items: [{ productId: 1, quantity: 0 }] }, /lineItems\.0\.quantity must be at least 1/],
    ['a customer chosen in the input', GQL.createCart, { items: [{ productId: 1, quantity: 1, customer_id: 2 }] }, /lineItems\.0\.customer_id is not allowed/],
    ['an empty cart', GQL.createCart, { items: [] }, /a cart needs at least one item/],
    ['a bad item id', GQL.updateItem, { id: 'not an id!', q: 1 }, /itemId must be a cart item id/],
    [
      'a bad country',
      GQL.billing,
      { a: { ...ADDRESS, email: 'a@example.com', countryCode: 'USA' } },
      /address\.countryCode must be a two-letter ISO country code/,
    ],
    ['a billing address without email', GQL.billing, { a: ADDRESS }, /address\.email/],
    ['an address with an unknown field', GQL.consignment, { a: { ...ADDRESS, planet: 'Mars' } }, /address\.planet is not allowed/],
    ['a consignment without a city', GQL.consignment, { a: { ...ADDRESS, city: '' } }, /address\.city/],
    ['a bad consignment id', GQL.shipping, { c: 'no spaces allowed', o: 'x' }, /consignmentId must be a consignment id/],
    ['an empty shipping option', GQL.shipping, { c: 'abc', o: ' ' }, /shippingOptionId/],
    ['an empty coupon', GQL.coupon, { code: '' }, /code/],
    ['a zero order id', GQL.payment, { id: 0 }, /orderId must be positive/],
    ['a negative order id', GQL.order, { id: -4 }, /id must be an order id/],
    ['a bad email', GQL.register, { email: 'nope', password: 'Passw0rd!1', first: 'a', last: 'b' }, /email must be an email address/],
    ['a weak password', GQL.register, { email: 'x@example.com', password: 'short', first: 'a', last: 'b' }, /password must have at least 8 characters/],
    ['an empty first name', GQL.register, { email: 'x@example.com', password: 'Passw0rd!1', first: ' ', last: 'b' }, /firstName/],
    ['an empty password at sign-in', GQL.login, { email: 'x@example.com', password: '' }, /password must not be empty/],
    ['an empty wishlist name', GQL.createWishlist, { name: '' }, /name/],
    ['no wishlist items', GQL.addWishlistItems, { id: 1, items: [] }, /items/],
    ['a short recovery token', 'mutation($t: String!) { bigcommerceRecoverCart(token: $t) { cartToken } }', { t: 'abc' }, /token/],
  ])('rejects %s with a ValidationError naming the argument', async (_label, document, variables, message) => {
    const error = failure(await browser(app).gql(document, variables));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.error?.name).toBe('ValidationError');
    expect(error.message).toMatch(message);
  });

  it.each([
    ['in an address', GQL.billing, { a: { ...ADDRESS, email: 'a@example.com', number: '4111111111111111' } }, /Card data \(address\.number\)/],
    ['in cart items', GQL.createCart, { items: [{ productId: 1, quantity: 1, cvv: '123' }] }, /Card data \(lineItems\.0\.cvv\)/],
    [
      'in unused variables',
      'mutation($id: Int!) { bigcommercePaymentToken(orderId: $id) { paymentsUrl } }',
      { id: 1, card: { number: '4111111111111111', expiry_month: 1 } },
      /Card data \(variables\.card\.number\)/,
    ],
  ])('refuses card data %s', async (_label, document, variables, message) => {
    const error = failure(await browser(app).gql(document, variables));
    expect(error.extensions.error?.name).toBe('ValidationError');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/payments endpoint/);
  });

  it('refuses oversized arguments as REST refuses oversized bodies', async () => {
    const error = failure(await browser(app).gql(GQL.coupon, { code: 'x'.repeat(40_000) }));
    expect(error.extensions.error?.name).toBe('PayloadTooLargeError');
  });

  it('maps a BigCommerce outage to a 502/503 error, never an internal error', async () => {
    sandbox.setFaults({ errorRate: 1 });
    const res = await browser(app).gql(GQL.createCart, { items: [cartItem(product)] });
    sandbox.setFaults({});
    const error = failure(res);
    expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.error?.name).toMatch(/^(BadGateway|ServiceUnavailable)Error$/);
    expect(error.message).toMatch(/BigCommerce/);
  });

  it('never hands a BigCommerce credential, a storefront or impersonation token or a key to the shopper (REST and GraphQL)', async () => {
    const issue = async (path: string) =>
      (
        await request(sandbox.apiBase)
          .post(`/v3/storefront/${path}`)
          .set('X-Auth-Token', sandbox.accessToken)
          .send({ channel_id: 1, expires_at: FAR_FUTURE })
          .expect(200)
      ).body.data.token as string;
    const storefrontToken = await issue('api-token');
    const impersonationToken = await issue('api-token-customer-impersonation');
    const log = app.strapi.log as unknown as Record<string, (...args: unknown[]) => unknown>;
    const spies = ['error', 'warn', 'info', 'http', 'verbose', 'debug']
      .filter((level) => typeof log[level] === 'function')
      .map((level) => jest.spyOn(log, level));
    const responses: Response[] = [];
    let logged: unknown[][] = [];
    const password = 'Leak-Ch3ck-Password';
    try {
      // The REST journeys, as a browser does them.
      const guest = browser(app, responses);
      await guest.rest('post', '/cart', { lineItems: [cartItem(product)] }).then((r) => expect(r.status).toBe(201));
      await guest.rest('post', '/checkout/billing-address', { ...ADDRESS, email: 'leak.guest@example.com' });
      const consigned = (await guest.rest('post', '/checkout/consignments', { address: ADDRESS })).body.data.consignments[0];
      await guest.rest('put', `/checkout/consignments/${consigned.id}`, { shippingOptionId: consigned.available_shipping_options[0].id });
      const restOrder = (await guest.rest('post', '/checkout/orders', {})).body;
      const restPayment = await guest.rest(
        'post',
        '/checkout/payment-token',
        { orderId: restOrder.data.orderId },
        { 'x-bigcommerce-order': restOrder.meta.orderToken }
      );
      expect(restPayment.status).toBe(200);
      await payAtBigCommerce(restPayment.body.data);
      const member = browser(app, responses);
      await member.rest('post', '/cart', { lineItems: [cartItem(other)] });
      await member.rest('post', '/customers/register', { email: 'leak.rest@example.com', password, firstName: 'Rest', lastName: 'Shopper' });
      expect((await member.rest('post', '/customers/login', { email: 'leak.rest@example.com', password })).status).toBe(200);
      await member.rest('get', '/customers/me');
      await member.rest('post', '/customers/login-url', { redirect: 'embedded_checkout' });
      await member.rest('get', '/orders');
      await member.rest('get', '/wishlists');
      // The same journeys through GraphQL.
      await guestJourney(browser(app, responses));
      await registeredJourney(browser(app, responses), 'leak.graphql@example.com', password);
    } finally {
      logged = spies.flatMap((spy) => spy.mock.calls);
      spies.forEach((spy) => spy.mockRestore());
    }

    const secrets: Record<string, string> = {
      'BigCommerce access token': sandbox.accessToken,
      'client secret': sandbox.clientSecret,
      'session signing key': SESSION_SECRET,
      'storefront token': storefrontToken,
      'customer impersonation token': impersonationToken,
      password,
    };
    [...sandbox.shop.sessions.keys()].forEach((session, index) => {
      secrets[`storefront session ${index}`] = session;
    });
    expect(sandbox.shop.sessions.size).toBeGreaterThan(0); // the login JWTs were used: there is something to look for

    const leaks: string[] = [];
    const seen = (where: string, text: string) => {
      for (const [what, value] of Object.entries(secrets)) if (text.includes(value)) leaks.push(`${what} in ${where}`);
      // A token the store issued (storefront, private or impersonation), whoever asked for it, is known by its jti.
      for (const jwt of text.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g) ?? []) {
        let jti: unknown;
        try {
          ({ jti } = decodeJwt(jwt));
        } catch {
          continue; // looked like a JWT, is not one
        }
        if (typeof jti === 'string' && sandbox.shop.storefrontTokens.has(jti)) leaks.push(`storefront token ${jti} in ${where}`);
      }
    };
    expect(responses.length).toBeGreaterThan(40);
    for (const res of responses) {
      const where = `${res.request.method} ${new URL(res.request.url).pathname}`;
      seen(`${where} body`, res.text);
      seen(`${where} headers`, JSON.stringify(res.headers));
    }
    expect(logged.length).toBeGreaterThanOrEqual(responses.length); // a line per request at least
    seen('the logs', JSON.stringify(logged.map((args) => args.map(String))));
    expect(leaks).toEqual([]);
  });
});

describe('storefront GraphQL and REST with publicStorefront off', () => {
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 0, rateLimit: false });
    app = await bootStrapi({
      env: {
        ...sandboxEnv(sandbox),
        BIGCOMMERCE_PUBLIC_STOREFRONT: 'false',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const apiToken = async (actions: string[]): Promise<string> => {
    const tokens = app.strapi.service('admin::api-token') as unknown as { create(input: Record<string, unknown>): Promise<{ accessKey: string }> };
    const created = await tokens.create({
      name: `storefront ${actions.length} ${Date.now()}`,
      description: '',
      kind: 'content-api',
      type: 'custom',
      permissions: actions,
      lifespan: null,
    });
    return created.accessKey;
  };

  it('refuses every storefront operation and route to anonymous callers', async () => {
    for (const [name, document] of Object.entries(EVERY_OPERATION)) {
      const res = await browser(app).gql(document);
      expect([name, denied(res)]).toEqual([name, true]);
    }
    expect((await browser(app).rest('get', '/checkout')).status).toBe(403);
    expect((await browser(app).rest('post', '/cart', { lineItems: [{ productId: 1, quantity: 1 }] })).status).toBe(403);
  });

  it('lets an API token with the storefront actions through, one action per operation', async () => {
    const full = { Authorization: `Bearer ${await apiToken(STOREFRONT_ACTIONS)}` };
    for (const [name, document] of Object.entries(EVERY_OPERATION)) {
      const res = await browser(app).gql(document, {}, full);
      expect([name, denied(res)]).toEqual([name, false]);
    }
    // Past the permission check the usual answer: no cart yet.
    expect((await browser(app).rest('get', '/checkout', undefined, full)).status).toBe(404);

    const cartOnly = { Authorization: `Bearer ${await apiToken(['plugin::bigcommerce.storefront.getCart'])}` };
    expect(denied(await browser(app).gql(GQL.cart, {}, cartOnly))).toBe(false);
    expect(denied(await browser(app).gql(GQL.checkout, {}, cartOnly))).toBe(true);
    expect((await browser(app).rest('get', '/checkout', undefined, cartOnly)).status).toBe(403);
  });
});
