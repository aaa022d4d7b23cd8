import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { storefrontEnv } from '../helpers/storefront';
import { bootStrapi, callAs, registerSuperAdmin, type AdminSession, type TestApp } from '../helpers/strapi';

const PRODUCT = 'plugin::bigcommerce.product';
const CATEGORY = 'plugin::bigcommerce.category';

/** Strapi Preview of synced entries, through the Content Manager's own preview route, with a host app that has its own Preview. */
describe('Strapi Preview of synced products and categories', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 60, seed: 3, rateLimit: false });
    app = await bootStrapi({
      env: {
        ...storefrontEnv(sandbox),
        BIGCOMMERCE_PREVIEW_PRODUCT_URL: 'https://shop.example.com/products/{slug}?id={bigcommerceId}',
        BIGCOMMERCE_PREVIEW_CATEGORY_URL: 'https://shop.example.com/categories/{slug}',
        HOST_PREVIEW_URL: 'https://preview.example.com',
        BIGCOMMERCE_IMAGE_ORIGINS: 'https://images.example.com',
      },
    });
    const run = await sync(app.strapi, 'full');
    if (run.status !== 'succeeded') throw new Error(`the catalog sync ${run.status}`);
    admin = await registerSuperAdmin(app);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const previewUrl = (uid: string, documentId: string) => callAs(app, 'GET', `/content-manager/preview/url/${uid}?documentId=${documentId}`, admin);
  const first = async (uid: string, where: Record<string, unknown>) =>
    (await app.strapi.db.query(uid as typeof PRODUCT).findOne({ where, select: ['documentId', 'slug', 'bigcommerceId'] })) as {
      documentId: string;
      slug: string;
      bigcommerceId: number;
    };

  it('opens a product’s storefront page, its slug and id filled in', async () => {
    const product = await first(PRODUCT, { isVisible: true });
    const res = await previewUrl(PRODUCT, product.documentId).expect(200);
    expect(res.body.data.url).toBe(`https://shop.example.com/products/${encodeURIComponent(product.slug)}?id=${product.bigcommerceId}`);
  });

  it('opens a category’s page', async () => {
    const category = await first(CATEGORY, {});
    const res = await previewUrl(CATEGORY, category.documentId).expect(200);
    expect(res.body.data.url).toBe(`https://shop.example.com/categories/${encodeURIComponent(category.slug)}`);
  });

  it('offers no preview of a product the storefront does not show (hidden in BigCommerce)', async () => {
    const hidden = await first(PRODUCT, { isVisible: false });
    expect(hidden).toBeTruthy();
    const res = await previewUrl(PRODUCT, hidden.documentId);
    expect(res.status).toBe(204);
  });

  it('keeps the host app’s own Preview for every other content type', async () => {
    const user = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const res = await previewUrl('plugin::users-permissions.role', user.documentId).expect(200);
    expect(res.body.data.url).toBe(`https://preview.example.com/plugin::users-permissions.role/${user.documentId}`);
  });

  /** One directive of the admin's Content-Security-Policy, as its list of sources. */
  const csp = async (directive: string): Promise<string[]> => {
    const res = await app.http().get('/admin/init');
    const found = (res.headers['content-security-policy'] as string).split(';').find((entry) => entry.trim().startsWith(`${directive} `)) ?? '';
    return found.trim().split(/\s+/).slice(1);
  };

  it('lets the admin frame the storefront’s and the host’s preview origins (CSP frame-src)', async () => {
    expect(await csp('frame-src')).toEqual(expect.arrayContaining(['https://shop.example.com', 'https://preview.example.com']));
  });

  it('lets the admin show the store’s images from BigCommerce’s CDN and the configured image origins, keeping Strapi’s own sources (CSP img-src)', async () => {
    expect(await csp('img-src')).toEqual(
      expect.arrayContaining(["'self'", 'data:', 'blob:', 'https://market-assets.strapi.io', 'https://*.bigcommerce.com', 'https://images.example.com'])
    );
  });
});
