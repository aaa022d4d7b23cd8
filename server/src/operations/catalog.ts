import { pageSizeCost, singleCost, treeCost } from '../utils/graphql-cost';
import { brandListRestSchema, categoryTreeSchema, productListRestSchema, productOneRestSchema, productSlugSchema } from '../validation/catalog';
import { CATALOG_ROUTES } from './routes';

/**
 * The catalog reads, declared once: the route handler (`<controller>.<action>`, Strapi's own action names,
 * because a read-only API token grants exactly the actions ending in `find` and `findOne`), the REST route,
 * the GraphQL query field and what one selection of it may read. The users-permissions action of each is
 * `plugin::bigcommerce.<handler>`, for REST and GraphQL alike. REST and GraphQL answer in their own shapes
 * (REST adds live fields; GraphQL lists are `{ nodes, pagination }`), so their handlers stay apart:
 * controllers/catalog.ts and graphql.ts. `input` is what the REST route validates (its path params and query
 * string, Strapi's conventions included), read by the controller and the OpenAPI document.
 */
export const CATALOG_OPERATIONS = {
  findProducts: {
    handler: 'product.find',
    rest: CATALOG_ROUTES.findProducts,
    input: { query: productListRestSchema },
    field: 'bigcommerceProducts',
    cost: pageSizeCost,
  },
  findProduct: {
    handler: 'product.findOne',
    rest: CATALOG_ROUTES.findProduct,
    input: { params: productSlugSchema, query: productOneRestSchema },
    field: 'bigcommerceProduct',
    cost: singleCost,
  },
  findCategories: {
    handler: 'category.find',
    rest: CATALOG_ROUTES.findCategories,
    input: { query: categoryTreeSchema },
    field: 'bigcommerceCategories',
    cost: treeCost,
  },
  findBrands: { handler: 'brand.find', rest: CATALOG_ROUTES.findBrands, input: { query: brandListRestSchema }, field: 'bigcommerceBrands', cost: pageSizeCost },
} as const satisfies Record<keyof typeof CATALOG_ROUTES, unknown>;

export type CatalogRead = keyof typeof CATALOG_OPERATIONS;
export type CatalogField = (typeof CATALOG_OPERATIONS)[CatalogRead]['field'];
