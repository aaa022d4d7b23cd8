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

  it('takes a hash seen again as new only when the read that applied it could have missed its change', async () => {
    const inbox = app.strapi.plugin('bigcommerce').service('webhook-inbox');
    const skewMs = app.strapi.config.get('plugin::bigcommerce.webhookClockSkewMs') as number;
    const createdAt = Math.floor(Date.now() / 1000);
    // BigCommerce hashes the payload only: a second change of product 7 in the same second sends this again.
    const event = { scope: 'store/product/updated', store_id: '1', data: { type: 'product', id: 7 }, created_at: createdAt, producer: 'x', hash: 'e'.repeat(40) };
    const statusOf = async () => (await app.strapi.db.query('plugin::bigcommerce.webhook-event').findOne({ where: { hash: event.hash } })).status;
    expect(await inbox.receive(event)).toMatchObject({ duplicate: false });
    expect(await inbox.receive(event)).toMatchObject({ duplicate: true }); // still waiting: one event
    const [claimed] = await inbox.claim(10, 60_000);
    // Applied by a read that began within the second it was created: a later change that second is possible.
    await inbox.complete([claimed.id], 'done', createdAt * 1000 + 500);
    expect(await inbox.receive(event)).toMatchObject({ duplicate: false });
    expect(await statusOf()).toBe('pending');
    const [again] = await inbox.claim(10, 60_000);
    // Applied by a read that began after the second and the clock allowance: a true re-send.
    await inbox.complete([again.id], 'done', (createdAt + 1) * 1000 + skewMs);
    expect(await inbox.receive(event)).toMatchObject({ duplicate: true });
    expect(await statusOf()).toBe('done');
  });
});
