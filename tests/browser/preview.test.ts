/**
 * Strapi Preview of a synced product in headless Chromium against the demo stack: the edit view offers
 * *Open preview*, the preview page frames the reference storefront's product page with the editorial
 * content, and a saved edit shows up in the frame. Screenshots under tests/output/screenshots/preview.
 */
import path from 'node:path';

import type { Frame, Page } from 'puppeteer-core';

import type { DemoStack } from '../demo/stack';
import { sync } from '../helpers/catalog';
import { openAdmin, screenshot, SCREENSHOT_DIR, waitForText, type AdminSession } from './lib/admin';
import { startBrowserStack } from './lib/stack';

const EMAIL = 'preview@example.com';
const PASSWORD = 'Preview-Passw0rd';
const SHOTS = path.join(SCREENSHOT_DIR, 'preview');
const PRODUCT = 'plugin::bigcommerce.product';

/** The storefront's frame in the preview page, once its product page has rendered. */
const storefrontFrame = async (page: Page, storefrontUrl: string): Promise<Frame> => {
  const handle = await page.waitForSelector(`iframe[src^="${storefrontUrl}"]`, { timeout: 20_000 });
  const frame = await handle!.contentFrame();
  await frame.waitForSelector('article.product h1', { timeout: 20_000 });
  return frame;
};

describe('Strapi Preview of a synced product, in a real browser', () => {
  let stack: DemoStack;
  let admin: AdminSession;
  let product: { documentId: string; name: string; slug: string };
  const shot = (name: string) => screenshot(admin.page, name, SHOTS);

  beforeAll(async () => {
    stack = await startBrowserStack({ products: 60, email: EMAIL, password: PASSWORD });
    const run = await sync(stack.strapi, 'full');
    if (run.status !== 'succeeded') throw new Error(`the catalog sync ${run.status}`);
    product = (await stack.strapi.db.query(PRODUCT).findOne({ where: { isVisible: true }, orderBy: { bigcommerceId: 'asc' } })) as typeof product;
    admin = await openAdmin({ baseUrl: stack.url, email: EMAIL, password: PASSWORD });
  }, 600_000);

  afterAll(async () => {
    await admin?.close();
    await stack?.stop();
  });

  it('opens the storefront’s product page from the edit view', async () => {
    const { page } = admin;
    await page.goto(`${stack.url}/admin/content-manager/collection-types/${PRODUCT}/${product.documentId}`, { waitUntil: 'networkidle0' });
    await waitForText(page, 'Open preview', 20_000);
    await shot('1-edit-view-panel');
    await page.locator('::-p-aria([name="Open preview"])').click();
    const frame = await storefrontFrame(page, stack.storefrontUrl);
    expect(page.url()).toMatch(new RegExp(`/${product.documentId}/preview`));
    expect(await frame.$eval('article.product h1', (h1) => h1.textContent)).toBe(product.name);
    expect(frame.url()).toBe(`${stack.storefrontUrl}#/product/${encodeURIComponent(product.slug)}`);
    await shot('2-preview');
  });

  it('shows a saved SEO title and editorial text in the frame when the admin posts strapiUpdate', async () => {
    const { page } = admin;
    const title = `Preview check ${Date.now()}`;
    const frame = await storefrontFrame(page, stack.storefrontUrl);
    // An editor's save through the Document Service, as the Content Manager's form makes it...
    await stack.strapi.documents(PRODUCT).update({
      documentId: product.documentId,
      data: { seoTitle: title, content: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hand-turned from one piece of oak.' }] }] },
    } as never);
    // ...then what Strapi's preview page does after a save: post `strapiUpdate` to the frame, at its origin.
    await page.evaluate(() => {
      const iframe = document.querySelector('iframe');
      iframe?.contentWindow?.postMessage({ type: 'strapiUpdate' }, new URL(iframe.src).origin);
    });
    await frame.waitForFunction((expected: string) => document.title === expected, { timeout: 15_000 }, title);
    expect(await frame.$eval('#editorial', (section) => section.textContent)).toContain('Hand-turned from one piece of oak.');
    await shot('3-preview-editorial');
  });
});
