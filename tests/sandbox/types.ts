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
export type ChannelStatus =
  | 'active'
  | 'prelaunch'
  | 'inactive'
  | 'connected'
  | 'disconnected'
  | 'archived'
  | 'deleted'
  | 'terminated';

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
  data: Record<string, unknown> & { type: string; id: number };
  hash: string;
  created_at: number;
  producer: string;
}
