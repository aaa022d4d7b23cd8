import type { Core } from '@strapi/strapi';

import session from '../../server/src/services/session';

/** The session service over a config with these shopper-session secrets (the first signs). */
const withSecrets = (secrets: string[]) => {
  const config: Record<string, unknown> = { 'plugin::bigcommerce': { sessionSecrets: secrets }, 'server.app.keys': ['app-key-a', 'app-key-b'] };
  return session({ strapi: { config: { get: (key: string) => config[key] } } as unknown as Core.Strapi });
};

describe('shopper session tokens', () => {
  it('verifies with any configured secret, so keys rotate; never with a secret no longer listed', async () => {
    const token = await withSecrets(['old-secret']).signCart({ cartId: 'c1', ownerId: 7 });
    const rotated = withSecrets(['new-secret', 'old-secret']);
    expect(await rotated.verifyCart(token)).toEqual({ cartId: 'c1', ownerId: 7 });
    expect(await rotated.verifyCart(token)).toEqual({ cartId: 'c1', ownerId: 7 }); // the second time from memory
    expect(await withSecrets(['new-secret']).verifyCart(token)).toBeNull();
  });

  it('refuses a token of the other kind or a tampered one, also after a valid use', async () => {
    const keys = withSecrets(['s1']);
    const cart = await keys.signCart({ cartId: 'c2', ownerId: 0 });
    expect(await keys.verifyCart(cart)).toEqual({ cartId: 'c2', ownerId: 0 });
    expect(await keys.verifyCustomer(cart)).toBeNull();
    const [header, payload, signature] = cart.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), own: 9 })).toString('base64url');
    expect(await keys.verifyCart(`${header}.${forged}.${signature}`)).toBeNull();
  });

  it('derives a key from the app keys when no secret is configured', async () => {
    const keys = withSecrets([]);
    // A cart handle: a customer session also needs the database (revocations), covered by the integration tests.
    const token = await keys.signCart({ cartId: 'c3', ownerId: 3 });
    expect(await keys.verifyCart(token)).toEqual({ cartId: 'c3', ownerId: 3 });
    expect(await withSecrets(['other']).verifyCart(token)).toBeNull();
  });
});
