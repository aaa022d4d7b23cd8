// The catalog side of the sandbox store as tests know it (`sb.catalog`): one flat object over the
// resource modules of ./store (catalog, taxonomy, channels, sites, hooks, redirects).
import { SandboxStore, type StoreOptions } from './store';
import type { CatalogStore } from './store/catalog';
import type { ChannelStore } from './store/channels';
import type { HookStore } from './store/hooks';
import type { SiteStore } from './store/sites';
import type { TaxonomyStore } from './store/taxonomy';

export type { CatalogEvent } from './store';
export { PRODUCT_LIMITS } from './store/catalog';

export class SandboxState {
  readonly store: SandboxStore;

  constructor(from: StoreOptions | SandboxStore) {
    this.store = from instanceof SandboxStore ? from : new SandboxStore(from);
  }

  get storeHash(): string {
    return this.store.storeHash;
  }
  get seed(): number {
    return this.store.seed;
  }
  get storeId(): number {
    return this.store.storeId;
  }
  get now(): SandboxStore['now'] {
    return this.store.now;
  }
  set now(f: SandboxStore['now']) {
    this.store.now = f;
  }
  get onEvent(): SandboxStore['onEvent'] {
    return this.store.onEvent;
  }
  set onEvent(f: SandboxStore['onEvent']) {
    this.store.onEvent = f;
  }

  get products(): CatalogStore['products'] {
    return this.store.catalog.products;
  }
  get details(): CatalogStore['details'] {
    return this.store.catalog.details;
  }
  get categories(): TaxonomyStore['categories'] {
    return this.store.taxonomy.categories;
  }
  get trees(): TaxonomyStore['trees'] {
    return this.store.taxonomy.trees;
  }
  get brands(): TaxonomyStore['brands'] {
    return this.store.taxonomy.brands;
  }
  get channels(): ChannelStore['channels'] {
    return this.store.channels.channels;
  }
  get sites(): SiteStore['sites'] {
    return this.store.sites.sites;
  }
  get routes(): SiteStore['routes'] {
    return this.store.sites.routes;
  }
  get hooks(): HookStore['hooks'] {
    return this.store.hooks.hooks;
  }
  get redirects(): SandboxStore['redirects'] {
    return this.store.redirects;
  }

  readonly product: CatalogStore['product'] = (...a) => this.store.catalog.product(...a);
  readonly detailsOf: CatalogStore['detailsOf'] = (...a) => this.store.catalog.detailsOf(...a);
  readonly variantsOf: CatalogStore['variantsOf'] = (...a) => this.store.catalog.variantsOf(...a);
  readonly variantCount: CatalogStore['variantCount'] = (...a) => this.store.catalog.variantCount(...a);
  readonly findVariant: CatalogStore['findVariant'] = (...a) => this.store.catalog.findVariant(...a);
  readonly createProduct: CatalogStore['createProduct'] = (...a) => this.store.catalog.createProduct(...a);
  readonly updateProduct: CatalogStore['updateProduct'] = (...a) => this.store.catalog.updateProduct(...a);
  readonly deleteProduct: CatalogStore['deleteProduct'] = (...a) => this.store.catalog.deleteProduct(...a);
  readonly updateVariant: CatalogStore['updateVariant'] = (...a) => this.store.catalog.updateVariant(...a);
  readonly setChannelAssignments: CatalogStore['setChannelAssignments'] = (...a) => this.store.catalog.setChannelAssignments(...a);
  readonly category: TaxonomyStore['category'] = (...a) => this.store.taxonomy.category(...a);
  readonly createCategory: TaxonomyStore['createCategory'] = (...a) => this.store.taxonomy.createCategory(...a);
  readonly channel: ChannelStore['channel'] = (...a) => this.store.channels.channel(...a);
  readonly createChannel: ChannelStore['createChannel'] = (...a) => this.store.channels.createChannel(...a);
  readonly siteOfChannel: SiteStore['siteOfChannel'] = (...a) => this.store.sites.siteOfChannel(...a);
  readonly createSite: SiteStore['createSite'] = (...a) => this.store.sites.createSite(...a);
}
