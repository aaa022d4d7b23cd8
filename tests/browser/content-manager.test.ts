/**
 * Synced products in the Content Manager as a content editor sees them, in headless Chromium against the
 * demo stack: human labels, editorial fields first, one note, the gallery, variant table and rendered
 * description, a list with images, and no way to create or delete what BigCommerce owns. Screenshots
 * under tests/output/screenshots/content-manager.
 */
import path from 'node:path';

import type { DemoStack } from '../demo/stack';
import { openAdmin, screenshot, SCREENSHOT_DIR, visit, waitForText, type AdminSession } from './lib/admin';
import { startBrowserStack } from './lib/stack';
import { sync } from '../helpers/catalog';

const EMAIL = 'cm@example.com';
const PASSWORD = 'Browser-Passw0rd';
const SHOTS = path.join(SCREENSHOT_DIR, 'content-manager');
const PRODUCT = 'plugin::bigcommerce.product';

describe('synced products in the Content Manager', () => {
  let stack: DemoStack;
  let admin: AdminSession;
  const bodyText = () => admin.page.evaluate(() => document.body.innerText);
  /** Under `scope`, once every image has loaded or failed: how many were drawn, and how many stand-ins replaced a failed one. */
  const loadedImages = async (scope: string) => {
    await admin.page.waitForFunction(
      (selector: string) => Array.from(document.querySelectorAll(`${selector} img`)).every((image) => (image as HTMLImageElement).complete),
      {},
      scope
    );
    return admin.page.$eval(scope, (element) => ({
      loaded: Array.from(element.querySelectorAll('img')).filter((image) => image.complete && image.naturalWidth > 0).length,
      unavailable: element.querySelectorAll('[data-testid="bigcommerce-image-unavailable"]').length,
    }));
  };

  beforeAll(async () => {
    stack = await startBrowserStack({ products: 60, email: EMAIL, password: PASSWORD });
    await sync(stack.strapi, 'full');
    admin = await openAdmin({ baseUrl: stack.url, email: EMAIL, password: PASSWORD });
  }, 600_000);

  afterAll(async () => {
    await admin?.close();
    await stack?.stop();
  });

  it('edit view: human labels, editorial fields first, one note, gallery, tables and the description rendered', async () => {
    const { page } = admin;
    // A product with images, variants and an HTML description.
    const products = (await stack.strapi.db.query(PRODUCT).findMany({ orderBy: { bigcommerceId: 'asc' }, limit: 60 })) as {
      documentId: string;
      name: string;
      images: unknown[];
      variants: unknown[];
      description: string;
    }[];
    const product = products.find((p) => p.images.length > 1 && p.variants.length > 1 && /<\w+/.test(p.description)) ?? products[0];
    await visit(page, stack.url, `/content-manager/collection-types/${PRODUCT}/${product.documentId}`);
    await waitForText(page, product.name);
    await waitForText(page, 'Open in BigCommerce');
    const text = await bodyText();
    for (const label of ['SEO title', 'SEO description', 'Page content', 'BigCommerce ID', 'Custom URL', 'Variants', 'Images']) expect(text).toContain(label);
    for (const raw of ['seoTitle', 'bigcommerceId', 'customUrl', 'localNote']) expect(text).not.toContain(raw);
    expect(text.match(/Synced from BigCommerce/g)).toHaveLength(1);
    // Editorial fields come before the synced ones.
    expect(text.indexOf('SEO title')).toBeLessThan(text.indexOf('BigCommerce ID'));
    // The description is rendered, not shown as tags.
    const description = await page.$eval('[data-testid="bigcommerce-html-description"]', (element) => ({
      text: (element as HTMLElement).innerText,
      html: element.innerHTML,
    }));
    expect(description.text).not.toMatch(/<\/?p>/);
    expect(description.html).not.toMatch(/<script/i);
    // Each image links to the full one; an image the browser cannot load shows its file name, not a broken box.
    expect(await page.$$eval('[data-testid="bigcommerce-gallery-images"] a', (links) => links.length)).toBe(product.images.length);
    const broken = await page.$$eval('[data-testid="bigcommerce-gallery-images"] img', (images) =>
      images.filter((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth === 0)
    );
    expect(broken).toHaveLength(0);
    // The pictures themselves show (the demo's sandbox serves the store's images): every one loaded, none stood in for.
    expect(await loadedImages('[data-testid="bigcommerce-gallery-images"]')).toEqual({ loaded: product.images.length, unavailable: 0 });
    expect(await page.$$eval('[data-testid="bigcommerce-table-variants"] tbody tr', (rows) => rows.length)).toBe(product.variants.length);
    // No JSON editor for data editors only read.
    expect(await page.$$('.cm-editor')).toHaveLength(0);
    expect(await page.$eval('input[name="name"]', (input) => (input as HTMLInputElement).disabled)).toBe(true);
    // Synced fields share rows: price and SKU sit beside other fields, not one per line.
    const width = (selector: string) => page.$eval(selector, (element) => element.getBoundingClientRect().width);
    const form = await width('input[name="seoTitle"]');
    expect(await width('input[name="sku"]')).toBeLessThan(form * 0.6);
    expect(await width('input[name="price"]')).toBeLessThan(form * 0.6);
    await screenshot(page, 'product-edit', SHOTS);
  });

  it('list view: image, price, stock, visibility and channels, sortable and filterable, without Create', async () => {
    const { page } = admin;
    await visit(page, stack.url, `/content-manager/collection-types/${PRODUCT}`);
    // Column headers are set in capitals by CSS, which innerText reflects.
    await waitForText(page, /Price shoppers pay/i);
    // Strapi's first-visit guided tour would cover the list in the screenshot.
    const skip = await page.$$eval('button', (buttons) => buttons.findIndex((button) => button.textContent?.trim() === 'Skip'));
    if (skip >= 0) await (await page.$$('button'))[skip].click();
    const headers = await page.$$eval(
      'thead th',
      (cells) => cells.map((cell) => ({ text: (cell as HTMLElement).innerText.trim().toUpperCase(), sortable: getComputedStyle(cell).cursor === 'pointer' })) // Strapi's sortable header: clickable
    );
    const named = headers.filter((header) => header.text);
    expect(named.map((header) => header.text)).toEqual(
      expect.arrayContaining(['IMAGE', 'NAME', 'SKU', 'PRICE SHOPPERS PAY', 'STOCK', 'VISIBLE IN THE STORE', 'CHANNELS'])
    );
    const sortable = named.filter((header) => header.sortable).map((header) => header.text);
    expect(sortable).toEqual(expect.arrayContaining(['NAME', 'SKU', 'PRICE SHOPPERS PAY', 'STOCK', 'VISIBLE IN THE STORE']));
    expect(sortable).not.toContain('IMAGE');
    // And a click sorts: Stock, ascending, in the address and on the header.
    await (await page.$$('thead th'))[headers.findIndex((header) => header.text === 'STOCK')].click();
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('sort') === 'inventoryLevel:ASC', { timeout: 10_000 });
    await page.waitForSelector('thead th[aria-sort="ascending"]', { timeout: 10_000 });
    const text = await bodyText();
    expect(text).not.toContain('BIGCOMMERCEID');
    expect(text).not.toMatch(/Create new entry/i);
    expect(text).toMatch(/Filters/i);
    // Each row shows its image (or a stand-in when the browser cannot load it), or a dash for a product without one.
    const cells = await page.$$eval('tbody tr', (trs) =>
      trs.map((tr) => (tr.querySelector('img, [data-testid="bigcommerce-image-unavailable"]') ? 'picture' : 'none'))
    );
    expect(cells.filter((cell) => cell === 'picture').length).toBeGreaterThan(cells.length / 2);
    // And those pictures load: no row shows the stand-in of an image the browser could not get.
    const thumbnails = await loadedImages('tbody');
    expect(thumbnails.unavailable).toBe(0);
    expect(thumbnails.loaded).toBe(cells.filter((cell) => cell === 'picture').length);
    await screenshot(page, 'product-list', SHOTS);
  });

  it.each([
    ['category', 'plugin::bigcommerce.category'],
    ['brand', 'plugin::bigcommerce.brand'],
  ])('%s edit view: human labels, editorial fields first, one note', async (name, uid) => {
    const { page } = admin;
    const entries = (await stack.strapi.db.query(uid).findMany({ orderBy: { bigcommerceId: 'asc' }, limit: 50 })) as {
      documentId: string;
      description?: string | null;
    }[];
    // A category with a description, to see it rendered.
    const target = entries.find((entry) => name !== 'category' || Boolean(entry.description)) ?? entries[0];
    await visit(page, stack.url, `/content-manager/collection-types/${uid}/${target.documentId}`);
    await waitForText(page, 'Synced from BigCommerce');
    const text = await bodyText();
    for (const label of ['SEO title', 'SEO description', 'Page content', 'BigCommerce ID', 'Custom URL', 'Last synced']) expect(text).toContain(label);
    for (const raw of ['seoTitle', 'bigcommerceId', 'customUrl', 'syncedAt']) expect(text).not.toContain(raw);
    expect(text.match(/Synced from BigCommerce/g)).toHaveLength(1);
    expect(text.indexOf('SEO title')).toBeLessThan(text.indexOf('BigCommerce ID'));
    if (name === 'category' && target.description) {
      const description = await page.$eval('[data-testid="bigcommerce-html-description"]', (element) => (element as HTMLElement).innerText);
      expect(description).not.toMatch(/<\/?\w+/);
    }
    expect(await page.$eval('input[name="name"]', (input) => (input as HTMLInputElement).disabled)).toBe(true);
    await screenshot(page, `${name}-edit`, SHOTS);
  });
});
