import { z } from 'zod';

import { pricingLabelSchema, pricingMetaSchema } from '../validation/catalog';
import type { AnyOperation } from './perform';

/*
 * The OpenAPI 3.1 reference of the plugin's routes, derived from their declarations (the operation tables,
 * the catalog table, the admin table) so that it cannot drift from what the routes do. A pure function:
 * the Strapi side only serves it (controllers/openapi.ts) and hands it to @strapi/plugin-documentation.
 */

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route validates: its path parameters, query string and body, as the controller parses them. */
export interface RouteInput {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** A route of the document, whichever table it comes from. */
export interface DocumentedRoute {
  method: Method;
  /** Koa's form, `/products/:slug`. */
  path: string;
  summary?: string;
  tag: string;
  input?: RouteInput;
  /** The success status (200 when not given). */
  status?: number;
  /** The `{ data, meta }` of a success. */
  answer: Json;
  /** Who may call it: a security requirement list (empty for no requirement). */
  security: Json[];
  /** The users-permissions or RBAC action that authorizes it. */
  action?: string;
  errors: number[];
}

/** What a success carries, as the controller sets it: `data` and, when the route answers one, `meta`. */
export interface RouteAnswer {
  data: z.ZodType;
  meta?: z.ZodType;
}

export interface OpenApiTables {
  /** STOREFRONT_OPERATIONS: the users-permissions action is `<prefix>.storefront.<key>`. */
  storefront: Record<string, AnyOperation>;
  /** CATALOG_OPERATIONS. */
  catalog: Record<string, { handler: string; rest: { method: Method; path: string }; input: RouteInput }>;
  /** ADMIN_ROUTES. */
  admin: ReadonlyArray<{
    method: Method;
    path: string;
    summary: string;
    action: string;
    input?: RouteInput;
    status?: number;
    answer: RouteAnswer;
    conflicts?: boolean;
  }>;
  /** Content-API routes outside the tables (the webhook callback, this document). */
  other: DocumentedRoute[];
  /** `plugin::bigcommerce`. */
  actionPrefix: string;
  /** Where each API is mounted: `/api/bigcommerce` and `/bigcommerce`. */
  contentApiBase: string;
  adminBase: string;
  /** The shopper session's header and cookie names. */
  session: { header: string; cookie: string };
  version: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A zod schema's input side as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without its `$schema`. */
export const jsonSchema = (schema: z.ZodType): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

/** A zod schema's output side (what the server sends) as JSON Schema 2020-12, without its `$schema`. */
const answerJsonSchema = (schema: z.ZodType): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Json;
  return rest;
};

/** An admin controller's `ctx.body`: exactly `{ data }`, or `{ data, meta }` when the route declares a meta. */
const adminEnvelope = ({ data, meta }: RouteAnswer): Json => ({
  type: 'object',
  properties: { data: answerJsonSchema(data), ...(meta ? { meta: answerJsonSchema(meta) } : {}) },
  required: meta ? ['data', 'meta'] : ['data'],
  additionalProperties: false,
});

const properties = (schema: Json): Record<string, Json> => (schema.properties ?? {}) as Record<string, Json>;
const required = (schema: Json): string[] => (schema.required ?? []) as string[];

/** `:slug` → `{slug}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const pathNames = (path: string) => Array.from(path.matchAll(/:(\w+)/g), ([, name]) => name);

/** The `{ data, meta }` of a success: `data` as given, `meta` an object (with the named keys when given). */
const envelope = (data: Json, meta?: { properties: Record<string, Json>; required?: string[] }): Json => ({
  type: 'object',
  properties: { data, meta: meta ? { type: 'object', ...meta } : { type: 'object' } },
  required: ['data'],
});

const BIGCOMMERCE_DOCUMENT: Json = { description: 'A BigCommerce document (object or list), passed through as BigCommerce answers it' };

/** The REST answer of a storefront operation, by the GraphQL type its table declares (the same payload in REST's shape). */
const storefrontAnswer = (returns: string): Json => {
  switch (returns.replace(/!$/, '')) {
    case 'BigcommerceCartPayload':
      return ref('CartAnswer');
    case 'BigcommerceLoginPayload':
      return envelope(
        {
          type: 'object',
          description: 'The BigCommerce customer',
          properties: { id: { type: 'integer' }, email: { type: 'string' } },
          required: ['id', 'email'],
        },
        {
          properties: { session: { type: 'string', description: 'The shopper session (also set as an httpOnly cookie)' }, cartToken: { type: 'string' } },
          required: ['session'],
        }
      );
    case 'BigcommerceLoginUrl':
      return envelope({
        type: 'object',
        properties: {
          url: { type: 'string', description: 'Open it at once: it signs the shopper in on the storefront' },
          expiresInSeconds: { type: 'integer' },
        },
        required: ['url', 'expiresInSeconds'],
      });
    case 'BigcommerceOrderPayload':
      return envelope(
        { type: 'object', properties: { orderId: { type: 'integer' } }, required: ['orderId'] },
        {
          properties: { orderToken: { type: 'string', description: 'Proves the order is this shopper’s: send it to /checkout/payment-token' } },
          required: ['orderToken'],
        }
      );
    case 'BigcommerceOrderList':
      return envelope(
        { type: 'array', items: { type: 'object', description: 'A BigCommerce order (v2)' } },
        { properties: { pagination: ref('Pagination') }, required: ['pagination'] }
      );
    case 'BigcommercePaymentPayload':
      return envelope({
        type: 'object',
        properties: {
          paymentAccessToken: { type: 'string', description: 'For the browser’s card payment: Authorization: PAT <token>' },
          paymentsUrl: { type: 'string', description: 'BigCommerce’s payments endpoint; the card goes there, never to Strapi' },
          methods: { description: 'Accepted payment methods for the order' },
        },
        required: ['paymentAccessToken', 'paymentsUrl', 'methods'],
      });
    case 'Boolean':
      return envelope({ type: 'object', description: 'What was done (`{ signedOut: true }`, `{ deleted: true }`)', additionalProperties: { type: 'boolean' } });
    default:
      return envelope(BIGCOMMERCE_DOCUMENT);
  }
};

const CATALOG_ANSWERS: Record<string, Json> = {
  findProducts: envelope(
    { type: 'array', items: ref('Product') },
    { properties: { pagination: ref('Pagination'), live: ref('Live'), pricing: ref('PricingMeta') }, required: ['pagination'] }
  ),
  findProduct: envelope(ref('Product'), { properties: { live: ref('Live'), pricing: ref('PricingMeta') } }),
  findCategories: envelope({ type: 'array', items: ref('Category') }),
  findBrands: envelope({ type: 'array', items: ref('Brand') }, { properties: { pagination: ref('Pagination') }, required: ['pagination'] }),
};

/** The input of a storefront operation split as REST takes it: path parameters, then a GET's query or another method's body. */
const storefrontInput = (op: AnyOperation): { params: Json | undefined; rest: Json | undefined } => {
  if (!op.input) return { params: undefined, rest: undefined };
  const schema = jsonSchema(op.input);
  const names = pathNames(op.rest.path);
  const pick = (keep: (name: string) => boolean): Json => {
    const props = Object.fromEntries(Object.entries(properties(schema)).filter(([name]) => keep(name)));
    return { type: 'object', properties: props, required: required(schema).filter((name) => name in props) };
  };
  const params = names.length ? pick((name) => names.includes(name)) : undefined;
  if (op.rest.body) return { params, rest: properties(schema)[op.rest.body] };
  const rest = pick((name) => !names.includes(name));
  return { params, rest: Object.keys(properties(rest)).length ? { ...rest, additionalProperties: schema.additionalProperties } : undefined };
};

const parameters = (where: 'path' | 'query', schema: Json | undefined): Json[] =>
  Object.entries(properties(schema ?? {})).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required(schema ?? {}).includes(name),
    schema: property,
    // `pagination[page]=2`: Strapi's (qs) nested query keys.
    ...(where === 'query' && property.type === 'object' ? { style: 'deepObject', explode: true } : {}),
  }));

const ERROR_NAMES: Record<number, string> = {
  400: 'Invalid input (ValidationError; details.errors name each field)',
  401: 'Not signed in, or a missing/wrong credential',
  403: 'The role or token is not granted this action',
  404: 'Not found',
  409: 'Conflicts with the current state (a sync already running, a path already redirected)',
  429: 'Too many requests (Retry-After says when to try again)',
  502: 'BigCommerce refused or failed',
  503: 'BigCommerce is unreachable or not configured',
};

const operationObject = (route: DocumentedRoute, operationId: string, storefrontParts?: { params?: Json; rest?: Json }): Json => {
  const input = route.input ?? {};
  const params = storefrontParts ? storefrontParts.params : input.params && jsonSchema(input.params);
  const query = storefrontParts ? (route.method === 'GET' ? storefrontParts.rest : undefined) : input.query && jsonSchema(input.query);
  const body = storefrontParts ? (route.method === 'GET' ? undefined : storefrontParts.rest) : input.body && jsonSchema(input.body);
  const documentedParams = parameters('path', params);
  // A path parameter the schema does not read still is one (OpenAPI requires each to be declared).
  for (const name of pathNames(route.path)) {
    if (!documentedParams.some((param) => param.name === name)) documentedParams.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  return {
    operationId,
    tags: [route.tag],
    ...(route.summary ? { summary: route.summary } : {}),
    ...(route.action ? { 'x-strapi-action': route.action } : {}),
    parameters: [...documentedParams, ...parameters('query', query)],
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    security: route.security,
    responses: {
      [String(route.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: route.answer } } },
      ...Object.fromEntries(route.errors.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }])),
    },
  };
};

const CONTENT_ERRORS = [400, 401, 403, 404, 429, 502, 503];

const components = (tables: OpenApiTables): Json => ({
  securitySchemes: {
    shopperSession: { type: 'apiKey', in: 'header', name: tables.session.header, description: 'The shopper session from signing in (meta.session)' },
    shopperCookie: { type: 'apiKey', in: 'cookie', name: tables.session.cookie, description: 'The same session, as the httpOnly cookie set at sign-in' },
    apiToken: { type: 'http', scheme: 'bearer', description: 'A Strapi API token (or users-permissions JWT) granted the action' },
    adminJwt: { type: 'http', scheme: 'bearer', description: 'A Strapi admin session with the RBAC action' },
    webhookSecret: { type: 'apiKey', in: 'header', name: 'x-bigcommerce-webhook-secret', description: 'The secret registered with the hooks' },
  },
  schemas: {
    Error: {
      type: 'object',
      description: 'Strapi’s error envelope',
      properties: {
        data: { type: 'null' },
        error: {
          type: 'object',
          properties: { status: { type: 'integer' }, name: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
          required: ['status', 'name', 'message'],
        },
      },
      required: ['data', 'error'],
    },
    Pagination: {
      type: 'object',
      properties: { page: { type: 'integer' }, pageSize: { type: 'integer' }, pageCount: { type: 'integer' }, total: { type: 'integer' } },
      required: ['page', 'pageSize', 'pageCount', 'total'],
    },
    Live: {
      type: 'object',
      description: 'Present when live price and stock were asked for: why they could not be read, if they could not',
      properties: { error: { type: ['string', 'null'] } },
    },
    // The shopper's prices (`currency`, a signed-in customer's group): the zod schemas the pricing service's types come from.
    Pricing: answerJsonSchema(pricingLabelSchema),
    PricingMeta: answerJsonSchema(pricingMetaSchema),
    Product: {
      type: 'object',
      description: 'A synced product (a listing leaves out the product-page fields), with its editorial fields',
      properties: { bigcommerceId: { type: 'integer' }, name: { type: 'string' }, slug: { type: 'string' }, pricing: ref('Pricing') },
      required: ['bigcommerceId', 'name', 'slug'],
    },
    Category: {
      type: 'object',
      description: 'A category of the tree, with its children',
      properties: {
        bigcommerceId: { type: 'integer' },
        name: { type: 'string' },
        slug: { type: 'string' },
        children: { type: 'array', items: ref('Category') },
      },
      required: ['bigcommerceId', 'name', 'slug'],
    },
    Brand: {
      type: 'object',
      properties: { bigcommerceId: { type: 'integer' }, name: { type: 'string' }, slug: { type: 'string' } },
      required: ['bigcommerceId', 'name', 'slug'],
    },
    CartAnswer: envelope(
      { type: ['object', 'null'], description: 'The BigCommerce cart (with redirect_urls), or null when there is none' },
      { properties: { cartToken: { type: 'string', description: 'A new cart handle, when it changed (send it back as x-bigcommerce-cart)' } } }
    ),
  },
  responses: Object.fromEntries(
    Object.entries(ERROR_NAMES).map(([status, description]) => [`Error${status}`, { description, content: { 'application/json': { schema: ref('Error') } } }])
  ),
});

/** Every route the tables declare, with the content API's and the admin's own mount points. */
export const documentedRoutes = (
  tables: OpenApiTables
): Array<DocumentedRoute & { operationId: string; api: 'content-api' | 'admin'; parts?: ReturnType<typeof storefrontInput> }> => {
  const anyoneOrToken = [{}, { apiToken: [] }];
  return [
    ...Object.entries(tables.catalog).map(([name, op]) => ({
      method: op.rest.method,
      path: op.rest.path,
      tag: 'Catalog',
      input: op.input,
      answer: CATALOG_ANSWERS[name] ?? envelope({}),
      security: anyoneOrToken,
      action: `${tables.actionPrefix}.${op.handler}`,
      errors: [400, 403, 404, 429],
      operationId: name,
      api: 'content-api' as const,
    })),
    ...Object.entries(tables.storefront).map(([name, op]) => ({
      method: op.rest.method,
      path: op.rest.path,
      summary: op.graphql.description,
      tag: 'Storefront',
      status: op.rest.status,
      answer: storefrontAnswer(op.graphql.returns),
      security: op.access === 'customer' ? [{ shopperSession: [] }, { shopperCookie: [] }] : anyoneOrToken,
      action: `${tables.actionPrefix}.storefront.${name}`,
      errors: CONTENT_ERRORS,
      operationId: name,
      api: 'content-api' as const,
      parts: storefrontInput(op),
    })),
    ...tables.other.map((route) => ({
      ...route,
      operationId: route.path.replace(/\W+(\w)/g, (_match, c: string) => c.toUpperCase()),
      api: 'content-api' as const,
    })),
    ...tables.admin.map(({ answer, conflicts, ...route }) => ({
      ...route,
      tag: 'Admin',
      answer: adminEnvelope(answer),
      security: [{ adminJwt: [] }],
      errors: conflicts ? [400, 401, 403, 404, 409, 502, 503] : [400, 401, 403, 404, 502, 503],
      operationId: `admin${route.method[0]}${route.method.slice(1).toLowerCase()}${route.path.replace(/\W+(\w)/g, (_match, c: string) => c.toUpperCase())}`,
      api: 'admin' as const,
    })),
  ];
};

/** The OpenAPI 3.1 document of the tables. */
export const openApiDocument = (tables: OpenApiTables): Json => {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of documentedRoutes(tables)) {
    const base = route.api === 'admin' ? tables.adminBase : tables.contentApiBase;
    const path = openApiPath(`${base}${route.path}`);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationObject(route, route.operationId, route.parts);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'BigCommerce for Strapi',
      version: tables.version,
      description:
        'The plugin’s content API (catalog reads, shopper cart/account/checkout, the webhook callback) and admin API. ' +
        'Successes answer Strapi’s `{ data, meta }`, failures its `{ data: null, error }`. Input is camelCase; ' +
        'documents passed through from BigCommerce keep BigCommerce’s own (snake_case) shape.',
    },
    tags: [
      { name: 'Catalog', description: 'Synced catalog reads (Public role or API token grant)' },
      { name: 'Storefront', description: 'Shopper cart, account, checkout, orders and wishlists' },
      { name: 'Webhooks', description: 'BigCommerce’s callback' },
      { name: 'Reference', description: 'This document' },
      { name: 'Admin', description: 'The admin panel’s API (admin session and RBAC action)' },
    ],
    paths,
    components: components(tables),
  };
};

/** The parts of the document @strapi/plugin-documentation merges: content-API paths, relative to its `/api` server. */
export const documentationOverride = (document: Json, apiPrefix: string): Json => {
  const paths = document.paths as Record<string, Json>;
  return {
    tags: (document.tags as Json[]).filter((tag) => tag.name !== 'Admin'),
    paths: Object.fromEntries(
      Object.entries(paths)
        .filter(([path]) => path.startsWith(`${apiPrefix}/`))
        .map(([path, item]) => [path.slice(apiPrefix.length), item])
    ),
    components: document.components,
  };
};
