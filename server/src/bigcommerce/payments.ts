import { parseSingle } from './envelope';
import type { Transport } from './transport';

// Payments API (payments/access-tokens, accepted-methods): the card itself never passes through us.

export interface PaymentMethod {
  id: string;
  name: string;
  test_mode?: boolean;
  type: string;
  supported_instruments?: { instrument_type: string; verification_value_required?: boolean }[];
  stored_instruments?: unknown[];
}

export const createPaymentsApi = (transport: Transport) => ({
  /** This store's payments endpoint: the browser posts the card there with an access token, never to us. */
  url: `${transport.paymentsUrl}/stores/${transport.storeHash}/payments`,

  /** A payment access token (PAT) for one order: the browser pays with it at BigCommerce directly. */
  async createAccessToken(orderId: number): Promise<string> {
    const path = '/payments/access_tokens';
    return parseSingle<{ id: string }>((await transport.request<unknown>({ method: 'POST', path, body: { order: { id: orderId } } })).data, path).id;
  },

  async methods(orderId: number): Promise<PaymentMethod[]> {
    const path = '/payments/methods';
    return parseSingle<PaymentMethod[]>((await transport.request<unknown>({ path, query: { order_id: orderId } })).data, path);
  },
});

export type PaymentsApi = ReturnType<typeof createPaymentsApi>;
