import type { Core } from '@strapi/strapi';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import { siteDefaults } from '../utils/site-defaults';
import {
  channelIdSchema,
  createChannelSchema,
  productListingsParamsSchema,
  servedChannelsSchema,
  siteDefaultsQuerySchema,
  updateChannelSchema,
} from '../validation/channels';
import type { RequestContext } from '../utils/request-context';

const channels = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'channels-admin');

  return {
    async list(ctx: RequestContext) {
      const data = await service().list();
      ctx.body = { data, meta: { servedChannelIds: data.filter((channel) => channel.isServed).map((channel) => channel.id) } };
    },

    async find(ctx: RequestContext) {
      const { id } = parseOrThrow(channelIdSchema, ctx.params, 'Invalid channel');
      ctx.body = { data: await service().find(id) };
    },

    async create(ctx: RequestContext) {
      const input = parseOrThrow(createChannelSchema, ctx.request.body, 'Invalid channel');
      ctx.body = { data: await service().create(input) };
    },

    async update(ctx: RequestContext) {
      const { id } = parseOrThrow(channelIdSchema, ctx.params, 'Invalid channel');
      const input = parseOrThrow(updateChannelSchema, ctx.request.body, 'Invalid channel settings');
      const { channel, changes } = await service().update(id, input);
      ctx.body = { data: channel, meta: { changes } };
    },

    async siteDefaults(ctx: RequestContext) {
      const { siteUrl } = parseOrThrow(siteDefaultsQuerySchema, ctx.query, 'Invalid query');
      ctx.body = { data: siteDefaults(siteUrl) };
    },

    /** The Content Manager's product panel: how each channel lists the product. */
    async productListings(ctx: RequestContext) {
      const { bigcommerceId } = parseOrThrow(productListingsParamsSchema, ctx.params, 'Invalid product');
      ctx.body = { data: await getService(strapi, 'listings-admin').ofProduct(bigcommerceId) };
    },

    async setServed(ctx: RequestContext) {
      const { channelIds } = parseOrThrow(servedChannelsSchema, ctx.request.body, 'Not saved');
      ctx.body = { data: await service().setServed(channelIds) };
    },
  };
};

export default channels;
