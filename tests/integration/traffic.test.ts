// Storefront requests in flight as the sync sees them (utils/traffic.ts): counted by the plugin's
// outermost middleware, so that a sync run gives way to them.
import request from 'supertest';

import type { Sandbox } from '../sandbox';
import { cartItem, startStorefront, type Sellable } from '../helpers/storefront';
import type { TestApp } from '../helpers/strapi';
import { trafficOf } from '../../server/src/utils/traffic';

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('storefront traffic', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let product: Sellable;

  beforeAll(async () => {
    ({ sandbox, app, product } = await startStorefront());
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('counts a storefront request while it is served, not the admin’s, and none once answered', async () => {
    const http = () => request(app.strapi.server.httpServer);
    const traffic = trafficOf(app.strapi);
    expect(traffic.inFlight()).toBe(0);
    // BigCommerce answers slowly: the add-to-cart stays in flight meanwhile.
    sandbox.setFaults({ latencyMs: 400 });
    const adding = http()
      .post('/api/bigcommerce/cart')
      .send({ lineItems: [cartItem(product)] })
      .then((res) => res);
    await until(() => traffic.inFlight() === 1);
    await http().get('/bigcommerce/settings').expect(401);
    expect(traffic.inFlight()).toBe(1);
    sandbox.setFaults({ latencyMs: 0 });
    expect((await adding).status).toBe(201);
    expect(traffic.inFlight()).toBe(0);
    // Refused before any route (the input guard's 415) still passes through it, and is let go.
    await http().post('/api/bigcommerce/cart').set('Content-Type', 'text/plain').send('x').expect(415);
    expect(traffic.inFlight()).toBe(0);
  });
});
