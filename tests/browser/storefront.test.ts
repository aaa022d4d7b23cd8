/**
 * The reference storefront (tests/storefront) end to end, in headless Chromium against the demo stack:
 * what a shopper does — browse, filter, search, pick a variant, fill the cart, sign in, check out with
 * two addresses and a shipping option, then pay in BigCommerce's embedded checkout. Each step is
 * screenshotted under tests/output/screenshots/storefront.
 */
import path from 'node:path';

import type { Page } from 'puppeteer-core';

import type { DemoStack } from '../demo/stack';
import { SEED_PASSWORD } from '../sandbox';
import { launchBrowser, screenshot, SCREENSHOT_DIR, waitForText } from './lib/admin';
import { startBrowserStack } from './lib/stack';

const SHOTS = path.join(SCREENSHOT_DIR, 'storefront');
const money = (amount: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount);

interface Variant {
  id: number;
  sku: string;
  calculatedPrice: number;
  inventoryLevel: number;
  purchasingDisabled: boolean;
  optionValues: { option: string; label: string }[];
}
interface Product {
  slug: string;
  name: string;
  inventoryTracking: string;
  variants: Variant[];
  categories: { slug: string }[];
  images?: unknown[];
}

describe('reference storefront in a real browser', () => {
  let stack: DemoStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const shot = (name: string) => screenshot(page, name, SHOTS);
  const api = async <T>(apiPath: string): Promise<T> => {
    const res = await fetch(`${stack.url}/api/bigcommerce${apiPath}`);
    if (!res.ok) throw new Error(`GET ${apiPath} -> ${res.status}`);
    return (await res.json()) as T;
  };
  /** What BigCommerce (the sandbox) has, read with the store's token. */
  const bigcommerce = async <T>(apiPath: string): Promise<T> => {
    const res = await fetch(`${stack.sandbox.apiBase}/v3${apiPath}`, { headers: { 'X-Auth-Token': stack.sandbox.accessToken, Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${apiPath} -> ${res.status}`);
    return ((await res.json()) as { data: T }).data;
  };
  const text = (selector: string) => page.$eval(selector, (element) => (element as HTMLElement).innerText);
  /** Replaces a form field's value as a user would. */
  const fill = async (selector: string, value: string) => {
    await page.click(selector, { count: 3 });
    await page.keyboard.press('Backspace');
    await page.type(selector, value);
  };
  /** The shopper's cart id, read in the page through the plugin's cookie. */
  const cartId = () => page.evaluate(async () => ((await (await fetch('/api/bigcommerce/cart')).json()) as { data: { id: string } }).data.id);

  beforeAll(async () => {
    stack = await startBrowserStack({ products: 80, email: 'storefront@example.com', password: 'Storefront-Passw0rd' });
    const sync = stack.strapi.plugin('bigcommerce').service('sync');
    await sync.start({ kind: 'full', trigger: 'api' });
    const run = await sync.waitForIdle();
    expect(run?.status).toBe('succeeded');
    browser = await launchBrowser();
    page = await browser.browser.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('browses, fills the cart, signs in, checks out, opens the embedded checkout, signs out and registers', async () => {
    // A product with several variants in stock and a category, chosen from what the API serves.
    const listed = await api<{ data: { slug: string }[] }>('/products?pageSize=100&sort=name:asc');
    let product: Product | undefined;
    let variant: Variant | undefined;
    for (const { slug } of listed.data) {
      const one = (await api<{ data: Product }>(`/products/${slug}?live=true&populate=categories`)).data;
      const choice = one.variants.slice(1).find((v) => v.inventoryLevel > 0 && !v.purchasingDisabled);
      if (one.inventoryTracking === 'variant' && one.categories.length && choice) [product, variant] = [one, choice];
      if (product) break;
    }
    if (!product || !variant) throw new Error('the seeded catalog has no product with variants in stock');
    const category = product.categories[0].slug;
    const inCategory = (await api<{ meta: { pagination: { total: number } } }>(`/products?category=${category}`)).meta.pagination.total;
    const all = (await api<{ meta: { pagination: { total: number } } }>('/products')).meta.pagination.total;
    expect(inCategory).toBeLessThan(all);

    // Browse: the listing, then one category, then a search within it.
    await page.goto(stack.storefrontUrl, { waitUntil: 'networkidle0' });
    await page.waitForSelector('body[data-ready] #products .card');
    expect(await text('#result-count')).toBe(`${all} products`);
    // The cards show the products' pictures (the demo's sandbox serves the store's images): those in view load, none breaks.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#products .card img')).some((image) => (image as HTMLImageElement).naturalWidth > 0)
    );
    const pictures = await page.$$eval('#products .card img', (images) => ({
      loaded: images.filter((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0).length,
      broken: images.filter((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth === 0).length,
    }));
    expect(pictures.loaded).toBeGreaterThan(0);
    expect(pictures.broken).toBe(0);
    await shot('1-listing');
    await page.select('select[name="category"]', category);
    await page.waitForFunction((expected: string) => document.querySelector('#result-count')?.textContent === expected, {}, `${inCategory} products`);
    await shot('2-category');
    await fill('input[name="q"]', product.name);
    await page.click('#filters button[type="submit"]');
    await page.waitForSelector(`#products .card[data-slug="${product.slug}"]`);
    expect(page.url()).toContain(`category=${category}`);
    await shot('3-search');

    // The product page: pick a variant, its live price and stock show.
    await page.click(`#products .card[data-slug="${product.slug}"]`);
    // The product page itself: the name alone is already on the search results' card.
    await page.waitForSelector('#live-source');
    expect(await text('article.product h1')).toBe(product.name);
    expect(await text('#live-source')).toMatch(/live|cache/);
    await page.select('select[name="variant"]', String(variant.id));
    expect(await text('#price')).toBe(money(variant.calculatedPrice));
    expect(await text('#stock')).toBe(`${variant.inventoryLevel} in stock`);
    if (product.images?.length) {
      await page.waitForFunction(
        (alt: string) => {
          const image = Array.from(document.querySelectorAll('img')).find((element) => element.alt === alt);
          return image?.complete === true;
        },
        {},
        product.name
      );
      expect(
        await page.$$eval('img', (images, alt) => images.filter((image) => image.alt === alt).map((image) => image.naturalWidth > 0), product.name)
      ).toEqual([true]);
    }
    await shot('4-product');

    // Add to cart: the drawer opens with the variant.
    await page.click('#add-to-cart');
    await page.waitForSelector('#cart-drawer:not([hidden]) .cart-items li');
    const drawer = await text('#cart-drawer');
    expect(drawer).toContain(product.name);
    expect(drawer).toContain(`SKU ${variant.sku}`);
    expect(await text('#cart-button')).toBe('Cart (1)');
    await shot('5-cart-drawer');
    // Change the quantity, then remove the line (the cart is gone), then add it again.
    await fill('#cart-drawer .cart-items input[type="number"]', '2');
    await page.click('#cart-drawer .cart-items button:nth-of-type(1)');
    await page.waitForFunction(() => document.querySelector('#cart-button')?.textContent === 'Cart (2)');
    expect(await text('#cart-total')).toBe(money(2 * variant.calculatedPrice));
    await shot('5b-cart-quantity');
    await page.click('#cart-drawer .cart-items button:nth-of-type(2)');
    await page.waitForFunction(() => document.querySelector('#cart-button')?.textContent === 'Cart (0)');
    expect(await text('#cart-drawer')).toContain('Your cart is empty.');
    await page.click('#add-to-cart');
    await page.waitForFunction(() => document.querySelector('#cart-button')?.textContent === 'Cart (1)');
    const guestCart = await cartId();

    // Sign in as a seeded shopper: the cart is kept.
    await page.click('#cart-drawer header button');
    await page.goto(`${stack.storefrontUrl}#/account`);
    await page.waitForSelector('#login-form');
    await page.type('#login-form input[name="email"]', 'shopper1@example.com');
    await page.type('#login-form input[name="password"]', SEED_PASSWORD);
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#signed-in');
    expect(await text('#signed-in')).toContain('shopper1@example.com');
    expect(await text('#cart-button')).toBe('Cart (1)');
    expect(await cartId()).toBe(guestCart);
    await shot('6-signed-in');

    // Checkout: billing address, then a shipping address.
    await page.goto(`${stack.storefrontUrl}#/checkout`);
    await page.waitForSelector('#billing');
    const address: Record<string, string> = {
      address1: '1 Analytical Way',
      city: 'Austin',
      stateOrProvince: 'Texas',
      stateOrProvinceCode: 'TX',
      postalCode: '78701',
      countryCode: 'US',
      phone: '+15125550100',
    };
    for (const [name, value] of Object.entries(address)) await fill(`#billing input[name="${name}"]`, value);
    await page.click('#billing button[type="submit"]');
    await waitForText(page, 'Billing address saved');
    await page.click('#shipping button[type="submit"]');
    await page.waitForSelector('#ship-to');
    expect(await text('#ship-to')).toContain('Austin');
    await shot('7-shipping-address');

    // Change the shipping address: the consignment moves at BigCommerce.
    await fill('#shipping input[name="city"]', 'Dallas');
    await fill('#shipping input[name="postalCode"]', '75201');
    await page.click('#shipping button[type="submit"]');
    await waitForText(page, 'Shipping address changed');
    expect(await text('#ship-to')).toContain('Dallas');
    const cart = await cartId();
    const atBigCommerce = await bigcommerce<{ consignments: { address: { city: string } }[]; billing_address: { city: string } }>(`/checkouts/${cart}`);
    expect(atBigCommerce.consignments.map((c) => c.address.city)).toEqual(['Dallas']);
    expect(atBigCommerce.billing_address.city).toBe('Austin');

    // A shipping option, then the ways to pay.
    await page.click('#shipping-options input[type="radio"]');
    await page.waitForSelector('#hosted-checkout[href]');
    const hosted = await page.$eval('#hosted-checkout', (link) => (link as HTMLAnchorElement).href);
    const checkoutUrl = new URL(hosted);
    expect(checkoutUrl.origin + checkoutUrl.pathname).toBe(`${stack.sandbox.url}/cart.php`);
    expect(Object.fromEntries(checkoutUrl.searchParams)).toEqual({ action: 'loadInCheckout', id: cart, token: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await shot('8-shipping-option');

    // The embedded checkout: checkout-sdk's embedCheckout resolves once the sandbox's checkout page
    // says it loaded; that page shows this cart and its total.
    const total = (await bigcommerce<{ cart_amount: number }>(`/carts/${cart}`)).cart_amount;
    // A first embed sends the page to BigCommerce to allow its cookies, and back: the storefront resumes.
    const navigations: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations.push(request.url());
    });
    await page.click('#embed-checkout');
    await page.waitForSelector('#embed-status[data-embed="loaded"]', { timeout: 60_000 });
    expect(navigations.some((url) => url.startsWith(`${stack.sandbox.url}/embedded-checkout/allow-cookie?returnUrl=`))).toBe(true);
    expect(page.url()).toBe(`${stack.storefrontUrl}#/checkout/embedded`);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(`${stack.sandbox.url}/cart.php`) && candidate.url().includes('embedded=1'));
    expect(frame).toBeDefined();
    const inFrame = await frame!.evaluate(() => document.body.innerText);
    expect(inFrame).toContain('Embedded checkout');
    expect(inFrame).toContain(`Cart total: ${total.toFixed(2)} USD`);
    expect(inFrame).toContain(product.name);
    await page.waitForSelector('#embed-status[data-checkout="loaded"]');
    await shot('9-embedded-checkout');

    // Sign out, then register a new shopper, who is signed in at once.
    await page.goto(`${stack.storefrontUrl}#/account`);
    await page.click('#sign-out');
    await page.waitForSelector('#login-form');
    expect(await text('#account-link')).toBe('Sign in');
    const email = `storefront-${Date.now()}@example.com`;
    const fields: Record<string, string> = { firstName: 'Rita', lastName: 'Register', email, password: 'Storefront-Passw0rd1' };
    for (const [name, value] of Object.entries(fields)) await page.type(`#register-form input[name="${name}"]`, value);
    await page.click('#register-form button[type="submit"]');
    await page.waitForSelector('#signed-in');
    expect(await text('#signed-in')).toBe(`Signed in as Rita Register (${email})`);
    await shot('10-registered');
  });
});
