// Orders v2: bare JSON bodies (no envelope), money as strings with four decimals, RFC 2822 dates,
// 204 for an empty list. GET /orders leaves out Incomplete orders (status 0: created from a
// checkout but not paid yet) unless status_id=0 is asked for.
import { SCOPES } from '../auth';
import { ApiError } from '../errors';
import { int, num, paging, pageOf, queryOf, str, type Json } from '../http';
import type { SandboxStore } from '../store';
import { ORDER_STATUSES } from '../store/orders';
import type { Order, OrderAddress, OrderProduct } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';

/** "12.5000": v2 money strings. */
export const money4 = (n: number): string => n.toFixed(4);
/** v2 dates: Tue, 05 Mar 2019 21:30:40 +0000. */
export const rfc2822 = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toUTCString().replace('GMT', '+0000');

const statusName = (id: number): string => ORDER_STATUSES.find((s) => s.id === id)?.name ?? 'Unknown';

const billingJson = (a: OrderAddress): Json => ({ ...a, form_fields: [] });

export function orderJson(store: SandboxStore, o: Order, withConsignments = false): Json {
  const api = `${store.origin}/stores/${store.storeHash}/v2`;
  const link = (sub: string): Json => ({ url: `${api}/orders/${o.id}/${sub}`, resource: `/orders/${o.id}/${sub}` });
  const subtotalEx = money4(o.subtotal);
  const out: Json = {
    id: o.id,
    customer_id: o.customer_id,
    date_created: rfc2822(o.date_created),
    date_modified: rfc2822(o.date_modified),
    date_shipped: '',
    status_id: o.status_id,
    status: statusName(o.status_id),
    cart_id: o.cart_id,
    subtotal_ex_tax: subtotalEx,
    subtotal_inc_tax: subtotalEx,
    subtotal_tax: money4(0),
    base_shipping_cost: money4(o.shipping_cost),
    shipping_cost_ex_tax: money4(o.shipping_cost),
    shipping_cost_inc_tax: money4(o.shipping_cost),
    shipping_cost_tax: money4(0),
    shipping_cost_tax_class_id: 2,
    base_handling_cost: money4(0),
    handling_cost_ex_tax: money4(0),
    handling_cost_inc_tax: money4(0),
    handling_cost_tax: money4(0),
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: money4(0),
    wrapping_cost_ex_tax: money4(0),
    wrapping_cost_inc_tax: money4(0),
    wrapping_cost_tax: money4(0),
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: money4(o.total),
    total_inc_tax: money4(o.total),
    total_tax: money4(0),
    items_total: o.items_total,
    items_shipped: 0,
    payment_method: o.payment_method,
    payment_provider_id: o.payment_provider_id,
    payment_status: o.payment_status,
    refunded_amount: money4(0),
    order_is_digital: o.products.every((p) => p.type !== 'physical'),
    store_credit_amount: money4(0),
    gift_certificate_amount: money4(0),
    ip_address: o.ip_address,
    ip_address_v6: '',
    geoip_country: '',
    geoip_country_iso2: '',
    currency_id: 1,
    currency_code: o.currency_code,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: o.currency_code,
    store_default_currency_code: 'USD',
    store_default_to_transactional_exchange_rate: '1.0000000000',
    staff_notes: '',
    customer_message: o.customer_message,
    discount_amount: money4(o.discount_amount),
    coupon_discount: money4(o.coupon_discount),
    shipping_address_count: o.shipping.length,
    is_deleted: false,
    ebay_order_id: '0',
    is_email_opt_in: false,
    order_source: 'checkout_api',
    channel_id: o.channel_id,
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    external_order_id: '',
    tax_provider_id: '',
    customer_locale: 'en',
    is_tax_inclusive_pricing: false,
    billing_address: billingJson(o.billing_address),
    products: link('products'),
    shipping_addresses: link('shipping_addresses'),
    coupons: link('coupons'),
    consignments: link('consignments'),
    fees: link('fees'),
  };
  if (withConsignments) {
    out.consignments = {
      shipping: o.shipping.map((s) => ({
        id: s.id,
        ...s.address,
        form_fields: [],
        line_items: o.products.filter((p) => p.order_address_id === s.id).map((p) => ({ id: p.id })),
        items_total: s.items_total,
        items_shipped: 0,
        shipping_method: s.method,
        base_cost: s.cost,
        cost_ex_tax: s.cost,
        cost_inc_tax: s.cost,
        cost_tax: 0,
        cost_tax_class_id: 2,
        base_handling_cost: 0,
        handling_cost_ex_tax: 0,
        handling_cost_inc_tax: 0,
        handling_cost_tax: 0,
        handling_cost_tax_class_id: 2,
        shipping_zone_id: 1,
        shipping_zone_name: 'United States',
      })),
    };
  }
  return out;
}

/** Order product (the schema allows no other fields). */
export function orderProductJson(p: OrderProduct): Json {
  const m = money4;
  return {
    id: p.id,
    order_id: p.order_id,
    product_id: p.product_id,
    variant_id: p.variant_id,
    order_address_id: p.order_address_id,
    name: p.name,
    name_customer: p.name,
    name_merchant: p.name,
    sku: p.sku,
    upc: '',
    type: p.type,
    base_price: m(p.base_price),
    price_ex_tax: m(p.price),
    price_inc_tax: m(p.price),
    price_tax: m(0),
    base_total: m(p.base_price * p.quantity),
    total_ex_tax: m(p.price * p.quantity),
    total_inc_tax: m(p.price * p.quantity),
    total_tax: m(0),
    discounted_total_inc_tax: m(p.price * p.quantity),
    weight: p.weight,
    width: m(0),
    height: m(0),
    depth: m(0),
    quantity: p.quantity,
    base_cost_price: m(p.cost_price),
    cost_price_inc_tax: m(p.cost_price),
    cost_price_ex_tax: m(p.cost_price),
    cost_price_tax: m(0),
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: m(0),
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: null,
    base_wrapping_cost: m(0),
    wrapping_cost_ex_tax: m(0),
    wrapping_cost_inc_tax: m(0),
    wrapping_cost_tax: m(0),
    wrapping_message: '',
    quantity_shipped: 0,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: m(0),
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: '',
    applied_discounts: [],
    product_options: p.options.map((o, i) => ({
      id: p.id * 10 + i,
      option_id: o.option_id,
      order_product_id: p.id,
      product_option_id: o.option_id,
      display_name: o.display_name,
      display_value: o.display_value,
      value: o.value,
      type: 'Multiple choice',
      name: o.display_name,
      display_style: 'Rectangle',
      display_name_customer: o.display_name,
      display_name_merchant: o.display_name,
      display_value_customer: o.display_value,
      display_value_merchant: o.display_value,
    })),
    configurable_fields: [],
    gift_certificate_id: null,
  };
}

function dateBound(q: ReturnType<typeof queryOf>, key: string): number | undefined {
  const s = str(q, key);
  if (s === undefined) return undefined;
  const t = /^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s);
  if (Number.isNaN(t)) throw new ApiError(400, `${key} must be an RFC 2822 or ISO 8601 date.`);
  return t;
}

export function orderRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.orders;
  /** The orders the filters select; `anyStatus` for the count, which counts every status apart. */
  const filtered = (q: ReturnType<typeof queryOf>, anyStatus = false): Order[] => {
    const preds: Array<(o: Order) => boolean> = [];
    const status = int(q, 'status_id');
    if (!anyStatus) preds.push(status === undefined ? (o) => o.status_id !== 0 : (o) => o.status_id === status);
    for (const key of ['customer_id', 'channel_id', 'min_id', 'max_id'] as const) {
      const v = int(q, key);
      if (v === undefined) continue;
      if (key === 'min_id') preds.push((o) => o.id >= v);
      else if (key === 'max_id') preds.push((o) => o.id <= v);
      else preds.push((o) => o[key] === v);
    }
    const minTotal = num(q, 'min_total');
    if (minTotal !== undefined) preds.push((o) => o.total >= minTotal);
    const maxTotal = num(q, 'max_total');
    if (maxTotal !== undefined) preds.push((o) => o.total <= maxTotal);
    const email = str(q, 'email')?.toLowerCase();
    if (email) preds.push((o) => o.billing_address.email.toLowerCase() === email);
    const cart = str(q, 'cart_id');
    if (cart) preds.push((o) => o.cart_id === cart);
    for (const [key, field, min] of [
      ['min_date_created', 'date_created', true],
      ['max_date_created', 'date_created', false],
      ['min_date_modified', 'date_modified', true],
      ['max_date_modified', 'date_modified', false],
    ] as const) {
      const t = dateBound(q, key);
      if (t !== undefined) preds.push((o) => (min ? o[field] >= t : o[field] <= t));
    }
    const all = [...store.orders.orders.values()].filter((o) => preds.every((p) => p(o)));
    const sort = str(q, 'sort') ?? 'id:asc';
    const [field, dir = 'asc'] = sort.split(':');
    const fields = ['id', 'customer_id', 'date_created', 'date_modified', 'status_id', 'channel_id'] as const;
    if (!(fields as readonly string[]).includes(field) || !['asc', 'desc'].includes(dir)) {
      throw new ApiError(400, `sort must be one of ${fields.join(', ')}, with :asc or :desc.`);
    }
    const k = field as (typeof fields)[number];
    return all.sort((a, b) => ((a[k] as number) - (b[k] as number) || a.id - b.id) * (dir === 'desc' ? -1 : 1));
  };
  return [
    {
      method: 'GET',
      url: '/orders',
      scope,
      handler: (req, reply) => {
        const q = queryOf(req);
        const page = pageOf(filtered(q), paging(q));
        if (!page.length) return reply.code(204).send();
        const withConsignments = (str(q, 'include') ?? '').includes('consignments') && str(q, 'consignment_structure') === 'object';
        return page.map((o) => orderJson(store, o, withConsignments));
      },
    },
    {
      method: 'GET',
      url: '/orders/count',
      scope,
      handler: (req) => {
        const orders = filtered(queryOf(req), true);
        return {
          statuses: ORDER_STATUSES.map((s, i) => ({
            id: s.id,
            name: s.name,
            system_label: s.name,
            custom_label: s.name,
            system_description: s.description,
            count: orders.filter((o) => o.status_id === s.id).length,
            sort_order: i,
          })),
          count: orders.length,
        };
      },
    },
    {
      method: 'GET',
      url: '/orders/:order_id',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const withConsignments = (str(q, 'include') ?? '').includes('consignments') && str(q, 'consignment_structure') === 'object';
        return orderJson(store, store.orders.order(idParam(req, 'order_id')), withConsignments);
      },
    },
    {
      method: 'GET',
      url: '/orders/:order_id/products',
      scope,
      handler: (req, reply) => {
        const q = queryOf(req);
        const products = pageOf(store.orders.order(idParam(req, 'order_id')).products, paging(q));
        if (!products.length) return reply.code(204).send();
        return products.map(orderProductJson);
      },
    },
  ];
}
