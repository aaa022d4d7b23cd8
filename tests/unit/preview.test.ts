import type { Core } from '@strapi/strapi';

import { pluginConfigSchema } from '../../server/src/config/schema';
import { fillTemplate, registerPreview } from '../../server/src/preview';

/** Strapi's config store, as much of it as registerPreview reads and writes. */
const fakeStrapi = (values: Record<string, unknown>) => {
  const config = new Map(Object.entries(values));
  return {
    strapi: { config: { get: (key: string) => config.get(key), set: (key: string, value: unknown) => config.set(key, value) } } as unknown as Core.Strapi,
    config,
  };
};

const plugin = (overrides: Record<string, unknown>) => pluginConfigSchema.parse(overrides);

describe('preview URL templates', () => {
  it('fills the known placeholders, URI-encoded, and leaves others as written', () => {
    expect(
      fillTemplate('https://shop.example.com/p/{slug}?id={bigcommerceId}&d={documentId}&x={other}', {
        slug: 'café au lait',
        bigcommerceId: '7',
        documentId: 'abc',
      })
    ).toBe('https://shop.example.com/p/caf%C3%A9%20au%20lait?id=7&d=abc&x={other}');
  });

  it('refuses a template that is not a URL, naming the key', () => {
    const parsed = pluginConfigSchema.safeParse({ previewProductUrl: '/products/{slug}' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(/^previewProductUrl: must be a URL/);
    expect(pluginConfigSchema.safeParse({ previewCategoryUrl: 'https://shop.example.com/c/{slug}' }).success).toBe(true);
  });
});

describe('registerPreview', () => {
  it('turns nothing on without a template', () => {
    const { strapi, config } = fakeStrapi({ 'plugin::bigcommerce': plugin({}), middlewares: ['strapi::security'] });
    expect(registerPreview(strapi)).toBe(false);
    expect(config.get('admin.preview')).toBeUndefined();
    expect(config.get('middlewares')).toEqual(['strapi::security']);
  });

  it('leaves Preview off when the host app turned it off', () => {
    const { strapi, config } = fakeStrapi({
      'plugin::bigcommerce': plugin({ previewProductUrl: 'https://shop.example.com/{slug}' }),
      'admin.preview': { enabled: false },
    });
    expect(registerPreview(strapi)).toBe(false);
    expect(config.get('admin.preview')).toEqual({ enabled: false });
  });

  it('keeps the host’s handler and origins, and adds the storefront’s origin to them and to the CSP', async () => {
    const hostHandler = jest.fn(async () => 'https://host.example.com/x');
    const { strapi, config } = fakeStrapi({
      'plugin::bigcommerce': plugin({ previewProductUrl: 'https://shop.example.com/{slug}' }),
      'admin.preview': { config: { allowedOrigins: ['https://host.example.com'], handler: hostHandler } },
      middlewares: ['strapi::logger', 'strapi::security'],
    });
    expect(registerPreview(strapi)).toBe(true);
    const preview = config.get('admin.preview') as {
      enabled: boolean;
      config: { allowedOrigins: string[]; handler: (uid: string, params: object) => Promise<unknown> };
    };
    expect(preview.enabled).toBe(true);
    expect(preview.config.allowedOrigins).toEqual(['https://host.example.com', 'https://shop.example.com']);
    await expect(preview.config.handler('api::page.page', { documentId: 'd1' })).resolves.toBe('https://host.example.com/x');
    expect(hostHandler).toHaveBeenCalledWith('api::page.page', { documentId: 'd1' });
    expect(config.get('middlewares')).toEqual([
      'strapi::logger',
      { name: 'strapi::security', config: { contentSecurityPolicy: { directives: { 'frame-src': ['https://shop.example.com'] } } } },
    ]);
  });
});
