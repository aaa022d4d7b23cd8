// The sandbox's embedded checkout, as checkout-sdk's embedCheckout meets it: the page at
// embedded_checkout_url shows the cart and posts FRAME_LOADED to its parent; the cookie round trip
// (/embedded-checkout/allow-cookie) returns to the storefront. The browser test drives the real SDK.
import { startSandbox, type Sandbox } from '../sandbox';
import { call } from './support';

describe('sandbox embedded checkout page', () => {
  let sb: Sandbox;

  beforeAll(async () => {
    sb = await startSandbox({ products: 40, seed: 3, rateLimit: false });
  });

  afterAll(async () => {
    await sb?.close();
  });

  /** Channel 1's site is a made-up store domain: the same page at the sandbox's own origin. */
  const atSandbox = (url: string) => sb.storefrontUrl + url.slice(new URL(url).origin.length);

  it('lists the cart and its total, and tells the parent window it loaded', async () => {
    const product = [...sb.catalog.products.values()].find(
      (p) => p.channels.includes(1) && p.inventory_tracking === 'none' && sb.catalog.variantCount(p) === 1
    )!;
    const created = await call(sb, 'POST', '/v3/carts?include=redirect_urls', { body: { line_items: [{ product_id: product.id, quantity: 2 }] } });
    expect(created.status).toBe(201);
    const cart = created.body.data;
    const page = await fetch(atSandbox(cart.redirect_urls.embedded_checkout_url), { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Embedded checkout</h1>');
    expect(html).toContain(`2 × ${product.name}`);
    expect(html).toContain(`Cart total: ${cart.cart_amount.toFixed(2)} ${cart.currency.code}`);
    expect(html).toMatch(/window\.parent\.postMessage\(\{ type: 'FRAME_LOADED' \}/);
    // The hosted checkout page is no frame: no message to a parent.
    const hosted = await (await fetch(atSandbox(cart.redirect_urls.checkout_url), { redirect: 'manual' })).text();
    expect(hosted).not.toContain('FRAME_LOADED');
  });

  it('sends the shopper straight back from the allow-cookie page, and wants a returnUrl', async () => {
    const back = 'http://127.0.0.1:1337/storefront/#/checkout/embedded';
    const res = await fetch(`${sb.storefrontUrl}/embedded-checkout/allow-cookie?returnUrl=${encodeURIComponent(back)}`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([302, back]);
    expect((await fetch(`${sb.storefrontUrl}/embedded-checkout/allow-cookie`, { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(`${sb.storefrontUrl}/embedded-checkout/allow-cookie?returnUrl=javascript:alert(1)`, { redirect: 'manual' })).status).toBe(400);
  });
});
