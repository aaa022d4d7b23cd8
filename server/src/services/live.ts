import type { Core } from '@strapi/strapi';

import { createBigCommerceClient, type Product } from '../bigcommerce';
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

/**
 * Live price and inventory with a short TTL cache that webhooks invalidate. It asks BigCommerce once
 * per page of products, with a tight timeout and no retries: a slow BigCommerce must not slow the
 * storefront, which then gets the synced values, labelled as such.
 */
type Row = Record<string, unknown>;

const live = ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<number, { at: number; value: LiveFields }>();
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

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
      const missing: number[] = [];
      for (const id of ids) {
        const hit = cache.get(id);
        if (hit && now - hit.at < config().liveTtlMs) {
          values.set(id, hit.value);
          sources.set(id, 'cache');
        } else missing.push(id);
      }
      if (!missing.length) return { values, sources, error: null };
      try {
        const settings = await getService(strapi, 'settings').getConnection();
        const client = createBigCommerceClient({
          storeHash: settings.storeHash,
          accessToken: settings.accessToken,
          apiUrl: settings.apiUrl,
          timeoutMs: config().liveTimeoutMs,
          retries: 0,
        });
        const pages = client.catalog.productPages(
          {
            idIn: missing,
            include: ['variants'],
            includeFields: ['price', 'sale_price', 'calculated_price', 'inventory_level', 'inventory_tracking', 'availability'],
          },
          { limit: 250 },
        );
        for await (const page of pages) {
          for (const product of page.items) {
            const value = toLive(product);
            cache.set(product.id, { at: Date.now(), value });
            values.set(product.id, value);
            sources.set(product.id, 'live');
          }
        }
        return { values, sources, error: null };
      } catch (error) {
        for (const id of missing) sources.set(id, 'synced');
        const message = error instanceof Error ? error.message : String(error);
        strapi.log.warn(`[${PLUGIN_ID}] live price/inventory unavailable, serving synced values: ${message}`);
        return { values, sources, error: message };
      }
    },
  };
};

export default live;
export type LiveService = ReturnType<typeof live>;
