import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import fc from 'fast-check';
import { SignJWT } from 'jose';

import { CATALOG_ACTIONS, STOREFRONT_ACTION_NAMES } from '../../server/src/public-access';
import { WEBHOOK_SECRET_HEADER } from '../../server/src/policies/verify-webhook';
import { CART_COOKIE, CART_HEADER, CUSTOMER_COOKIE, CUSTOMER_HEADER, ORDER_HEADER } from '../../server/src/services/shopper';
import { sync } from '../helpers/catalog';
import { ADDRESS } from '../helpers/storefront';
import { bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';
import { SEED_PASSWORD, startSandbox, type Sandbox } from '../sandbox';
import {
  junkBody,
  junkValue,
  nastyNumber,
  nastyString,
  pathParam,
  plausibleValue,
  queryPairs,
  queryString,
  controlString,
  encodeQueryPart,
  type Plausible,
} from './lib/arbitraries';
import { checkGraphql, checkRest, ContractViolation, Tally, type Forbidden } from './lib/contract';
import { closeAgent, send, type RawRequest, type RawResponse } from './lib/http';
import { fillPath, graphqlOperations, INTROSPECTION, REST_ROUTES, API_PREFIX, type ArgType, type GraphqlOperation, type RestRoute } from './lib/targets';

/**
 * Issue #9's fuzz suite: property-based bad inputs (fast-check) against every public REST route and
 * GraphQL operation of the plugin, on one Strapi booted against the sandbox store. The contract checked
 * for each answer: never a 5xx, every 4xx in Strapi's error envelope with a message (GraphQL: errors
 * with messages, or data), no secret in it, none of another customer's data in it; oversized, deeply
 * nested and compressed-bomb bodies are refused.
 *
 *   FUZZ_SEED=<n>   replay a run (the seed is printed)
 *   FUZZ_RUNS=<n>   generated inputs per REST route (default 40; the other families scale with it)
 *   FUZZ_SHRINK=<n> requests spent shrinking one failure (default 40, at most 15 s; 0 reports the first counterexample)
 */
jest.setTimeout(Number(process.env.TEST_TIMEOUT_MS ?? 900_000));

const SEED = Number(process.env.FUZZ_SEED ?? 909);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SHRINK_BUDGET = Number(process.env.FUZZ_SHRINK ?? 40);
/** Shrinking also stops this long after the first violation: a 500 that takes seconds must not take minutes. */
const SHRINK_MS = 15_000;

const PLAN = {
  restRoute: RUNS,
  graphqlOperation: Math.ceil(RUNS * 0.6),
  graphqlShape: RUNS * 2,
  webhook: RUNS * 3,
  transport: RUNS,
};

/** A shopper request body over this is refused (the input guard's limit). */
const MAX_INPUT_BYTES = 32 * 1024;

// Secrets are random per run, so that finding one in an answer cannot be a coincidence.
const SECRETS = {
  accessToken: `fuzz-access-${randomBytes(16).toString('hex')}`,
  clientSecret: `fuzz-client-secret-${randomBytes(16).toString('hex')}`,
  sessionSecret: `fuzz-session-secret-${randomBytes(24).toString('hex')}`,
};

const tally = new Tally();
const byFamily = new Tally();
const failures = new Map<string, string>();
/** Every distinct (family, target, violation) seen, with how often: shrinking included. */
const violations = new Map<string, number>();

interface Shopper {
  customerId: number;
  email: string;
  session: string;
  cart: string;
}

let sandbox: Sandbox;
let app: TestApp;
let base: string;
let forbidden: Forbidden;
let webhookSecret: string;
let actor: Shopper;
let alice: Shopper & { cartId: string; orderId: number; wishlistId: number };
let actorIds: { itemId: string; wishlistId: number; wishlistItemId: number; orderToken: string };
let plausible: fc.Arbitrary<unknown>;
let operations: GraphqlOperation[] = [];
let sellable: Plausible;

const JSON_TYPE = { 'content-type': 'application/json' };

const call = async (req: RawRequest): Promise<RawResponse> => send(base, req);

/** A setup call that must succeed: its body's data (and meta). */
const must = async (req: RawRequest & { json?: unknown }, status: number) => {
  const res = await call({ ...req, body: req.json === undefined ? req.body : JSON.stringify(req.json), headers: { ...JSON_TYPE, ...req.headers } });
  if (res.status !== status) throw new Error(`setup ${req.method} ${req.path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json as { data: Record<string, unknown> & { id: number | string }; meta: Record<string, unknown> };
};

const as = (who: Shopper): Record<string, string> => ({ [CUSTOMER_HEADER]: who.session, [CART_HEADER]: who.cart });

const login = async (email: string, password: string, cart?: string): Promise<{ customerId: number; session: string; cart?: string }> => {
  const res = await must(
    { method: 'POST', path: `${API_PREFIX}/customers/login`, json: { email, password }, headers: cart ? { [CART_HEADER]: cart } : {} },
    200
  );
  return { customerId: Number(res.data.id), session: String(res.meta.session), cart: res.meta.cartToken as string | undefined };
};

// --- Tokens: forged, expired, of the other kind, signed with a wrong key, unsigned.

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

let tokens: Record<string, string>;

const mintTokens = async () => {
  const key = new TextEncoder().encode(SECRETS.sessionSecret);
  const wrongKey = new TextEncoder().encode(`wrong-${SECRETS.sessionSecret}`);
  const claims = { kind: 'customer', ch: 1, email: actor.email };
  const past = Math.floor(Date.now() / 1000) - 7200;
  const expired = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(actor.customerId))
    .setAudience('strapi-plugin-bigcommerce')
    .setIssuedAt(past - 3600)
    .setExpirationTime(past)
    .sign(key);
  const wrongSigned = await new SignJWT({ ...claims, email: 'shopper1@example.com' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(alice.customerId))
    .setAudience('strapi-plugin-bigcommerce')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(wrongKey);
  const [header, , signature] = actor.session.split('.');
  const tampered = `${header}.${b64({ ...claims, sub: String(alice.customerId), aud: 'strapi-plugin-bigcommerce', exp: past + 99_999 })}.${signature}`;
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: String(alice.customerId), aud: 'strapi-plugin-bigcommerce', exp: past + 99_999 })}.`;
  tokens = { expired, wrongSigned, tampered, unsigned };
};

/** Header values must be Latin-1 without line breaks on the wire; the rest is percent-escaped. */
const headerSafe = (value: string): string => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);

const AUTH_VARIANTS = [
  'none',
  'actor',
  'actor',
  'actor',
  'actor-cookie',
  'expired',
  'other-kind',
  'wrong-key',
  'tampered',
  'alg-none',
  'garbage',
  'bearer-junk',
  'bearer-session',
  'other-customer-cart',
  'cookie-junk',
  'order-header',
] as const;
type AuthVariant = (typeof AUTH_VARIANTS)[number];

const auth = fc.tuple(fc.constantFrom(...AUTH_VARIANTS), nastyString);

const authHeaders = ([variant, junk]: [AuthVariant, string]): Record<string, string> => {
  switch (variant) {
    case 'none':
      return {};
    case 'actor':
      return as(actor);
    case 'actor-cookie':
      return { cookie: `${CUSTOMER_COOKIE}=${actor.session}; ${CART_COOKIE}=${actor.cart}` };
    case 'expired':
      return { [CUSTOMER_HEADER]: tokens.expired, [CART_HEADER]: actor.cart };
    case 'other-kind':
      return { [CUSTOMER_HEADER]: actor.cart, [CART_HEADER]: actor.session };
    case 'wrong-key':
      return { [CUSTOMER_HEADER]: tokens.wrongSigned };
    case 'tampered':
      return { [CUSTOMER_HEADER]: tokens.tampered, [CART_HEADER]: alice.cart };
    case 'alg-none':
      return { [CUSTOMER_HEADER]: tokens.unsigned };
    case 'garbage':
      return { [CUSTOMER_HEADER]: headerSafe(junk), [CART_HEADER]: headerSafe(junk) };
    case 'bearer-junk':
      return { authorization: `Bearer ${headerSafe(junk)}` };
    case 'bearer-session':
      return { authorization: `Bearer ${actor.session}`, [CART_HEADER]: actor.cart };
    case 'other-customer-cart':
      return { [CUSTOMER_HEADER]: actor.session, [CART_HEADER]: alice.cart };
    case 'cookie-junk':
      return { cookie: `${CUSTOMER_COOKIE}=${encodeQueryPart(junk)}; koa.sess=${encodeQueryPart(junk)}; koa.sess.sig=x` };
    case 'order-header':
      return { ...as(actor), [ORDER_HEADER]: headerSafe(junk) };
  }
};

/**
 * Runs one property; a violation is kept for the closing summary. After the first violation the
 * shrinker gets SHRINK_BUDGET more requests, then every further candidate counts as passing, which
 * ends shrinking with the smallest counterexample found so far (the property still fails).
 */
const runProperty = async <T>(family: string, arbitrary: fc.Arbitrary<T>, numRuns: number, predicate: (input: T) => Promise<void>) => {
  let failedAt: number | undefined;
  let shrinkSteps = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      if (failedAt !== undefined && (shrinkSteps++ >= SHRINK_BUDGET || Date.now() - failedAt > SHRINK_MS)) return;
      try {
        await predicate(input);
      } catch (error) {
        failedAt ??= Date.now();
        failures.set(family, `${error instanceof Error ? error.message : String(error)}\n  input: ${fc.stringify(input).slice(0, 800)}`);
        throw error;
      }
    }),
    { seed: SEED, numRuns, endOnFailure: SHRINK_BUDGET === 0 }
  );
};

/** Sends, counts and checks one request. */
const exercise = async (family: string, target: string, req: RawRequest, check: (where: string, res: RawResponse) => void) => {
  let res: RawResponse;
  try {
    res = await call(req);
  } catch (error) {
    tally.add(target, 'ERR');
    byFamily.add(family, 'ERR');
    throw new ContractViolation(`${req.method} ${req.path.slice(0, 200)} → no answer: ${(error as Error).message}`);
  }
  tally.add(target, res.status);
  byFamily.add(family, res.status);
  try {
    check(`${req.method} ${req.path.slice(0, 200)}`, res);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0].replace(/^.*?→ /, '');
    const signature = `${family} | ${target} | ${reason}`;
    violations.set(signature, (violations.get(signature) ?? 0) + 1);
    throw error;
  }
  if (res.status < 300 && mayEndActor(req)) await keepActorAlive();
  return res;
};

/** A request that, accepted, may have signed the actor out or deleted its cart. */
const mayEndActor = (req: RawRequest): boolean =>
  req.method === 'DELETE' ||
  /\/customers\/log(in|out)/.test(req.path) ||
  (req.path.startsWith('/graphql') && /Log(in|out)|Delete|RemoveCartItem/.test(String(req.body ?? '')));

const restCheck = (where: string, res: RawResponse) => checkRest(where, res, forbidden);
const graphqlCheck = (where: string, res: RawResponse) => checkGraphql(where, res, forbidden);

/** The actor's cart or session may be gone after a successful DELETE or logout: restore them for the next inputs. */
const keepActorAlive = async () => {
  const me = await call({ method: 'GET', path: `${API_PREFIX}/customers/me`, headers: as(actor) });
  if (me.status === 401) {
    const again = await call({
      method: 'POST',
      path: `${API_PREFIX}/customers/login`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: actor.email, password: ACTOR_PASSWORD }),
    });
    const body = again.json as { meta?: { session?: string } } | undefined;
    if (again.status === 200 && body?.meta?.session) actor.session = body.meta.session;
  }
  const cart = await call({ method: 'GET', path: `${API_PREFIX}/cart`, headers: as(actor) });
  if (cart.status === 404) {
    const made = await call({
      method: 'POST',
      path: `${API_PREFIX}/cart`,
      headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: actor.session },
      body: JSON.stringify({ lineItems: [{ productId: sellable.productId, variantId: sellable.variantId, quantity: 1 }] }),
    });
    const body = made.json as { meta?: { cartToken?: string } } | undefined;
    if (made.status === 201 && body?.meta?.cartToken) actor.cart = body.meta.cartToken;
  }
};

const ACTOR_PASSWORD = `Fuzz-${randomBytes(6).toString('hex')}-9!`;

/** Routes that change who the actor is run last, so that the others are fuzzed with a live session. */
const STATEFUL_LAST = ['storefront.login', 'storefront.register', 'storefront.logout'];
const ORDERED_ROUTES = [...REST_ROUTES].sort((a, b) => STATEFUL_LAST.indexOf(a.handler) - STATEFUL_LAST.indexOf(b.handler));

beforeAll(async () => {
  process.stdout.write(`\n[fuzz] fast-check seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} runs per route (FUZZ_RUNS)\n`);
  sandbox = await startSandbox({
    products: 40,
    seed: 4,
    rateLimit: false,
    credentialRateLimit: false,
    accessTokens: { [SECRETS.accessToken]: '*' },
    clientSecret: SECRETS.clientSecret,
  });
  app = await bootStrapi({
    listen: true,
    env: {
      ...sandboxEnv(sandbox),
      BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
      BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
      BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
      BIGCOMMERCE_SESSION_SECRETS: SECRETS.sessionSecret,
    },
  });
  base = app.url!;
  await (await app.strapi.plugin('bigcommerce').service('client').get()).channels.updateSite(1, sandbox.storefrontUrl);
  const run = await sync(app.strapi, 'full');
  if (run.status !== 'succeeded') throw new Error(`the catalog sync ${run.status}`);
  webhookSecret = (await app.strapi.plugin('bigcommerce').service('settings').webhookSecret({ create: true })) as string;

  const products = [...sandbox.catalog.products.values()].filter((p) => p.channels.includes(1) && p.is_visible && p.inventory_tracking === 'none');
  const [first, second] = products.map((p) => ({ productId: p.id, variantId: sandbox.catalog.variantsOf(p).find((v) => !v.purchasing_disabled)!.id }));

  // Alice (a seeded customer): a cart, a checkout with an address only she has, an order and a wishlist.
  const aliceMarker = `Alice-${randomBytes(6).toString('hex')}`;
  const a = await login('shopper1@example.com', SEED_PASSWORD);
  const aliceCart = await must(
    {
      method: 'POST',
      path: `${API_PREFIX}/cart`,
      json: { lineItems: [{ productId: first.productId, variantId: first.variantId, quantity: 1 }] },
      headers: { [CUSTOMER_HEADER]: a.session },
    },
    201
  );
  const aliceAuth = { [CUSTOMER_HEADER]: a.session, [CART_HEADER]: String(aliceCart.meta.cartToken) };
  await must(
    {
      method: 'POST',
      path: `${API_PREFIX}/checkout/billing-address`,
      json: { ...ADDRESS, address1: `${aliceMarker} Street`, email: 'shopper1@example.com' },
      headers: aliceAuth,
    },
    200
  );
  const consigned = await must({ method: 'POST', path: `${API_PREFIX}/checkout/consignments`, json: { address: ADDRESS }, headers: aliceAuth }, 200);
  const consignment = (consigned.data.consignments as Array<{ id: string; available_shipping_options: Array<{ id: string }> }>)[0];
  await must(
    {
      method: 'PUT',
      path: `${API_PREFIX}/checkout/consignments/${consignment.id}`,
      json: { shippingOptionId: consignment.available_shipping_options[0].id },
      headers: aliceAuth,
    },
    200
  );
  const aliceOrder = await must({ method: 'POST', path: `${API_PREFIX}/checkout/orders`, json: {}, headers: aliceAuth }, 201);
  const aliceList = await must({ method: 'POST', path: `${API_PREFIX}/wishlists`, json: { name: `${aliceMarker} wishes` }, headers: aliceAuth }, 201);
  alice = {
    customerId: a.customerId,
    email: 'shopper1@example.com',
    session: a.session,
    cart: String(aliceCart.meta.cartToken),
    cartId: String(aliceCart.data.id),
    orderId: Number(aliceOrder.data.orderId),
    wishlistId: Number(aliceList.data.id),
  };

  // The actor: registered and signed in through the routes, with a cart, an order token and a wishlist item.
  const email = `fuzz.${randomBytes(4).toString('hex')}@example.com`;
  await must(
    { method: 'POST', path: `${API_PREFIX}/customers/register`, json: { email, password: ACTOR_PASSWORD, firstName: 'Fuzz', lastName: 'Actor' } },
    201
  );
  const me = await login(email, ACTOR_PASSWORD);
  const cart = await must(
    {
      method: 'POST',
      path: `${API_PREFIX}/cart`,
      json: {
        lineItems: [
          { productId: first.productId, variantId: first.variantId, quantity: 1 },
          { productId: second.productId, variantId: second.variantId, quantity: 2 },
        ],
      },
      headers: { [CUSTOMER_HEADER]: me.session },
    },
    201
  );
  actor = { customerId: me.customerId, email, session: me.session, cart: String(cart.meta.cartToken) };
  const list = await must({ method: 'POST', path: `${API_PREFIX}/wishlists`, json: { name: 'Fuzz list' }, headers: as(actor) }, 201);
  const withItem = await must(
    { method: 'POST', path: `${API_PREFIX}/wishlists/${list.data.id}/items`, json: { items: [{ productId: first.productId }] }, headers: as(actor) },
    200
  );
  actorIds = {
    itemId: String((cart.data.line_items as { physical_items: Array<{ id: string }> }).physical_items[0].id),
    wishlistId: Number(list.data.id),
    wishlistItemId: Number((withItem.data.items as Array<{ id: number }>)[0].id),
    orderToken: '',
  };
  await mintTokens();

  forbidden = {
    secrets: {
      'the BigCommerce access token': SECRETS.accessToken,
      'the client secret': SECRETS.clientSecret,
      'the session secret': SECRETS.sessionSecret,
      'the webhook secret': webhookSecret,
    },
    otherCustomer: { 'cart id': alice.cartId, address: aliceMarker },
  };
  sellable = {
    productId: first.productId,
    variantId: first.variantId,
    otherIds: [alice.orderId, alice.wishlistId, alice.customerId, second.productId, actorIds.wishlistId, actorIds.wishlistItemId],
    address: ADDRESS,
    email: 'shopper1@example.com',
  };
  plausible = plausibleValue(sellable);

  const introspected = await call({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: INTROSPECTION }),
  });
  operations = graphqlOperations((introspected.json as { data: { __schema: Parameters<typeof graphqlOperations>[0] } }).data.__schema);
  // Login/logout last, as for REST.
  operations.sort((x, y) => Number(/Log(in|out)|Register/.test(x.name)) - Number(/Log(in|out)|Register/.test(y.name)));
}, 300_000);

afterAll(async () => {
  closeAgent();
  await app?.close();
  await sandbox?.close();
  const lines = [
    '',
    `[fuzz] seed ${SEED}: ${tally.total()} requests. Counts by route/operation and HTTP status:`,
    tally.table(),
    '',
    '[fuzz] by family:',
    byFamily.table(),
    '',
    failures.size
      ? `[fuzz] ${failures.size} propert${failures.size === 1 ? 'y' : 'ies'} failed (smallest counterexample found):`
      : '[fuzz] every property held',
    ...[...failures].map(([family, message]) => `--- ${family}\n${message}`),
    '',
    violations.size ? '[fuzz] distinct violations (family | target | what), with counts:' : '',
    ...[...violations].map(([signature, count]) => `  ${count}× ${signature}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});

// --- Family 1: every REST route, with junk params, query strings, bodies and credentials.

const idStrings = () =>
  fc.constantFrom(
    String(alice.orderId),
    String(alice.wishlistId),
    String(alice.customerId),
    actorIds.itemId,
    String(actorIds.wishlistId),
    String(actorIds.wishlistItemId),
    '1'
  );

const restInput = (route: RestRoute) =>
  fc.record({
    params: fc.tuple(...route.params.map(() => pathParam(idStrings()))),
    query: queryPairs,
    body: fc.option(junkBody(plausible), { freq: route.method === 'GET' || route.method === 'DELETE' ? 4 : 12, nil: undefined }),
    auth,
    cookieCart: fc.boolean(),
  });

describe('fuzz: REST routes', () => {
  it.each(ORDERED_ROUTES.map((route) => [route.key, route] as const))('%s answers bad input within the contract', async (_key, route) => {
    await runProperty(route.key, restInput(route), PLAN.restRoute, async (input) => {
      const path = fillPath(route, Object.fromEntries(route.params.map((name, i) => [name, input.params[i]]))) + queryString(input.query);
      const isWebhook = route.handler === 'webhooks.receive';
      const headers: Record<string, string> = { ...authHeaders(input.auth), ...(isWebhook ? { [WEBHOOK_SECRET_HEADER]: webhookSecret } : {}) };
      const req: RawRequest = { method: route.method, path, headers };
      if (input.body !== undefined) {
        req.body = JSON.stringify(input.body);
        headers['content-type'] = 'application/json';
      }
      await exercise('rest', route.key, req, restCheck);
    });
  });
});

// --- Family 2: how bodies arrive: oversized (with a length, and chunked), deeply nested, malformed, mislabelled, compressed junk.

interface BodyTarget {
  key: string;
  method: string;
  path: string;
  graphql: boolean;
  headers: () => Record<string, string>;
  /** A body the route accepts, so that only its size, nesting or encoding is wrong. */
  valid: () => unknown;
}

/** Valid bodies of the routes that take one (the fixtures of a passing request; `{}` for the others). */
const VALID_BODIES: Partial<Record<string, () => unknown>> = {
  'storefront.createCart': () => ({ lineItems: [{ productId: sellable.productId, variantId: sellable.variantId, quantity: 1 }] }),
  'storefront.addCartItems': () => ({ lineItems: [{ productId: sellable.productId, variantId: sellable.variantId, quantity: 1 }] }),
  'storefront.updateCartItem': () => ({ quantity: 2 }),
  'storefront.recoverCart': () => ({ token: 'not-a-recovery-token' }),
  'storefront.register': () => ({
    email: `fuzz.${randomBytes(4).toString('hex')}@example.com`,
    password: 'Fuzz-Passw0rd!',
    firstName: 'Big',
    lastName: 'Body',
  }),
  'storefront.login': () => ({ email: 'nobody@example.com', password: 'wrong-password' }),
  'storefront.loginUrl': () => ({ redirect: 'account' }),
  'storefront.setBillingAddress': () => ({ ...ADDRESS, email: actor.email }),
  'storefront.addConsignment': () => ({ address: ADDRESS }),
  'storefront.selectShippingOption': () => ({ shippingOptionId: 'not-an-option' }),
  'storefront.updateConsignment': () => ({ address: ADDRESS }),
  'storefront.addCoupon': () => ({ code: 'SANDBOX10' }),
  'storefront.paymentToken': () => ({ orderId: 1 }),
  'storefront.createWishlist': () => ({ name: 'Big body' }),
  'storefront.addWishlistItems': () => ({ items: [{ productId: sellable.productId }] }),
  'webhooks.receive': () => ({
    scope: 'store/product/updated',
    store_id: '1',
    data: { type: 'product', id: sellable.productId },
    hash: '0123456789abcdef0123',
    created_at: Math.floor(Date.now() / 1000),
    producer: 'stores/sandbox1',
  }),
};

let bodyTargetMap: Map<string, BodyTarget> | undefined;
const bodyTargets = (): Map<string, BodyTarget> =>
  (bodyTargetMap ??= new Map(
    [
      ...REST_ROUTES.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH').map((route) => ({
        key: route.key,
        method: route.method,
        path: fillPath(route, Object.fromEntries(route.params.map((name) => [name, name === 'id' ? String(actorIds.wishlistId) : actorIds.itemId]))),
        graphql: false,
        headers: () => (route.handler === 'webhooks.receive' ? { [WEBHOOK_SECRET_HEADER]: webhookSecret } : as(actor)),
        valid: VALID_BODIES[route.handler] ?? (() => ({})),
      })),
      {
        key: 'POST /graphql',
        method: 'POST',
        path: '/graphql',
        graphql: true,
        headers: () => as(actor),
        valid: () => ({ query: '{ bigcommerceCart { cartToken } }' }),
      },
    ].map((target) => [target.key, target])
  ));

/** Counterexamples name the target by its key. */
const bodyTarget = () => fc.constantFrom(...bodyTargets().keys());
const targetOf = (key: string): BodyTarget => bodyTargets().get(key)!;

/** The target's valid body grown to `size` bytes with JSON whitespace: the same input, only bigger. */
const paddedBody = (target: BodyTarget, size: number): Buffer => {
  const text = JSON.stringify(target.valid());
  return Buffer.from(`${text.slice(0, -1)}${' '.repeat(Math.max(0, size - text.length))}}`);
};

/** The input guard's promise: what is over the limit, or nested beyond any real input, never reaches a handler. */
const refused = (check: (where: string, res: RawResponse) => void) => (where: string, res: RawResponse) => {
  check(where, res);
  if (res.status < 400 && !graphqlRefusal(res))
    throw new ContractViolation(`${where} → HTTP ${res.status}: an input that must be refused was accepted\n  body: ${res.text.slice(0, 300)}`);
};

/** GraphQL may refuse with a 200 that carries errors and no data. */
const graphqlRefusal = (res: RawResponse): boolean => {
  const body = res.json as { errors?: unknown[]; data?: Record<string, unknown> | null } | undefined;
  return !!body?.errors?.length && (!body.data || Object.values(body.data).every((value) => value === null));
};

const checkFor = (target: BodyTarget) => (target.graphql ? graphqlCheck : restCheck);

describe('fuzz: request bodies', () => {
  it('refuses bodies over 32 KB sent with a Content-Length', async () => {
    await runProperty(
      'oversized (Content-Length)',
      fc.record({ target: bodyTarget(), size: fc.integer({ min: MAX_INPUT_BYTES + 1, max: 400_000 }) }),
      PLAN.transport,
      async ({ target: key, size }) => {
        const target = targetOf(key);
        const body = paddedBody(target, size);
        await exercise(
          'oversized',
          target.key,
          { method: target.method, path: target.path, headers: { ...target.headers(), 'content-type': 'application/json' }, body },
          refused(checkFor(target))
        );
      }
    );
  });

  it('refuses bodies over 32 KB sent chunked (no Content-Length)', async () => {
    await runProperty(
      'oversized (chunked)',
      fc.record({ target: bodyTarget(), size: fc.integer({ min: MAX_INPUT_BYTES + 1, max: 400_000 }), chunkSize: fc.integer({ min: 512, max: 32_768 }) }),
      PLAN.transport,
      async ({ target: key, size, chunkSize }) => {
        const target = targetOf(key);
        const body = paddedBody(target, size);
        await exercise(
          'oversized chunked',
          target.key,
          { method: target.method, path: target.path, headers: { ...target.headers(), 'content-type': 'application/json' }, body, chunkSize },
          refused(checkFor(target))
        );
      }
    );
  });

  it('refuses deeply nested JSON (thousands of levels in a few KB)', async () => {
    await runProperty(
      'deep nesting',
      fc.record({
        target: bodyTarget(),
        depth: fc.integer({ min: 500, max: 8_000 }),
        shape: fc.constantFrom('array', 'object', 'in-field'),
        chunked: fc.boolean(),
      }),
      PLAN.transport,
      async ({ target: key, depth, shape, chunked }) => {
        const target = targetOf(key);
        const nested = shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        const text =
          shape === 'in-field' || target.graphql
            ? target.graphql
              ? `{"query":"{ bigcommerceCart { cartToken } }","variables":{"v":${nested}}}`
              : `{"line_items":${nested}}`
            : nested;
        await exercise(
          'deep nesting',
          target.key,
          {
            method: target.method,
            path: target.path,
            headers: { ...target.headers(), 'content-type': 'application/json' },
            body: text,
            chunkSize: chunked ? 4096 : undefined,
          },
          refused(checkFor(target))
        );
      }
    );
  });

  const MALFORMED = [
    '{',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    '[1,2',
    '{"a":1}{"b":2}',
    '\u0000',
    '{"a":1e999}',
    '\ufeff{}',
    'nul',
    '"\\u12"',
    '{"a":"\\x41"}',
    '{"__proto__":1,',
    '--',
    '{"a":01}',
    '}',
  ];

  it('answers malformed JSON within the contract', async () => {
    await runProperty(
      'malformed JSON',
      fc.record({
        target: bodyTarget(),
        text: fc.oneof(
          fc.constantFrom(...MALFORMED),
          nastyString,
          fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1) || '{')
        ),
        invalidUtf8: fc.boolean(),
      }),
      PLAN.transport,
      async ({ target: key, text, invalidUtf8 }) => {
        const target = targetOf(key);
        const body = invalidUtf8
          ? Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`${text}"}`)])
          : Buffer.from(text, 'utf8');
        await exercise(
          'malformed JSON',
          target.key,
          { method: target.method, path: target.path, headers: { ...target.headers(), 'content-type': 'application/json' }, body },
          checkFor(target)
        );
      }
    );
  });

  const CONTENT_TYPES = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=fuzzboundary',
    'multipart/form-data',
    'application/xml',
    'text/xml',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/octet-stream',
    'application/graphql',
    'image/png',
    'application/json, text/plain',
    ';;;',
    '',
  ];

  it('answers bodies with the wrong content type within the contract', async () => {
    await runProperty(
      'wrong content type',
      fc.record({
        target: bodyTarget(),
        type: fc.constantFrom(...CONTENT_TYPES),
        body: fc.oneof(
          junkBody(plausible).map((b) => JSON.stringify(b) ?? ''),
          nastyString
        ),
        shape: fc.constantFrom('as-is', 'form', 'multipart', 'xml'),
      }),
      PLAN.transport,
      async ({ target: key, type, body, shape }) => {
        const target = targetOf(key);
        const text =
          shape === 'form'
            ? `email=${encodeURIComponent(body)}&line_items[0][product_id]=1&__proto__[x]=1`
            : shape === 'multipart'
              ? `--fuzzboundary\r\nContent-Disposition: form-data; name="files"; filename="x.json"\r\nContent-Type: application/json\r\n\r\n${body}\r\n--fuzzboundary--\r\n`
              : shape === 'xml'
                ? `<?xml version="1.0"?><cart><line_items>${body.replace(/[<&]/g, '')}</line_items></cart>`
                : body;
        await exercise(
          'wrong content type',
          target.key,
          { method: target.method, path: target.path, headers: { ...target.headers(), 'content-type': type }, body: text },
          checkFor(target)
        );
      }
    );
  });

  it('refuses compressed junk and compression bombs', async () => {
    await runProperty(
      'content-encoding',
      fc.record({
        target: bodyTarget(),
        encoding: fc.constantFrom('gzip', 'deflate', 'br', 'gzip, gzip', 'x-unknown'),
        payload: fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2_000 }).map((bytes) => ({ kind: 'junk' as const, bytes: Buffer.from(bytes) })),
          fc.integer({ min: MAX_INPUT_BYTES + 1, max: 4_000_000 }).map((size) => ({ kind: 'bomb' as const, size }))
        ),
      }),
      PLAN.transport,
      async ({ target: key, encoding, payload }) => {
        const target = targetOf(key);
        const body = payload.kind === 'junk' ? payload.bytes : gzipSync(paddedBody(target, payload.size));
        const check = checkFor(target);
        // A junk body cannot decode to an input; a bomb decodes to more than the limit. Both must be refused.
        await exercise(
          'content-encoding',
          target.key,
          {
            method: target.method,
            path: target.path,
            headers: { ...target.headers(), 'content-type': 'application/json', 'content-encoding': encoding },
            body,
          },
          refused(check)
        );
      }
    );
  });
});

// --- Family 3: the webhook receiver, with and without its secret.

const webhookPayload = fc.record(
  {
    scope: fc.oneof(
      fc.constantFrom(
        'store/product/updated',
        'store/product/deleted',
        'store/category/created',
        'store/brand/updated',
        'store/sku/inventory/updated',
        'store/cart/created',
        'store/*',
        'store/'
      ),
      nastyString
    ),
    store_id: fc.oneof(fc.constant('1'), nastyString, nastyNumber),
    data: fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom('product', 'category', 'brand', 'sku'), nastyString),
          id: fc.oneof(nastyNumber, nastyString, fc.constantFrom(1, 2, 3)),
        },
        { requiredKeys: [] }
      ),
      junkValue(fc.constant(1))
    ),
    hash: fc.oneof(fc.constant('0123456789abcdef0123'), nastyString),
    created_at: fc.oneof(fc.constant(Math.floor(Date.now() / 1000)), nastyNumber),
    producer: fc.oneof(fc.constant('stores/sandbox1'), nastyString),
  },
  { requiredKeys: [] }
);

const SECRET_VARIANTS = ['right', 'right', 'right', 'missing', 'wrong', 'suffixed', 'empty', 'junk', 'doubled', 'case'] as const;

describe('fuzz: webhook receiver', () => {
  it('answers junk deliveries within the contract', async () => {
    await runProperty(
      'webhooks',
      fc.record({ secret: fc.constantFrom(...SECRET_VARIANTS), junk: nastyString, body: fc.oneof(webhookPayload, junkBody(plausible)), query: queryPairs }),
      PLAN.webhook,
      async ({ secret, junk, body, query }) => {
        const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
        if (secret === 'right') headers[WEBHOOK_SECRET_HEADER] = webhookSecret;
        if (secret === 'wrong') headers[WEBHOOK_SECRET_HEADER] = `${webhookSecret.slice(0, -1)}0`;
        if (secret === 'suffixed') headers[WEBHOOK_SECRET_HEADER] = `${webhookSecret} `;
        if (secret === 'empty') headers[WEBHOOK_SECRET_HEADER] = '';
        if (secret === 'junk') headers[WEBHOOK_SECRET_HEADER] = headerSafe(junk);
        if (secret === 'doubled') headers[WEBHOOK_SECRET_HEADER] = [webhookSecret, 'other'];
        if (secret === 'case') headers[WEBHOOK_SECRET_HEADER] = webhookSecret.toUpperCase();
        await exercise(
          'webhooks',
          `POST ${API_PREFIX}/webhooks`,
          { method: 'POST', path: `${API_PREFIX}/webhooks${queryString(query)}`, headers, body: JSON.stringify(body) },
          restCheck
        );
      }
    );
  });
});

// --- Family 4: every GraphQL operation, with junk arguments (typed and mistyped) and credentials.

const argValue = (type: ArgType): fc.Arbitrary<unknown> => {
  const ids = [alice.orderId, alice.wishlistId, alice.customerId, actorIds.wishlistId, actorIds.wishlistItemId];
  const typed: fc.Arbitrary<unknown> =
    type.kind === 'ENUM'
      ? fc.oneof(fc.constantFrom(...type.enumValues), nastyString)
      : type.named === 'Int'
        ? fc.oneof(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), fc.constantFrom(0, -1, 2_147_483_647, ...ids))
        : type.named === 'Float'
          ? fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-1, 0, 1e308))
          : type.named === 'Boolean'
            ? fc.boolean()
            : type.named === 'String' || type.named === 'ID'
              ? fc.oneof(nastyString, fc.constantFrom(actorIds.itemId, String(alice.orderId), alice.cart, tokens.tampered))
              : junkValue(plausible);
  const one = fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: junkValue(plausible) }, { weight: 1, arbitrary: fc.constant(null) });
  return type.list ? fc.oneof(fc.array(one, { maxLength: 4 }), one) : one;
};

const operationInput = (op: GraphqlOperation) =>
  fc.record({
    args: fc.tuple(...op.args.map((arg) => fc.option(argValue(arg.type), { freq: 6, nil: undefined }))),
    extraVariable: fc.option(junkValue(plausible), { freq: 2, nil: undefined }),
    unknownArgument: fc.boolean(),
    auth,
  });

const documentFor = (op: GraphqlOperation, present: boolean[], unknownArgument: boolean): string => {
  const used = op.args.filter((_, i) => present[i]);
  const declarations = used.map((arg) => `$${arg.name}: ${arg.type.spelled}`).join(', ');
  const args = [...used.map((arg) => `${arg.name}: $${arg.name}`), ...(unknownArgument ? ['fuzzUnknown: 1'] : [])].join(', ');
  return `${op.root === 'Query' ? 'query' : 'mutation'} Fuzz${declarations ? `(${declarations})` : ''} { ${op.name}${args ? `(${args})` : ''} ${op.selection} }`;
};

describe('fuzz: GraphQL', () => {
  it('gives every operation of the plugin junk arguments', async () => {
    expect(operations.length).toBeGreaterThan(0);
    const failed: string[] = [];
    for (const op of operations) {
      try {
        await runProperty(op.key, operationInput(op), PLAN.graphqlOperation, async ({ args, extraVariable, unknownArgument, auth: who }) => {
          const variables: Record<string, unknown> = {};
          op.args.forEach((arg, i) => {
            if (args[i] !== undefined) variables[arg.name] = args[i];
          });
          if (extraVariable !== undefined) variables.fuzzExtra = extraVariable;
          const query = documentFor(
            op,
            args.map((value) => value !== undefined),
            unknownArgument
          );
          await exercise(
            'graphql operations',
            op.key,
            {
              method: 'POST',
              path: '/graphql',
              headers: { ...authHeaders(who), 'content-type': 'application/json' },
              body: JSON.stringify({ query, variables }),
            },
            graphqlCheck
          );
        });
      } catch (error) {
        failed.push(`${op.key}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
      }
    }
    if (failed.length) throw new Error(`${failed.length} operation(s) broke the contract:\n\n${failed.join('\n\n')}`);
  });

  const deepCategories = (depth: number) => `{ bigcommerceCategories { ${'children { '.repeat(depth)}name${' }'.repeat(depth)} } }`;

  const shapes = fc.oneof(
    fc.integer({ min: 5, max: 300 }).map((depth) => ({ kind: 'deep selection', body: { query: deepCategories(depth) } })),
    fc.integer({ min: 20, max: 400 }).map((n) => ({
      kind: 'alias bomb',
      body: { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: bigcommerceProducts(pageSize: 100) { nodes { name } }`).join(' ')} }` },
    })),
    fc.integer({ min: 2, max: 60 }).map((n) => ({ kind: 'batch', body: Array.from({ length: n }, () => ({ query: '{ bigcommerceCart { cartToken } }' })) })),
    fc.constant({ kind: 'fragment cycle', body: { query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }' } }),
    fc.integer({ min: 3, max: 40 }).map((depth) => ({
      kind: 'deep introspection',
      body: { query: `{ __schema { types { ${'fields { type { '.repeat(depth)}name${' } }'.repeat(depth)} } } }` },
    })),
    fc.integer({ min: 10, max: 5_000 }).map((n) => ({ kind: 'unclosed', body: { query: '{'.repeat(n) } })),
    nastyString.map((query) => ({ kind: 'junk document', body: { query } })),
    junkValue(fc.constant('{ bigcommerceCart { cartToken } }')).map((value) => ({ kind: 'junk envelope', body: value })),
    fc.record({ variables: fc.oneof(nastyString, fc.jsonValue()), operationName: fc.oneof(nastyString, fc.constant('Nope')) }).map((extra) => ({
      kind: 'junk variables',
      body: { query: 'query Q($id: Int!) { bigcommerceOrder(id: $id) }', ...extra },
    })),
    controlString.map((s) => ({ kind: 'control chars in literal', body: { query: `mutation { bigcommerceAddCoupon(code: ${JSON.stringify(s)}) }` } })),
    fc
      .integer({ min: 1_000, max: 30_000 })
      .map((n) => ({ kind: 'long literal', body: { query: `mutation { bigcommerceAddCoupon(code: "${'A'.repeat(n)}") }` } })),
    fc
      .constantFrom('@skip(if: $nope)', '@include(if: "yes")', '@fuzz', '@skip(if: true) @skip(if: false)')
      .map((d) => ({ kind: 'directives', body: { query: `{ bigcommerceCart ${d} { cartToken } }` } }))
  );

  it('answers hostile documents (depth, aliases, batches, cycles, junk) within the contract', async () => {
    await runProperty(
      'graphql shapes',
      fc.record({ shape: shapes, auth, method: fc.constantFrom('POST', 'POST', 'POST', 'GET') }),
      PLAN.graphqlShape,
      async ({ shape, auth: who, method }) => {
        const req: RawRequest =
          method === 'GET' &&
          !Array.isArray(shape.body) &&
          typeof shape.body === 'object' &&
          shape.body !== null &&
          typeof (shape.body as { query?: unknown }).query === 'string'
            ? {
                method: 'GET',
                path: `/graphql?query=${encodeURIComponent((shape.body as { query: string }).query.replace(/[\ud800-\udfff]/g, '?'))}`,
                headers: { ...authHeaders(who), 'apollo-require-preflight': 'true' },
              }
            : {
                method: 'POST',
                path: '/graphql',
                headers: { ...authHeaders(who), 'content-type': 'application/json' },
                body: JSON.stringify(shape.body) ?? 'null',
              };
        await exercise('graphql shapes', `${method} /graphql`, req, graphqlCheck);
      }
    );
  });
});

// --- Coverage: nothing public went unfuzzed.

describe('fuzz: coverage', () => {
  it('gave inputs to every REST route and every GraphQL operation of the plugin', () => {
    const expectedOperations = STOREFRONT_ACTION_NAMES.length + Object.keys(CATALOG_ACTIONS).length;
    expect(operations.length).toBeGreaterThanOrEqual(expectedOperations);
    const missed = [...REST_ROUTES.map((r) => r.key), ...operations.map((o) => o.key)].filter((key) => tally.total(key) === 0);
    expect(missed).toEqual([]);
    const planned = REST_ROUTES.length * PLAN.restRoute + operations.length * PLAN.graphqlOperation + PLAN.graphqlShape + PLAN.webhook + 6 * PLAN.transport;
    process.stdout.write(`[fuzz] planned ${planned} generated inputs, sent ${tally.total()} requests\n`);
    if (RUNS >= 40) expect(planned).toBeGreaterThanOrEqual(2_000);
  });
});
