// HS256 JSON Web Tokens with node:crypto: the Customer Login JWT the sandbox verifies (signed by
// the API account's client secret) and the tokens it issues itself (payment access tokens,
// GraphQL Storefront tokens).
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export type JwtCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'malformed' | 'bad_signature'; payload?: Record<string, unknown> };

/** Checks the shape and the HS256 signature only; claims are the caller's business. */
export function verifyJwt(token: string, secret: string): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: 'malformed' };
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: 'malformed' };
  }
  // Only HS256: `none` and every other algorithm are refused, whatever the header says.
  if ((header as Record<string, unknown>).alg !== 'HS256') return { ok: false, reason: 'bad_signature' };
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  const claims = payload as Record<string, unknown>;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature', payload: claims };
  return { ok: true, payload: claims };
}
