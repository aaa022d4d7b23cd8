import { SITE_ROUTE_TYPES } from '../../server/src/bigcommerce/sites';
import { channelNameSlug } from '../../shared/channel-name';
import { normalizeSiteUrl, routePreview, siteDefaults } from '../../server/src/utils/site-defaults';

describe('channel names', () => {
  it.each([
    ['My Custom Store', 'my-custom-store'],
    ['Café Olé!', 'cafe-ole'],
    ['  Strapi_Shop--2 ', 'strapi_shop-2'],
    ['a.b/c', 'a-b-c'],
    ['Ünïcödé Störe', 'unicode-store'],
    ['店', ''],
  ])('%j becomes %j (Latin letters, digits, dashes and underscores only)', (name, slug) => {
    expect(channelNameSlug(name)).toBe(slug);
    expect(channelNameSlug(name)).toMatch(/^[a-z0-9_-]*$/);
  });
});

describe('site defaults', () => {
  it('gives a route for every route type the Sites API knows, relative to the site URL', () => {
    const defaults = siteDefaults('https://www.shop.example.com/');
    expect(defaults.siteUrl).toBe('https://www.shop.example.com');
    expect(defaults.routes.map((route) => route.type)).toEqual([...SITE_ROUTE_TYPES]);
    expect(new Set(defaults.routes.map((route) => route.route)).size).toBe(SITE_ROUTE_TYPES.length);
    for (const route of defaults.routes) {
      expect(route.matching).toBe('*');
      expect(route.route).toMatch(/^\//);
      expect(route.preview.startsWith('https://www.shop.example.com/')).toBe(true);
      expect(route.preview).not.toMatch(/[{}]/);
    }
    expect(defaults.routes.find((route) => route.type === 'product')).toMatchObject({
      route: '/products/{slug}',
      preview: 'https://www.shop.example.com/products/sample-item',
    });
  });

  it("suggests a checkout host under the storefront's own domain (same-site for Safari)", () => {
    expect(siteDefaults('https://www.shop.co.uk').checkoutUrl).toBe('https://checkout.shop.co.uk');
    expect(siteDefaults('http://localhost:3000').checkoutUrl).toBe('https://checkout.localhost');
    expect(siteDefaults('https://shop.example.com/en/').checkoutUrl).toBe('https://checkout.shop.example.com');
  });

  it('keeps a path prefix of the site URL, which BigCommerce puts before every route', () => {
    expect(normalizeSiteUrl(' https://example.com/shop// ')).toBe('https://example.com/shop');
    expect(routePreview('https://example.com/shop/', '/{language}/p/{id}')).toBe('https://example.com/shop/en/p/123');
  });
});
