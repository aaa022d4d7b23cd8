// The store's images: on BigCommerce's CDN by default; with imageHost the sandbox plays the CDN, at its
// own origin with the CDN's path shapes, and draws a deterministic SVG tile for each image.
import { startSandbox, type Sandbox } from '../sandbox';
import { call } from './support';

interface Image {
  id: number;
  product_id: number;
  image_url: string;
  url_zoom: string;
  url_standard: string;
  url_thumbnail: string;
  url_tiny: string;
}

const SIZES = { image_url: 'original', url_zoom: '1280x1280', url_standard: '500x659', url_thumbnail: '100x100', url_tiny: '50x50' } as const;

const get = async (url: string) => {
  const res = await fetch(url, { headers: { origin: 'http://shop.example.com' } });
  return {
    status: res.status,
    headers: {
      'content-type': res.headers.get('content-type'),
      'access-control-allow-origin': res.headers.get('access-control-allow-origin'),
      'cache-control': res.headers.get('cache-control'),
    },
    text: await res.text(),
  };
};

/** Products 1..n with their images (one page). */
const productsWithImages = async (sb: Sandbox): Promise<Array<{ id: number; name: string; images: Image[] }>> =>
  (await call(sb, 'GET', '/v3/catalog/products?limit=40&include=images')).body.data;

describe('the store images', () => {
  it('are on BigCommerce CDN by default', async () => {
    const sb = await startSandbox({ products: 10, rateLimit: false });
    try {
      const [product] = (await productsWithImages(sb)).filter((p) => p.images.length);
      expect(sb.imageOrigin).toBe('https://cdn11.bigcommerce.com');
      expect(product.images[0].url_standard).toMatch(
        new RegExp(`^https://cdn11\\.bigcommerce\\.com/s-${sb.storeHash}/images/stencil/500x659/products/${product.id}/`)
      );
      const channels = (await call(sb, 'GET', '/v3/channels')).body.data as Array<{ icon_url: string }>;
      expect(channels.map((c) => c.icon_url)).toEqual(channels.map(() => expect.stringMatching(/^https:\/\/cdn11\.bigcommerce\.com\//)));
    } finally {
      await sb.close();
    }
  });

  describe('with imageHost', () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await startSandbox({ products: 40, rateLimit: false, imageHost: true });
    });
    afterAll(() => sb.close());

    it('point at the sandbox, which serves each size as an SVG tile of the product', async () => {
      expect(sb.imageOrigin).toBe(sb.url);
      const products = (await productsWithImages(sb)).filter((p) => p.images.length > 1);
      const product = products[0];
      for (const image of product.images) {
        for (const [field, size] of Object.entries(SIZES) as Array<[keyof typeof SIZES, string]>) {
          const url = image[field];
          expect(url).toMatch(new RegExp(`^${sb.url}/s-${sb.storeHash}/images/stencil/${size}/products/${product.id}/${image.id}/[^/?]+\\.jpg\\?c=1$`));
          const res = await get(url);
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
          expect(res.headers['access-control-allow-origin']).toBe('*');
          expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+/);
          const [width, height] = size === 'original' ? ['1024', '1024'] : size.split('x');
          expect(res.text).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"`));
        }
      }
      const standard = await get(product.images[0].url_standard);
      expect(standard.text).toContain(`aria-label="${product.name}"`);
      expect(standard.text).toContain('500×659');
      // The same URL gives the same picture; another image of the product another one.
      expect((await get(product.images[0].url_standard)).text).toBe(standard.text);
      expect((await get(product.images[1].url_standard)).text).not.toBe(standard.text);
    });

    it('answers 404 for an image the store does not have', async () => {
      const [product] = (await productsWithImages(sb)).filter((p) => p.images.length);
      const url = product.images[0].url_standard;
      const base = `${sb.url}/s-${sb.storeHash}/images/stencil`;
      for (const wrong of [
        url.replace('/500x659/', '/huge/'),
        url.replace(/\/[^/]+\.jpg/, '/other.jpg'),
        url.replace(`/products/${product.id}/`, '/products/999999/'),
        `${base}/500x659/products/${product.id}/${product.images[0].id + 100}/x.jpg`,
        url.replace(`/s-${sb.storeHash}/`, '/s-otherstore/'),
      ]) {
        expect([wrong, (await get(wrong)).status]).toEqual([wrong, 404]);
      }
    });

    it('serves the channel icons and a cart line default image', async () => {
      const channels = (await call(sb, 'GET', '/v3/channels')).body.data as Array<{ platform: string; icon_url: string }>;
      for (const c of channels) {
        expect(c.icon_url).toBe(`${sb.url}/s-${sb.storeHash}/channel-icons/${c.platform}.svg`);
        const icon = await get(c.icon_url);
        expect([icon.status, icon.headers['content-type']]).toEqual([200, 'image/svg+xml; charset=utf-8']);
      }
      // A product without images: its cart line shows the store's default image.
      const bare = (await productsWithImages(sb)).find((p) => p.images.length === 0);
      expect(bare).toBeDefined();
      const variants = (await call(sb, 'GET', `/v3/catalog/products/${bare?.id}/variants`)).body.data as Array<{ id: number; purchasing_disabled: boolean }>;
      const cart = await call(sb, 'POST', '/v3/carts', { body: { line_items: [{ product_id: bare?.id, variant_id: variants[0].id, quantity: 1 }] } });
      expect(cart.status).toBe(201);
      const [line] = cart.body.data.line_items.physical_items.concat(cart.body.data.line_items.digital_items) as Array<{ image_url: string }>;
      expect(line.image_url).toBe(`${sb.url}/s-${sb.storeHash}/stencil/images/ProductDefault.gif`);
      const picture = await get(line.image_url);
      expect([picture.status, picture.headers['content-type']]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    });
  });
});
