// Where site owners see channel listings (issue #15, item 4): the Channels list's listing status and
// currencies, and a product's listings for the Content Manager's panel.

import { startSandbox, type Sandbox } from '../sandbox';
import { ApiError } from '../sandbox/errors';
import type { Listing } from '../sandbox/types';
import { sync } from '../helpers/catalog';
import { servedDocument } from '../helpers/served-openapi';
import {
  bootStrapi,
  callAs,
  createAdminWithActions,
  createPlainAdmin,
  expectAdminGuarded,
  registerSuperAdmin,
  sandboxEnv,
  type AdminSession,
  type TestApp,
} from '../helpers/strapi';

/** BigCommerce's ListingStates that take a product (or variant) off the channel. */
const UNLISTED = new Set(['disabled', 'pending_disable', 'deleted', 'pending_delete']);

interface Summary {
  id: number;
  listings: { listed: number; overridden: number; disabled: number };
  currencies: { known: true; default: string; enabled: string[] } | { known: false; reason: string };
}

describe('listing status in the admin', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;
  let expectDocumented: Awaited<ReturnType<typeof servedDocument>>['expectDocumented'];

  const listings = (): Listing[] => [...sandbox.catalog.store.channels.listings.values()];
  const product = (id: number) => sandbox.catalog.products.get(id)!;
  const ownName = (l: Listing) => l.name.trim() !== '' && l.name !== product(l.product_id).name;
  const overrides = (l: Listing) => ownName(l) || l.description.trim() !== '';

  /** What the sandbox's catalog and listings say a channel's status is. */
  const expectedStatus = (channel: number) => {
    const on = listings().filter((l) => l.channel_id === channel);
    const off = new Set(on.filter((l) => UNLISTED.has(l.state)).map((l) => l.product_id));
    const linked = [...sandbox.catalog.products.values()].filter((p) => p.channels.includes(channel));
    return {
      listed: linked.filter((p) => !off.has(p.id)).length,
      overridden: new Set(on.filter(overrides).map((l) => l.product_id)).size,
      disabled: off.size,
    };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 120, rateLimit: false });
    app = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_CHANNEL_IDS: '1,2', BIGCOMMERCE_RETRIES: '1' } });
    expect(await sync(app.strapi, 'full')).toMatchObject({ message: null, status: 'succeeded' });
    admin = await registerSuperAdmin(app);
    ({ expectDocumented } = await servedDocument(app));
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const channelList = async (): Promise<Summary[]> => {
    const res = await callAs(app, 'GET', '/bigcommerce/channels', admin).expect(200);
    expectDocumented('/bigcommerce/channels', 'get', res);
    return res.body.data as Summary[];
  };

  // First, while no channel's currencies are cached yet.
  it('shows a channel’s currencies as unknown, with BigCommerce’s reason, when BigCommerce refuses them; the page still answers', async () => {
    const pricing = sandbox.catalog.store.pricing;
    const original = pricing.currenciesOf.bind(pricing);
    const spy = jest.spyOn(pricing, 'currenciesOf').mockImplementation((channelId: number) => {
      if (channelId === 2) throw new ApiError(403, 'You do not have permission to read the currency assignments of this channel');
      return original(channelId);
    });
    try {
      const channels = await channelList();
      const outlet = channels.find((channel) => channel.id === 2)!;
      expect(outlet.currencies).toEqual({ known: false, reason: expect.stringContaining('permission to read the currency assignments') });
      // The listing status does not depend on BigCommerce: it is there all the same.
      expect(outlet.listings).toEqual(expectedStatus(2));
    } finally {
      spy.mockRestore();
    }
  });

  it('counts each served channel’s listed, overridden and disabled products as the sandbox’s listings say, with its currencies', async () => {
    const channels = await channelList();
    for (const id of [1, 2]) {
      const expected = expectedStatus(id);
      expect(channels.find((channel) => channel.id === id)!.listings).toEqual(expected);
    }
    // The seeded listings make every number meaningful on channel 1.
    const first = expectedStatus(1);
    expect(first.overridden).toBeGreaterThan(0);
    expect(first.disabled).toBeGreaterThan(0);
    expect(first.listed).toBeLessThan([...sandbox.catalog.products.values()].filter((p) => p.channels.includes(1)).length);
    expect(channels.find((channel) => channel.id === 1)!.currencies).toEqual({ known: true, default: 'USD', enabled: ['USD', 'EUR'] });
    expect(channels.find((channel) => channel.id === 2)!.currencies).toEqual({ known: true, default: 'USD', enabled: ['USD'] });
  });

  it('follows a listing the next sync changes', async () => {
    const before = expectedStatus(1);
    const target = listings().find((l) => l.channel_id === 1 && l.state === 'active' && !overrides(l))!;
    sandbox.catalog.store.channels.upsertListings(1, [{ ...target, state: 'disabled', name: `${target.name} (outlet)` }], true);
    expect(await sync(app.strapi, 'full')).toMatchObject({ status: 'succeeded' });
    const after = expectedStatus(1);
    expect(after).toEqual({ listed: before.listed - 1, overridden: before.overridden + 1, disabled: before.disabled + 1 });
    expect((await channelList()).find((channel) => channel.id === 1)!.listings).toEqual(after);
  });

  describe('GET /bigcommerce/products/:bigcommerceId/listings', () => {
    const path = (id: number | string) => `/bigcommerce/products/${id}/listings`;
    const documented = '/bigcommerce/products/{bigcommerceId}/listings';

    it('answers how each channel lists the product, for every product with listings', async () => {
      const ids = [...new Set(listings().map((l) => l.product_id))].sort((a, b) => a - b);
      expect(ids.length).toBeGreaterThan(10);
      for (const id of ids) {
        const res = await callAs(app, 'GET', path(id), admin).expect(200);
        const expected = listings()
          .filter((l) => l.product_id === id)
          .sort((a, b) => a.channel_id - b.channel_id || a.listing_id - b.listing_id)
          .map((l) => ({
            listingId: l.listing_id,
            channelId: l.channel_id,
            channelName: sandbox.catalog.store.channels.channel(l.channel_id).name,
            state: l.state,
            listed: !UNLISTED.has(l.state),
            name: ownName(l) ? l.name : null,
            ownDescription: l.description.trim() !== '',
            variants: l.variants.length,
            variantsDisabled: l.variants.filter((v) => UNLISTED.has(v.state)).length,
          }));
        expect({ id, data: res.body.data }).toEqual({ id, data: expected });
      }
      const sample = await callAs(app, 'GET', path(ids[0]), admin).expect(200);
      expectDocumented(documented, 'get', sample);
      // The seed has each kind the panel shows.
      const all = listings();
      expect(all.some((l) => ownName(l))).toBe(true);
      expect(all.some((l) => l.variants.some((v) => UNLISTED.has(v.state)))).toBe(true);
    });

    it('answers an empty list for a stored product no channel lists separately', async () => {
      const listed = new Set(listings().map((l) => l.product_id));
      const plain = [...sandbox.catalog.products.values()].find((p) => !listed.has(p.id) && p.channels.includes(1))!;
      const res = await callAs(app, 'GET', path(plain.id), admin).expect(200);
      expect(res.body).toEqual({ data: [] });
    });

    it.each(['abc', '0', '-3', '1.5', '2147483648'])('refuses the id %s with 400 in Strapi’s envelope', async (id) => {
      const res = await callAs(app, 'GET', path(id), admin).expect(400);
      expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError', message: expect.stringContaining('product id') } });
      expectDocumented(documented, 'get', res);
    });

    it('answers 404 in Strapi’s envelope for a product that is not synced', async () => {
      const res = await callAs(app, 'GET', path(987654), admin).expect(404);
      expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError', message: expect.stringContaining('987654') } });
      expectDocumented(documented, 'get', res);
    });

    it('is guarded by the Channels read permission', async () => {
      const editor = await createPlainAdmin(app);
      await expectAdminGuarded(app, 'GET', path(1), editor);
      const reader = await createAdminWithActions(app, {
        email: 'reader@example.com',
        role: 'Channel readers',
        actions: ['plugin::bigcommerce.channels.read'],
      });
      await callAs(app, 'GET', path(1), reader).expect(200);
    });
  });
});
