// The demo banner's catalog line (tests/demo/counts.ts): each difference between the counts gets its reason.
import { describeCatalog } from '../demo/counts';

describe('the demo banner', () => {
  const counts = { channelIds: [1], inStore: 500, inChannels: 439, visibleInChannels: 417, synced: 439, storefront: 414, unlisted: 3 };

  it('says how many products the channel’s listings take off, and does not take them for an incomplete sync', () => {
    const [, storefront] = describeCatalog(counts);
    expect(storefront).toBe('414 listed by the storefront API (22 hidden: synced, but not visible in BigCommerce) (3 taken off channel 1 by its listings)');
  });

  it('still asks about the sync when the counts do not add up', () => {
    expect(describeCatalog({ ...counts, storefront: 400 })[1]).toMatch(/is the sync incomplete\?/);
  });
});
