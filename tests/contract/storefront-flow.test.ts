// Carts, checkouts, orders and payments as the plugin's storefront uses them: amounts computed
// from the catalog, redirect URLs, optimistic concurrency, the consignment → shipping option →
// order flow, payment with a PAT on the payments host, and abandoned-cart recovery.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type CatalogEvent, type ProductCore, type Sandbox } from '../sandbox';
import { call, control, describeIfSpecs, expectContract, specIndex, type HttpResult } from './support';

const ADDRESS = {
  first_name: 'Jamie',
  last_name: 'Buyer',
  email: 'jamie.buyer@example.com',
  address1: '12 Loopback Lane',
  city: 'Austin',
  state_or_province: 'Texas',
  state_or_province_code: 'TX',
  country_code: 'US',
  postal_code: '78701',
  phone: '+15125550199',
};
const CARD = { type: 'card', cardholder_name: 'Jamie Buyer', expiry_month: 12, expiry_year: 2099, verification_value: '123' };
const DAY = 86_400_000;
const round2 = (n: number): number => Math.round(n * 100) / 100;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = HttpResult<any>;

describeIfSpecs('storefront flow: carts, checkouts, orders, payments', () => {
  let sb: Sandbox;
  const events: CatalogEvent[] = [];
  /** Simple physical product on channel 1, in stock, on sale. */
  let onSale: ProductCore;
  /** Simple physical product on channel 1 without stock tracking or with plenty. */
  let plain: ProductCore;
  /** Product with options (variants), on channel 1. */
  let withOptions: ProductCore;

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({ products: 150, seed: 7, rateLimit: false, accessTokens: { 'sandbox-token': '*', 'carts-only': ['store_cart'] } });
    const forward = sb.catalog.onEvent;
    sb.catalog.onEvent = (e) => {
      events.push(e);
      forward(e);
    };
    const all = [...sb.catalog.products.values()].filter((p) => p.type === 'physical' && p.channels.includes(1));
    const simple = (p: ProductCore): boolean => sb.catalog.variantCount(p) === 1 && (p.inventory_tracking === 'none' || p.inventory_level >= 20);
    onSale = all.find((p) => simple(p) && p.sale_price > 0) as ProductCore;
    plain = all.find((p) => simple(p) && p.sale_price === 0 && p.price >= 25 && p !== onSale) as ProductCore;
    withOptions = all.find(
      (p) =>
        sb.catalog.variantCount(p) >= 4 &&
        p.inventory_tracking !== 'product' &&
        sb.catalog.variantsOf(p).every((v) => p.inventory_tracking === 'none' || v.inventory_level >= 1)
    ) as ProductCore;
    if (!onSale || !plain || !withOptions) throw new Error('generated catalog lacks the products this test needs');
  });

  afterAll(async () => {
    sb.catalog.now = Date.now;
    await sb?.close();
  });

  beforeEach(() => {
    sb.catalog.now = Date.now;
    events.length = 0;
  });

  const createCart = async (body: Record<string, unknown>, query = ''): Promise<Res> => {
    const res = await call(sb, 'POST', `/v3/carts${query}`, { body });
    expect({ status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ status: 201, body: undefined });
    expectContract(res, sb);
    return res;
  };

  const pay = (pat: string, number: string, headers: Record<string, string> = {}) =>
    call(sb, 'POST', '/payments', {
      token: null,
      headers: { authorization: `PAT ${pat}`, accept: 'application/vnd.bc.v1+json', ...headers },
      body: { payment: { instrument: { ...CARD, number }, payment_method_id: 'stripe.card' } },
    });

  /** A cart with a billing address, one consignment and its flat-rate option: ready for an order. */
  async function readyCheckout(customerId = 0): Promise<{ cartId: string; optionCost: number }> {
    const cart = (await createCart({ customer_id: customerId, line_items: [{ product_id: plain.id, quantity: 1 }] })).body.data;
    await call(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, { body: ADDRESS });
    const withCon = await call(sb, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, {
      body: [{ address: ADDRESS, line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }] }],
    });
    const con = withCon.body.data.consignments[0];
    const flat = con.available_shipping_options.find((o: { type: string }) => o.type === 'shipping_flatrate');
    expect((await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, { body: { shipping_option_id: flat.id } })).status).toBe(200);
    return { cartId: cart.id, optionCost: flat.cost };
  }

  describe('carts', () => {
    it('prices items from the catalog: original, list (sale) and extended prices, base and cart amounts', async () => {
      const variant = sb.catalog.variantsOf(withOptions)[1];
      const res = await createCart(
        {
          customer_id: 1,
          line_items: [
            { product_id: onSale.id, quantity: 3 },
            { product_id: withOptions.id, variant_id: variant.id, quantity: 2 },
          ],
          custom_items: [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 2, list_price: 4.25 }],
        },
        '?include=line_items.physical_items.options'
      );
      const cart = res.body.data;
      expect(cart).toMatchObject({ customer_id: 1, channel_id: 1, email: 'shopper1@example.com', currency: { code: 'USD' }, version: 1, tax_included: false });
      const [a, b] = cart.line_items.physical_items;
      expect(a).toMatchObject({
        product_id: onSale.id,
        variant_id: sb.catalog.detailsOf(onSale).variants[0].id,
        sku: onSale.sku,
        quantity: 3,
        original_price: onSale.price,
        list_price: onSale.sale_price,
        sale_price: onSale.sale_price,
        extended_list_price: round2(onSale.sale_price * 3),
        extended_sale_price: round2(onSale.sale_price * 3),
        is_require_shipping: true,
        url: `https://store-${sb.storeHash}.mybigcommerce.com${onSale.custom_url.url}`,
      });
      expect(b).toMatchObject({
        variant_id: variant.id,
        sku: variant.sku,
        list_price: variant.calculated_price,
        extended_list_price: round2(variant.calculated_price * 2),
      });
      expect(b.options.map((o: { valueId: number }) => o.valueId)).toEqual(variant.option_values.map((v) => v.id));
      expect(cart.line_items.custom_items).toEqual([expect.objectContaining({ sku: 'ENGRAVE', quantity: 2, list_price: 4.25, extended_list_price: 8.5 })]);
      const base = round2(onSale.sale_price * 3 + variant.calculated_price * 2 + 8.5);
      expect(cart.base_amount).toBeCloseTo(base, 2);
      expect(cart.cart_amount).toBeCloseTo(base, 2);
      expect(events.map((e) => e.scope)).toEqual([
        'store/cart/created',
        'store/cart/lineItem/created',
        'store/cart/lineItem/created',
        'store/cart/lineItem/created',
      ]);

      // Adding the same variant again merges quantities; list_price overrides the catalog price.
      const more = await call(sb, 'POST', `/v3/carts/${cart.id}/items`, {
        body: {
          line_items: [
            { product_id: onSale.id, quantity: 1 },
            { product_id: plain.id, quantity: 1, list_price: 9.99 },
          ],
        },
      });
      expect(more.status).toBe(201);
      expectContract(more, sb);
      expect(
        more.body.data.line_items.physical_items.map((i: { product_id: number; quantity: number; list_price: number }) => [
          i.product_id,
          i.quantity,
          i.list_price,
        ])
      ).toEqual([
        [onSale.id, 4, onSale.sale_price],
        [withOptions.id, 2, variant.calculated_price],
        [plain.id, 1, 9.99],
      ]);
      expect(more.body.data.version).toBe(2);

      // A variant picked by option selections.
      const target = sb.catalog.variantsOf(withOptions)[2];
      const bySelection = await call(sb, 'POST', `/v3/carts/${cart.id}/items`, {
        body: {
          line_items: [
            { product_id: withOptions.id, quantity: 1, option_selections: target.option_values.map((v) => ({ option_id: v.option_id, option_value: v.id })) },
          ],
        },
      });
      expect(bySelection.status).toBe(201);
      expect(bySelection.body.data.line_items.physical_items.find((i: { variant_id: number }) => i.variant_id === target.id)).toBeDefined();
    });

    it('rejects what cannot be bought: unknown products, missing variants, zero quantities, other channels, no stock, disabled purchasing', async () => {
      const variants = sb.catalog.variantsOf(withOptions);
      const outlet = [...sb.catalog.products.values()].find((p) => !p.channels.includes(1) && sb.catalog.variantCount(p) === 1) as ProductCore;
      const cartsBefore = sb.shop.carts.size;
      const tracked = [...sb.catalog.products.values()].find(
        (p) => p.inventory_tracking === 'product' && p.channels.includes(1) && sb.catalog.variantCount(p) === 1
      ) as ProductCore;
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ line_items: [{ product_id: 999999, quantity: 1 }] }, 'line_items[0].product_id'],
        [{ line_items: [{ product_id: withOptions.id, quantity: 1 }] }, 'line_items[0].variant_id'],
        [{ line_items: [{ product_id: plain.id, variant_id: variants[0].id, quantity: 1 }] }, 'line_items[0].variant_id'],
        [{ line_items: [{ product_id: plain.id, quantity: 0 }] }, 'line_items[0].quantity'],
        [{ line_items: [{ product_id: plain.id, quantity: 1.5 }] }, 'line_items[0].quantity'],
        [{ line_items: [{ product_id: outlet.id, quantity: 1 }] }, 'line_items[0].product_id'],
        [{ line_items: [{ product_id: tracked.id, quantity: tracked.inventory_level + 1 }] }, 'line_items[0].quantity'],
        [
          { line_items: [{ product_id: withOptions.id, quantity: 1, option_selections: [{ option_id: 1, option_value: 1 }] }] },
          'line_items[0].option_selections[0]',
        ],
        [{ customer_id: 424242, line_items: [{ product_id: plain.id, quantity: 1 }] }, 'customer_id'],
        [{ channel_id: 99, line_items: [{ product_id: plain.id, quantity: 1 }] }, 'channel_id'],
        [{ currency: { code: 'EUR' }, line_items: [{ product_id: plain.id, quantity: 1 }] }, 'currency.code'],
        [{ line_items: [] }, 'line_items'],
        [{ custom_items: [{ name: '', quantity: 1, list_price: 1 }] }, 'custom_items[0].name'],
      ];
      for (const [body, field] of bad) {
        const res = await call(sb, 'POST', '/v3/carts', { body });
        expect({ body, status: res.status, field: Object.keys(res.body.errors ?? {}) }).toEqual({ body, status: 422, field: [field] });
        expectContract(res, sb);
      }
      sb.catalog.updateVariant(withOptions.id, variants[3].id, { purchasing_disabled: true, purchasing_disabled_message: 'Sold out for the season.' });
      const disabled = await call(sb, 'POST', '/v3/carts', { body: { line_items: [{ product_id: withOptions.id, variant_id: variants[3].id, quantity: 1 }] } });
      expect(disabled.status).toBe(422);
      expect(disabled.body.errors['line_items[0].variant_id']).toBe('Sold out for the season.');
      sb.catalog.updateVariant(withOptions.id, variants[3].id, { purchasing_disabled: false });
      expect(sb.shop.carts.size).toBe(cartsBefore);
      expect(events.filter((e) => e.scope.startsWith('store/cart/'))).toEqual([]);
      // The Carts scope does not open checkouts.
      expect((await call(sb, 'GET', '/v3/checkouts/00000000-0000-4000-8000-000000000000', { token: 'carts-only' })).status).toBe(403);
    });

    it('builds redirect URLs on the channel site, its checkout domain, or the sandbox storefront; each token works once', async () => {
      const onSite = (await createCart({ line_items: [{ product_id: plain.id, quantity: 1 }] }, '?include=redirect_urls')).body.data;
      const site = `https://store-${sb.storeHash}.mybigcommerce.com`;
      expect(onSite.redirect_urls).toEqual({
        cart_url: expect.stringMatching(new RegExp(`^${site}/cart\\.php\\?action=load&id=${onSite.id}&token=[0-9a-f]{64}$`)),
        checkout_url: expect.stringMatching(new RegExp(`^${site}/cart\\.php\\?action=loadInCheckout&id=${onSite.id}&token=[0-9a-f]{64}$`)),
        embedded_checkout_url: expect.stringMatching(new RegExp(`^${site}/cart\\.php\\?embedded=1&action=loadInCheckout&id=${onSite.id}&token=[0-9a-f]{64}$`)),
      });
      // A channel with a site and a custom checkout domain.
      const ch = (await call(sb, 'POST', '/v3/channels', { body: { name: 'headless', type: 'storefront', platform: 'next', status: 'active' } })).body.data.id;
      await call(sb, 'POST', `/v3/channels/${ch}/site`, { body: { url: 'https://www.shop.example.com' } });
      await call(sb, 'PUT', `/v3/channels/${ch}/site/checkout-url`, { body: { url: 'https://checkout.shop.example.com' } });
      sb.catalog.setChannelAssignments([{ product_id: plain.id, channel_id: ch }], true);
      const custom = (await createCart({ channel_id: ch, line_items: [{ product_id: plain.id, quantity: 1 }] })).body.data;
      const urls = await call(sb, 'POST', `/v3/carts/${custom.id}/redirect_urls`, { body: { query_params: { utm_source: 'strapi' } } });
      expect(urls.status).toBe(201);
      expectContract(urls, sb);
      expect(urls.body.data.cart_url).toMatch(/^https:\/\/www\.shop\.example\.com\/cart\.php\?action=load&id=.+&utm_source=strapi$/);
      expect(urls.body.data.checkout_url).toMatch(/^https:\/\/checkout\.shop\.example\.com\/cart\.php\?action=loadInCheckout&/);
      expect(urls.body.data.embedded_checkout_url).toMatch(/^https:\/\/checkout\.shop\.example\.com\/cart\.php\?embedded=1&action=loadInCheckout&/);
      // A channel without a site: the sandbox serves the storefront itself, so the URLs can be visited.
      const bare = (await call(sb, 'POST', '/v3/channels', { body: { name: 'no-site', type: 'storefront', platform: 'custom', status: 'active' } })).body.data
        .id;
      sb.catalog.setChannelAssignments([{ product_id: plain.id, channel_id: bare }], true);
      const local = (await createCart({ channel_id: bare, line_items: [{ product_id: plain.id, quantity: 2 }] }, '?include=redirect_urls')).body.data;
      const embedded: string = local.redirect_urls.embedded_checkout_url;
      expect(embedded.startsWith(`${sb.storefrontUrl}/cart.php?embedded=1&action=loadInCheckout&id=${local.id}&token=`)).toBe(true);
      const first = await fetch(embedded, { redirect: 'manual' });
      expect(first.status).toBe(200);
      expect(await first.text()).toContain(`data-cart-id="${local.id}"`);
      expect(first.headers.get('set-cookie')).toMatch(/^SHOP_CART_ID=.+; Path=\/; HttpOnly; Secure; SameSite=None/);
      const again = await fetch(embedded, { redirect: 'manual' });
      expect([again.status, again.headers.get('location')]).toEqual([302, '/cart.php']);
      // Each include=redirect_urls mints a fresh token.
      const twice = await call(sb, 'GET', `/v3/carts/${local.id}?include=redirect_urls`);
      expectContract(twice, sb);
      expect(twice.body.data.redirect_urls.cart_url).not.toBe(local.redirect_urls.cart_url);
      expect((await fetch(twice.body.data.redirect_urls.cart_url, { redirect: 'manual' })).status).toBe(200);
    });

    it('enforces the version of optimistic concurrency with 409 and counts every change', async () => {
      const cart = (
        await createCart({
          line_items: [
            { product_id: plain.id, quantity: 1 },
            { product_id: onSale.id, quantity: 1 },
          ],
        })
      ).body.data;
      const item = cart.line_items.physical_items[0].id;
      const stale = [
        await call(sb, 'PUT', `/v3/carts/${cart.id}`, { body: { customer_id: 1, version: 0 } }),
        await call(sb, 'POST', `/v3/carts/${cart.id}/items`, { body: { line_items: [{ product_id: plain.id, quantity: 1 }], version: 2 } }),
        await call(sb, 'PUT', `/v3/carts/${cart.id}/items/${item}`, { body: { line_item: { product_id: plain.id, quantity: 2 }, version: 5 } }),
        await call(sb, 'DELETE', `/v3/carts/${cart.id}/items/${item}`, { body: { version: 7 } }),
        await call(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, { body: { ...ADDRESS, version: 3 } }),
      ];
      for (const res of stale) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ status: 409, title: expect.stringContaining('version 1'), errors: { version: 'Expected version 1.' } });
        expectContract(res, sb);
      }
      const ok = await call(sb, 'PUT', `/v3/carts/${cart.id}/items/${item}`, { body: { line_item: { product_id: plain.id, quantity: 2 }, version: 1 } });
      expect([ok.status, ok.body.data.version]).toEqual([200, 2]);
      const billing = await call(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, { body: { ...ADDRESS, version: 2 } });
      expect([billing.status, billing.body.data.version, billing.body.data.cart.email]).toEqual([200, 3, ADDRESS.email]);
    });

    it('deletes the cart with its last item (204), and forgets carts 30 days after their last change', async () => {
      const cart = (
        await createCart({ line_items: [{ product_id: plain.id, quantity: 1 }], custom_items: [{ name: 'Note card', quantity: 1, list_price: 2 }] })
      ).body.data;
      const first = await call(sb, 'DELETE', `/v3/carts/${cart.id}/items/${cart.line_items.physical_items[0].id}`);
      expect(first.status).toBe(200);
      expectContract(first, sb);
      const last = await call(sb, 'DELETE', `/v3/carts/${cart.id}/items/${cart.line_items.custom_items[0].id}`);
      expect([last.status, last.text]).toEqual([204, '']);
      expect((await call(sb, 'GET', `/v3/carts/${cart.id}`)).status).toBe(404);
      expect(events.map((e) => e.scope).slice(-3)).toEqual(['store/cart/lineItem/deleted', 'store/cart/lineItem/deleted', 'store/cart/deleted']);

      const old = (await createCart({ line_items: [{ product_id: plain.id, quantity: 1 }] })).body.data;
      sb.catalog.now = () => Date.now() + 29 * DAY;
      expect((await call(sb, 'PUT', `/v3/carts/${old.id}`, { body: { customer_id: 0 } })).status).toBe(201);
      sb.catalog.now = () => Date.now() + 58 * DAY;
      expect((await call(sb, 'GET', `/v3/carts/${old.id}`)).status).toBe(200);
      sb.catalog.now = () => Date.now() + 60 * DAY;
      expect((await call(sb, 'GET', `/v3/carts/${old.id}`)).status).toBe(404);
    });
  });

  describe('checkout to order', () => {
    it('offers deterministic shipping options per consignment, sets the option separately from the address, and applies a coupon', async () => {
      const cart = (await createCart({ line_items: [{ product_id: plain.id, quantity: 2 }] })).body.data;
      const item = cart.line_items.physical_items[0];
      const added = await call(sb, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, {
        body: [{ address: ADDRESS, line_items: [{ item_id: item.id, quantity: 2 }] }],
      });
      expect(added.status).toBe(200);
      expectContract(added, sb);
      const con = added.body.data.consignments[0];
      const weight = sb.catalog.variantsOf(plain)[0].calculated_weight * 2;
      expect(con.available_shipping_options.map((o: { type: string; cost: number }) => [o.type, o.cost])).toEqual([
        ['shipping_byweight', round2(4 + weight * 0.75)],
        ['shipping_flatrate', 12],
        ['shipping_upsready', round2(25 + weight * 1.5)],
      ]);
      expect(con.line_item_ids).toEqual([item.id]);
      expect(con.selected_shipping_option).toBeUndefined();
      // Without the include, no quotes are shown; the same consignment gets the same quotes.
      const plainGet = await call(sb, 'GET', `/v3/checkouts/${cart.id}`);
      expect(plainGet.body.data.consignments[0].available_shipping_options).toBeUndefined();
      const again = await call(sb, 'GET', `/v3/checkouts/${cart.id}?include=consignments.available_shipping_options`);
      expect(again.body.data.consignments[0].available_shipping_options).toEqual(con.available_shipping_options);

      const ups = con.available_shipping_options[2];
      const both = await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, { body: { address: ADDRESS, shipping_option_id: ups.id } });
      expect(both.status).toBe(422);
      const chosen = await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, { body: { shipping_option_id: ups.id } });
      expect(chosen.status).toBe(200);
      expectContract(chosen, sb);
      expect(chosen.body.data.consignments[0].selected_shipping_option).toEqual(ups);
      const subtotal = round2(item.list_price * 2);
      expect(chosen.body.data).toMatchObject({
        subtotal_ex_tax: subtotal,
        shipping_cost_total_inc_tax: ups.cost,
        grand_total: round2(subtotal + ups.cost),
        tax_total: 0,
      });

      const coupon = await call(sb, 'POST', `/v3/checkouts/${cart.id}/coupons`, { body: { coupon_code: 'sandbox10' } });
      expect(coupon.status).toBe(200);
      expectContract(coupon, sb);
      const off = Math.round((Math.round(subtotal * 100) * 10) / 100) / 100;
      expect(coupon.body.data.coupons).toEqual([
        { code: 'SANDBOX10', id: 1, coupon_type: 'percentage_discount', display_name: '10% off the order', discounted_amount: off },
      ]);
      expect(coupon.body.data.grand_total).toBeCloseTo(subtotal - off + ups.cost, 2);
      expect(events.map((e) => e.scope)).toContain('store/cart/couponApplied');
      const cartView = await call(sb, 'GET', `/v3/carts/${cart.id}`);
      expect(cartView.body.data).toMatchObject({
        base_amount: subtotal,
        cart_amount: round2(subtotal - off),
        coupons: [expect.objectContaining({ code: 'SANDBOX10', coupon_type: '1' })],
      });
      expect(cartView.body.data.line_items.physical_items[0]).toMatchObject({ coupon_amount: off, extended_sale_price: round2(subtotal - off) });
      expect((await call(sb, 'POST', `/v3/checkouts/${cart.id}/coupons`, { body: { coupon_code: 'TAKE5' } })).status).toBe(422);

      // A new address drops the chosen option: its quote no longer holds.
      const moved = await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, {
        body: { address: { ...ADDRESS, city: 'Dallas', postal_code: '75201' } },
      });
      expect(moved.body.data.consignments[0].selected_shipping_option).toBeUndefined();
      expect((await call(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, { body: { ...ADDRESS, phone: '555-0199' } })).status).toBe(422);
    });

    it('refuses an order without billing address, shipping address or shipping option, then creates an Incomplete order', async () => {
      const cart = (
        await createCart({
          customer_id: 3,
          line_items: [
            { product_id: plain.id, quantity: 1 },
            { product_id: onSale.id, quantity: 2 },
          ],
        })
      ).body.data;
      const [a, b] = cart.line_items.physical_items;
      const order = (): Promise<Res> => call(sb, 'POST', `/v3/checkouts/${cart.id}/orders`);
      const titles: string[] = [];
      let res = await order();
      titles.push(res.body.title);
      await call(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, { body: ADDRESS });
      const con = (
        await call(sb, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, {
          body: [
            {
              address: ADDRESS,
              line_items: [
                { item_id: a.id, quantity: 1 },
                { item_id: b.id, quantity: 1 },
              ],
            },
          ],
        })
      ).body.data.consignments[0];
      res = await order();
      titles.push(res.body.title);
      const more = await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, {
        body: {
          line_items: [
            { item_id: a.id, quantity: 1 },
            { item_id: b.id, quantity: 3 },
          ],
        },
      });
      expect(more.status).toBe(422);
      await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, {
        body: {
          line_items: [
            { item_id: a.id, quantity: 1 },
            { item_id: b.id, quantity: 2 },
          ],
        },
      });
      res = await order();
      titles.push(res.body.title);
      expect(titles).toEqual(['Missing billing address', 'A shipping address for this order is incomplete', 'Shipping option is missing']);
      const quotes = (await call(sb, 'GET', `/v3/checkouts/${cart.id}?include=consignments.available_shipping_options`)).body.data.consignments[0]
        .available_shipping_options;
      await call(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${con.id}`, { body: { shipping_option_id: quotes[0].id } });
      await call(sb, 'PUT', `/v3/checkouts/${cart.id}`, { body: { customer_message: 'Ring twice.' } });
      res = await order();
      expect(res.status).toBe(200);
      expectContract(res, sb);
      const id = res.body.data.id;
      expect(events.map((e) => [e.scope, Array.isArray(e.data) ? undefined : e.data.id])).toEqual(
        expect.arrayContaining([
          ['store/order/created', id],
          ['store/cart/converted', cart.id],
        ])
      );
      const checkout = await call(sb, 'GET', `/v3/checkouts/${cart.id}`);
      expect(checkout.body.data.order_id).toBe(String(id));

      const o = await call(sb, 'GET', `/v2/orders/${id}`);
      expect(o.status).toBe(200);
      expectContract(o, sb);
      const subtotal = round2(plain.price + onSale.sale_price * 2);
      expect(o.body).toMatchObject({
        id,
        customer_id: 3,
        channel_id: 1,
        status_id: 0,
        status: 'Incomplete',
        cart_id: cart.id,
        subtotal_ex_tax: subtotal.toFixed(4),
        shipping_cost_inc_tax: quotes[0].cost.toFixed(4),
        total_inc_tax: round2(subtotal + quotes[0].cost).toFixed(4),
        items_total: 3,
        customer_message: 'Ring twice.',
        payment_status: '',
        billing_address: expect.objectContaining({
          street_1: ADDRESS.address1,
          zip: ADDRESS.postal_code,
          country: 'United States',
          country_iso2: 'US',
          email: ADDRESS.email,
        }),
        products: { url: `${sb.apiBase}/v2/orders/${id}/products`, resource: `/orders/${id}/products` },
      });
      expect(o.body.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      const products = await call(sb, 'GET', `/v2/orders/${id}/products`);
      expectContract(products, sb);
      expect(products.body.map((p: { product_id: number; quantity: number; price_inc_tax: string }) => [p.product_id, p.quantity, p.price_inc_tax])).toEqual([
        [plain.id, 1, plain.price.toFixed(4)],
        [onSale.id, 2, onSale.sale_price.toFixed(4)],
      ]);
      const structured = await call(sb, 'GET', `/v2/orders/${id}?include=consignments&consignment_structure=object`);
      expectContract(structured, sb);
      expect(structured.body.consignments.shipping[0]).toMatchObject({ shipping_method: quotes[0].description, cost_inc_tax: quotes[0].cost, items_total: 3 });

      // Incomplete orders stay out of the default list.
      expect((await call(sb, 'GET', '/v2/orders?customer_id=3')).status).toBe(204);
      const incomplete = await call(sb, 'GET', '/v2/orders?customer_id=3&status_id=0');
      expect(incomplete.body.map((x: { id: number }) => x.id)).toEqual([id]);
    });

    it('pays an order on the payments host with a PAT: success marks it Awaiting Fulfillment and deletes the cart', async () => {
      const { cartId } = await readyCheckout(1);
      const orderId = (await call(sb, 'POST', `/v3/checkouts/${cartId}/orders`)).body.data.id;
      const methods = await call(sb, 'GET', `/v3/payments/methods?order_id=${orderId}`);
      expectContract(methods, sb);
      expect(methods.body.data.map((m: { id: string; test_mode: boolean }) => [m.id, m.test_mode])).toEqual([['stripe.card', true]]);
      const tokenRes = await call(sb, 'POST', '/v3/payments/access_tokens', { body: { order: { id: orderId, is_recurring: false } } });
      expect(tokenRes.status).toBe(201);
      const pat: string = tokenRes.body.data.id;
      expect(pat.split('.')).toHaveLength(3);
      const claims = JSON.parse(Buffer.from(pat.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ iss: 'payments.bigcommerce.com', sub: sb.storeHash, data: { order_id: orderId, currency: 'USD' } });
      expect(claims.exp - claims.iat).toBe(3600);

      // Wrong scheme or Accept header first: nothing is charged, the token stays usable.
      const bearer = await call(sb, 'POST', '/payments', {
        token: null,
        headers: { authorization: `Bearer ${pat}`, accept: 'application/vnd.bc.v1+json' },
        body: { payment: {} },
      });
      expect(bearer.status).toBe(401);
      expectContract(bearer, sb);
      const accept = await pay(pat, '4111111111111111', { accept: 'application/json' });
      expect(accept.status).toBe(400);
      expectContract(accept, sb);

      const paid = await pay(pat, '4111111111111111');
      expect(paid.status).toBe(201);
      expectContract(paid, sb);
      expect(paid.body.data).toMatchObject({ status: 'success', transaction_type: 'purchase', id: expect.any(String) });
      const order = (await call(sb, 'GET', `/v2/orders/${orderId}`)).body;
      expect(order).toMatchObject({
        status_id: 11,
        status: 'Awaiting Fulfillment',
        payment_status: 'captured',
        payment_method: 'Credit Card',
        payment_provider_id: paid.body.data.id,
      });
      expect((await call(sb, 'GET', `/v3/carts/${cartId}`)).status).toBe(404);
      expect(events.map((e) => e.scope)).toEqual(expect.arrayContaining(['store/order/statusUpdated', 'store/cart/deleted']));
      expect(events.find((e) => e.scope === 'store/order/statusUpdated')?.data).toEqual({
        type: 'order',
        id: orderId,
        status: { previous_status_id: 0, new_status_id: 11 },
      });
      // Paid orders are listed now.
      expect((await call(sb, 'GET', '/v2/orders?customer_id=1')).body.map((x: { id: number }) => x.id)).toContain(orderId);
      const count = await call(sb, 'GET', '/v2/orders/count');
      expect(count.body.statuses.find((s: { id: number }) => s.id === 11).count).toBeGreaterThanOrEqual(1);

      // The PAT is single use, and a paid order takes no new one.
      const replay = await pay(pat, '4111111111111111');
      expect([replay.status, replay.body.code]).toEqual([401, 30102]);
      const newToken = await call(sb, 'POST', '/v3/payments/access_tokens', { body: { order: { id: orderId } } });
      expect([newToken.status, newToken.body.code]).toEqual([422, 30101]);
      expectContract(newToken, sb);
    });

    it('declines test cards with the Payments API error codes, spends the PAT, and expires PATs after an hour', async () => {
      const { cartId } = await readyCheckout();
      const orderId = (await call(sb, 'POST', `/v3/checkouts/${cartId}/orders`)).body.data.id;
      const token = async (): Promise<string> => (await call(sb, 'POST', '/v3/payments/access_tokens', { body: { order: { id: orderId } } })).body.data.id;
      const declines: Array<[string, number]> = [
        ['4000000000000002', 30104],
        ['4000000000009995', 30106],
        ['4000000000000069', 30103],
        ['4111111111111112', 30102],
      ];
      for (const [number, code] of declines) {
        const pat = await token();
        const res = await pay(pat, number);
        expect({ number, status: res.status, code: res.body.code }).toEqual({ number, status: 422, code });
        expectContract(res, sb);
        expect((await pay(pat, '4111111111111111')).status).toBe(401);
      }
      const order = (await call(sb, 'GET', `/v2/orders/${orderId}?status_id=0`)).body;
      expect([order.status_id, order.payment_status]).toEqual([0, 'declined']);
      expect((await call(sb, 'GET', `/v3/carts/${cartId}`)).status).toBe(200);
      const missing = await call(sb, 'POST', '/payments', {
        token: null,
        headers: { authorization: `PAT ${await token()}`, accept: 'application/vnd.bc.v1+json' },
        body: { payment: { instrument: { type: 'card' }, payment_method_id: 'stripe.card' } },
      });
      expect([missing.status, missing.body.code]).toEqual([422, 10001]);
      expectContract(missing, sb);

      const late = await token();
      sb.catalog.now = () => Date.now() + 61 * 60_000;
      const expired = await pay(late, '4111111111111111');
      expect([expired.status, expired.body.title]).toEqual([401, expect.stringContaining('expired')]);
      sb.catalog.now = Date.now;
      expect((await pay(await token(), '4242424242424242')).status).toBe(201);
    });
  });

  describe('payments host', () => {
    it('takes injected faults and has its own quota (50 per 4 s), apart from the store quota', async () => {
      const own = await startSandbox({ products: 10, faults: { burst5xx: 1, errorStatus: 503 } });
      try {
        const noPat = () => call(own, 'POST', '/payments', { token: null, headers: { accept: 'application/vnd.bc.v1+json' }, body: { payment: {} } });
        const fault = await noPat();
        expect([fault.status, fault.body.status]).toEqual([503, 503]);
        expectContract(fault, own);
        const statuses: number[] = [];
        let last: Res | undefined;
        for (let i = 0; i < 51; i++) {
          last = await noPat();
          statuses.push(last.status);
        }
        // The fault spent no quota: 50 answers (401, no PAT), then 429.
        expect(statuses.filter((s) => s === 401)).toHaveLength(50);
        expect(statuses[50]).toBe(429);
        expect((last as Res).headers['x-rate-limit-requests-quota']).toBe('50');
        expect((last as Res).headers['x-rate-limit-time-window-ms']).toBe('4000');
        expectContract(last as Res, own);
        const store = await call(own, 'GET', '/v2/time');
        expect([store.status, store.headers['x-rate-limit-requests-quota'], store.headers['x-rate-limit-requests-left']]).toEqual([200, '150', '149']);
        expect(own.stats().byRoute['POST /payments']).toBe(52);
      } finally {
        await own.close();
      }
    });
  });

  describe('abandoned carts', () => {
    it('turns a cart into a recovery token (control plane), resolves it to the cart id, and fires store/cart/abandoned', async () => {
      let received: unknown[] = [];
      const server: Server = createServer((req, res) => {
        let raw = '';
        req.on('data', (c: Buffer) => (raw += c.toString()));
        req.on('end', () => {
          received.push(JSON.parse(raw));
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      try {
        const port = (server.address() as AddressInfo).port;
        expect(
          (await call(sb, 'POST', '/v3/hooks', { body: { scope: 'store/cart/*', destination: `http://127.0.0.1:${port}/hooks`, is_active: true } })).status
        ).toBe(200);
        const cart = (await createCart({ customer_id: 1, line_items: [{ product_id: plain.id, quantity: 1 }] })).body.data;
        const site = (await call(sb, 'GET', '/v3/channels/1/site')).body.data.id;
        await call(sb, 'POST', `/v3/sites/${site}/routes`, { body: { type: 'recover_abandoned_cart', matching: '*', route: '/recover-cart/' } });
        await sb.flushWebhooks();
        expect(received.map((p) => (p as { scope: string }).scope)).toEqual(['store/cart/created', 'store/cart/lineItem/created']);
        received = [];
        const ab = await control(sb, 'POST', `/carts/${cart.id}/abandon`);
        expect(ab.status).toBe(200);
        expect(ab.body).toEqual({
          cart_id: cart.id,
          token: expect.stringMatching(/^[0-9a-f]{32}$/),
          recovery_url: `https://store-${sb.storeHash}.mybigcommerce.com/recover-cart/?t=${ab.body.token}`,
        });
        const got = await call(sb, 'GET', `/v3/abandoned-carts/${ab.body.token}`);
        expect(got.status).toBe(200);
        expectContract(got, sb);
        expect(got.body).toEqual({ data: { cart_id: cart.id }, meta: {} });
        await sb.flushWebhooks();
        expect(received).toEqual([expect.objectContaining({ scope: 'store/cart/abandoned', data: { type: 'cart', id: cart.id, token: ab.body.token } })]);
        // Abandoning again keeps the token; a deleted cart's token is gone.
        expect((await control(sb, 'POST', `/carts/${cart.id}/abandon`)).body.token).toBe(ab.body.token);
        await call(sb, 'DELETE', `/v3/carts/${cart.id}`);
        expect((await call(sb, 'GET', `/v3/abandoned-carts/${ab.body.token}`)).status).toBe(404);
        expect((await control(sb, 'POST', `/carts/${cart.id}/abandon`)).status).toBe(404);
      } finally {
        for (const id of [...sb.catalog.hooks.keys()]) sb.catalog.hooks.delete(id);
        await new Promise((r) => server.close(r));
      }
    });
  });
});
