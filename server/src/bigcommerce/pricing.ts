import { parseSingle } from './envelope';
import type { Transport } from './transport';

// DTOs of Get Prices (Batch), `POST /v3/pricing/products` (pricing.sf.yml), and a channel's currency
// assignments (channels.v3.yml).

/** One item to price: a product (its base variant, ranged over all variants), or one variant of it. */
export interface PricingItem {
  product_id: number;
  variant_id?: number;
}

export interface PricingRequest {
  channel_id: number;
  currency_code: string;
  customer_group_id?: number;
  customer_id?: number;
  country_code?: string;
  items: PricingItem[];
}

/** A price with its tax views; `as_entered` is the price as the merchant entered it. */
export interface TaxedPrice {
  as_entered: number;
  entered_inclusive?: boolean;
  tax_exclusive?: number;
  tax_inclusive?: number;
}

export interface PricedItem {
  product_id: number;
  variant_id?: number;
  price: TaxedPrice;
  sale_price?: TaxedPrice;
  retail_price?: TaxedPrice;
  minimum_advertised_price?: TaxedPrice;
  calculated_price: TaxedPrice;
  price_range?: { minimum: TaxedPrice; maximum: TaxedPrice };
  retail_price_range?: { minimum: TaxedPrice; maximum: TaxedPrice };
}

export interface ChannelCurrencyAssignments {
  channel_id?: number;
  enabled_currencies: string[];
  default_currency: string;
}

/**
 * Items per pricing call. The spec states no item limit (only 50 concurrent requests): this is the
 * client's own bound, above a listing page's largest size (100), so a listing page is one call.
 */
export const PRICING_BATCH = 250;

export const createPricingApi = (transport: Transport) => ({
  /** Prices as BigCommerce gives them to a shopper of this channel, currency and customer group. A read: safe to retry. */
  async prices(input: PricingRequest): Promise<PricedItem[]> {
    const path = '/pricing/products';
    return parseSingle<PricedItem[]>((await transport.request<unknown>({ method: 'POST', path, body: input, idempotent: true })).data, path);
  },

  async channelCurrencies(channelId: number): Promise<ChannelCurrencyAssignments> {
    const path = `/channels/${channelId}/currency-assignments`;
    return parseSingle<ChannelCurrencyAssignments>((await transport.request<unknown>({ path })).data, path);
  },
});

export type PricingApi = ReturnType<typeof createPricingApi>;
