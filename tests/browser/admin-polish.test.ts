/**
 * Issue #14's admin polish, in headless Chromium against the demo stack: every page of the plugin shows
 * a loader while its data loads, our settings links cannot be mistaken for Strapi's, notifications are
 * in words with the right counts, a new run's bar starts at zero, and the connection test finds a
 * missing modify scope. Screenshots under tests/output/screenshots/admin-polish.
 */
import path from 'node:path';

import type { HTTPRequest, Page } from 'puppeteer-core';

import type { DemoStack } from '../demo/stack';
import { SCOPE_PROBES } from '../../server/src/bigcommerce/scopes';
import { WEBHOOK_SCOPES } from '../../server/src/services/webhooks';
import { bodyText, byName, coloursInPicture, openAdmin, screenshot, SCREENSHOT_DIR, typeInto, visit, waitForText, type AdminSession } from './lib/admin';
import { startBrowserStack } from './lib/stack';

const EMAIL = 'polish@example.com';
const PASSWORD = 'Polish-Passw0rd';
const SHOTS = path.join(SCREENSHOT_DIR, 'admin-polish');

/** Lets a notification finish fading in before its picture. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

describe('admin polish in a real browser', () => {
  let stack: DemoStack;
  let admin: AdminSession;
  const shot = (name: string) => screenshot(admin.page, name, SHOTS);

  beforeAll(async () => {
    stack = await startBrowserStack({ products: 300, email: EMAIL, password: PASSWORD });
    admin = await openAdmin({ baseUrl: stack.url, email: EMAIL, password: PASSWORD });
  }, 600_000);

  afterAll(async () => {
    await admin?.close();
    await stack?.stop();
  });

  describe('loading states', () => {
    /** Holds every answer of the plugin's admin API until `release` is called, as a slow network would. */
    const holdPluginApi = async (page: Page) => {
      const held: HTTPRequest[] = [];
      let holding = true;
      const onRequest = (req: HTTPRequest) => {
        if (holding && new URL(req.url()).pathname.startsWith('/bigcommerce/')) held.push(req);
        else void req.continue();
      };
      await page.setRequestInterception(true);
      page.on('request', onRequest);
      return {
        release: async () => {
          holding = false;
          await Promise.all(held.splice(0).map((req) => req.continue()));
          page.off('request', onRequest);
          await page.setRequestInterception(false);
        },
      };
    };

    it.each([
      ['connection', 'BigCommerce connection'],
      ['channels', 'Channels & sites'],
      ['sync', 'Catalog sync'],
      ['webhooks', 'BigCommerce webhooks'],
      ['redirects', 'Redirects'],
    ])('shows a loader on the %s page until its data is in, on a full page load', async (pagePath, heading) => {
      const { page } = admin;
      const hold = await holdPluginApi(page);
      try {
        await page.goto(`${stack.url}/admin/settings/bigcommerce/${pagePath}`, { waitUntil: 'domcontentloaded' });
        // The page is up (the admin's menu is there) but its data is not: a loader, not an empty page.
        await page.waitForSelector('[aria-busy="true"]', { timeout: 30_000 });
        await waitForText(page, 'BigCommerce webhooks', 30_000);
        const main = await page.$eval('main', (node) => (node as HTMLElement).innerText);
        expect(main).not.toContain(heading);
        await shot(`1-loading-${pagePath}`);
      } finally {
        await hold.release();
      }
      // Then the page itself, its loader gone (the menu holds some headings' words too: the page's h1 is what counts).
      await page.waitForFunction(
        (title: string) => !document.querySelector('[aria-busy="true"]') && (document.querySelector('main h1')?.textContent ?? '').includes(title),
        { timeout: 15_000 },
        heading
      );
    });
  });

  it.each([
    ['connection', 'BigCommerce connection', 'Store hash'],
    ['sync', 'Catalog sync', 'Schedule'],
  ])('never shows the %s page as a bare title while it loads, on a full page load', async (pagePath, heading, content) => {
    const { page } = admin;
    await page.goto(`${stack.url}/admin/settings/bigcommerce/${pagePath}`, { waitUntil: 'domcontentloaded' });
    // Sampled every 50 ms until the content is in: each sample is a loader, nothing yet, or the whole page.
    const bare = await page.evaluate(
      async (title: string, body: string) => {
        const found: string[] = [];
        for (let i = 0; i < 600; i++) {
          const main = document.querySelector('main');
          const text = main?.innerText ?? '';
          if (text.includes(body)) return found;
          if (text.includes(title) && !main?.getAttribute('aria-busy')) found.push(text.slice(0, 120));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return [...found, 'the content never came'];
      },
      heading,
      content
    );
    expect(bare).toEqual([]);
  });

  it("names our settings links so that none reads like one of Strapi's", async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/connection', 'BigCommerce connection');
    const links = await page.$$eval('nav a', (anchors) => anchors.map((a) => ({ text: a.textContent?.trim() ?? '', href: a.getAttribute('href') ?? '' })));
    const ours = links.filter((link) => link.href.includes('/settings/bigcommerce/')).map((link) => link.text);
    const strapis = links.filter((link) => !link.href.includes('/settings/bigcommerce/')).map((link) => link.text);
    expect(ours).toEqual(['Connection', 'Channels & sites', 'Catalog sync', 'BigCommerce webhooks', 'Redirects']);
    expect(strapis).toContain('Webhooks');
    expect(ours.filter((text) => strapis.includes(text))).toEqual([]);
    await shot('2-settings-menu');
  });

  it('words a validation message the server sends back (no config key)', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/channels', 'Channels & sites');
    await waitForText(page, 'sandbox-storefront');
    // Switching off the only served channel: the server refuses.
    await byName(page, 'switch', 'Serve sandbox-storefront').click();
    await waitForText(page, 'The served channels must list at least one channel');
    expect(await bodyText(page)).not.toMatch(/channelIds/);
    await settle();
    // The refusal leaves the list as it was, in the page and in its picture (which once showed only the
    // header: the screenshot helper's resize had not been painted yet).
    const table = await page.waitForSelector('main table');
    expect(await table!.evaluate((node) => (node as HTMLElement).innerText)).toContain('sandbox-storefront');
    const box = (await table!.boundingBox())!;
    const file = await shot('3-worded-validation-toast');
    expect(await coloursInPicture(admin.browser, file, box)).toBeGreaterThan(2);
  });

  it('counts the webhooks it registered, then says they were all registered already', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/connection', 'BigCommerce connection');
    await typeInto(page, 'textbox', 'Webhook URL', `${stack.url}/api/bigcommerce/webhooks`);
    await byName(page, 'button', 'Save').click();
    await waitForText(page, 'Settings saved');
    await visit(page, stack.url, '/settings/bigcommerce/webhooks', 'BigCommerce webhooks');
    await byName(page, 'button', 'Register hooks again').click();
    await waitForText(page, `${WEBHOOK_SCOPES.length} webhooks registered`);
    const hooks = (await (await fetch(`${stack.sandbox.apiBase}/v3/hooks`, { headers: { 'X-Auth-Token': stack.sandbox.accessToken } })).json()) as {
      data: unknown[];
    };
    expect(hooks.data).toHaveLength(WEBHOOK_SCOPES.length);
    await settle();
    await shot('4-register-hooks-toast');
    await byName(page, 'button', 'Register hooks again').click();
    await waitForText(page, `All ${WEBHOOK_SCOPES.length} webhooks were already registered`);
    expect(await bodyText(page)).not.toMatch(/already in order/);
  });

  it("starts a new run's progress bar at zero, not animated down from the last run's 100 %", async () => {
    const { page } = admin;
    // A finished run first: its bar stands at 100 %.
    const sync = stack.strapi.plugin('bigcommerce').service('sync') as { start(input: object): Promise<unknown>; waitForIdle(): Promise<unknown> };
    await sync.start({ kind: 'full', trigger: 'api' });
    await sync.waitForIdle();
    await visit(page, stack.url, '/settings/bigcommerce/sync', 'Catalog sync');
    await waitForText(page, /succeeded/i);
    stack.sandbox.setFaults({ latencyMs: 1500 });
    try {
      // Every frame: how far the drawn bar is from the value it announces.
      await page.evaluate(() => {
        const w = window as unknown as { barLag: number; barFrames: number };
        w.barLag = 0;
        w.barFrames = 0;
        const frame = () => {
          const bar = document.querySelector('[role="progressbar"]');
          const fill = bar?.firstElementChild;
          if (bar && fill) {
            const drawn = (fill.getBoundingClientRect().width / bar.getBoundingClientRect().width) * 100;
            w.barLag = Math.max(w.barLag, drawn - Number(bar.getAttribute('aria-valuenow')));
            w.barFrames++;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      const before = await page.$eval('[role="progressbar"]', (bar) => Number(bar.getAttribute('aria-valuenow')));
      expect(before).toBe(100);
      await byName(page, 'button', 'Sync changes').click();
      await waitForText(page, /running/i);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await shot('5-new-run-progress');
      await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the bar's transition
      const { barLag, barFrames } = await page.evaluate(() => {
        const w = window as unknown as { barLag: number; barFrames: number };
        return { barLag: w.barLag, barFrames: w.barFrames };
      });
      expect(barFrames).toBeGreaterThan(10);
      expect(barLag).toBeLessThan(5);
    } finally {
      stack.sandbox.setFaults({});
    }
    await waitForText(page, /succeeded/i, 120_000);
  });

  it('fails the connection test of a token without customers modify, saying what breaks', async () => {
    const { page } = admin;
    const scopes = SCOPE_PROBES.map((probe) => probe.scope).filter((scope) => scope !== 'store_v2_customers');
    stack.sandbox.setToken('no-customers-modify', [...scopes, 'store_v2_customers_read_only']);
    const customers = stack.sandbox.catalog.store.customers.customers.size;
    await visit(page, stack.url, '/settings/bigcommerce/connection', 'BigCommerce connection');
    await byName(page, 'textbox', 'Access token').fill('no-customers-modify');
    await byName(page, 'button', 'Test connection').click();
    await waitForText(page, 'The API account lacks permissions the plugin needs');
    const text = await bodyText(page);
    expect(text).toContain('Customers (modify)');
    expect(text).toMatch(/registration.*without it they all fail/);
    expect(text.match(/missing/gi)).toHaveLength(1);
    expect(stack.sandbox.catalog.store.customers.customers.size).toBe(customers);
    await shot('6-connection-missing-scope');
  });
});
