import SwaggerParser from '@apidevtools/swagger-parser';

import { hostOverride, pluginOpenApi } from '../../server/src/documentation';
import { toOpenApi30 } from '../../server/src/operations/openapi-merge';
import { STOREFRONT_OPERATIONS } from '../../server/src/operations/storefront';
import routes from '../../server/src/routes';
import { ADMIN_ROUTES } from '../../server/src/routes/admin';

interface OperationObject {
  parameters: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: { 'application/json': { schema: { properties?: Record<string, unknown>; required?: string[] } } } };
  responses: Record<string, unknown>;
  security: Array<Record<string, unknown>>;
  'x-strapi-action'?: string;
}

const document = pluginOpenApi() as { openapi: string; paths: Record<string, Record<string, OperationObject>> };
const operationAt = (path: string, method: string): OperationObject | undefined => document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];

const MOUNTS = { 'content-api': '/api/bigcommerce', admin: '/bigcommerce' } as const;
const registered = Object.entries(routes).flatMap(([type, router]) =>
  router.routes.map((route) => [type, route.method, `${MOUNTS[type as keyof typeof MOUNTS]}${route.path}`] as const)
);

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('documents every registered route, content API and admin, and nothing else', () => {
    expect(registered.length).toBeGreaterThan(60);
    const missing = registered.filter(([, method, path]) => !operationAt(path, method)).map(([type, method, path]) => `${type} ${method} ${path}`);
    expect(missing).toEqual([]);
    const documented = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).length, 0);
    expect(documented).toBe(registered.length);
  });

  it('names the RBAC action of each admin route, the one its policy checks', () => {
    const adminRoutes = routes.admin.routes;
    for (const route of adminRoutes) {
      const policy = route.config.policies[1] as { config: { actions: string[] } };
      expect(operationAt(`/bigcommerce${route.path}`, route.method)?.['x-strapi-action']).toBe(policy.config.actions[0]);
    }
    expect(adminRoutes).toHaveLength(ADMIN_ROUTES.length);
  });

  it('takes the admin request bodies and queries from the schemas the controllers validate', () => {
    const createRedirect = operationAt('/bigcommerce/redirects', 'POST');
    expect(createRedirect?.requestBody?.content['application/json'].schema.required).toEqual(expect.arrayContaining(['fromPath', 'to']));
    expect(createRedirect?.responses).toHaveProperty('201');
    expect(operationAt('/bigcommerce/sync', 'POST')?.responses).toHaveProperty('202');
    expect(operationAt('/bigcommerce/sync/runs', 'GET')?.parameters.map((param) => `${param.in}:${param.name}`)).toEqual(['query:page', 'query:pageSize']);
  });

  it.each(Object.entries(STOREFRONT_OPERATIONS))('%s: path parameters, query or body, security and status as declared', (name, op) => {
    const found = operationAt(`/api/bigcommerce${op.rest.path}`, op.rest.method);
    expect(found?.['x-strapi-action']).toBe(`plugin::bigcommerce.storefront.${name}`);
    const pathParams = Array.from(op.rest.path.matchAll(/:(\w+)/g), ([, param]) => param);
    expect(found?.parameters.filter((param) => param.in === 'path').map((param) => param.name)).toEqual(pathParams);
    if (op.rest.method === 'GET') expect(found?.requestBody).toBeUndefined();
    expect(found?.responses).toHaveProperty(String(op.rest.status ?? 200));
    const sessions = (found?.security ?? []).flatMap((requirement) => Object.keys(requirement));
    expect(sessions.includes('shopperSession')).toBe(op.access === 'customer');
  });

  it('makes a `rest.body` field the whole body (a billing address is the body, not { address })', () => {
    const body = operationAt('/api/bigcommerce/checkout/billing-address', 'POST')?.requestBody?.content['application/json'].schema;
    expect(body?.properties).toHaveProperty('email');
    expect(body?.properties).not.toHaveProperty('address');
  });

  it('makes a GET operation’s input its query parameters (Strapi’s pagination[...] as a deep object)', () => {
    const orders = operationAt('/api/bigcommerce/orders', 'GET');
    expect(orders?.parameters.map((param) => param.name)).toEqual(expect.arrayContaining(['page', 'pageSize', 'pagination', 'status']));
    expect(orders?.parameters.find((param) => param.name === 'pagination')).toMatchObject({ style: 'deepObject', explode: true });
  });
});

describe('the part merged into @strapi/plugin-documentation', () => {
  const contentApi = () => registered.filter(([type]) => type === 'content-api').map(([, , path]) => path.replace(/:(\w+)/g, '{$1}'));

  it('holds our content-API paths relative to its /api server, and no admin path', () => {
    const override = hostOverride('3.1.0') as { paths: Record<string, unknown> };
    expect(new Set(Object.keys(override.paths).map((path) => `/api${path}`))).toEqual(new Set(contentApi()));
  });

  it('renames our components, security schemes and tags so that a host’s `Error` or `Product` is kept', () => {
    const override = hostOverride('3.1.0') as {
      tags: Array<{ name: string }>;
      paths: Record<string, Record<string, OperationObject & { tags: string[] }>>;
      components: Record<string, object>;
    };
    for (const kind of Object.values(override.components)) for (const name of Object.keys(kind)) expect(name).toMatch(/^BigCommerce[A-Z]/);
    expect(override.components).toHaveProperty('schemas.BigCommerceError');
    const refs = JSON.stringify(override).match(/"#\/components\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^"#\/components\/\w+\/BigCommerce/);
    const me = override.paths['/bigcommerce/customers/me'].get;
    expect(me.tags).toEqual(['BigCommerce Storefront']);
    expect(me.security.flatMap((requirement) => Object.keys(requirement))).toEqual(expect.arrayContaining(['BigCommerceShopperSession']));
    expect(override.tags.map((tag) => tag.name)).toContain('BigCommerce Catalog');
  });

  it('is valid in an OpenAPI 3.0 host document (the plugin’s default) and in a 3.1 one', async () => {
    for (const openapi of ['3.0.0', '3.1.0']) {
      const { tags, paths, components } = hostOverride(openapi);
      await expect(SwaggerParser.validate({ openapi, info: { title: 'host', version: '1.0.0' }, tags, paths, components } as never)).resolves.toBeDefined();
    }
  });
});

describe('toOpenApi30', () => {
  const asSchema = (schema: object) =>
    (toOpenApi30({ components: { schemas: { S: schema } } }) as { components: { schemas: { S: object } } }).components.schemas.S;

  it('says 3.1 schema keywords the 3.0 way, deep in properties, items and anyOf', () => {
    expect(asSchema({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
    expect(asSchema({ type: 'null' })).toEqual({ nullable: true, enum: [null] });
    expect(asSchema({ type: ['string', 'number'] })).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] });
    expect(asSchema({ const: 'x' })).toEqual({ enum: ['x'] });
    expect(asSchema({ type: 'integer', exclusiveMinimum: 0 })).toEqual({ type: 'integer', minimum: 0, exclusiveMinimum: true });
    expect(asSchema({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: ['object', 'null'] } }, required: [] } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'object', nullable: true } } } },
    });
    expect(asSchema({ type: 'array', items: { anyOf: [{ const: 1 }] } })).toEqual({ type: 'array', items: { anyOf: [{ enum: [1] }] } });
  });

  it('leaves what is not a schema alone: a parameter’s `required`, a property named `type`', () => {
    const fragment = { paths: { '/x': { get: { parameters: [{ name: 'q', in: 'query', required: true, schema: { const: 'a' } }] } } } };
    expect(toOpenApi30(fragment)).toEqual({ paths: { '/x': { get: { parameters: [{ name: 'q', in: 'query', required: true, schema: { enum: ['a'] } }] } } } });
    expect(asSchema({ type: 'object', properties: { type: { type: 'string' }, const: { type: 'null' } } })).toEqual({
      type: 'object',
      properties: { type: { type: 'string' }, const: { nullable: true, enum: [null] } },
    });
  });
});
