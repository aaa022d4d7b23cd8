import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import { isBigCommerceApiError, PRICING_BATCH, type BigCommerceApis, type PricedItem, type PricingItem } from '../bigcommerce';
import type { PluginConfig } from '../config/schema';
import type { ResourceRef } from '../sync/apply-resource';
import { batches } from '../sync/webhooks';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import type { PricingLabel, PricingMeta, PricingSource } from '../validation/catalog';

// The answer's parts are declared once, as zod (validation/catalog.ts): the OpenAPI document and the typed client read them too.
export type { PricingLabel, PricingMeta, PricingSource };

type Row = Record<string, unknown>;

/** Who is asking, resolved once per request: the channel, the currency and the customer's group. */
export interface PricingScope {
  channelId: number;
  currency: string;
  customerGroupId: number;
}

/** What scopeOf resolved: null for today's synced prices; a null scope when BigCommerce could not say. */
export type ResolvedPricing = { scope: PricingScope | null; label?: PricingLabel; error?: string } | null;

export interface Prices {
  price: number;
  salePrice: number;
  calculatedPrice: number;
}

export interface ProductPrices extends Prices {
  /** Per variant; absent when only the product was priced (a listing row has no variants). */
  variants?: Map<number, Prices>;
}

interface Entry {
  at: number;
  value: ProductPrices;
}

interface Batch {
  values: Map<number, ProductPrices>;
  error: string | null;
}

/** What to price for one product: itself, and its variants when the row shows them. */
export interface Want {
  id: number;
  variantIds: number[] | null;
}

const pricesOf = (item: PricedItem): Prices => ({
  price: item.price.as_entered,
  salePrice: item.sale_price?.as_entered ?? 0,
  calculatedPrice: item.calculated_price.as_entered,
});

/** A product-level answer, or one variant's: by the request BigCommerce echoes, else by the item itself. */
const askedVariant = (item: PricedItem & { reference_request?: { variant_id?: number } }): number | undefined =>
  item.reference_request ? item.reference_request.variant_id : item.variant_id;

/*
 * The pure parts, exported for their unit tests (tests/unit/pricing.test.ts).
 */

/** The cache's scope: prices differ by channel, currency and customer group, and by nothing else the request says. */
export const scopeKey = (scope: PricingScope): string => `${scope.channelId}:${scope.currency}:${scope.customerGroupId}`;

/** Get Prices (Batch)'s items: each product itself, then each of its variants the row shows. */
export const pricingItems = (wants: Want[]): PricingItem[] =>
  wants.flatMap((want) => [{ product_id: want.id }, ...(want.variantIds ?? []).map((variantId) => ({ product_id: want.id, variant_id: variantId }))]);

/** BigCommerce's priced items by product: the product-level prices, and each variant's. */
export const pricesByProduct = (answers: PricedItem[]): Map<number, { product?: Prices; variants: Map<number, Prices> }> => {
  const byProduct = new Map<number, { product?: Prices; variants: Map<number, Prices> }>();
  for (const item of answers) {
    const found = byProduct.get(item.product_id) ?? { variants: new Map<number, Prices>() };
    const variantId = askedVariant(item);
    if (variantId === undefined) found.product = pricesOf(item);
    else found.variants.set(variantId, pricesOf(item));
    byProduct.set(item.product_id, found);
  }
  return byProduct;
};

/** A row with the shopper's prices in place of its synced ones (the product's and each priced variant's), labelled. */
export const withPrices = (row: Row, value: ProductPrices, label: PricingLabel): Row => {
  const out: Row = { ...row, price: value.price, salePrice: value.salePrice, calculatedPrice: value.calculatedPrice, pricing: label };
  if (Array.isArray(row.variants) && value.variants) {
    out.variants = (row.variants as Row[]).map((variant) => {
      const priced = value.variants!.get(Number(variant.id));
      return priced ? { ...variant, ...priced } : variant;
    });
  }
  return out;
};

/** The answer's source: `synced` if any product kept its synced prices, else `bigcommerce` if any was read now, else `cache`. */
export const answerSource = (sources: Iterable<PricingSource>): PricingSource => {
  const seen = new Set(sources);
  return seen.has('synced') ? 'synced' : seen.has('bigcommerce') ? 'bigcommerce' : 'cache';
};

/** The 400 of a currency the channel does not offer: it names the currency, the channel and what it offers. */
export const currencyRefusal = (channelId: number, currency: string, offered: string[]): errors.ValidationError => {
  const message = `channel ${channelId} does not offer currency "${currency}" (offered: ${offered.join(', ')})`;
  return new errors.ValidationError(`Invalid query: ${message}`, { errors: [{ path: ['currency'], message, name: 'ValidationError' }] });
};

/** Products whose prices a node keeps, all scopes together (oldest product dropped first). */
const CACHED_PRODUCTS = 20_000;
/** Customers whose group a node keeps. */
const CACHED_GROUPS = 10_000;

/**
 * The shopper's own prices: what BigCommerce's Get Prices (Batch) gives a signed-in customer (their
 * customer group, read from BigCommerce, never from the request) in a currency the channel offers. One
 * call per page prices every product (and variant shown) not already cached; concurrent requests share
 * calls for the same products. Calls go through the live overlay's budget (the `live` request class: a
 * share of the quota that never waits), and when it is spent or BigCommerce is slow the synced prices
 * stand, labelled `synced`. Cached per (channel, currency, group, product) until price-list or product
 * webhooks invalidate it, or `priceTtlMs` passes. A guest asking no currency costs nothing: no call.
 */
const pricing = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  /** product id → scope key (channel:currency:group) → prices. */
  const cache = new Map<number, Map<string, Entry>>();
  const pending = new Map<string, Promise<Batch>>();
  const groups = new Map<number, { at: number; group: number }>();
  const currencies = new Map<number, { at: number; enabled: string[]; default: string }>();

  const liveClient = async (): Promise<BigCommerceApis> => (await getService(strapi, 'client').get()).forClass('live');
  const fresh = (at: number): boolean => Date.now() - at < config().priceTtlMs;

  const currenciesOf = async (channelId: number, via?: BigCommerceApis) => {
    const hit = currencies.get(channelId);
    if (hit && fresh(hit.at)) return hit;
    const found = await (via ?? (await liveClient())).pricing.channelCurrencies(channelId);
    const value = { at: Date.now(), enabled: found.enabled_currencies.map((code) => code.toUpperCase()), default: found.default_currency.toUpperCase() };
    currencies.set(channelId, value);
    return value;
  };

  const groupOf = async (customerId: number): Promise<number> => {
    const hit = groups.get(customerId);
    if (hit && fresh(hit.at)) return hit.group;
    const customer = await (await liveClient()).customers.get(customerId);
    const group = customer?.customer_group_id ?? 0;
    if (groups.size >= CACHED_GROUPS) groups.delete(groups.keys().next().value!);
    groups.set(customerId, { at: Date.now(), group });
    return group;
  };

  const remember = (productId: number, key: string, value: ProductPrices): void => {
    let scopes = cache.get(productId);
    if (!scopes) {
      if (cache.size >= CACHED_PRODUCTS) cache.delete(cache.keys().next().value!);
      cache.set(productId, (scopes = new Map()));
    }
    scopes.set(key, { at: Date.now(), value });
  };

  const failed = (error: unknown): string => {
    const message = error instanceof Error ? error.message : String(error);
    // A spent budget is the plan working, not a fault: no warning per request under a flood.
    if (isBigCommerceApiError(error) && error.kind === 'refused') strapi.log.debug(`[${PLUGIN_ID}] shopper prices not read: ${message}`);
    else strapi.log.warn(`[${PLUGIN_ID}] shopper prices unavailable, serving synced prices: ${message}`);
    return message;
  };

  /** One call per PRICING_BATCH items (a listing page is one): product-level items, plus variants asked for. */
  const load = async (scope: PricingScope, wants: Want[]): Promise<Batch> => {
    const values = new Map<number, ProductPrices>();
    try {
      const client = await liveClient();
      const items = pricingItems(wants);
      const answers = (
        await Promise.all(
          batches(items, PRICING_BATCH).map((chunk) =>
            client.pricing.prices({
              channel_id: scope.channelId,
              currency_code: scope.currency,
              ...(scope.customerGroupId ? { customer_group_id: scope.customerGroupId } : {}),
              items: chunk,
            })
          )
        )
      ).flat();
      const byProduct = pricesByProduct(answers);
      const key = scopeKey(scope);
      for (const want of wants) {
        const found = byProduct.get(want.id);
        if (!found?.product) continue; // not priced (gone from BigCommerce): its synced prices stand
        const value: ProductPrices = { ...found.product, ...(want.variantIds ? { variants: found.variants } : {}) };
        remember(want.id, key, value);
        values.set(want.id, value);
      }
      return { values, error: null };
    } catch (error) {
      return { values, error: failed(error) };
    }
  };

  return {
    /**
     * Who the prices are for, or null when the request wants today's synced prices (a guest asking no
     * currency). A currency the channel does not offer is a 400 that names it. When BigCommerce cannot
     * say (budget spent, slow), the scope is unknown: `synced` with the reason.
     */
    async scopeOf(ctx: Context, channelOf: () => Promise<number>, currency: string | undefined): Promise<ResolvedPricing> {
      const { customer } = await getService(strapi, 'shopper').read(ctx);
      if (!customer && currency === undefined) return null;
      const channelId = await channelOf();
      let offered: { enabled: string[]; default: string };
      let customerGroupId = 0;
      try {
        // One after the other: the live class sends one request at a time until BigCommerce's quota is known.
        offered = await currenciesOf(channelId);
        if (customer) customerGroupId = await groupOf(customer.customerId);
      } catch (error) {
        return { scope: null, label: { currency: currency ?? null, customerGroupId, source: 'synced' }, error: failed(error) };
      }
      if (currency !== undefined && !offered.enabled.includes(currency)) {
        throw currencyRefusal(channelId, currency, offered.enabled);
      }
      return { scope: { channelId, currency: currency ?? offered.default, customerGroupId } };
    },

    /**
     * The products with their prices replaced by the shopper's, each labelled (`pricing`), and the
     * answer's label: `synced` if any product kept its synced prices, else `bigcommerce` if any was read
     * now, else `cache`.
     */
    async price(products: Row[], resolved: ResolvedPricing): Promise<{ products: Row[]; pricing?: PricingMeta }> {
      if (!resolved) return { products };
      const { scope } = resolved;
      if (!scope) {
        const label = resolved.label!;
        return { products: products.map((row) => ({ ...row, pricing: label })), pricing: { ...label, error: resolved.error ?? null } };
      }
      const key = scopeKey(scope);
      const base = { currency: scope.currency, customerGroupId: scope.customerGroupId };
      const values = new Map<number, { value: ProductPrices; source: PricingSource }>();
      const waits = new Map<number, Promise<Batch>>();
      const missing: Want[] = [];
      for (const row of products) {
        const id = Number(row.bigcommerceId);
        const variantIds = Array.isArray(row.variants) ? (row.variants as Row[]).map((variant) => Number(variant.id)) : null;
        const hit = cache.get(id)?.get(key);
        if (hit && fresh(hit.at) && (!variantIds || hit.value.variants)) values.set(id, { value: hit.value, source: 'cache' });
        else {
          const wait = pending.get(`${key}:${id}:${variantIds ? 'v' : 'p'}`);
          if (wait) waits.set(id, wait);
          else missing.push({ id, variantIds });
        }
      }
      if (missing.length) {
        // Registered before the first await, so that a request arriving meanwhile joins this call.
        const names = missing.map((want) => `${key}:${want.id}:${want.variantIds ? 'v' : 'p'}`);
        const batch = load(scope, missing).finally(() => {
          for (const name of names) if (pending.get(name) === batch) pending.delete(name);
        });
        names.forEach((name, index) => {
          pending.set(name, batch);
          waits.set(missing[index].id, batch);
        });
      }
      let error: string | null = null;
      for (const [id, wait] of waits) {
        const batch = await wait;
        const value = batch.values.get(id);
        if (value) values.set(id, { value, source: 'bigcommerce' });
        error ??= batch.error;
      }
      const sources = new Set<PricingSource>();
      const priced = products.map((row) => {
        const found = values.get(Number(row.bigcommerceId));
        const source: PricingSource = found?.source ?? 'synced';
        sources.add(source);
        const label: PricingLabel = { ...base, source };
        return found ? withPrices(row, found.value, label) : { ...row, pricing: label };
      });
      return { products: priced, pricing: { ...base, source: answerSource(sources), error } };
    },

    /**
     * The channel's currencies (upper case), from the same cache the shopper's prices use. `via` reads
     * them outside the live budget, which refuses rather than waits (an admin page asks for many at once).
     */
    async currencies(channelId: number, via?: BigCommerceApis): Promise<{ default: string; enabled: string[] }> {
      const found = await currenciesOf(channelId, via);
      return { default: found.default, enabled: [...found.enabled] };
    },

    /** A product changed: its prices in every scope are read again. */
    invalidate(ref: ResourceRef): void {
      if (ref.type === 'product') cache.delete(ref.id);
    },

    /** A price list, its records or assignments changed: any product's price in any scope may have. */
    invalidatePriceLists(): void {
      cache.clear();
    },

    /** A channel's currencies changed. */
    invalidateCurrencies(channelId?: number): void {
      if (channelId === undefined) currencies.clear();
      else currencies.delete(channelId);
    },

    clear(): void {
      cache.clear();
      groups.clear();
      currencies.clear();
    },
  };
};

export default pricing;
export type PricingService = ReturnType<typeof pricing>;
