import { parseSingle } from './envelope';
import type { Transport } from './transport';

// DTOs of the server-to-server Checkout API (checkouts.v3.yml).

export interface Address {
  first_name?: string;
  last_name?: string;
  email?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  state_or_province?: string;
  state_or_province_code?: string;
  country_code: string;
  postal_code?: string;
  phone?: string;
}

export interface ShippingOption {
  id: string;
  type?: string;
  description: string;
  image_url?: string;
  cost: number;
  transit_time?: string;
}

export interface Consignment {
  id: string;
  address: Address;
  line_item_ids: string[];
  available_shipping_options?: ShippingOption[];
  selected_shipping_option?: ShippingOption | null;
  shipping_cost_inc_tax?: number;
  shipping_cost_ex_tax?: number;
}

export interface Checkout {
  id: string;
  cart: {
    id: string;
    customer_id: number;
    channel_id?: number;
    cart_amount?: number;
    line_items: { physical_items: { id: string; quantity: number }[]; digital_items: { id: string; quantity: number }[] };
  };
  billing_address?: (Address & { id: string }) | null;
  consignments: Consignment[];
  coupons?: { code: string }[];
  order_id?: number | null;
  grand_total: number;
  subtotal_inc_tax?: number;
  subtotal_ex_tax?: number;
  tax_total?: number;
  shipping_cost_total_inc_tax?: number;
  version?: number;
}

export const createCheckoutsApi = (transport: Transport) => {
  const single = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, include?: string): Promise<Checkout> =>
    parseSingle<Checkout>((await transport.request<unknown>({ method, path, body, query: { include } })).data, path);
  const base = (checkoutId: string) => `/checkouts/${encodeURIComponent(checkoutId)}`;
  const shippingOptions = 'consignments.available_shipping_options';

  return {
    get: (checkoutId: string) => single('GET', base(checkoutId), undefined, shippingOptions),
    setBillingAddress: (checkoutId: string, address: Address) => single('POST', `${base(checkoutId)}/billing-address`, address),
    updateBillingAddress: (checkoutId: string, addressId: string, address: Address) =>
      single('PUT', `${base(checkoutId)}/billing-address/${encodeURIComponent(addressId)}`, address),
    addConsignments: (checkoutId: string, consignments: { address: Address; line_items: { item_id: string; quantity: number }[] }[]) =>
      single('POST', `${base(checkoutId)}/consignments`, consignments, shippingOptions),
    /** A new address or new items; BigCommerce drops the chosen shipping option (the quote changed). */
    updateConsignment: (checkoutId: string, consignmentId: string, change: { address?: Address; line_items?: { item_id: string; quantity: number }[] }) =>
      single('PUT', `${base(checkoutId)}/consignments/${encodeURIComponent(consignmentId)}`, change, shippingOptions),
    deleteConsignment: (checkoutId: string, consignmentId: string) =>
      single('DELETE', `${base(checkoutId)}/consignments/${encodeURIComponent(consignmentId)}`, undefined, shippingOptions),
    selectShippingOption: (checkoutId: string, consignmentId: string, shippingOptionId: string) =>
      single('PUT', `${base(checkoutId)}/consignments/${encodeURIComponent(consignmentId)}`, { shipping_option_id: shippingOptionId }, shippingOptions),
    addCoupon: (checkoutId: string, code: string) => single('POST', `${base(checkoutId)}/coupons`, { coupon_code: code }),
    /** Creates the order (status Incomplete) from the checkout; the cart goes once it is paid. */
    async createOrder(checkoutId: string): Promise<{ id: number }> {
      const path = `${base(checkoutId)}/orders`;
      return parseSingle<{ id: number }>((await transport.request<unknown>({ method: 'POST', path })).data, path);
    },
  };
};

export type CheckoutsApi = ReturnType<typeof createCheckoutsApi>;
