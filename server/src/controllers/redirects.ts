import type { Core } from '@strapi/strapi';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createRedirectSchema, listRedirectsSchema, redirectIdSchema, updateRedirectSchema } from '../validation/redirects';
import type { RequestContext } from '../utils/request-context';

const redirects = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'redirects');

  return {
    async list(ctx: RequestContext) {
      const { results, pagination } = await service().list(parseOrThrow(listRedirectsSchema, ctx.query, 'Invalid query'));
      ctx.body = { data: results, meta: { pagination } };
    },

    async sites(ctx: RequestContext) {
      ctx.body = { data: await service().sites() };
    },

    async find(ctx: RequestContext) {
      const { id } = parseOrThrow(redirectIdSchema, ctx.params, 'Invalid redirect');
      ctx.body = { data: await service().find(id) };
    },

    async create(ctx: RequestContext) {
      const input = parseOrThrow(createRedirectSchema, ctx.request.body, 'Invalid redirect');
      ctx.body = { data: await service().create(input) };
    },

    async update(ctx: RequestContext) {
      const { id } = parseOrThrow(redirectIdSchema, ctx.params, 'Invalid redirect');
      const patch = parseOrThrow(updateRedirectSchema, ctx.request.body, 'Invalid redirect');
      ctx.body = { data: await service().update(id, patch) };
    },

    async remove(ctx: RequestContext) {
      const { id } = parseOrThrow(redirectIdSchema, ctx.params, 'Invalid redirect');
      ctx.body = { data: await service().remove(id) };
    },
  };
};

export default redirects;
