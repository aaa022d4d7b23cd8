// Control plane under /__sandbox: fault knobs, rate limit, stats, webhook delivery log, tokens and
// catalog mutations for demos and other processes. Catalog changes go through the same state
// methods as the BigCommerce write endpoints, so they bump date_modified and fire the same webhooks.
//
//   GET  /__sandbox/health | /info                GET|PUT /__sandbox/faults      (PUT replaces)
//   GET|PUT /__sandbox/rate-limit  ({quota, windowMs} | {"enabled": false})
//   GET  /__sandbox/stats   POST /__sandbox/reset-stats
//   GET|DELETE /__sandbox/deliveries (?hook_id=&scope=)   POST /__sandbox/deliveries/flush   GET /__sandbox/hooks
//   PUT|DELETE /__sandbox/tokens/:token  ({"scopes": [...] | "*"})
//   POST /__sandbox/products   PATCH|DELETE /__sandbox/products/:id  (PATCH also takes variants:[{id,...}], channels:[ids])
//   PATCH /__sandbox/variants/:id
//   POST /__sandbox/categories|brands   PATCH|DELETE /__sandbox/categories/:id|brands/:id
//   POST /__sandbox/carts/:id/abandon   (stands in for the 1 h idle timer: {cart_id, token, recovery_url};
//                                        fires store/cart/abandoned)
//   GET  /__sandbox/logins              (Customer Login visits, with the failure reason)
//   GET|PUT /__sandbox/credential-limit ({attempts, windowMs} | {"enabled": false}: validate-credentials abuse limit)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound } from '../errors';
import { isObject, type Json } from '../http';
import { resetStats, type Runtime } from '../runtime';
import { productJson } from './catalog';
import { hookJson } from './hooks';
import { brandJson, categoryJson } from './taxonomy';

const idOf = (req: FastifyRequest): number => {
  const raw = (req.params as Record<string, string>).id;
  return /^\d+$/.test(raw) ? Number(raw) : -1;
};

function bad(message: string): ApiError {
  return new ApiError(400, message);
}

export function controlRoutes(app: FastifyInstance, rt: Runtime): void {
  const { store } = rt;
  const full = new Set(['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'options', 'channels'] as const);
  const productOut = (id: number): Json => productJson(store, store.catalog.product(id), full, true);
  const base = '/__sandbox';

  app.get(`${base}/health`, async () => ({ ok: true }));
  app.get(`${base}/info`, async () => rt.info());

  app.get(`${base}/faults`, async () => rt.faults.get());
  app.put(`${base}/faults`, async (req) => {
    if (!isObject(req.body)) throw bad('Send a JSON object of fault options.');
    try {
      rt.faults.set(req.body);
    } catch (e) {
      throw bad((e as Error).message);
    }
    return rt.faults.get();
  });

  app.get(`${base}/rate-limit`, async () => ({ rateLimit: rt.limiter.get() }));
  app.put(`${base}/rate-limit`, async (req) => {
    const b = req.body;
    if (b === false || b === null || (isObject(b) && b.enabled === false)) rt.limiter.set(false);
    else if (isObject(b) && Number.isInteger(b.quota) && Number.isInteger(b.windowMs) && (b.quota as number) > 0 && (b.windowMs as number) > 0) {
      rt.limiter.set({ quota: b.quota as number, windowMs: b.windowMs as number });
    } else throw bad('Send {quota, windowMs} (positive integers) or {"enabled": false}.');
    return { rateLimit: rt.limiter.get() };
  });

  app.get(`${base}/stats`, async () => rt.stats);
  app.post(`${base}/reset-stats`, async () => {
    return resetStats(rt.stats);
  });

  app.get(`${base}/deliveries`, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return rt.webhooks.deliveries().filter((d) => (!q.hook_id || d.hook_id === Number(q.hook_id)) && (!q.scope || d.scope === q.scope));
  });
  app.delete(`${base}/deliveries`, async (_req, reply) => {
    rt.webhooks.clear();
    return reply.code(204).send();
  });
  app.post(`${base}/deliveries/flush`, async () => {
    await rt.webhooks.flush();
    return { pending: 0 };
  });
  app.get(`${base}/hooks`, async () => [...store.hooks.hooks.values()].map((w) => ({ ...hookJson(w), consecutive_failures: w.consecutive_failures })));

  app.put(`${base}/tokens/:token`, async (req) => {
    const token = (req.params as Record<string, string>).token;
    const b = req.body;
    const scopes = isObject(b) ? b.scopes : undefined;
    if (scopes !== '*' && !(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))) {
      throw bad('Send {"scopes": ["store_v2_products_read_only", ...]} or {"scopes": "*"}.');
    }
    rt.tokens.set(token, scopes as string[] | '*');
    return { token, scopes };
  });
  app.delete(`${base}/tokens/:token`, async (req, reply) => {
    rt.tokens.delete((req.params as Record<string, string>).token);
    return reply.code(204).send();
  });

  app.post(`${base}/products`, async (req, reply) => reply.code(201).send(productOut(store.catalog.createProduct(req.body).id)));
  app.patch(`${base}/products/:id`, async (req) => {
    const id = idOf(req);
    store.catalog.product(id);
    if (!isObject(req.body)) throw bad('Send a JSON object.');
    const { variants, channels, ...patch } = req.body;
    // Validate the variant list before touching anything.
    if (variants !== undefined && !(Array.isArray(variants) && variants.every((v) => isObject(v) && Number.isInteger(v.id)))) {
      throw bad('variants must be an array of objects with an id.');
    }
    if (channels !== undefined && !(Array.isArray(channels) && channels.every((c) => Number.isInteger(c) && store.channels.channels.has(c)))) {
      throw bad('channels must be an array of existing channel ids.');
    }
    store.catalog.updateProduct(id, patch);
    for (const v of (variants as Json[] | undefined) ?? []) {
      const { id: vid, ...vpatch } = v;
      store.catalog.updateVariant(id, vid as number, vpatch);
    }
    if (channels !== undefined) {
      const core = store.catalog.product(id);
      const wanted = channels as number[];
      store.catalog.setChannelAssignments(
        core.channels.filter((c) => !wanted.includes(c)).map((c) => ({ product_id: id, channel_id: c })),
        false
      );
      store.catalog.setChannelAssignments(
        wanted.map((c) => ({ product_id: id, channel_id: c })),
        true
      );
    }
    return productOut(id);
  });
  app.delete(`${base}/products/:id`, async (req, reply) => {
    if (!store.catalog.deleteProduct(idOf(req))) throw notFound('Product', idOf(req));
    return reply.code(204).send();
  });
  app.patch(`${base}/variants/:id`, async (req) => {
    const hit = store.catalog.findVariant(idOf(req));
    if (!hit) throw notFound('Variant', idOf(req));
    store.catalog.updateVariant(hit.core.id, hit.variant.id, req.body);
    return store.catalog.variantsOf(hit.core).find((v) => v.id === hit.variant.id);
  });

  app.post(`${base}/carts/:id/abandon`, async (req) => store.carts.abandonCart((req.params as Record<string, string>).id));
  app.get(`${base}/logins`, async () => store.logins.logins);
  app.get(`${base}/credential-limit`, async () => ({ credentialLimit: store.customers.attempts.config }));
  app.put(`${base}/credential-limit`, async (req) => {
    const b = req.body;
    const limiter = store.customers.attempts;
    if (isObject(b) && b.enabled === false) limiter.config = false;
    else if (isObject(b) && Number.isInteger(b.attempts) && Number.isInteger(b.windowMs) && (b.attempts as number) > 0 && (b.windowMs as number) > 0) {
      limiter.config = { attempts: b.attempts as number, windowMs: b.windowMs as number };
    } else throw bad('Send {attempts, windowMs} (positive integers) or {"enabled": false}.');
    limiter.reset();
    return { credentialLimit: limiter.config };
  });

  app.post(`${base}/categories`, async (req, reply) => reply.code(201).send(categoryJson(store.taxonomy.createCategory(req.body))));
  app.patch(`${base}/categories/:id`, async (req) => categoryJson(store.taxonomy.updateCategory(idOf(req), req.body)));
  app.delete(`${base}/categories/:id`, async (req, reply) => {
    if (!store.taxonomy.deleteCategory(idOf(req))) throw notFound('Category', idOf(req));
    return reply.code(204).send();
  });
  app.post(`${base}/brands`, async (req, reply) => reply.code(201).send(brandJson(store.taxonomy.createBrand(req.body))));
  app.patch(`${base}/brands/:id`, async (req) => brandJson(store.taxonomy.updateBrand(idOf(req), req.body)));
  app.delete(`${base}/brands/:id`, async (req, reply) => {
    if (!store.taxonomy.deleteBrand(idOf(req))) throw notFound('Brand', idOf(req));
    return reply.code(204).send();
  });
}
