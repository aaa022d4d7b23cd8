import { errors } from '@strapi/utils';
import request from 'supertest';

import throttle from '../../server/src/services/throttle';
import { SEED_PASSWORD, type Sandbox } from '../sandbox';
import { spawnNode, type NodeProcess } from '../helpers/node-process';
import { cartItem, startStorefront, storefrontEnv, type Sellable } from '../helpers/storefront';
import { createDatabase, createPlainAdmin, expectAdminGuarded, registerSuperAdmin, type TestApp, type TestDatabase } from '../helpers/strapi';

const SESSION = 'x-bigcommerce-session';

/** A Strapi node to send requests to: this process's app, or a node in another process. */
interface Node {
  http: () => ReturnType<typeof request>;
}
const ME = '/api/bigcommerce/customers/me';

/**
 * Shopper sessions end for real (logout, admin, every node on the database), and sign-in and
 * registration throttles live in the database: shared by nodes, kept over restarts.
 */
describe('shopper sessions and sign-in / registration throttles', () => {
  let database: TestDatabase;
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;
  /** Other Strapi nodes (processes) on the same database, stopped at the end. */
  const nodes: NodeProcess[] = [];

  beforeAll(async () => {
    database = await createDatabase();
    ({ sandbox, app, product } = await startStorefront({}, { database }));
  });

  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await app?.close();
    await sandbox?.close();
    await database?.drop();
  });

  /** Another Strapi node, in its own process, on the same database (the catalog and settings are already there). */
  const bootNode = async (): Promise<Node & { process: NodeProcess }> => {
    const node = await spawnNode({ database, env: storefrontEnv(sandbox) });
    nodes.push(node);
    return { http: () => request(node.url), process: node };
  };

  const login = async (on: Node, email: string, password = SEED_PASSWORD) => {
    const res = await on.http().post('/api/bigcommerce/customers/login').send({ email, password }).expect(200);
    return { token: res.body.meta.session as string, customerId: res.body.data.id as number };
  };
  const me = (on: Node, token: string) => on.http().get(ME).set(SESSION, token);
  const gql = (on: Node, query: string, token?: string) => {
    const req = on.http().post('/graphql');
    return (token ? req.set(SESSION, token) : req).send({ query });
  };

  it('ends the session on logout: the old token no longer reads the account or the orders (REST)', async () => {
    const { token } = await login(app, 'shopper1@example.com');
    await me(app, token).expect(200);
    await app.http().get('/api/bigcommerce/orders').set(SESSION, token).expect(200);
    await app.http().post('/api/bigcommerce/customers/logout').set(SESSION, token).expect(200);
    const after = await me(app, token);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError', message: 'Sign in first' } });
    await app.http().get('/api/bigcommerce/orders').set(SESSION, token).expect(401);
  });

  it('ends the session on GraphQL logout too', async () => {
    const signedIn = await gql(app, `mutation { bigcommerceLogin(email: "shopper1@example.com", password: "${SEED_PASSWORD}") { session } }`).expect(200);
    const token = signedIn.body.data.bigcommerceLogin.session as string;
    expect((await gql(app, '{ bigcommerceMe }', token)).body.data.bigcommerceMe.email).toBe('shopper1@example.com');
    expect((await gql(app, 'mutation { bigcommerceLogout }', token)).body.data.bigcommerceLogout).toBe(true);
    for (const query of ['{ bigcommerceMe }', '{ bigcommerceOrders { nodes } }']) {
      const res = await gql(app, query, token);
      expect(res.body.errors?.[0]?.message).toBe('Sign in first');
    }
    await me(app, token).expect(401);
  });

  it('ends a session on every node sharing the database, even one that already verified the token', async () => {
    const other = await bootNode();
    const first = await login(app, 'shopper4@example.com');
    await me(other, first.token).expect(200); // the other node has now verified (and remembered) it
    await app.http().post('/api/bigcommerce/customers/logout').set(SESSION, first.token).expect(200);
    await me(other, first.token).expect(401);

    const second = await login(other, 'shopper4@example.com');
    await me(app, second.token).expect(200);
    await other.http().post('/api/bigcommerce/customers/logout').set(SESSION, second.token).expect(200);
    await me(app, second.token).expect(401);
  });

  it('lets an admin with the permission end all sessions of one customer, and no one else', async () => {
    const path = (customerId: number) => `/bigcommerce/customers/${customerId}/sessions/revoke`;
    const admin = await registerSuperAdmin(app);
    const a = await login(app, 'shopper1@example.com');
    const b = await login(app, 'shopper1@example.com');
    const bystander = await login(app, 'shopper4@example.com');
    await expectAdminGuarded(app, 'POST', path(a.customerId), await createPlainAdmin(app));
    await me(app, a.token).expect(200); // the refused calls ended nothing

    const res = await app
      .http()
      .post(path(a.customerId))
      .set({ Authorization: `Bearer ${admin.token}` })
      .send({})
      .expect(200);
    expect(res.body.data).toEqual({ customerId: a.customerId, sessionsRevoked: true });
    await me(app, a.token).expect(401);
    await me(app, b.token).expect(401);
    await me(app, bystander.token).expect(200);
    // Sessions started afterwards are valid.
    await me(app, (await login(app, 'shopper1@example.com')).token).expect(200);

    const bad = await app
      .http()
      .post(path(0).replace('/0/', '/nope/'))
      .set({ Authorization: `Bearer ${admin.token}` })
      .send({});
    expect(bad.status).toBe(400);
  });

  it('counts failed sign-ins in the database: shared by nodes and kept over a restart', async () => {
    const wrong = (on: Node) => on.http().post('/api/bigcommerce/customers/login').send({ email: 'shopper3@example.com', password: 'wrong-password' });
    for (let i = 0; i < 5; i += 1) expect((await wrong(app)).status).toBe(401);
    const node = await bootNode();
    const shared = await wrong(node);
    expect(shared.status).toBe(429);
    expect(shared.body).toMatchObject({ data: null, error: { status: 429, name: 'RateLimitError' } });
    expect(Number(shared.headers['retry-after'])).toBeGreaterThan(0);

    // A restarted node still knows (its boot ran Strapi's schema sync, which kept the table it did not create).
    await node.process.stop();
    const restarted = await bootNode();
    expect((await wrong(restarted)).status).toBe(429);
    expect(await app.strapi.db.connection.schema.hasTable('bigcommerce_throttles')).toBe(true);
  });

  it('creates its table once when the first tries of several nodes arrive together', async () => {
    const knex = app.strapi.db.connection;
    // Several rounds: the race on PostgreSQL's catalog does not lose every time.
    for (let round = 0; round < 5; round += 1) {
      await knex.schema.dropTableIfExists('bigcommerce_throttles');
      // Each service is one node's first use: three limiters at once, eight nodes racing to create the table.
      const firstUses = Array.from({ length: 8 }, () => throttle({ strapi: app.strapi }));
      const waits = await Promise.all(firstUses.map((service, i) => service.login('198.51.100.7', `race${i}@example.com`)));
      expect(waits).toEqual(Array(8).fill(null));
      const [{ n }] = await knex('bigcommerce_throttles').where('key', 'like', 'loginPerEmail:race%').count({ n: '*' });
      expect(Number(n)).toBe(8);
    }
  });

  /** The throttle rows of these keys as stored (points, and whether the window is still open). */
  const throttleRows = async (keys: string[]) => {
    const rows = (await app.strapi.db.connection('bigcommerce_throttles').whereIn('key', keys).select('key', 'points', 'expire')) as Array<{
      key: string;
      points: number;
      expire: number | string;
    }>;
    const now = Date.now();
    return Object.fromEntries(rows.map((row) => [row.key, { points: Number(row.points), live: Number(row.expire) > now }]));
  };

  /** The statements a phase sends to the throttle table (the statement count is its commit count). */
  const statementsOf = async (phase: () => Promise<unknown>) => {
    const knex = app.strapi.db.connection;
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (query.sql.includes('bigcommerce_throttles')) statements.push(query.sql);
    };
    knex.on('query', onQuery);
    try {
      await phase();
    } finally {
      knex.off('query', onQuery);
    }
    return statements;
  };

  it('counts a sign-in try in one statement and gives a successful one back in one', async () => {
    const service = throttle({ strapi: app.strapi });
    await service.login('192.0.2.50', 'warm@example.com'); // the first use creates the table
    expect(await statementsOf(async () => expect(await service.login('192.0.2.51', 'one@example.com')).toBeNull())).toHaveLength(1);
    expect(await throttleRows(['loginPerEmailAndIp:one@example.com|192.0.2.51', 'loginPerEmail:one@example.com', 'loginPerIp:192.0.2.51'])).toEqual({
      'loginPerEmailAndIp:one@example.com|192.0.2.51': { points: 1, live: true },
      'loginPerEmail:one@example.com': { points: 1, live: true },
      'loginPerIp:192.0.2.51': { points: 1, live: true },
    });
    expect(await statementsOf(() => service.loginSucceeded('192.0.2.51', 'One@Example.com '))).toHaveLength(1);
    // The try is given back; this client's failures for the address are gone (no live row: a new window).
    const after = await throttleRows(['loginPerEmailAndIp:one@example.com|192.0.2.51', 'loginPerEmail:one@example.com', 'loginPerIp:192.0.2.51']);
    expect(after['loginPerEmail:one@example.com']).toEqual({ points: 0, live: true });
    expect(after['loginPerIp:192.0.2.51']).toEqual({ points: 0, live: true });
    expect(after['loginPerEmailAndIp:one@example.com|192.0.2.51']?.live ?? false).toBe(false);
  });

  it('keeps exact counts when tries and successes of several nodes arrive together', async () => {
    const services = Array.from({ length: 3 }, () => throttle({ strapi: app.strapi }));
    const ip = '192.0.2.60';
    const email = 'crowd@example.com';
    const pair = `loginPerEmailAndIp:${email}|${ip}`;
    // Twelve tries of one address from one client at once, spread over three nodes: five pass (the pair's
    // limit), seven wait; every key counted all twelve.
    const waits = await Promise.all(Array.from({ length: 12 }, (_, i) => services[i % 3].login(ip, email)));
    expect(waits.filter((wait) => wait === null)).toHaveLength(5);
    for (const wait of waits.filter((w) => w !== null)) expect(wait).toBeGreaterThan(0);
    expect(await throttleRows([pair, `loginPerEmail:${email}`, `loginPerIp:${ip}`])).toEqual({
      [pair]: { points: 12, live: true },
      [`loginPerEmail:${email}`]: { points: 12, live: true },
      [`loginPerIp:${ip}`]: { points: 12, live: true },
    });
    // Thirty other addresses from the same client at once, with four successes of the first among them.
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => services[i % 3].login(ip, `crowd${i}@example.com`)),
      ...Array.from({ length: 4 }, (_, i) => services[i % 3].loginSucceeded(ip, email)),
    ]);
    const rows = await throttleRows([pair, `loginPerEmail:${email}`, `loginPerIp:${ip}`, `loginPerEmail:crowd7@example.com`]);
    expect(rows[`loginPerIp:${ip}`]).toEqual({ points: 12 + 30 - 4, live: true });
    expect(rows[`loginPerEmail:${email}`]).toEqual({ points: 12 - 4, live: true });
    expect(rows[`loginPerEmail:crowd7@example.com`]).toEqual({ points: 1, live: true });
    expect(rows[pair]?.live ?? false).toBe(false);
    // The pair starts a new window at its next try.
    expect(await services[0].login(ip, email)).toBeNull();
    expect((await throttleRows([pair]))[pair]).toEqual({ points: 1, live: true });
  });

  /** Runs `check` with the clock just past a sign-in pair's window (fifteen minutes), then puts the clock back. */
  const afterPairWindow = async (check: () => Promise<void>) => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 15 * 60_000 + 1);
    try {
      await check();
    } finally {
      clock.mockRestore();
    }
  };

  it('starts a new window once the old one has expired', async () => {
    const service = throttle({ strapi: app.strapi });
    const email = 'window@example.com';
    for (let i = 0; i < 5; i += 1) expect(await service.login('192.0.2.70', email)).toBeNull();
    expect(await service.login('192.0.2.70', email)).toBeGreaterThan(0);
    // The window ends (fifteen minutes pass): the next try counts from one again.
    await afterPairWindow(async () => {
      expect(await service.login('192.0.2.70', email)).toBeNull();
      expect((await throttleRows([`loginPerEmailAndIp:${email}|192.0.2.70`]))[`loginPerEmailAndIp:${email}|192.0.2.70`]).toEqual({ points: 1, live: true });
    });
  });

  it('refuses more tries on a key over its limit with no statement, until a success or the end of its window', async () => {
    const service = throttle({ strapi: app.strapi });
    const [ip, email] = ['192.0.2.90', 'locked@example.com'];
    for (let i = 0; i < 5; i += 1) expect(await service.login(ip, email)).toBeNull();
    let wait: number | null = null;
    // The try that goes over the limit is counted in the table, like every try before it.
    expect(await statementsOf(async () => (wait = await service.login(ip, email)))).toHaveLength(1);
    expect(wait).toBeGreaterThan(0);
    // Hammering the locked pair: refused in this process, nothing written, no longer a wait.
    const hammered = await statementsOf(async () => {
      for (let i = 0; i < 20; i += 1) {
        const again = await service.login(ip, email);
        expect(again).toBeGreaterThan(0);
        expect(again).toBeLessThanOrEqual(wait!);
      }
    });
    expect(hammered).toEqual([]);
    // The table keeps the count: another node asks it and refuses too. Another address from this client is not held.
    expect(await throttle({ strapi: app.strapi }).login(ip, email)).toBeGreaterThan(0);
    expect(await statementsOf(async () => expect(await service.login(ip, 'other-locked@example.com')).toBeNull())).toHaveLength(1);
    // A success clears the pair: its next try starts a new window.
    await service.loginSucceeded(ip, email);
    expect(await service.login(ip, email)).toBeNull();
    // Over the limit again, until the window ends.
    for (let i = 0; i < 5; i += 1) await service.login(ip, email);
    expect(await service.login(ip, email)).toBeGreaterThan(0);
    await afterPairWindow(async () => expect(await service.login(ip, email)).toBeNull());
  });

  /**
   * A throttle service counting in this process (`throttleStore: 'memory'`) under these limits; the
   * plugin's config is restored after `use`.
   */
  const withMemoryThrottle = async (
    limits: Record<string, { points: number; durationSeconds: number }>,
    use: (service: ReturnType<typeof throttle>) => Promise<void>
  ) => {
    const key = 'plugin::bigcommerce';
    const saved = app.strapi.config.get(key) as { throttles: Record<string, unknown> };
    app.strapi.config.set(key, { ...saved, throttleStore: 'memory', throttles: { ...saved.throttles, ...limits } });
    try {
      await use(throttle({ strapi: app.strapi }));
    } finally {
      app.strapi.config.set(key, saved);
    }
  };

  it("keeps exact counts in memory too (throttleStore 'memory'), without a statement to the table", async () => {
    const ip = '192.0.2.80';
    const email = 'memory@example.com';
    const statements = await statementsOf(() =>
      withMemoryThrottle({ loginPerIp: { points: 40, durationSeconds: 3600 } }, async (service) => {
        // Twelve tries of one address from one client at once: five pass (the pair's limit), seven wait.
        const waits = await Promise.all(Array.from({ length: 12 }, () => service.login(ip, email)));
        expect(waits.filter((wait) => wait === null)).toHaveLength(5);
        for (const wait of waits.filter((w) => w !== null)) expect(wait).toBeGreaterThan(0);
        // Thirty other addresses at once with four successes of the first: the client's count is 12 + 30 - 4.
        await Promise.all([
          ...Array.from({ length: 30 }, (_, i) => service.login(ip, `memory${i}@example.com`)),
          ...Array.from({ length: 4 }, () => service.loginSucceeded(ip, email)),
        ]);
        // The pair was cleared (a new window): 39 passes; 40 is the client's limit; 41 waits.
        expect(await service.login(ip, email)).toBeNull();
        expect(await service.login(ip, 'memory-a@example.com')).toBeNull();
        expect(await service.login(ip, 'memory-b@example.com')).toBeGreaterThan(0);
      })
    );
    expect(statements).toEqual([]);
  });

  it("starts a new window in memory once the old one has expired (throttleStore 'memory')", async () => {
    await withMemoryThrottle({ loginPerEmailAndIp: { points: 1, durationSeconds: 60 } }, async (service) => {
      const start = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
      try {
        expect(await service.login('192.0.2.81', 'window-memory@example.com')).toBeNull();
        expect(await service.login('192.0.2.81', 'window-memory@example.com')).toBe(60);
        clock.mockReturnValue(start + 59_000);
        expect(await service.login('192.0.2.81', 'window-memory@example.com')).toBe(1);
        clock.mockReturnValue(start + 60_000);
        expect(await service.login('192.0.2.81', 'window-memory@example.com')).toBeNull();
        expect(await service.login('192.0.2.81', 'window-memory@example.com')).toBe(60);
      } finally {
        clock.mockRestore();
      }
    });
  });

  it("counts per process with BIGCOMMERCE_THROTTLE_STORE=memory: the node's own limit, nothing shared", async () => {
    const node = await spawnNode({ database, env: { ...storefrontEnv(sandbox), BIGCOMMERCE_THROTTLE_STORE: 'memory' } });
    nodes.push(node);
    const wrong = (on: Node) => on.http().post('/api/bigcommerce/customers/login').send({ email: 'memory-node@example.com', password: 'wrong-password' });
    const memoryNode: Node = { http: () => request(node.url) };
    for (let i = 0; i < 5; i += 1) expect((await wrong(memoryNode)).status).toBe(401);
    const limited = await wrong(memoryNode);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Nothing went to the table: a node counting there has seen no try of this address.
    const [{ n }] = await app.strapi.db.connection('bigcommerce_throttles').where('key', 'like', '%memory-node@example.com%').count({ n: '*' });
    expect(Number(n)).toBe(0);
    expect((await wrong(app)).status).toBe(401);
  });

  it("does not let a stranger's wrong passwords from elsewhere lock the owner out", async () => {
    const storefront = app.strapi.plugin('bigcommerce').service('storefront');
    /** One sign-in try from another client, as the login routes count it: limited or not. */
    const strangerTry = async (): Promise<'limited' | 'counted'> => {
      try {
        const wait = await storefront.loginThrottle('203.0.113.9', 'shopper4@example.com');
        return typeof wait === 'number' ? 'limited' : 'counted';
      } catch (error) {
        if (error instanceof errors.RateLimitError) return 'limited';
        throw error;
      }
    };
    const tries: string[] = [];
    for (let i = 0; i < 7; i += 1) tries.push(await strangerTry());
    expect(tries.slice(-2)).toEqual(['limited', 'limited']); // the stranger is stopped...
    await login(app, 'shopper4@example.com'); // ...and the owner, from their own address, is not
  });

  it('answers a registration of a taken address exactly like a new one, without changing the account', async () => {
    const register = (password: string, first: string) =>
      app.http().post('/api/bigcommerce/customers/register').send({ email: 'taken@example.com', password, firstName: first, lastName: 'Shopper' });
    const fresh = await register('Original-Pass1', 'Tina');
    const again = await register('Intruder-Pass1', 'Tina');
    expect(fresh.status).toBe(201);
    expect(again.status).toBe(fresh.status);
    expect(again.body).toEqual(fresh.body);
    expect(JSON.stringify(again.body)).not.toMatch(/already|in use|exists/i);
    await login(app, 'taken@example.com', 'Original-Pass1');
    await app.http().post('/api/bigcommerce/customers/login').send({ email: 'taken@example.com', password: 'Intruder-Pass1' }).expect(401);
  });

  it('throttles a burst of registrations from one address with a 429 and Retry-After', async () => {
    // A fresh window for this address: the test before registered from it too.
    const knex = app.strapi.db.connection;
    if (await knex.schema.hasTable('bigcommerce_throttles')) await knex('bigcommerce_throttles').where('key', 'like', 'registerPerIp%').delete();
    const throttles = app.strapi.config.get('plugin::bigcommerce.throttles') as { registerPerIp: { points: number } } | undefined;
    const points = throttles?.registerPerIp.points ?? 10; // the documented default
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < points + 2; i += 1) {
      last = await app
        .http()
        .post('/api/bigcommerce/customers/register')
        .send({ email: `burst${i}@example.com`, password: 'Burst-Pass1', firstName: 'B', lastName: 'Urst' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(points).fill(201), 429, 429]);
    expect(last!.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives REST refusals the same reasons as GraphQL, and names a missing order header', async () => {
    const anonymous = await app.http().get(ME);
    expect(anonymous.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError', message: 'Sign in first' });
    const wrong = await app.http().post('/api/bigcommerce/customers/login').send({ email: 'shopper4@example.com', password: 'wrong' });
    expect(wrong.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError', message: 'Wrong email or password' });

    const alice = request.agent(app.strapi.server.httpServer);
    await alice.post('/api/bigcommerce/customers/login').send({ email: 'shopper1@example.com', password: SEED_PASSWORD }).expect(200);
    const cartToken = (
      await alice
        .post('/api/bigcommerce/cart')
        .send({ lineItems: [cartItem(product)] })
        .expect(201)
    ).body.meta.cartToken;
    const bob = await login(app, 'shopper4@example.com');
    const foreign = await app
      .http()
      .get('/api/bigcommerce/cart')
      .set({ [SESSION]: bob.token, 'x-bigcommerce-cart': cartToken });
    expect(foreign.body.error).toMatchObject({ status: 403, name: 'ForbiddenError' });
    expect(foreign.body.error.message).toMatch(/belongs to a signed-in customer/);

    const noHeader = await app.http().post('/api/bigcommerce/checkout/payment-token').send({ orderId: 5 });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.message).toMatch(/x-bigcommerce-order/);
  });
});
