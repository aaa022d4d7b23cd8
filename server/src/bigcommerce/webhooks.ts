import { parseSingle } from './envelope';
import { collect, paginateItems } from './pagination';
import type { Transport } from './transport';

// DTOs of the Webhooks v3 API (webhooks.v3.yml).

export interface Webhook {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookInput {
  scope: string;
  destination: string;
  is_active?: boolean;
  headers?: Record<string, string>;
}

/** What BigCommerce POSTs to a hook's destination. */
export interface WebhookPayload {
  scope: string;
  store_id: string;
  data: { type: string; id: number | string; [key: string]: unknown };
  hash: string;
  created_at: number;
  producer: string;
}

export const createWebhooksApi = (transport: Transport) => ({
  list(query: { scope?: string; destination?: string; isActive?: boolean } = {}): Promise<Webhook[]> {
    return collect(
      paginateItems<Webhook>(transport, '/hooks', {
        query: { scope: query.scope, destination: query.destination, is_active: query.isActive },
      })
    );
  },

  async get(id: number): Promise<Webhook> {
    const path = `/hooks/${id}`;
    return parseSingle<Webhook>((await transport.request<unknown>({ path })).data, path);
  },

  async create(input: WebhookInput): Promise<Webhook> {
    const path = '/hooks';
    return parseSingle<Webhook>((await transport.request<unknown>({ method: 'POST', path, body: input })).data, path);
  },

  async update(id: number, input: Partial<WebhookInput>): Promise<Webhook> {
    const path = `/hooks/${id}`;
    return parseSingle<Webhook>((await transport.request<unknown>({ method: 'PUT', path, body: input })).data, path);
  },

  async remove(id: number): Promise<void> {
    await transport.request({ method: 'DELETE', path: `/hooks/${id}` });
  },
});

export type WebhooksApi = ReturnType<typeof createWebhooksApi>;
