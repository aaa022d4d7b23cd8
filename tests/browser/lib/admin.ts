/**
 * Headless Chromium against a running Strapi admin (`npm run demo`): launch, log in, open a page,
 * screenshot it. Used by the browser tests and by `tsx tests/browser/lib/capture.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import puppeteer, { type Browser, type BoundingBox, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'output', 'screenshots');

/** Flags for a quiet, sandbox-less headless run that never calls home. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface AdminSession {
  browser: Browser;
  page: Page;
  baseUrl: string;
  close(): Promise<void>;
}

/** A fresh browser profile each time, so no earlier login or cache leaks into a run. */
export const launchBrowser = async (): Promise<{ browser: Browser; close(): Promise<void> }> => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-admin-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, `--user-data-dir=${profile}`],
    defaultViewport: { width: 1440, height: 1000 },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
};

/** Logs into the admin through its login form and waits for the home page. */
export const login = async (page: Page, baseUrl: string, email: string, password: string): Promise<void> => {
  await page.goto(`${baseUrl}/admin/auth/login`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('input[name="email"]');
  await page.type('input[name="email"]', email);
  await page.type('input[name="password"]', password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type="submit"]')]);
  if (page.url().includes('/auth/login')) throw new Error(`Login as ${email} failed`);
};

export const openAdmin = async (options: { baseUrl: string; email: string; password: string }): Promise<AdminSession> => {
  const { browser, close } = await launchBrowser();
  const page = await browser.newPage();
  await login(page, options.baseUrl, options.email, options.password);
  return { browser, page, baseUrl: options.baseUrl, close };
};

/** Opens an admin path and waits until the page's main heading shows `heading` and the network is quiet. */
export const visit = async (page: Page, baseUrl: string, adminPath: string, heading?: string): Promise<void> => {
  await page.goto(`${baseUrl}/admin${adminPath}`, { waitUntil: 'networkidle0' });
  if (heading) await waitForText(page, heading);
};

/** Waits until the page shows `text` (a RegExp for case or wording that CSS may change, as badges in capitals). */
export const waitForText = async (page: Page, text: string | RegExp, timeout = 15_000): Promise<void> => {
  const [source, flags] = typeof text === 'string' ? [text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ''] : [text.source, text.flags];
  await page.waitForFunction(
    (pattern: string, patternFlags: string) => new RegExp(pattern, patternFlags).test(document.body.innerText),
    { timeout },
    source,
    flags
  );
};

/**
 * A PNG of the whole page under tests/output/screenshots (or `dir`); answers its path. The admin
 * scrolls inside its own panes, not the document, so the viewport is stretched to the tallest pane
 * for the picture (`fullPage` alone would stop at the first screen), and put back once it is taken.
 */
export const screenshot = async (page: Page, name: string, dir = SCREENSHOT_DIR): Promise<string> => {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  const viewport = page.viewport() ?? { width: 1440, height: 1000 };
  const tallest = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('body *'), (element) => element.scrollHeight)));
  const height = Math.min(Math.max(viewport.height, tallest), 8000);
  // Any setViewport (even to the same size) resizes the page, and a capture before the next painted
  // frame can miss whole layers: the Channels card once vanished from a picture while the page showed it.
  const paintedFrame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  if (height !== viewport.height) await page.setViewport({ ...viewport, height });
  try {
    await paintedFrame();
    await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  } finally {
    if (height !== viewport.height) {
      await page.setViewport(viewport);
      await paintedFrame();
    }
  }
  return file;
};

/**
 * How many colours the picture at `file` holds inside `box` (CSS pixels of the page it was taken of):
 * 1 where the picture shows bare background. Decoded by a blank tab of `browser`.
 */
export const coloursInPicture = async (browser: Browser, file: string, box: BoundingBox): Promise<number> => {
  const tab = await browser.newPage();
  try {
    return await tab.evaluate(
      async (src: string, region: BoundingBox) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(Math.round(region.x), Math.round(region.y), Math.round(region.width), Math.round(region.height));
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return colours.size;
      },
      `data:image/png;base64,${fs.readFileSync(file).toString('base64')}`,
      box
    );
  } finally {
    await tab.close();
  }
};

/** A button, link or field by its accessible name. */
export const byName = (page: Page, role: string, name: string) => page.locator(`::-p-aria([name="${name}"][role="${role}"])`);

/** The same inside the open dialog. */
export const inDialog = (page: Page, role: string, name: string) =>
  page.locator(`:is([role="dialog"], [role="alertdialog"]) ::-p-aria([name="${name}"][role="${role}"])`);

/** What the page shows as text. */
export const bodyText = (page: Page): Promise<string> => page.evaluate(() => document.body.innerText);

/** Replaces a text field's value, as a user selecting it all and typing would. */
export const typeInto = async (page: Page, role: string, name: string, value: string, scope = byName): Promise<void> => {
  await scope(page, role, name).click({ count: 3 });
  await page.keyboard.press('Backspace');
  await page.keyboard.type(value);
};
