import { createHash } from 'node:crypto';

import { bootStrapi, type TestApp } from '../helpers/strapi';

/**
 * Several Strapi nodes drain one inbox: the claim is a conditional UPDATE in the database, so racing
 * claimers never get the same event. On PostgreSQL the claimers below use separate connections and
 * really run at once.
 */
describe('webhook inbox claims', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootStrapi({ env: { DATABASE_POOL_MAX: '8' } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('hands every event to exactly one of several concurrent claimers', async () => {
    const inbox = app.strapi.plugin('bigcommerce').service('webhook-inbox');
    await app.strapi.plugin('bigcommerce').service('webhook-worker').stop();
    for (let i = 0; i < 300; i += 1) {
      const body = { scope: 'store/product/updated', store_id: '1', data: { type: 'product', id: 1 + (i % 40) }, created_at: 1700000000 + i, producer: 'stores/x' };
      await inbox.receive({ ...body, hash: createHash('sha1').update(`claim-${i}`).digest('hex') });
    }
    const claimed: number[][] = [[], [], [], [], [], []];
    await Promise.all(
      claimed.map(async (mine) => {
        for (;;) {
          const batch = await inbox.claim(25, 60_000);
          if (!batch.length) return;
          mine.push(...batch.map((event: { id: number }) => event.id));
        }
      }),
    );
    const all = claimed.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    // The work was shared, not taken by one claimer while the others idled.
    expect(claimed.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });

  it('lets another node take over a claim whose holder died', async () => {
    const inbox = app.strapi.plugin('bigcommerce').service('webhook-inbox');
    await inbox.receive({ scope: 'store/product/updated', store_id: '1', data: { type: 'product', id: 99 }, created_at: 1, producer: 'x', hash: 'f'.repeat(40) });
    const first = await inbox.claim(10, 50); // a short lease, then the "node" dies
    expect(first).toHaveLength(1);
    expect(await inbox.claim(10, 60_000)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const second = await inbox.claim(10, 60_000);
    expect(second.map((event: { id: number }) => event.id)).toEqual(first.map((event: { id: number }) => event.id));
  });
});
