import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import { CATALOG_OPERATIONS as OPS } from '../operations/catalog';
import { projectRow, type FrozenCategoryNode, type ReadOptions } from '../services/catalog-read';
import type { RequestContext } from '../utils/request-context';

const read = (strapi: Core.Strapi) => getService(strapi, 'catalog-read');

/** Strapi's `fields` / `populate` apply after the live overlay, which needs (and adds) fields of its own. */
const shaped = (products: Record<string, unknown>[], shape: ReadOptions) =>
  shape.fields || shape.populate ? products.map((product) => projectRow(product, shape)) : products;

/** Whose prices to give: the signed-in shopper's and the `currency` asked for (null: today's synced prices). */
export const pricingScope = async (strapi: Core.Strapi, ctx: Context, channel: number | undefined, currency: string | undefined) =>
  getService(strapi, 'pricing').scopeOf(ctx, () => read(strapi).resolveChannel(channel), currency);

/*
 * Storefront read API (content API, `/api/bigcommerce/...`): validate, call catalog-read, answer. One
 * controller per content type with Strapi's action names, so that read-only API tokens grant them.
 */

export const product = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const query = parseOrThrow(OPS.findProducts.input.query, ctx.query, 'Invalid query');
    const scope = await pricingScope(strapi, ctx, query.channel, query.currency);
    const { results, pagination } = await read(strapi).listProducts(query);
    const { products: overlaid, live } = await getService(strapi, 'live').overlay(results, query.live);
    const { products, pricing } = await getService(strapi, 'pricing').price(overlaid, scope);
    ctx.body = { data: shaped(products, query), meta: { pagination, ...(live ? { live } : {}), ...(pricing ? { pricing } : {}) } };
  },

  async findOne(ctx: RequestContext) {
    const { slug } = parseOrThrow(OPS.findProduct.input.params, ctx.params, 'Invalid product');
    const { channel, live: asked, currency, ...shape } = parseOrThrow(OPS.findProduct.input.query, ctx.query, 'Invalid query');
    const scope = await pricingScope(strapi, ctx, channel, currency);
    const found = await read(strapi).findProductBySlug(slug, channel, shape);
    if (!found) throw new errors.NotFoundError(`Product "${slug}" not found`);
    const { products: overlaid, live } = await getService(strapi, 'live').overlay([found], asked);
    const { products, pricing } = await getService(strapi, 'pricing').price(overlaid, scope);
    ctx.body = { data: shaped(products, shape)[0], meta: { ...(live ? { live } : {}), ...(pricing ? { pricing } : {}) } };
  },
});

/**
 * The category tree's answer, serialised once per tree. On PostgreSQL the service hands out one (frozen)
 * tree per catalog generation and channel, whose JSON (about 0.5 MB at 1,000 categories) was otherwise
 * made again on every request. Keyed by the tree, so an answer lives as long as the service keeps its tree.
 */
const treeAnswers = new WeakMap<readonly FrozenCategoryNode[], Buffer>();

export const category = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { channel } = parseOrThrow(OPS.findCategories.input.query, ctx.query, 'Invalid query');
    const tree = await read(strapi).categoryTree(channel);
    let answer = treeAnswers.get(tree);
    if (!answer) {
      answer = Buffer.from(JSON.stringify({ data: tree, meta: {} }));
      treeAnswers.set(tree, answer);
    }
    ctx.type = 'application/json';
    ctx.body = answer;
  },
});

export const brand = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const query = parseOrThrow(OPS.findBrands.input.query, ctx.query, 'Invalid query');
    const { results, pagination } = await read(strapi).listBrands(query);
    ctx.body = { data: results, meta: { pagination } };
  },
});
