import type { Core } from '@strapi/strapi';

import { getService } from '../utils/get-service';
import { parseOrThrow } from '../utils/errors';
import { testConnectionSchema } from '../validation/connection';
import { settingsUpdateSchema } from '../validation/settings';
import type { RequestContext } from '../utils/request-context';

const settings = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'settings').getPublic() };
  },

  async update(ctx: RequestContext) {
    const input = parseOrThrow(settingsUpdateSchema, ctx.request.body, 'Invalid BigCommerce settings');
    ctx.body = { data: await getService(strapi, 'settings').update(input) };
  },

  async testConnection(ctx: RequestContext) {
    const candidate = parseOrThrow(testConnectionSchema, ctx.request.body, 'Invalid connection test');
    ctx.body = { data: await getService(strapi, 'client').testConnection(candidate) };
  },
});

export default settings;
