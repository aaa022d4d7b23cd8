import fs from 'node:fs';
import path from 'node:path';

import SwaggerParser from '@apidevtools/swagger-parser';

import { hostOverride } from '../../server/src/documentation';
import { startSandbox, type Sandbox } from '../sandbox';
import { APP_DIR, bootStrapi, sandboxEnv, type TestApp } from '../helpers/strapi';

type Json = Record<string, unknown>;
interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  tags?: Array<{ name: string }>;
  paths: Record<string, Record<string, Json>>;
  components: Record<string, Record<string, unknown>>;
}

/** Where @strapi/plugin-documentation writes its document (under the app's src/extensions, outside production). */
const WRITTEN = path.join(APP_DIR, 'src', 'extensions', 'documentation');

/** The document embedded in the Swagger UI page (`spec: <%=spec%>,` in the plugin's public/index.html). */
const embeddedSpec = (html: string): Document => {
  const match = /spec: (\{.*\}),\n\s*dom_id/s.exec(html);
  if (!match) throw new Error('no spec in the Swagger UI page');
  return JSON.parse(match[1]) as Document;
};

/** Our plugin next to @strapi/plugin-documentation (its default configuration), read as a site owner would. */
describe('@strapi/plugin-documentation merges our OpenAPI paths', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let ours: Document;
  let merged: Document;

  beforeAll(async () => {
    fs.rmSync(WRITTEN, { recursive: true, force: true });
    sandbox = await startSandbox({ products: 3, seed: 14, rateLimit: false });
    app = await bootStrapi({ env: { ...sandboxEnv(sandbox), TEST_DOCUMENTATION_PLUGIN: 'true' } });
    ours = (await app.http().get('/api/bigcommerce/openapi.json').expect(200)).body as Document;
    const page = await app.http().get('/documentation').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    merged = embeddedSpec(page.text);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    fs.rmSync(WRITTEN, { recursive: true, force: true });
  });

  const contentApiPaths = () => Object.keys(ours.paths).filter((p) => p.startsWith('/api/'));

  it('serves Swagger UI at /documentation and /documentation/v1.0.0 to anyone (restrictedAccess is off by default), from the written full_documentation.json', async () => {
    const versioned = embeddedSpec((await app.http().get('/documentation/v1.0.0').expect(200)).text);
    const written = JSON.parse(fs.readFileSync(path.join(WRITTEN, 'documentation', '1.0.0', 'full_documentation.json'), 'utf8')) as Document;
    expect(versioned).toEqual(merged);
    expect(written).toEqual(merged);
  });

  it('has its server at Strapi’s /api prefix, so our paths are listed without it', () => {
    expect(merged.servers.map((server) => new URL(server.url).pathname)).toEqual(['/api']);
    expect(Object.keys(merged.paths).filter((p) => p.startsWith('/api/'))).toEqual([]);
    const listed = Object.keys(merged.paths).filter((p) => p.startsWith('/bigcommerce/'));
    expect(new Set(listed)).toEqual(new Set(contentApiPaths().map((p) => p.slice('/api'.length))));
    // The admin API is not the content API: it is not listed under the /api server.
    expect(listed).not.toContain('/bigcommerce/settings');
  });

  it('lists each content-API operation as our served document declares it (methods, parameters, body, responses)', async () => {
    // Our components are renamed and, in its OpenAPI 3.0 document, said the 3.0 way: compare what they resolve to.
    expect(merged.openapi).toBe('3.0.0');
    const expected = (await SwaggerParser.dereference(
      structuredClone({ openapi: '3.0.0', info: { title: 't', version: '1' }, ...hostOverride(merged.openapi) }) as never
    )) as unknown as Document;
    const actual = (await SwaggerParser.dereference(structuredClone(merged) as never)) as unknown as Document;
    for (const served of contentApiPaths()) {
      const listed = served.slice('/api'.length);
      expect(Object.keys(actual.paths[listed]).sort()).toEqual(Object.keys(ours.paths[served]).sort());
      for (const [method, operation] of Object.entries(ours.paths[served])) {
        const found = actual.paths[listed][method];
        expect(found.operationId).toBe(operation.operationId);
        const params = (list: unknown) => ((list ?? []) as Json[]).map(({ name, in: where, required }) => ({ name, in: where, required }));
        expect(params(found.parameters)).toEqual(params(operation.parameters));
        expect(Boolean(found.requestBody)).toBe(Boolean(operation.requestBody));
        expect(Object.keys(found.responses as Json).sort()).toEqual(Object.keys(operation.responses as Json).sort());
        expect(found).toEqual(expected.paths[listed][method]);
      }
    }
  });

  it('is a valid OpenAPI 3.0 document whose references all resolve', async () => {
    await expect(SwaggerParser.validate(structuredClone(merged) as never)).resolves.toBeDefined();
    const refs = JSON.stringify(merged).match(/"#\/components\/[^"]+"/g) ?? [];
    const ourRefs = refs.filter((ref) => ref.includes('/BigCommerce'));
    expect(ourRefs.length).toBeGreaterThan(0);
  });

  it('leaves the host’s own components and tags alone', () => {
    // The documentation plugin's own error schema (OpenAPI 3.0: `nullable`), which the host's paths reference.
    expect(merged.components.schemas.Error).toHaveProperty('properties.data.nullable', true);
    expect(Object.keys(merged.components.schemas)).toEqual(expect.arrayContaining(['BigCommerceError', 'BigCommerceProduct']));
    expect(merged.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(merged.tags?.map((tag) => tag.name)).toEqual(expect.arrayContaining(['BigCommerce Catalog', 'BigCommerce Storefront']));
  });

  it('still documents the host app’s own content types and default plugins', () => {
    expect(merged.paths['/notes']).toHaveProperty('get');
    expect(merged.paths['/notes/{id}']).toHaveProperty('put');
    expect(merged.components.schemas).toHaveProperty('NoteRequest');
    expect(Object.keys(merged.paths)).toEqual(expect.arrayContaining(['/auth/local', '/upload']));
  });

  it('guesses no generic path or schema from our routes and content types', () => {
    const generic = Object.keys(merged.components.schemas).filter((name) =>
      /^Bigcommerce|^(Product|Category|Brand)(Request|Response|ListResponse)$/.test(name)
    );
    expect(generic).toEqual([]);
    for (const [, item] of Object.entries(merged.paths).filter(([listed]) => listed.startsWith('/bigcommerce/')))
      for (const operation of Object.values(item)) expect(String((operation.tags as string[])[0])).toMatch(/^BigCommerce /);
  });
});
