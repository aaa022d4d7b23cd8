// v2 store information and server time: bare objects, no envelope.
import { SCOPES } from '../auth';
import type { Json } from '../http';
import type { SandboxStore } from '../store';
import type { RouteDef, RouteEnv } from './types';

export function storeProfile(store: SandboxStore): Json {
  const site = store.sites.siteOfChannel(1);
  const domain = site ? new URL(site.url).hostname : `store-${store.storeHash}.mybigcommerce.com`;
  return {
    id: store.storeHash,
    account_uuid: '00000000-0000-4000-8000-000000000001',
    domain,
    secure_url: `https://${domain}`,
    control_panel_base_url: `https://store-${store.storeHash}.mybigcommerce.com`,
    status: 'live',
    name: 'Sandbox Store',
    first_name: 'Sandbox',
    last_name: 'Owner',
    address: '1 Loopback Way\nLocalhost, TX 78701\nUnited States',
    country: 'United States',
    country_code: 'US',
    infrastructure_region: 'us-central1',
    phone: '',
    admin_email: 'owner@sandbox.invalid',
    order_email: 'orders@sandbox.invalid',
    favicon_url: '',
    timezone: {
      name: 'America/Chicago',
      raw_offset: -21600,
      dst_offset: -18000,
      dst_correction: true,
      date_format: { display: 'jS M Y', export: 'M jS Y', extended_display: 'M jS Y @ g:i A' },
    },
    language: 'en',
    currency: 'USD',
    currency_symbol: '$',
    decimal_separator: '.',
    thousands_separator: ',',
    decimal_places: 2,
    currency_symbol_location: 'left',
    weight_units: 'LBS',
    dimension_units: 'Inches',
    dimension_decimal_places: 2,
    dimension_decimal_token: '.',
    dimension_thousands_token: ',',
    plan_name: 'Standard',
    plan_level: 'Standard',
    plan_is_trial: false,
    industry: 'Home & Garden',
    logo: [],
    is_price_entered_with_tax: false,
    store_id: store.storeId,
    default_channel_id: 1,
    default_site_id: site?.id ?? 1000,
    active_comparison_modules: [],
    features: {
      stencil_enabled: true,
      sitewidehttps_enabled: true,
      facebook_catalog_id: '',
      checkout_type: 'optimized',
      wishlists_enabled: true,
      graphql_storefront_api_enabled: true,
      shopper_consent_tracking_enabled: false,
      multi_storefront_enabled: store.channels.channels.size > 1,
      storefront_limits: { active: 5, total_including_inactive: 10 },
    },
  };
}

export function storeRoutes({ store }: RouteEnv): RouteDef[] {
  return [
    { method: 'GET', url: '/store', scope: SCOPES.information, handler: () => storeProfile(store) },
    { method: 'GET', url: '/time', scope: SCOPES.information, handler: () => ({ time: Math.floor(Date.now() / 1000) }) },
  ];
}
