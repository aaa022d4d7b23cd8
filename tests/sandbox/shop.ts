// The storefront side of the sandbox store: carts and their checkouts (billing address,
// consignments, shipping options, coupons), orders created from checkouts, payment access tokens
// and card payments, wishlists, abandoned-cart tokens, GraphQL Storefront tokens and Customer
// Login (JWT) with storefront sessions. Routes (the BigCommerce API, the payments host, the
// storefront origin and the control plane) call these methods; prices come from the live catalog.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ApiError, conflict, invalid, notFound } from './errors';
import { bcDate } from './generator';
import { signJwt, verifyJwt } from './jwt';
import { CustomerStore, type CredentialLimit } from './customers';
import { isHttpUrl, type SandboxState } from './state';
import type {
  Cart,
  CartCustomItem,
  CartGiftCertificate,
  CartLineItem,
  CheckoutAddress,
  Consignment,
  Coupon,
  LoginRecord,
  OptionSelection,
  Order,
  OrderAddress,
  OrderProduct,
  PaymentAccessToken,
  PaymentTransaction,
  ProductCore,
  ShippingOption,
  StorefrontSession,
  StorefrontToken,
  Variant,
  Wishlist,
} from './types';

type Json = Record<string, unknown>;

const DAY = 86_400_000;
/** Carts (and their redirect URLs) live 30 days from the last change. */
export const CART_TTL_MS = 30 * DAY;
/** Payment access tokens expire one hour after they are issued (payments/index.mdx). */
export const PAT_TTL_S = 3600;
/** The Customer Login JWT is valid 30 s from `iat`, with a few seconds of clock skew either way. */
export const LOGIN_TOKEN_TTL_S = 30;
export const LOGIN_CLOCK_SKEW_S = 5;

export const ORDER_STATUSES: ReadonlyArray<{ id: number; name: string; description: string }> = [
  { id: 0, name: 'Incomplete', description: 'An incomplete order happens when a shopper reached the payment page, but did not complete the transaction.' },
  { id: 1, name: 'Pending', description: 'Customer started the checkout process, but did not complete it.' },
  { id: 2, name: 'Shipped', description: 'Order has been shipped, but receipt has not been confirmed; seller has used the Ship Items action.' },
  {
    id: 3,
    name: 'Partially Shipped',
    description: 'Only some items in the order have been shipped, due to some products being pre-order only or other reasons.',
  },
  { id: 4, name: 'Refunded', description: 'Seller has used the Refund action.' },
  { id: 5, name: 'Cancelled', description: 'Seller has cancelled an order, due to a stock inconsistency or other reasons.' },
  { id: 6, name: 'Declined', description: 'Seller has marked the order as declined for lack of manual payment, or other reasons.' },
  { id: 7, name: 'Awaiting Payment', description: 'Customer has completed checkout process, but payment has yet to be confirmed.' },
  { id: 8, name: 'Awaiting Pickup', description: 'Order has been pulled, and is awaiting customer pickup from a seller-specified location.' },
  { id: 9, name: 'Awaiting Shipment', description: 'Order has been pulled and packaged, and is awaiting collection from a shipping provider.' },
  { id: 10, name: 'Completed', description: 'Client has paid for their digital product and their file(s) are available for download.' },
  { id: 11, name: 'Awaiting Fulfillment', description: 'Customer has completed the checkout process and payment has been confirmed.' },
  { id: 12, name: 'Manual Verification Required', description: 'Order on hold while some aspect needs to be manually confirmed.' },
  { id: 13, name: 'Disputed', description: 'Customer has initiated a dispute resolution process for the PayPal transaction that paid for the order.' },
  { id: 14, name: 'Partially Refunded', description: 'Seller has partially refunded the order.' },
];

/** The one payment method of the sandbox store: a card gateway in test mode. */
export const PAYMENT_METHOD_ID = 'stripe.card';

/** Test card numbers (Stripe's): these decline with the Payments API error code shown; other Luhn-valid numbers succeed. */
export const DECLINED_CARDS: Readonly<Record<string, { code: number; title: string }>> = {
  '4000000000000002': { code: 30104, title: 'There was a problem processing your card. Please contact your card issuer.' },
  '4000000000009995': { code: 30106, title: 'The payment was declined due to insufficient funds.' },
  '4000000000000069': { code: 30103, title: 'Your card has expired. Please try again with a valid card.' },
};

const COUNTRIES: Readonly<Record<string, string>> = {
  US: 'United States',
  CA: 'Canada',
  GB: 'United Kingdom',
  AU: 'Australia',
  DE: 'Germany',
  FR: 'France',
  NL: 'Netherlands',
  ES: 'Spain',
  IT: 'Italy',
  IE: 'Ireland',
  NZ: 'New Zealand',
  MX: 'Mexico',
  JP: 'Japan',
  BE: 'Belgium',
  SE: 'Sweden',
};
export const countryName = (code: string): string => COUNTRIES[code.toUpperCase()] ?? code.toUpperCase();

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Checkout addresses take E.164 phone numbers with an optional extension (checkouts.v3.yml AddressProperties). */
const PHONE = /^\+?[1-9]\d{1,14}(x\d{1,5})?$/;
const cents = (n: number): number => Math.round(n * 100);
const fromCents = (c: number): number => c / 100;

function luhn(num: string): boolean {
  let sum = 0;
  for (let i = 0; i < num.length; i++) {
    let d = Number(num[num.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function requireBody(raw: unknown): Json {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError(400, 'The request body must be a JSON object.');
  return raw as Json;
}

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

export interface ShopOptions {
  clientId: string;
  clientSecret: string;
  credentialLimit?: CredentialLimit | false;
}

interface ResolvedItem {
  core: ProductCore;
  variant: Variant;
  quantity: number;
  list_price_override: number | null;
  name_override: string | null;
  option_selections: OptionSelection[];
}

export class ShopState {
  readonly customers: CustomerStore;
  readonly carts = new Map<string, Cart>();
  /** Keyed by the upper-case code. */
  readonly coupons = new Map<string, Coupon>();
  readonly orders = new Map<number, Order>();
  readonly paymentTokens = new Map<string, PaymentAccessToken>();
  readonly transactions: PaymentTransaction[] = [];
  readonly wishlists = new Map<number, Wishlist>();
  readonly storefrontTokens = new Map<string, StorefrontToken>();
  /** Abandoned-cart recovery token -> cart id. */
  readonly abandoned = new Map<string, string>();
  readonly logins: LoginRecord[] = [];
  readonly sessions = new Map<string, StorefrontSession>();
  readonly clientId: string;
  readonly clientSecret: string;
  /** The storefront origin the sandbox serves (its own URL); set once the server listens. */
  origin = 'http://127.0.0.1';
  /** Key of the tokens the store issues itself (PATs, storefront tokens); never the client secret. */
  private readonly signingKey: string;
  private readonly usedLoginJtis = new Set<string>();
  private readonly next = { order: 100, orderProduct: 1, orderAddress: 1, wishlist: 1, wishlistItem: 1, address: 1 };

  constructor(
    readonly catalog: SandboxState,
    opts: ShopOptions
  ) {
    this.customers = new CustomerStore(catalog, opts.credentialLimit);
    this.clientId = opts.clientId;
    this.clientSecret = opts.clientSecret;
    this.signingKey = createHash('sha256').update(`sandbox-signing:${catalog.storeHash}:${catalog.seed}`).digest('hex');
    for (const c of [
      { id: 1, code: 'SANDBOX10', name: '10% off the order', type: 'percentage_discount', amount: 10, min_purchase: 0, enabled: true },
      { id: 2, code: 'TAKE5', name: '$5 off orders over $20', type: 'per_total_discount', amount: 5, min_purchase: 20, enabled: true },
    ] as Coupon[]) {
      this.coupons.set(c.code, c);
    }
  }

  /** Resolves once the seeded data is ready (customer password hashes). */
  get ready(): Promise<void> {
    return this.customers.ready;
  }

  private now(): number {
    return this.catalog.now();
  }

  private emit(scope: string, data: { type: string; id: number | string } & Json): void {
    this.catalog.onEvent({ scope, data });
  }

  // ------------------------------------------------------------ carts

  /** A live cart; an expired one is removed and answers 404 like an unknown one. */
  cart(id: string): Cart {
    const c = this.carts.get(id);
    if (!c) throw notFound('Cart', id);
    if (c.expires_at <= this.now()) {
      this.carts.delete(id);
      throw notFound('Cart', id);
    }
    return c;
  }

  private checkVersion(cart: Cart, body: Json): void {
    if (body.version === undefined) return;
    if (body.version !== cart.version) {
      throw conflict(`The cart has changed (version ${cart.version}); reload it and retry.`, { version: `Expected version ${cart.version}.` });
    }
  }

  private touch(cart: Cart): void {
    const t = this.now();
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
    const core = Number.isInteger(li.product_id) ? this.catalog.products.get(li.product_id as number) : undefined;
    if (!core) {
      errors[`${at}.product_id`] = `Product ${String(li.product_id)} does not exist.`;
      return undefined;
    }
    const variants = this.catalog.variantsOf(core);
    const options = this.catalog.detailsOf(core).options;
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
    const details = this.catalog.detailsOf(core);
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
    const body = requireBody(raw);
    const errors: Record<string, string> = {};
    const channelId = body.channel_id === undefined ? 1 : body.channel_id;
    if (!Number.isInteger(channelId) || !this.catalog.channels.has(channelId as number)) errors.channel_id = `Channel ${String(channelId)} does not exist.`;
    const customerId = body.customer_id === undefined ? 0 : body.customer_id;
    if (!Number.isInteger(customerId) || ((customerId as number) !== 0 && !this.customers.customers.has(customerId as number))) {
      errors.customer_id = `Customer ${String(customerId)} does not exist.`;
    }
    const currency = body.currency === undefined ? 'USD' : obj(body.currency).code;
    if (typeof currency !== 'string' || currency.toUpperCase() !== 'USD') errors['currency.code'] = 'The currency is not enabled on this channel (USD only).';
    if (body.locale !== undefined && typeof body.locale !== 'string') errors.locale = 'locale must be a string.';
    if (Object.keys(errors).length) throw invalid(errors, 'The cart could not be created.');
    const t = this.now();
    const customer = (customerId as number) > 0 ? this.customers.customer(customerId as number) : undefined;
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
    this.emit('store/cart/created', { type: 'cart', id: cart.id });
    for (const [scope, data] of events) this.emit(scope, data);
    return cart;
  }

  updateCart(id: string, raw: unknown): Cart {
    const cart = this.cart(id);
    const body = requireBody(raw);
    this.checkVersion(cart, body);
    if (body.customer_id !== undefined) {
      const cid = body.customer_id;
      if (!Number.isInteger(cid) || ((cid as number) !== 0 && !this.customers.customers.has(cid as number)))
        throw invalid({ customer_id: `Customer ${String(cid)} does not exist.` });
      cart.customer_id = cid as number;
      if ((cid as number) > 0) cart.email = this.customers.customer(cid as number).email;
    }
    this.touch(cart);
    this.emit('store/cart/updated', { type: 'cart', id: cart.id });
    return cart;
  }

  deleteCart(id: string): void {
    this.cart(id);
    this.carts.delete(id);
    this.emit('store/cart/deleted', { type: 'cart', id });
  }

  addCartItems(id: string, raw: unknown): Cart {
    const cart = this.cart(id);
    const body = requireBody(raw);
    this.checkVersion(cart, body);
    const events = this.addItems(cart, body);
    this.touch(cart);
    for (const [scope, data] of events) this.emit(scope, data);
    this.emit('store/cart/updated', { type: 'cart', id: cart.id });
    return cart;
  }

  /** Only quantity and list_price change; a custom item cannot be updated (carts.v3.yml). */
  updateCartItem(id: string, itemId: string, raw: unknown): Cart {
    const cart = this.cart(id);
    const body = requireBody(raw);
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
      const core = this.catalog.product(item.product_id);
      const variant = this.catalog.variantsOf(core).find((v) => v.id === item.variant_id) as Variant;
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
    this.emit('store/cart/lineItem/updated', { type: 'cart_line_item', id: item.id, cartId: cart.id });
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
    this.emit('store/cart/lineItem/deleted', { type: 'cart_line_item', id: itemId, cartId: cart.id });
    for (const c of cart.consignments) c.line_items = c.line_items.filter((l) => l.item_id !== itemId);
    cart.consignments = cart.consignments.filter((c) => c.line_items.length > 0);
    if (before === 1) {
      this.carts.delete(cart.id);
      this.emit('store/cart/deleted', { type: 'cart', id: cart.id });
      return undefined;
    }
    this.touch(cart);
    return cart;
  }

  /** Base URLs of a channel's cart page and checkout: its site (and custom checkout URL), else the sandbox origin. */
  storefrontBases(channelId: number): { cart: string; checkout: string } {
    const site = this.catalog.siteOfChannel(channelId);
    const strip = (u: string): string => u.replace(/\/+$/, '');
    const cart = site ? strip(site.url) : this.origin;
    return { cart, checkout: site?.checkout_url ? strip(site.checkout_url) : cart };
  }

  /** A fresh single-use token shared by the three URLs (valid 30 days). */
  redirectUrls(cart: Cart, queryParams?: unknown): { cart_url: string; checkout_url: string; embedded_checkout_url: string } {
    const qp = obj(queryParams);
    if (queryParams !== undefined && (typeof queryParams !== 'object' || queryParams === null || Object.values(qp).some((v) => typeof v !== 'string'))) {
      throw invalid({ query_params: 'query_params must be an object of string values.' });
    }
    const token = randomBytes(32).toString('hex');
    cart.redirect_tokens.set(token, this.now() + CART_TTL_MS);
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
    if (!cart || cart.expires_at <= this.now()) return undefined;
    const exp = cart.redirect_tokens.get(token);
    if (exp === undefined) return undefined;
    cart.redirect_tokens.delete(token);
    return exp > this.now() ? cart : undefined;
  }

  // ------------------------------------------------------------ pricing

  /** Drops items whose product or variant left the catalog, as BigCommerce does. */
  private liveItems(cart: Cart): Array<{ item: CartLineItem; core: ProductCore; variant: Variant }> {
    const out: Array<{ item: CartLineItem; core: ProductCore; variant: Variant }> = [];
    for (const item of cart.line_items) {
      const core = this.catalog.products.get(item.product_id);
      const variant = core ? this.catalog.variantsOf(core).find((v) => v.id === item.variant_id) : undefined;
      if (core && variant) out.push({ item, core, variant });
    }
    if (out.length !== cart.line_items.length) cart.line_items = out.map((x) => x.item);
    return out;
  }

  price(cart: Cart): PricedCart {
    const physical: PricedItem[] = [];
    const digital: PricedItem[] = [];
    const storefront = this.storefrontBases(cart.channel_id).cart;
    for (const { item, core, variant } of this.liveItems(cart)) {
      const v = variant as Variant & { calculated_price: number; calculated_weight: number };
      const details = this.catalog.detailsOf(core);
      const original = v.price ?? core.price;
      const list = item.list_price_override ?? v.calculated_price;
      const thumb = details.images.find((i) => i.is_thumbnail) ?? details.images[0];
      const p: PricedItem = {
        item,
        core,
        variant,
        sku: variant.sku,
        name: item.name_override ?? core.name,
        url: `${storefront}${core.custom_url.url}`,
        image_url: variant.image_url || thumb?.url_standard || `https://cdn11.bigcommerce.com/s-${this.catalog.storeHash}/stencil/images/ProductDefault.gif`,
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

  // ------------------------------------------------------------ checkouts

  private checkAddress(raw: unknown, required: readonly string[], prefix: string): Omit<CheckoutAddress, 'id'> {
    const a = obj(raw);
    const errors: Record<string, string> = {};
    for (const k of required) if (typeof a[k] !== 'string' || !(a[k] as string)) errors[`${prefix}${k}`] = `${k} is required.`;
    const fields = [
      'first_name',
      'last_name',
      'email',
      'company',
      'address1',
      'address2',
      'city',
      'state_or_province',
      'state_or_province_code',
      'country_code',
      'postal_code',
      'phone',
    ] as const;
    for (const k of fields) if (a[k] !== undefined && typeof a[k] !== 'string') errors[`${prefix}${k}`] = `${k} must be a string.`;
    if (typeof a.email === 'string' && a.email && !EMAIL.test(a.email)) errors[`${prefix}email`] = 'email must be a valid email address.';
    if (typeof a.country_code === 'string' && a.country_code && !/^[A-Za-z]{2}$/.test(a.country_code))
      errors[`${prefix}country_code`] = 'country_code must be an ISO 3166-1 alpha-2 code.';
    if (typeof a.phone === 'string' && a.phone && !PHONE.test(a.phone))
      errors[`${prefix}phone`] = 'phone must be an E.164 number such as +15125550199 (optionally x and an extension).';
    if (a.custom_fields !== undefined && (!Array.isArray(a.custom_fields) || a.custom_fields.some((f) => typeof obj(f).field_id !== 'string'))) {
      errors[`${prefix}custom_fields`] = 'custom_fields must be an array of {field_id, field_value}.';
    }
    if (Object.keys(errors).length) throw invalid(errors, 'The address is not valid.');
    const s = (k: string): string => (typeof a[k] === 'string' ? (a[k] as string) : '');
    return {
      first_name: s('first_name'),
      last_name: s('last_name'),
      email: s('email'),
      company: s('company'),
      address1: s('address1'),
      address2: s('address2'),
      city: s('city'),
      state_or_province: s('state_or_province'),
      state_or_province_code: s('state_or_province_code'),
      country_code: s('country_code').toUpperCase(),
      postal_code: s('postal_code'),
      phone: s('phone'),
      custom_fields: ((a.custom_fields as Json[] | undefined) ?? []).map((f) => ({ field_id: f.field_id as string, field_value: String(f.field_value ?? '') })),
    };
  }

  setBillingAddress(cartId: string, raw: unknown, addressId?: string): Cart {
    const cart = this.cart(cartId);
    const body = requireBody(raw);
    this.checkVersion(cart, body);
    if (addressId !== undefined && cart.billing_address?.id !== addressId) throw notFound('Billing address', addressId);
    const addr = this.checkAddress(body, ['email', 'country_code'], '');
    cart.billing_address = { id: cart.billing_address?.id ?? String(this.next.address++), ...addr };
    if (cart.customer_id === 0) cart.email = addr.email;
    this.touch(cart);
    this.emit('store/cart/updated', { type: 'cart', id: cart.id });
    return cart;
  }

  /** Quantity of a line item already placed in consignments (other than `except`). */
  private assigned(cart: Cart, itemId: string, except?: Consignment): number {
    return cart.consignments
      .filter((c) => c !== except)
      .reduce((s, c) => s + c.line_items.filter((l) => l.item_id === itemId).reduce((t, l) => t + l.quantity, 0), 0);
  }

  private checkConsignmentItems(cart: Cart, raw: unknown, prefix: string, except?: Consignment): Array<{ item_id: string; quantity: number }> {
    const errors: Record<string, string> = {};
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ [`${prefix}line_items`]: 'line_items must list at least one physical item.' });
    const out: Array<{ item_id: string; quantity: number }> = [];
    raw.forEach((l: unknown, i: number) => {
      const x = obj(l);
      const item = cart.line_items.find((li) => li.id === x.item_id);
      if (!item) errors[`${prefix}line_items[${i}].item_id`] = `Line item ${String(x.item_id)} is not in the cart.`;
      else if (item.kind !== 'physical') errors[`${prefix}line_items[${i}].item_id`] = 'Only physical items need shipping.';
      else if (!Number.isInteger(x.quantity) || (x.quantity as number) < 1)
        errors[`${prefix}line_items[${i}].quantity`] = 'quantity must be an integer greater than 0.';
      else if (
        this.assigned(cart, item.id, except) + out.filter((o) => o.item_id === item.id).reduce((s, o) => s + o.quantity, 0) + (x.quantity as number) >
        item.quantity
      ) {
        errors[`${prefix}line_items[${i}].quantity`] = `Only ${item.quantity - this.assigned(cart, item.id, except)} of line item ${item.id} remain to ship.`;
      } else out.push({ item_id: item.id, quantity: x.quantity as number });
    });
    if (Object.keys(errors).length) throw invalid(errors, 'The consignment is not valid.');
    return out;
  }

  addConsignments(cartId: string, raw: unknown): Cart {
    const cart = this.cart(cartId);
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of consignments.' });
    for (const c of raw) this.checkVersion(cart, obj(c));
    const added: Consignment[] = [];
    try {
      raw.forEach((c: unknown, i: number) => {
        const b = obj(c);
        const address = this.checkAddress(b.address, ['email', 'country_code', 'state_or_province', 'postal_code'], `[${i}].address.`);
        const lines = this.checkConsignmentItems(cart, b.line_items, `[${i}].`);
        const con: Consignment = {
          id: randomBytes(7).toString('hex').slice(0, 13),
          address: { id: String(this.next.address++), ...address },
          line_items: lines,
          selected_shipping_option_id: null,
        };
        cart.consignments.push(con);
        added.push(con);
      });
    } catch (e) {
      cart.consignments = cart.consignments.filter((c) => !added.includes(c));
      throw e;
    }
    this.touch(cart);
    return cart;
  }

  consignment(cart: Cart, id: string): Consignment {
    const c = cart.consignments.find((x) => x.id === id);
    if (!c) throw notFound('Consignment', id);
    return c;
  }

  /** The address/items and the shipping option change in separate requests (checkouts.v3.yml). */
  updateConsignment(cartId: string, consignmentId: string, raw: unknown): Cart {
    const cart = this.cart(cartId);
    const body = requireBody(raw);
    this.checkVersion(cart, body);
    const con = this.consignment(cart, consignmentId);
    const moves = body.address !== undefined || body.line_items !== undefined;
    if (moves && body.shipping_option_id !== undefined) {
      throw invalid({ shipping_option_id: 'Update the address or line items and the shipping option in separate requests.' });
    }
    if (body.shipping_option_id !== undefined) {
      const options = this.shippingOptions(cart, con);
      if (!options.some((o) => o.id === body.shipping_option_id))
        throw invalid({ shipping_option_id: `Shipping option ${String(body.shipping_option_id)} is not available for this consignment.` });
      con.selected_shipping_option_id = body.shipping_option_id as string;
    } else if (moves) {
      const address = body.address !== undefined ? this.checkAddress(body.address, ['email', 'country_code'], 'address.') : undefined;
      const lines = body.line_items !== undefined ? this.checkConsignmentItems(cart, body.line_items, '', con) : undefined;
      if (address) con.address = { id: con.address.id, ...address };
      if (lines) con.line_items = lines;
      // A new address or new items invalidate the quote.
      con.selected_shipping_option_id = null;
    } else {
      throw invalid({ body: 'Send address and/or line_items, or shipping_option_id.' });
    }
    this.touch(cart);
    return cart;
  }

  deleteConsignment(cartId: string, consignmentId: string, raw: unknown): Cart {
    const cart = this.cart(cartId);
    this.checkVersion(cart, obj(raw));
    const con = this.consignment(cart, consignmentId);
    cart.consignments = cart.consignments.filter((c) => c !== con);
    this.touch(cart);
    return cart;
  }

  /** Deterministic quotes: by weight, flat rate, and a next-day carrier rate; ids depend on the consignment. */
  shippingOptions(cart: Cart, con: Consignment): ShippingOption[] {
    const priced = this.price(cart);
    const weight = con.line_items.reduce((s, l) => {
      const p = priced.physical.find((x) => x.item.id === l.item_id);
      return s + (p ? p.weight * l.quantity : 0);
    }, 0);
    const id = (type: string): string => createHash('md5').update(`${cart.id}:${con.id}:${type}`).digest('hex');
    const round = (n: number): number => Math.round(n * 100) / 100;
    return [
      {
        id: id('shipping_byweight'),
        type: 'shipping_byweight',
        description: 'Ship by Weight',
        image_url: '',
        cost: round(4 + weight * 0.75),
        transit_time: '',
        additional_description: '',
      },
      {
        id: id('shipping_flatrate'),
        type: 'shipping_flatrate',
        description: 'Flat Rate',
        image_url: '',
        cost: 12,
        transit_time: '',
        additional_description: '',
      },
      {
        id: id('shipping_upsready'),
        type: 'shipping_upsready',
        description: 'UPS® (UPS Next Day Air®)',
        image_url: '',
        cost: round(25 + weight * 1.5),
        transit_time: '1 business day',
        additional_description: '',
      },
    ];
  }

  selectedOption(cart: Cart, con: Consignment): ShippingOption | undefined {
    if (!con.selected_shipping_option_id) return undefined;
    return this.shippingOptions(cart, con).find((o) => o.id === con.selected_shipping_option_id);
  }

  applyCoupon(cartId: string, raw: unknown): Cart {
    const cart = this.cart(cartId);
    const body = requireBody(raw);
    this.checkVersion(cart, body);
    const code = typeof body.coupon_code === 'string' ? body.coupon_code.trim().toUpperCase() : '';
    const coupon = this.coupons.get(code);
    if (!coupon || !coupon.enabled) throw invalid({ coupon_code: `The coupon code ${String(body.coupon_code)} is not valid.` }, 'Invalid coupon code');
    if (cart.coupon_codes.includes(code)) return cart;
    if (cart.coupon_codes.length) throw invalid({ coupon_code: 'A coupon is already applied; remove it first.' }, 'Only one coupon per checkout');
    const priced = this.price(cart);
    const subtotal = [...priced.physical, ...priced.digital].reduce((s, p) => s + p.extended_list_price, 0);
    if (subtotal < coupon.min_purchase)
      throw invalid({ coupon_code: `The coupon needs a subtotal of at least ${coupon.min_purchase.toFixed(2)}.` }, 'The coupon does not apply to this cart');
    cart.coupon_codes.push(code);
    this.touch(cart);
    this.emit('store/cart/couponApplied', { type: 'cart', id: cart.id, couponId: coupon.id });
    return cart;
  }

  removeCoupon(cartId: string, code: string, raw: unknown): Cart {
    const cart = this.cart(cartId);
    this.checkVersion(cart, obj(raw));
    const c = code.trim().toUpperCase();
    if (!cart.coupon_codes.includes(c)) throw notFound('Coupon', code);
    cart.coupon_codes = cart.coupon_codes.filter((x) => x !== c);
    this.touch(cart);
    return cart;
  }

  setCustomerMessage(cartId: string, raw: unknown): Cart {
    const cart = this.cart(cartId);
    const body = requireBody(raw);
    this.checkVersion(cart, body);
    if (typeof body.customer_message !== 'string') throw invalid({ customer_message: 'customer_message is required.' });
    cart.customer_message = body.customer_message;
    this.touch(cart);
    return cart;
  }

  /** Checkout totals (no tax is configured in the sandbox store). */
  totals(cart: Cart): { priced: PricedCart; shipping: number; grand_total: number } {
    const priced = this.price(cart);
    const shipping = cart.consignments.reduce((s, c) => s + cents(this.selectedOption(cart, c)?.cost ?? 0), 0);
    return { priced, shipping: fromCents(shipping), grand_total: fromCents(cents(priced.cart_amount) + shipping) };
  }

  // ------------------------------------------------------------ orders

  private orderAddress(a: CheckoutAddress): OrderAddress {
    return {
      first_name: a.first_name,
      last_name: a.last_name,
      company: a.company,
      street_1: a.address1,
      street_2: a.address2,
      city: a.city,
      state: a.state_or_province,
      zip: a.postal_code,
      country: countryName(a.country_code),
      country_iso2: a.country_code,
      phone: a.phone,
      email: a.email,
    };
  }

  /** POST /checkouts/{id}/orders: an Incomplete (status 0) order; the cart stays until the order is paid. */
  createOrder(cartId: string, ip = ''): Order {
    const cart = this.cart(cartId);
    const { priced, shipping, grand_total } = this.totals(cart);
    const itemCount = priced.physical.length + priced.digital.length + priced.custom.length + priced.gifts.length;
    if (itemCount === 0) throw invalid({ line_items: 'The cart is empty.' }, 'The checkout has no items');
    if (!cart.billing_address) throw invalid({ billing_address: 'Add a billing address first.' }, 'Missing billing address');
    for (const p of priced.physical) {
      if (this.assigned(cart, p.item.id) < p.item.quantity) {
        throw invalid(
          { consignments: `Line item ${p.item.id} has no consignment (shipping address) for all of its quantity.` },
          'A shipping address for this order is incomplete'
        );
      }
    }
    for (const c of cart.consignments) {
      if (!this.selectedOption(cart, c))
        throw invalid({ [`consignments.${c.id}`]: 'Select a shipping option for this consignment.' }, 'Shipping option is missing');
    }
    const t = this.now();
    const id = this.next.order++;
    const shippingRows = cart.consignments.map((c) => {
      const opt = this.selectedOption(cart, c) as ShippingOption;
      return {
        id: this.next.orderAddress++,
        address: this.orderAddress(c.address),
        method: opt.description,
        cost: opt.cost,
        items_total: c.line_items.reduce((s, l) => s + l.quantity, 0),
        con: c,
      };
    });
    const products: OrderProduct[] = [];
    for (const p of [...priced.physical, ...priced.digital]) {
      const ship = shippingRows.find((r) => r.con.line_items.some((l) => l.item_id === p.item.id));
      products.push({
        id: this.next.orderProduct++,
        order_id: id,
        product_id: p.core.id,
        variant_id: p.variant.id,
        order_address_id: ship?.id ?? 0,
        name: p.name,
        sku: p.sku,
        type: p.item.kind,
        base_price: p.list_price,
        price: p.sale_price,
        quantity: p.item.quantity,
        weight: p.weight,
        cost_price: p.core.cost_price,
        options: p.options.map((o) => ({ display_name: o.name, display_value: o.value, option_id: o.nameId, value: String(o.valueId) })),
      });
    }
    for (const c of priced.custom) {
      products.push({
        id: this.next.orderProduct++,
        order_id: id,
        product_id: 0,
        variant_id: 0,
        order_address_id: shippingRows[0]?.id ?? 0,
        name: c.name,
        sku: c.sku,
        type: 'physical',
        base_price: c.list_price,
        price: c.list_price,
        quantity: c.quantity,
        weight: 0,
        cost_price: 0,
        options: [],
      });
    }
    for (const g of priced.gifts) {
      products.push({
        id: this.next.orderProduct++,
        order_id: id,
        product_id: 0,
        variant_id: 0,
        order_address_id: 0,
        name: g.name,
        sku: '',
        type: 'giftcertificate',
        base_price: g.amount,
        price: g.amount,
        quantity: g.quantity,
        weight: 0,
        cost_price: 0,
        options: [],
      });
    }
    const order: Order = {
      id,
      cart_id: cart.id,
      customer_id: cart.customer_id,
      channel_id: cart.channel_id,
      status_id: 0,
      payment_status: '',
      payment_method: '',
      payment_provider_id: '',
      date_created: t,
      date_modified: t,
      currency_code: cart.currency,
      subtotal: priced.base_amount,
      discount_amount: 0,
      coupon_discount: priced.coupon_total,
      shipping_cost: shipping,
      total: grand_total,
      items_total: products.reduce((s, p) => s + p.quantity, 0),
      customer_message: cart.customer_message,
      ip_address: ip,
      billing_address: this.orderAddress(cart.billing_address),
      shipping: shippingRows.map(({ con: _con, ...r }) => r),
      products,
      coupon_codes: [...cart.coupon_codes],
    };
    this.orders.set(id, order);
    cart.order_id = id;
    this.emit('store/order/created', { type: 'order', id });
    this.emit('store/cart/converted', { type: 'cart', id: cart.id, orderId: id });
    return order;
  }

  order(id: number): Order {
    const o = this.orders.get(id);
    if (!o) throw notFound('Order', id);
    return o;
  }

  private setOrderStatus(order: Order, status: number): void {
    const previous = order.status_id;
    if (previous === status) return;
    order.status_id = status;
    order.date_modified = this.now();
    this.emit('store/order/statusUpdated', { type: 'order', id: order.id, status: { previous_status_id: previous, new_status_id: status } });
    this.emit('store/order/updated', { type: 'order', id: order.id });
  }

  // ------------------------------------------------------------ payments

  private paymentError(status: number, code: number, title: string, errors?: Record<string, string>): ApiError {
    return new ApiError(status, title, errors, undefined, { code });
  }

  /** POST /payments/access_tokens: a single-use JWT bound to an Incomplete order, valid one hour. */
  createPaymentAccessToken(raw: unknown): string {
    const body = requireBody(raw);
    const o = obj(body.order);
    if (!Number.isInteger(o.id) || (o.id as number) < 1) {
      throw this.paymentError(422, 10001, 'Unable to process the payment because invalid data was supplied with the transaction.', {
        'order.id': 'order.id is required.',
      });
    }
    if (o.is_recurring !== undefined && typeof o.is_recurring !== 'boolean')
      throw this.paymentError(422, 10001, 'Invalid data.', { 'order.is_recurring': 'Must be a boolean.' });
    const order = this.orders.get(o.id as number);
    if (!order) throw this.paymentError(404, 30003, 'Order could not be found.');
    if (order.status_id !== 0)
      throw this.paymentError(422, 30101, 'Order is invalid.', { 'order.id': 'Only orders in Incomplete status (status_id 0) can be paid.' });
    const iat = Math.floor(this.now() / 1000);
    const jti = randomUUID();
    const token = signJwt(
      {
        iss: 'payments.bigcommerce.com',
        sub: this.catalog.storeHash,
        iat,
        nbf: iat,
        exp: iat + PAT_TTL_S,
        jti,
        data: { store_id: this.catalog.storeId, order_id: order.id, amount: cents(order.total), currency: order.currency_code },
      },
      this.signingKey
    );
    this.paymentTokens.set(jti, { id: jti, order_id: order.id, expires_at: (iat + PAT_TTL_S) * 1000, used: false });
    return token;
  }

  paymentMethods(orderId: number | undefined, checkoutId: string | undefined): Json[] {
    if (orderId === undefined && checkoutId === undefined)
      throw this.paymentError(422, 10001, 'Send order_id or checkout_id.', { order_id: 'order_id or checkout_id is required.' });
    if (orderId !== undefined && !this.orders.has(orderId)) throw this.paymentError(404, 30003, 'Order could not be found.');
    if (checkoutId !== undefined && !this.carts.has(checkoutId)) throw this.paymentError(404, 30003, 'Checkout could not be found.');
    return [
      {
        id: PAYMENT_METHOD_ID,
        name: 'Stripe (sandbox test gateway)',
        test_mode: true,
        type: 'card',
        supported_instruments: ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER'].map((instrument_type) => ({ instrument_type, verification_value_required: true })),
        stored_instruments: [],
      },
    ];
  }

  /** The PAT from `Authorization: PAT <jwt>`, or a 401 in the Payments API's error shape. */
  private paymentToken(authorization: string | undefined): PaymentAccessToken {
    const m = authorization ? /^PAT (\S+)$/.exec(authorization) : null;
    if (!m) throw this.paymentError(401, 30102, 'Authorization: PAT <payment access token> is required.');
    const check = verifyJwt(m[1], this.signingKey);
    const jti = check.ok ? check.payload.jti : undefined;
    const pat = typeof jti === 'string' ? this.paymentTokens.get(jti) : undefined;
    if (!check.ok || !pat) throw this.paymentError(401, 30102, 'The payment access token is not valid.');
    if (pat.used) throw this.paymentError(401, 30102, 'The payment access token has already been used; create a new one.');
    if (pat.expires_at <= this.now()) throw this.paymentError(401, 30102, 'The payment access token has expired; create a new one.');
    return pat;
  }

  /** POST https://payments…/stores/{hash}/payments with a card instrument. */
  processPayment(headers: { authorization?: string; accept?: string }, raw: unknown): { id: string; transaction_type: 'purchase'; status: 'success' } {
    const pat = this.paymentToken(headers.authorization);
    if (!(headers.accept ?? '').split(',').some((a) => a.trim().toLowerCase().startsWith('application/vnd.bc.v1+json'))) {
      throw this.paymentError(400, 10001, 'The Accept header must be application/vnd.bc.v1+json.');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof (raw as Json).payment !== 'object' || (raw as Json).payment === null) {
      throw this.paymentError(400, 10001, 'The body must be {"payment": {"instrument": {...}, "payment_method_id": "..."}}.');
    }
    const payment = (raw as Json).payment as Json;
    const instrument = obj(payment.instrument);
    const errors: Record<string, string> = {};
    if (typeof payment.payment_method_id !== 'string' || !payment.payment_method_id) errors['payment.payment_method_id'] = 'payment_method_id is required.';
    if (typeof instrument.type !== 'string') errors['payment.instrument.type'] = 'instrument.type is required.';
    if (Object.keys(errors).length)
      throw this.paymentError(422, 10001, 'Unable to process the payment because invalid data was supplied with the transaction.', errors);
    if (payment.payment_method_id !== PAYMENT_METHOD_ID)
      throw this.paymentError(422, 30000, 'Merchant payment configuration could not be found.', { 'payment.payment_method_id': `Use ${PAYMENT_METHOD_ID}.` });
    if (['stored_card', 'stored_paypal_account', 'stored_bank_account'].includes(instrument.type as string)) {
      throw this.paymentError(422, 30051, 'That stored payment instrument could not be found. Please try a different payment option.');
    }
    if (instrument.type !== 'card') throw this.paymentError(422, 10001, `The sandbox gateway takes card instruments only (got ${String(instrument.type)}).`);
    const number = typeof instrument.number === 'string' ? instrument.number.replace(/[\s-]/g, '') : '';
    for (const k of ['number', 'cardholder_name', 'verification_value'] as const) {
      if (typeof instrument[k] !== 'string' || !(instrument[k] as string)) errors[`payment.instrument.${k}`] = `${k} is required.`;
    }
    if (!Number.isInteger(instrument.expiry_month) || (instrument.expiry_month as number) < 1 || (instrument.expiry_month as number) > 12)
      errors['payment.instrument.expiry_month'] = 'expiry_month must be 1 to 12.';
    if (!Number.isInteger(instrument.expiry_year) || (instrument.expiry_year as number) < 1000)
      errors['payment.instrument.expiry_year'] = 'expiry_year must have four digits.';
    if (Object.keys(errors).length)
      throw this.paymentError(422, 10001, 'Unable to process the payment because invalid data was supplied with the transaction.', errors);
    const order = this.orders.get(pat.order_id);
    if (!order) throw this.paymentError(422, 30003, 'Order could not be found.');
    if (order.status_id !== 0) throw this.paymentError(422, 30101, 'Order is invalid.');
    // From here on the gateway has seen the card: the token is spent whatever the outcome.
    pat.used = true;
    const now = new Date(this.now());
    const expired =
      (instrument.expiry_year as number) < now.getUTCFullYear() ||
      ((instrument.expiry_year as number) === now.getUTCFullYear() && (instrument.expiry_month as number) < now.getUTCMonth() + 1);
    const decline =
      !/^\d{12,19}$/.test(number) || !luhn(number)
        ? { code: 30102, title: 'Your card details could not be verified. Please double check them and try again.' }
        : expired
          ? { code: 30103, title: 'Your card has expired. Please try again with a valid card.' }
          : DECLINED_CARDS[number];
    const txn: PaymentTransaction = {
      id: randomUUID(),
      order_id: order.id,
      status: decline ? 'declined' : 'success',
      amount: order.total,
      card_last4: number.slice(-4),
      at: this.now(),
    };
    if (decline) txn.code = decline.code;
    this.transactions.push(txn);
    if (decline) {
      order.payment_status = 'declined';
      order.date_modified = this.now();
      throw this.paymentError(422, decline.code, decline.title);
    }
    order.payment_status = 'captured';
    order.payment_method = 'Credit Card';
    order.payment_provider_id = txn.id;
    this.setOrderStatus(order, 11);
    // Paid: the cart (checkout) is gone.
    if (this.carts.delete(order.cart_id)) this.emit('store/cart/deleted', { type: 'cart', id: order.cart_id });
    return { id: txn.id, transaction_type: 'purchase', status: 'success' };
  }

  // ------------------------------------------------------------ wishlists

  wishlist(id: number): Wishlist {
    const w = this.wishlists.get(id);
    if (!w) throw notFound('Wishlist', id);
    return w;
  }

  private checkWishlistItems(raw: unknown, errors: Record<string, string>, key = 'items'): Array<{ product_id: number; variant_id: number }> {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      errors[key] = `${key} must be an array.`;
      return [];
    }
    const out: Array<{ product_id: number; variant_id: number }> = [];
    raw.forEach((it: unknown, i: number) => {
      const x = obj(it);
      const core = Number.isInteger(x.product_id) ? this.catalog.products.get(x.product_id as number) : undefined;
      if (!core) {
        errors[`${key}[${i}].product_id`] = `Product ${String(x.product_id)} does not exist.`;
        return;
      }
      const variants = this.catalog.detailsOf(core).variants;
      const variant = x.variant_id === undefined ? variants[0] : variants.find((v) => v.id === x.variant_id);
      if (!variant) errors[`${key}[${i}].variant_id`] = `Variant ${String(x.variant_id)} does not belong to product ${core.id}.`;
      else out.push({ product_id: core.id, variant_id: variant.id });
    });
    return out;
  }

  private addWishlistItems(w: Wishlist, items: Array<{ product_id: number; variant_id: number }>): void {
    for (const it of items) {
      if (w.items.some((x) => x.product_id === it.product_id && x.variant_id === it.variant_id)) continue;
      w.items.push({ id: this.next.wishlistItem++, ...it });
    }
  }

  createWishlist(raw: unknown): Wishlist {
    const b = requireBody(raw);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(b.customer_id) || !this.customers.customers.has(b.customer_id as number))
      errors.customer_id = `Customer ${String(b.customer_id)} does not exist.`;
    if (b.name !== undefined && typeof b.name !== 'string') errors.name = 'name must be a string.';
    if (b.is_public !== undefined && typeof b.is_public !== 'boolean') errors.is_public = 'is_public must be a boolean.';
    const items = this.checkWishlistItems(b.items, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The wishlist is not valid.');
    const w: Wishlist = {
      id: this.next.wishlist++,
      customer_id: b.customer_id as number,
      name: (b.name as string | undefined) ?? 'My Wish List',
      is_public: (b.is_public as boolean | undefined) ?? false,
      token: randomUUID(),
      items: [],
    };
    this.addWishlistItems(w, items);
    this.wishlists.set(w.id, w);
    return w;
  }

  /** PUT replaces name, visibility and the item list (customer_id and items are required). */
  updateWishlist(id: number, raw: unknown): Wishlist {
    const w = this.wishlist(id);
    const b = requireBody(raw);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(b.customer_id) || !this.customers.customers.has(b.customer_id as number))
      errors.customer_id = `Customer ${String(b.customer_id)} does not exist.`;
    if (!Array.isArray(b.items)) errors.items = 'items is required.';
    if (b.name !== undefined && typeof b.name !== 'string') errors.name = 'name must be a string.';
    if (b.is_public !== undefined && typeof b.is_public !== 'boolean') errors.is_public = 'is_public must be a boolean.';
    const items = this.checkWishlistItems(b.items, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The wishlist is not valid.');
    const kept = (b.items as Json[]).filter((x) => Number.isInteger(x.id)).map((x) => x.id);
    const old = w.items;
    w.customer_id = b.customer_id as number;
    if (typeof b.name === 'string') w.name = b.name;
    if (typeof b.is_public === 'boolean') w.is_public = b.is_public;
    w.items = old.filter((x) => kept.includes(x.id) && items.some((i) => i.product_id === x.product_id && i.variant_id === x.variant_id));
    this.addWishlistItems(w, items);
    return w;
  }

  addItemsToWishlist(id: number, raw: unknown): Wishlist {
    const w = this.wishlist(id);
    const b = requireBody(raw);
    const errors: Record<string, string> = {};
    if (!Array.isArray(b.items) || b.items.length === 0) errors.items = 'items must be a non-empty array.';
    const items = this.checkWishlistItems(b.items, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The wishlist items are not valid.');
    this.addWishlistItems(w, items);
    return w;
  }

  deleteWishlistItem(id: number, itemId: number): Wishlist {
    const w = this.wishlist(id);
    if (!w.items.some((x) => x.id === itemId)) throw notFound('Wishlist item', itemId);
    w.items = w.items.filter((x) => x.id !== itemId);
    return w;
  }

  // ------------------------------------------------------------ abandoned carts

  /** Marks a cart abandoned (the control plane stands in for BigCommerce's one-hour timer). */
  abandonCart(cartId: string): { cart_id: string; token: string; recovery_url: string } {
    const cart = this.cart(cartId);
    if (!cart.abandoned_token) {
      cart.abandoned_token = randomBytes(16).toString('hex');
      this.abandoned.set(cart.abandoned_token, cart.id);
      this.emit('store/cart/abandoned', { type: 'cart', id: cart.id, token: cart.abandoned_token });
    }
    // The email link goes to the channel's recover_abandoned_cart route when its site has one.
    const site = this.catalog.siteOfChannel(cart.channel_id);
    const route = site ? [...this.catalog.routes.values()].find((r) => r.site_id === site.id && r.type === 'recover_abandoned_cart') : undefined;
    const base = site ? site.url.replace(/\/+$/, '') : this.origin;
    const path = route ? route.route : '/cart.php?action=recover';
    const recovery_url = `${base}${path}${path.includes('?') ? '&' : '?'}t=${cart.abandoned_token}`;
    return { cart_id: cart.id, token: cart.abandoned_token, recovery_url };
  }

  abandonedCartId(token: string): string {
    const id = this.abandoned.get(token);
    const cart = id ? this.carts.get(id) : undefined;
    if (!cart || cart.expires_at <= this.now()) throw notFound('Abandoned cart', token);
    return cart.id;
  }

  // ------------------------------------------------------------ GraphQL Storefront tokens

  createStorefrontToken(kind: StorefrontToken['kind'], raw: unknown): string {
    const b = requireBody(raw);
    const errors: Record<string, string> = {};
    const nowS = Math.floor(this.now() / 1000);
    if (!Number.isInteger(b.expires_at) || (b.expires_at as number) < 0) errors.expires_at = 'expires_at is required (unix seconds).';
    else if ((b.expires_at as number) <= nowS) errors.expires_at = 'expires_at must be in the future.';
    const hasOne = b.channel_id !== undefined;
    const hasMany = b.channel_ids !== undefined;
    let channels: number[] = [];
    if (hasOne === hasMany) errors.channel_id = 'Send exactly one of channel_id and channel_ids.';
    else if (hasOne) {
      if (!Number.isInteger(b.channel_id) || !this.catalog.channels.has(b.channel_id as number))
        errors.channel_id = `Channel ${String(b.channel_id)} does not exist.`;
      else channels = [b.channel_id as number];
    } else if (
      !Array.isArray(b.channel_ids) ||
      b.channel_ids.length === 0 ||
      b.channel_ids.some((c) => !Number.isInteger(c) || !this.catalog.channels.has(c as number))
    ) {
      errors.channel_ids = 'channel_ids must be a non-empty array of existing channel ids.';
    } else channels = b.channel_ids as number[];
    let cors: string[] = [];
    if (b.allowed_cors_origins !== undefined) {
      if (kind !== 'storefront') errors.allowed_cors_origins = 'Only storefront tokens take allowed_cors_origins.';
      else if (
        !Array.isArray(b.allowed_cors_origins) ||
        b.allowed_cors_origins.length > 2 ||
        b.allowed_cors_origins.some((o) => !isHttpUrl(o) || new URL(o as string).origin !== (o as string).replace(/\/$/, ''))
      ) {
        errors.allowed_cors_origins = 'allowed_cors_origins takes at most 2 origins such as https://shop.example.com.';
      } else cors = b.allowed_cors_origins as string[];
    }
    let scopes: string[] = [];
    if (kind === 'private') {
      const allowed = ['Unauthenticated', 'Customer', 'B2B'];
      if (!Array.isArray(b.scopes) || b.scopes.length === 0 || b.scopes.some((s) => !allowed.includes(s as string)))
        errors.scopes = `scopes must list at least one of ${allowed.join(', ')}.`;
      else scopes = b.scopes as string[];
    }
    if (Object.keys(errors).length) throw invalid(errors, 'Invalid JSON request body - missing or invalid data.');
    const jti = randomUUID();
    const tokenType = { storefront: 1, customer_impersonation: 2, private: 3 }[kind];
    const token = signJwt(
      {
        cid: channels,
        cors,
        eat: b.expires_at,
        iat: nowS,
        iss: 'BC',
        jti,
        sid: this.catalog.storeId,
        sub: this.clientId,
        sub_type: 2,
        token_type: tokenType,
        ...(scopes.length ? { scopes } : {}),
      },
      this.signingKey
    );
    this.storefrontTokens.set(jti, {
      jti,
      kind,
      channel_ids: channels,
      expires_at: (b.expires_at as number) * 1000,
      allowed_cors_origins: cors,
      scopes,
      revoked: false,
    });
    return token;
  }

  /** A valid, unrevoked, unexpired token issued by this store (for a future GraphQL endpoint and tests). */
  verifyStorefrontToken(token: string): StorefrontToken | undefined {
    const check = verifyJwt(token, this.signingKey);
    const rec = check.ok && typeof check.payload.jti === 'string' ? this.storefrontTokens.get(check.payload.jti) : undefined;
    if (!rec || rec.revoked || rec.expires_at <= this.now()) return undefined;
    return rec;
  }

  revokeStorefrontToken(token: string | undefined): void {
    if (!token) throw invalid({ 'Sf-Api-Token': 'The Sf-Api-Token header is required.' });
    const check = verifyJwt(token, this.signingKey);
    const rec = check.ok && typeof check.payload.jti === 'string' ? this.storefrontTokens.get(check.payload.jti) : undefined;
    if (!rec || rec.kind === 'customer_impersonation') throw invalid({ 'Sf-Api-Token': 'Not a storefront or private token of this store.' });
    rec.revoked = true;
  }

  // ------------------------------------------------------------ Customer Login (SSO)

  /** Is `url` a place a login may land: a relative path, or the channel's storefront or checkout origin? */
  private redirectAllowed(url: string, channelId: number): boolean {
    if (url.startsWith('/')) return !url.startsWith('//') && !url.startsWith('/\\');
    if (!isHttpUrl(url)) return false;
    const origin = new URL(url).origin;
    const site = this.catalog.siteOfChannel(channelId);
    const allowed = [this.origin, site?.url, site?.checkout_url].filter((u): u is string => !!u).map((u) => new URL(u).origin);
    return allowed.includes(origin);
  }

  /**
   * GET /login/token/{jwt} on the storefront origin. Verifies the HS256 signature with the API
   * account's client secret and the claims of customer-login.mdx; the token works once.
   */
  loginWithToken(jwt: string, ip: string): { ok: true; location: string; session: StorefrontSession } | { ok: false; reason: string } {
    const record: LoginRecord = { at: this.now(), ok: false, ip };
    const fail = (reason: string): { ok: false; reason: string } => {
      record.reason = reason;
      this.logins.push(record);
      return { ok: false, reason };
    };
    const check = verifyJwt(jwt, this.clientSecret);
    if (!check.ok) return fail(check.reason);
    const c = check.payload;
    if (typeof c.jti === 'string') record.jti = c.jti;
    if (Number.isInteger(c.customer_id)) record.customer_id = c.customer_id as number;
    if (c.iss !== this.clientId) return fail('wrong_issuer');
    if (typeof c.jti !== 'string' || !c.jti) return fail('malformed');
    // Each token works once, whatever happens next.
    if (this.usedLoginJtis.has(c.jti)) return fail('replayed');
    this.usedLoginJtis.add(c.jti);
    if (c.operation !== 'customer_login') return fail('wrong_operation');
    if (c.store_hash !== this.catalog.storeHash) return fail('wrong_store');
    if (!Number.isInteger(c.iat)) return fail('malformed');
    const nowS = this.now() / 1000;
    if ((c.iat as number) > nowS + LOGIN_CLOCK_SKEW_S) return fail('issued_in_future');
    if ((c.iat as number) < nowS - LOGIN_TOKEN_TTL_S - LOGIN_CLOCK_SKEW_S) return fail('expired');
    const channelId = c.channel_id === undefined ? 1 : c.channel_id;
    if (!Number.isInteger(channelId) || !this.catalog.channels.has(channelId as number)) return fail('unknown_channel');
    record.channel_id = channelId as number;
    const customer = Number.isInteger(c.customer_id) ? this.customers.customers.get(c.customer_id as number) : undefined;
    if (!customer) return fail('unknown_customer');
    if (!this.customers.canLogIn(customer, channelId as number)) return fail('channel_denied');
    if (c.request_ip !== undefined && c.request_ip !== ip) return fail('ip_mismatch');
    const redirect = c.redirect_to === undefined ? '/account.php' : c.redirect_to;
    if (typeof redirect !== 'string' || !this.redirectAllowed(redirect, channelId as number)) return fail('bad_redirect');
    record.redirect_to = redirect;
    const session: StorefrontSession = {
      token: randomBytes(24).toString('hex'),
      customer_id: customer.id,
      channel_id: channelId as number,
      created_at: this.now(),
    };
    this.sessions.set(session.token, session);
    record.ok = true;
    record.session = session.token;
    this.logins.push(record);
    return { ok: true, location: redirect, session };
  }
}
