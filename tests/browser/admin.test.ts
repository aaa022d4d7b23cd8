/**
 * The admin panels end to end, in headless Chromium against the demo stack (sandbox store + Strapi with
 * the plugin and its built admin): what a site owner does on first setup. Each panel is screenshotted
 * under tests/output/screenshots/browser.
 */
import path from 'node:path';

import request from 'supertest';

import { createAdminWithActions, EDITOR_PASSWORD } from '../helpers/strapi';
import type { DemoStack } from '../demo/stack';
import { bodyText, byName, inDialog, openAdmin, screenshot, SCREENSHOT_DIR, typeInto, visit, waitForText, type AdminSession } from './lib/admin';
import { startBrowserStack } from './lib/stack';

const EMAIL = 'browser@example.com';
const PASSWORD = 'Browser-Passw0rd';
const SHOTS = path.join(SCREENSHOT_DIR, 'browser');

describe('admin panels in a real browser', () => {
  let stack: DemoStack;
  let admin: AdminSession;
  const shot = (name: string) => screenshot(admin.page, name, SHOTS);
  /** What BigCommerce (the sandbox) has, read through its API with the store's token. */
  const bigcommerce = async <T>(apiPath: string): Promise<T> => {
    const res = await fetch(`${stack.sandbox.apiBase}/v3${apiPath}`, { headers: { 'X-Auth-Token': stack.sandbox.accessToken, Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${apiPath} -> ${res.status}`);
    return ((await res.json()) as { data: T }).data;
  };

  beforeAll(async () => {
    stack = await startBrowserStack({ products: 700, email: EMAIL, password: PASSWORD });
    admin = await openAdmin({ baseUrl: stack.url, email: EMAIL, password: PASSWORD });
  }, 600_000);

  afterAll(async () => {
    await admin?.close();
    await stack?.stop();
  });

  it('saves the connection and tests it: store name and every scope granted', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/connection', 'BigCommerce connection');
    await byName(page, 'textbox', 'Access token').fill(stack.sandbox.accessToken);
    await byName(page, 'button', 'Save').click();
    await waitForText(page, 'Settings saved');
    await byName(page, 'button', 'Test connection').click();
    await waitForText(page, 'Sandbox Store');
    const text = await bodyText(page);
    expect(text).not.toContain('Missing');
    expect(text).not.toContain(stack.sandbox.accessToken);
    await shot('1-connection');
  });

  it('creates a storefront channel, then its site with a route for every type and a checkout URL', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/channels', 'Channels & sites');
    await byName(page, 'button', 'Create channel').click();
    await typeInto(page, 'textbox', 'Name', 'Browser Shop', inDialog);
    await inDialog(page, 'button', 'Create channel').click();
    await waitForText(page, 'Channel created');
    const channel = (await bigcommerce<{ id: number; name: string; platform: string; type: string }[]>('/channels')).find((c) => c.name === 'browser-shop');
    expect(channel).toMatchObject({ type: 'storefront', platform: 'custom' });
    await waitForText(page, `Site of browser-shop (channel ${channel!.id})`);
    await typeInto(page, 'textbox', 'Site URL', 'https://shop.example.com');
    await byName(page, 'button', 'Fill in defaults from the site URL').click();
    await waitForText(page, 'https://shop.example.com/products/{slug}');
    await typeInto(page, 'textbox', 'Checkout URL', 'https://checkout.shop.example.com');
    await shot('2-channels-site');
    await byName(page, 'button', 'Save to BigCommerce').click();
    await waitForText(page, 'Saved to BigCommerce');
    expect(await bodyText(page)).toContain('Site created at https://shop.example.com');
    const site = await bigcommerce<{ id: number; url: string; urls: { type: string; url: string }[] }>(`/channels/${channel!.id}/site`);
    expect(site.url).toBe('https://shop.example.com');
    expect(site.urls).toContainEqual(expect.objectContaining({ type: 'checkout', url: 'https://checkout.shop.example.com' }));
    const routes = await bigcommerce<{ type: string; route: string }[]>(`/sites/${site.id}/routes`);
    expect(new Set(routes.map((route) => route.type)).size).toBe(18);
    expect(routes).toContainEqual(expect.objectContaining({ type: 'product', route: '/products/{slug}' }));
    await shot('3-channels-saved');
  });

  it('starts a full sync and shows its progress bar up to 100%', async () => {
    const { page } = admin;
    // Slow BigCommerce down so the run lasts long enough to watch.
    stack.sandbox.setFaults({ latencyMs: 1200 });
    try {
      await visit(page, stack.url, '/settings/bigcommerce/sync', 'Catalog sync');
      await byName(page, 'button', 'Full sync').click();
      await waitForText(page, /running/i);
      const progress = page.locator('[role="progressbar"]');
      await progress.wait();
      await shot('4-sync-running');
      const seen = new Set<number>();
      const until = Date.now() + 60_000;
      // Sampled every 200 ms until the bar reads 100 (or a minute passes).
      while (!seen.has(100) && Date.now() < until) {
        const values = await page.evaluate(() =>
          Array.from(document.querySelectorAll('[role="progressbar"]'), (bar) => Number(bar.getAttribute('aria-valuenow')))
        );
        values.forEach((value) => seen.add(value));
        if (!seen.has(100)) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(Math.max(...seen)).toBe(100);
      // The run succeeded, and the history's row of it ends too (no row left running).
      await waitForText(page, /succeeded/i);
      await page.waitForFunction(() => !/running/i.test(document.querySelector('table')?.innerText ?? 'running'), { timeout: 10_000 });
      // It moved: the bar was seen below 100 while the products were written.
      expect([...seen].some((value) => value < 100)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the bar's width transition
      await shot('5-sync-done');
    } finally {
      stack.sandbox.setFaults({});
    }
  });

  it('registers the webhooks and shows an event BigCommerce delivered, applied', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/connection', 'BigCommerce connection');
    await typeInto(page, 'textbox', 'Webhook URL', `${stack.url}/api/bigcommerce/webhooks`);
    await byName(page, 'button', 'Save').click();
    await waitForText(page, 'Settings saved');
    await visit(page, stack.url, '/settings/bigcommerce/webhooks', 'BigCommerce webhooks');
    await byName(page, 'button', 'Register hooks again').click();
    await waitForText(page, /webhooks? registered|already registered/);
    await waitForText(page, 'store/product/*');
    // A price change in BigCommerce: the sandbox delivers the event to Strapi, the worker applies it.
    const [product] = (await stack.strapi.db.query('plugin::bigcommerce.product').findMany({ limit: 1, orderBy: { bigcommerceId: 'desc' } })) as {
      bigcommerceId: number;
    }[];
    const res = await fetch(`${stack.sandbox.url}/__sandbox/products/${product.bigcommerceId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ price: 321.5 }),
    });
    expect(res.ok).toBe(true);
    const until = Date.now() + 20_000;
    while (Number((await stack.strapi.db.query('plugin::bigcommerce.product').findOne({ where: { bigcommerceId: product.bigcommerceId } }))?.price) !== 321.5) {
      if (Date.now() > until) throw new Error('the price change did not reach Strapi');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await visit(page, stack.url, '/settings/bigcommerce/webhooks', 'BigCommerce webhooks');
    await waitForText(page, `Product ${product.bigcommerceId}`);
    await waitForText(page, /applied/i);
    expect(await bodyText(page)).toMatch(/Last event received/);
    await shot('6-webhooks');
  });

  it('shows a synced product in the Content Manager with its editorial fields and a link to BigCommerce', async () => {
    const { page } = admin;
    const [product] = (await stack.strapi.db.query('plugin::bigcommerce.product').findMany({ limit: 1, orderBy: { bigcommerceId: 'asc' } })) as {
      documentId: string;
      name: string;
      bigcommerceId: number;
    }[];
    await visit(page, stack.url, `/content-manager/collection-types/plugin::bigcommerce.product/${product.documentId}`);
    await waitForText(page, product.name);
    await waitForText(page, 'Open in BigCommerce');
    const text = await bodyText(page);
    for (const label of ['Page content', 'SEO title', 'SEO description']) expect(text).toContain(label);
    const href = await page.$eval('a[href*="/manage/products/edit/"]', (a) => a.getAttribute('href'));
    expect(href).toBe(`https://store-${stack.sandbox.storeHash}.mybigcommerce.com/manage/products/edit/${product.bigcommerceId}`);
    // Synced fields are read-only: the name field cannot be typed into.
    expect(await page.$eval('input[name="name"]', (input) => (input as HTMLInputElement).disabled)).toBe(true);
    await shot('7-content-manager-product');
  });

  it('creates and deletes a 301 redirect', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/redirects', 'Redirects');
    await byName(page, 'button', 'Create redirect').click();
    await typeInto(page, 'textbox', 'From path', '/old-browser-page', inDialog);
    await typeInto(page, 'textbox', 'Target URL', '/new-browser-page', inDialog);
    await inDialog(page, 'button', 'Create redirect').click();
    await waitForText(page, 'Redirect created');
    await waitForText(page, '/old-browser-page');
    const sites = await bigcommerce<{ id: number }[]>('/sites');
    const stored = async () =>
      (await Promise.all(sites.map((site) => bigcommerce<{ from_path: string }[]>(`/storefront/redirects?site_id=${site.id}`))))
        .flat()
        .filter((r) => r.from_path === '/old-browser-page');
    expect(await stored()).toHaveLength(1);
    await shot('8-redirects');
    await byName(page, 'button', 'Delete /old-browser-page').click();
    await inDialog(page, 'button', 'Confirm').click();
    await waitForText(page, 'Redirect /old-browser-page deleted');
    expect(await stored()).toHaveLength(0);
  });

  it('shows a role only the panels it may read, without the buttons it may not use', async () => {
    const email = 'reader@example.com';
    // The helper signs the new admin in over HTTP; the browser then logs in as that admin.
    await createAdminWithActions(
      { strapi: stack.strapi, http: () => request(stack.url) },
      {
        email,
        role: 'BigCommerce reader',
        actions: ['plugin::bigcommerce.channels.read', 'plugin::bigcommerce.sync.read'],
      }
    );
    const reader = await openAdmin({ baseUrl: stack.url, email, password: EDITOR_PASSWORD });
    try {
      const { page } = reader;
      await visit(page, stack.url, '/settings/bigcommerce/channels', 'Channels & sites');
      await waitForText(page, 'sandbox-storefront');
      const menu = await page.$$eval('nav a', (links) => links.map((link) => link.textContent?.trim() ?? ''));
      expect(menu).toEqual(expect.arrayContaining(['Channels & sites', 'Catalog sync']));
      for (const hidden of ['Connection', 'BigCommerce webhooks', 'Redirects']) expect(menu).not.toContain(hidden);
      expect(await page.$$('::-p-aria([name="Create channel"][role="button"])')).toHaveLength(0);
      await screenshot(page, '9-reader-channels', SHOTS);
      await visit(page, stack.url, '/settings/bigcommerce/sync', 'Catalog sync');
      expect(await page.$$('::-p-aria([name="Full sync"][role="button"])')).toHaveLength(0);
      await visit(page, stack.url, '/settings/bigcommerce/redirects');
      await waitForText(page, /permission/i);
      expect(await bodyText(page)).not.toContain('Create redirect');
    } finally {
      await reader.close();
    }
  });
});
