import { randomUUID } from 'node:crypto';

import { SignJWT } from 'jose';

/** Claims of BigCommerce's Customer Login JWT (customer-login.mdx; customer_login.yml). */
export interface CustomerLoginClaims {
  customerId: number;
  channelId: number;
  /** Relative path, or the channel's checkout / embedded checkout URL. */
  redirectTo?: string;
  requestIp?: string;
}

export interface LoginTokenOptions {
  clientId: string;
  clientSecret: string;
  storeHash: string;
  /** Unix seconds on BigCommerce's clock: the token is valid 30 s from `iat`. */
  now: number;
}

/**
 * Signs the Customer Login JWT (HS256 with the API account's client secret) that lands a shopper
 * logged in on the storefront: `https://{storefront}/login/token/{jwt}`. Each token works once.
 */
export const signCustomerLoginToken = async (claims: CustomerLoginClaims, options: LoginTokenOptions): Promise<string> =>
  new SignJWT({
    operation: 'customer_login',
    store_hash: options.storeHash,
    customer_id: claims.customerId,
    channel_id: claims.channelId,
    ...(claims.redirectTo ? { redirect_to: claims.redirectTo } : {}),
    ...(claims.requestIp ? { request_ip: claims.requestIp } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.clientId)
    .setIssuedAt(options.now)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(options.clientSecret));
