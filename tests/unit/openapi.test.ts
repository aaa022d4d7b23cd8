import SwaggerParser from '@apidevtools/swagger-parser';
import type { Core } from '@strapi/strapi';

import { pluginOpenApi, registerDocumentation } from '../../server/src/documentation';
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

describe('@strapi/plugin-documentation', () => {
  /** A Strapi whose plugins are the given ones: only what registerDocumentation reads. */
  const strapiWith = (plugins: Record<string, { service: (name: string) => unknown }>) =>
    ({ plugin: (name: string) => plugins[name] }) as unknown as Core.Strapi;

  it('gets our content-API paths (relative to its /api server) and components through its override service', async () => {
    const calls: Array<[Record<string, unknown>, unknown]> = [];
    const override = { registerOverride: async (spec: Record<string, unknown>, options: unknown) => void calls.push([spec, options]) };
    const registeredNow = await registerDocumentation(strapiWith({ documentation: { service: (name) => (name === 'override' ? override : undefined) } }));
    expect(registeredNow).toBe(true);
    expect(calls).toHaveLength(1);
    const [spec, options] = calls[0];
    expect(options).toEqual({ pluginOrigin: 'bigcommerce', excludeFromGeneration: ['bigcommerce'] });
    const paths = Object.keys(spec.paths as object);
    const contentApi = registered.filter(([type]) => type === 'content-api');
    expect(new Set(paths.map((path) => `/api${path}`))).toEqual(new Set(contentApi.map(([, , path]) => path.replace(/:(\w+)/g, '{$1}'))));
    expect(spec.components).toHaveProperty('schemas.Error');
    expect(spec.components).toHaveProperty('securitySchemes.shopperSession');
  });

  it('is left alone when the host app does not have it', async () => {
    expect(await registerDocumentation(strapiWith({}))).toBe(false);
  });
});
