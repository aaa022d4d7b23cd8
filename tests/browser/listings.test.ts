/**
 * Where a site owner sees channel listings (issue #15): the Channels table's listing counts and currencies,
 * and the product edit view's panel with how each channel lists the product. Headless Chromium against the
 * demo stack serving channels 1 and 2 (the sandbox seeds listings on both). Screenshots under
 * tests/output/screenshots/listings.
 */
import path from 'node:path';

import type { DemoStack } from '../demo/stack';
import type { Listing } from '../sandbox/types';
import { bodyText, openAdmin, screenshot, SCREENSHOT_DIR, visit, waitForText, type AdminSession } from './lib/admin';
import { startBrowserStack } from './lib/stack';
import { sync } from '../helpers/catalog';

const EMAIL = 'listings@example.com';
const PASSWORD = 'Browser-Passw0rd';
const SHOTS = path.join(SCREENSHOT_DIR, 'listings');
const PRODUCT = 'plugin::bigcommerce.product';
const UNLISTED = new Set(['disabled', 'pending_disable', 'deleted', 'pending_delete']);

describe('channel listings in the admin', () => {
  let stack: DemoStack;
  let admin: AdminSession;
  const listings = (): Listing[] => [...stack.sandbox.catalog.store.channels.listings.values()];
  const product = (id: number) => stack.sandbox.catalog.products.get(id)!;
  const ownName = (l: Listing) => l.name.trim() !== '' && l.name !== product(l.product_id).name;

  beforeAll(async () => {
    stack = await startBrowserStack({ products: 80, email: EMAIL, password: PASSWORD });
    const settings = stack.strapi.plugin('bigcommerce').service('settings') as { update(input: { channelIds: number[] }): Promise<unknown> };
    await settings.update({ channelIds: [1, 2] });
    await sync(stack.strapi, 'full');
    admin = await openAdmin({ baseUrl: stack.url, email: EMAIL, password: PASSWORD });
  }, 600_000);

  afterAll(async () => {
    await admin?.close();
    await stack?.stop();
  });

  it('the Channels table shows each served channel’s listed, overridden and disabled products and its currencies', async () => {
    const { page } = admin;
    await visit(page, stack.url, '/settings/bigcommerce/channels', 'Channels & sites');
    for (const channel of [1, 2]) {
      const on = listings().filter((l) => l.channel_id === channel);
      const off = new Set(on.filter((l) => UNLISTED.has(l.state)).map((l) => l.product_id));
      const linked = [...stack.sandbox.catalog.products.values()].filter((p) => p.channels.includes(channel) && !off.has(p.id)).length;
      const overridden = new Set(on.filter((l) => ownName(l) || l.description.trim() !== '').map((l) => l.product_id)).size;
      await waitForText(page, `${linked} listed`);
      await waitForText(page, `${overridden} overridden · ${off.size} disabled`);
    }
    const text = await bodyText(page);
    expect(text).toMatch(/LISTINGS/i);
    expect(text).toContain('USD (default)');
    expect(text).toContain('Also EUR');
    expect(text).toContain('No other currency');
    expect(text).not.toContain('Unknown');
    await screenshot(page, '1-channels-listing-status', SHOTS);
  });

  it('the product edit view’s panel lists each channel’s listing: state, own name and disabled variants', async () => {
    const { page } = admin;
    // A product listed on one channel under its own name, and disabled (or with variants left out) on the other, if the seed has one.
    const byProduct = new Map<number, Listing[]>();
    for (const l of listings()) byProduct.set(l.product_id, [...(byProduct.get(l.product_id) ?? []), l]);
    const score = (ls: Listing[]) =>
      10 * ls.length +
      Number(ls.some(ownName)) +
      Number(ls.some((l) => UNLISTED.has(l.state))) +
      Number(ls.some((l) => !UNLISTED.has(l.state) && l.variants.some((v) => UNLISTED.has(v.state))));
    const [productId, chosen] = [...byProduct].sort((a, b) => score(b[1]) - score(a[1]))[0];
    const entry = (await stack.strapi.db.query(PRODUCT).findOne({ where: { bigcommerceId: productId } })) as { documentId: string; name: string };
    await visit(page, stack.url, `/content-manager/collection-types/${PRODUCT}/${entry.documentId}`);
    await waitForText(page, entry.name);
    await waitForText(page, /Channel listings/i);
    for (const l of chosen) {
      const channelName = stack.sandbox.catalog.store.channels.channel(l.channel_id).name;
      await waitForText(page, channelName);
      if (ownName(l)) await waitForText(page, `Sold there as “${l.name}”`);
      const off = l.variants.filter((v) => UNLISTED.has(v.state)).length;
      // A disabled listing takes every variant with it; the count is shown for a listed product only.
      if (off && !UNLISTED.has(l.state)) await waitForText(page, `${off} of ${l.variants.length} variants disabled there`);
    }
    const text = await bodyText(page);
    if (chosen.some((l) => l.state === 'active')) expect(text).toMatch(/Listed/i);
    if (chosen.some((l) => l.state === 'disabled')) expect(text).toMatch(/Disabled/i);
    await screenshot(page, '2-product-panel-listings', SHOTS);
    // The panel up close, as the editor reads it.
    const box = (await (await page.$('[data-testid="bigcommerce-product-listings"]'))!.boundingBox())!;
    const clip = { x: box.x - 16, y: Math.max(0, box.y - 260), width: box.width + 32, height: box.height + 280 };
    await page.screenshot({ path: path.join(SHOTS, '2b-product-panel-close-up.png') as `${string}.png`, clip });

    // A product no channel lists separately says so.
    const plain = [...stack.sandbox.catalog.products.values()].find((p) => !byProduct.has(p.id) && p.channels.includes(1))!;
    const other = (await stack.strapi.db.query(PRODUCT).findOne({ where: { bigcommerceId: plain.id } })) as { documentId: string; name: string };
    await visit(page, stack.url, `/content-manager/collection-types/${PRODUCT}/${other.documentId}`);
    await waitForText(page, 'No channel lists this product separately');
    await screenshot(page, '3-product-panel-no-listings', SHOTS);
  });
});
