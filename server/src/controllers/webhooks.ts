import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import { eventIdSchema, eventsQuerySchema, PRICE_LIST_SCOPE, priceListPayloadSchema, webhookPayloadSchema } from '../validation/webhooks';
import type { RequestContext } from '../utils/request-context';

const webhooks = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** BigCommerce's callback: store the event and answer at once; the worker does the rest. */
  async receive(ctx: RequestContext) {
    const body = ctx.request.body as { scope?: unknown } | undefined;
    if (typeof body?.scope === 'string' && PRICE_LIST_SCOPE.test(body.scope)) {
      // Nothing to refetch: the shopper prices this node cached are dropped, and the event is kept for the log.
      const payload = parseOrThrow(priceListPayloadSchema, body, 'Invalid webhook payload');
      getService(strapi, 'pricing').invalidatePriceLists();
      const { duplicate } = await getService(strapi, 'webhook-inbox').receive(payload);
      ctx.body = { data: { received: true, duplicate } };
      return;
    }
    const payload = parseOrThrow(webhookPayloadSchema, ctx.request.body, 'Invalid webhook payload');
    const { duplicate } = await getService(strapi, 'webhook-inbox').receive(payload);
    if (!duplicate) getService(strapi, 'webhook-worker').kick();
    ctx.status = 200;
    ctx.body = { data: { received: true, duplicate } };
  },

  async status(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'webhooks').status() };
  },

  async register(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'webhooks').register() };
  },

  async healthCheck(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'webhooks').healthCheck() };
  },

  async listEvents(ctx: RequestContext) {
    const query = parseOrThrow(eventsQuerySchema, ctx.query, 'Invalid query');
    const { results, pagination } = await getService(strapi, 'webhook-inbox').list(query);
    ctx.body = { data: results, meta: { pagination } };
  },

  async replay(ctx: RequestContext) {
    const { id } = parseOrThrow(eventIdSchema, ctx.params, 'Invalid event');
    const inbox = getService(strapi, 'webhook-inbox');
    const event = await inbox.find(id);
    if (!event) throw new errors.NotFoundError(`Webhook event ${id} does not exist`);
    const replayed = await inbox.replay(id);
    if (!replayed) throw new errors.ApplicationError(`Webhook event ${id} is ${event.status} and cannot be replayed`);
    getService(strapi, 'webhook-worker').kick();
    ctx.body = { data: replayed };
  },
});

export default webhooks;
