// Orders created from checkouts, and their statuses.
import { invalid, notFound } from '../errors';
import type { CheckoutAddress, Order, OrderAddress, OrderProduct, ShippingOption } from '../types';
import type { SandboxStore } from '.';

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

export class OrderStore {
  readonly orders = new Map<number, Order>();
  private readonly next = { order: 100, orderProduct: 1, orderAddress: 1 };

  constructor(private readonly store: SandboxStore) {}

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
    const cart = this.store.carts.cart(cartId);
    const { priced, shipping, grand_total } = this.store.checkouts.totals(cart);
    const itemCount = priced.physical.length + priced.digital.length + priced.custom.length + priced.gifts.length;
    if (itemCount === 0) throw invalid({ line_items: 'The cart is empty.' }, 'The checkout has no items');
    if (!cart.billing_address) throw invalid({ billing_address: 'Add a billing address first.' }, 'Missing billing address');
    for (const p of priced.physical) {
      if (this.store.checkouts.assigned(cart, p.item.id) < p.item.quantity) {
        throw invalid(
          { consignments: `Line item ${p.item.id} has no consignment (shipping address) for all of its quantity.` },
          'A shipping address for this order is incomplete'
        );
      }
    }
    for (const c of cart.consignments) {
      if (!this.store.checkouts.selectedOption(cart, c))
        throw invalid({ [`consignments.${c.id}`]: 'Select a shipping option for this consignment.' }, 'Shipping option is missing');
    }
    const t = this.store.now();
    const id = this.next.order++;
    const shippingRows = cart.consignments.map((c) => {
      const opt = this.store.checkouts.selectedOption(cart, c) as ShippingOption;
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
    this.store.emit('store/order/created', { type: 'order', id });
    this.store.emit('store/cart/converted', { type: 'cart', id: cart.id, orderId: id });
    return order;
  }

  order(id: number): Order {
    const o = this.orders.get(id);
    if (!o) throw notFound('Order', id);
    return o;
  }

  setOrderStatus(order: Order, status: number): void {
    const previous = order.status_id;
    if (previous === status) return;
    order.status_id = status;
    order.date_modified = this.store.now();
    this.store.emit('store/order/statusUpdated', { type: 'order', id: order.id, status: { previous_status_id: previous, new_status_id: status } });
    this.store.emit('store/order/updated', { type: 'order', id: order.id });
  }
}
