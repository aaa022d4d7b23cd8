// Multi-storefront depth of the sandbox: seeded channel listings (limit + after paging), price lists
// assigned to customer groups and channels, currencies with exchange rates, the prices Get Prices
// (Batch) computes from them, and the price-list webhook events.
import { SEED_CUSTOMERS, startSandbox, type CatalogEvent, type Sandbox } from '../sandbox';
import { call, describeIfSpecs, expectContract, specIndex } from './support';

interface Priced {
  product_id: number;
  variant_id?: number;
  price: { as_entered: number };
  sale_price?: { as_entered: number };
  calculated_price: { as_entered: number };
  price_range: { minimum: { as_entered: number }; maximum: { as_entered: number } };
}

describeIfSpecs('listings, price lists, currencies and batch pricing', () => {
  let sb: Sandbox;
  const events: CatalogEvent[] = [];

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({ products: 100, rateLimit: false });
    const deliver = sb.catalog.onEvent;
    sb.catalog.onEvent = (e) => {
      events.push(e);
      deliver(e);
    };
  });

  afterAll(async () => {
    await sb?.close();
  });

  const prices = async (body: Record<string, unknown>): Promise<Priced[]> => {
    const res = await call(sb, 'POST', '/v3/pricing/products', { body });
    expect(res.status).toBe(200);
    expectContract(res, sb);
    return res.body.data;
  };
  /** A simple product (one variant) on both channels, with a Wholesale record in USD only (ids not divisible by 3). */
  const simpleOnBoth = (): { pid: number; variant: number; calculated: number } => {
    const core = [...sb.catalog.products.values()].find(
      (p) => p.id <= 40 && p.id % 3 !== 0 && p.channels.includes(1) && p.channels.includes(2) && sb.catalog.variantCount(p) === 1
    );
    if (!core) throw new Error('seed lacks a simple product on both channels');
    const v = sb.catalog.variantsOf(core)[0];
    return { pid: core.id, variant: v.id, calculated: v.calculated_price };
  };

  it('gives a guest the catalog price, the Wholesale group its list price, and shopper2 (Wholesale) the same through customer_id', async () => {
    const { pid, variant, calculated } = simpleOnBoth();
    const [guest] = await prices({ channel_id: 1, currency_code: 'USD', items: [{ product_id: pid }] });
    expect(guest.calculated_price.as_entered).toBe(calculated);
    const record = (await call(sb, 'GET', `/v3/pricelists/1/records/${variant}/USD`)).body.data;
    expect(record.price).toBeLessThan(calculated);
    const [wholesale] = await prices({ channel_id: 1, currency_code: 'USD', customer_group_id: 1, items: [{ product_id: pid, variant_id: variant }] });
    expect(wholesale).toMatchObject({
      product_id: pid,
      variant_id: variant,
      price: { as_entered: record.price },
      calculated_price: { as_entered: record.price },
    });
    expect(wholesale.sale_price).toBeUndefined();
    const shopper2 = (await call(sb, 'GET', `/v3/customers?email:in=${SEED_CUSTOMERS[1].email}`)).body.data[0];
    expect(shopper2.customer_group_id).toBe(1);
    const shopper1 = (await call(sb, 'GET', `/v3/customers?email:in=${SEED_CUSTOMERS[0].email}`)).body.data[0];
    expect(shopper1.customer_group_id).toBe(0);
    const [viaCustomer] = await prices({ channel_id: 2, currency_code: 'USD', customer_id: shopper2.id, items: [{ product_id: pid }] });
    expect(viaCustomer.calculated_price.as_entered).toBe(record.price);
    const [retail] = await prices({ channel_id: 1, currency_code: 'USD', customer_id: shopper1.id, items: [{ product_id: pid }] });
    expect(retail.calculated_price.as_entered).toBe(calculated);
  });

  it("gives channel 2's guests the Outlet list (a channel-wide assignment), sale price included", async () => {
    const { pid, variant } = simpleOnBoth();
    const outlet = (await call(sb, 'GET', `/v3/pricelists/2/records/${variant}/USD`)).body.data;
    const [guest] = await prices({ channel_id: 2, currency_code: 'USD', items: [{ product_id: pid }] });
    expect(guest.price.as_entered).toBe(outlet.price);
    expect(guest.calculated_price.as_entered).toBe(outlet.sale_price ?? outlet.price);
    expect(guest.sale_price?.as_entered).toBe(outlet.sale_price);
  });

  it('converts with the exchange rate, unless the list has a record in that currency; a currency the channel lacks is a 422', async () => {
    const currencies = await call(sb, 'GET', '/v2/currencies');
    expectContract(currencies, sb);
    const eur = currencies.body.find((c: { currency_code: string }) => c.currency_code === 'EUR');
    const rate = Number(eur.currency_exchange_rate);
    expect(rate).not.toBe(1);
    const { pid, calculated } = simpleOnBoth();
    const [guest] = await prices({ channel_id: 1, currency_code: 'EUR', items: [{ product_id: pid }] });
    expect(guest.calculated_price.as_entered).toBe(Math.round(calculated * rate * 100) / 100);
    // Product 3 (a multiple of 3) has Wholesale records in EUR: used as entered, not converted.
    const eurRecord = (await call(sb, 'GET', '/v3/pricelists/1/records?product_id:in=3&currency=EUR')).body.data[0];
    const [own] = await prices({ channel_id: 1, currency_code: 'EUR', customer_group_id: 1, items: [{ product_id: 3, variant_id: eurRecord.variant_id }] });
    expect(own.calculated_price.as_entered).toBe(eurRecord.sale_price ?? eurRecord.price);
    const bad = await call(sb, 'POST', '/v3/pricing/products', { body: { channel_id: 2, currency_code: 'EUR', items: [{ product_id: pid }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty('currency_code');
    expectContract(bad, sb);
    // Enabling EUR on channel 2 emits the channel's currency event and makes the request valid.
    const enabled = await call(sb, 'PUT', '/v3/channels/2/currency-assignments', { body: { enabled_currencies: ['USD', 'EUR'], default_currency: 'USD' } });
    expectContract(enabled, sb);
    expect(events.map((e) => e.scope)).toContain('store/channel/2/settings/currency/updated');
    expect((await call(sb, 'POST', '/v3/pricing/products', { body: { channel_id: 2, currency_code: 'EUR', items: [{ product_id: pid }] } })).status).toBe(200);
    const unknown = await call(sb, 'GET', '/v3/channels/77/currency-assignments');
    expect(unknown.status).toBe(404);
    expectContract(unknown, sb);
  });

  it('ranges a product with options over its variants', async () => {
    const core = [...sb.catalog.products.values()].find((p) => p.channels.includes(1) && sb.catalog.variantCount(p) > 2);
    if (!core) throw new Error('seed lacks a product with options');
    const calc = sb.catalog.variantsOf(core).map((v) => v.calculated_price);
    const [item] = await prices({ channel_id: 1, currency_code: 'USD', items: [{ product_id: core.id }] });
    expect(item.price_range).toEqual({
      minimum: expect.objectContaining({ as_entered: Math.min(...calc) }),
      maximum: expect.objectContaining({ as_entered: Math.max(...calc) }),
    });
  });

  it('emits the documented price-list events for list, record and assignment writes', async () => {
    events.length = 0;
    const list = await call(sb, 'POST', '/v3/pricelists', { body: { name: 'VIP', active: false } });
    expectContract(list, sb);
    const id = list.body.data.id;
    await call(sb, 'PUT', `/v3/pricelists/${id}`, { body: { name: 'VIP', active: true } });
    const v = simpleOnBoth().variant;
    await call(sb, 'PUT', `/v3/pricelists/${id}/records`, { body: [{ variant_id: v, currency: 'USD', price: 1 }] });
    await call(sb, 'PUT', `/v3/pricelists/${id}/records`, { body: [{ variant_id: v, currency: 'USD', price: 2 }] });
    await call(sb, 'PUT', `/v3/pricelists/${id}/records/${v}/EUR`, { body: { price: 3 } });
    await call(sb, 'DELETE', `/v3/pricelists/${id}/records/${v}/EUR`);
    await call(sb, 'PUT', `/v3/pricelists/${id}/assignments`, { body: { customer_group_id: 1, channel_id: 1 } });
    await call(sb, 'DELETE', `/v3/pricelists/assignments?price_list_id=${id}`);
    await call(sb, 'DELETE', `/v3/pricelists/${id}/records`);
    await call(sb, 'DELETE', `/v3/pricelists/${id}`);
    const key = { price_list_id: id, variant_id: v };
    expect(events).toEqual([
      { scope: 'store/priceList/created', data: { price_list_id: id } },
      { scope: 'store/priceList/updated', data: { price_list_id: id } },
      { scope: 'store/priceList/activated', data: { price_list_id: id } },
      { scope: 'store/priceList/records/created', data: [{ ...key, currency_code: 'USD' }] },
      { scope: 'store/priceList/records/updated', data: [{ ...key, currency_code: 'USD' }] },
      { scope: 'store/priceList/record/created', data: { ...key, currency_code: 'EUR' } },
      { scope: 'store/priceList/record/deleted', data: { ...key, currency_code: 'EUR' } },
      { scope: 'store/priceList/assignment/updated', data: { price_list_id: id, customer_group_id: 1, channel_id: 1 } },
      { scope: 'store/priceList/assignment/deleted', data: { price_list_id: id, customer_group_id: 1, channel_id: 1 } },
      { scope: 'store/priceList/records/deleted', data: [{ ...key, currency_code: 'USD' }] },
      { scope: 'store/priceList/deleted', data: { price_list_id: id } },
    ]);
  });

  it('the assigned list of the group on the channel wins over the group-wide and channel-wide ones', async () => {
    const { pid, variant } = simpleOnBoth();
    const list = (await call(sb, 'POST', '/v3/pricelists', { body: { name: 'Wholesale-2', active: true } })).body.data.id;
    await call(sb, 'PUT', `/v3/pricelists/${list}/records`, { body: [{ variant_id: variant, currency: 'USD', price: 0.5 }] });
    // Group 1 everywhere: channel 2 keeps its own group-and-channel assignment (Wholesale).
    const created = await call(sb, 'POST', '/v3/pricelists/assignments', { body: [{ price_list_id: list, customer_group_id: 1 }] });
    expect(created.status).toBe(200);
    const wholesale = (await call(sb, 'GET', `/v3/pricelists/1/records/${variant}/USD`)).body.data.price;
    const [ch2] = await prices({ channel_id: 2, currency_code: 'USD', customer_group_id: 1, items: [{ product_id: pid }] });
    expect(ch2.calculated_price.as_entered).toBe(wholesale);
    // Without its channel-1 assignment the group falls back to its group-wide list there.
    await call(sb, 'DELETE', '/v3/pricelists/assignments?id=1');
    const [ch1] = await prices({ channel_id: 1, currency_code: 'USD', customer_group_id: 1, items: [{ product_id: pid }] });
    expect(ch1.calculated_price.as_entered).toBe(0.5);
    // A deactivated list no longer applies.
    await call(sb, 'PUT', `/v3/pricelists/${list}`, { body: { name: 'Wholesale-2', active: false } });
    const [off] = await prices({ channel_id: 1, currency_code: 'USD', customer_group_id: 1, items: [{ product_id: pid }] });
    expect(off.calculated_price.as_entered).toBe(sb.catalog.variantsOf(sb.catalog.product(pid))[0].calculated_price);
  });

  it('seeds listings per channel (some disabled, some with their own name) and pages them with limit and after', async () => {
    for (const channel of [1, 2]) {
      const seen: Array<{ listing_id: number; product_id: number; state: string; name: string; variants: Array<{ state: string }> }> = [];
      let path = `/v3/channels/${channel}/listings?limit=4`;
      for (let guard = 0; guard < 50; guard++) {
        const page = await call(sb, 'GET', path);
        expect(page.status).toBe(200);
        expectContract(page, sb);
        expect(page.body.data.length).toBeLessThanOrEqual(4);
        seen.push(...page.body.data);
        const next = page.body.meta.pagination.links.next as string | undefined;
        if (!next) break;
        expect(next).toContain(`after=${page.body.data[page.body.data.length - 1].listing_id}`);
        path = `/v3/channels/${channel}/listings${next}`;
      }
      const total = (await call(sb, 'GET', `/v3/channels/${channel}/listings?limit=250`)).body.meta.pagination.total;
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((l) => l.listing_id)).size).toBe(total);
      expect(seen.every((l) => sb.catalog.product(l.product_id).channels.includes(channel))).toBe(true);
      expect(seen.some((l) => l.state === 'disabled')).toBe(true);
      expect(seen.some((l) => l.state === 'active')).toBe(true);
      expect(seen.some((l) => l.name !== sb.catalog.product(l.product_id).name)).toBe(true);
      expect(seen.filter((l) => l.state === 'disabled').every((l) => l.variants.every((v) => v.state === 'disabled'))).toBe(true);
    }
    const unknown = await call(sb, 'GET', '/v3/channels/77/listings');
    expect(unknown.status).toBe(400);
    expectContract(unknown, sb);
  });

  it('seeds the same listings and prices for the same seed', async () => {
    const other = await startSandbox({ products: 100, rateLimit: false });
    try {
      const a = (await call(other, 'GET', '/v3/channels/1/listings?limit=250')).body.data;
      const b = (await call(sb, 'GET', '/v3/channels/1/listings?limit=250')).body.data;
      expect(a).toEqual(b);
      expect((await call(other, 'GET', '/v3/pricelists/2/records?limit=250')).body).toEqual((await call(sb, 'GET', '/v3/pricelists/2/records?limit=250')).body);
    } finally {
      await other.close();
    }
  });
});
