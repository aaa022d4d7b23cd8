import type { Transport } from './transport';

// DTOs of the Store Information v2 API (store_information.v2.yml): bare objects, no envelope.

export interface StoreInformation {
  id: string;
  account_uuid?: string;
  domain: string;
  secure_url: string;
  control_panel_base_url?: string;
  status: string;
  name: string;
  first_name?: string;
  last_name?: string;
  address?: string;
  country?: string;
  country_code?: string;
  phone?: string;
  admin_email?: string;
  order_email?: string;
  timezone?: { name: string; raw_offset: number; dst_offset: number; dst_correction: boolean };
  language?: string;
  currency: string;
  currency_symbol?: string;
  decimal_separator?: string;
  thousands_separator?: string;
  decimal_places?: number;
  weight_units?: string;
  dimension_units?: string;
  plan_name: string;
  plan_level: string;
  plan_is_trial?: boolean;
  is_price_entered_with_tax?: boolean;
  store_id?: number;
  default_channel_id?: number;
  default_site_id?: number;
}

export interface StoreTime {
  time: number;
}

export const createStoreApi = (transport: Transport) => ({
  async information(): Promise<StoreInformation> {
    return (await transport.request<StoreInformation>({ path: '/store', version: 'v2' })).data;
  },

  /** BigCommerce's clock (unix seconds): the login JWT's `iat` must be within 30 s of it. */
  async time(): Promise<number> {
    return (await transport.request<StoreTime>({ path: '/time', version: 'v2' })).data.time;
  },
});

export type StoreApi = ReturnType<typeof createStoreApi>;
