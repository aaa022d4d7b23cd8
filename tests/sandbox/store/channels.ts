// Channels and their product listings.
import { conflict, invalid, notFound } from '../errors';
import { bcDate, GENERATED_AT, mix, mulberry32 } from '../generator';
import type { Channel, ChannelStatus, ChannelType, Listing } from '../types';
import { fail, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

/** Valid channel type for each platform (channels spec, "Platform" table). `custom` fits every type. */
const PLATFORM_TYPES: Record<string, ChannelType[]> = {
  clover: ['pos'],
  square: ['pos'],
  stripe: ['pos'],
  talech: ['pos'],
  vend: ['pos'],
  amazon: ['marketplace'],
  belk: ['marketplace'],
  catch: ['marketplace'],
  ebay: ['marketplace'],
  etsy: ['marketplace'],
  facebook: ['marketplace', 'marketing'],
  hudsons_bay: ['marketplace'],
  google: ['marketplace', 'marketing'],
  google_shopping: ['marketing'],
  instagram: ['marketplace', 'marketing'],
  macys: ['marketplace'],
  meta: ['marketplace', 'marketing'],
  microsoft: ['marketing'],
  mirakl: ['marketplace'],
  overstock: ['marketplace'],
  pinterest: ['marketplace'],
  target_plus: ['marketplace'],
  tiktok: ['marketplace'],
  wayfair: ['marketplace'],
  wish: ['marketplace'],
  walmart: ['marketplace'],
  acquia: ['storefront'],
  bigcommerce: ['storefront'],
  bloomreach: ['storefront'],
  catalyst: ['storefront'],
  deity: ['storefront'],
  drupal: ['storefront'],
  gatsby: ['storefront'],
  next: ['storefront'],
  vue: ['storefront'],
  wordpress: ['storefront'],
  custom: ['storefront', 'pos', 'marketing', 'marketplace'],
};
const CHANNEL_TYPES: ChannelType[] = ['pos', 'marketplace', 'storefront', 'marketing'];
const WRITABLE_STATUSES: Record<ChannelType, ChannelStatus[]> = {
  storefront: ['prelaunch', 'active', 'inactive', 'archived', 'deleted'],
  marketing: ['connected', 'disconnected', 'archived', 'deleted'],
  marketplace: ['connected', 'disconnected', 'archived', 'deleted'],
  pos: ['connected', 'disconnected', 'archived', 'deleted'],
};
export const AVAILABLE_STATUSES: ChannelStatus[] = ['prelaunch', 'active', 'inactive', 'connected'];

export const LISTING_STATES = [
  'active',
  'disabled',
  'error',
  'pending',
  'pending_disable',
  'pending_delete',
  'partially_rejected',
  'queued',
  'rejected',
  'submitted',
  'deleted',
] as const;
const VARIANT_STATES = LISTING_STATES.filter((s) => s !== 'partially_rejected');

/** Seeded listings are drawn for products 1..this on channels 1 and 2. */
export const SEEDED_LISTING_PRODUCTS = 60;

/** When the seeded channels and site were created (before the catalog was generated). */
export const SEEDED_AT = bcDate(GENERATED_AT - 800 * 86_400_000);

export class ChannelStore {
  readonly channels = new Map<number, Channel>();
  readonly listings = new Map<number, Listing>();
  private readonly next = { channel: 3, listing: 1 };

  constructor(private readonly store: SandboxStore) {
    const created = SEEDED_AT;
    const channel = (id: number, name: string, platform: string): Channel => ({
      id,
      name,
      type: 'storefront',
      platform,
      status: 'active',
      external_id: '',
      is_listable_from_ui: true,
      is_visible: true,
      is_enabled: true,
      date_created: created,
      date_modified: created,
      icon_url: this.iconUrl(platform),
    });
    this.channels.set(1, channel(1, 'sandbox-storefront', 'bigcommerce'));
    this.channels.set(2, channel(2, 'outlet-storefront', 'next'));
    this.seedListings();
  }

  /**
   * Listings for about a third of the first products on each seeded channel: most active, some
   * disabled, some with their own name and description, now and then a disabled variant. Drawn
   * from their own generator stream (four draws per product and channel, whatever the branch),
   * so the catalog's draws are untouched and the same seed gives the same listings.
   */
  private seedListings(): void {
    const rng = mulberry32(mix(this.store.seed, 0x6c69_7374));
    const at = bcDate(GENERATED_AT - 200 * 86_400_000);
    const last = Math.min(SEEDED_LISTING_PRODUCTS, this.store.catalog.products.size);
    for (let pid = 1; pid <= last; pid++) {
      const core = this.store.catalog.products.get(pid);
      for (const channelId of [1, 2]) {
        const [listed, disabled, own, variantOff] = [rng(), rng(), rng(), rng()];
        if (!core || !core.channels.includes(channelId) || listed >= 0.35) continue;
        const state = disabled < 0.2 ? 'disabled' : 'active';
        const channelName = (this.channels.get(channelId) as Channel).name;
        const variants = this.store.catalog.detailsOf(core).variants;
        const off = state === 'active' && variants.length > 1 && variantOff < 0.3 ? variants[variants.length - 1].id : undefined;
        const l: Listing = {
          channel_id: channelId,
          listing_id: this.next.listing++,
          external_id: '',
          product_id: pid,
          state,
          name: own < 0.4 ? `${core.name} | ${channelName}` : core.name,
          description: own < 0.4 ? `<p>${core.name}, as sold on ${channelName}.</p>` : '',
          date_created: at,
          date_modified: at,
          variants: variants.map((v) => ({
            channel_id: channelId,
            product_id: pid,
            variant_id: v.id,
            external_id: '',
            state: v.id === off ? 'disabled' : state,
            name: '',
            description: '',
            date_created: at,
            date_modified: at,
          })),
        };
        this.listings.set(l.listing_id, l);
      }
    }
  }

  /** The spec types icon_url as a URL, so every channel gets one (per platform). */
  private iconUrl(platform: string): string {
    return this.store.imageUrl(`channel-icons/${platform}.svg`);
  }

  /** After the store's images moved (SandboxStore.hostImages). */
  refreshIcons(): void {
    for (const c of this.channels.values()) c.icon_url = this.iconUrl(c.platform);
  }

  channel(id: number): Channel {
    const c = this.channels.get(id);
    if (!c) throw notFound('Channel', id);
    return c;
  }

  private checkChannelName(name: unknown, errors: Record<string, string>): void {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(name)) {
      errors.name = 'name may contain only Latin letters, digits, dashes and underscores.';
    }
  }

  createChannel(raw: unknown): Channel {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    for (const k of ['name', 'type', 'platform']) if (input[k] === undefined) errors[k] = `${k} is required.`;
    if (input.name !== undefined) this.checkChannelName(input.name, errors);
    const type = input.type as ChannelType;
    if (input.type !== undefined && !CHANNEL_TYPES.includes(type)) errors.type = `type must be one of: ${CHANNEL_TYPES.join(', ')}.`;
    if (input.platform !== undefined) {
      const types = typeof input.platform === 'string' ? PLATFORM_TYPES[input.platform] : undefined;
      if (!types) errors.platform = `Unknown platform ${String(input.platform)}.`;
      else if (CHANNEL_TYPES.includes(type) && !types.includes(type)) errors.platform = `Platform ${String(input.platform)} does not support type ${type}.`;
    }
    if (input.status !== undefined && CHANNEL_TYPES.includes(type)) {
      const allowed: ChannelStatus[] = WRITABLE_STATUSES[type].filter((s) => s !== 'deleted');
      if (!allowed.includes(input.status as ChannelStatus)) errors.status = `status must be one of: ${allowed.join(', ')}.`;
    }
    for (const k of ['is_listable_from_ui', 'is_visible'] as const)
      if (input[k] !== undefined && typeof input[k] !== 'boolean') errors[k] = `${k} must be a boolean.`;
    if (input.external_id !== undefined && typeof input.external_id !== 'string') errors.external_id = 'external_id must be a string.';
    if (!errors.name && [...this.channels.values()].some((c) => c.name === input.name)) errors.name = 'A channel with this name already exists.';
    fail(errors);
    const now = this.store.stamp();
    const c: Channel = {
      id: this.next.channel++,
      name: input.name as string,
      type,
      platform: input.platform as string,
      status: (input.status as ChannelStatus) ?? (type === 'storefront' ? 'prelaunch' : 'connected'),
      external_id: (input.external_id as string) ?? '',
      is_listable_from_ui: (input.is_listable_from_ui as boolean) ?? true,
      is_visible: (input.is_visible as boolean) ?? true,
      is_enabled: true,
      date_created: now,
      date_modified: now,
      icon_url: this.iconUrl(input.platform as string),
    };
    c.is_enabled = AVAILABLE_STATUSES.includes(c.status);
    this.channels.set(c.id, c);
    return c;
  }

  updateChannel(id: number, raw: unknown): Channel {
    const c = this.channel(id);
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (input.name !== undefined) this.checkChannelName(input.name, errors);
    if (input.status !== undefined) {
      const allowed: ChannelStatus[] = WRITABLE_STATUSES[c.type].filter((s) => s !== 'prelaunch');
      if (!allowed.includes(input.status as ChannelStatus)) errors.status = `status must be one of: ${allowed.join(', ')}.`;
    }
    for (const k of ['is_listable_from_ui', 'is_visible'] as const)
      if (input[k] !== undefined && typeof input[k] !== 'boolean') errors[k] = `${k} must be a boolean.`;
    if (input.external_id !== undefined && typeof input.external_id !== 'string') errors.external_id = 'external_id must be a string.';
    if (input.type !== undefined && input.type !== c.type) errors.type = 'type cannot be changed.';
    if (input.platform !== undefined && input.platform !== c.platform) errors.platform = 'platform cannot be changed.';
    fail(errors);
    if (typeof input.name === 'string' && [...this.channels.values()].some((o) => o !== c && o.name === input.name)) {
      throw conflict('A channel with this name already exists.', { name: 'Channel name must be unique.' });
    }
    let changed = false;
    for (const k of ['name', 'status', 'external_id', 'is_listable_from_ui', 'is_visible'] as const) {
      if (input[k] !== undefined && input[k] !== c[k]) {
        (c as unknown as Json)[k] = input[k];
        changed = true;
      }
    }
    c.is_enabled = AVAILABLE_STATUSES.includes(c.status);
    if (changed) c.date_modified = this.store.stamp();
    return c;
  }

  private checkListings(channelId: number, raw: unknown, withIds: boolean): Json[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of listings.' });
    const errors: Record<string, string> = {};
    raw.forEach((l: Json, i) => {
      const at = `[${i}]`;
      if (typeof l !== 'object' || l === null) {
        errors[at] = 'A listing must be an object.';
        return;
      }
      if (withIds) {
        const existing = this.listings.get(l.listing_id as number);
        if (!Number.isInteger(l.listing_id) || !existing || existing.channel_id !== channelId)
          errors[`${at}.listing_id`] = 'Listing does not exist in this channel.';
      }
      const core = Number.isInteger(l.product_id) ? this.store.catalog.products.get(l.product_id as number) : undefined;
      if (!core) errors[`${at}.product_id`] = 'Product does not exist.';
      if (!LISTING_STATES.includes(l.state as (typeof LISTING_STATES)[number])) errors[`${at}.state`] = `state must be one of: ${LISTING_STATES.join(', ')}.`;
      if (!Array.isArray(l.variants)) {
        errors[`${at}.variants`] = 'variants is required.';
        return;
      }
      const ids = core ? new Set(this.store.catalog.detailsOf(core).variants.map((v) => v.id)) : new Set<number>();
      (l.variants as Json[]).forEach((v, j) => {
        if (v?.product_id !== l.product_id) errors[`${at}.variants[${j}].product_id`] = 'Variant product_id must match the listing.';
        if (!Number.isInteger(v?.variant_id) || !ids.has(v.variant_id as number))
          errors[`${at}.variants[${j}].variant_id`] = 'Variant does not belong to the product.';
        if (!VARIANT_STATES.includes(v?.state as (typeof VARIANT_STATES)[number])) errors[`${at}.variants[${j}].state`] = 'Invalid variant state.';
      });
    });
    fail(errors);
    return raw as Json[];
  }

  upsertListings(channelId: number, raw: unknown, withIds: boolean): Listing[] {
    this.channel(channelId);
    const items = this.checkListings(channelId, raw, withIds);
    const now = this.store.stamp();
    return items.map((l) => {
      const old = withIds ? this.listings.get(l.listing_id as number) : undefined;
      const listing: Listing = {
        channel_id: channelId,
        listing_id: old ? old.listing_id : this.next.listing++,
        external_id: typeof l.external_id === 'string' ? l.external_id : (old?.external_id ?? ''),
        product_id: l.product_id as number,
        state: l.state as string,
        name: typeof l.name === 'string' ? l.name : (old?.name ?? this.store.catalog.product(l.product_id as number).name),
        description: typeof l.description === 'string' ? l.description : (old?.description ?? ''),
        date_created: old?.date_created ?? now,
        date_modified: now,
        variants: (l.variants as Json[]).map((v) => ({
          channel_id: channelId,
          product_id: v.product_id as number,
          variant_id: v.variant_id as number,
          external_id: typeof v.external_id === 'string' ? v.external_id : '',
          state: v.state as string,
          name: typeof v.name === 'string' ? v.name : '',
          description: typeof v.description === 'string' ? v.description : '',
          date_created: old?.variants.find((x) => x.variant_id === v.variant_id)?.date_created ?? now,
          date_modified: now,
        })),
      };
      this.listings.set(listing.listing_id, listing);
      return listing;
    });
  }
}
