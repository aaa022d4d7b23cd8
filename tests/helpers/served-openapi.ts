// The plugin's served OpenAPI document as a validator of real answers (tests/integration/openapi.test.ts and others).
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import type { TestApp } from './strapi';

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> }>>;
  components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
}

/** `/` and `~` escaped for a JSON pointer. */
export const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Fetches the served document; `expectDocumented` asserts an answer matches the schema it gives its path, method and status. */
export const servedDocument = async (app: TestApp) => {
  const document = (await app.http().get('/api/bigcommerce/openapi.json').expect(200)).body as OpenApiDocument;
  // The whole document as one schema resource, so that `#/components/schemas/...` references resolve.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as object, 'openapi');
  const expectDocumented = (path: string, method: string, res: { status: number; body: unknown }) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    const response = operation.responses[String(res.status)];
    expect(response).toBeDefined();
    const location = response.$ref
      ? `openapi#/components/responses/${response.$ref.split('/').pop()}/content/application~1json/schema`
      : `openapi#/paths/${pointer(path)}/${method}/responses/${res.status}/content/application~1json/schema`;
    const validate = ajv.compile({ $ref: location });
    const valid = validate(res.body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  };
  return { document, ajv, expectDocumented };
};
