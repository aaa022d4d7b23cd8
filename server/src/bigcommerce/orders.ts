import { nullIfNotFound } from './errors';
import type { Transport } from './transport';

// DTOs of the Orders v2 API (orders.v2.oas2.yml): bare bodies, 204 when a list is empty.

export interface Order {
  id: number;
  customer_id: number;
  channel_id?: number;
  status_id: number;
  status: string;
  date_created: string;
  date_modified?: string;
  subtotal_inc_tax: string;
  total_inc_tax: string;
  items_total: number;
  currency_code: string;
  payment_status?: string;
  billing_address?: Record<string, unknown>;
}

export interface OrderProduct {
  id: number;
  order_id: number;
  product_id: number;
  variant_id?: number;
  name: string;
  sku: string;
  quantity: number;
  price_inc_tax: string;
  total_inc_tax: string;
}

const list = <T>(body: unknown): T[] => (Array.isArray(body) ? (body as T[]) : []);

export const createOrdersApi = (transport: Transport) => ({
  /** A customer's orders, newest first; BigCommerce leaves Incomplete (status 0) out unless asked for it. */
  async listForCustomer(customerId: number, options: { page?: number; limit?: number; statusId?: number } = {}): Promise<Order[]> {
    const response = await transport.request<unknown>({
      path: '/orders',
      version: 'v2',
      query: { customer_id: customerId, status_id: options.statusId, page: options.page ?? 1, limit: options.limit ?? 20, sort: 'date_created:desc' },
    });
    return list<Order>(response.data);
  },

  /** How many orders the list would give: those of one status, or of every status but Incomplete, as the list. */
  async countForCustomer(customerId: number, statusId?: number): Promise<number> {
    const { data } = await transport.request<{ statuses?: { id: number; count: number }[] }>({
      path: '/orders/count',
      version: 'v2',
      query: { customer_id: customerId },
    });
    const statuses = data?.statuses ?? [];
    return statuses.filter((status) => (statusId === undefined ? status.id !== 0 : status.id === statusId)).reduce((sum, status) => sum + status.count, 0);
  },

  async get(orderId: number): Promise<Order | null> {
    return nullIfNotFound(async () => (await transport.request<Order>({ path: `/orders/${orderId}`, version: 'v2' })).data);
  },

  async products(orderId: number): Promise<OrderProduct[]> {
    return list<OrderProduct>((await transport.request<unknown>({ path: `/orders/${orderId}/products`, version: 'v2' })).data);
  },
});

export type OrdersApi = ReturnType<typeof createOrdersApi>;
