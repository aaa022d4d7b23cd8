// Payment access tokens and card payments on the payments host (a test-mode card gateway).
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors';
import { signJwt, verifyJwt } from '../jwt';
import type { PaymentAccessToken, PaymentTransaction } from '../types';
import { cents } from './carts';
import { obj, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

/** Payment access tokens expire one hour after they are issued (payments/index.mdx). */
export const PAT_TTL_S = 3600;

/** The one payment method of the sandbox store: a card gateway in test mode. */
export const PAYMENT_METHOD_ID = 'stripe.card';

/** Test card numbers (Stripe's): these decline with the Payments API error code shown; other Luhn-valid numbers succeed. */
export const DECLINED_CARDS: Readonly<Record<string, { code: number; title: string }>> = {
  '4000000000000002': { code: 30104, title: 'There was a problem processing your card. Please contact your card issuer.' },
  '4000000000009995': { code: 30106, title: 'The payment was declined due to insufficient funds.' },
  '4000000000000069': { code: 30103, title: 'Your card has expired. Please try again with a valid card.' },
};

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

export class PaymentStore {
  readonly paymentTokens = new Map<string, PaymentAccessToken>();
  readonly transactions: PaymentTransaction[] = [];

  constructor(private readonly store: SandboxStore) {}

  private paymentError(status: number, code: number, title: string, errors?: Record<string, string>): ApiError {
    return new ApiError(status, title, errors, undefined, { code });
  }

  /** POST /payments/access_tokens: a single-use JWT bound to an Incomplete order, valid one hour. */
  createPaymentAccessToken(raw: unknown): string {
    const body = requireObject(raw);
    const o = obj(body.order);
    if (!Number.isInteger(o.id) || (o.id as number) < 1) {
      throw this.paymentError(422, 10001, 'Unable to process the payment because invalid data was supplied with the transaction.', {
        'order.id': 'order.id is required.',
      });
    }
    if (o.is_recurring !== undefined && typeof o.is_recurring !== 'boolean')
      throw this.paymentError(422, 10001, 'Invalid data.', { 'order.is_recurring': 'Must be a boolean.' });
    const order = this.store.orders.orders.get(o.id as number);
    if (!order) throw this.paymentError(404, 30003, 'Order could not be found.');
    if (order.status_id !== 0)
      throw this.paymentError(422, 30101, 'Order is invalid.', { 'order.id': 'Only orders in Incomplete status (status_id 0) can be paid.' });
    const iat = Math.floor(this.store.now() / 1000);
    const jti = randomUUID();
    const token = signJwt(
      {
        iss: 'payments.bigcommerce.com',
        sub: this.store.storeHash,
        iat,
        nbf: iat,
        exp: iat + PAT_TTL_S,
        jti,
        data: { store_id: this.store.storeId, order_id: order.id, amount: cents(order.total), currency: order.currency_code },
      },
      this.store.signingKey
    );
    this.paymentTokens.set(jti, { id: jti, order_id: order.id, expires_at: (iat + PAT_TTL_S) * 1000, used: false });
    return token;
  }

  paymentMethods(orderId: number | undefined, checkoutId: string | undefined): Json[] {
    if (orderId === undefined && checkoutId === undefined)
      throw this.paymentError(422, 10001, 'Send order_id or checkout_id.', { order_id: 'order_id or checkout_id is required.' });
    if (orderId !== undefined && !this.store.orders.orders.has(orderId)) throw this.paymentError(404, 30003, 'Order could not be found.');
    if (checkoutId !== undefined && !this.store.carts.carts.has(checkoutId)) throw this.paymentError(404, 30003, 'Checkout could not be found.');
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
    const check = verifyJwt(m[1], this.store.signingKey);
    const jti = check.ok ? check.payload.jti : undefined;
    const pat = typeof jti === 'string' ? this.paymentTokens.get(jti) : undefined;
    if (!check.ok || !pat) throw this.paymentError(401, 30102, 'The payment access token is not valid.');
    if (pat.used) throw this.paymentError(401, 30102, 'The payment access token has already been used; create a new one.');
    if (pat.expires_at <= this.store.now()) throw this.paymentError(401, 30102, 'The payment access token has expired; create a new one.');
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
    const order = this.store.orders.orders.get(pat.order_id);
    if (!order) throw this.paymentError(422, 30003, 'Order could not be found.');
    if (order.status_id !== 0) throw this.paymentError(422, 30101, 'Order is invalid.');
    // From here on the gateway has seen the card: the token is spent whatever the outcome.
    pat.used = true;
    const now = new Date(this.store.now());
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
      at: this.store.now(),
    };
    if (decline) txn.code = decline.code;
    this.transactions.push(txn);
    if (decline) {
      order.payment_status = 'declined';
      order.date_modified = this.store.now();
      throw this.paymentError(422, decline.code, decline.title);
    }
    order.payment_status = 'captured';
    order.payment_method = 'Credit Card';
    order.payment_provider_id = txn.id;
    this.store.orders.setOrderStatus(order, 11);
    // Paid: the cart (checkout) is gone.
    if (this.store.carts.carts.delete(order.cart_id)) this.store.emit('store/cart/deleted', { type: 'cart', id: order.cart_id });
    return { id: txn.id, transaction_type: 'purchase', status: 'success' };
  }
}
