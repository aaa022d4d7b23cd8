// Channel listings in the sync engine and the webhook pipeline, over the ports in memory.
import { BigCommerceApiError, silentLogger, type Listing } from '../../../server/src/bigcommerce';
import { applyProducts } from '../../../server/src/sync/apply-resource';
import { runCatalogSync } from '../../../server/src/sync/engine';
import { mapListing } from '../../../server/src/sync/mapping';
import type { CatalogSource, CatalogStore, SyncProgress } from '../../../server/src/sync/ports';
import { memoryResources, memorySource, memoryStore, product } from './fakes';

const listing = (id: number, overrides: Partial<Listing> = {}): Listing => ({
  listing_id: id,
  channel_id: 1,
  product_id: id,
  state: 'active',
  name: '',
  description: '',
  date_modified: '2026-01-02T00:00:00Z',
  variants: [],
  ...overrides,
});

const control = { progress: async (_: SyncProgress) => undefined, isCancelled: async () => false };
const run = (source: CatalogSource, store: CatalogStore, extra: Partial<Parameters<typeof runCatalogSync>[0]> = {}) =>
  runCatalogSync({ kind: 'full', channelIds: [1, 2], source, store, control, logger: silentLogger, ...extra });

describe('mapListing', () => {
  it('keeps the channel name and description, and says whether the product is listed there', () => {
    const record = mapListing(
      listing(7, {
        name: 'Mug (EU)',
        description: '<p>Für Europa</p>',
        state: 'active',
        variants: [
          { product_id: 7, variant_id: 70, state: 'active', name: '' },
          { product_id: 7, variant_id: 71, state: 'disabled', name: '' },
        ],
      })
    );
    expect(record).toMatchObject({ bigcommerceId: 7, channelId: 1, productId: 7, listed: true, name: 'Mug (EU)', description: '<p>Für Europa</p>' });
    expect(record.searchText).toBe('mug (eu)\n<p>für europa</p>');
    expect(record.variants).toEqual([
      { variantId: 70, state: 'active', listed: true, name: '' },
      { variantId: 71, state: 'disabled', listed: false, name: '' },
    ]);
  });

  it.each([
    ['active', true],
    ['pending', true],
    ['error', true],
    ['disabled', false],
    ['pending_disable', false],
    ['deleted', false],
    ['pending_delete', false],
  ] as const)('a listing in state %s is listed: %s', (state, listed) => {
    expect(mapListing(listing(1, { state })).listed).toBe(listed);
  });

  it('keeps the catalog name when the listing has only spaces, and refuses a listing without a product', () => {
    expect(mapListing(listing(1, { name: '   ' }))).toMatchObject({ name: '', searchText: '' });
    expect(() => mapListing({ ...listing(2), product_id: undefined } as unknown as Listing)).toThrow(/product_id/);
  });
});

describe('listings in a sync run', () => {
  it('writes every served channel’s listings, and a full run drops the ones BigCommerce no longer has', async () => {
    const listings = [listing(1), listing(2, { product_id: 2, state: 'disabled' }), listing(3, { channel_id: 2, product_id: 1, name: 'Other' })];
    const { source, calls } = memorySource([product(1), product(2)], 2, listings);
    const { store, listings: stored } = memoryStore();
    const first = await run(source, store);
    expect(first.taxonomy.listings).toEqual({ created: 3, updated: 0, unchanged: 0, deleted: 0 });
    expect(calls).toContain('listings of channel 1');
    expect(calls).toContain('listings of channel 2');
    expect(stored.get(2)).toMatchObject({ listed: false });

    listings.splice(0, 1);
    listings[0] = listing(2, { product_id: 2, state: 'active' });
    const second = await run(source, store);
    expect(second.taxonomy.listings).toEqual({ created: 0, updated: 1, unchanged: 1, deleted: 1 });
    expect([...stored.keys()].sort()).toEqual([2, 3]);
    expect(stored.get(2)).toMatchObject({ listed: true });
  });

  it('an incremental run reads the listings changed since its checkpoint and deletes none', async () => {
    const listings = [listing(1, { date_modified: '2026-01-01T00:00:00Z' }), listing(2, { product_id: 2, date_modified: '2026-03-01T00:00:00Z' })];
    const { source } = memorySource([product(1), product(2)], 2, listings);
    const { store, listings: stored } = memoryStore();
    const result = await run(source, store, { kind: 'incremental', modifiedSince: '2026-02-01T00:00:00Z', channelIds: [1] });
    expect(result.taxonomy.listings).toEqual({ created: 1, updated: 0, unchanged: 0, deleted: 0 });
    expect([...stored.keys()]).toEqual([2]);
  });

  it('one listing BigCommerce sends malformed fails alone, and its stored copy is kept', async () => {
    const listings = [listing(1), listing(2, { product_id: 2 })];
    const { source } = memorySource([product(1), product(2)], 2, listings);
    const { store, listings: stored } = memoryStore();
    await run(source, store, { channelIds: [1] });
    listings[0] = { ...listing(1), state: 'unheard-of' as Listing['state'] };
    const result = await run(source, store, { channelIds: [1] });
    expect(result.status).toBe('partial');
    expect(result.errors).toEqual([expect.objectContaining({ resource: 'listing', bigcommerceId: 1 })]);
    expect([...stored.keys()].sort()).toEqual([1, 2]);
  });

  it('without the Channel Listings scope the catalog still syncs, and the run notes why listings were not read', async () => {
    const { source } = memorySource([product(1)], 2, [listing(1)]);
    const refused = new BigCommerceApiError('BigCommerce GET /channels/1/listings answered 403', { kind: 'http', status: 403 });
    const { store, rows } = memoryStore();
    const result = await run(
      {
        ...source,
        listingPages: () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(refused) }),
        }),
      },
      store,
      { channelIds: [1] }
    );
    expect(result).toMatchObject({ status: 'succeeded', created: 1 });
    expect(rows.size).toBe(1);
    expect(result.notes).toEqual([expect.objectContaining({ resource: 'listing', message: expect.stringContaining('Channel Listings (read-only)') })]);
  });
});

describe('listings in the webhook pipeline', () => {
  it('a refetched product brings its listings on every served channel, and a listing gone is removed', async () => {
    const listings = [listing(1, { name: 'Channel name' }), listing(2, { channel_id: 2, product_id: 1 })];
    const { source, listingRequests } = memoryResources([product(1, { channels: [1, 2] })], [], listings);
    const { store, listings: stored } = memoryStore();
    await applyProducts([1], { source, store, channelIds: [1, 2] });
    expect(listingRequests).toEqual(['listings 1 1', 'listings 2 1']);
    expect([...stored.keys()].sort()).toEqual([1, 2]);
    listings.pop();
    await applyProducts([1], { source, store, channelIds: [1, 2] });
    expect([...stored.keys()]).toEqual([1]);
  });
});
