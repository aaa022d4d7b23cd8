import type { Core } from '@strapi/strapi';

import { isBigCommerceApiError, type Product, type ProductField } from '../bigcommerce';
import type { PluginConfig } from '../config/schema';
import type { ResourceRef } from '../sync/apply-resource';
import { isInStock } from '../sync/mapping';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';

/** Price and stock as BigCommerce has them this second (the seed's hybrid model). */
export interface LiveFields {
  price: number;
  salePrice: number;
  calculatedPrice: number;
  inventoryLevel: number;
  inStock: boolean;
  variants: { id: number; price: number | null; calculatedPrice: number | null; inventoryLevel: number; purchasingDisabled: boolean }[];
}

export type LiveSource = 'live' | 'cache' | 'synced';

export interface LiveResult {
  values: Map<number, LiveFields>;
  /** Where each product's values came from; `synced` means BigCommerce did not answer in time. */
  sources: Map<number, LiveSource>;
  error: string | null;
}

const toLive = (product: Product): LiveFields => {
  const variants = (product.variants ?? []).map((variant) => ({
    id: variant.id,
    price: variant.price ?? null,
    calculatedPrice: variant.calculated_price ?? null,
    inventoryLevel: variant.inventory_level ?? 0,
    purchasingDisabled: variant.purchasing_disabled ?? false,
  }));
  const inStock = isInStock({ tracking: product.inventory_tracking, availability: product.availability, level: product.inventory_level, variants });
  return {
    price: product.price,
    salePrice: product.sale_price ?? 0,
    calculatedPrice: product.calculated_price ?? product.price,
    inventoryLevel: product.inventory_level,
    inStock,
    variants,
  };
};

/** One call to BigCommerce for some products; every request that needs one of them shares it. */
interface Batch {
  values: Map<number, LiveFields>;
  error: string | null;
}

const LIVE_FIELDS: ProductField[] = ['price', 'sale_price', 'calculated_price', 'inventory_level', 'inventory_tracking', 'availability'];

/**
 * Live price and inventory with a short TTL cache (per product) that webhooks invalidate. Its calls go
 * through the shared client as the `live` request class: a budgeted share of the store's quota that
 * never waits and never retries, so shoppers' carts and checkouts keep the rest. Concurrent requests for
 * the same product share one call. When the budget is spent, or BigCommerce is slow or throttling, the
 * storefront gets the synced values, labelled as such, with the reason.
 */
type Row = Record<string, unknown>;

const live = ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<number, { at: number; value: LiveFields }>();
  const pending = new Map<number, Promise<Batch>>();
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

  const load = async (ids: number[]): Promise<Batch> => {
    const values = new Map<number, LiveFields>();
    try {
      const client = (await getService(strapi, 'client').get()).forClass('live');
      const pages = client.catalog.productPages({ idIn: ids, include: ['variants'], includeFields: LIVE_FIELDS }, { limit: 250 });
      for await (const page of pages) {
        for (const product of page.items) {
          const value = toLive(product);
          cache.set(product.id, { at: Date.now(), value });
          values.set(product.id, value);
        }
      }
      return { values, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A spent budget is the plan working, not a fault: no warning per request under a flood.
      if (isBigCommerceApiError(error) && error.kind === 'refused') strapi.log.debug(`[${PLUGIN_ID}] live read not sent: ${message}`);
      else strapi.log.warn(`[${PLUGIN_ID}] live price/inventory unavailable, serving synced values: ${message}`);
      return { values, error: message };
    }
  };

  return {
    invalidate(ref: ResourceRef): void {
      if (ref.type === 'product') cache.delete(ref.id);
    },

    clear(): void {
      cache.clear();
    },

    /**
     * Overlays live price and stock on products of the read API when the request (or the config)
     * asks for it. Each product says where its figures come from; when BigCommerce does not answer
     * in time the synced values stand and `live.error` says why.
     */
    async overlay(products: Row[], asked: boolean | undefined): Promise<{ products: Row[]; live?: { error: string | null } }> {
      const mode = config().liveData;
      if (mode === 'off' || (mode === 'on-request' && !asked) || !products.length) return { products };
      const { values, sources, error } = await this.fetch(products.map((product) => Number(product.bigcommerceId)));
      const merged = products.map((product) => {
        const id = Number(product.bigcommerceId);
        const value = values.get(id);
        const source = sources.get(id) ?? 'synced';
        if (!value) return { ...product, live: { source } };
        const { variants: liveVariants, ...fields } = value;
        const variants = Array.isArray(product.variants)
          ? (product.variants as Row[]).map((variant) => {
              const fresh = liveVariants.find((candidate) => candidate.id === variant.id);
              return fresh ? { ...variant, ...fresh } : variant;
            })
          : undefined;
        return { ...product, ...fields, ...(variants ? { variants } : {}), live: { source } };
      });
      return { products: merged, live: { error } };
    },

    async fetch(ids: readonly number[]): Promise<LiveResult> {
      const now = Date.now();
      const values = new Map<number, LiveFields>();
      const sources = new Map<number, LiveSource>();
      const waits = new Map<number, Promise<Batch>>();
      const missing: number[] = [];
      for (const id of new Set(ids)) {
        const hit = cache.get(id);
        if (hit && now - hit.at < config().liveTtlMs) {
          values.set(id, hit.value);
          sources.set(id, 'cache');
        } else if (pending.has(id)) waits.set(id, pending.get(id)!);
        else missing.push(id);
      }
      if (missing.length) {
        // Registered before the first await, so that a request arriving meanwhile joins this call.
        const batch = load(missing).finally(() => {
          for (const id of missing) if (pending.get(id) === batch) pending.delete(id);
        });
        for (const id of missing) {
          pending.set(id, batch);
          waits.set(id, batch);
        }
      }
      let error: string | null = null;
      for (const [id, wait] of waits) {
        const batch = await wait;
        const value = batch.values.get(id);
        if (value) {
          values.set(id, value);
          sources.set(id, 'live');
        } else sources.set(id, 'synced');
        error ??= batch.error;
      }
      return { values, sources, error };
    },
  };
};

export default live;
export type LiveService = ReturnType<typeof live>;
