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
/** v2 operations of the storefront APIs (orders, the v2 password check). */
const V2_STOREFRONT_OPERATIONS = ['getOrders', 'getOrder', 'getOrdersCount', 'getOrderProducts', 'validateCustomerPassword'];

/** Carts operations that answer a Cart (`Cart_Full`), with the status of their success. */
const CART_ANSWERS: ReadonlyArray<readonly [string, number]> = [
  ['createCart', 201],
  ['getCart', 200],
  ['updateCart', 201],
  ['addCartLineItems', 201],
  ['updateCartLineItem', 200],
  ['deleteCartLineItem', 200],
];

/** The Cart object in a carts response: under `data`, except where a spec forgot the envelope. */
function cartSchema(s: Schema): Schema {
  const data = (s.properties as Schema | undefined)?.data as Schema | undefined;
  return data?.properties && (data.properties as Schema).line_items ? data : s;
}

/** Makes every `channel_ids` property nullable (global customers have channel_ids: null). */
function nullableChannelIds(schema: Schema): Schema {
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Schema;
    const ids = (n.properties as Schema | undefined)?.channel_ids as Schema | undefined;
    if (ids) ids.nullable = true;
    for (const v of Object.values(n)) walk(v);
  };
  walk(schema);
  return schema;
}

/** oneOf -> anyOf on `consignments`, whose two object alternatives overlap. */
function overlappingConsignments(schema: Schema): Schema {
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Schema;
    const c = (n.properties as Schema | undefined)?.consignments as Schema | undefined;
    if (c && Array.isArray(c.oneOf)) {
      c.anyOf = c.oneOf;
      delete c.oneOf;
    }
    for (const v of Object.values(n)) walk(v);
  };
  walk(schema);
  return schema;
}

/** oneOf -> anyOf on `discount_rules` (customer groups), whose alternatives overlap. */
function overlappingDiscountRules(schema: Schema): Schema {
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Schema;
    const r = (n.properties as Schema | undefined)?.discount_rules as Schema | undefined;
    if (r && Array.isArray(r.oneOf)) {
      r.anyOf = r.oneOf;
      delete r.oneOf;
    }
    for (const v of Object.values(n)) walk(v);
  };
  walk(schema);
  return schema;
}

/** Any body, or none (204, 302). */
const ANY: Schema = {};

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
    statuses: [400, 401, 403, 404, 429, 500, 502, 503, 504],
    operations: V2_STOREFRONT_OPERATIONS,
    body: V2_ERROR,
    reason:
      'orders.v2.oas2.yml and customers.v2.yml declare almost only 200; v2 errors are [{status, message}] (an unknown order or ' +
      'customer id is a 404, a bad sort a 400), and the v2 password check has the extra abuse limit of customers.v2.yml (429).',
  },
  {
    kind: 'status',
    statuses: [404],
    operations: ['getCurrency', 'getCustomerGroup'],
    body: V2_ERROR,
    reason: 'currencies.v2.yml and customers.v2.yml declare no 404 for an id in the path; v2 answers an unknown id with [{status, message}].',
  },
  {
    kind: 'schema',
    operationId: 'getCustomerGroups',
    status: 200,
    fix: overlappingDiscountRules,
    reason: "customers.v2.yml's discount_rules is a oneOf of arrays whose item shapes overlap (all optional keys), so any rule list matches several.",
  },
  {
    kind: 'schema',
    operationId: 'getCustomerGroup',
    status: 200,
    fix: overlappingDiscountRules,
    reason: "customers.v2.yml's discount_rules is a oneOf of arrays whose item shapes overlap (all optional keys), so any rule list matches several.",
  },
  {
    kind: 'status',
    statuses: [204],
    operations: ['getOrders', 'getOrderProducts'],
    body: ANY,
    reason: 'v2 lists answer 204 No Content when nothing matches (reference README, "Pagination"), which the spec does not declare.',
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
      'getChannelSite',
      'updateChannelSite',
      'deleteChannelSite',
      'updateCheckoutUrl',
      'deleteCheckoutUrl',
      'getSite',
      'updateSite',
      'deleteSite',
      'getSiteRoutes',
      'createSiteRoute',
      'updateSiteRoutes',
      'getSiteRoute',
      'updateSiteRoute',
      'deleteSiteRoute',
      'updateWebhook',
      'deleteWebhook',
      'getProductModifiers',
      'getProductVideos',
      'getAllBulkPricingRules',
      'getProductCustomFields',
      'updateCart',
      'deleteCart',
      'addCartLineItems',
      'updateCartLineItem',
      'deleteCartLineItem',
      'createCartRedirectURL',
      'updateCheckout',
      'addCheckoutBillingAddress',
      'updateCheckoutBillingAddress',
      'addCheckoutConsignment',
      'updateCheckoutConsignment',
      'deleteCheckoutConsignment',
      'addCheckoutCoupon',
      'deleteCheckoutCoupon',
      'createOrder',
      'getCustomersSettingsChannel',
      'updateCustomersSettingsChannel',
      'updateWishlist',
      'deleteWishlist',
      'getPriceList',
      'deletePriceList',
      'getPriceListRecords',
      'getPriceListRecordsByVariantId',
      'getPriceListRecord',
      'deletePriceListRecord',
      'deletePriceListRecords',
    ],
    body: V3_ERROR,
    reason: 'These operations take an id in the path but declare no 404; an unknown id (or a channel without a site) cannot answer 200.',
  },
  {
    kind: 'status',
    statuses: [422],
    operations: [
      'getPrices',
      'upsertPriceListAssignment',
      'deletePriceListAssignments',
      'deletePriceLists',
      'getProducts',
      'getCategories',
      'getBrands',
      'getVariants',
      'getAllCategories',
      'getCategoryTrees',
      'getChannels',
      'getSites',
      'getWebhooks',
      'createChannelSite',
      'updateChannelSite',
      'updateSite',
      'updateSiteRoute',
      'updateProductVariant',
      'updateWebhook',
      'deleteProducts',
      'updateVariantsBatch',
      'deleteCategories',
      'deleteProductsChannelAssignments',
      'getProductsChannelAssignments',
      'createCart',
      'addCartLineItems',
      'updateCartLineItem',
      'updateCart',
      'createCartRedirectURL',
      'updateCheckout',
      'addCheckoutBillingAddress',
      'updateCheckoutBillingAddress',
      'addCheckoutConsignment',
      'updateCheckoutConsignment',
      'addCheckoutCoupon',
      'createOrder',
      'updateCustomersSettings',
      'updateCustomersSettingsChannel',
      'createWishlist',
      'updateWishlist',
      'addWishlistItem',
      'getRedirects',
      'upsertRedirects',
      'deleteRedirects',
    ],
    body: V3_ERROR,
    reason:
      'Invalid filters or bodies answer 422 (status-codes.mdx: "missing or invalid data"), but these operations declare no 422 ' + '(some declare only 200).',
  },
  {
    kind: 'status',
    statuses: [409],
    operations: ['addCartLineItems', 'deleteCheckoutConsignment'],
    body: V3_ERROR,
    reason:
      'Both take the optional `version` of optimistic concurrency like their sibling operations, which declare the 409 a ' +
      'version mismatch gives; these two do not.',
  },
  {
    kind: 'status',
    statuses: [302],
    operations: ['getCustomerLogin'],
    body: ANY,
    reason:
      'The login access point redirects the browser (to redirect_to with a session cookie, or to /login.php with a sign-in ' +
      'error; customer-login.mdx) but customer_login.yml declares only 200.',
  },
  ...CART_ANSWERS.map(
    ([operationId, status]): SpecException => ({
      kind: 'schema',
      operationId,
      status,
      reason:
        'include=redirect_urls adds data.redirect_urls {cart_url, checkout_url, embedded_checkout_url}, which Cart_Full does ' +
        'not model (reference README gotcha 2); listed here so the field is checked, not merely tolerated.',
      fix: (s) => {
        const cart = cartSchema(s);
        const url = { type: 'string', format: 'uri' };
        (cart.properties as Schema).redirect_urls = {
          type: 'object',
          required: ['cart_url', 'checkout_url', 'embedded_checkout_url'],
          properties: { cart_url: url, checkout_url: url, embedded_checkout_url: url },
        };
        return s;
      },
    })
  ),
  ...CART_ANSWERS.map(
    ([operationId, status]): SpecException => ({
      kind: 'schema',
      operationId,
      status,
      reason:
        'Custom items type quantity and list_price as strings, but they are numbers, as in the request and in the examples ' +
        'of the same spec (deleteCartLineItem) and of checkouts.v3.yml.',
      fix: (s) => {
        const items = (((cartSchema(s).properties as Schema).line_items as Schema).properties as Schema).custom_items as Schema;
        const props = (items.items as Schema).properties as Schema;
        props.quantity = { type: 'number' };
        props.list_price = { type: 'number' };
        return s;
      },
    })
  ),
  ...(['getCustomers', 'createCustomers', 'updateCustomers'] as const).map(
    (operationId): SpecException => ({
      kind: 'schema',
      operationId,
      status: 200,
      reason:
        'customerChannelIds is typed as an array only, but a customer with global access has channel_ids: null ' +
        '(channel-specific-customers.mdx; createCustomers: "provide channel_ids: null").',
      fix: nullableChannelIds,
    })
  ),
  ...(['getOrders', 'getOrder'] as const).map(
    (operationId): SpecException => ({
      kind: 'schema',
      operationId,
      status: 200,
      reason:
        'order.consignments is a oneOf of a {url, resource} link and the consignments object, but neither alternative has ' +
        'required fields, so a link matches both and oneOf can never pass; anyOf is what the spec means.',
      fix: overlappingConsignments,
    })
  ),
  {
    kind: 'schema',
    operationId: 'getCheckout',
    status: 404,
    reason:
      'Only this operation declares its 404 as {errors: [{status, title, type, detail}]}; the sandbox answers the v3 error ' +
      'body every other checkout and cart error uses (status-codes.mdx). Confirm against a live store.',
    fix: () => ({ ...V3_ERROR }),
  },
  {
    kind: 'schema',
    operationId: 'getAllBulkPricingRules',
    status: 200,
    reason: "The spec types `data` as a single rule object; the endpoint lists a product's rules, so `data` is an array of them.",
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
    })
  ),
];
