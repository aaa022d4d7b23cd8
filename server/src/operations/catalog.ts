import { pageSizeCost, singleCost, treeCost } from '../utils/graphql-cost';
import { CATALOG_ROUTES } from './routes';

/**
 * The catalog reads, declared once: the route handler (`<controller>.<action>`, Strapi's own action names,
 * because a read-only API token grants exactly the actions ending in `find` and `findOne`), the REST route,
 * the GraphQL query field and what one selection of it may read. The users-permissions action of each is
 * `plugin::bigcommerce.<handler>`, for REST and GraphQL alike. REST and GraphQL answer in their own shapes
 * (REST adds live fields; GraphQL lists are `{ nodes, pagination }`), so their handlers stay apart:
 * controllers/catalog.ts and graphql.ts.
 */
export const CATALOG_OPERATIONS = {
  findProducts: { handler: 'product.find', rest: CATALOG_ROUTES.findProducts, field: 'bigcommerceProducts', cost: pageSizeCost },
  findProduct: { handler: 'product.findOne', rest: CATALOG_ROUTES.findProduct, field: 'bigcommerceProduct', cost: singleCost },
  findCategories: { handler: 'category.find', rest: CATALOG_ROUTES.findCategories, field: 'bigcommerceCategories', cost: treeCost },
  findBrands: { handler: 'brand.find', rest: CATALOG_ROUTES.findBrands, field: 'bigcommerceBrands', cost: pageSizeCost },
} as const satisfies Record<keyof typeof CATALOG_ROUTES, unknown>;

export type CatalogRead = keyof typeof CATALOG_OPERATIONS;
export type CatalogField = (typeof CATALOG_OPERATIONS)[CatalogRead]['field'];
