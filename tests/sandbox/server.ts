// Builds the fastify app: BigCommerce routes under /stores/{hash}/v3 and /v2, guarded in order by
// injected faults, X-Auth-Token/scope checks and the rate limiter; the payments host's
// POST /stores/{hash}/payments (faults, its own quota, PAT auth in the handler); the storefront
// origin (/login/token/{jwt}, /cart.php, ...) and the control plane under /__sandbox (no auth,
// no quota, not counted), and the store's image CDN (images.ts; the image URLs point there with imageHost).
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { RouteScope } from './auth';
import { ApiError, STATUS_TITLES, v2ErrorBody, v3ErrorBody } from './errors';
import { STORM_RESET_MS } from './faults';
import { imageRoutes } from './images';
import { abandonedCartRoutes, cartRoutes, checkoutRoutes } from './routes/carts';
import { catalogRoutes } from './routes/catalog';
import { channelRoutes } from './routes/channels';
import { controlRoutes } from './routes/control';
import { customerRoutes, customerV2Routes } from './routes/customers';
import { hookRoutes } from './routes/hooks';
import { orderRoutes } from './routes/orders';
import { paymentRoutes, processPaymentHandler } from './routes/payments';
import { pricingRoutes, pricingV2Routes } from './routes/pricing';
import { redirectRoutes } from './routes/redirects';
import { siteRoutes } from './routes/sites';
import { storeRoutes } from './routes/store';
import { storefrontRoutes } from './routes/storefront';
import { storefrontTokenRoutes } from './routes/storefront-tokens';
import { taxonomyRoutes } from './routes/taxonomy';
import { wishlistRoutes } from './routes/wishlists';
import type { RouteDef, RouteEnv } from './routes/types';
import type { Runtime } from './runtime';

interface RouteConfig {
  scope?: RouteScope;
  api?: boolean;
  /** The payments host: PAT auth in the handler and its own quota instead of X-Auth-Token and the store quota. */
  payments?: boolean;
}

/** Waits, but gives up as soon as the client goes away, so no timer outlives a closed sandbox. */
const sleepUnlessClosed = (ms: number, socket: NodeJS.EventEmitter): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once('close', done);
  });

function errorBody(url: string, e: ApiError): unknown {
  return url.includes('/v2/') ? v2ErrorBody(e) : v3ErrorBody(e);
}

/** Every BigCommerce endpoint the sandbox serves, with urls starting at /v3 or /v2. */
export function apiRoutes(env: RouteEnv): RouteDef[] {
  const v3 = [
    ...catalogRoutes(env),
    ...taxonomyRoutes(env),
    ...channelRoutes(env),
    ...siteRoutes(env),
    ...redirectRoutes(env),
    ...hookRoutes(env),
    ...cartRoutes(env),
    ...checkoutRoutes(env),
    ...abandonedCartRoutes(env),
    ...customerRoutes(env),
    ...wishlistRoutes(env),
    ...paymentRoutes(env),
    ...storefrontTokenRoutes(env),
    ...pricingRoutes(env),
  ];
  const v2 = [...storeRoutes(env), ...orderRoutes(env), ...customerV2Routes(env), ...pricingV2Routes(env)];
  return [...v3.map((d) => ({ ...d, url: `/v3${d.url}` })), ...v2.map((d) => ({ ...d, url: `/v2${d.url}` }))];
}

export function buildServer(rt: Runtime): FastifyInstance {
  // maxParamLength: a Customer Login JWT travels as a path parameter (/login/token/{jwt}).
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true, routerOptions: { maxParamLength: 8192 } });
  // BigCommerce takes an empty body with Content-Type: application/json (POST /checkouts/{id}/orders
  // declares the header but no body); fastify's own parser would answer 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, raw, done) => {
    const text = String(raw);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });
  const prefix = `/stores/${rt.store.storeHash}`;
  const env: RouteEnv = { store: rt.store };

  for (const d of apiRoutes(env)) {
    app.route({
      method: d.method,
      url: `${prefix}${d.url}`,
      config: { scope: d.scope, api: true } satisfies RouteConfig,
      handler: async (req, reply) => d.handler(req, reply),
    });
  }
  app.route({
    method: 'POST',
    url: `${prefix}/payments`,
    config: { api: true, payments: true } satisfies RouteConfig,
    handler: processPaymentHandler(rt.store),
  });
  controlRoutes(app, rt);
  storefrontRoutes(app, rt);
  imageRoutes(app, rt);

  const fail = (req: FastifyRequest, reply: FastifyReply, status: number, title = STATUS_TITLES[status] ?? 'Error'): FastifyReply =>
    reply.code(status).send(errorBody(req.url, new ApiError(status, title)));

  app.addHook('onRequest', async (req, reply) => {
    // Everything under /stores/ is API traffic (unknown paths too); the control plane is exempt.
    if (!req.url.startsWith('/stores/')) return;
    const config = req.routeOptions.config as RouteConfig;
    const routeKey = config.api && req.routeOptions.url ? `${req.method} ${req.routeOptions.url.slice(prefix.length)}` : `${req.method} (unmatched)`;
    rt.stats.requests++;
    rt.stats.inFlight++;
    rt.stats.mostInFlight = Math.max(rt.stats.mostInFlight, rt.stats.inFlight);
    reply.raw.once('close', () => rt.stats.inFlight--);
    if (process.env.SANDBOX_TRACE) console.log(`[sandbox] ${req.method} ${req.url}`);
    rt.stats.byRoute[routeKey] = (rt.stats.byRoute[routeKey] ?? 0) + 1;

    const delay = rt.faults.delayMs();
    if (delay > 0) {
      await sleepUnlessClosed(delay, req.raw.socket);
      // The client gave up while we waited: answer nothing, and spend no fault on it.
      if (req.raw.socket.destroyed) {
        reply.hijack();
        return reply;
      }
    }
    reply.headers(config.payments ? rt.paymentsLimiter.peek() : rt.limiter.peek());
    const fault = rt.faults.decide();
    if (fault.kind === 'drop') {
      rt.stats.faulted++;
      reply.hijack();
      req.raw.socket.destroy();
      return reply;
    }
    if (fault.kind === 'throttle') {
      rt.stats.throttled++;
      const cfg = rt.limiter.get();
      reply.headers({
        'x-rate-limit-requests-left': '0',
        'x-rate-limit-requests-quota': String(cfg ? cfg.quota : 150),
        'x-rate-limit-time-window-ms': String(cfg ? cfg.windowMs : 30_000),
        'x-rate-limit-time-reset-ms': String(fault.resetMs),
        'x-retry-after': String(Math.ceil(STORM_RESET_MS / 1000)),
      });
      return fail(req, reply, 429);
    }
    if (fault.kind === 'error') {
      rt.stats.faulted++;
      return fail(req, reply, fault.status);
    }

    if (config.payments) {
      const rate = rt.paymentsLimiter.take();
      reply.headers(rate.headers);
      if (!rate.allowed) {
        rt.stats.throttled++;
        return fail(req, reply, 429, 'Too many payment requests; retry after the reset.');
      }
      return undefined;
    }

    const token = req.headers['x-auth-token'];
    const verdict = rt.tokens.check(typeof token === 'string' ? token : undefined, config.scope ?? null, req.method);
    if (verdict === 401) return fail(req, reply, 401, 'No valid X-Auth-Token was sent with the request.');
    if (verdict === 403) return fail(req, reply, 403, 'The access token lacks the OAuth scope this endpoint requires.');

    const rate = rt.limiter.take();
    reply.headers(rate.headers);
    if (!rate.allowed) {
      rt.stats.throttled++;
      return fail(req, reply, 429, 'The request quota of this store has been used up; retry after the reset.');
    }
    return undefined;
  });

  // The size-proportional latency: the body is known only once serialized. API answers only (the
  // control plane, storefront and image hosts are not the store's API).
  app.addHook('onSend', async (req, _reply, payload) => {
    if (!req.url.startsWith('/stores/')) return payload;
    const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : 0;
    const delay = rt.faults.sizeDelayMs(bytes);
    if (delay > 0) await sleepUnlessClosed(delay, req.raw.socket);
    return payload;
  });

  app.setNotFoundHandler((req, reply) => {
    const e = new ApiError(404, `No route matches ${req.method} ${req.url.split('?')[0]}.`);
    return reply.code(404).send(errorBody(req.url, e));
  });

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.extra.headers) reply.headers(err.extra.headers);
      return reply.code(err.status).send(errorBody(req.url, err));
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    const e = new ApiError(status, status === 500 ? 'Internal Server Error' : err.message);
    if (status === 500) console.error('[sandbox] unexpected error', err);
    return reply.code(status).send(errorBody(req.url, e));
  });

  return app;
}
