import { hkdfSync } from 'node:crypto';

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
  const keys = (): Uint8Array[] => {
    const configured = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).sessionSecrets;
    if (configured.length) return configured.map((secret) => new TextEncoder().encode(secret));
    // Out of the box: a key derived from the app's own keys, distinct from anything Strapi signs.
    const appKeys = (strapi.config.get('server.app.keys') as string[] | undefined) ?? [];
    if (!appKeys.length) throw new Error('Set BIGCOMMERCE_SESSION_SECRETS (or the app keys) to sign shopper sessions');
    return [new Uint8Array(hkdfSync('sha256', appKeys.join(','), PLUGIN_ID, 'shopper-session', 32))];
  };

  const sign = (kind: TokenKind, subject: string, claims: Record<string, unknown>) =>
    new SignJWT({ ...claims, kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(LIFETIME[kind])
      .sign(keys()[0]);

  const verify = async (kind: TokenKind, token: string): Promise<JWTPayload | null> => {
    for (const key of keys()) {
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
