import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import { brandListSchema, categoryTreeSchema, productListSchema, productOneSchema, productSlugSchema } from '../validation/catalog';
import type { RequestContext } from '../utils/request-context';

/** Storefront read API (content API, `/api/bigcommerce/...`): validate, call catalog-read, answer. */
const catalog = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'catalog-read');

  return {
    async findProducts(ctx: RequestContext) {
      const query = parseOrThrow(productListSchema, ctx.query, 'Invalid query');
      const { results, pagination } = await service().listProducts(query);
      const { products, live } = await getService(strapi, 'live').overlay(results, query.live);
      ctx.body = { data: products, meta: { pagination, ...(live ? { live } : {}) } };
    },

    async findProduct(ctx: RequestContext) {
      const { slug } = parseOrThrow(productSlugSchema, ctx.params, 'Invalid product');
      const { channel, live: asked } = parseOrThrow(productOneSchema, ctx.query, 'Invalid query');
      const product = await service().findProductBySlug(slug, channel);
      if (!product) throw new errors.NotFoundError(`Product "${slug}" not found`);
      const { products, live } = await getService(strapi, 'live').overlay([product], asked);
      ctx.body = { data: products[0], meta: live ? { live } : {} };
    },

    async findCategories(ctx: RequestContext) {
      const { channel } = parseOrThrow(categoryTreeSchema, ctx.query, 'Invalid query');
      ctx.body = { data: await service().categoryTree(channel), meta: {} };
    },

    async findBrands(ctx: RequestContext) {
      const query = parseOrThrow(brandListSchema, ctx.query, 'Invalid query');
      const { results, pagination } = await service().listBrands(query);
      ctx.body = { data: results, meta: { pagination } };
    },
  };
};

export default catalog;
