import request from 'supertest';

import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from './catalog';
import { bootStrapi, sandboxEnv, type TestApp, type TestDatabase } from './strapi';

/** A US address BigCommerce's checkout accepts (billing and shipping). */
export const ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  address1: '1 Analytical Way',
  city: 'Austin',
  stateOrProvince: 'Texas',
  stateOrProvinceCode: 'TX',
  countryCode: 'US',
  postalCode: '78701',
  phone: '+15125550100',
};

export interface Sellable {
  bigcommerceId: number;
  variantId: number;
}

export const cartItem = (p: Sellable, quantity = 1) => ({ productId: p.bigcommerceId, variantId: p.variantId, quantity });

/** The test card the checkout tests pay with unless they pass their own. */
export const CARD = {
  type: 'card',
  number: '4111111111111111',
  cardholder_name: 'Ada Lovelace',
  expiry_month: 12,
  expiry_year: 2030,
  verification_value: '123',
};

/** What the browser does with the payment access token: the card goes to BigCommerce, not to Strapi. */
export const payAtBigCommerce = async (payment: { paymentAccessToken: string; paymentsUrl: string; methods: { id: string }[] }, instrument: object = CARD) => {
  const paid = await request(payment.paymentsUrl.replace(/\/payments$/, ''))
    .post('/payments')
    .set({ Authorization: `PAT ${payment.paymentAccessToken}`, Accept: 'application/vnd.bc.v1+json' })
    .send({ payment: { instrument, payment_method_id: payment.methods[0].id } });
  expect(paid.status).toBe(201);
};

/** The environment of a Strapi serving the sandbox's storefront (payments and Customer Login JWTs included). */
export const storefrontEnv = (sandbox: Sandbox) => ({
  ...sandboxEnv(sandbox),
  BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
  BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
  BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
});

/**
 * The shopper routes' test stack: a sandbox store whose storefront site is where login JWTs land, a
 * synced Strapi with the API account's client credentials, and two sellable products (no stock limit).
 */
export const startStorefront = async (
  env: Record<string, string> = {},
  options: { listen?: boolean; database?: TestDatabase } = {}
): Promise<{ sandbox: Sandbox; app: TestApp; product: Sellable; other: Sellable }> => {
  const sandbox = await startSandbox({ products: 80, seed: 4, rateLimit: false });
  const app = await bootStrapi({ env: { ...storefrontEnv(sandbox), ...env }, database: options.database, listen: options.listen });
  // The sandbox serves /login/token/{jwt} at its own origin: the storefront's site.
  await (await app.strapi.plugin('bigcommerce').service('client').get()).channels.updateSite(1, sandbox.storefrontUrl);
  const run = await sync(app.strapi, 'full');
  if (run.status !== 'succeeded') throw new Error(`the catalog sync ${run.status}`);
  const [product, other] = [...sandbox.catalog.products.values()]
    .filter((p) => p.channels.includes(1) && p.is_visible && p.inventory_tracking === 'none')
    .map((p) => ({ bigcommerceId: p.id, variantId: sandbox.catalog.variantsOf(p).find((v) => !v.purchasing_disabled)!.id }));
  return { sandbox, app, product, other };
};
