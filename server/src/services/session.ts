import { createSecretKey, hkdfSync, randomUUID, type KeyObject } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Knex } from 'knex';

import type { PluginConfig } from '../config/schema';
import { createDocumentId } from '../utils/document-id';
import { PLUGIN_ID } from '../utils/plugin-id';

export type TokenKind = 'customer' | 'cart';

export interface CustomerSession {
  customerId: number;
  channelId: number;
  email: string;
  /** The token's `jti`: what logout revokes. */
  sessionId: string;
  /** When the token was signed, in ms (a "sessions end before" mark voids tokens signed up to it). */
  issuedAt: number;
  /** When the token expires, in ms: a revocation is kept until then. */
  expiresAt: number;
}

/** What a new customer session is made from. */
export type NewCustomerSession = Pick<CustomerSession, 'customerId' | 'channelId' | 'email'>;

export interface CartHandle {
  cartId: string;
  /** The customer the cart belongs to; 0 for a guest's cart. */
  ownerId: number;
}

/** Token lifetimes in seconds; a customer session is also revocable (logout, admin, password change). */
export const LIFETIME: Record<TokenKind, number> = { customer: 2 * 3600, cart: 30 * 24 * 3600 };
const AUDIENCE = 'strapi-plugin-bigcommerce';
const REVOCATION_UID = `plugin::${PLUGIN_ID}.session-revocation`;
/** Revocation rows: one per ended session (`s:<jti>`) and one per customer whose sessions all ended (`c:<id>`). */
const sessionKey = (sessionId: string) => `s:${sessionId}`;
const customerKey = (customerId: number) => `c:${customerId}`;

/**
 * The plugin's own signed tokens (jose, HS256): a shopper's session after BigCommerce validated the
 * password, and a handle on a cart. Never a BigCommerce credential. The first configured secret signs,
 * every configured secret verifies, so keys rotate without logging everyone out.
 */
const session = ({ strapi }: { strapi: Core.Strapi }) => {
  // Node key objects, built on first use (the configuration is fixed while the server runs): jose would
  // import a raw byte key again on every call.
  let built: KeyObject[] | undefined;
  const keys = (): KeyObject[] => {
    if (built) return built;
    const configured = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).sessionSecrets;
    const appKeys = (strapi.config.get('server.app.keys') as string[] | undefined) ?? [];
    let secrets: Buffer[];
    if (configured.length) secrets = configured.map((secret) => Buffer.from(secret, 'utf8'));
    else {
      // Out of the box: a key derived from the app's own keys, distinct from anything Strapi signs.
      if (!appKeys.length) throw new Error('Set BIGCOMMERCE_SESSION_SECRETS (or the app keys) to sign shopper sessions');
      secrets = [Buffer.from(hkdfSync('sha256', appKeys.join(','), PLUGIN_ID, 'shopper-session', 32))];
    }
    built = secrets.map((secret) => createSecretKey(secret));
    return built;
  };

  const sign = (kind: TokenKind, subject: string, claims: Record<string, unknown>, jti?: string) => {
    const now = Date.now();
    const jwt = new SignJWT({ ...claims, kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setAudience(AUDIENCE)
      // In ms precision (a JWT NumericDate may be fractional): a login in the same second as an
      // "end all sessions" must stay valid.
      .setIssuedAt(now / 1000)
      .setExpirationTime(Math.floor(now / 1000) + LIFETIME[kind]);
    if (jti) jwt.setJti(jti);
    return jwt.sign(keys()[0]);
  };

  const revocations = () => {
    const { tableName } = strapi.db.metadata.get(REVOCATION_UID) as unknown as { tableName: string };
    return (strapi.db.connection as unknown as Knex)(tableName);
  };

  /**
   * One indexed read (the unique key) per customer request, on every node: the database, not this
   * process, knows whether a session was ended, so no node can honour a token another node revoked.
   */
  const isRevoked = async (value: CustomerSession): Promise<boolean> => {
    const rows: Array<{ key: string; not_before: string | number | null }> = await revocations()
      .select('key', 'not_before')
      .whereIn('key', [sessionKey(value.sessionId), customerKey(value.customerId)]);
    return rows.some((row) => row.key.startsWith('s:') || value.issuedAt <= Number(row.not_before ?? 0));
  };

  /** Writes (or moves forward) a revocation row, and drops rows whose tokens have all expired. */
  const writeRevocation = async (key: string, customerId: number, expiresAt: number, notBefore: number | null) => {
    const now = new Date();
    await revocations().where('expires_at', '<', now.getTime()).delete();
    await revocations()
      .insert({
        key,
        customer_id: customerId,
        not_before: notBefore,
        expires_at: expiresAt,
        document_id: createDocumentId(),
        created_at: now,
        updated_at: now,
        published_at: now,
        locale: null,
      })
      .onConflict('key')
      .merge(['not_before', 'expires_at', 'updated_at']);
  };

  // A shopper sends the same tokens on every request: each is verified once, then taken from here
  // until it expires.
  const verified = new Map<string, JWTPayload>();
  const VERIFIED_MAX = 10_000;

  const verify = async (kind: TokenKind, token: string): Promise<JWTPayload | null> => {
    const known = verified.get(token);
    if (known && (known.exp ?? 0) * 1000 > Date.now()) return known.kind === kind ? known : null;
    const payload = await verifyWith(keys(), kind, token);
    if (payload) {
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
      verified.set(token, payload);
    }
    return payload;
  };

  const verifyWith = async (candidates: KeyObject[], kind: TokenKind, token: string): Promise<JWTPayload | null> => {
    for (const key of candidates) {
      try {
        const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, algorithms: ['HS256'] });
        return payload.kind === kind ? payload : null;
      } catch (error) {
        // Another key may have signed it (rotation); anything else is simply not a valid token.
        if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
        return null;
      }
    }
    return null;
  };

  return {
    signCustomer: (value: NewCustomerSession) => sign('customer', String(value.customerId), { ch: value.channelId, email: value.email }, randomUUID()),

    /**
     * The customer of a valid, unrevoked session token. The verified-token memory above only spares the
     * signature check: the revocation read runs on every call, so it cannot bring an ended session back.
     */
    async verifyCustomer(token: string | undefined): Promise<CustomerSession | null> {
      if (!token) return null;
      const payload = await verify('customer', token);
      // A token without a session id (signed before sessions were revocable) cannot be ended: refused.
      if (!payload?.sub || !payload.jti || payload.iat === undefined || payload.exp === undefined) return null;
      const value: CustomerSession = {
        customerId: Number(payload.sub),
        channelId: Number(payload.ch),
        email: String(payload.email ?? ''),
        sessionId: payload.jti,
        issuedAt: payload.iat * 1000,
        expiresAt: payload.exp * 1000,
      };
      return (await isRevoked(value)) ? null : value;
    },

    /** Ends one session (logout) on every node, until its token would have expired anyway. */
    async revokeSession(value: CustomerSession): Promise<void> {
      await writeRevocation(sessionKey(value.sessionId), value.customerId, value.expiresAt, null);
    },

    /**
     * Ends every session of a customer signed up to now, on every node (admin action; call it too when a
     * password changes). Sessions started afterwards are valid. The mark lives as long as a session can.
     */
    async revokeCustomerSessions(customerId: number): Promise<void> {
      const now = Date.now();
      await writeRevocation(customerKey(customerId), customerId, now + LIFETIME.customer * 1000, now);
    },

    signCart: (value: CartHandle) => sign('cart', value.cartId, { own: value.ownerId }),

    async verifyCart(token: string | undefined): Promise<CartHandle | null> {
      if (!token) return null;
      const payload = await verify('cart', token);
      if (!payload?.sub) return null;
      return { cartId: payload.sub, ownerId: Number(payload.own ?? 0) };
    },
  };
};

export default session;
export type SessionService = ReturnType<typeof session>;
