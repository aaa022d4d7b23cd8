// The spec checker itself must be able to fail: operation lookup, undeclared statuses, schema
// violations, `nullable`, and self-referencing schemas.
import { repairPattern, toJsonSchema } from '../helpers/openapi';
import { describeIfSpecs, specIndex } from './support';
import { SPEC_EXCEPTIONS } from './spec-exceptions';
import type { SpecIndex } from '../helpers/openapi';

describeIfSpecs('OpenAPI helper', () => {
  let specs: SpecIndex;
  const base = '/stores/abc123/v3';

  beforeAll(async () => {
    specs = await specIndex();
  });

  it('maps concrete paths to operations across spec files, literal segments first', () => {
    expect(specs.find('GET', `${base}/catalog/products/channel-assignments?page=2`)?.operationId).toBe('getProductsChannelAssignments');
    expect(specs.find('GET', `${base}/catalog/products/42`)?.operationId).toBe('getProduct');
    expect(specs.find('PUT', `${base}/sites/7/routes/3`)?.operationId).toBe('updateSiteRoute');
    expect(specs.find('GET', '/stores/abc123/v2/store')?.file).toBe('store_information.v2.yml');
    expect(specs.find('GET', `${base}/no/such/thing`)).toBeUndefined();
    expect(specs.find('PATCH', `${base}/catalog/products/1`)).toBeUndefined();
  });

  it('flags undeclared statuses and schema violations', () => {
    const undeclared = specs.validate('GET', `${base}/catalog/products`, 418, {}, SPEC_EXCEPTIONS);
    expect(undeclared.errors[0]).toMatch(/does not declare status 418/);
    const bad = specs.validate('GET', `${base}/catalog/products/1`, 200, { data: { id: 'one', price: 'free', is_visible: 'yes' }, meta: {} });
    expect(bad.errors.join('\n')).toMatch(/\/data\/price must be number/);
    expect(bad.errors.join('\n')).toMatch(/\/data\/is_visible must be boolean/);
    const wrongEnum = specs.validate('GET', `${base}/channels/1`, 200, { data: { id: 1, name: 'x', type: 'kiosk' }, meta: {} });
    expect(wrongEnum.errors.join('\n')).toMatch(/\/data\/type must be equal to one of the allowed values/);
    const emptyOk = specs.validate('DELETE', `${base}/catalog/products/1`, 204, undefined);
    expect(emptyOk.errors).toEqual([]);
    expect(specs.validate('DELETE', `${base}/catalog/products/1`, 204, { data: 1 }).errors).toEqual(['status 204 must have no body']);
  });

  it('applies an exception only where it is listed', () => {
    // getAllBulkPricingRules: the listed fix turns `data` into an array.
    const rules = { data: [{ id: 1, quantity_min: 2, quantity_max: 5, type: 'percent', amount: 5 }], meta: {} };
    expect(specs.validate('GET', `${base}/catalog/products/1/bulk-pricing-rules`, 200, rules, SPEC_EXCEPTIONS).errors).toEqual([]);
    expect(specs.validate('GET', `${base}/catalog/products/1/bulk-pricing-rules`, 200, rules).errors).not.toEqual([]);
  });

  it('chains every schema fix listed for an operation, and checks what a fix adds', () => {
    const cart = (extra: Record<string, unknown>) => ({
      data: {
        id: 'c',
        line_items: { physical_items: [], digital_items: [], gift_certificates: [], custom_items: [{ id: 'x', name: 'n', quantity: 1, list_price: 2 }] },
        ...extra,
      },
      meta: {},
    });
    const urls = { cart_url: 'https://s.example.com/cart.php', checkout_url: 'https://s.example.com/c', embedded_checkout_url: 'https://s.example.com/e' };
    expect(specs.validate('GET', `${base}/carts/c`, 200, cart({ redirect_urls: urls }), SPEC_EXCEPTIONS)).toMatchObject({ via: 'exception', errors: [] });
    expect(specs.validate('GET', `${base}/carts/c`, 200, cart({}), SPEC_EXCEPTIONS).errors).toEqual([]);
    // Numbers in custom items break the literal spec; a half-filled redirect_urls breaks the listed fix.
    expect(specs.validate('GET', `${base}/carts/c`, 200, cart({})).errors.join('\n')).toMatch(/custom_items\/0\/quantity must be string/);
    expect(specs.validate('GET', `${base}/carts/c`, 200, cart({ redirect_urls: { cart_url: 'x' } }), SPEC_EXCEPTIONS).errors.join('\n')).toMatch(
      /redirect_urls/
    );
  });

  it('repairs the {m-n} quantifier typo of a spec pattern and leaves valid patterns alone', () => {
    expect(repairPattern('^\\+?[1-9]\\d{1,14}(x\\d{1-5})?$')).toBe('^\\+?[1-9]\\d{1,14}(x\\d{1,5})?$');
    expect(repairPattern('^[a-z]{2,3}$')).toBe('^[a-z]{2,3}$');
  });

  it('turns nullable into a null alternative and cuts reference cycles', () => {
    expect(toJsonSchema({ type: 'integer', nullable: true })).toEqual({ type: ['integer', 'null'] });
    expect(toJsonSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(toJsonSchema({ allOf: [{ type: 'object' }], nullable: true })).toEqual({ anyOf: [{ allOf: [{ type: 'object' }] }, { type: 'null' }] });
    const node: Record<string, unknown> = { type: 'object', properties: {} };
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    expect(toJsonSchema(node)).toEqual({ type: 'object', properties: { children: { type: 'array', items: {} } } });
    // The category tree's self-referencing node schema compiles and validates nested children.
    const tree = {
      data: [
        {
          id: 1,
          parent_id: 0,
          depth: 1,
          path: [1],
          name: 'A',
          is_visible: true,
          url: '/a/',
          children: [{ id: 2, parent_id: 1, depth: 2, path: [1, 2], name: 'B', is_visible: true, url: '/a/b/', children: [] }],
        },
      ],
      meta: {},
    };
    expect(specs.validate('GET', `${base}/catalog/trees/1/categories`, 200, tree).errors).toEqual([]);
    expect(specs.validate('GET', `${base}/catalog/trees/1/categories`, 200, { data: [{ id: 'x' }] }).errors).not.toEqual([]);
  });
});
