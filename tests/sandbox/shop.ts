// The storefront side of the sandbox store as tests know it (`sb.shop`): one flat object over the
// resource modules of ./store (customers, carts, checkouts, orders, payments, wishlists, tokens, logins).
import type { SandboxStore } from './store';
import type { CartStore } from './store/carts';
import type { CheckoutStore } from './store/checkouts';
import type { LoginStore } from './store/logins';
import type { OrderStore } from './store/orders';
import type { StorefrontTokenStore } from './store/storefront-tokens';
import type { WishlistStore } from './store/wishlists';

export { DECLINED_CARDS, PAYMENT_METHOD_ID } from './store/payments';

export class ShopState {
  constructor(readonly store: SandboxStore) {}

  get customers(): SandboxStore['customers'] {
    return this.store.customers;
  }
  get carts(): CartStore['carts'] {
    return this.store.carts.carts;
  }
  get orders(): OrderStore['orders'] {
    return this.store.orders.orders;
  }
  get wishlists(): WishlistStore['wishlists'] {
    return this.store.wishlists.wishlists;
  }
  get storefrontTokens(): StorefrontTokenStore['storefrontTokens'] {
    return this.store.storefrontTokens.storefrontTokens;
  }
  get sessions(): LoginStore['sessions'] {
    return this.store.logins.sessions;
  }
  get logins(): LoginStore['logins'] {
    return this.store.logins.logins;
  }

  readonly cart: CartStore['cart'] = (...a) => this.store.carts.cart(...a);
  readonly createCart: CartStore['createCart'] = (...a) => this.store.carts.createCart(...a);
  readonly abandonCart: CartStore['abandonCart'] = (...a) => this.store.carts.abandonCart(...a);
  readonly price: CartStore['price'] = (...a) => this.store.carts.price(...a);
  readonly setBillingAddress: CheckoutStore['setBillingAddress'] = (...a) => this.store.checkouts.setBillingAddress(...a);
  readonly verifyStorefrontToken: StorefrontTokenStore['verifyStorefrontToken'] = (...a) => this.store.storefrontTokens.verifyStorefrontToken(...a);
}
