import fc from 'fast-check';

/**
 * Bad inputs, built from fast-check arbitraries. They are deliberately not shaped after today's
 * validation: the same generators keep working when the server's rules change.
 */

/** Injection strings: SQL, Strapi/Mongo-style operators and filters, paths, templates, headers, prototype keys. */
export const INJECTIONS = [
  "' OR '1'='1",
  "1' OR 1=1 --",
  '1; DROP TABLE bigcommerce_products; --',
  "' UNION SELECT password FROM admin_users --",
  '" OR ""="',
  '1)) OR sleep(5)#',
  "%' AND 1=0 UNION ALL SELECT NULL --",
  'filters[$or][0][id][$gt]=0',
  'filters[email][$containsi]=@',
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '$ne',
  '[$in][]=1',
  'populate=*',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%',
  '%E0%A4%A',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  'x\r\nSet-Cookie: bigcommerce_customer=forged',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '1_000',
  '١٢٣',
  '4111111111111111',
  '4111 1111 1111 1111',
  '5555555555554444',
  'shopper1@example.com',
  'nobody@example.com',
  'a'.repeat(300),
  'é'.repeat(120),
  '😀'.repeat(70),
  ' ',
  '',
];

/** C0/C1 controls, zero-width and bidi overrides, BOM, lone surrogates and non-characters. */
const CONTROL_AND_BIDI = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  'a',
  'Z',
  '1',
  '@',
  '.',
  '-',
  '/',
  '%',
  '$',
  '[',
  ']',
];

export const controlString = fc.string({ unit: fc.constantFrom(...CONTROL_AND_BIDI), minLength: 1, maxLength: 40 });

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: controlString },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 260, max: 5_000 }).map((n) => 'x'.repeat(n)) }
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1.5, -2_147_483_649, 2_147_483_648, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324, 999_999_999_999),
  fc.integer(),
  fc.double()
);

/** A string that reads as a number, or nearly: what path and query parameters carry. */
export const numericString = fc.oneof(
  fc.constantFrom('-1', '0', '00', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '0x1f', '+1', ' 1', '1 ', '9'.repeat(400), '2147483648', '-0', '٣'),
  nastyNumber.map(String),
  fc.bigInt().map(String)
);

/** Field names the shopper routes know (camelCase), their BigCommerce snake_case twins, fields no route knows, and prototype / operator keys. */
export const FIELD_NAMES = [
  'line_items',
  'custom_items',
  'product_id',
  'variant_id',
  'quantity',
  'option_selections',
  'list_price',
  'sku',
  'name',
  'email',
  'password',
  'first_name',
  'last_name',
  'phone',
  'company',
  'address',
  'address1',
  'city',
  'country_code',
  'state_or_province',
  'state_or_province_code',
  'postal_code',
  'shipping_option_id',
  'code',
  'order_id',
  'items',
  'is_public',
  'token',
  'redirect',
  'id',
  'itemId',
  'lineItems',
  'customItems',
  'firstName',
  'orderId',
  'isPublic',
  'customer_id',
  'customerId',
  'channel_id',
  'cart_id',
  'documentId',
  'role',
  'isAdmin',
  'price',
  'status',
  'card',
  'number',
  'cvv',
  'verification_value',
  'expiry_month',
  'payment',
  'instrument',
  'scope',
  'store_id',
  'data',
  'type',
  'hash',
  'created_at',
  'producer',
  '__proto__',
  'constructor',
  'prototype',
  '$gt',
  '$ne',
  '$or',
  '$where',
  'filters',
  'populate',
  'fields',
  'sort',
  '',
  ' ',
  'x'.repeat(300),
  '\u202eeman',
  'a.b',
  'a[b]',
];

export const fieldName = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: nastyString });

/** An object built with own properties only, so that `__proto__` is sent as a key instead of changing the prototype. */
const objectOf = <T>(entries: Array<[string, T]>): Record<string, T> => Object.fromEntries(entries);

/** Operator objects, Strapi filter shapes and prototype pollution attempts. */
export const operatorObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    { $gt: 0 },
    { $ne: null },
    { $in: [1, 2, 3] },
    { $where: 'sleep(1000)' },
    { $or: [{ id: { $gt: 0 } }, { email: { $containsi: '@' } }] },
    { filters: { customer_id: { $ne: 0 } } },
    { populate: '*' },
    JSON.parse('{"__proto__":{"isAdmin":true,"polluted":"yes"}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
    JSON.parse('{"__proto__":[]}')
  ),
  fc
    .tuple(fc.constantFrom('$gt', '$lt', '$ne', '$eq', '$in', '$notIn', '$null', '$contains', '$or', '$and', '$not'), fc.jsonValue())
    .map(([k, v]) => objectOf([[k, v]]))
);

/** Values that may pass a schema, so that generated inputs also reach what lies behind validation. */
export interface Plausible {
  productId: number;
  variantId: number;
  otherIds: number[];
  address: Record<string, string>;
  email: string;
}

export const plausibleValue = (p: Plausible): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>(p.productId, p.variantId, 1, 2, 'SANDBOX10', 'account', 'checkout', p.address, p.email, 'Passw0rd!x9', 'Ada', true, ...p.otherIds),
    fc.constant([{ productId: p.productId, variantId: p.variantId, quantity: 1 }]),
    fc.constant([{ productId: p.productId }]),
    fc.record({ productId: fc.oneof(fc.constant(p.productId), nastyNumber), quantity: fc.oneof(fc.constant(1), nastyNumber) }).map((item) => [item])
  );

/** Arbitrary JSON-ish values with nesting, unknown and hostile keys, wrong types everywhere. */
export const junkValue = (plausible: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown; leaf: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
    leaf: fc.oneof(
      { weight: 3, arbitrary: nastyString },
      { weight: 2, arbitrary: nastyNumber },
      { weight: 2, arbitrary: plausible },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null, {}, []) },
      { weight: 1, arbitrary: operatorObject }
    ),
    array: fc.array(tie('value'), { maxLength: 5 }),
    object: fc.array(fc.tuple(fieldName, tie('value')), { maxLength: 6 }).map(objectOf),
    value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, tie('leaf'), tie('array'), tie('object')),
  })).value;

/** A request body: mostly an object with known and unknown fields, sometimes any JSON value at the top. */
export const junkBody = (plausible: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.tuple(fieldName, fc.oneof(junkValue(plausible), plausible)), { maxLength: 7 }).map(objectOf) },
    { weight: 2, arbitrary: junkValue(plausible) },
    { weight: 1, arbitrary: operatorObject },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
  );

/** A query-string key: the read API's parameters, Strapi's own, bracket/operator syntax, prototype paths, junk. */
export const QUERY_KEYS = [
  'channel',
  'category',
  'brand',
  'priceMin',
  'priceMax',
  'inStock',
  'q',
  'live',
  'sort',
  'page',
  'pageSize',
  'filters[$or][0][id][$gt]',
  'filters[isVisible][$eq]',
  'populate',
  'populate[0]',
  'fields[0]',
  'pagination[limit]',
  'pagination[pageSize]',
  'status',
  'locale',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'page[]',
  'q[$ne]',
  'live[]',
  'sort[0]',
  'a'.repeat(300),
];

/** `live=true` would make real reads against BigCommerce's rate limits, which another suite owns: anything else goes. */
const notLiveTrue = ([key, value]: [string, string]) => !(key === 'live' && value.trim().toLowerCase() === 'true');

export const queryPairs: fc.Arbitrary<Array<[string, string]>> = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: nastyString }),
      fc.oneof(nastyString, numericString, fc.constantFrom('false', 'TRUE ', '1', 'yes', 'name:asc', 'price:desc', 'newest', '1', '100', '101'))
    ),
    { maxLength: 6 }
  )
  .map((pairs) => pairs.filter(notLiveTrue));

/** Encodes a key or value as a client might: percent-encoded, but with qs's brackets left readable. */
export const encodeQueryPart = (part: string): string => {
  try {
    return encodeURIComponent(part).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%24/g, '$');
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8: send its replacement's escape instead.
    return encodeURIComponent(part.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
};

export const queryString = (pairs: Array<[string, string]>): string =>
  pairs.length ? `?${pairs.map(([k, v]) => `${encodeQueryPart(k)}=${encodeQueryPart(v)}`).join('&')}` : '';

/** A path parameter: numbers that are not ids, strings that are not ids, someone else's ids, and real ones. */
export const pathParam = (ids: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .oneof({ weight: 3, arbitrary: numericString }, { weight: 3, arbitrary: nastyString }, { weight: 2, arbitrary: ids })
    .map((value) => encodeQueryPart(value))
    .filter((encoded) => encoded.length > 0 && encoded !== '.' && encoded !== '..');
