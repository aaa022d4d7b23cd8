// Customers and how shoppers sign in: hashed passwords, unique e-mails, the channel login rules
// (global access vs channel_ids, allow_global_logins), validate-credentials with its abuse limit,
// the Customer Login JWT on the storefront origin, GraphQL Storefront tokens, and wishlists.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { SEED_CUSTOMERS, SEED_PASSWORD, startSandbox, type CatalogEvent, type Sandbox } from '../sandbox';
import { SPEC_EXCEPTIONS } from './spec-exceptions';
import { call, control, describeIfSpecs, expectContract, specIndex, type HttpResult } from './support';
import type { SpecIndex } from '../helpers/openapi';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = HttpResult<any>;
const FAR_FUTURE = 4_102_444_800;
const nowS = (): number => Math.floor(Date.now() / 1000);
const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

describeIfSpecs('customers, credentials and customer login', () => {
  let sb: Sandbox;
  let specs: SpecIndex;
  const events: CatalogEvent[] = [];

  beforeAll(async () => {
    specs = await specIndex();
    sb = await startSandbox({
      products: 40,
      rateLimit: false,
      accessTokens: {
        'sandbox-token': '*',
        'sf-only': ['store_storefront_api'],
        'customers-ro': ['store_v2_customers_read_only'],
      },
    });
    const forward = sb.catalog.onEvent;
    sb.catalog.onEvent = (e) => {
      events.push(e);
      forward(e);
    };
  });

  afterAll(async () => {
    sb.catalog.now = Date.now;
    await sb?.close();
  });

  beforeEach(() => {
    sb.catalog.now = Date.now;
    events.length = 0;
  });

  const validate = async (email: string, password: string, channel_id?: number): Promise<Res> => {
    const res = await call(sb, 'POST', '/v3/customers/validate-credentials', {
      body: { email, password, ...(channel_id === undefined ? {} : { channel_id }) },
    });
    expectContract(res, sb);
    return res;
  };

  describe('customers', () => {
    it('stores new passwords as scrypt hashes, never returns them, and checks them', async () => {
      const created = await call(sb, 'POST', '/v3/customers', {
        body: [{ email: 'Pat.Doe@Example.com', first_name: 'Pat', last_name: 'Doe', authentication: { new_password: 'Secr3tPass1' }, origin_channel_id: 1 }],
      });
      expect(created.status).toBe(200);
      expectContract(created, sb);
      const c = created.body.data[0];
      expect(c).toMatchObject({ email: 'Pat.Doe@Example.com', channel_ids: null, origin_channel_id: 1, authentication: { force_password_reset: false } });
      expect(created.text).not.toContain('Secr3tPass1');
      expect(created.text).not.toContain('password_hash');
      expect(created.text).not.toContain('new_password');
      const stored = sb.shop.customers.customers.get(c.id)?.password_hash ?? '';
      expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(stored).not.toContain('Secr3tPass1');
      const listed = await call(sb, 'GET', `/v3/customers?id:in=${c.id}&include=addresses,storecredit,attributes,formfields`);
      expect(listed.text).not.toMatch(/password_hash|new_password|Secr3tPass1/);
      // A global customer's event carries no channel_ids: the callback types it as an array of integers, never null.
      expect(events).toEqual([{ scope: 'store/customer/created', data: { type: 'customer', id: c.id, origin_channel_id: 1 } }]);
      events.length = 0;
      const scoped = await call(sb, 'POST', '/v3/customers', {
        body: [{ email: 'scoped.events@example.com', first_name: 'S', last_name: 'E', channel_ids: [2] }],
      });
      expect(scoped.status).toBe(200);
      expect(events).toEqual([
        { scope: 'store/customer/created', data: { type: 'customer', id: scoped.body.data[0].id, origin_channel_id: 1, channel_ids: [2] } },
      ]);

      expect((await validate('pat.doe@example.com', 'Secr3tPass1')).body).toEqual({ is_valid: true, customer_id: c.id });
      expect((await validate('pat.doe@example.com', 'secr3tpass1')).body).toEqual({ is_valid: false, customer_id: null });
      const changed = await call(sb, 'PUT', '/v3/customers', {
        body: [{ id: c.id, authentication: { new_password: 'N3wPassword', force_password_reset: true } }],
      });
      expect(changed.status).toBe(200);
      expectContract(changed, sb);
      expect(changed.body.data[0].authentication).toEqual({ force_password_reset: true });
      expect(sb.shop.customers.customers.get(c.id)?.password_hash).not.toBe(stored);
      expect((await validate('pat.doe@example.com', 'Secr3tPass1')).body.is_valid).toBe(false);
      expect((await validate('pat.doe@example.com', 'N3wPassword')).body.is_valid).toBe(true);
      expect(events.map((e) => e.scope)).toContain('store/customer/updated');
    });

    it('signs in every seeded shopper with the documented password', async () => {
      for (const [i, s] of SEED_CUSTOMERS.entries()) {
        const channel = s.channel_ids ? s.channel_ids[0] : 1;
        expect((await validate(s.email, SEED_PASSWORD, channel)).body).toEqual({ is_valid: true, customer_id: i + 1 });
      }
    });

    it('keeps e-mail addresses unique per store and rejects bad channel lists and weak passwords, all or nothing', async () => {
      const count = sb.shop.customers.customers.size;
      const bad: Array<[unknown[], string]> = [
        [[{ email: 'SHOPPER1@example.com', first_name: 'A', last_name: 'B' }], '[0].email'],
        [
          [
            { email: 'twin@example.com', first_name: 'A', last_name: 'B' },
            { email: 'Twin@example.com', first_name: 'C', last_name: 'D' },
          ],
          '[1].email',
        ],
        [[{ email: 'no-channels@example.com', first_name: 'A', last_name: 'B', channel_ids: [] }], '[0].channel_ids'],
        [[{ email: 'gone@example.com', first_name: 'A', last_name: 'B', channel_ids: [1, 99] }], '[0].channel_ids'],
        [[{ email: 'weak@example.com', first_name: 'A', last_name: 'B', authentication: { new_password: 'letmein' } }], '[0].authentication.new_password'],
        [[{ email: 'not-an-email', first_name: 'A', last_name: 'B' }], '[0].email'],
        [[{ email: 'nameless@example.com' }], '[0].first_name'],
      ];
      for (const [body, field] of bad) {
        const res = await call(sb, 'POST', '/v3/customers', { body });
        expect({ status: res.status, fields: Object.keys(res.body.errors) }).toEqual({ status: 422, fields: expect.arrayContaining([field]) });
        expectContract(res, sb);
      }
      expect(sb.shop.customers.customers.size).toBe(count);
      const taken = await call(sb, 'PUT', '/v3/customers', { body: [{ id: 2, email: 'shopper1@example.com' }] });
      expect(taken.status).toBe(422);
      expect(
        (await call(sb, 'POST', '/v3/customers', { token: 'customers-ro', body: [{ email: 'ro@example.com', first_name: 'R', last_name: 'O' }] })).status
      ).toBe(403);
      expect((await call(sb, 'GET', '/v3/customers', { token: 'customers-ro' })).status).toBe(200);
    });

    it('filters by id:in, email:in and name:like, pages, and deletes by id:in', async () => {
      const byEmail = await call(sb, 'GET', '/v3/customers?email:in=shopper2@example.com,SHOPPER3@example.com');
      expect(byEmail.body.data.map((c: { id: number; channel_ids: number[] | null }) => [c.id, c.channel_ids])).toEqual([
        [2, [2]],
        [3, [1, 2]],
      ]);
      expect((await call(sb, 'GET', '/v3/customers?name:like=morgan')).body.data.map((c: { id: number }) => c.id)).toEqual([1]);
      const page = await call(sb, 'GET', '/v3/customers?limit=2&page=2');
      expectContract(page, sb);
      expect(page.body.meta.pagination).toMatchObject({ count: 2, per_page: 2, current_page: 2 });
      const withAddresses = await call(sb, 'GET', '/v3/customers?id:in=1&include=addresses');
      expect(withAddresses.body.data[0].addresses[0]).toMatchObject({ customer_id: 1, city: 'Austin', country_code: 'US', country: 'United States' });
      const temp = (await call(sb, 'POST', '/v3/customers', { body: [{ email: 'temp@example.com', first_name: 'T', last_name: 'Emp' }] })).body.data[0].id;
      const w = await call(sb, 'POST', '/v3/wishlists', { body: { customer_id: temp, name: 'Temp' } });
      expect(w.status).toBe(201);
      const del = await call(sb, 'DELETE', `/v3/customers?id:in=${temp}`);
      expect(del.status).toBe(204);
      expect((await call(sb, 'GET', `/v3/customers?id:in=${temp}`)).body.data).toEqual([]);
      expect((await call(sb, 'GET', `/v3/wishlists/${w.body.data.id}`)).status).toBe(404);
      expect(events.map((e) => e.scope)).toContain('store/customer/deleted');
    });
  });

  describe('validate-credentials and channel login rules', () => {
    it('lets global customers in where global logins are allowed, and channel customers on their channels only', async () => {
      const cases: Array<[string, number | undefined, number | null]> = [
        ['shopper1@example.com', undefined, 1],
        ['shopper1@example.com', 1, 1],
        ['shopper1@example.com', 2, null],
        ['shopper2@example.com', 1, null],
        ['shopper2@example.com', 2, 2],
        ['shopper3@example.com', 1, 3],
        ['shopper3@example.com', 2, 3],
        ['nobody@example.com', 1, null],
      ];
      for (const [email, channel, id] of cases) {
        expect({ email, channel, body: (await validate(email, SEED_PASSWORD, channel)).body }).toEqual({
          email,
          channel,
          body: { is_valid: id !== null, customer_id: id },
        });
      }
      expect((await validate('shopper1@example.com', 'wrong-password', 1)).body).toEqual({ is_valid: false, customer_id: null });

      const settings = await call(sb, 'GET', '/v3/customers/settings/channels/2');
      expectContract(settings, sb);
      expect(settings.body.data.allow_global_logins).toBe(false);
      expect((await call(sb, 'GET', '/v3/customers/settings/channels/1')).body.data.allow_global_logins).toBe(true);
      const open = await call(sb, 'PUT', '/v3/customers/settings/channels/2', { body: { allow_global_logins: true } });
      expect(open.body.data.allow_global_logins).toBe(true);
      expect((await validate('shopper1@example.com', SEED_PASSWORD, 2)).body).toEqual({ is_valid: true, customer_id: 1 });
      expect((await validate('shopper2@example.com', SEED_PASSWORD, 1)).body.is_valid).toBe(false);
      // null removes the channel's override: back to the default (only channel 1 allows global logins).
      expect((await call(sb, 'PUT', '/v3/customers/settings/channels/2', { body: { allow_global_logins: null } })).body.data.allow_global_logins).toBe(false);
      expect((await validate('shopper1@example.com', SEED_PASSWORD, 2)).body.is_valid).toBe(false);

      // Per-channel privacy settings inherit the global ones until overridden.
      await call(sb, 'PUT', '/v3/customers/settings', { body: { privacy_settings: { policy_url: 'https://shop.example.com/privacy' } } });
      expect((await call(sb, 'GET', '/v3/customers/settings/channels/2')).body.data.privacy_settings.policy_url).toBe('https://shop.example.com/privacy');
      await call(sb, 'PUT', '/v3/customers/settings/channels/2', { body: { privacy_settings: { policy_url: 'https://outlet.example.com/privacy' } } });
      expect((await call(sb, 'GET', '/v3/customers/settings')).body.data.privacy_settings.policy_url).toBe('https://shop.example.com/privacy');
      expect((await call(sb, 'GET', '/v3/customers/settings/channels/2')).body.data.privacy_settings.policy_url).toBe('https://outlet.example.com/privacy');
      const global = await call(sb, 'PUT', '/v3/customers/settings', { body: { allow_global_logins: true } });
      expect(global.status).toBe(422);

      const v2 = await call(sb, 'POST', '/v2/customers/2/validate', { body: { password: SEED_PASSWORD } });
      expectContract(v2, sb);
      expect(v2.body).toEqual({ success: true });
      expect((await call(sb, 'POST', '/v2/customers/2/validate', { body: { password: 'nope' } })).body).toEqual({ success: false });
      const unknown = await call(sb, 'POST', '/v2/customers/424242/validate', { body: { password: 'x' } });
      expect([unknown.status, unknown.body]).toEqual([404, [{ status: 404, message: 'Customer 424242 not found.' }]]);
    });

    it('limits attempts per e-mail address (10 a minute) with 429, separately from the store quota', async () => {
      const email = 'shopper4@example.com';
      await control(sb, 'PUT', '/credential-limit', { attempts: 10, windowMs: 60_000 }); // also forgets earlier attempts
      for (let i = 0; i < 10; i++) expect((await validate(email, i % 2 ? SEED_PASSWORD : 'wrong', 1)).status).toBe(200);
      const limited = await validate(email, SEED_PASSWORD, 1);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ status: 429, title: expect.stringContaining('Too many login attempts') });
      expect(Number(limited.headers['x-retry-after'])).toBeGreaterThanOrEqual(1);
      // The same address through the v2 password check shares the limit (v2 error body).
      const v2 = await call(sb, 'POST', '/v2/customers/4/validate', { body: { password: SEED_PASSWORD } });
      expect([v2.status, v2.body[0].status]).toEqual([429, 429]);
      expectContract(v2, sb);
      // Other addresses are unaffected; a minute later the address may try again.
      expect((await validate('SHOPPER1@example.com', SEED_PASSWORD, 1)).body.is_valid).toBe(true);
      sb.catalog.now = () => Date.now() + 61_000;
      expect((await validate(email, SEED_PASSWORD, 1)).body).toEqual({ is_valid: true, customer_id: 4 });
      sb.catalog.now = Date.now;
      // The control plane tunes or disables the limit.
      expect((await control(sb, 'PUT', '/credential-limit', { attempts: 1, windowMs: 60_000 })).body).toEqual({
        credentialLimit: { attempts: 1, windowMs: 60_000 },
      });
      expect((await validate(email, SEED_PASSWORD, 1)).status).toBe(200);
      expect((await validate(email, SEED_PASSWORD, 1)).status).toBe(429);
      expect((await control(sb, 'PUT', '/credential-limit', { enabled: false })).body).toEqual({ credentialLimit: false });
      expect((await validate(email, SEED_PASSWORD, 1)).status).toBe(200);
      await control(sb, 'PUT', '/credential-limit', { attempts: 10, windowMs: 60_000 });
    });
  });

  describe('Customer Login JWT on the storefront origin', () => {
    interface Visit {
      status: number;
      location: string | null;
      cookie: string | null;
      reason: string | null;
    }

    const sign = (claims: Record<string, unknown>, secret = sb.clientSecret): Promise<string> =>
      new SignJWT({
        iss: sb.clientId,
        iat: nowS(),
        jti: randomUUID(),
        operation: 'customer_login',
        store_hash: sb.storeHash,
        customer_id: 1,
        ...claims,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(secret));

    const visit = async (jwt: string, cookie?: string): Promise<Visit> => {
      const res = await fetch(`${sb.storefrontUrl}/login/token/${jwt}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      await res.arrayBuffer();
      return {
        status: res.status,
        location: res.headers.get('location'),
        cookie: res.headers.get('set-cookie'),
        reason: res.headers.get('x-sandbox-login-error'),
      };
    };

    it('logs the customer in: 302 to /account.php with a session cookie, recorded in logins()', async () => {
      const jwt = await sign({ channel_id: 1 });
      const v = await visit(jwt);
      expect(v).toEqual({
        status: 302,
        location: '/account.php',
        cookie: expect.stringMatching(/^SHOP_SESSION_TOKEN=[0-9a-f]{48}; Path=\/; HttpOnly; Secure; SameSite=None$/),
        reason: null,
      });
      expect(specs.validate('GET', `/login/token/${jwt}`, 302, undefined, SPEC_EXCEPTIONS)).toMatchObject({ via: 'exception', errors: [] });
      const session = (v.cookie as string).split(';')[0];
      const account = await fetch(`${sb.storefrontUrl}/account.php`, { headers: { cookie: session }, redirect: 'manual' });
      expect(account.status).toBe(200);
      expect(await account.text()).toContain('data-customer-id="1" data-channel-id="1"');
      const last = sb.logins().slice(-1)[0];
      expect(last).toMatchObject({
        ok: true,
        customer_id: 1,
        channel_id: 1,
        redirect_to: '/account.php',
        jti: claimsOf(jwt).jti,
        session: session.split('=')[1],
      });
      expect((await control(sb, 'GET', '/logins')).body.slice(-1)[0]).toEqual(last);
      // Signing out ends the session.
      const out = await fetch(`${sb.storefrontUrl}/login.php?action=logout`, { headers: { cookie: session }, redirect: 'manual' });
      expect([out.status, out.headers.get('location')]).toEqual([302, '/']);
      expect((await fetch(`${sb.storefrontUrl}/account.php`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(302);
    });

    it('refuses bad tokens with a redirect to the sign-in page and the reason', async () => {
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify({ iss: sb.clientId, iat: nowS(), jti: randomUUID(), operation: 'customer_login', store_hash: sb.storeHash, customer_id: 1 })
      ).toString('base64url')}.`;
      const cases: Array<[string, Promise<string> | string, string]> = [
        ['expired iat', sign({ iat: nowS() - 60 }), 'expired'],
        ['iat in the future', sign({ iat: nowS() + 60 }), 'issued_in_future'],
        ['wrong secret', sign({}, 'not-the-client-secret'), 'bad_signature'],
        ['alg none', none, 'bad_signature'],
        ['not a JWT', 'not-a-jwt', 'malformed'],
        ['other issuer', sign({ iss: 'another-app' }), 'wrong_issuer'],
        ['other operation', sign({ operation: 'customer_logout' }), 'wrong_operation'],
        ['other store', sign({ store_hash: 'elsewhere' }), 'wrong_store'],
        ['unknown customer', sign({ customer_id: 424242 }), 'unknown_customer'],
        ['unknown channel', sign({ channel_id: 99 }), 'unknown_channel'],
        ['channel customer elsewhere', sign({ customer_id: 2, channel_id: 1 }), 'channel_denied'],
        ['global customer on a channel without global logins', sign({ customer_id: 1, channel_id: 2 }), 'channel_denied'],
        ['other browser IP', sign({ request_ip: '203.0.113.9' }), 'ip_mismatch'],
        ['absolute redirect elsewhere', sign({ redirect_to: 'https://evil.example.com/account' }), 'bad_redirect'],
        ['protocol-relative redirect', sign({ redirect_to: '//evil.example.com/' }), 'bad_redirect'],
      ];
      for (const [label, token, reason] of cases) {
        const v = await visit(await token);
        expect({ label, ...v }).toEqual({ label, status: 302, location: '/login.php?error=invalid_login', cookie: null, reason });
        expect(sb.logins().slice(-1)[0]).toMatchObject({ ok: false, reason });
      }
      const page = await fetch(`${sb.storefrontUrl}/login.php?error=invalid_login`);
      expect(await page.text()).toContain('not successful');
    });

    it('accepts small clock skew, works once per jti, and honours channel_id, request_ip and redirect_to', async () => {
      expect((await visit(await sign({ iat: nowS() - 33 }))).location).toBe('/account.php');
      expect((await visit(await sign({ iat: nowS() + 3 }))).location).toBe('/account.php');
      // The sandbox clock, not the test's, decides.
      sb.catalog.now = () => Date.now() - 120_000;
      expect((await visit(await sign({}))).reason).toBe('issued_in_future');
      sb.catalog.now = Date.now;

      const once = await sign({ redirect_to: '/checkout' });
      expect((await visit(once)).location).toBe('/checkout');
      expect(await visit(once)).toMatchObject({ location: '/login.php?error=invalid_login', reason: 'replayed' });
      expect((await visit(await sign({ request_ip: '127.0.0.1' }))).location).toBe('/account.php');

      // A channel customer on its channel, landing on that channel's embedded checkout (the sandbox origin: no site).
      const product =
        [...sb.catalog.products.values()].find((p) => p.channels.includes(2) && sb.catalog.variantCount(p) === 1 && p.inventory_tracking === 'none') ??
        [...sb.catalog.products.values()].find((p) => p.channels.includes(2) && sb.catalog.variantCount(p) === 1 && p.inventory_level > 0);
      const cart = await call(sb, 'POST', '/v3/carts?include=redirect_urls', {
        body: { customer_id: 2, channel_id: 2, line_items: [{ product_id: product?.id, quantity: 1 }] },
      });
      expect(cart.status).toBe(201);
      const embedded: string = cart.body.data.redirect_urls.embedded_checkout_url;
      expect(embedded.startsWith(sb.storefrontUrl)).toBe(true);
      expect(await visit(await sign({ customer_id: 2, channel_id: 2, redirect_to: embedded }))).toMatchObject({ status: 302, location: embedded });
      expect((await fetch(embedded, { redirect: 'manual' })).status).toBe(200);

      // A headless channel with a site and a custom checkout domain that allows global logins.
      const ch = (await call(sb, 'POST', '/v3/channels', { body: { name: 'headless-login', type: 'storefront', platform: 'next', status: 'active' } })).body
        .data.id;
      await call(sb, 'POST', `/v3/channels/${ch}/site`, { body: { url: 'https://www.shop.example.com' } });
      await call(sb, 'PUT', `/v3/channels/${ch}/site/checkout-url`, { body: { url: 'https://checkout.shop.example.com' } });
      expect((await visit(await sign({ channel_id: ch }))).reason).toBe('channel_denied');
      await call(sb, 'PUT', `/v3/customers/settings/channels/${ch}`, { body: { allow_global_logins: true } });
      const target = 'https://checkout.shop.example.com/cart.php?embedded=1&action=loadInCheckout&id=x&token=y';
      expect((await visit(await sign({ channel_id: ch, redirect_to: target }))).location).toBe(target);
      expect((await visit(await sign({ channel_id: ch, redirect_to: 'https://www.shop.example.com/account' }))).location).toBe(
        'https://www.shop.example.com/account'
      );
      expect((await visit(await sign({ channel_id: ch, redirect_to: 'https://shop.example.org/' }))).reason).toBe('bad_redirect');
    });
  });

  describe('GraphQL Storefront tokens', () => {
    it('issues signed storefront, private and impersonation tokens, revokes them, and needs the token-creation scopes', async () => {
      const sf = await call(sb, 'POST', '/v3/storefront/api-token', {
        token: 'sf-only',
        body: { channel_id: 1, expires_at: FAR_FUTURE, allowed_cors_origins: ['https://shop.example.com', 'http://localhost:3000'] },
      });
      expect(sf.status).toBe(200);
      expectContract(sf, sb);
      const token: string = sf.body.data.token;
      expect(claimsOf(token)).toMatchObject({
        cid: [1],
        cors: ['https://shop.example.com', 'http://localhost:3000'],
        eat: FAR_FUTURE,
        token_type: 1,
        sub: sb.clientId,
      });
      expect(sb.shop.verifyStorefrontToken(token)).toMatchObject({ kind: 'storefront', channel_ids: [1] });
      const priv = await call(sb, 'POST', '/v3/storefront/api-token-private', {
        token: 'sf-only',
        body: { channel_ids: [1, 2], expires_at: FAR_FUTURE, scopes: ['Customer'] },
      });
      expect(priv.status).toBe(200);
      expect(claimsOf(priv.body.data.token)).toMatchObject({ cid: [1, 2], scopes: ['Customer'], token_type: 3 });
      expect(
        (await call(sb, 'POST', '/v3/storefront/api-token-customer-impersonation', { token: 'sf-only', body: { channel_id: 1, expires_at: FAR_FUTURE } }))
          .status
      ).toBe(403);
      const imp = await call(sb, 'POST', '/v3/storefront/api-token-customer-impersonation', { body: { channel_id: 1, expires_at: FAR_FUTURE } });
      expect(claimsOf(imp.body.data.token)).toMatchObject({ token_type: 2 });
      expect((await call(sb, 'POST', '/v3/storefront/api-token', { token: 'customers-ro', body: { channel_id: 1, expires_at: FAR_FUTURE } })).status).toBe(403);

      const revoked = await call(sb, 'DELETE', '/v3/storefront/api-token', { token: 'sf-only', headers: { 'sf-api-token': token } });
      expect([revoked.status, revoked.text]).toEqual([200, '']);
      expect(sb.shop.verifyStorefrontToken(token)).toBeUndefined();
      expect((await call(sb, 'DELETE', '/v3/storefront/api-token', { headers: { 'sf-api-token': imp.body.data.token } })).status).toBe(422);

      const bad: Array<[string, Record<string, unknown>, string]> = [
        ['/v3/storefront/api-token', { channel_id: 1 }, 'expires_at'],
        ['/v3/storefront/api-token', { channel_id: 1, expires_at: nowS() - 10 }, 'expires_at'],
        ['/v3/storefront/api-token', { expires_at: FAR_FUTURE }, 'channel_id'],
        ['/v3/storefront/api-token', { channel_id: 1, channel_ids: [1], expires_at: FAR_FUTURE }, 'channel_id'],
        ['/v3/storefront/api-token', { channel_ids: [1, 77], expires_at: FAR_FUTURE }, 'channel_ids'],
        [
          '/v3/storefront/api-token',
          { channel_id: 1, expires_at: FAR_FUTURE, allowed_cors_origins: ['https://a.example.com', 'https://b.example.com', 'https://c.example.com'] },
          'allowed_cors_origins',
        ],
        ['/v3/storefront/api-token', { channel_id: 1, expires_at: FAR_FUTURE, allowed_cors_origins: ['https://a.example.com/path'] }, 'allowed_cors_origins'],
        ['/v3/storefront/api-token-private', { channel_id: 1, expires_at: FAR_FUTURE }, 'scopes'],
        ['/v3/storefront/api-token-private', { channel_id: 1, expires_at: FAR_FUTURE, scopes: ['Admin'] }, 'scopes'],
        [
          '/v3/storefront/api-token-customer-impersonation',
          { channel_id: 1, expires_at: FAR_FUTURE, allowed_cors_origins: ['https://a.example.com'] },
          'allowed_cors_origins',
        ],
      ];
      for (const [path, body, field] of bad) {
        const res = await call(sb, 'POST', path, { body });
        expect({ path, body, status: res.status, fields: Object.keys(res.body.errors) }).toEqual({ path, body, status: 422, fields: [field] });
        expectContract(res, sb);
      }
    });
  });

  describe('wishlists', () => {
    it('keeps one entry per product and variant, replaces items on PUT, and validates customers and variants', async () => {
      const multi = [...sb.catalog.products.values()].find((p) => sb.catalog.variantCount(p) > 2);
      if (!multi) throw new Error('catalog lacks a product with options');
      const [v0, v1] = sb.catalog.detailsOf(multi).variants;
      const created = await call(sb, 'POST', '/v3/wishlists', {
        body: { customer_id: 3, name: 'Gifts', items: [{ product_id: 5 }, { product_id: multi.id, variant_id: v0.id }, { product_id: 5 }] },
      });
      expect(created.status).toBe(201);
      expectContract(created, sb);
      const w = created.body.data;
      expect(w).toMatchObject({ customer_id: 3, name: 'Gifts', is_public: false, token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(w.items.map((i: { product_id: number }) => i.product_id)).toEqual([5, multi.id]);
      const added = await call(sb, 'POST', `/v3/wishlists/${w.id}/items`, {
        body: {
          items: [
            { product_id: multi.id, variant_id: v1.id },
            { product_id: multi.id, variant_id: v0.id },
          ],
        },
      });
      expect(added.body.data.items).toHaveLength(3);
      const keep = w.items[1];
      const put = await call(sb, 'PUT', `/v3/wishlists/${w.id}`, {
        body: { customer_id: 3, name: 'Only one', items: [{ id: keep.id, product_id: keep.product_id, variant_id: keep.variant_id }, { product_id: 6 }] },
      });
      expect(put.status).toBe(201);
      expectContract(put, sb);
      expect(put.body.data.items.map((i: { id: number; product_id: number }) => [i.id === keep.id, i.product_id])).toEqual([
        [true, multi.id],
        [false, 6],
      ]);
      expect((await call(sb, 'GET', '/v3/wishlists?customer_id=3')).body.data.map((x: { id: number }) => x.id)).toEqual([w.id]);
      expect((await call(sb, 'GET', '/v3/wishlists?customer_id=1')).body.data).toEqual([]);
      for (const body of [
        { customer_id: 424242 },
        { customer_id: 3, items: [{ product_id: multi.id, variant_id: 999999 }] },
        { customer_id: 3, items: [{ product_id: 999999 }] },
      ]) {
        expect((await call(sb, 'POST', '/v3/wishlists', { body })).status).toBe(422);
      }
      expect((await call(sb, 'PUT', `/v3/wishlists/${w.id}`, { body: { customer_id: 3 } })).status).toBe(422);
    });
  });
});
