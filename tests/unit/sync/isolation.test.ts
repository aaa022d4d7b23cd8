import fc from 'fast-check';

import type { Brand, Category, Product } from '../../../server/src/bigcommerce';
import { silentLogger } from '../../../server/src/bigcommerce';
import { applyProducts } from '../../../server/src/sync/apply-resource';
import { runCatalogSync } from '../../../server/src/sync/engine';
import { itemReason, MAX_REASON_LENGTH, ProductWriteError } from '../../../server/src/sync/isolate';
import { mapBrand, mapCategory, mapProduct } from '../../../server/src/sync/mapping';
import type { CatalogSource, CatalogStore } from '../../../server/src/sync/ports';
import { WRITE_SLICE } from '../../../server/src/sync/slices';
import { contentHash } from '../../../server/src/sync/hash';
import { STRING_COLUMN_LIMIT, storableText, storableWithHash, toStorable, type ProductRecord } from '../../../server/src/sync/records';
import { memorySource, memoryStore, product } from './fakes';

const source = (products: Product[]) => memorySource(products, 250).source;

const control = { progress: async () => undefined, isCancelled: async () => false };
const sync = (catalog: CatalogSource, store: CatalogStore, extra: Partial<Parameters<typeof runCatalogSync>[0]> = {}) =>
  runCatalogSync({ kind: 'full', channelIds: [1], source: catalog, store, control, logger: silentLogger, ...extra });

const catalog = (count: number) => Array.from({ length: count }, (_, i) => product(i + 1, { description: `About ${i + 1} `.repeat(30) }));
const poisoned = (record: ProductRecord) => record.sku === 'POISON';

describe('a product the database refuses costs only that product', () => {
  it('writes the rest of its page, ends partial, and records a short reason with the id', async () => {
    const products = catalog(600);
    products[326] = product(327, { sku: 'POISON', description: 'x'.repeat(5000) });
    const { store, rows, writes } = memoryStore(poisoned);
    const result = await sync(source(products), store);
    expect(result).toMatchObject({ status: 'partial', failed: 1, created: 599 });
    expect(rows.size).toBe(599);
    expect(rows.has(327)).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ resource: 'product', bigcommerceId: 327 });
    expect(result.errors[0].message).toBe('database refused it: invalid byte sequence for encoding "UTF8": 0x00 (22021)');
    expect(result.checkpoint.failedIds).toEqual([327]);
    // One write a slice, and halving finds it within its slice: far fewer writes than one per product of its slice.
    expect(writes.length).toBeLessThan(Math.ceil(600 / WRITE_SLICE) + 2 * Math.ceil(Math.log2(WRITE_SLICE)) + 1);
  });

  it('keeps one write a slice (WRITE_SLICE products of a page) when nothing fails', async () => {
    const { store, writes } = memoryStore(() => false);
    const result = await sync(source(catalog(600)), store);
    expect(result).toMatchObject({ status: 'succeeded', failed: 0, created: 600 });
    expect(result.checkpoint.failedIds).toEqual([]);
    // Pages of 250, 250 and 100, each cut in slices: none spans two pages.
    const slices = (n: number) => [...Array(Math.floor(n / WRITE_SLICE)).fill(WRITE_SLICE), ...(n % WRITE_SLICE ? [n % WRITE_SLICE] : [])];
    expect(writes).toEqual([...slices(250), ...slices(250), ...slices(100)]);
  });

  it('caps the errors kept and the length of each; the count stays exact', async () => {
    const products = catalog(300);
    const { store } = memoryStore((record) => record.bigcommerceId % 2 === 0);
    const result = await sync(source(products), store, { maxErrors: 20 });
    expect(result).toMatchObject({ status: 'partial', failed: 150, created: 150 });
    expect(result.errors).toHaveLength(20);
    for (const error of result.errors) expect(error.message.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
    expect(result.checkpoint.failedIds).toHaveLength(150);
  });

  it('the next incremental run refetches failed products by id although their date is older than its checkpoint', async () => {
    const products = catalog(10);
    products[2] = product(3, { sku: 'POISON' });
    const refuse = { on: true };
    const { store, rows } = memoryStore((record) => refuse.on && poisoned(record));
    const first = await sync(source(products), store);
    expect(first.checkpoint.failedIds).toEqual([3]);
    // BigCommerce has not changed it (its date is the old one): only the retry can bring it in.
    refuse.on = false;
    const next = await sync(source(products), store, { kind: 'incremental', modifiedSince: '2026-03-01T00:00:00.000Z', retryIds: first.checkpoint.failedIds });
    expect(next).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });
    expect(next.checkpoint.failedIds).toEqual([]);
    expect(rows.has(3)).toBe(true);
    expect(next.done).toBeLessThanOrEqual(next.total);
  });

  it('a product still refused by the retry stays listed for the run after', async () => {
    const products = catalog(5);
    products[1] = product(2, { sku: 'POISON' });
    const { store } = memoryStore(poisoned);
    const next = await sync(source(products), store, { kind: 'incremental', modifiedSince: '2026-03-01T00:00:00.000Z', retryIds: [2] });
    expect(next).toMatchObject({ status: 'partial', failed: 1 });
    expect(next.checkpoint.failedIds).toEqual([2]);
  });

  it('in a webhook batch, the other products are written and only the refused one fails', async () => {
    const products = catalog(50);
    products[12] = product(13, { sku: 'POISON' });
    const { store, rows } = memoryStore(poisoned);
    const outcome = await applyProducts(
      products.map((p) => p.id),
      {
        source: { products: async (ids) => products.filter((p) => ids.includes(p.id)), category: async () => null, listings: async () => [] },
        store,
        channelIds: [1],
      }
    );
    expect(outcome.written).toHaveLength(49);
    expect([...outcome.failures.keys()]).toEqual([13]);
    expect(outcome.failures.get(13)).toBeInstanceOf(ProductWriteError);
    expect(outcome.failures.get(13)!.message).not.toMatch(/insert into/);
    expect(rows.size).toBe(49);
  });
});

describe('itemReason', () => {
  it('keeps the driver message of a knex error, never the statement', () => {
    const error = new Error(`insert into "t" ("a") values ('${'v - '.repeat(10_000)}') - value too long for type character varying(255)`);
    expect(itemReason(error)).toBe('database refused it: value too long for type character varying(255)');
  });

  it('finds the statement behind the error name, and reads an error from another realm by its shape', () => {
    const foreign = { name: 'SqliteError', message: 'insert into `t` (`a`) values (1) - poisoned SKU', code: 'SQLITE_CONSTRAINT_TRIGGER' };
    expect(itemReason(foreign)).toBe('database refused it: poisoned SKU (SQLITE_CONSTRAINT_TRIGGER)');
    expect(itemReason(new Error('SqliteError: insert into `t` (`a`) values (1) - poisoned SKU'))).toBe('database refused it: poisoned SKU');
  });

  it('caps any other reason', () => {
    expect(itemReason(new Error('x'.repeat(10_000))).length).toBe(MAX_REASON_LENGTH);
    expect(itemReason('plain')).toBe('plain');
  });
});

describe('storable values (one rule for every record)', () => {
  it('hashes what is stored: a record clean as built is kept, any other made storable first, the same as the full rule', () => {
    const unit = fc.constantFrom('a', '\\', 'u', '\u0000', '\u0001', '\uD800', '\uDC00', '\uD83D\uDE00');
    // Short ones, and ones around a column's 255 characters (clean ones too: nothing else to send them the slow way).
    const text = fc.oneof(
      fc.string({ unit, maxLength: 8 }),
      fc.string({ unit, minLength: 250, maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 250, maxLength: 300 })
    );
    const limited = new Set(['name', 'sku']);
    fc.assert(
      fc.property(fc.record({ name: text, sku: text, description: text, images: fc.array(fc.record({ alt: text }), { maxLength: 3 }) }), (record) => {
        const full = toStorable(record, limited);
        const out = storableWithHash<typeof full & { contentHash: string }>(record, limited);
        expect(out).toEqual({ ...full, contentHash: contentHash(full) });
        expect(JSON.stringify(out)).toBe(JSON.stringify({ ...full, contentHash: contentHash(full) }));
      })
    );
  });

  it('cleans nested values like a full copy would, keys in the same order (same hash), without copying clean ones', () => {
    // The rule applied by rebuilding every array and object: what toStorable must equal.
    const rebuilt = (value: unknown): unknown =>
      typeof value === 'string'
        ? storableText(value)
        : Array.isArray(value)
          ? value.map(rebuilt)
          : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rebuilt(inner)]))
            : value;
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\u0000', '\uD800', '\uDC00', '\uD83D\uDE00') });
    const nested = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.constantFrom('k1', 'k2', 'k3', 'k4'), tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('name', 'images', 'variants'), nested.value, { maxKeys: 3 }), (record) => {
        const out = toStorable(record, new Set());
        expect(JSON.stringify(out)).toBe(JSON.stringify(rebuilt(record)));
      })
    );
    const clean = { images: [{ url: 'u', alt: 'a' }], variants: [{ optionValues: [{ label: 'x' }] }] };
    const kept = toStorable(clean, new Set());
    expect(kept.images).toBe(clean.images);
    expect(kept.variants).toBe(clean.variants);
    const dirty = toStorable({ variants: [{ sku: 's', optionValues: [{ label: 'x\u0000' }] }, { sku: 't' }] }, new Set());
    expect(dirty).toEqual({ variants: [{ sku: 's', optionValues: [{ label: 'x' }] }, { sku: 't' }] });
  });

  it('removes NUL, replaces lone surrogates, and cuts a string column to its length at a character boundary', () => {
    expect(storableText('x\u0000y')).toBe('xy');
    expect(storableText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(storableText('ok \uD83D\uDE00')).toBe('ok \uD83D\uDE00');
    const emoji = '\uD83D\uDE00'.repeat(300);
    expect(Array.from(storableText(emoji, STRING_COLUMN_LIMIT))).toHaveLength(STRING_COLUMN_LIMIT);
  });

  it('makes a product storable: text and JSON fields cleaned, varchar fields cut, the hash of what is stored', () => {
    const url = `/${'a'.repeat(300)}/`;
    const record = mapProduct(
      product(9, {
        name: 'Bad\uDC00name',
        description: 'x\u0000y',
        custom_url: { url, is_customized: true },
        custom_fields: [{ id: 1, name: 'k\u0000', value: 'v\uD800' }],
      }),
      [1]
    );
    expect(record.name).toBe('Bad\uFFFDname');
    expect(record.description).toBe('xy');
    expect(record.customUrl).toHaveLength(STRING_COLUMN_LIMIT);
    expect(record.slug.length).toBeLessThanOrEqual(STRING_COLUMN_LIMIT);
    expect(record.customFields).toEqual([{ name: 'k', value: 'v\uFFFD' }]);
    expect(
      mapProduct(
        product(9, {
          name: 'Bad\uDC00name',
          description: 'xy',
          custom_url: { url, is_customized: true },
          custom_fields: [{ id: 1, name: 'k', value: 'v\uFFFD' }],
        }),
        [1]
      ).contentHash
    ).toBe(record.contentHash);
    // A long image URL is kept whole: its column is text.
    const image = `https://cdn.example.com/${'i'.repeat(400)}.jpg`;
    const withImage = mapProduct(
      product(9, {
        images: [
          {
            id: 1,
            product_id: 9,
            url_zoom: image,
            url_standard: image,
            url_thumbnail: image,
            url_tiny: image,
            is_thumbnail: true,
            sort_order: 0,
            description: '',
          },
        ],
      } as Partial<Product>),
      [1]
    );
    expect(withImage.thumbnailUrl).toBe(image);
  });

  it('applies to categories and brands too', () => {
    expect(mapCategory({ id: 1, parent_id: 0, name: 'Cat\u0000', description: 'd\u0000' } as Category)).toMatchObject({ name: 'Cat', description: 'd' });
    expect(mapBrand({ id: 1, name: 'B\uD800' } as Brand).name).toBe('B\uFFFD');
  });
});
