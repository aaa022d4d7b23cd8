// Customer groups, currencies (with exchange rates and per-channel assignments), price lists with
// their records and assignments, and the batch pricing they combine into (POST /v3/pricing/products).
// Seeded from its own generator stream, so the catalog's and customers' draws are unchanged.
import { ApiError, conflict, invalid, notFound } from '../errors';
import { bcDate, GENERATED_AT, mix, mulberry32 } from '../generator';
import type { ProductCore } from '../types';
import { fail, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

export interface CustomerGroup {
  id: number;
  name: string;
  is_default: boolean;
  is_group_for_guests: boolean;
  category_access: { type: 'all' | 'specific' | 'none'; categories: number[] };
  discount_rules: Json[];
  date_created: string;
  date_modified: string;
}

export interface Currency {
  id: number;
  currency_code: string;
  name: string;
  /** A decimal string, as the v2 API sends it; 1 unit of the default currency = this many units. */
  currency_exchange_rate: string;
  is_default: boolean;
  enabled: boolean;
  is_transactional: boolean;
  country_iso2: string;
  default_for_country_codes: string[];
  token: string;
  token_location: 'left' | 'right';
  decimal_token: string;
  thousands_token: string;
  decimal_places: number;
  auto_update: boolean;
  use_default_name: boolean;
  last_updated: string;
}

export interface ChannelCurrencies {
  channel_id: number;
  enabled_currencies: string[];
  default_currency: string;
}

export interface PriceList {
  id: number;
  name: string;
  active: boolean;
  date_created: string;
  date_modified: string;
}

export interface BulkTier {
  quantity_min: number;
  quantity_max: number;
  type: 'fixed' | 'price' | 'percent';
  amount: number;
}

export interface PriceRecord {
  price_list_id: number;
  variant_id: number;
  product_id: number;
  sku: string;
  currency: string;
  price: number;
  sale_price?: number;
  retail_price?: number;
  map_price?: number;
  bulk_pricing_tiers: BulkTier[];
  date_created: string;
  date_modified: string;
}

export interface PriceListAssignment {
  id: number;
  price_list_id: number;
  /** Absent: every shopper of the channel. */
  customer_group_id?: number;
  /** Absent: the group on every channel. */
  channel_id?: number;
}

/** Prices of one item, before they are shaped into the pricing API's tax-aware objects. */
export interface ItemPrices {
  product_id: number;
  variant_id?: number;
  price: number;
  sale_price?: number;
  retail_price?: number;
  map_price?: number;
  calculated_price: number;
  range: [number, number];
  retail_range?: [number, number];
  bulk: BulkTier[];
  /** The price list the prices came from, if any. */
  price_list_id?: number;
}

export interface PricingQuery {
  channel_id: number;
  currency_code: string;
  customer_group_id?: number;
  items: Array<{ product_id: number; variant_id?: number }>;
}

/** The seeded wholesale group; shopper2 belongs to it. */
export const WHOLESALE_GROUP_ID = 1;
/** Seeded price lists: Wholesale (group 1 on channels 1 and 2) and Outlet (every shopper of channel 2). */
export const WHOLESALE_LIST_ID = 1;
export const OUTLET_LIST_ID = 2;
/** Products whose variants get seeded price records. */
const PRICED_PRODUCTS = 40;
const CURRENCY_CODE = /^[A-Z]{3}$/;

const money = (n: number, places = 2): number => Math.round(n * 10 ** places) / 10 ** places;
const recordKey = (listId: number, variantId: number, currency: string): string => `${listId}:${variantId}:${currency}`;

export class PricingStore {
  readonly groups = new Map<number, CustomerGroup>();
  readonly currencies = new Map<number, Currency>();
  readonly channelCurrencies = new Map<number, ChannelCurrencies>();
  readonly priceLists = new Map<number, PriceList>();
  readonly records = new Map<string, PriceRecord>();
  readonly assignments = new Map<number, PriceListAssignment>();
  private readonly next = { group: 2, currency: 3, list: 3, assignment: 1 };

  constructor(private readonly store: SandboxStore) {
    const seededAt = bcDate(GENERATED_AT - 300 * 86_400_000);
    this.groups.set(WHOLESALE_GROUP_ID, {
      id: WHOLESALE_GROUP_ID,
      name: 'Wholesale',
      is_default: false,
      is_group_for_guests: false,
      category_access: { type: 'all', categories: [] },
      discount_rules: [{ type: 'price_list', price_list_id: WHOLESALE_LIST_ID }],
      date_created: seededAt,
      date_modified: seededAt,
    });
    const currency = (id: number, code: string, name: string, rate: string, extra: Partial<Currency>): Currency => ({
      id,
      currency_code: code,
      name,
      currency_exchange_rate: rate,
      is_default: false,
      enabled: true,
      is_transactional: true,
      country_iso2: '',
      default_for_country_codes: [],
      token: '$',
      token_location: 'left',
      decimal_token: '.',
      thousands_token: ',',
      decimal_places: 2,
      auto_update: false,
      use_default_name: true,
      last_updated: seededAt,
      ...extra,
    });
    this.currencies.set(1, currency(1, 'USD', 'US Dollars', '1.0000000000', { is_default: true, country_iso2: 'US', default_for_country_codes: ['US'] }));
    this.currencies.set(
      2,
      currency(2, 'EUR', 'Euro', '0.9200000000', {
        country_iso2: 'DE',
        default_for_country_codes: ['DE', 'FR'],
        token: '€',
        token_location: 'right',
        decimal_token: ',',
        thousands_token: '.',
      })
    );
    this.channelCurrencies.set(1, { channel_id: 1, enabled_currencies: ['USD', 'EUR'], default_currency: 'USD' });
    this.channelCurrencies.set(2, { channel_id: 2, enabled_currencies: ['USD'], default_currency: 'USD' });

    this.priceLists.set(WHOLESALE_LIST_ID, { id: WHOLESALE_LIST_ID, name: 'Wholesale', active: true, date_created: seededAt, date_modified: seededAt });
    this.priceLists.set(OUTLET_LIST_ID, { id: OUTLET_LIST_ID, name: 'Outlet', active: true, date_created: seededAt, date_modified: seededAt });
    this.seedRecords(seededAt);
    this.assignments.set(1, { id: 1, price_list_id: WHOLESALE_LIST_ID, customer_group_id: WHOLESALE_GROUP_ID, channel_id: 1 });
    this.assignments.set(2, { id: 2, price_list_id: WHOLESALE_LIST_ID, customer_group_id: WHOLESALE_GROUP_ID, channel_id: 2 });
    this.assignments.set(3, { id: 3, price_list_id: OUTLET_LIST_ID, channel_id: 2 });
    this.next.assignment = 4;
  }

  /** Wholesale: 20-35 % off every variant of the first products (EUR records for a third of them); Outlet: channel 2's products, some on sale. */
  private seedRecords(at: string): void {
    const rng = mulberry32(mix(this.store.seed, 0x7072_6963));
    for (let pid = 1; pid <= PRICED_PRODUCTS; pid++) {
      const core = this.store.catalog.products.get(pid);
      if (!core) continue;
      const discount = 0.65 + Math.floor(rng() * 16) / 100;
      const onSale = rng() < 0.4;
      const withEur = pid % 3 === 0;
      for (const v of this.store.catalog.variantsOf(core)) {
        // Off the price a guest pays (sale price included), so a list price is always the better deal.
        const base = v.calculated_price;
        const rec = (listId: number, currency: string, price: number, sale?: number): void => {
          const r: PriceRecord = {
            price_list_id: listId,
            variant_id: v.id,
            product_id: core.id,
            sku: v.sku,
            currency,
            price,
            bulk_pricing_tiers: [],
            date_created: at,
            date_modified: at,
          };
          if (sale !== undefined) r.sale_price = sale;
          this.records.set(recordKey(listId, v.id, currency), r);
        };
        rec(WHOLESALE_LIST_ID, 'USD', money(base * discount));
        if (withEur) rec(WHOLESALE_LIST_ID, 'EUR', money(base * discount * 0.9));
        if (core.channels.includes(2)) rec(OUTLET_LIST_ID, 'USD', money(base * 0.9), onSale ? money(base * 0.75) : undefined);
      }
    }
  }

  // ------------------------------------------------------------------ customer groups, currencies

  group(id: number): CustomerGroup {
    const g = this.groups.get(id);
    if (!g) throw notFound('Customer group', id);
    return g;
  }

  currency(id: number): Currency {
    const c = this.currencies.get(id);
    if (!c) throw notFound('Currency', id);
    return c;
  }

  currencyByCode(code: string): Currency | undefined {
    return [...this.currencies.values()].find((c) => c.currency_code === code);
  }

  get defaultCurrency(): Currency {
    return [...this.currencies.values()].find((c) => c.is_default) as Currency;
  }

  /** A channel's currencies; a channel with no assignment of its own uses the store's default currency. */
  currenciesOf(channelId: number): ChannelCurrencies {
    this.store.channels.channel(channelId);
    const code = this.defaultCurrency.currency_code;
    return this.channelCurrencies.get(channelId) ?? { channel_id: channelId, enabled_currencies: [code], default_currency: code };
  }

  setChannelCurrencies(channelId: number, raw: unknown): ChannelCurrencies {
    this.store.channels.channel(channelId);
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    const enabled = input.enabled_currencies;
    if (!Array.isArray(enabled) || enabled.length === 0 || enabled.some((c) => typeof c !== 'string' || !this.currencyByCode(c)?.enabled)) {
      errors.enabled_currencies = 'enabled_currencies must list currencies the store has enabled.';
    }
    if (typeof input.default_currency !== 'string' || !Array.isArray(enabled) || !enabled.includes(input.default_currency)) {
      errors.default_currency = 'default_currency must be one of enabled_currencies.';
    }
    fail(errors);
    const out: ChannelCurrencies = {
      channel_id: channelId,
      enabled_currencies: [...new Set(enabled as string[])],
      default_currency: input.default_currency as string,
    };
    this.channelCurrencies.set(channelId, out);
    this.store.emit(`store/channel/${channelId}/settings/currency/updated`, { channel_id: channelId });
    return out;
  }

  // ------------------------------------------------------------------ price lists

  priceList(id: number): PriceList {
    const l = this.priceLists.get(id);
    if (!l) throw notFound('Price list', id);
    return l;
  }

  private checkList(raw: unknown, current?: PriceList): Json {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (typeof input.name !== 'string' || input.name.trim() === '') errors.name = 'name is required.';
    if (input.active !== undefined && typeof input.active !== 'boolean') errors.active = 'active must be a boolean.';
    fail(errors);
    if ([...this.priceLists.values()].some((l) => l !== current && l.name === input.name)) {
      throw conflict('A price list with this name already exists.', { name: 'Price list names must be unique.' });
    }
    return input;
  }

  createList(raw: unknown): PriceList {
    const input = this.checkList(raw);
    const now = this.store.stamp();
    const l: PriceList = {
      id: this.next.list++,
      name: input.name as string,
      active: (input.active as boolean | undefined) ?? false,
      date_created: now,
      date_modified: now,
    };
    this.priceLists.set(l.id, l);
    this.store.emit('store/priceList/created', { price_list_id: l.id });
    return l;
  }

  updateList(id: number, raw: unknown): PriceList {
    const l = this.priceList(id);
    const input = this.checkList(raw, l);
    const wasActive = l.active;
    l.name = input.name as string;
    if (typeof input.active === 'boolean') l.active = input.active;
    l.date_modified = this.store.stamp();
    this.store.emit('store/priceList/updated', { price_list_id: id });
    if (l.active !== wasActive) this.store.emit(l.active ? 'store/priceList/activated' : 'store/priceList/deactivated', { price_list_id: id });
    return l;
  }

  /** Deletes lists with their records and assignments; one event per list, or the batch event for a filtered delete. */
  deleteLists(ids: number[], batch: boolean): void {
    const gone = ids.filter((id) => this.priceLists.delete(id));
    for (const [k, r] of this.records) if (gone.includes(r.price_list_id)) this.records.delete(k);
    for (const [k, a] of this.assignments) if (gone.includes(a.price_list_id)) this.assignments.delete(k);
    if (!gone.length) return;
    if (batch) this.store.emit('store/priceLists/deleted', { price_list_ids: gone });
    else for (const id of gone) this.store.emit('store/priceList/deleted', { price_list_id: id });
  }

  // ------------------------------------------------------------------ records

  recordsOf(listId: number): PriceRecord[] {
    this.priceList(listId);
    return [...this.records.values()]
      .filter((r) => r.price_list_id === listId)
      .sort((a, b) => a.variant_id - b.variant_id || a.currency.localeCompare(b.currency));
  }

  record(listId: number, variantId: number, currency: string): PriceRecord {
    this.priceList(listId);
    const r = this.records.get(recordKey(listId, variantId, currency.toUpperCase()));
    if (!r) throw notFound(`Price record of variant ${variantId} in ${currency}`);
    return r;
  }

  /** Checks one record's prices; `at` prefixes error keys (batch index). */
  private checkPrices(input: Json, at: string, errors: Record<string, string>, requirePrice: boolean): void {
    if (requirePrice || input.price !== undefined) {
      if (typeof input.price !== 'number' || !Number.isFinite(input.price) || input.price < 0) errors[`${at}price`] = 'price must be a number of zero or more.';
    }
    for (const k of ['sale_price', 'retail_price', 'map_price'] as const) {
      const v = input[k];
      if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
        errors[`${at}${k}`] = `${k} must be a number of zero or more.`;
    }
    const tiers = input.bulk_pricing_tiers;
    if (
      tiers !== undefined &&
      (!Array.isArray(tiers) ||
        tiers.some(
          (t: Json) =>
            typeof t !== 'object' ||
            t === null ||
            !Number.isInteger(t.quantity_min) ||
            !['fixed', 'price', 'percent'].includes(t.type as string) ||
            typeof t.amount !== 'number'
        ))
    ) {
      errors[`${at}bulk_pricing_tiers`] = 'bulk_pricing_tiers must be a list of {quantity_min, quantity_max, type, amount}.';
    }
  }

  private write(listId: number, variantId: number, currency: string, input: Json): { record: PriceRecord; created: boolean } {
    const found = this.store.catalog.findVariant(variantId);
    const core = found?.core as ProductCore;
    const key = recordKey(listId, variantId, currency);
    const old = this.records.get(key);
    const now = this.store.stamp();
    const sku = this.store.catalog.variantsOf(core).find((v) => v.id === variantId)?.sku ?? '';
    const r: PriceRecord = {
      price_list_id: listId,
      variant_id: variantId,
      product_id: core.id,
      sku,
      currency,
      price: (input.price as number | undefined) ?? (old?.price as number),
      bulk_pricing_tiers: (input.bulk_pricing_tiers as BulkTier[] | undefined) ?? old?.bulk_pricing_tiers ?? [],
      date_created: old?.date_created ?? now,
      date_modified: now,
    };
    for (const k of ['sale_price', 'retail_price', 'map_price'] as const) {
      const v = input[k] === undefined ? old?.[k] : (input[k] as number | null);
      if (typeof v === 'number') r[k] = v;
    }
    this.records.set(key, r);
    return { record: r, created: !old };
  }

  private checkTarget(variantId: unknown, currency: unknown, at: string, errors: Record<string, string>): void {
    if (!Number.isInteger(variantId) || !this.store.catalog.findVariant(variantId as number)) errors[`${at}variant_id`] = 'Variant does not exist.';
    if (typeof currency !== 'string' || !CURRENCY_CODE.test(currency.toUpperCase()) || !this.currencyByCode(currency.toUpperCase())) {
      errors[`${at}currency`] = 'currency must be the code of one of the store currencies.';
    }
  }

  /** PUT /pricelists/{id}/records: all or nothing; one batch event per kind of change. */
  upsertRecords(listId: number, raw: unknown): void {
    this.priceList(listId);
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of price records.' });
    if (raw.length > 1000) throw invalid({ body: 'At most 1000 price records per request.' });
    const errors: Record<string, string> = {};
    raw.forEach((item: unknown, i) => {
      const at = `[${i}].`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        errors[`[${i}]`] = 'A price record must be an object.';
        return;
      }
      const r = item as Json;
      this.checkTarget(r.variant_id, r.currency, at, errors);
      const exists = typeof r.currency === 'string' && this.records.has(recordKey(listId, r.variant_id as number, r.currency.toUpperCase()));
      this.checkPrices(r, at, errors, !exists);
    });
    fail(errors);
    const created: Json[] = [];
    const updated: Json[] = [];
    for (const item of raw as Json[]) {
      const currency = (item.currency as string).toUpperCase();
      const { created: isNew } = this.write(listId, item.variant_id as number, currency, item);
      (isNew ? created : updated).push({ price_list_id: listId, variant_id: item.variant_id, currency_code: currency });
    }
    if (created.length) this.store.emit('store/priceList/records/created', created);
    if (updated.length) this.store.emit('store/priceList/records/updated', updated);
  }

  /** PUT /pricelists/{id}/records/{variant_id}/{currency_code}. */
  setRecord(listId: number, variantId: number, currencyRaw: string, raw: unknown): PriceRecord {
    this.priceList(listId);
    const currency = currencyRaw.toUpperCase();
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    this.checkTarget(variantId, currency, '', errors);
    this.checkPrices(input, '', errors, !this.records.has(recordKey(listId, variantId, currency)));
    fail(errors);
    const { record, created } = this.write(listId, variantId, currency, input);
    this.store.emit(created ? 'store/priceList/record/created' : 'store/priceList/record/updated', {
      price_list_id: listId,
      variant_id: variantId,
      currency_code: currency,
    });
    return record;
  }

  deleteRecord(listId: number, variantId: number, currencyRaw: string): void {
    this.priceList(listId);
    const currency = currencyRaw.toUpperCase();
    if (this.records.delete(recordKey(listId, variantId, currency))) {
      this.store.emit('store/priceList/record/deleted', { price_list_id: listId, variant_id: variantId, currency_code: currency });
    }
  }

  /** DELETE /pricelists/{id}/records with variant_id:in and/or currency; without a filter, every record of the list. */
  deleteRecords(listId: number, variantIds: number[] | undefined, currency: string | undefined): void {
    const gone = this.recordsOf(listId).filter(
      (r) => (!variantIds || variantIds.includes(r.variant_id)) && (!currency || r.currency === currency.toUpperCase())
    );
    for (const r of gone) this.records.delete(recordKey(listId, r.variant_id, r.currency));
    if (gone.length) {
      this.store.emit(
        'store/priceList/records/deleted',
        gone.map((r) => ({ price_list_id: listId, variant_id: r.variant_id, currency_code: r.currency }))
      );
    }
  }

  // ------------------------------------------------------------------ assignments

  private checkAssignment(item: Json, at: string, errors: Record<string, string>, listRequired: boolean): void {
    if (listRequired && (!Number.isInteger(item.price_list_id) || !this.priceLists.has(item.price_list_id as number)))
      errors[`${at}price_list_id`] = 'Price list does not exist.';
    const g = item.customer_group_id;
    if (g !== undefined && g !== null && (!Number.isInteger(g) || !this.groups.has(g as number)))
      errors[`${at}customer_group_id`] = 'Customer group does not exist.';
    const c = item.channel_id;
    if (c !== undefined && c !== null && (!Number.isInteger(c) || !this.store.channels.channels.has(c as number)))
      errors[`${at}channel_id`] = 'Channel does not exist.';
    if ((g === undefined || g === null) && (c === undefined || c === null))
      errors[`${at}channel_id`] = 'An assignment needs a channel_id, a customer_group_id or both.';
  }

  /** One list per (group, channel) pair: a new assignment replaces the pair's old one. */
  private assign(listId: number, groupId: number | undefined, channelId: number | undefined): PriceListAssignment {
    const same = [...this.assignments.values()].find((a) => a.customer_group_id === groupId && a.channel_id === channelId);
    const a: PriceListAssignment = { id: same?.id ?? this.next.assignment++, price_list_id: listId };
    if (groupId !== undefined) a.customer_group_id = groupId;
    if (channelId !== undefined) a.channel_id = channelId;
    this.assignments.set(a.id, a);
    this.store.emit('store/priceList/assignment/updated', { price_list_id: listId, channel_id: channelId ?? 0, customer_group_id: groupId ?? 0 });
    return a;
  }

  createAssignments(raw: unknown): PriceListAssignment[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of assignments.' });
    const errors: Record<string, string> = {};
    raw.forEach((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) errors[`[${i}]`] = 'An assignment must be an object.';
      else this.checkAssignment(item as Json, `[${i}].`, errors, true);
    });
    fail(errors);
    return (raw as Json[]).map((a) =>
      this.assign(a.price_list_id as number, (a.customer_group_id as number | null) ?? undefined, (a.channel_id as number | null) ?? undefined)
    );
  }

  /** PUT /pricelists/{id}/assignments: both keys are required there. */
  upsertAssignment(listId: number, raw: unknown): PriceListAssignment {
    this.priceList(listId);
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(input.customer_group_id)) errors.customer_group_id = 'customer_group_id is required.';
    if (!Number.isInteger(input.channel_id)) errors.channel_id = 'channel_id is required.';
    if (!Object.keys(errors).length) this.checkAssignment(input, '', errors, false);
    fail(errors);
    return this.assign(listId, input.customer_group_id as number, input.channel_id as number);
  }

  deleteAssignments(match: (a: PriceListAssignment) => boolean): void {
    for (const a of [...this.assignments.values()].filter(match)) {
      this.assignments.delete(a.id);
      this.store.emit('store/priceList/assignment/deleted', {
        price_list_id: a.price_list_id,
        channel_id: a.channel_id ?? 0,
        customer_group_id: a.customer_group_id ?? 0,
      });
    }
  }

  // ------------------------------------------------------------------ pricing

  /** The active list that applies: the group's on this channel, else the group's everywhere, else the channel's. */
  listFor(channelId: number, groupId: number | undefined): PriceList | undefined {
    const all = [...this.assignments.values()].filter((a) => this.priceLists.get(a.price_list_id)?.active);
    const hit =
      (groupId ? all.find((a) => a.customer_group_id === groupId && a.channel_id === channelId) : undefined) ??
      (groupId ? all.find((a) => a.customer_group_id === groupId && a.channel_id === undefined) : undefined) ??
      all.find((a) => a.customer_group_id === undefined && a.channel_id === channelId);
    return hit ? this.priceLists.get(hit.price_list_id) : undefined;
  }

  checkPricingQuery(raw: unknown): PricingQuery {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(input.channel_id)) errors.channel_id = 'channel_id is required.';
    else if (!this.store.channels.channels.has(input.channel_id as number)) errors.channel_id = `Channel ${String(input.channel_id)} does not exist.`;
    if (typeof input.currency_code !== 'string') errors.currency_code = 'currency_code is required.';
    else if (!errors.channel_id && !this.currenciesOf(input.channel_id as number).enabled_currencies.includes(input.currency_code.toUpperCase())) {
      errors.currency_code = 'currency_code is not enabled on this channel.';
    }
    let group = input.customer_group_id as number | undefined;
    if (group !== undefined && group !== null && (!Number.isInteger(group) || (group !== 0 && !this.groups.has(group))))
      errors.customer_group_id = 'Customer group does not exist.';
    if (input.customer_id !== undefined) {
      const c = Number.isInteger(input.customer_id) ? this.store.customers.customers.get(input.customer_id as number) : undefined;
      if (!c) errors.customer_id = 'Customer does not exist.';
      else group ??= c.customer_group_id;
    }
    const items = input.items;
    if (!Array.isArray(items) || items.length === 0) errors.items = 'items must be a non-empty array.';
    else {
      items.forEach((it: Json, i) => {
        const core = Number.isInteger(it?.product_id) ? this.store.catalog.products.get(it.product_id as number) : undefined;
        if (!core) errors[`items[${i}].product_id`] = 'Product does not exist.';
        else if (it.variant_id !== undefined && !this.store.catalog.detailsOf(core).variants.some((v) => v.id === it.variant_id)) {
          errors[`items[${i}].variant_id`] = 'Variant does not belong to the product.';
        }
      });
    }
    fail(errors);
    return {
      channel_id: input.channel_id as number,
      currency_code: (input.currency_code as string).toUpperCase(),
      customer_group_id: group || undefined,
      items: (items as Json[]).map((it) => ({ product_id: it.product_id as number, variant_id: it.variant_id as number | undefined })),
    };
  }

  /**
   * The price BigCommerce gives each item: the applicable list's record for (variant, currency); else
   * its record in the default currency, converted; else the catalog price (sale price included), converted.
   */
  prices(q: PricingQuery): ItemPrices[] {
    const cur = this.currencyByCode(q.currency_code);
    if (!cur) throw new ApiError(422, 'Unknown currency.', { currency_code: 'Unknown currency.' });
    const rate = Number(cur.currency_exchange_rate);
    const places = cur.decimal_places;
    const conv = (n: number): number => money(n * rate, places);
    const list = this.listFor(q.channel_id, q.customer_group_id);
    const base = this.defaultCurrency.currency_code;
    const variantPrices = (core: ProductCore, variantId: number): Omit<ItemPrices, 'range' | 'retail_range' | 'product_id'> => {
      const v = this.store.catalog.variantsOf(core).find((x) => x.id === variantId);
      if (!v) throw notFound('Variant', variantId);
      const own = list ? this.records.get(recordKey(list.id, variantId, q.currency_code)) : undefined;
      const fallback = list && !own ? this.records.get(recordKey(list.id, variantId, base)) : undefined;
      const r = own ?? fallback;
      const f = own ? (n: number) => money(n, places) : conv;
      if (r) {
        const sale = r.sale_price !== undefined && r.sale_price > 0 ? f(r.sale_price) : undefined;
        const price = f(r.price);
        const catalogRetail = v.retail_price ?? core.retail_price;
        return {
          variant_id: variantId,
          price,
          sale_price: sale,
          retail_price: r.retail_price !== undefined ? f(r.retail_price) : catalogRetail ? conv(catalogRetail) : undefined,
          map_price: r.map_price !== undefined ? f(r.map_price) : v.map_price ? conv(v.map_price) : undefined,
          calculated_price: sale ?? price,
          bulk: r.bulk_pricing_tiers,
          price_list_id: r.price_list_id,
        };
      }
      // A variant without its own price inherits the product's price and sale price (calculated_price says which won).
      const listed = v.price ?? core.price;
      const price = conv(listed);
      const sale = v.calculated_price < listed ? conv(v.calculated_price) : undefined;
      const retail = v.retail_price ?? core.retail_price;
      return {
        variant_id: variantId,
        price,
        sale_price: sale,
        retail_price: retail ? conv(retail) : undefined,
        map_price: v.map_price ? conv(v.map_price) : undefined,
        calculated_price: conv(v.calculated_price),
        bulk: this.store.catalog
          .detailsOf(core)
          .bulk_pricing_rules.map((b) => ({ quantity_min: b.quantity_min, quantity_max: b.quantity_max, type: b.type, amount: b.amount })),
      };
    };
    return q.items.map((it) => {
      const core = this.store.catalog.product(it.product_id);
      const all = this.store.catalog.detailsOf(core).variants.map((v) => variantPrices(core, v.id));
      const calc = all.map((p) => p.calculated_price);
      const retail = all.map((p) => p.retail_price).filter((n): n is number => n !== undefined);
      const range: [number, number] = [Math.min(...calc), Math.max(...calc)];
      const retailRange: [number, number] | undefined = retail.length ? [Math.min(...retail), Math.max(...retail)] : undefined;
      if (it.variant_id !== undefined) {
        const one = variantPrices(core, it.variant_id);
        return {
          product_id: core.id,
          ...one,
          range: [one.calculated_price, one.calculated_price],
          retail_range: one.retail_price === undefined ? undefined : [one.retail_price, one.retail_price],
        };
      }
      // A product without a variant: the base variant's prices (the only one, or the first), ranging over all variants.
      return { product_id: core.id, ...all[0], variant_id: undefined, range, retail_range: retailRange };
    });
  }
}
