import type { Handler } from '../controllers';
import { CATALOG_HANDLERS, type CatalogRead, type StorefrontAction } from '../public-access';

/**
 * Storefront read API at `/api/bigcommerce/...`. Each route's action (`plugin::bigcommerce.product.find`,
 * ...) is a users-permissions / API-token permission; bootstrap grants them to the Public role once
 * (config `publicCatalog`). The same actions authorize the GraphQL catalog queries.
 */
export default {
  type: 'content-api',
  routes: [
    ...(
      [
        ['GET', '/products', 'findProducts'],
        ['GET', '/products/:slug', 'findProduct'],
        ['GET', '/categories', 'findCategories'],
        ['GET', '/brands', 'findBrands'],
      ] as const satisfies ReadonlyArray<readonly [string, string, CatalogRead]>
    ).map(([method, path, read]) => ({ method, path, handler: CATALOG_HANDLERS[read] satisfies Handler })),
    // Shopper routes: the shopper is known by the plugin's own session (cookie or x-bigcommerce-session).
    ...(
      [
        ['POST', '/cart', 'createCart'],
        ['GET', '/cart', 'getCart'],
        ['DELETE', '/cart', 'deleteCart'],
        ['POST', '/cart/items', 'addCartItems'],
        ['PUT', '/cart/items/:itemId', 'updateCartItem'],
        ['DELETE', '/cart/items/:itemId', 'removeCartItem'],
        ['POST', '/cart/redirect-urls', 'cartRedirectUrls'],
        ['POST', '/cart/recover', 'recoverCart'],
        ['POST', '/customers/register', 'register'],
        ['POST', '/customers/login', 'login'],
        ['POST', '/customers/logout', 'logout'],
        ['GET', '/customers/me', 'me'],
        ['POST', '/customers/login-url', 'loginUrl'],
        ['GET', '/checkout', 'checkout'],
        ['POST', '/checkout/billing-address', 'setBillingAddress'],
        ['POST', '/checkout/consignments', 'addConsignment'],
        ['PUT', '/checkout/consignments/:consignmentId', 'selectShippingOption'],
        ['POST', '/checkout/coupons', 'addCoupon'],
        ['POST', '/checkout/orders', 'createOrder'],
        ['POST', '/checkout/payment-token', 'paymentToken'],
        ['GET', '/orders', 'orders'],
        ['GET', '/orders/:id', 'order'],
        ['GET', '/wishlists', 'wishlists'],
        ['POST', '/wishlists', 'createWishlist'],
        ['DELETE', '/wishlists/:id', 'deleteWishlist'],
        ['POST', '/wishlists/:id/items', 'addWishlistItems'],
        ['DELETE', '/wishlists/:id/items/:itemId', 'removeWishlistItem'],
      ] as const satisfies ReadonlyArray<readonly [string, string, StorefrontAction]>
    ).map(([method, path, action]) => ({ method, path, handler: `storefront.${action}` satisfies Handler })),
    // BigCommerce's webhook callback: no user, but the secret header it was registered with.
    {
      method: 'POST',
      path: '/webhooks',
      handler: 'webhooks.receive',
      config: { auth: false, policies: ['plugin::bigcommerce.verify-webhook'] },
    },
  ],
};
