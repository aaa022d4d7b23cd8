// Checkouts of carts: billing address, consignments (shipping addresses) with their shipping
// options, coupons, the customer message and the totals.
import { createHash, randomBytes } from 'node:crypto';
import { invalid, notFound } from '../errors';
import type { Cart, CheckoutAddress, Consignment, ShippingOption } from '../types';
import { cents, EMAIL, fromCents, type PricedCart } from './carts';
import { obj, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

/** Checkout addresses take E.164 phone numbers with an optional extension (checkouts.v3.yml AddressProperties). */
const PHONE = /^\+?[1-9]\d{1,14}(x\d{1,5})?$/;

export class CheckoutStore {
  private readonly next = { address: 1 };

  constructor(private readonly store: SandboxStore) {}

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
    const cart = this.store.carts.cart(cartId);
    const body = requireObject(raw);
    this.store.carts.checkVersion(cart, body);
    if (addressId !== undefined && cart.billing_address?.id !== addressId) throw notFound('Billing address', addressId);
    const addr = this.checkAddress(body, ['email', 'country_code'], '');
    cart.billing_address = { id: cart.billing_address?.id ?? String(this.next.address++), ...addr };
    if (cart.customer_id === 0) cart.email = addr.email;
    this.store.carts.touch(cart);
    this.store.emit('store/cart/updated', { type: 'cart', id: cart.id });
    return cart;
  }

  /** Quantity of a line item already placed in consignments (other than `except`). */
  assigned(cart: Cart, itemId: string, except?: Consignment): number {
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
    const cart = this.store.carts.cart(cartId);
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of consignments.' });
    for (const c of raw) this.store.carts.checkVersion(cart, obj(c));
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
    this.store.carts.touch(cart);
    return cart;
  }

  consignment(cart: Cart, id: string): Consignment {
    const c = cart.consignments.find((x) => x.id === id);
    if (!c) throw notFound('Consignment', id);
    return c;
  }

  /** The address/items and the shipping option change in separate requests (checkouts.v3.yml). */
  updateConsignment(cartId: string, consignmentId: string, raw: unknown): Cart {
    const cart = this.store.carts.cart(cartId);
    const body = requireObject(raw);
    this.store.carts.checkVersion(cart, body);
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
    this.store.carts.touch(cart);
    return cart;
  }

  deleteConsignment(cartId: string, consignmentId: string, raw: unknown): Cart {
    const cart = this.store.carts.cart(cartId);
    this.store.carts.checkVersion(cart, obj(raw));
    const con = this.consignment(cart, consignmentId);
    cart.consignments = cart.consignments.filter((c) => c !== con);
    this.store.carts.touch(cart);
    return cart;
  }

  /** Deterministic quotes: by weight, flat rate, and a next-day carrier rate; ids depend on the consignment. */
  shippingOptions(cart: Cart, con: Consignment): ShippingOption[] {
    const priced = this.store.carts.price(cart);
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
    const cart = this.store.carts.cart(cartId);
    const body = requireObject(raw);
    this.store.carts.checkVersion(cart, body);
    const code = typeof body.coupon_code === 'string' ? body.coupon_code.trim().toUpperCase() : '';
    const coupon = this.store.carts.coupons.get(code);
    if (!coupon || !coupon.enabled) throw invalid({ coupon_code: `The coupon code ${String(body.coupon_code)} is not valid.` }, 'Invalid coupon code');
    if (cart.coupon_codes.includes(code)) return cart;
    if (cart.coupon_codes.length) throw invalid({ coupon_code: 'A coupon is already applied; remove it first.' }, 'Only one coupon per checkout');
    const priced = this.store.carts.price(cart);
    const subtotal = [...priced.physical, ...priced.digital].reduce((s, p) => s + p.extended_list_price, 0);
    if (subtotal < coupon.min_purchase)
      throw invalid({ coupon_code: `The coupon needs a subtotal of at least ${coupon.min_purchase.toFixed(2)}.` }, 'The coupon does not apply to this cart');
    cart.coupon_codes.push(code);
    this.store.carts.touch(cart);
    this.store.emit('store/cart/couponApplied', { type: 'cart', id: cart.id, couponId: coupon.id });
    return cart;
  }

  removeCoupon(cartId: string, code: string, raw: unknown): Cart {
    const cart = this.store.carts.cart(cartId);
    this.store.carts.checkVersion(cart, obj(raw));
    const c = code.trim().toUpperCase();
    if (!cart.coupon_codes.includes(c)) throw notFound('Coupon', code);
    cart.coupon_codes = cart.coupon_codes.filter((x) => x !== c);
    this.store.carts.touch(cart);
    return cart;
  }

  setCustomerMessage(cartId: string, raw: unknown): Cart {
    const cart = this.store.carts.cart(cartId);
    const body = requireObject(raw);
    this.store.carts.checkVersion(cart, body);
    if (typeof body.customer_message !== 'string') throw invalid({ customer_message: 'customer_message is required.' });
    cart.customer_message = body.customer_message;
    this.store.carts.touch(cart);
    return cart;
  }

  /** Checkout totals (no tax is configured in the sandbox store). */
  totals(cart: Cart): { priced: PricedCart; shipping: number; grand_total: number } {
    const priced = this.store.carts.price(cart);
    const shipping = cart.consignments.reduce((s, c) => s + cents(this.selectedOption(cart, c)?.cost ?? 0), 0);
    return { priced, shipping: fromCents(shipping), grand_total: fromCents(cents(priced.cart_amount) + shipping) };
  }
}
