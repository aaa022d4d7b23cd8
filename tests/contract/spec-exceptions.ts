// Every place where the contract tests do not take BigCommerce's OpenAPI specs literally, with the
// reason. Keep this list short and specific: an entry here is a claim that the spec is wrong or
// incomplete, not a way to silence a sandbox bug.
import type { Schema, SpecException } from '../helpers/openapi';

/** v3 error body (status-codes.mdx): {status, title, type, errors?, detail?}. */
export const V3_ERROR: Schema = {
  type: 'object',
  required: ['status', 'title', 'type'],
  properties: {
    status: { type: 'integer' },
    title: { type: 'string' },
    type: { type: 'string' },
    detail: { type: 'string' },
    errors: { type: 'object' },
  },
};

/** v2 error body: an array of {status, message}. */
export const V2_ERROR: Schema = {
  type: 'array',
  minItems: 1,
  items: { type: 'object', required: ['status', 'message'], properties: { status: { type: 'integer' }, message: { type: 'string' } } },
};

const V3_OPERATIONS_WITH_V2 = ['getStoreInformation', 'getSystemTimestamp'];

/** Deletes `enum` from any `type` property whose enum lists site route types. */
function widenRouteType(schema: Schema): Schema {
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const s = node as Schema;
    const props = s.properties as Schema | undefined;
    const type = props?.type as Schema | undefined;
    if (type && Array.isArray(type.enum) && type.enum.includes('product') && type.enum.includes('checkout')) delete type.enum;
    for (const v of Object.values(s)) walk(v);
  };
  walk(schema);
  return schema;
}

export const SPEC_EXCEPTIONS: readonly SpecException[] = [
  // First match wins: the v2 rule must come before the catch-all v3 rule.
  {
    kind: 'status',
    statuses: [401, 403, 404, 429, 500, 502, 503, 504],
    operations: V3_OPERATIONS_WITH_V2,
    body: V2_ERROR,
    reason: 'store_information.v2.yml declares only 200; v2 endpoints answer errors as [{status, message}] like every v2 API.',
  },
  {
    kind: 'status',
    statuses: [401, 403, 429, 500, 502, 503, 504],
    operations: '*',
    body: V3_ERROR,
    reason:
      'Auth, rate-limit and server errors can come from any v3 endpoint (status-codes.mdx, api-rate-limits.mdx), but most ' +
      'operations do not declare them, and several declare 401 as a plain-text body although BigCommerce sends JSON.',
  },
  {
    kind: 'status',
    statuses: [404],
    operations: [
      'getChannelSite', 'updateChannelSite', 'deleteChannelSite', 'updateCheckoutUrl', 'deleteCheckoutUrl',
      'getSite', 'updateSite', 'deleteSite', 'getSiteRoutes', 'createSiteRoute', 'updateSiteRoutes', 'getSiteRoute',
      'updateSiteRoute', 'deleteSiteRoute', 'updateWebhook', 'deleteWebhook', 'getProductModifiers', 'getProductVideos',
      'getAllBulkPricingRules', 'getProductCustomFields',
    ],
    body: V3_ERROR,
    reason: 'These operations take an id in the path but declare no 404; an unknown id (or a channel without a site) cannot answer 200.',
  },
  {
    kind: 'status',
    statuses: [422],
    operations: [
      'getProducts', 'getCategories', 'getBrands', 'getVariants', 'getAllCategories', 'getCategoryTrees', 'getChannels',
      'getSites', 'getWebhooks', 'createChannelSite', 'updateChannelSite', 'updateSite', 'updateSiteRoute',
      'updateProductVariant', 'updateWebhook', 'deleteProducts', 'updateVariantsBatch', 'deleteCategories',
      'deleteProductsChannelAssignments', 'getProductsChannelAssignments',
    ],
    body: V3_ERROR,
    reason:
      'Invalid filters or bodies answer 422 (status-codes.mdx: "missing or invalid data"), but these operations declare no 422 ' +
      '(some declare only 200).',
  },
  {
    kind: 'schema',
    operationId: 'getAllBulkPricingRules',
    status: 200,
    reason: 'The spec types `data` as a single rule object; the endpoint lists a product\'s rules, so `data` is an array of them.',
    fix: (s) => {
      const props = s.properties as Schema;
      props.data = { type: 'array', items: props.data };
      return s;
    },
  },
  {
    kind: 'schema',
    operationId: 'getWebhooks',
    status: 200,
    reason: 'The spec sets minItems: 1 on `data`, but an account without hooks gets an empty list.',
    fix: (s) => {
      delete ((s.properties as Schema).data as Schema).minItems;
      return s;
    },
  },
  {
    kind: 'schema',
    operationId: 'createSiteRoute',
    status: 422,
    reason: 'The error body types `status` as a string; it is the integer HTTP status, as in every other error body of the specs.',
    fix: (s) => {
      (s.properties as Schema).status = { type: 'integer' };
      return s;
    },
  },
  ...(['getSiteRoutes', 'createSiteRoute', 'updateSiteRoutes', 'getSiteRoute', 'updateSiteRoute'] as const).map(
    (operationId): SpecException => ({
      kind: 'schema',
      operationId,
      status: operationId === 'createSiteRoute' || operationId === 'updateSiteRoute' ? 201 : 200,
      reason:
        'The route `type` enum omits types the same spec lists as supported (create_account, forgot_password, ' +
        'account_order_status, account_new_return, recover_abandoned_cart; reference README gotcha 7).',
      fix: widenRouteType,
    }),
  ),
];
