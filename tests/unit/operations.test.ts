import fc from 'fast-check';
import { z } from 'zod';

import { CATALOG_OPERATIONS } from '../../server/src/operations/catalog';
import { STOREFRONT_OPERATIONS } from '../../server/src/operations/storefront';
import { createCartSchema, registerSchema } from '../../server/src/validation/storefront';
import { snakeKeys } from '../../server/src/validation/snake-keys';

const operations = Object.entries(STOREFRONT_OPERATIONS);

/** The fields an input schema takes (what a client sends), read from its JSON Schema. */
const inputFields = (schema: z.ZodType): string[] =>
  Object.keys((z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: object }).properties ?? {}).sort();

describe('the operation table', () => {
  it.each(operations)('%s: GraphQL takes exactly the input schema’s fields, REST’s path parameters are among them', (_name, op) => {
    const fields = op.input ? inputFields(op.input) : [];
    expect(Object.keys(op.graphql.args ?? {}).sort()).toEqual(fields);
    for (const [, param] of op.rest.path.matchAll(/:(\w+)/g)) expect(fields).toContain(param);
    if (op.rest.body) expect(fields).toContain(op.rest.body);
  });

  it('speaks camelCase everywhere a client names a field, at every depth', () => {
    /** Every property name in a JSON Schema, nested ones included. */
    const names = (node: unknown): string[] =>
      node === null || typeof node !== 'object'
        ? []
        : Object.entries(node).flatMap(([key, value]) => [...(key === 'properties' ? Object.keys(value as object) : []), ...names(value)]);
    const all = operations.flatMap(([, op]) => (op.input ? names(z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' })) : []));
    expect(all).toEqual(expect.arrayContaining(['lineItems', 'productId', 'optionValue', 'countryCode']));
    const paths = operations.flatMap(([, op]) => op.rest.path.split('/'));
    expect([...all, ...paths].filter((name) => name.includes('_'))).toEqual([]);
  });

  it('gives each operation its own route and its own field, catalog reads included', () => {
    const routes = [
      ...operations.map(([, op]) => `${op.rest.method} ${op.rest.path}`),
      ...Object.values(CATALOG_OPERATIONS).map(({ rest }) => `${rest.method} ${rest.path}`),
    ];
    const fields = [...operations.map(([, op]) => op.graphql.field), ...Object.values(CATALOG_OPERATIONS).map(({ field }) => field)];
    expect(new Set(routes).size).toBe(routes.length);
    expect(new Set(fields).size).toBe(fields.length);
  });
});

describe('camelCase in, BigCommerce’s snake_case out', () => {
  it('renames a cart’s lines, at every depth, to the names BigCommerce takes', () => {
    const parsed = createCartSchema.parse({
      lineItems: [{ productId: 7, variantId: 8, quantity: 2, optionSelections: [{ optionId: 3, optionValue: 'red' }] }],
    });
    expect(parsed).toEqual({ line_items: [{ product_id: 7, variant_id: 8, quantity: 2, option_selections: [{ option_id: 3, option_value: 'red' }] }] });
  });

  it('refuses BigCommerce’s own names in the input, naming the field', () => {
    const result = registerSchema.safeParse({ email: 'a@example.com', password: 'Passw0rd1', first_name: 'A', lastName: 'B' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toContain('unrecognized_keys');
  });

  it('renames keys only, never values, for any nesting of objects and arrays', () => {
    const camelKey = fc.stringMatching(/^[a-z][a-z0-9]{0,5}([A-Z][a-z0-9]{1,5}){0,3}$/);
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(camelKey, tie('node'), { maxKeys: 4 })
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const renamed = snakeKeys(value);
        const back = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(back)
            : v !== null && typeof v === 'object'
              ? Object.fromEntries(Object.entries(v).map(([k, inner]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), back(inner)]))
              : v;
        // Every key at every depth, read from the objects (a value's text may look like a key once serialised).
        const keys = (v: unknown): string[] =>
          Array.isArray(v) ? v.flatMap(keys) : v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, inner]) => [k, ...keys(inner)]) : [];
        expect(keys(renamed).filter((key) => /[A-Z]/.test(key))).toEqual([]);
        expect(back(renamed)).toEqual(value);
      })
    );
  });
});
