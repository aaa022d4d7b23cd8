// The sandbox holds products up to BigCommerce's documented limits and refuses what BigCommerce refuses:
// include_fields outside its enum, names over 250 and product URLs over 255 characters, more than 600
// variants, more than 250 values in one option.
import { ID_LISTING_FIELDS, PRODUCT_FIELDS } from '../../server/src/bigcommerce';
import { startSandbox, type Sandbox } from '../sandbox';
import { PRODUCT_INCLUDE_FIELDS } from '../sandbox/routes/catalog';
import { PRODUCT_LIMITS } from '../sandbox/state';
import { call, describeIfSpecs, expectContract, specIndex } from './support';

const PRODUCTS_SPEC = 'catalog/products_catalog.v3.yml';

/** A create body whose variants combine a `sizes` × `colors` grid (each variant a distinct pair). */
function withVariants(name: string, sizes: number, colors: number, count = sizes * colors) {
  const variants = [];
  for (let k = 0; k < count; k++) {
    variants.push({
      sku: `${name}-${k}`,
      option_values: [
        { option_display_name: 'Size', label: `S${k % sizes}` },
        { option_display_name: 'Color', label: `C${Math.floor(k / sizes) % colors}` },
      ],
    });
  }
  return { name, type: 'physical', weight: 1, price: 10, variants };
}

describeIfSpecs('BigCommerce limits', () => {
  let sb: Sandbox;

  beforeAll(async () => {
    await specIndex();
    sb = await startSandbox({ products: 30, seed: 11, rateLimit: false });
  });

  afterAll(async () => {
    await sb?.close();
  });

  describe('include_fields on products', () => {
    it('takes exactly the spec enum, in the sandbox and in the plugin', async () => {
      const param = (await specIndex()).componentParameter(PRODUCTS_SPEC, 'IncludeFieldsParam');
      const spec = (param?.schema as { items: { enum: string[] } }).items.enum.slice().sort();
      expect([...PRODUCT_INCLUDE_FIELDS].sort()).toEqual(spec);
      expect([...PRODUCT_FIELDS].sort()).toEqual(spec);
      for (const f of ID_LISTING_FIELDS) expect(spec).toContain(f);
    });

    it('refuses a value outside the enum, such as id, with a 422 naming include_fields', async () => {
      const res = await call(sb, 'GET', '/v3/catalog/products?include_fields=id&limit=5');
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty('include_fields');
      expectContract(res, sb);
      expect((await call(sb, 'GET', '/v3/catalog/products?include_fields=name,color')).status).toBe(422);
      expect((await call(sb, 'GET', '/v3/catalog/products/1?include_fields=id')).status).toBe(422);
    });

    it('refuses a bad include_fields on an update before changing anything', async () => {
      const before = sb.catalog.product(3).price;
      const res = await call(sb, 'PUT', '/v3/catalog/products/3?include_fields=id', { body: { price: before + 1 } });
      expect(res.status).toBe(422);
      expect(sb.catalog.product(3).price).toBe(before);
    });

    it('lists ids with the id-listing fields: each row is the id and one boolean', async () => {
      const res = await call(sb, 'GET', `/v3/catalog/products?include_fields=${ID_LISTING_FIELDS.join(',')}&limit=250`);
      expect(res.status).toBe(200);
      expectContract(res, sb);
      expect(res.body.data).toHaveLength(30);
      for (const row of res.body.data) {
        expect(Object.keys(row).sort()).toEqual(['id', ...ID_LISTING_FIELDS].sort());
        expect(typeof row.is_visible).toBe('boolean');
      }
    });
  });

  describe('name and custom URL lengths', () => {
    const base = { type: 'physical', weight: 1, price: 5 };

    it('creates a product with a 250-character name and a 255-character URL, and refuses one more of either', async () => {
      const name = 'n'.repeat(250);
      const url = `/${'u'.repeat(253)}/`;
      const ok = await call(sb, 'POST', '/v3/catalog/products', { body: { ...base, name, custom_url: { url, is_customized: true } } });
      expect(ok.status).toBe(200);
      expectContract(ok, sb);
      expect(ok.body.data).toMatchObject({ name, custom_url: { url } });

      const longName = await call(sb, 'POST', '/v3/catalog/products', { body: { ...base, name: 'n'.repeat(251) } });
      expect(longName.status).toBe(422);
      expect(longName.body).toMatchObject({ status: 422, errors: { name: expect.any(String) } });
      expectContract(longName, sb);

      const longUrl = await call(sb, 'POST', '/v3/catalog/products', { body: { ...base, name: 'Long URL', custom_url: { url: `/${'u'.repeat(254)}/` } } });
      expect(longUrl.status).toBe(422);
      expect(longUrl.body).toMatchObject({ status: 422, errors: { 'custom_url.url': expect.any(String) } });
      expectContract(longUrl, sb);
    });

    it('refuses the same on an update, over HTTP and through the in-process API, leaving the product as it was', async () => {
      const before = { name: sb.catalog.product(4).name, url: sb.catalog.product(4).custom_url.url };
      const name = await call(sb, 'PUT', '/v3/catalog/products/4', { body: { name: 'x'.repeat(251) } });
      expect(name.status).toBe(422);
      expect(name.body.errors).toHaveProperty('name');
      expectContract(name, sb);
      const url = await call(sb, 'PUT', '/v3/catalog/products/4', { body: { custom_url: { url: `/${'y'.repeat(255)}`, is_customized: true } } });
      expect(url.status).toBe(422);
      expect(url.body.errors).toHaveProperty(['custom_url.url']);
      expectContract(url, sb);
      expect(() => sb.catalog.updateProduct(4, { name: 'z'.repeat(251) })).toThrow();
      expect({ name: sb.catalog.product(4).name, url: sb.catalog.product(4).custom_url.url }).toEqual(before);

      expect(sb.catalog.updateProduct(4, { name: 'z'.repeat(250) })).toEqual(['name']);
      const ok = await call(sb, 'PUT', '/v3/catalog/products/4', { body: { custom_url: { url: `/${'y'.repeat(254)}`, is_customized: true } } });
      expect(ok.status).toBe(200);
      expect(ok.body.data.custom_url.url).toHaveLength(255);
    });
  });

  describe('variants and options', () => {
    it('creates a product with 600 variants, each with its own id, found and updated by id', async () => {
      const res = await call(sb, 'POST', '/v3/catalog/products', { body: withVariants('grid600', 25, 24) });
      expect(res.status).toBe(200);
      const pid = res.body.data.id as number;
      const ids: number[] = [];
      for (let page = 1; page <= 3; page++) {
        const vs = await call(sb, 'GET', `/v3/catalog/products/${pid}/variants?limit=250&page=${page}`);
        expect(vs.status).toBe(200);
        ids.push(...vs.body.data.map((v: { id: number }) => v.id));
      }
      expect(ids).toHaveLength(PRODUCT_LIMITS.variants);
      expect(new Set(ids).size).toBe(PRODUCT_LIMITS.variants);
      // No id is shared with another product's variants.
      const others = [...sb.catalog.products.values()].filter((p) => p.id !== pid).flatMap((p) => sb.catalog.detailsOf(p).variants.map((v) => v.id));
      expect(others.filter((id) => ids.includes(id))).toEqual([]);

      const last = ids[ids.length - 1];
      const put = await call(sb, 'PUT', `/v3/catalog/products/${pid}/variants/${last}`, { body: { price: 12.5 } });
      expect(put.status).toBe(200);
      expect(sb.catalog.findVariant(last)).toMatchObject({ core: { id: pid }, variant: { id: last, price: 12.5 } });
      const opts = sb.catalog.detailsOf(sb.catalog.product(pid)).options.map((o) => o.option_values.length);
      expect(opts).toEqual([25, 24]);
    });

    it('refuses a 601st variant with a 422 on variants, creating nothing', async () => {
      const count = sb.catalog.products.size;
      const res = await call(sb, 'POST', '/v3/catalog/products', { body: withVariants('grid601', 25, 25, 601) });
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty('variants');
      expectContract(res, sb);
      expect(sb.catalog.products.size).toBe(count);
    });

    it('takes 250 values in one option and refuses 251', async () => {
      const ok = await call(sb, 'POST', '/v3/catalog/products', { body: withVariants('wide250', 250, 1) });
      expect(ok.status).toBe(200);
      expect(sb.catalog.detailsOf(sb.catalog.product(ok.body.data.id)).options[0].option_values).toHaveLength(250);
      const count = sb.catalog.products.size;
      const res = await call(sb, 'POST', '/v3/catalog/products', { body: withVariants('wide251', 251, 1) });
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty('option_values');
      expectContract(res, sb);
      expect(sb.catalog.products.size).toBe(count);
    });
  });
});
