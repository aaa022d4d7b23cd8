// Carts v3 (server-to-server), Checkouts v3 and Abandoned Carts v3. A cart id is also its
// checkout id. Status codes follow each operation of the specs: creates and PUT /carts answer
// 201, line-item updates 200, deleting the last item 204, checkout calls 200.
import type { FastifyRequest } from 'fastify';
import { SCOPES } from '../auth';
import { list, queryOf, single, type Json } from '../http';
import type { SandboxStore } from '../store';
import type { PricedItem } from '../store/carts';
import type { Cart, CheckoutAddress, Consignment } from '../types';
import type { RouteDef, RouteEnv } from './types';

const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name];
const includes = (req: FastifyRequest): string[] => list(queryOf(req), 'include') ?? [];

function itemJson(p: PricedItem, withOptions: boolean): Json {
  const out: Json = {
    id: p.item.id,
    variant_id: p.variant.id,
    product_id: p.core.id,
    sku: p.sku,
    name: p.name,
    url: p.url,
    quantity: p.item.quantity,
    taxable: true,
    image_url: p.image_url,
    discounts: [],
    coupons: [],
    discount_amount: p.coupon_amount,
    coupon_amount: p.coupon_amount,
    original_price: p.original_price,
    list_price: p.list_price,
    sale_price: p.sale_price,
    extended_list_price: p.extended_list_price,
    extended_sale_price: p.extended_sale_price,
    is_require_shipping: p.item.kind === 'physical',
    is_mutable: true,
    added_by_promotion: false,
  };
  if (withOptions) out.options = p.options;
  return out;
}

/** Cart_Full; `redirect_urls` is added by include=redirect_urls although the schema lacks it. */
export function cartJson(store: SandboxStore, cart: Cart, include: string[] = []): Json {
  const priced = store.carts.price(cart);
  const out: Json = {
    id: cart.id,
    customer_id: cart.customer_id,
    channel_id: cart.channel_id,
    email: cart.email,
    currency: { code: cart.currency },
    tax_included: false,
    base_amount: priced.base_amount,
    discount_amount: 0,
    manual_discount_amount: 0,
    cart_amount: priced.cart_amount,
    coupons: priced.coupons.map(({ coupon, amount }) => ({
      code: coupon.code,
      id: String(coupon.id),
      coupon_type: coupon.type === 'percentage_discount' ? '1' : '2',
      discounted_amount: amount,
      display_name: coupon.name,
    })),
    discounts: priced.coupons.length ? [{ id: 'coupon', discounted_amount: priced.coupon_total }] : [],
    line_items: {
      physical_items: priced.physical.map((p) => itemJson(p, include.includes('line_items.physical_items.options'))),
      digital_items: priced.digital.map((p) => itemJson(p, include.includes('line_items.digital_items.options'))),
      gift_certificates: priced.gifts.map((g) => ({
        id: g.id,
        name: g.name,
        theme: g.theme,
        amount: g.amount,
        quantity: g.quantity,
        taxable: false,
        sender: g.sender,
        recipient: g.recipient,
        message: g.message,
      })),
      custom_items: priced.custom.map((c) => ({
        id: c.id,
        sku: c.sku,
        name: c.name,
        quantity: c.quantity,
        list_price: c.list_price,
        extended_list_price: Math.round(c.list_price * c.quantity * 100) / 100,
        ...(c.image_url ? { image_url: c.image_url } : {}),
      })),
    },
    created_time: cart.created_time,
    updated_time: cart.updated_time,
    locale: cart.locale,
    version: cart.version,
  };
  if (include.includes('promotions.banners')) out.promotions = { banners: [] };
  if (include.includes('redirect_urls')) out.redirect_urls = store.carts.redirectUrls(cart);
  return out;
}

/** An empty phone is left out: the spec's phone pattern admits no empty string. */
const addressJson = ({ phone, ...rest }: CheckoutAddress): Json => (phone ? { ...rest, phone } : rest);

function checkoutItemJson(p: PricedItem): Json {
  return {
    id: p.item.id,
    parent_id: null,
    variant_id: p.variant.id,
    product_id: p.core.id,
    sku: p.sku,
    name: p.name,
    url: p.url,
    quantity: p.item.quantity,
    is_taxable: true,
    image_url: p.image_url,
    discounts: [],
    discount_amount: p.coupon_amount,
    coupon_amount: p.coupon_amount,
    original_price: p.original_price,
    list_price: p.list_price,
    sale_price: p.sale_price,
    extended_list_price: p.extended_list_price,
    extended_sale_price: p.extended_sale_price,
    comparison_price: p.list_price,
    extended_comparison_price: p.extended_list_price,
    is_require_shipping: p.item.kind === 'physical',
    is_mutable: true,
    added_by_promotion: false,
  };
}

/** Checkout object; available shipping options only with include=consignments.available_shipping_options. */
export function checkoutJson(store: SandboxStore, cart: Cart, include: string[] = []): Json {
  const { priced, shipping, grand_total } = store.checkouts.totals(cart);
  const withOptions = include.includes('consignments.available_shipping_options');
  const consignment = (c: Consignment): Json => {
    const selected = store.checkouts.selectedOption(cart, c);
    const out: Json = {
      id: c.id,
      address: addressJson(c.address),
      line_item_ids: [...new Set(c.line_items.map((l) => l.item_id))],
      coupon_discounts: [],
      discounts: [],
      shipping_cost_inc_tax: selected?.cost ?? 0,
      shipping_cost_ex_tax: selected?.cost ?? 0,
      handling_cost_inc_tax: 0,
      handling_cost_ex_tax: 0,
    };
    if (withOptions) out.available_shipping_options = store.checkouts.shippingOptions(cart, c);
    if (selected) out.selected_shipping_option = selected;
    return out;
  };
  const out: Json = {
    id: cart.id,
    cart: {
      id: cart.id,
      customer_id: cart.customer_id,
      email: cart.email,
      currency: { code: cart.currency },
      tax_included: false,
      base_amount: priced.base_amount,
      channel_id: cart.channel_id,
      discount_amount: 0,
      cart_amount_inc_tax: priced.cart_amount,
      cart_amount_ex_tax: priced.cart_amount,
      coupons: priced.coupons.map(({ coupon, amount }) => ({
        code: coupon.code,
        id: coupon.id,
        coupon_type: coupon.type,
        discounted_amount: amount,
        display_name: coupon.name,
      })),
      discounts: priced.coupons.length ? [{ id: 'coupon', discounted_amount: priced.coupon_total }] : [],
      line_items: {
        physical_items: priced.physical.map(checkoutItemJson),
        digital_items: priced.digital.map(checkoutItemJson),
        gift_certificates: priced.gifts.map((g) => ({
          id: g.id,
          name: g.name,
          theme: g.theme,
          amount: g.amount,
          taxable: false,
          sender: g.sender,
          recipient: g.recipient,
          message: g.message,
        })),
        custom_items: priced.custom.map((c) => ({
          id: c.id,
          sku: c.sku,
          name: c.name,
          quantity: c.quantity,
          list_price: c.list_price,
          extended_list_price: Math.round(c.list_price * c.quantity * 100) / 100,
          ...(c.image_url ? { image_url: c.image_url } : {}),
        })),
      },
      created_time: cart.created_time,
      updated_time: cart.updated_time,
    },
    consignments: cart.consignments.map(consignment),
    taxes: [],
    coupons: priced.coupons.map(({ coupon, amount }) => ({
      code: coupon.code,
      id: coupon.id,
      coupon_type: coupon.type,
      display_name: coupon.name,
      discounted_amount: amount,
    })),
    fees: [],
    order_id: cart.order_id === null ? null : String(cart.order_id),
    shipping_cost_total_inc_tax: shipping,
    shipping_cost_total_ex_tax: shipping,
    handling_cost_total_inc_tax: 0,
    handling_cost_total_ex_tax: 0,
    tax_total: 0,
    subtotal_inc_tax: priced.base_amount,
    subtotal_ex_tax: priced.base_amount,
    grand_total,
    created_time: cart.created_time,
    updated_time: cart.updated_time,
    customer_message: cart.customer_message,
    promotions: [],
    version: cart.version,
  };
  if (cart.billing_address) out.billing_address = addressJson(cart.billing_address);
  return out;
}

export function cartRoutes({ store }: RouteEnv): RouteDef[] {
  const carts = SCOPES.carts;
  const cartOut = (req: FastifyRequest, cart: Cart): Json => single(cartJson(store, cart, includes(req)));
  return [
    {
      method: 'POST',
      url: '/carts',
      scope: carts,
      handler: (req, reply) => reply.code(201).send(cartOut(req, store.carts.createCart(req.body))),
    },
    {
      method: 'GET',
      url: '/carts/:cartId',
      scope: carts,
      handler: (req) => cartOut(req, store.carts.cart(param(req, 'cartId'))),
    },
    {
      method: 'PUT',
      url: '/carts/:cartId',
      scope: carts,
      // updateCart declares 201, not 200.
      handler: (req, reply) => reply.code(201).send(cartOut(req, store.carts.updateCart(param(req, 'cartId'), req.body))),
    },
    {
      method: 'DELETE',
      url: '/carts/:cartId',
      scope: carts,
      handler: (req, reply) => {
        store.carts.deleteCart(param(req, 'cartId'));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST',
      url: '/carts/:cartId/items',
      scope: carts,
      handler: (req, reply) => reply.code(201).send(cartOut(req, store.carts.addCartItems(param(req, 'cartId'), req.body))),
    },
    {
      method: 'PUT',
      url: '/carts/:cartId/items/:itemId',
      scope: carts,
      handler: (req) => cartOut(req, store.carts.updateCartItem(param(req, 'cartId'), param(req, 'itemId'), req.body)),
    },
    {
      method: 'DELETE',
      url: '/carts/:cartId/items/:itemId',
      scope: carts,
      handler: (req, reply) => {
        const cart = store.carts.deleteCartItem(param(req, 'cartId'), param(req, 'itemId'), req.body);
        return cart ? reply.send(cartOut(req, cart)) : reply.code(204).send();
      },
    },
    {
      method: 'POST',
      url: '/carts/:cartId/redirect_urls',
      scope: carts,
      handler: (req, reply) => {
        const cart = store.carts.cart(param(req, 'cartId'));
        const body = (req.body ?? {}) as Json;
        return reply.code(201).send(single(store.carts.redirectUrls(cart, body.query_params)));
      },
    },
  ];
}

export function checkoutRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.checkouts;
  const out = (req: FastifyRequest, cart: Cart): Json => single(checkoutJson(store, cart, includes(req)));
  const id = (req: FastifyRequest): string => param(req, 'checkoutId');
  return [
    { method: 'GET', url: '/checkouts/:checkoutId', scope, handler: (req) => out(req, store.carts.cart(id(req))) },
    { method: 'PUT', url: '/checkouts/:checkoutId', scope, handler: (req) => out(req, store.checkouts.setCustomerMessage(id(req), req.body)) },
    { method: 'POST', url: '/checkouts/:checkoutId/billing-address', scope, handler: (req) => out(req, store.checkouts.setBillingAddress(id(req), req.body)) },
    {
      method: 'PUT',
      url: '/checkouts/:checkoutId/billing-address/:addressId',
      scope,
      handler: (req) => out(req, store.checkouts.setBillingAddress(id(req), req.body, param(req, 'addressId'))),
    },
    { method: 'POST', url: '/checkouts/:checkoutId/consignments', scope, handler: (req) => out(req, store.checkouts.addConsignments(id(req), req.body)) },
    {
      method: 'PUT',
      url: '/checkouts/:checkoutId/consignments/:consignmentId',
      scope,
      handler: (req) => out(req, store.checkouts.updateConsignment(id(req), param(req, 'consignmentId'), req.body)),
    },
    {
      method: 'DELETE',
      url: '/checkouts/:checkoutId/consignments/:consignmentId',
      scope,
      handler: (req) => out(req, store.checkouts.deleteConsignment(id(req), param(req, 'consignmentId'), req.body)),
    },
    { method: 'POST', url: '/checkouts/:checkoutId/coupons', scope, handler: (req) => out(req, store.checkouts.applyCoupon(id(req), req.body)) },
    {
      method: 'DELETE',
      url: '/checkouts/:checkoutId/coupons/:couponCode',
      scope,
      handler: (req) => out(req, store.checkouts.removeCoupon(id(req), param(req, 'couponCode'), req.body)),
    },
    {
      method: 'POST',
      url: '/checkouts/:checkoutId/orders',
      scope,
      handler: (req) => single({ id: store.orders.createOrder(id(req), req.ip).id }),
    },
  ];
}

export function abandonedCartRoutes({ store }: RouteEnv): RouteDef[] {
  return [
    {
      method: 'GET',
      url: '/abandoned-carts/:token',
      scope: SCOPES.information,
      handler: (req) => single({ cart_id: store.carts.abandonedCartId(param(req, 'token')) }),
    },
  ];
}
