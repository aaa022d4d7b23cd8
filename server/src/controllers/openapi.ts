import type { Context } from 'koa';

import { contentApiPrefix, pluginOpenApi } from '../documentation';

/** `GET /api/bigcommerce/openapi.json`: the document itself, not the `{ data }` envelope, as OpenAPI tools expect. */
const openapi = () => ({
  async document(ctx: Context) {
    ctx.body = pluginOpenApi(contentApiPrefix(strapi));
  },
});

export default openapi;
