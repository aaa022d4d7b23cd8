// The seeded catalog: deterministic, shaped like a real store, and cheap at 50,000 products.
import { SandboxState, startSandbox } from '../sandbox';
import { call } from './support';

const stateOf = (seed: number, products: number): SandboxState => new SandboxState({ storeHash: 'gen', seed, products, clientId: 'gen' });

/** Every product with every sub-resource, as one JSON string. */
function dump(s: SandboxState): string {
  const products = [...s.products.values()].map((p) => ({ core: p, details: s.detailsOf(p), variants: s.variantsOf(p) }));
  return JSON.stringify({ products, categories: [...s.categories.values()], brands: [...s.brands.values()], trees: [...s.trees.values()] });
}

describe('catalog generator', () => {
  it('gives a byte-identical catalog for the same seed and size, and a different one for another seed', () => {
    const a = dump(stateOf(42, 400));
    expect(dump(stateOf(42, 400))).toBe(a);
    expect(dump(stateOf(43, 400))).not.toBe(a);
  });

  it('serves byte-identical API pages from two sandboxes with the same seed', async () => {
    const [a, b] = await Promise.all([startSandbox({ products: 300, seed: 9, rateLimit: false }), startSandbox({ products: 300, seed: 9, rateLimit: false })]);
    try {
      for (const path of [
        '/v3/catalog/products?limit=250&page=2&include=variants,images,custom_fields,bulk_pricing_rules,primary_image,channels',
        '/v3/catalog/products?limit=10&page=7&include=options',
        '/v3/catalog/categories?limit=250',
        '/v3/catalog/brands',
        '/v3/catalog/trees/1/categories',
      ]) {
        const [ra, rb] = await Promise.all([call(a, 'GET', path), call(b, 'GET', path)]);
        expect(ra.status).toBe(200);
        expect(ra.text).toBe(rb.text);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  describe('shape of a 5,000-product catalog', () => {
    const n = 5000;
    const s = stateOf(1, n);
    const cores = [...s.products.values()];
    const details = cores.map((p) => s.detailsOf(p));
    const ratio = (k: number): number => k / n;

    it('has dense product ids 1..N and unique variant, image and option ids', () => {
      expect(cores.map((p) => p.id)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      for (const kind of ['variants', 'images', 'options', 'custom_fields', 'bulk_pricing_rules'] as const) {
        const ids = details.flatMap((d) => d[kind].map((x) => x.id));
        expect(new Set(ids).size).toBe(ids.length);
      }
    });

    it('averages about three variants, with option values matching the options', () => {
      const variants = details.reduce((sum, d) => sum + d.variants.length, 0);
      expect(variants / n).toBeGreaterThan(2.7);
      expect(variants / n).toBeLessThan(3.3);
      for (const d of details.slice(0, 500)) {
        const optionIds = new Set(d.options.map((o) => o.id));
        for (const v of d.variants) {
          expect(v.option_values.length).toBe(d.options.length);
          for (const ov of v.option_values) expect(optionIds.has(ov.option_id)).toBe(true);
        }
        // Each variant is a distinct combination.
        expect(new Set(d.variants.map((v) => v.option_values.map((o) => o.id).join(','))).size).toBe(d.variants.length);
      }
      expect(details.filter((d) => d.options.some((o) => o.display_name === 'Size')).length).toBeGreaterThan(n * 0.4);
      expect(details.filter((d) => d.options.some((o) => o.display_name === 'Color')).length).toBeGreaterThan(n * 0.3);
    });

    it('has ~3 images with exactly one thumbnail, custom fields and some bulk pricing', () => {
      const images = details.reduce((sum, d) => sum + d.images.length, 0);
      expect(images / n).toBeGreaterThan(2.4);
      expect(images / n).toBeLessThan(3.4);
      for (const d of details) if (d.images.length) expect(d.images.filter((i) => i.is_thumbnail)).toHaveLength(1);
      expect(ratio(details.filter((d) => d.custom_fields.length > 0).length)).toBeGreaterThan(0.6);
      expect(ratio(details.filter((d) => d.bulk_pricing_rules.length > 0).length)).toBeGreaterThan(0.25);
      expect(ratio(details.filter((d) => d.bulk_pricing_rules.length > 0).length)).toBeLessThan(0.35);
    });

    it('hides about 5% and keeps about 10% off channel 1 (channel 2 only)', () => {
      expect(ratio(cores.filter((p) => !p.is_visible).length)).toBeGreaterThan(0.03);
      expect(ratio(cores.filter((p) => !p.is_visible).length)).toBeLessThan(0.07);
      const offDefault = cores.filter((p) => !p.channels.includes(1));
      expect(ratio(offDefault.length)).toBeGreaterThan(0.08);
      expect(ratio(offDefault.length)).toBeLessThan(0.12);
      for (const p of offDefault) expect(p.channels).toEqual([2]);
    });

    it('puts sale prices on some products and keeps slugs unique', () => {
      const onSale = cores.filter((p) => p.sale_price > 0);
      expect(ratio(onSale.length)).toBeGreaterThan(0.15);
      expect(ratio(onSale.length)).toBeLessThan(0.25);
      for (const p of onSale) expect(p.sale_price).toBeLessThan(p.price);
      expect(new Set(cores.map((p) => p.custom_url.url)).size).toBe(n);
      expect(new Set(cores.map((p) => p.name)).size).toBe(n);
    });

    it('builds a 3-level category tree and brands sized to the catalog', () => {
      const cats = [...s.categories.values()];
      expect(cats).toHaveLength(Math.max(10, Math.floor(n / 50)));
      const depth = (id: number): number => (id === 0 ? 0 : 1 + depth(s.categories.get(id)?.parent_id ?? 0));
      expect(Math.max(...cats.map((c) => depth(c.id)))).toBe(3);
      expect(s.brands.size).toBe(Math.max(5, Math.floor(n / 100)));
      for (const p of cores) {
        expect(p.categories.length).toBeGreaterThanOrEqual(1);
        expect(p.categories.length).toBeLessThanOrEqual(2);
        for (const c of p.categories) expect(s.categories.has(c)).toBe(true);
        if (p.brand_id) expect(s.brands.has(p.brand_id)).toBe(true);
      }
      // Dates lie in the past and modified never precedes created.
      for (const p of cores) expect(p.date_modified >= p.date_created).toBe(true);
    });

    it('tracks inventory by product or variant, summing variant stock', () => {
      const byVariant = cores.filter((p) => p.inventory_tracking === 'variant');
      expect(byVariant.length).toBeGreaterThan(n * 0.4);
      for (const p of byVariant.slice(0, 300)) {
        expect(p.inventory_level).toBe(s.detailsOf(p).variants.reduce((sum, v) => sum + v.inventory_level, 0));
      }
      expect(cores.some((p) => p.inventory_tracking === 'product')).toBe(true);
    });
  });

  it('starts a 50,000-product store in a few seconds without holding every product in full', async () => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const sb = await startSandbox({ products: 50_000, rateLimit: false });
    try {
      expect(Date.now() - started).toBeLessThan(15_000); // loose: nothing is built eagerly; the benches measure speed
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(250 * 1024 * 1024);
      const last = await call(sb, 'GET', '/v3/catalog/products?limit=250&page=200&include=variants,images&include_fields=name');
      expect(last.body.meta.pagination).toMatchObject({ total: 50_000, total_pages: 200, current_page: 200, count: 250 });
      expect(last.body.data[249].id).toBe(50_000);
      // Only products that were changed keep their full details in memory.
      expect(sb.catalog.details.size).toBe(0);
    } finally {
      await sb.close();
    }
  });
});
