import { createHash } from 'node:crypto';

import { startSandbox, type Sandbox } from '../sandbox';
import { sandboxCatalog } from '../helpers/catalog';
import { bootStrapi, createDatabase, sandboxEnv, type TestApp, type TestDatabase } from '../helpers/strapi';

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
      const body = {
        scope: 'store/product/updated',
        store_id: '1',
        data: { type: 'product', id: 1 + (i % 40) },
        created_at: 1700000000 + i,
        producer: 'stores/x',
      };
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
      })
    );
    const all = claimed.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    // The work was shared, not taken by one claimer while the others idled.
    expect(claimed.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });

  it('lets another node take over a claim whose holder died', async () => {
    const inbox = app.strapi.plugin('bigcommerce').service('webhook-inbox');
    await inbox.receive({
      scope: 'store/product/updated',
      store_id: '1',
      data: { type: 'product', id: 99 },
      created_at: 1,
      producer: 'x',
      hash: 'f'.repeat(40),
    });
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
    const event = {
      scope: 'store/product/updated',
      store_id: '1',
      data: { type: 'product', id: 7 },
      created_at: createdAt,
      producer: 'x',
      hash: 'e'.repeat(40),
    };
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

describe('a node restarted while it held webhook events', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 20, seed: 5, rateLimit: false });
    database = await createDatabase();
  });

  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
  });

  const statusOf = async (app: TestApp, hash: string) => (await app.strapi.db.query('plugin::bigcommerce.webhook-event').findOne({ where: { hash } })).status;

  it('takes its own in-flight events back at boot, while another node leaves a live claim alone', async () => {
    const hash = 'a'.repeat(40);
    const [id] = (await sandboxCatalog(sandbox)).keys();
    const first = await bootStrapi({ env: sandboxEnv(sandbox), database });
    try {
      // A dead node's claims move to another node soon: the default claim is short (it is renewed while worked on).
      expect(first.strapi.config.get('plugin::bigcommerce.webhookClaimLeaseMs')).toBeLessThanOrEqual(15_000);
      await first.strapi.plugin('bigcommerce').service('webhook-worker').stop();
      const inbox = first.strapi.plugin('bigcommerce').service('webhook-inbox');
      await inbox.receive({
        scope: 'store/product/updated',
        store_id: '1',
        data: { type: 'product', id },
        created_at: Math.floor(Date.now() / 1000),
        producer: 'x',
        hash,
      });
      // Claimed for a minute, then the node stops before applying it (as a crash would leave it).
      expect(await inbox.claim(10, 60_000)).toHaveLength(1);
    } finally {
      await first.close();
    }

    // Another node on this machine (its own name) must not take a claim that may still be worked on.
    const other = await bootStrapi({ env: { ...sandboxEnv(sandbox), BIGCOMMERCE_NODE_ID: 'another-node' }, database });
    try {
      expect(await other.strapi.plugin('bigcommerce').service('webhook-worker').drainNow()).toBe(0);
      expect(await statusOf(other, hash)).toBe('processing');
    } finally {
      await other.close();
    }

    // The same node restarted: the event is due again at boot, not when its claim runs out.
    const restarted = await bootStrapi({ env: sandboxEnv(sandbox), database });
    try {
      await restarted.strapi.plugin('bigcommerce').service('webhook-worker').drainNow();
      expect(await statusOf(restarted, hash)).toBe('done');
      expect(await restarted.strapi.db.query('plugin::bigcommerce.product').count({ where: { bigcommerceId: id } })).toBe(1);
    } finally {
      await restarted.close();
    }
  });
});
