import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { z } from 'zod';

import { signCustomerLoginToken, type Address, type BigCommerceClient, type Cart, type CartLineItemInput } from '../bigcommerce';
import type { PluginConfig } from '../config/schema';
import { isBigCommerceApiError } from '../bigcommerce/errors';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import type { createCartSchema, registerSchema } from '../validation/storefront';
import type { CartHandle } from './session';
import { ORDER_HEADER, type Shopper } from './shopper';

/** Validated cart input; zod's inference loosens option_value, which the schema does require. */
type CartInput = Omit<z.infer<typeof createCartSchema>, 'line_items'> & { line_items?: CartLineItemInput[] };

export interface CartResult {
  cart: Cart | null;
  /** A new cart handle to hand to the shopper (cookie / header), when it changed. */
  cartToken?: string | null;
}

/** A 429 in Strapi's envelope; the wait (seconds) is in details.retryAfter, for the Retry-After header. */
const throttled = (wait: number | null, what: string): void => {
  if (wait !== null) throw new errors.RateLimitError(`${what}: try again in ${wait} s`, { retryAfter: wait });
};

/**
 * What a shopper can do through Strapi: carts, account, checkout, orders and wishlists. The
 * customer id always comes from the plugin's signed session, never from a request body; a cart,
 * an order or a wishlist is reachable only by its owner.
 */
const storefront = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const client = () => getService(strapi, 'client').get();
  const channelId = async () => (await getService(strapi, 'settings').getConnection()).channelIds[0];

  const ownCart = (shopper: Shopper): CartHandle => {
    if (!shopper.cart) throw new errors.NotFoundError('There is no cart: create one first');
    if (shopper.cart.ownerId && shopper.cart.ownerId !== shopper.customer?.customerId) {
      throw new errors.ForbiddenError('This cart belongs to a signed-in customer: sign in to use it');
    }
    return shopper.cart;
  };

  const requireCustomer = (shopper: Shopper) => {
    if (!shopper.customer) throw new errors.UnauthorizedError('Sign in first');
    return shopper.customer;
  };

  /** Products must be sold on this channel, visible, and the variant must be theirs. */
  const checkItems = async (items: CartLineItemInput[] | undefined) => {
    if (!items?.length) return;
    const known = await getService(strapi, 'catalog-read').sellableVariants(
      items.map((item) => item.product_id),
      await channelId()
    );
    items.forEach((item, index) => {
      const variants = known.get(item.product_id);
      if (!variants) throw new errors.ValidationError(`line_items.${index}.product_id ${item.product_id} is not a product of this store`);
      if (item.variant_id !== undefined && !variants.has(item.variant_id)) {
        throw new errors.ValidationError(`line_items.${index}.variant_id ${item.variant_id} is not a variant of product ${item.product_id}`);
      }
    });
  };

  const checkCustomItems = (input: CartInput) => {
    if (input.custom_items?.length && !config().allowCustomItems) {
      throw new errors.ValidationError('customItems are not allowed on this store (plugin config allowCustomItems)');
    }
  };

  /**
   * The cart as BigCommerce has it, if it is still this owner's. Redirect URLs only when the answer is
   * shown: BigCommerce mints new single-use URLs for every request that includes them.
   */
  const fetchCart = async (bc: BigCommerceClient, handle: CartHandle, options: { redirectUrls?: boolean } = {}): Promise<Cart | null> => {
    const cart = await bc.carts.get(handle.cartId, options);
    if (cart && cart.customer_id !== handle.ownerId) throw new errors.ForbiddenError('This cart belongs to another customer');
    return cart;
  };

  return {
    async createCart(shopper: Shopper, input: CartInput): Promise<CartResult> {
      checkCustomItems(input);
      await checkItems(input.line_items);
      const owner = shopper.customer?.customerId ?? 0;
      const bc = await client();
      const cart = await bc.carts.create(
        { customer_id: owner, channel_id: await channelId(), line_items: input.line_items, custom_items: input.custom_items },
        { redirectUrls: true }
      );
      return { cart, cartToken: await getService(strapi, 'session').signCart({ cartId: cart.id, ownerId: owner }) };
    },

    async getCart(shopper: Shopper): Promise<CartResult> {
      const handle = ownCart(shopper);
      const cart = await fetchCart(await client(), handle, { redirectUrls: true });
      return cart ? { cart } : { cart: null, cartToken: null };
    },

    async addItems(shopper: Shopper, input: CartInput): Promise<CartResult> {
      const handle = ownCart(shopper);
      checkCustomItems(input);
      const bc = await client();
      // Both must pass before the write; neither waits for the other.
      await Promise.all([checkItems(input.line_items), fetchCart(bc, handle)]);
      return { cart: await bc.carts.addItems(handle.cartId, input, { redirectUrls: true }) };
    },

    async updateItem(shopper: Shopper, itemId: string, quantity: number): Promise<CartResult> {
      const handle = ownCart(shopper);
      const bc = await client();
      const cart = await fetchCart(bc, handle);
      const item = cart?.line_items.physical_items.concat(cart.line_items.digital_items).find((candidate) => candidate.id === itemId);
      if (!cart || !item) throw new errors.NotFoundError(`Item ${itemId} is not in the cart`);
      return {
        cart: await bc.carts.updateItem(handle.cartId, itemId, { product_id: item.product_id, variant_id: item.variant_id, quantity }, { redirectUrls: true }),
      };
    },

    async removeItem(shopper: Shopper, itemId: string): Promise<CartResult> {
      const handle = ownCart(shopper);
      const bc = await client();
      const cart = await fetchCart(bc, handle);
      const known =
        cart && [...cart.line_items.physical_items, ...cart.line_items.digital_items, ...cart.line_items.custom_items].some((item) => item.id === itemId);
      if (!known) throw new errors.NotFoundError(`Item ${itemId} is not in the cart`);
      const left = await bc.carts.removeItem(handle.cartId, itemId, { redirectUrls: true });
      return left ? { cart: left } : { cart: null, cartToken: null };
    },

    async deleteCart(shopper: Shopper): Promise<CartResult> {
      const handle = ownCart(shopper);
      const bc = await client();
      if (await fetchCart(bc, handle)) await bc.carts.remove(handle.cartId);
      return { cart: null, cartToken: null };
    },

    /** Fresh single-use URLs to the cart, checkout and embedded checkout. */
    async redirectUrls(shopper: Shopper) {
      const handle = ownCart(shopper);
      const bc = await client();
      if (!(await fetchCart(bc, handle))) throw new errors.NotFoundError('The cart no longer exists');
      return bc.carts.redirectUrls(handle.cartId);
    },

    /** An abandoned-cart email's token → the cart, handed to this shopper. */
    async recoverCart(shopper: Shopper, token: string): Promise<CartResult> {
      const bc = await client();
      const cartId = await bc.abandonedCarts.cartId(token);
      if (!cartId) throw new errors.NotFoundError('This recovery link is unknown or has expired');
      const cart = await bc.carts.get(cartId, { redirectUrls: true });
      if (!cart) throw new errors.NotFoundError('The cart of this recovery link no longer exists');
      if (cart.customer_id && cart.customer_id !== shopper.customer?.customerId) {
        throw new errors.ForbiddenError('This cart belongs to a customer: sign in to recover it');
      }
      return { cart, cartToken: await getService(strapi, 'session').signCart({ cartId, ownerId: cart.customer_id }) };
    },

    /**
     * Creates the customer at BigCommerce. The answer is the same whether the address was free or already
     * had an account (BigCommerce refuses the second with a 422 on `email`): registration must not tell a
     * stranger who shops here. The owner of a taken address simply signs in (or resets the password).
     */
    async register(input: z.infer<typeof registerSchema>, ip: string) {
      await throttled(await getService(strapi, 'throttle').register(ip), 'Too many registrations from this address');
      const bc = await client();
      const { password, ...profile } = input;
      try {
        // The password goes to BigCommerce only; Strapi never stores or logs it.
        await bc.customers.create({ ...profile, authentication: { new_password: password } });
      } catch (error) {
        const emailTaken = isBigCommerceApiError(error) && error.status === 422 && Object.keys(error.errors ?? {}).some((key) => /(^|\.)email$/.test(key));
        if (!emailTaken) throw error;
      }
      return { email: profile.email, firstName: profile.first_name, lastName: profile.last_name };
    },

    /** Throws a 429 when this address was tried too often from this client (or in all), else counts the try. */
    async loginThrottle(ip: string, email: string): Promise<void> {
      await throttled(await getService(strapi, 'throttle').login(ip, email), 'Too many sign-in attempts');
    },

    /** Checks the password with BigCommerce, then issues our own session; a guest cart follows the shopper. */
    async login(shopper: Shopper, email: string, password: string, ip: string) {
      const bc = await client();
      const channel = await channelId();
      const check = await bc.customers.validateCredentials({ email, password, channel_id: channel });
      if (!check.is_valid || !check.customer_id) throw new errors.UnauthorizedError('Wrong email or password');
      await getService(strapi, 'throttle').loginSucceeded(ip, email);
      const customerId = check.customer_id;
      const session = getService(strapi, 'session');
      const token = await session.signCustomer({ customerId, channelId: channel, email });
      let cartToken: string | undefined;
      if (shopper.cart && shopper.cart.ownerId === 0) {
        const cart = await bc.carts.get(shopper.cart!.cartId);
        if (cart && cart.customer_id === 0) {
          await bc.carts.setCustomer(cart.id, customerId);
          cartToken = await session.signCart({ cartId: cart.id, ownerId: customerId });
        }
      }
      return { customer: { id: customerId, email }, token, cartToken };
    },

    /** Ends the shopper's session on every node (not just the cookie in this browser). */
    async logout(shopper: Shopper): Promise<void> {
      if (shopper.customer) await getService(strapi, 'session').revokeSession(shopper.customer);
    },

    /** Ends every session of a customer (admin action; a password-change flow calls it too). */
    async revokeCustomerSessions(customerId: number): Promise<void> {
      await getService(strapi, 'session').revokeCustomerSessions(customerId);
    },

    async me(shopper: Shopper) {
      const { customerId } = requireCustomer(shopper);
      const customer = await (await client()).customers.get(customerId);
      if (!customer) throw new errors.UnauthorizedError('The account no longer exists');
      const { id, email, first_name, last_name, company, phone } = customer;
      return { id, email, firstName: first_name, lastName: last_name, company, phone };
    },

    /**
     * A Customer Login JWT URL that lands the signed-in shopper, logged in, on the storefront's account
     * page, cart, checkout or embedded checkout (customer-login.mdx).
     */
    async loginUrl(shopper: Shopper, redirect: 'account' | 'cart' | 'checkout' | 'embedded_checkout', requestIp: string) {
      const { customerId, channelId: channel } = requireCustomer(shopper);
      const settings = await getService(strapi, 'settings').getConnection();
      if (!settings.clientId || !settings.clientSecret) {
        throw new errors.ApplicationError('Customer login needs the API account client id and client secret in the plugin settings');
      }
      const bc = await client();
      let redirectTo = '/account.php';
      if (redirect !== 'account') {
        const urls = await this.redirectUrls(shopper);
        redirectTo = redirect === 'cart' ? urls.cart_url : redirect === 'checkout' ? urls.checkout_url : urls.embedded_checkout_url;
      }
      const [site, now] = await Promise.all([bc.channels.getSite(channel), bc.store.time().catch(() => Math.floor(Date.now() / 1000))]);
      const origin = (site?.url ?? (await bc.store.information()).secure_url).replace(/\/+$/, '');
      const jwt = await signCustomerLoginToken(
        { customerId, channelId: channel, redirectTo, requestIp },
        { clientId: settings.clientId, clientSecret: settings.clientSecret, storeHash: settings.storeHash, now }
      );
      return { url: `${origin}/login/token/${jwt}`, expiresInSeconds: 30 };
    },

    async checkout(shopper: Shopper) {
      const handle = ownCart(shopper);
      return (await client()).checkouts.get(handle.cartId);
    },

    async setBillingAddress(shopper: Shopper, address: Address) {
      const handle = ownCart(shopper);
      const bc = await client();
      const current = await bc.checkouts.get(handle.cartId);
      return current.billing_address?.id
        ? bc.checkouts.updateBillingAddress(handle.cartId, current.billing_address!.id, address)
        : bc.checkouts.setBillingAddress(handle.cartId, address);
    },

    /**
     * Ships every physical item to the address, answered with the shipping options. Sent again, it moves
     * the one consignment to the new address (a changed mind at checkout), rather than failing on items
     * already assigned.
     */
    async addConsignment(shopper: Shopper, address: Address) {
      const handle = ownCart(shopper);
      const bc = await client();
      const checkout = await bc.checkouts.get(handle.cartId);
      const items = checkout.cart.line_items.physical_items.map((item) => ({ item_id: item.id, quantity: item.quantity }));
      if (!items.length) throw new errors.ValidationError('The cart has no physical items to ship');
      // BigCommerce wants an email on the shipping address too: the billing one will do.
      const email = address.email ?? checkout.billing_address?.email;
      if (!email) throw new errors.ValidationError('address.email is required (or set the billing address first)');
      const [first, ...others] = checkout.consignments;
      if (!first) return bc.checkouts.addConsignments(handle.cartId, [{ address: { ...address, email }, line_items: items }]);
      for (const other of others) await bc.checkouts.deleteConsignment(handle.cartId, other.id);
      return bc.checkouts.updateConsignment(handle.cartId, first.id, { address: { ...address, email }, line_items: items });
    },

    /** A new shipping address for one consignment; the shopper then picks a shipping option again. */
    async updateConsignment(shopper: Shopper, consignmentId: string, address: Address) {
      const handle = ownCart(shopper);
      const bc = await client();
      const checkout = await bc.checkouts.get(handle.cartId);
      const consignment = checkout.consignments.find((candidate) => candidate.id === consignmentId);
      if (!consignment) throw new errors.NotFoundError(`Consignment ${consignmentId} not found`);
      const email = address.email ?? consignment.address.email ?? checkout.billing_address?.email;
      if (!email) throw new errors.ValidationError('address.email is required (or set the billing address first)');
      return bc.checkouts.updateConsignment(handle.cartId, consignmentId, { address: { ...address, email } });
    },

    async deleteConsignment(shopper: Shopper, consignmentId: string) {
      const handle = ownCart(shopper);
      const bc = await client();
      const checkout = await bc.checkouts.get(handle.cartId);
      if (!checkout.consignments.some((candidate) => candidate.id === consignmentId)) throw new errors.NotFoundError(`Consignment ${consignmentId} not found`);
      return bc.checkouts.deleteConsignment(handle.cartId, consignmentId);
    },

    async selectShippingOption(shopper: Shopper, consignmentId: string, shippingOptionId: string) {
      const handle = ownCart(shopper);
      return (await client()).checkouts.selectShippingOption(handle.cartId, consignmentId, shippingOptionId);
    },

    async addCoupon(shopper: Shopper, code: string) {
      const handle = ownCart(shopper);
      return (await client()).checkouts.addCoupon(handle.cartId, code);
    },

    /** Creates the order (Incomplete until paid); the order is bound to this shopper's token. */
    async createOrder(shopper: Shopper) {
      const handle = ownCart(shopper);
      const { id } = await (await client()).checkouts.createOrder(handle.cartId);
      return { orderId: id, orderToken: await getService(strapi, 'session').signCart({ cartId: `order:${id}`, ownerId: handle.ownerId }) };
    },

    /**
     * A payment access token for the shopper's own order. The browser posts the card to BigCommerce's
     * payments endpoint with it; no route of ours ever accepts card data.
     */
    async paymentToken(shopper: Shopper, orderId: number, orderToken: string | undefined) {
      if (!orderToken)
        throw new errors.ValidationError(
          `The order token is missing: send the orderToken from creating the order as orderToken or in the ${ORDER_HEADER} header`
        );
      const bound = await getService(strapi, 'session').verifyCart(orderToken);
      const owner = shopper.customer?.customerId ?? 0;
      if (!bound || bound.cartId !== `order:${orderId}` || bound.ownerId !== owner) throw new errors.NotFoundError(`Order ${orderId} not found`);
      const bc = await client();
      const [token, methods] = await Promise.all([bc.payments.createAccessToken(orderId), bc.payments.methods(orderId)]);
      return { paymentAccessToken: token, paymentsUrl: bc.payments.url, methods };
    },

    /** The customer's orders, a page at a time, with Strapi's pagination (the count is BigCommerce's, per status). */
    async orders(shopper: Shopper, { page, pageSize, status }: { page: number; pageSize: number; status?: number }) {
      const { customerId } = requireCustomer(shopper);
      const bc = await client();
      const [results, total] = await Promise.all([
        bc.orders.listForCustomer(customerId, { page, limit: pageSize, statusId: status }),
        bc.orders.countForCustomer(customerId, status),
      ]);
      return { results, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    async order(shopper: Shopper, orderId: number) {
      const { customerId } = requireCustomer(shopper);
      const bc = await client();
      const order = await bc.orders.get(orderId);
      // Someone else's order is simply not found: its existence is not ours to reveal.
      if (!order || order.customer_id !== customerId) throw new errors.NotFoundError(`Order ${orderId} not found`);
      return { ...order, products: await bc.orders.products(orderId) };
    },

    async wishlists(shopper: Shopper) {
      const { customerId } = requireCustomer(shopper);
      return (await client()).wishlists.listForCustomer(customerId);
    },

    async createWishlist(shopper: Shopper, input: { name: string; is_public?: boolean }) {
      const { customerId } = requireCustomer(shopper);
      return (await client()).wishlists.create({ ...input, customer_id: customerId });
    },

    async ownWishlist(shopper: Shopper, id: number) {
      const { customerId } = requireCustomer(shopper);
      const wishlist = await (await client()).wishlists.get(id);
      if (!wishlist || wishlist.customer_id !== customerId) throw new errors.NotFoundError(`Wishlist ${id} not found`);
      return wishlist;
    },

    async addWishlistItems(shopper: Shopper, id: number, items: { product_id: number; variant_id?: number }[]) {
      await this.ownWishlist(shopper, id);
      await checkItems(items.map((item) => ({ ...item, quantity: 1 })));
      return (await client()).wishlists.addItems(id, items);
    },

    async removeWishlistItem(shopper: Shopper, id: number, itemId: number) {
      const wishlist = await this.ownWishlist(shopper, id);
      if (!wishlist.items.some((item) => item.id === itemId)) throw new errors.NotFoundError(`Item ${itemId} is not in wishlist ${id}`);
      return (await client()).wishlists.removeItem(id, itemId);
    },

    async deleteWishlist(shopper: Shopper, id: number) {
      await this.ownWishlist(shopper, id);
      await (await client()).wishlists.remove(id);
    },
  };
};

export default storefront;
export type StorefrontService = ReturnType<typeof storefront>;
