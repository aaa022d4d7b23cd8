// Shapes the sandbox serves. Field names follow BigCommerce's v3 catalog, channels, sites and
// webhooks objects so that the JSON on the wire matches what the plugin's client expects.

export type InventoryTracking = 'none' | 'product' | 'variant';
export type ProductType = 'physical' | 'digital';

export interface CustomUrl {
  url: string;
  is_customized: boolean;
}

/** Fields kept for every product in memory: the ones filters and sorts need. */
export interface ProductCore {
  id: number;
  name: string;
  sku: string;
  type: ProductType;
  price: number;
  sale_price: number;
  retail_price: number;
  cost_price: number;
  weight: number;
  brand_id: number;
  categories: number[];
  channels: number[];
  is_visible: boolean;
  is_featured: boolean;
  is_free_shipping: boolean;
  inventory_tracking: InventoryTracking;
  inventory_level: number;
  total_sold: number;
  date_created: string;
  date_modified: string;
  custom_url: CustomUrl;
  /** Index into the generator's option layouts (0 = no options, one base variant). */
  layout: number;
}

export interface OptionValue {
  id: number;
  label: string;
  sort_order: number;
  value_data: { colors: string[] } | null;
  is_default: boolean;
}

export interface ProductOption {
  id: number;
  product_id: number;
  name: string;
  display_name: string;
  type: 'radio_buttons' | 'rectangles' | 'dropdown' | 'swatch';
  sort_order: number;
  config: Record<string, never>;
  option_values: OptionValue[];
}

export interface VariantOptionValue {
  id: number;
  label: string;
  option_id: number;
  option_display_name: string;
}

export interface Variant {
  id: number;
  product_id: number;
  sku: string;
  sku_id: number;
  price: number | null;
  sale_price: number | null;
  retail_price: number | null;
  cost_price: number | null;
  map_price: number;
  weight: number | null;
  width: number | null;
  height: number | null;
  depth: number | null;
  is_free_shipping: boolean;
  fixed_cost_shipping_price: number | null;
  purchasing_disabled: boolean;
  purchasing_disabled_message: string;
  image_url: string;
  upc: string;
  mpn: string;
  gtin: string;
  inventory_level: number;
  inventory_warning_level: number;
  bin_picking_number: string;
  option_values: VariantOptionValue[];
}

export interface ProductImage {
  id: number;
  product_id: number;
  image_file: string;
  is_thumbnail: boolean;
  sort_order: number;
  description: string;
  image_url: string;
  url_zoom: string;
  url_standard: string;
  url_thumbnail: string;
  url_tiny: string;
  date_modified: string;
}

export interface CustomField {
  id: number;
  name: string;
  value: string;
}

export interface BulkPricingRule {
  id: number;
  quantity_min: number;
  quantity_max: number;
  type: 'price' | 'percent' | 'fixed';
  amount: number;
}

/** Everything about a product that is not in ProductCore; generated on demand. */
export interface ProductDetails {
  description: string;
  width: number;
  depth: number;
  height: number;
  map_price: number;
  tax_class_id: number;
  product_tax_code: string;
  inventory_warning_level: number;
  fixed_cost_shipping_price: number;
  warranty: string;
  bin_picking_number: string;
  layout_file: string;
  upc: string;
  mpn: string;
  gtin: string;
  search_keywords: string;
  availability: 'available' | 'disabled' | 'preorder';
  availability_description: string;
  condition: 'New' | 'Used' | 'Refurbished';
  is_condition_shown: boolean;
  order_quantity_minimum: number;
  order_quantity_maximum: number;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  view_count: number;
  reviews_rating_sum: number;
  reviews_count: number;
  sort_order: number;
  related_products: number[];
  is_price_hidden: boolean;
  price_hidden_label: string;
  is_preorder_only: boolean;
  preorder_message: string;
  open_graph_type: 'product';
  open_graph_title: string;
  open_graph_description: string;
  open_graph_use_meta_description: boolean;
  open_graph_use_product_name: boolean;
  open_graph_use_image: boolean;
  options: ProductOption[];
  variants: Variant[];
  images: ProductImage[];
  custom_fields: CustomField[];
  bulk_pricing_rules: BulkPricingRule[];
}

export interface Category {
  id: number;
  parent_id: number;
  name: string;
  description: string;
  views: number;
  sort_order: number;
  page_title: string;
  search_keywords: string;
  meta_keywords: string[];
  meta_description: string;
  layout_file: string;
  is_visible: boolean;
  default_product_sort: string;
  image_url: string;
  custom_url: CustomUrl;
  /** Stable UUID used by the category-trees API. */
  uuid: string;
  tree_id: number;
}

export interface CategoryTree {
  id: number;
  name: string;
  channels: number[];
}

export interface Brand {
  id: number;
  name: string;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  search_keywords: string;
  image_url: string;
  custom_url: CustomUrl;
}

export type ChannelType = 'pos' | 'marketplace' | 'storefront' | 'marketing';
export type ChannelStatus = 'active' | 'prelaunch' | 'inactive' | 'connected' | 'disconnected' | 'archived' | 'deleted' | 'terminated';

export interface Channel {
  id: number;
  name: string;
  type: ChannelType;
  platform: string;
  status: ChannelStatus;
  external_id: string;
  is_listable_from_ui: boolean;
  is_visible: boolean;
  is_enabled: boolean;
  date_created: string;
  date_modified: string;
  icon_url: string;
}

export interface ListingVariant {
  channel_id: number;
  product_id: number;
  variant_id: number;
  external_id: string;
  state: string;
  name: string;
  description: string;
  date_created: string;
  date_modified: string;
}

export interface Listing {
  channel_id: number;
  listing_id: number;
  external_id: string;
  product_id: number;
  state: string;
  name: string;
  description: string;
  date_created: string;
  date_modified: string;
  variants: ListingVariant[];
}

export interface SiteUrl {
  url: string;
  type: 'primary' | 'canonical' | 'checkout';
  created_at: string;
  updated_at: string;
}

export interface Site {
  id: number;
  url: string;
  channel_id: number;
  created_at: string;
  updated_at: string;
  ssl_status: 'dedicated' | 'shared';
  /** Custom checkout URL, when one was set through /channels/{id}/site/checkout-url. */
  checkout_url: string | null;
  checkout_url_created_at: string | null;
}

export interface SiteRoute {
  id: number;
  site_id: number;
  type: string;
  matching: string;
  route: string;
}

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
  /** The access token that created it: BigCommerce shows a hook only to its own API account. */
  owner_token: string;
  /** Consecutive events whose delivery failed after all retries. */
  consecutive_failures: number;
}

export interface WebhookDelivery {
  id: number;
  hook_id: number;
  scope: string;
  destination: string;
  attempt: number;
  /** HTTP status of the destination's answer; null when no answer came (refused, timeout, blocked). */
  status: number | null;
  ok: boolean;
  error?: string;
  headers: Record<string, string>;
  payload: WebhookPayload;
  at: number;
  duration_ms: number;
}

export interface WebhookPayload {
  scope: string;
  store_id: string;
  /** Catalog, order and customer events carry a numeric id; cart events the cart's UUID; price-list events their keys (batch record events an array). */
  data: (Record<string, unknown> & { type: string; id: number | string }) | Record<string, unknown> | Array<Record<string, unknown>>;
  hash: string;
  created_at: number;
  producer: string;
}

// ---------------------------------------------------------------- storefront: customers, carts, orders

export interface CustomerAddress {
  id: number;
  customer_id: number;
  first_name: string;
  last_name: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  postal_code: string;
  country_code: string;
  phone: string;
  address_type: 'residential' | 'commercial';
}

export interface Customer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  notes: string;
  tax_exempt_category: string;
  customer_group_id: number;
  registration_ip_address: string;
  date_created: string;
  date_modified: string;
  accepts_product_review_abandoned_cart_emails: boolean;
  origin_channel_id: number;
  /** null = global access (any channel that allows global logins). */
  channel_ids: number[] | null;
  force_password_reset: boolean;
  /** `scrypt$N$r$p$salt$hash` (base64url); never serialised. null = no password set. */
  password_hash: string | null;
  addresses: CustomerAddress[];
}

/** Per-channel overrides of the customer settings; null inherits the global value (or the default). */
export interface ChannelCustomerSettings {
  allow_global_logins: boolean | null;
  ask_shopper_for_tracking_consent: boolean | null;
  policy_url: string | null;
  guest_customer_group_id: number | null;
  default_customer_group_id: number | null;
}

export interface CustomerSettings {
  ask_shopper_for_tracking_consent: boolean;
  policy_url: string;
  guest_customer_group_id: number;
  default_customer_group_id: number;
}

export interface OptionSelection {
  option_id: number;
  option_value: number | string;
  name: string;
  value: string;
  nameId: number;
  valueId: number;
}

export interface CartLineItem {
  id: string;
  kind: 'physical' | 'digital';
  product_id: number;
  variant_id: number;
  quantity: number;
  /** list_price given by the API client; null = the catalog price. */
  list_price_override: number | null;
  name_override: string | null;
  option_selections: OptionSelection[];
}

export interface CartCustomItem {
  id: string;
  sku: string;
  name: string;
  quantity: number;
  list_price: number;
  image_url: string;
}

export interface CartGiftCertificate {
  id: string;
  name: string;
  theme: string;
  amount: number;
  quantity: number;
  sender: { name: string; email: string };
  recipient: { name: string; email: string };
  message: string;
}

export interface CheckoutAddress {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  state_or_province_code: string;
  country_code: string;
  postal_code: string;
  phone: string;
  custom_fields: Array<{ field_id: string; field_value: string }>;
}

export interface ShippingOption {
  id: string;
  type: string;
  description: string;
  image_url: string;
  cost: number;
  transit_time: string;
  additional_description: string;
}

export interface Consignment {
  id: string;
  address: CheckoutAddress;
  line_items: Array<{ item_id: string; quantity: number }>;
  selected_shipping_option_id: string | null;
}

export interface Coupon {
  id: number;
  code: string;
  name: string;
  /** BigCommerce's coupon types; the sandbox seeds percentage_discount and per_total_discount. */
  type: 'percentage_discount' | 'per_total_discount';
  amount: number;
  min_purchase: number;
  enabled: boolean;
}

export interface Cart {
  id: string;
  customer_id: number;
  channel_id: number;
  email: string;
  currency: string;
  locale: string;
  line_items: CartLineItem[];
  custom_items: CartCustomItem[];
  gift_certificates: CartGiftCertificate[];
  coupon_codes: string[];
  created_time: string;
  updated_time: string;
  /** Bumped by every change; a request carrying another version gets 409. */
  version: number;
  /** ms; 30 days after the last change. */
  expires_at: number;
  /** Redirect-URL tokens (single use, 30 days): token -> expiry ms. */
  redirect_tokens: Map<string, number>;
  billing_address: CheckoutAddress | null;
  consignments: Consignment[];
  customer_message: string;
  /** Last order created from this checkout. */
  order_id: number | null;
  abandoned_token: string | null;
}

export interface OrderAddress {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

export interface OrderProduct {
  id: number;
  order_id: number;
  product_id: number;
  variant_id: number;
  order_address_id: number;
  name: string;
  sku: string;
  type: 'physical' | 'digital' | 'giftcertificate';
  base_price: number;
  price: number;
  quantity: number;
  weight: number;
  cost_price: number;
  options: Array<{ display_name: string; display_value: string; option_id: number; value: string }>;
}

export interface OrderShipping {
  id: number;
  address: OrderAddress;
  method: string;
  cost: number;
  items_total: number;
}

export interface Order {
  id: number;
  cart_id: string;
  customer_id: number;
  channel_id: number;
  status_id: number;
  payment_status: '' | 'captured' | 'declined' | 'pending';
  payment_method: string;
  payment_provider_id: string;
  date_created: number;
  date_modified: number;
  currency_code: string;
  subtotal: number;
  discount_amount: number;
  coupon_discount: number;
  shipping_cost: number;
  total: number;
  items_total: number;
  customer_message: string;
  ip_address: string;
  billing_address: OrderAddress;
  shipping: OrderShipping[];
  products: OrderProduct[];
  coupon_codes: string[];
}

export interface PaymentAccessToken {
  /** jti of the PAT JWT. */
  id: string;
  order_id: number;
  expires_at: number;
  used: boolean;
}

export interface PaymentTransaction {
  id: string;
  order_id: number;
  status: 'success' | 'declined';
  amount: number;
  code?: number;
  card_last4: string;
  at: number;
}

export interface WishlistItem {
  id: number;
  product_id: number;
  variant_id: number;
}

export interface Wishlist {
  id: number;
  customer_id: number;
  name: string;
  is_public: boolean;
  token: string;
  items: WishlistItem[];
}

export interface StorefrontToken {
  jti: string;
  kind: 'storefront' | 'private' | 'customer_impersonation';
  channel_ids: number[];
  expires_at: number;
  allowed_cors_origins: string[];
  scopes: string[];
  revoked: boolean;
}

/** One visit of /login/token/{jwt} on the storefront origin. */
export interface LoginRecord {
  at: number;
  ok: boolean;
  /** Why it failed: malformed, bad_signature, wrong_issuer, wrong_operation, wrong_store, expired, issued_in_future, replayed, unknown_customer, unknown_channel, channel_denied, ip_mismatch, bad_redirect. */
  reason?: string;
  customer_id?: number;
  channel_id?: number;
  jti?: string;
  redirect_to?: string;
  ip: string;
  /** Storefront session created by a successful login. */
  session?: string;
}

export interface StorefrontSession {
  token: string;
  customer_id: number;
  channel_id: number;
  created_at: number;
}

/** Redirects v3 (`/storefront/redirects`): a 301 from a path of one site. */
export type RedirectTargetType = 'product' | 'brand' | 'category' | 'page' | 'post' | 'url';

export interface Redirect {
  id: number;
  site_id: number;
  from_path: string;
  to: { type: RedirectTargetType; entity_id?: number; url?: string };
}
