// Carts: line items priced from the live catalog, custom items and gift certificates, redirect
// URLs, coupons (applied by checkouts) and abandoned-cart recovery tokens.
import { randomBytes, randomUUID } from 'node:crypto';
import { conflict, invalid, notFound } from '../errors';
import { bcDate } from '../generator';
import type { Cart, CartCustomItem, CartGiftCertificate, CartLineItem, Coupon, OptionSelection, ProductCore, Variant } from '../types';
import { isHttpUrl, obj, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

const DAY = 86_400_000;
/** Carts (and their redirect URLs) live 30 days from the last change. */
export const CART_TTL_MS = 30 * DAY;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const cents = (n: number): number => Math.round(n * 100);
export const fromCents = (c: number): number => c / 100;

/** One priced line item of a cart, as both the Carts and the Checkouts APIs show it. */
export interface PricedItem {
  item: CartLineItem;
  core: ProductCore;
  variant: Variant;
  sku: string;
  name: string;
  url: string;
  image_url: string;
  original_price: number;
  list_price: number;
  sale_price: number;
  extended_list_price: number;
  extended_sale_price: number;
  coupon_amount: number;
  weight: number;
  options: Array<{ name: string; nameId: number; value: string; valueId: number }>;
}

export interface PricedCart {
  physical: PricedItem[];
  digital: PricedItem[];
  custom: CartCustomItem[];
  gifts: CartGiftCertificate[];
  base_amount: number;
  coupons: Array<{ coupon: Coupon; amount: number }>;
  coupon_total: number;
  cart_amount: number;
}

interface ResolvedItem {
  core: ProductCore;
  variant: Variant;
  quantity: number;
  list_price_override: number | null;
  name_override: string | null;
  option_selections: OptionSelection[];
}

export class CartStore {
  readonly carts = new Map<string, Cart>();
  /** Keyed by the upper-case code. */
  readonly coupons = new Map<string, Coupon>();
  /** Abandoned-cart recovery token -> cart id. */
  readonly abandoned = new Map<string, string>();

  constructor(private readonly store: SandboxStore) {
    for (const c of [
      { id: 1, code: 'SANDBOX10', name: '10% off the order', type: 'percentage_discount', amount: 10, min_purchase: 0, enabled: true },
      { id: 2, code: 'TAKE5', name: '$5 off orders over $20', type: 'per_total_discount', amount: 5, min_purchase: 20, enabled: true },
    ] as Coupon[]) {
      this.coupons.set(c.code, c);
    }
  }

  /** A live cart; an expired one is removed and answers 404 like an unknown one. */
  cart(id: string): Cart {
    const c = this.carts.get(id);
    if (!c) throw notFound('Cart', id);
    if (c.expires_at <= this.store.now()) {
      this.carts.delete(id);
      throw notFound('Cart', id);
    }
    return c;
  }

  checkVersion(cart: Cart, body: Json): void {
    if (body.version === undefined) return;
    if (body.version !== cart.version) {
      throw conflict(`The cart has changed (version ${cart.version}); reload it and retry.`, { version: `Expected version ${cart.version}.` });
    }
  }

  touch(cart: Cart): void {
    const t = this.store.now();
    cart.version++;
    cart.updated_time = bcDate(t);
    cart.expires_at = t + CART_TTL_MS;
  }

  /** Validates one catalog line item (cart_PostVariant or cart_PostModifier) for a channel. */
  private resolveItem(raw: unknown, at: string, channelId: number, errors: Record<string, string>): ResolvedItem | undefined {
    const li = obj(raw);
    const before = Object.keys(errors).length;
    if (!Number.isInteger(li.quantity) || (li.quantity as number) < 1) errors[`${at}.quantity`] = 'quantity must be an integer greater than 0.';
    if (li.list_price !== undefined && (typeof li.list_price !== 'number' || li.list_price < 0))
      errors[`${at}.list_price`] = 'list_price must be a number of 0 or more.';
    if (li.name !== undefined && typeof li.name !== 'string') errors[`${at}.name`] = 'name must be a string.';
    const core = Number.isInteger(li.product_id) ? this.store.catalog.products.get(li.product_id as number) : undefined;
    if (!core) {
      errors[`${at}.product_id`] = `Product ${String(li.product_id)} does not exist.`;
      return undefined;
    }
    const variants = this.store.catalog.variantsOf(core);
    const options = this.store.catalog.detailsOf(core).options;
    let variant: Variant | undefined;
    const selections: OptionSelection[] = [];
    if (li.variant_id !== undefined) {
      variant = variants.find((v) => v.id === li.variant_id);
      if (!variant) errors[`${at}.variant_id`] = `Variant ${String(li.variant_id)} does not belong to product ${core.id}.`;
    } else if (Array.isArray(li.option_selections) && li.option_selections.length) {
      const chosen = new Map<number, number>();
      for (const [k, s] of (li.option_selections as unknown[]).entries()) {
        const sel = obj(s);
        const opt = options.find((o) => o.id === sel.option_id);
        const value = opt?.option_values.find((v) => v.id === Number(sel.option_value));
        if (!opt || !value) {
          errors[`${at}.option_selections[${k}]`] =
            `Option ${String(sel.option_id)} with value ${String(sel.option_value)} does not exist on product ${core.id}.`;
          continue;
        }
        chosen.set(opt.id, value.id);
        selections.push({ option_id: opt.id, option_value: value.id, name: opt.display_name, value: value.label, nameId: opt.id, valueId: value.id });
      }
      if (chosen.size === options.length) variant = variants.find((v) => v.option_values.every((ov) => chosen.get(ov.option_id) === ov.id));
      if (!variant && Object.keys(errors).length === before)
        errors[`${at}.option_selections`] = 'The option selections do not identify a variant; every option needs a value.';
    } else if (variants.length === 1) {
      variant = variants[0];
    } else {
      errors[`${at}.variant_id`] = 'This product has options; variant ID is required.';
    }
    if (Object.keys(errors).length > before || !variant) return undefined;
    const details = this.store.catalog.detailsOf(core);
    if (!core.channels.includes(channelId)) errors[`${at}.product_id`] = `Product ${core.id} is not available on channel ${channelId}.`;
    else if (details.availability === 'disabled') errors[`${at}.product_id`] = `Product ${core.id} cannot be purchased.`;
    else if (variant.purchasing_disabled) errors[`${at}.variant_id`] = variant.purchasing_disabled_message || `Variant ${variant.id} cannot be purchased.`;
    const qty = li.quantity as number;
    if (details.order_quantity_minimum > 0 && qty < details.order_quantity_minimum)
      errors[`${at}.quantity`] = `The minimum purchasable quantity is ${details.order_quantity_minimum}.`;
    if (details.order_quantity_maximum > 0 && qty > details.order_quantity_maximum)
      errors[`${at}.quantity`] = `The maximum purchasable quantity is ${details.order_quantity_maximum}.`;
    if (Object.keys(errors).length > before) return undefined;
    if (!selections.length) {
      for (const ov of variant.option_values)
        selections.push({ option_id: ov.option_id, option_value: ov.id, name: ov.option_display_name, value: ov.label, nameId: ov.option_id, valueId: ov.id });
    }
    return {
      core,
      variant,
      quantity: qty,
      list_price_override: (li.list_price as number | undefined) ?? null,
      name_override: (li.name as string | undefined) ?? null,
      option_selections: selections,
    };
  }

  /** In-stock check of the quantity a cart would hold of each variant. */
  private checkStock(wanted: Map<number, { item: ResolvedItem; total: number; at: string }>, errors: Record<string, string>): void {
    for (const { item, total, at } of wanted.values()) {
      const tracking = item.core.inventory_tracking;
      const level = tracking === 'product' ? item.core.inventory_level : tracking === 'variant' ? item.variant.inventory_level : Infinity;
      if (total > level) errors[`${at}.quantity`] = `Only ${level} of ${item.core.name} ${level === 1 ? 'is' : 'are'} in stock.`;
    }
  }

  private checkCustomItem(raw: unknown, at: string, errors: Record<string, string>): void {
    const c = obj(raw);
    if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 250) errors[`${at}.name`] = 'name is required (1 to 250 characters).';
    if (c.sku !== undefined && typeof c.sku !== 'string') errors[`${at}.sku`] = 'sku must be a string.';
    if (!Number.isInteger(c.quantity) || (c.quantity as number) < 1) errors[`${at}.quantity`] = 'quantity must be an integer greater than 0.';
    if (typeof c.list_price !== 'number' || c.list_price < 0) errors[`${at}.list_price`] = 'list_price is required (a number of 0 or more).';
    if (c.image_url !== undefined && !isHttpUrl(c.image_url)) errors[`${at}.image_url`] = 'image_url must be an absolute URL.';
  }

  private checkGift(raw: unknown, at: string, errors: Record<string, string>): void {
    const g = obj(raw);
    if (typeof g.name !== 'string' || !g.name) errors[`${at}.name`] = 'name is required.';
    if (!['Birthday', 'Boy', 'Celebration', 'Christmas', 'General', 'Girl'].includes(g.theme as string))
      errors[`${at}.theme`] = 'theme must be one of Birthday, Boy, Celebration, Christmas, General, Girl.';
    if (typeof g.amount !== 'number' || g.amount < 1 || g.amount > 1000) errors[`${at}.amount`] = 'amount must be between 1 and 1000.';
    if (!Number.isInteger(g.quantity) || (g.quantity as number) < 1) errors[`${at}.quantity`] = 'quantity must be an integer greater than 0.';
    for (const who of ['sender', 'recipient']) {
      const p = obj(g[who]);
      if (typeof p.name !== 'string' || typeof p.email !== 'string' || !EMAIL.test(p.email)) errors[`${at}.${who}`] = `${who} needs a name and a valid email.`;
    }
  }

  /**
   * Validates and adds line items, custom items and gift certificates (all or nothing). Returns
   * the line-item events for the caller to fire after its own (cart created before its items).
   */
  private addItems(cart: Cart, body: Json, prefix = ''): Array<[string, { type: string; id: string } & Json]> {
    const errors: Record<string, string> = {};
    const lines = body.line_items;
    const customs = body.custom_items;
    const gifts = body.gift_certificates;
    for (const [k, v] of [
      ['line_items', lines],
      ['custom_items', customs],
      ['gift_certificates', gifts],
    ] as const) {
      if (v !== undefined && !Array.isArray(v)) errors[`${prefix}${k}`] = `${k} must be an array.`;
    }
    const count = (Array.isArray(lines) ? lines.length : 0) + (Array.isArray(customs) ? customs.length : 0) + (Array.isArray(gifts) ? gifts.length : 0);
    if (!Object.keys(errors).length && count === 0) throw invalid({ line_items: 'Missing line_items in request body.' }, 'Missing line_items in request body');
    const resolved: Array<{ r: ResolvedItem; at: string }> = [];
    if (Array.isArray(lines)) {
      lines.forEach((li, i) => {
        const at = `${prefix}line_items[${i}]`;
        const r = this.resolveItem(li, at, cart.channel_id, errors);
        if (r) resolved.push({ r, at });
      });
    }
    if (Array.isArray(customs)) customs.forEach((c, i) => this.checkCustomItem(c, `${prefix}custom_items[${i}]`, errors));
    if (Array.isArray(gifts)) gifts.forEach((g, i) => this.checkGift(g, `${prefix}gift_certificates[${i}]`, errors));
    // Stock covers what the cart already holds of the same variant plus everything requested.
    const wanted = new Map<number, { item: ResolvedItem; total: number; at: string }>();
    for (const { r, at } of resolved) {
      const held = cart.line_items.filter((x) => x.variant_id === r.variant.id).reduce((s, x) => s + x.quantity, 0);
      const w = wanted.get(r.variant.id) ?? { item: r, total: held, at };
      w.total += r.quantity;
      wanted.set(r.variant.id, w);
    }
    this.checkStock(wanted, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The cart items are not valid.');
    const events: Array<[string, { type: string; id: string } & Json]> = [];
    for (const { r } of resolved) {
      const same = cart.line_items.find(
        (x) => x.variant_id === r.variant.id && x.list_price_override === r.list_price_override && x.name_override === r.name_override
      );
      if (same) {
        same.quantity += r.quantity;
        events.push(['store/cart/lineItem/updated', { type: 'cart_line_item', id: same.id, cartId: cart.id }]);
        continue;
      }
      const item: CartLineItem = {
        id: randomUUID(),
        kind: r.core.type,
        product_id: r.core.id,
        variant_id: r.variant.id,
        quantity: r.quantity,
        list_price_override: r.list_price_override,
        name_override: r.name_override,
        option_selections: r.option_selections,
      };
      cart.line_items.push(item);
      events.push(['store/cart/lineItem/created', { type: 'cart_line_item', id: item.id, cartId: cart.id }]);
    }
    for (const c of (customs as Json[] | undefined) ?? []) {
      const item: CartCustomItem = {
        id: randomUUID(),
        sku: (c.sku as string | undefined) ?? '',
        name: c.name as string,
        quantity: c.quantity as number,
        list_price: c.list_price as number,
        image_url: (c.image_url as string | undefined) ?? '',
      };
      cart.custom_items.push(item);
      events.push(['store/cart/lineItem/created', { type: 'cart_line_item', id: item.id, cartId: cart.id }]);
    }
    for (const g of (gifts as Json[] | undefined) ?? []) {
      const s = obj(g.sender);
      const r = obj(g.recipient);
      cart.gift_certificates.push({
        id: randomUUID(),
        name: g.name as string,
        theme: g.theme as string,
        amount: g.amount as number,
        quantity: g.quantity as number,
        sender: { name: s.name as string, email: s.email as string },
        recipient: { name: r.name as string, email: r.email as string },
        message: typeof g.message === 'string' ? g.message : '',
      });
    }
    return events;
  }

  createCart(raw: unknown): Cart {
    const body = requireObject(raw);
    const errors: Record<string, string> = {};
    const channelId = body.channel_id === undefined ? 1 : body.channel_id;
    if (!Number.isInteger(channelId) || !this.store.channels.channels.has(channelId as number))
      errors.channel_id = `Channel ${String(channelId)} does not exist.`;
    const customerId = body.customer_id === undefined ? 0 : body.customer_id;
    if (!Number.isInteger(customerId) || ((customerId as number) !== 0 && !this.store.customers.customers.has(customerId as number))) {
      errors.customer_id = `Customer ${String(customerId)} does not exist.`;
    }
    const currency = body.currency === undefined ? 'USD' : obj(body.currency).code;
    if (typeof currency !== 'string' || currency.toUpperCase() !== 'USD') errors['currency.code'] = 'The currency is not enabled on this channel (USD only).';
    if (body.locale !== undefined && typeof body.locale !== 'string') errors.locale = 'locale must be a string.';
    if (Object.keys(errors).length) throw invalid(errors, 'The cart could not be created.');
    const t = this.store.now();
    const customer = (customerId as number) > 0 ? this.store.customers.customer(customerId as number) : undefined;
    const cart: Cart = {
      id: randomUUID(),
      customer_id: customerId as number,
      channel_id: channelId as number,
      email: customer?.email ?? '',
      currency: 'USD',
      locale: (body.locale as string | undefined) ?? 'en',
      line_items: [],
      custom_items: [],
      gift_certificates: [],
      coupon_codes: [],
      created_time: bcDate(t),
      updated_time: bcDate(t),
      version: 1,
      expires_at: t + CART_TTL_MS,
      redirect_tokens: new Map(),
      billing_address: null,
      consignments: [],
      customer_message: '',
      order_id: null,
      abandoned_token: null,
    };
    // Validate the items against the new (not yet stored) cart; nothing is kept on failure.
    const events = this.addItems(cart, body);
    this.carts.set(cart.id, cart);
    this.store.emit('store/cart/created', { type: 'cart', id: cart.id });
    for (const [scope, data] of events) this.store.emit(scope, data);
    return cart;
  }

  updateCart(id: string, raw: unknown): Cart {
    const cart = this.cart(id);
    const body = requireObject(raw);
    this.checkVersion(cart, body);
    if (body.customer_id !== undefined) {
      const cid = body.customer_id;
      if (!Number.isInteger(cid) || ((cid as number) !== 0 && !this.store.customers.customers.has(cid as number)))
        throw invalid({ customer_id: `Customer ${String(cid)} does not exist.` });
      cart.customer_id = cid as number;
      if ((cid as number) > 0) cart.email = this.store.customers.customer(cid as number).email;
    }
    this.touch(cart);
    this.store.emit('store/cart/updated', { type: 'cart', id: cart.id });
    return cart;
  }

  deleteCart(id: string): void {
    this.cart(id);
    this.carts.delete(id);
    this.store.emit('store/cart/deleted', { type: 'cart', id });
  }

  addCartItems(id: string, raw: unknown): Cart {
    const cart = this.cart(id);
    const body = requireObject(raw);
    this.checkVersion(cart, body);
    const events = this.addItems(cart, body);
    this.touch(cart);
    for (const [scope, data] of events) this.store.emit(scope, data);
    this.store.emit('store/cart/updated', { type: 'cart', id: cart.id });
    return cart;
  }

  /** Only quantity and list_price change; a custom item cannot be updated (carts.v3.yml). */
  updateCartItem(id: string, itemId: string, raw: unknown): Cart {
    const cart = this.cart(id);
    const body = requireObject(raw);
    this.checkVersion(cart, body);
    if (cart.custom_items.some((c) => c.id === itemId)) throw invalid({ itemId: 'Custom items cannot be updated; add a new one and delete the old one.' });
    const item = cart.line_items.find((x) => x.id === itemId);
    if (!item) throw notFound('Line item', itemId);
    const li = obj(body.line_item);
    const errors: Record<string, string> = {};
    if (li.product_id !== item.product_id) errors['line_item.product_id'] = `product_id must be ${item.product_id}, the product of this line item.`;
    if (li.variant_id !== undefined && li.variant_id !== item.variant_id)
      errors['line_item.variant_id'] = 'The variant cannot change; delete the item and add the other variant.';
    if (!Number.isInteger(li.quantity) || (li.quantity as number) < 1) errors['line_item.quantity'] = 'quantity must be an integer greater than 0.';
    if (li.list_price !== undefined && (typeof li.list_price !== 'number' || li.list_price < 0))
      errors['line_item.list_price'] = 'list_price must be a number of 0 or more.';
    if (!Object.keys(errors).length) {
      const core = this.store.catalog.product(item.product_id);
      const variant = this.store.catalog.variantsOf(core).find((v) => v.id === item.variant_id) as Variant;
      const others = cart.line_items.filter((x) => x !== item && x.variant_id === item.variant_id).reduce((s, x) => s + x.quantity, 0);
      const resolved: ResolvedItem = { core, variant, quantity: li.quantity as number, list_price_override: null, name_override: null, option_selections: [] };
      this.checkStock(new Map([[variant.id, { item: resolved, total: others + (li.quantity as number), at: 'line_item' }]]), errors);
    }
    if (Object.keys(errors).length) throw invalid(errors, 'The line item is not valid.');
    item.quantity = li.quantity as number;
    if (li.list_price !== undefined) item.list_price_override = li.list_price as number;
    // Consignments hold at most the new quantity.
    for (const c of cart.consignments) for (const l of c.line_items) if (l.item_id === item.id) l.quantity = Math.min(l.quantity, item.quantity);
    this.touch(cart);
    this.store.emit('store/cart/lineItem/updated', { type: 'cart_line_item', id: item.id, cartId: cart.id });
    return cart;
  }

  /** Returns undefined when the last item went and the cart was deleted with it. */
  deleteCartItem(id: string, itemId: string, raw: unknown): Cart | undefined {
    const cart = this.cart(id);
    this.checkVersion(cart, obj(raw));
    const before = cart.line_items.length + cart.custom_items.length + cart.gift_certificates.length;
    cart.line_items = cart.line_items.filter((x) => x.id !== itemId);
    cart.custom_items = cart.custom_items.filter((x) => x.id !== itemId);
    cart.gift_certificates = cart.gift_certificates.filter((x) => x.id !== itemId);
    if (cart.line_items.length + cart.custom_items.length + cart.gift_certificates.length === before) throw notFound('Line item', itemId);
    this.store.emit('store/cart/lineItem/deleted', { type: 'cart_line_item', id: itemId, cartId: cart.id });
    for (const c of cart.consignments) c.line_items = c.line_items.filter((l) => l.item_id !== itemId);
    cart.consignments = cart.consignments.filter((c) => c.line_items.length > 0);
    if (before === 1) {
      this.carts.delete(cart.id);
      this.store.emit('store/cart/deleted', { type: 'cart', id: cart.id });
      return undefined;
    }
    this.touch(cart);
    return cart;
  }

  /** Base URLs of a channel's cart page and checkout: its site (and custom checkout URL), else the sandbox origin. */
  storefrontBases(channelId: number): { cart: string; checkout: string } {
    const site = this.store.sites.siteOfChannel(channelId);
    const strip = (u: string): string => u.replace(/\/+$/, '');
    const cart = site ? strip(site.url) : this.store.origin;
    return { cart, checkout: site?.checkout_url ? strip(site.checkout_url) : cart };
  }

  /** A fresh single-use token shared by the three URLs (valid 30 days). */
  redirectUrls(cart: Cart, queryParams?: unknown): { cart_url: string; checkout_url: string; embedded_checkout_url: string } {
    const qp = obj(queryParams);
    if (queryParams !== undefined && (typeof queryParams !== 'object' || queryParams === null || Object.values(qp).some((v) => typeof v !== 'string'))) {
      throw invalid({ query_params: 'query_params must be an object of string values.' });
    }
    const token = randomBytes(32).toString('hex');
    cart.redirect_tokens.set(token, this.store.now() + CART_TTL_MS);
    const extra = Object.entries(qp)
      .map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v as string)}`)
      .join('');
    const base = this.storefrontBases(cart.channel_id);
    const tail = `id=${cart.id}&token=${token}${extra}`;
    return {
      cart_url: `${base.cart}/cart.php?action=load&${tail}`,
      checkout_url: `${base.checkout}/cart.php?action=loadInCheckout&${tail}`,
      embedded_checkout_url: `${base.checkout}/cart.php?embedded=1&action=loadInCheckout&${tail}`,
    };
  }

  /** Spends a redirect-URL token (storefront /cart.php); false when unknown, used or expired. */
  useRedirectToken(cartId: string, token: string): Cart | undefined {
    const cart = this.carts.get(cartId);
    if (!cart || cart.expires_at <= this.store.now()) return undefined;
    const exp = cart.redirect_tokens.get(token);
    if (exp === undefined) return undefined;
    cart.redirect_tokens.delete(token);
    return exp > this.store.now() ? cart : undefined;
  }

  // ------------------------------------------------------------ pricing

  /** Drops items whose product or variant left the catalog, as BigCommerce does. */
  private liveItems(cart: Cart): Array<{ item: CartLineItem; core: ProductCore; variant: Variant }> {
    const out: Array<{ item: CartLineItem; core: ProductCore; variant: Variant }> = [];
    for (const item of cart.line_items) {
      const core = this.store.catalog.products.get(item.product_id);
      const variant = core ? this.store.catalog.variantsOf(core).find((v) => v.id === item.variant_id) : undefined;
      if (core && variant) out.push({ item, core, variant });
    }
    if (out.length !== cart.line_items.length) cart.line_items = out.map((x) => x.item);
    return out;
  }

  /** The variant's price for the cart's shopper: a price list's (the group's, the channel's), else the catalog's. */
  private shopperPrice(cart: Cart, productId: number, variantId: number, catalogPrice: number): number {
    const group = cart.customer_id > 0 ? this.store.customers.customers.get(cart.customer_id)?.customer_group_id : undefined;
    if (!this.store.pricing.listFor(cart.channel_id, group || undefined)) return catalogPrice;
    const [priced] = this.store.pricing.prices({
      channel_id: cart.channel_id,
      currency_code: cart.currency,
      customer_group_id: group || undefined,
      items: [{ product_id: productId, variant_id: variantId }],
    });
    return priced.calculated_price;
  }

  price(cart: Cart): PricedCart {
    const physical: PricedItem[] = [];
    const digital: PricedItem[] = [];
    const storefront = this.storefrontBases(cart.channel_id).cart;
    for (const { item, core, variant } of this.liveItems(cart)) {
      const v = variant as Variant & { calculated_price: number; calculated_weight: number };
      const details = this.store.catalog.detailsOf(core);
      const original = v.price ?? core.price;
      // As BigCommerce does: the price list that applies to the cart's customer group and channel wins.
      const list = item.list_price_override ?? this.shopperPrice(cart, core.id, variant.id, v.calculated_price);
      const thumb = details.images.find((i) => i.is_thumbnail) ?? details.images[0];
      const p: PricedItem = {
        item,
        core,
        variant,
        sku: variant.sku,
        name: item.name_override ?? core.name,
        url: `${storefront}${core.custom_url.url}`,
        image_url: variant.image_url || thumb?.url_standard || this.store.imageUrl('stencil/images/ProductDefault.gif'),
        original_price: original,
        list_price: list,
        sale_price: list,
        extended_list_price: fromCents(cents(list) * item.quantity),
        extended_sale_price: fromCents(cents(list) * item.quantity),
        coupon_amount: 0,
        weight: v.calculated_weight,
        options: item.option_selections.map((s) => ({ name: s.name, nameId: s.nameId, value: s.value, valueId: s.valueId })),
      };
      (item.kind === 'digital' ? digital : physical).push(p);
    }
    const items = [...physical, ...digital];
    const itemsCents = items.reduce((s, p) => s + cents(p.extended_list_price), 0);
    const customCents = cart.custom_items.reduce((s, c) => s + cents(c.list_price) * c.quantity, 0);
    const giftCents = cart.gift_certificates.reduce((s, g) => s + cents(g.amount) * g.quantity, 0);
    const base = itemsCents + customCents + giftCents;
    // Coupons discount catalog items only, spread over them pro rata (the last item takes the rounding).
    const coupons: Array<{ coupon: Coupon; amount: number }> = [];
    let left = itemsCents;
    for (const code of cart.coupon_codes) {
      const coupon = this.coupons.get(code);
      if (!coupon) continue;
      let off = 0;
      if (itemsCents >= cents(coupon.min_purchase)) {
        off = coupon.type === 'percentage_discount' ? Math.round((itemsCents * coupon.amount) / 100) : Math.min(cents(coupon.amount), itemsCents);
      }
      off = Math.min(off, left);
      left -= off;
      coupons.push({ coupon, amount: fromCents(off) });
      let spread = 0;
      items.forEach((p, i) => {
        const share = i === items.length - 1 ? off - spread : Math.floor((off * cents(p.extended_list_price)) / Math.max(1, itemsCents));
        spread += share;
        p.coupon_amount = fromCents(cents(p.coupon_amount) + share);
      });
    }
    for (const p of items) {
      p.extended_sale_price = fromCents(cents(p.extended_list_price) - cents(p.coupon_amount));
      p.sale_price = fromCents(Math.round(cents(p.extended_sale_price) / p.item.quantity));
    }
    const couponCents = coupons.reduce((s, c) => s + cents(c.amount), 0);
    return {
      physical,
      digital,
      custom: cart.custom_items,
      gifts: cart.gift_certificates,
      base_amount: fromCents(base),
      coupons,
      coupon_total: fromCents(couponCents),
      cart_amount: fromCents(base - couponCents),
    };
  }
  // ------------------------------------------------------------ abandoned carts

  /** Marks a cart abandoned (the control plane stands in for BigCommerce's one-hour timer). */
  abandonCart(cartId: string): { cart_id: string; token: string; recovery_url: string } {
    const cart = this.cart(cartId);
    if (!cart.abandoned_token) {
      cart.abandoned_token = randomBytes(16).toString('hex');
      this.abandoned.set(cart.abandoned_token, cart.id);
      this.store.emit('store/cart/abandoned', { type: 'cart', id: cart.id, token: cart.abandoned_token });
    }
    // The email link goes to the channel's recover_abandoned_cart route when its site has one.
    const site = this.store.sites.siteOfChannel(cart.channel_id);
    const route = site ? [...this.store.sites.routes.values()].find((r) => r.site_id === site.id && r.type === 'recover_abandoned_cart') : undefined;
    const base = site ? site.url.replace(/\/+$/, '') : this.store.origin;
    const path = route ? route.route : '/cart.php?action=recover';
    const recovery_url = `${base}${path}${path.includes('?') ? '&' : '?'}t=${cart.abandoned_token}`;
    return { cart_id: cart.id, token: cart.abandoned_token, recovery_url };
  }

  abandonedCartId(token: string): string {
    const id = this.abandoned.get(token);
    const cart = id ? this.carts.get(id) : undefined;
    if (!cart || cart.expires_at <= this.store.now()) throw notFound('Abandoned cart', token);
    return cart.id;
  }
}
