import type { Core } from '@strapi/strapi';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from 'koa';
import type * as Nexus from 'nexus';

import type { GraphqlMiddleware } from './graphql-limits';

import { CATALOG_OPERATIONS, type CatalogField, type CatalogRead } from './operations/catalog';
import { CATALOG_ACTIONS } from './public-access';
import type { CatalogReadService } from './services/catalog-read';
import { parseOrThrow, upstreamErrorsResolver } from './utils/errors';
import { getService } from './utils/get-service';
import { PLUGIN_ID } from './utils/plugin-id';
import { brandListSchema, categoryTreeSchema, productListSchema, productOneSchema } from './validation/catalog';

type Args = Record<string, unknown>;
type Resolver = (parent: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => unknown;
type Middleware = (next: Resolver, parent: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => unknown;

interface ShadowCrud {
  disable(): ShadowCrud;
  disableQueries(): ShadowCrud;
  disableMutations(): ShadowCrud;
  field(name: string): { disable(): unknown };
}

interface ExtensionService {
  shadowCRUD(uid: string): ShadowCrud;
  use(configuration: (context: { nexus: typeof Nexus; strapi: Core.Strapi }) => Record<string, unknown>): unknown;
}

/** A catalog field's name, checked against CATALOG_OPERATIONS: a field not declared there does not type-check. */
const catalogField = (name: CatalogField): string => name;

const uid = (name: string) => `plugin::${PLUGIN_ID}.${name}`;

/** Content types the storefront reads; their generated types stay, their generated queries do not. */
const CATALOG_TYPES = ['product', 'category', 'brand'];

/** GraphQL arguments become the strings a query string would carry, so REST's schemas validate them. */
const asQuery = (args: Args): Record<string, string> =>
  Object.fromEntries(
    Object.entries(args)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)])
  );

const CURRENCY_ARG = (nexus: typeof Nexus) =>
  nexus.stringArg({ description: "Prices in this currency (one the channel offers); with a signed-in shopper, their customer group's prices" });

/** Adds a condition to a relation field's GraphQL `filters` argument. */
const withFilter = (args: Args, filter: Args): Args => ({ ...args, filters: args.filters ? { and: [args.filters, filter] } : filter });

const visibleOnly: Middleware = (next, parent, args, context, info) => next(parent, withFilter(args, { isVisible: { eq: true } }), context, info);

const TREE_ORDER = ['sortOrder:asc', 'name:asc', 'id:asc'];

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) ? !value.length : typeof value === 'object' && !Object.keys(value).length);

/**
 * Serves a relation the root query already loaded (a product's visible categories and brand, a tree node's
 * children) instead of one query per parent; with filters, sort or pagination arguments it falls back to
 * Strapi's resolver through `fallback`.
 */
const prefetched =
  (field: string, fallback: Middleware): Middleware =>
  (next, parent, args, context, info) => {
    const value = (parent as Record<string, unknown>)[field];
    if (value !== undefined && isEmpty(args.filters) && isEmpty(args.sort) && isEmpty(args.pagination)) return value;
    return fallback(next, parent, args, context, info);
  };

/** Children read from the database: visible ones, in tree order unless the query sorts. */
const treeLevel: Middleware = (next, parent, args, context, info) =>
  visibleOnly(next, parent, isEmpty(args.sort) ? { ...args, sort: TREE_ORDER } : args, context, info);

const passThrough: Middleware = (next, parent, args, context, info) => next(parent, args, context, info);

/**
 * The catalog in Strapi's GraphQL, with the REST API's rules. The generated types of product, category and
 * brand stay (editorial and extension fields included), but their generated queries and mutations are
 * switched off: root queries are ours and go through catalog-read (visible products of a served channel
 * only), and the relation fields that could reach other products are removed or filtered. The plugin's
 * other content types (sync runs, sync locks, channels, ...) are not exposed at all.
 */
export const registerGraphql = (strapi: Core.Strapi, inputLimits: GraphqlMiddleware): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = strapi.plugin('graphql').service('extension') as unknown as ExtensionService;

  // Only the catalog is public: every other content type of the plugin (sync runs and locks, channels,
  // whatever internals come later) stays out of the schema.
  for (const name of Object.keys(strapi.plugin(PLUGIN_ID).contentTypes)) {
    if (CATALOG_TYPES.includes(name)) extension.shadowCRUD(uid(name)).disableQueries().disableMutations();
    else extension.shadowCRUD(uid(name)).disable();
  }
  // A brand's or category's products would bypass visibility and channel: list them with bigcommerceProducts.
  extension.shadowCRUD(uid('brand')).field('products').disable();
  extension.shadowCRUD(uid('category')).field('products').disable();

  const service = (): CatalogReadService => getService(strapi, 'catalog-read');
  const pricingScope = (ctx: Context, channel: number | undefined, currency: string | undefined) =>
    getService(strapi, 'pricing').scopeOf(ctx, () => service().resolveChannel(channel), currency);

  extension.use(({ nexus }) => ({
    types: [
      nexus.objectType({
        name: 'BigcommercePricing',
        description: "Whose prices these are: the signed-in shopper's customer group and currency, and where they came from",
        definition(t) {
          t.string('currency');
          t.nonNull.int('customerGroupId');
          t.nonNull.string('source', { description: 'bigcommerce (read now), cache, or synced (the catalog price: BigCommerce could not say)' });
          t.string('error');
        },
      }),
      nexus.extendType({
        type: 'BigcommerceProduct',
        definition(t) {
          t.field('pricing', {
            type: 'BigcommercePricing',
            description: "Present when the prices are the shopper's own (signed in, or a currency asked for)",
            resolve: (parent) => ((parent as Record<string, unknown>).pricing as never) ?? null,
          });
        },
      }),
      nexus.objectType({
        name: 'BigcommerceProductList',
        definition(t) {
          t.nonNull.list.nonNull.field('nodes', { type: 'BigcommerceProduct' });
          t.nonNull.field('pagination', { type: 'Pagination' });
          t.field('pricing', { type: 'BigcommercePricing' });
        },
      }),
      nexus.objectType({
        name: 'BigcommerceBrandList',
        definition(t) {
          t.nonNull.list.nonNull.field('nodes', { type: 'BigcommerceBrand' });
          t.nonNull.field('pagination', { type: 'Pagination' });
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t) {
          t.nonNull.field(catalogField('bigcommerceProducts'), {
            type: 'BigcommerceProductList',
            description:
              'Visible products of a channel (default: the first one this Strapi serves), filtered, sorted and paginated like GET /api/bigcommerce/products.',
            args: {
              channel: nexus.intArg(),
              category: nexus.stringArg({ description: 'BigCommerce id or slug; includes its descendants' }),
              brand: nexus.stringArg({ description: 'BigCommerce id or slug' }),
              priceMin: nexus.floatArg(),
              priceMax: nexus.floatArg(),
              inStock: nexus.booleanArg(),
              q: nexus.stringArg({ description: 'Case-insensitive search in name, SKU and description' }),
              sort: nexus.stringArg({ description: 'name, price, newest or featured, optionally :asc or :desc' }),
              page: nexus.intArg(),
              pageSize: nexus.intArg(),
              live: nexus.booleanArg({ description: 'Price and stock read from BigCommerce now (as REST ?live=true)' }),
              currency: CURRENCY_ARG(nexus),
            },
            async resolve(_parent, args, context: { koaContext: Context }) {
              const query = parseOrThrow(productListSchema, asQuery(args), 'Invalid arguments');
              const scope = await pricingScope(context.koaContext, query.channel, query.currency);
              const { results, pagination } = await service().listProducts({ ...query, full: true });
              const { products } = await getService(strapi, 'live').overlay(results, query.live);
              const priced = await getService(strapi, 'pricing').price(products, scope);
              return { nodes: priced.products, pagination, pricing: priced.pricing ?? null };
            },
          });
          t.field(catalogField('bigcommerceProduct'), {
            type: 'BigcommerceProduct',
            description: 'One visible product of the channel by slug, or null.',
            args: { slug: nexus.nonNull(nexus.stringArg()), channel: nexus.intArg(), live: nexus.booleanArg(), currency: CURRENCY_ARG(nexus) },
            async resolve(_parent, { slug, ...rest }, context: { koaContext: Context }) {
              const { channel, live, currency } = parseOrThrow(productOneSchema, asQuery(rest), 'Invalid arguments');
              const scope = await pricingScope(context.koaContext, channel, currency);
              const found = await service().findProductBySlug(slug, channel, { full: true });
              if (!found) return null;
              const { products } = await getService(strapi, 'live').overlay([found], live);
              return (await getService(strapi, 'pricing').price(products, scope)).products[0];
            },
          });
          t.nonNull.list.nonNull.field(catalogField('bigcommerceCategories'), {
            type: 'BigcommerceCategory',
            description: 'The visible category tree: root categories, with `children` below them.',
            args: { channel: nexus.intArg() },
            async resolve(_parent, args) {
              const { channel } = parseOrThrow(categoryTreeSchema, asQuery(args), 'Invalid arguments');
              return service().categoryTree(channel);
            },
          });
          t.nonNull.field(catalogField('bigcommerceBrands'), {
            type: 'BigcommerceBrandList',
            args: { page: nexus.intArg(), pageSize: nexus.intArg() },
            async resolve(_parent, args) {
              const query = parseOrThrow(brandListSchema, asQuery(args), 'Invalid arguments');
              const { results, pagination } = await service().listBrands(query);
              return { nodes: results, pagination };
            },
          });
        },
      }),
    ],
    resolversConfig: {
      ...Object.fromEntries(
        Object.entries(CATALOG_OPERATIONS).map(([read, { field }]) => [
          `Query.${field}`,
          { auth: { scope: [CATALOG_ACTIONS[read as CatalogRead]] }, middlewares: [inputLimits, upstreamErrorsResolver] },
        ])
      ),
      // Relation fields: the generated config asks for the related type's `find`; here a relation is read
      // with the query that reached it.
      'BigcommerceProduct.brand': { auth: { scope: [CATALOG_ACTIONS.findProducts] }, middlewares: [prefetched('brand', passThrough)] },
      'BigcommerceProduct.categories': { auth: { scope: [CATALOG_ACTIONS.findProducts] }, middlewares: [prefetched('categories', visibleOnly)] },
      'BigcommerceProduct.categories_connection': { auth: { scope: [CATALOG_ACTIONS.findProducts] }, middlewares: [visibleOnly] },
      'BigcommerceCategory.parent': {
        auth: { scope: [CATALOG_ACTIONS.findCategories] },
        middlewares: [
          async (next: Resolver, parent: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => {
            const value = (await next(parent, args, context, info)) as { isVisible?: boolean } | null;
            return value && value.isVisible === false ? null : value;
          },
        ],
      },
      // Nodes of bigcommerceCategories carry their (channel-pruned) children already.
      'BigcommerceCategory.children': { auth: { scope: [CATALOG_ACTIONS.findCategories] }, middlewares: [prefetched('children', treeLevel)] },
      'BigcommerceCategory.children_connection': { auth: { scope: [CATALOG_ACTIONS.findCategories] }, middlewares: [visibleOnly] },
    },
  }));
};
