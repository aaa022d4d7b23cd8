// GraphQL Storefront API tokens (storefront, customer impersonation and private).
import { randomUUID } from 'node:crypto';
import { invalid } from '../errors';
import { signJwt, verifyJwt } from '../jwt';
import type { StorefrontToken } from '../types';
import { isHttpUrl, requireObject } from './fields';
import type { SandboxStore } from '.';

export class StorefrontTokenStore {
  readonly storefrontTokens = new Map<string, StorefrontToken>();

  constructor(private readonly store: SandboxStore) {}

  createStorefrontToken(kind: StorefrontToken['kind'], raw: unknown): string {
    const b = requireObject(raw);
    const errors: Record<string, string> = {};
    const nowS = Math.floor(this.store.now() / 1000);
    if (!Number.isInteger(b.expires_at) || (b.expires_at as number) < 0) errors.expires_at = 'expires_at is required (unix seconds).';
    else if ((b.expires_at as number) <= nowS) errors.expires_at = 'expires_at must be in the future.';
    const hasOne = b.channel_id !== undefined;
    const hasMany = b.channel_ids !== undefined;
    let channels: number[] = [];
    if (hasOne === hasMany) errors.channel_id = 'Send exactly one of channel_id and channel_ids.';
    else if (hasOne) {
      if (!Number.isInteger(b.channel_id) || !this.store.channels.channels.has(b.channel_id as number))
        errors.channel_id = `Channel ${String(b.channel_id)} does not exist.`;
      else channels = [b.channel_id as number];
    } else if (
      !Array.isArray(b.channel_ids) ||
      b.channel_ids.length === 0 ||
      b.channel_ids.some((c) => !Number.isInteger(c) || !this.store.channels.channels.has(c as number))
    ) {
      errors.channel_ids = 'channel_ids must be a non-empty array of existing channel ids.';
    } else channels = b.channel_ids as number[];
    let cors: string[] = [];
    if (b.allowed_cors_origins !== undefined) {
      if (kind !== 'storefront') errors.allowed_cors_origins = 'Only storefront tokens take allowed_cors_origins.';
      else if (
        !Array.isArray(b.allowed_cors_origins) ||
        b.allowed_cors_origins.length > 2 ||
        b.allowed_cors_origins.some((o) => !isHttpUrl(o) || new URL(o as string).origin !== (o as string).replace(/\/$/, ''))
      ) {
        errors.allowed_cors_origins = 'allowed_cors_origins takes at most 2 origins such as https://shop.example.com.';
      } else cors = b.allowed_cors_origins as string[];
    }
    let scopes: string[] = [];
    if (kind === 'private') {
      const allowed = ['Unauthenticated', 'Customer', 'B2B'];
      if (!Array.isArray(b.scopes) || b.scopes.length === 0 || b.scopes.some((s) => !allowed.includes(s as string)))
        errors.scopes = `scopes must list at least one of ${allowed.join(', ')}.`;
      else scopes = b.scopes as string[];
    }
    if (Object.keys(errors).length) throw invalid(errors, 'Invalid JSON request body - missing or invalid data.');
    const jti = randomUUID();
    const tokenType = { storefront: 1, customer_impersonation: 2, private: 3 }[kind];
    const token = signJwt(
      {
        cid: channels,
        cors,
        eat: b.expires_at,
        iat: nowS,
        iss: 'BC',
        jti,
        sid: this.store.storeId,
        sub: this.store.clientId,
        sub_type: 2,
        token_type: tokenType,
        ...(scopes.length ? { scopes } : {}),
      },
      this.store.signingKey
    );
    this.storefrontTokens.set(jti, {
      jti,
      kind,
      channel_ids: channels,
      expires_at: (b.expires_at as number) * 1000,
      allowed_cors_origins: cors,
      scopes,
      revoked: false,
    });
    return token;
  }

  /** A valid, unrevoked, unexpired token issued by this store (for a future GraphQL endpoint and tests). */
  verifyStorefrontToken(token: string): StorefrontToken | undefined {
    const check = verifyJwt(token, this.store.signingKey);
    const rec = check.ok && typeof check.payload.jti === 'string' ? this.storefrontTokens.get(check.payload.jti) : undefined;
    if (!rec || rec.revoked || rec.expires_at <= this.store.now()) return undefined;
    return rec;
  }

  revokeStorefrontToken(token: string | undefined): void {
    if (!token) throw invalid({ 'Sf-Api-Token': 'The Sf-Api-Token header is required.' });
    const check = verifyJwt(token, this.store.signingKey);
    const rec = check.ok && typeof check.payload.jti === 'string' ? this.storefrontTokens.get(check.payload.jti) : undefined;
    if (!rec || rec.kind === 'customer_impersonation') throw invalid({ 'Sf-Api-Token': 'Not a storefront or private token of this store.' });
    rec.revoked = true;
  }
}
