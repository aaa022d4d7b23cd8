// The sandbox store: one module per resource, each owning its records, counters and rules, composed
// here with what they share (the store's identity, its clock and its event stream). Routes (the
// BigCommerce API, the payments host, the storefront origin and the control plane) call the modules,
// so every path validates the same way, bumps date_modified the same way and emits the same events.
import { createHash } from 'node:crypto';
import { bcDate, IMAGE_CDN } from '../generator';
import { CartStore } from './carts';
import { CatalogStore } from './catalog';
import { ChannelStore } from './channels';
import { CheckoutStore } from './checkouts';
import { CustomerStore, type CredentialLimit } from './customers';
import { HookStore } from './hooks';
import { LoginStore } from './logins';
import { OrderStore } from './orders';
import { PaymentStore } from './payments';
import { PricingStore } from './pricing';
import { RedirectStore } from './redirects';
import { SiteStore } from './sites';
import { StorefrontTokenStore } from './storefront-tokens';
import { TaxonomyStore } from './taxonomy';
import { WishlistStore } from './wishlists';

/** Entity events carry the resource's type and id; price-list events their keys (an array for batch record events). */
export type EventData = ({ type: string; id: number | string } & Record<string, unknown>) | Record<string, unknown> | Array<Record<string, unknown>>;

export interface CatalogEvent {
  scope: string;
  data: EventData;
}

export interface StoreOptions {
  storeHash: string;
  seed: number;
  products: number;
  /** The client_id on webhooks; the `iss` of Customer Login JWTs. */
  clientId: string;
  /** The API account's client secret, which signs Customer Login JWTs. Default 'sandbox-client-secret'. */
  clientSecret?: string;
  credentialLimit?: CredentialLimit | false;
}

export class SandboxStore {
  readonly storeHash: string;
  readonly seed: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Numeric store id (webhook `store_id`, /v2/store `store_id`). */
  readonly storeId: number;
  /** Key of the tokens the store issues itself (PATs, storefront tokens); never the client secret. */
  readonly signingKey: string;
  /** The storefront origin the sandbox serves (its own URL); set once the server listens. */
  origin = 'http://127.0.0.1';
  /** Where the store's images are (product images, channel icons, the cart's default image): BigCommerce's CDN unless hostImages moved them. */
  imageOrigin = IMAGE_CDN;
  /** Receives every event; the server points it at the webhook dispatcher. */
  onEvent: (e: CatalogEvent) => void = () => undefined;
  /** Clock for mutations (tests may replace it). */
  now: () => number = Date.now;
  /** Bumped by every catalog change; lets derived data (the summary) be cached. */
  version = 0;

  readonly taxonomy: TaxonomyStore;
  readonly catalog: CatalogStore;
  readonly channels: ChannelStore;
  readonly sites: SiteStore;
  readonly hooks: HookStore;
  readonly redirects: RedirectStore;
  readonly customers: CustomerStore;
  readonly carts: CartStore;
  readonly checkouts: CheckoutStore;
  readonly orders: OrderStore;
  readonly payments: PaymentStore;
  readonly wishlists: WishlistStore;
  readonly storefrontTokens: StorefrontTokenStore;
  readonly logins: LoginStore;
  readonly pricing: PricingStore;

  constructor(opts: StoreOptions) {
    this.storeHash = opts.storeHash;
    this.seed = opts.seed;
    this.clientId = opts.clientId;
    this.clientSecret = opts.clientSecret ?? 'sandbox-client-secret';
    this.storeId = 1_000_000 + (Array.from(opts.storeHash).reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 8_999_999);
    this.signingKey = createHash('sha256').update(`sandbox-signing:${opts.storeHash}:${opts.seed}`).digest('hex');
    // The catalog is generated over the taxonomy, so the taxonomy comes first.
    this.taxonomy = new TaxonomyStore(this, opts.products);
    this.catalog = new CatalogStore(this, opts.products);
    this.channels = new ChannelStore(this);
    this.sites = new SiteStore(this);
    this.hooks = new HookStore(this);
    this.redirects = new RedirectStore(this);
    this.customers = new CustomerStore(this, opts.credentialLimit);
    this.carts = new CartStore(this);
    this.checkouts = new CheckoutStore(this);
    this.orders = new OrderStore(this);
    this.payments = new PaymentStore(this);
    this.wishlists = new WishlistStore(this);
    this.storefrontTokens = new StorefrontTokenStore(this);
    this.logins = new LoginStore(this);
    // Price lists are seeded over the catalog's variants, from their own generator stream.
    this.pricing = new PricingStore(this);
  }

  /** Resolves once the seeded data is ready (customer password hashes). */
  get ready(): Promise<void> {
    return this.customers.ready;
  }

  /** A URL on the store's image CDN: `${imageOrigin}/s-${storeHash}/${path}`. */
  imageUrl(path: string): string {
    return `${this.imageOrigin}/s-${this.storeHash}/${path}`;
  }

  /**
   * Points the store's image URLs at `origin` (the sandbox, which serves them: images.ts). Called once the
   * server listens, before any request: product images are generated on read, the seeded channels' icons
   * are stored, so they move here.
   */
  hostImages(origin: string): void {
    this.imageOrigin = origin;
    this.channels.refreshIcons();
  }

  stamp(): string {
    return bcDate(this.now());
  }

  emit(scope: string, data: CatalogEvent['data']): void {
    this.onEvent({ scope, data });
  }

  /** A catalog change: bumps the version, then emits. */
  emitChange(scope: string, data: CatalogEvent['data']): void {
    this.version++;
    this.emit(scope, data);
  }
}
