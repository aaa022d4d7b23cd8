import { parseList, parseSingle } from './envelope';
import type { Transport } from './transport';

// DTOs of the Customers v3 API (customers.v3.yml).

export interface Customer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  company?: string;
  phone?: string;
  customer_group_id?: number;
  channel_ids?: number[] | null;
  date_created?: string;
  date_modified?: string;
}

export interface CreateCustomerInput {
  email: string;
  first_name: string;
  last_name: string;
  company?: string;
  phone?: string;
  channel_ids?: number[];
  /** Sent to BigCommerce only; never stored or logged by the plugin. */
  authentication?: { new_password: string; force_password_reset?: boolean };
}

export interface CredentialsCheck {
  is_valid: boolean;
  customer_id: number | null;
}

/**
 * Customer settings of one channel (customers.v3.yml, CustomerChannelSettingsObject).
 * `allow_global_logins` decides whether customers with global access may sign in on the channel,
 * which validate-credentials honours.
 */
export interface CustomerChannelSettings {
  privacy_settings?: { ask_shopper_for_tracking_consent?: boolean | null; policy_url?: string | null };
  customer_group_settings?: { guest_customer_group_id?: number | null; default_customer_group_id?: number | null };
  allow_global_logins?: boolean | null;
}

export const createCustomersApi = (transport: Transport) => ({
  async get(id: number): Promise<Customer | null> {
    const path = '/customers';
    const body = parseList<Customer>((await transport.request<unknown>({ path, query: { 'id:in': [id] } })).data, path);
    return body.data[0] ?? null;
  },

  async findByEmail(email: string): Promise<Customer | null> {
    const path = '/customers';
    const body = parseList<Customer>((await transport.request<unknown>({ path, query: { 'email:in': [email] } })).data, path);
    return body.data[0] ?? null;
  },

  async create(input: CreateCustomerInput): Promise<Customer> {
    const path = '/customers';
    const [customer] = parseSingle<Customer[]>((await transport.request<unknown>({ method: 'POST', path, body: [input] })).data, path);
    return customer;
  },

  /**
   * BigCommerce checks the password; the answer is a bare object. It is a POST without side effects,
   * but it has its own abuse limit, so it is not retried on 5xx.
   */
  async validateCredentials(input: { email: string; password: string; channel_id: number }): Promise<CredentialsCheck> {
    const response = await transport.request<CredentialsCheck>({ method: 'POST', path: '/customers/validate-credentials', body: input });
    return response.data;
  },

  async getChannelSettings(channelId: number): Promise<CustomerChannelSettings> {
    const path = `/customers/settings/channels/${channelId}`;
    return parseSingle<CustomerChannelSettings>((await transport.request<unknown>({ path })).data, path);
  },

  /** Writes only the fields given; `null` drops the channel's override (the global setting applies). */
  async updateChannelSettings(channelId: number, input: CustomerChannelSettings): Promise<CustomerChannelSettings> {
    const path = `/customers/settings/channels/${channelId}`;
    return parseSingle<CustomerChannelSettings>((await transport.request<unknown>({ method: 'PUT', path, body: input })).data, path);
  },
});

export type CustomersApi = ReturnType<typeof createCustomersApi>;
