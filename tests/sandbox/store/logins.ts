// Customer Login (SSO): single-use JWTs on the storefront origin, and the sessions they open.
import { randomBytes } from 'node:crypto';
import { verifyJwt } from '../jwt';
import type { LoginRecord, StorefrontSession } from '../types';
import { isHttpUrl } from './fields';
import type { SandboxStore } from '.';

/** The Customer Login JWT is valid 30 s from `iat`, with a few seconds of clock skew either way. */
export const LOGIN_TOKEN_TTL_S = 30;
export const LOGIN_CLOCK_SKEW_S = 5;

export class LoginStore {
  readonly logins: LoginRecord[] = [];
  readonly sessions = new Map<string, StorefrontSession>();
  private readonly usedLoginJtis = new Set<string>();

  constructor(private readonly store: SandboxStore) {}

  /** Is `url` a place a login may land: a relative path, or the channel's storefront or checkout origin? */
  private redirectAllowed(url: string, channelId: number): boolean {
    if (url.startsWith('/')) return !url.startsWith('//') && !url.startsWith('/\\');
    if (!isHttpUrl(url)) return false;
    const origin = new URL(url).origin;
    const site = this.store.sites.siteOfChannel(channelId);
    const allowed = [this.store.origin, site?.url, site?.checkout_url].filter((u): u is string => !!u).map((u) => new URL(u).origin);
    return allowed.includes(origin);
  }

  /**
   * GET /login/token/{jwt} on the storefront origin. Verifies the HS256 signature with the API
   * account's client secret and the claims of customer-login.mdx; the token works once.
   */
  loginWithToken(jwt: string, ip: string): { ok: true; location: string; session: StorefrontSession } | { ok: false; reason: string } {
    const record: LoginRecord = { at: this.store.now(), ok: false, ip };
    const fail = (reason: string): { ok: false; reason: string } => {
      record.reason = reason;
      this.logins.push(record);
      return { ok: false, reason };
    };
    const check = verifyJwt(jwt, this.store.clientSecret);
    if (!check.ok) return fail(check.reason);
    const c = check.payload;
    if (typeof c.jti === 'string') record.jti = c.jti;
    if (Number.isInteger(c.customer_id)) record.customer_id = c.customer_id as number;
    if (c.iss !== this.store.clientId) return fail('wrong_issuer');
    if (typeof c.jti !== 'string' || !c.jti) return fail('malformed');
    // Each token works once, whatever happens next.
    if (this.usedLoginJtis.has(c.jti)) return fail('replayed');
    this.usedLoginJtis.add(c.jti);
    if (c.operation !== 'customer_login') return fail('wrong_operation');
    if (c.store_hash !== this.store.storeHash) return fail('wrong_store');
    if (!Number.isInteger(c.iat)) return fail('malformed');
    const nowS = this.store.now() / 1000;
    if ((c.iat as number) > nowS + LOGIN_CLOCK_SKEW_S) return fail('issued_in_future');
    if ((c.iat as number) < nowS - LOGIN_TOKEN_TTL_S - LOGIN_CLOCK_SKEW_S) return fail('expired');
    const channelId = c.channel_id === undefined ? 1 : c.channel_id;
    if (!Number.isInteger(channelId) || !this.store.channels.channels.has(channelId as number)) return fail('unknown_channel');
    record.channel_id = channelId as number;
    const customer = Number.isInteger(c.customer_id) ? this.store.customers.customers.get(c.customer_id as number) : undefined;
    if (!customer) return fail('unknown_customer');
    if (!this.store.customers.canLogIn(customer, channelId as number)) return fail('channel_denied');
    if (c.request_ip !== undefined && c.request_ip !== ip) return fail('ip_mismatch');
    const redirect = c.redirect_to === undefined ? '/account.php' : c.redirect_to;
    if (typeof redirect !== 'string' || !this.redirectAllowed(redirect, channelId as number)) return fail('bad_redirect');
    record.redirect_to = redirect;
    const session: StorefrontSession = {
      token: randomBytes(24).toString('hex'),
      customer_id: customer.id,
      channel_id: channelId as number,
      created_at: this.store.now(),
    };
    this.sessions.set(session.token, session);
    record.ok = true;
    record.session = session.token;
    this.logins.push(record);
    return { ok: true, location: redirect, session };
  }
}
