import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

import type { PluginConfig } from '../config/schema';
import { PLUGIN_ID } from '../utils/plugin-id';

export type TokenKind = 'customer' | 'cart';

export interface CustomerSession {
  customerId: number;
  channelId: number;
  email: string;
}

export interface CartHandle {
  cartId: string;
  /** The customer the cart belongs to; 0 for a guest's cart. */
  ownerId: number;
}

const LIFETIME: Record<TokenKind, string> = { customer: '2h', cart: '30d' };
const AUDIENCE = 'strapi-plugin-bigcommerce';

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

  const sign = (kind: TokenKind, subject: string, claims: Record<string, unknown>) =>
    new SignJWT({ ...claims, kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(LIFETIME[kind])
      .sign(keys()[0]);

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
    signCustomer: (value: CustomerSession) => sign('customer', String(value.customerId), { ch: value.channelId, email: value.email }),

    async verifyCustomer(token: string | undefined): Promise<CustomerSession | null> {
      if (!token) return null;
      const payload = await verify('customer', token);
      if (!payload?.sub) return null;
      return { customerId: Number(payload.sub), channelId: Number(payload.ch), email: String(payload.email ?? '') };
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
