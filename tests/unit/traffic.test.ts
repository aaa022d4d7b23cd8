// The storefront's requests as the sync sees them (utils/traffic.ts): a run gives way to them.
import type { Context, Next } from 'koa';

import { WRITE_SLICE } from '../../server/src/sync/slices';
import { BUSY_WRITE_SLICE, createTraffic, GIVE_WAY_MS, QUIET_AFTER_MS } from '../../server/src/utils/traffic';

const storefront = (path: string) => path.startsWith('/api/') || path === '/graphql';

/** A request through the middleware that is answered when `answer()` is called. */
const request = (traffic: ReturnType<typeof createTraffic>, path: string) => {
  let answer = (): void => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const done = traffic.middleware({ path } as Context, (() => answered) as Next);
  return { answer, done };
};

const settled = async (promise: Promise<unknown>) => {
  let state = false;
  void promise.then(() => (state = true));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('traffic', () => {
  it('counts the content API and GraphQL requests in flight, not the admin’s', async () => {
    const traffic = createTraffic(storefront);
    const read = request(traffic, '/api/bigcommerce/products');
    const graphql = request(traffic, '/graphql');
    const admin = request(traffic, '/bigcommerce/sync/runs');
    expect(traffic.inFlight()).toBe(2);
    read.answer();
    graphql.answer();
    admin.answer();
    await Promise.all([read.done, graphql.done, admin.done]);
    expect(traffic.inFlight()).toBe(0);
  });

  it('a request that fails is no longer counted', async () => {
    const traffic = createTraffic(storefront);
    await expect(traffic.middleware({ path: '/api/x' } as Context, (async () => Promise.reject(new Error('refused'))) as Next)).rejects.toThrow('refused');
    expect(traffic.inFlight()).toBe(0);
  });

  it('grants the turns of a run’s parts one a turn of the event loop, so a request waits for one slice', async () => {
    const traffic = createTraffic(storefront);
    let loop = 0;
    let counting = true;
    const count = () => {
      loop += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const at: number[] = [];
    await Promise.all([1, 2, 3].map(() => traffic.pacing.turn().then(() => at.push(loop))));
    counting = false;
    // Three parts asking at once (mapping, writing, events): each in a later turn of the loop than the one before.
    expect(new Set(at).size).toBe(3);
  });

  it('a turn waits for the requests in flight to be answered, and no longer', async () => {
    const traffic = createTraffic(storefront);
    const read = request(traffic, '/api/bigcommerce/products');
    const turn = traffic.pacing.turn();
    expect(await settled(turn)).toBe(false);
    read.answer();
    await read.done;
    expect(await settled(turn)).toBe(true);
  });

  it('a turn goes on after GIVE_WAY_MS under steady traffic', async () => {
    const traffic = createTraffic(storefront);
    const read = request(traffic, '/api/bigcommerce/products');
    const started = Date.now();
    await traffic.pacing.turn();
    expect(Date.now() - started).toBeGreaterThanOrEqual(GIVE_WAY_MS - 5);
    expect(traffic.inFlight()).toBe(1);
    read.answer();
    await read.done;
  });

  it('a request in flight for longer than GIVE_WAY_MS (waiting on BigCommerce) no longer holds a turn', async () => {
    let now = 1_000_000;
    const traffic = createTraffic(storefront, () => now);
    const cart = request(traffic, '/api/bigcommerce/cart');
    now += GIVE_WAY_MS;
    expect(await settled(traffic.pacing.turn())).toBe(true);
    // A newer one does, until it is answered.
    const read = request(traffic, '/api/bigcommerce/products');
    const turn = traffic.pacing.turn();
    expect(await settled(turn)).toBe(false);
    read.answer();
    cart.answer();
    await Promise.all([read.done, cart.done]);
    expect(await settled(turn)).toBe(true);
  });

  it('with no request in flight, a turn is one turn of the event loop', async () => {
    const traffic = createTraffic(storefront);
    const order: string[] = [];
    setImmediate(() => order.push('queued work'));
    await traffic.pacing.turn();
    order.push('next slice');
    expect(order).toEqual(['queued work', 'next slice']);
  });

  it('writes small slices while requests come in, whole ones once it is quiet', async () => {
    let now = 1_000_000;
    const traffic = createTraffic(storefront, () => now);
    expect(traffic.pacing.writeSlice()).toBe(WRITE_SLICE);
    const admin = request(traffic, '/admin/init');
    expect(traffic.pacing.writeSlice()).toBe(WRITE_SLICE);
    expect(traffic.busy()).toBe(false);
    const read = request(traffic, '/api/bigcommerce/products');
    expect(traffic.pacing.writeSlice()).toBe(BUSY_WRITE_SLICE);
    expect(traffic.busy()).toBe(true);
    read.answer();
    admin.answer();
    await Promise.all([read.done, admin.done]);
    now += QUIET_AFTER_MS - 1;
    expect(traffic.pacing.writeSlice()).toBe(BUSY_WRITE_SLICE);
    now += 1;
    expect(traffic.pacing.writeSlice()).toBe(WRITE_SLICE);
    expect(traffic.busy()).toBe(false);
  });
});
