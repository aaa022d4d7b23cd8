import { errors } from '@strapi/utils';

import type { CatalogAnswers } from '../../server/src/api-client';
import type { PricedItem } from '../../server/src/bigcommerce';
import { answerSource, currencyRefusal, pricesByProduct, pricingItems, scopeKey, withPrices, type PricingLabel } from '../../server/src/services/pricing';
import { pricingLabelSchema, pricingMetaSchema } from '../../server/src/validation/catalog';

/** A price as Get Prices (Batch) answers it (no tax: all views agree). */
const taxed = (n: number) => ({ as_entered: n, entered_inclusive: false, tax_exclusive: n, tax_inclusive: n });

/** One priced item, echoing the request as BigCommerce does (`reference_request`). */
const priced = (productId: number, asked: number | undefined, prices: { price: number; sale?: number; calculated: number }, answeredVariant?: number) =>
  ({
    product_id: productId,
    ...(answeredVariant !== undefined ? { variant_id: answeredVariant } : {}),
    reference_request: { product_id: productId, ...(asked !== undefined ? { variant_id: asked } : {}) },
    price: taxed(prices.price),
    ...(prices.sale !== undefined ? { sale_price: taxed(prices.sale) } : {}),
    calculated_price: taxed(prices.calculated),
  }) as PricedItem;

const label: PricingLabel = { currency: 'EUR', customerGroupId: 1, source: 'bigcommerce' };

describe('the pricing service’s pure parts', () => {
  it('keys the cache by channel, currency and customer group, each telling scopes apart', () => {
    const base = { channelId: 1, currency: 'USD', customerGroupId: 1 };
    const keys = [
      base,
      { ...base, channelId: 2 },
      { ...base, currency: 'EUR' },
      { ...base, customerGroupId: 0 },
      // Digits that would run together without a separator.
      { channelId: 11, currency: 'USD', customerGroupId: 1 },
      { channelId: 1, currency: 'USD', customerGroupId: 11 },
    ].map(scopeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(scopeKey({ ...base })).toBe(scopeKey(base));
  });

  it('asks each product itself, then each variant its row shows', () => {
    expect(
      pricingItems([
        { id: 7, variantIds: null },
        { id: 8, variantIds: [81, 82] },
      ])
    ).toEqual([{ product_id: 7 }, { product_id: 8 }, { product_id: 8, variant_id: 81 }, { product_id: 8, variant_id: 82 }]);
    expect(pricingItems([])).toEqual([]);
  });

  it('reads a product-level answer by the request BigCommerce echoes, even when it names the base variant', () => {
    const byProduct = pricesByProduct([
      // BigCommerce prices a product-level item as its base variant, and may say which: still the product's price.
      priced(8, undefined, { price: 20, sale: 18, calculated: 18 }, 80),
      priced(8, 81, { price: 21, calculated: 21 }, 81),
      priced(9, undefined, { price: 5, calculated: 5 }),
    ]);
    expect(byProduct.get(8)?.product).toEqual({ price: 20, salePrice: 18, calculatedPrice: 18 });
    expect([...byProduct.get(8)!.variants]).toEqual([[81, { price: 21, salePrice: 0, calculatedPrice: 21 }]]);
    // No sale price: 0, as the synced catalog stores "no sale".
    expect(byProduct.get(9)).toEqual({ product: { price: 5, salePrice: 0, calculatedPrice: 5 }, variants: new Map() });
    // Without an echo, the item's own variant_id says which variant it is.
    const bare = { ...priced(10, 101, { price: 3, calculated: 3 }, 101), reference_request: undefined } as PricedItem;
    expect(pricesByProduct([bare]).get(10)).toEqual({ variants: new Map([[101, { price: 3, salePrice: 0, calculatedPrice: 3 }]]) });
  });

  it('replaces the product’s three prices and each priced variant’s, keeping everything else, and labels the row', () => {
    const row = {
      bigcommerceId: 8,
      name: 'Mug',
      price: 30,
      salePrice: 0,
      calculatedPrice: 30,
      retailPrice: 35,
      variants: [
        { id: 81, sku: 'M-1', price: 30, salePrice: 0, calculatedPrice: 30 },
        { id: 82, sku: 'M-2', price: 31, salePrice: 0, calculatedPrice: 31 },
      ],
    };
    const value = { price: 20, salePrice: 18, calculatedPrice: 18, variants: new Map([[81, { price: 21, salePrice: 0, calculatedPrice: 21 }]]) };
    expect(withPrices(row, value, label)).toEqual({
      bigcommerceId: 8,
      name: 'Mug',
      price: 20,
      salePrice: 18,
      calculatedPrice: 18,
      retailPrice: 35,
      pricing: label,
      variants: [
        { id: 81, sku: 'M-1', price: 21, salePrice: 0, calculatedPrice: 21 },
        // Not priced (BigCommerce gave nothing for it): its synced prices stand.
        { id: 82, sku: 'M-2', price: 31, salePrice: 0, calculatedPrice: 31 },
      ],
    });
    expect(row.price).toBe(30); // the synced row is not changed in place

    // A listing row has no variants, and a product-level value none to give.
    expect(withPrices({ bigcommerceId: 9, price: 5 }, { price: 4, salePrice: 0, calculatedPrice: 4 }, label)).toEqual({
      bigcommerceId: 9,
      price: 4,
      salePrice: 0,
      calculatedPrice: 4,
      pricing: label,
    });
    const variants = [{ id: 91, price: 5 }];
    expect(withPrices({ bigcommerceId: 9, variants }, { price: 4, salePrice: 0, calculatedPrice: 4 }, label).variants).toBe(variants);
  });

  it('labels the answer synced if any product kept its synced prices, else bigcommerce if any was read now, else cache', () => {
    expect(answerSource(['cache', 'bigcommerce', 'synced'])).toBe('synced');
    expect(answerSource(['cache', 'bigcommerce', 'cache'])).toBe('bigcommerce');
    expect(answerSource(['cache'])).toBe('cache');
  });

  it('refuses a currency the channel does not offer with a ValidationError naming it, the channel and what it offers', () => {
    const refusal = currencyRefusal(2, 'EUR', ['USD', 'CAD']);
    expect(refusal).toBeInstanceOf(errors.ValidationError);
    expect(refusal.message).toBe('Invalid query: channel 2 does not offer currency "EUR" (offered: USD, CAD)');
    expect(refusal.details).toEqual({
      errors: [{ path: ['currency'], message: 'channel 2 does not offer currency "EUR" (offered: USD, CAD)', name: 'ValidationError' }],
    });
  });

  it('declares the labels the answers carry: three sources, and the answer’s with its `error`', () => {
    expect(pricingLabelSchema.safeParse(label).success).toBe(true);
    expect(pricingLabelSchema.safeParse({ ...label, source: 'live' }).success).toBe(false);
    expect(pricingMetaSchema.safeParse({ currency: null, customerGroupId: 0, source: 'synced', error: 'BigCommerce is slow' }).success).toBe(true);
    expect(pricingMetaSchema.safeParse(label).success).toBe(false);
  });
});

// The typed client's answers carry the same declaration (checked by `npm run typecheck`, which compiles tests/).
describe('the typed client’s catalog answers', () => {
  it('type meta.pricing and each product’s pricing from the declared labels', () => {
    const list: CatalogAnswers['findProducts'] = {
      data: [{ slug: 'mug', pricing: label }],
      meta: { pagination: { page: 1, pageSize: 1, pageCount: 1, total: 1 }, pricing: { ...label, error: null } },
    };
    const one: CatalogAnswers['findProduct'] = { data: { slug: 'mug' }, meta: {} };
    // @ts-expect-error a source is bigcommerce, cache or synced
    const wrongSource: CatalogAnswers['findProduct']['meta'] = { pricing: { ...label, source: 'live', error: null } };
    // @ts-expect-error meta.pricing always says its error (null when none)
    const noError: CatalogAnswers['findProduct']['meta'] = { pricing: label };
    const group: number | undefined = list.data[0].pricing?.customerGroupId;
    expect([group, one.meta.pricing, wrongSource.pricing?.source, noError.pricing?.currency]).toEqual([1, undefined, 'live', 'EUR']);
  });
});
