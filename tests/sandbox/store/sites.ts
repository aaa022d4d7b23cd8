// Sites of channels, their routes and custom checkout URLs.
import { ApiError, invalid, notFound } from '../errors';
import type { Site, SiteRoute } from '../types';
import { SEEDED_AT } from './channels';
import { fail, isHttpUrl, registrableDomain, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

/** Route types the Sites API accepts (the spec's description lists more than its enum). */
export const ROUTE_TYPES = [
  'product',
  'brand',
  'category',
  'page',
  'blog',
  'home',
  'cart',
  'checkout',
  'search',
  'account',
  'login',
  'returns',
  'static',
  'create_account',
  'forgot_password',
  'account_order_status',
  'account_new_return',
  'recover_abandoned_cart',
] as const;

export class SiteStore {
  readonly sites = new Map<number, Site>();
  readonly routes = new Map<number, SiteRoute>();
  private readonly next = { site: 1001, route: 1 };

  constructor(private readonly store: SandboxStore) {
    this.sites.set(1000, {
      id: 1000,
      url: `https://store-${store.storeHash}.mybigcommerce.com`,
      channel_id: 1,
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
      ssl_status: 'shared',
      checkout_url: null,
      checkout_url_created_at: null,
    });
  }

  siteOfChannel(channelId: number): Site | undefined {
    for (const s of this.sites.values()) if (s.channel_id === channelId) return s;
    return undefined;
  }

  site(id: number): Site {
    const s = this.sites.get(id);
    if (!s) throw notFound('Site', id);
    return s;
  }

  createSite(channelId: number, url: unknown, badStatus: number): Site {
    if (!isHttpUrl(url)) throw new ApiError(badStatus, 'The site URL must be an absolute http(s) URL.', { url: 'Invalid URL.' });
    this.store.channels.channel(channelId);
    if (this.siteOfChannel(channelId)) {
      throw new ApiError(badStatus, `Channel ${channelId} already has a site.`, { channel_id: 'A channel has at most one site.' });
    }
    const now = this.store.stamp();
    const s: Site = {
      id: this.next.site++,
      url,
      channel_id: channelId,
      created_at: now,
      updated_at: now,
      ssl_status: 'shared',
      checkout_url: null,
      checkout_url_created_at: null,
    };
    this.sites.set(s.id, s);
    return s;
  }

  updateSite(s: Site, url: unknown): Site {
    if (!isHttpUrl(url)) throw invalid({ url: 'The site URL must be an absolute http(s) URL.' });
    if (s.checkout_url && registrableDomain(new URL(url).hostname) !== registrableDomain(new URL(s.checkout_url).hostname)) {
      throw invalid({ url: 'The site URL must stay in the same registrable domain as the custom checkout URL.' });
    }
    s.url = url;
    s.updated_at = this.store.stamp();
    return s;
  }

  deleteSite(id: number): void {
    this.sites.delete(id);
    for (const [rid, r] of this.routes) if (r.site_id === id) this.routes.delete(rid);
    this.store.redirects.delete(undefined, id);
  }

  setCheckoutUrl(channelId: number, url: unknown): Site {
    this.store.channels.channel(channelId);
    const s = this.siteOfChannel(channelId);
    if (!s) throw notFound('Site of channel', channelId);
    if (!isHttpUrl(url) || new URL(url).protocol !== 'https:') throw invalid({ url: 'The checkout URL must be an absolute https URL.' });
    const site = registrableDomain(new URL(s.url).hostname);
    const checkout = registrableDomain(new URL(url).hostname);
    if (site !== checkout) {
      throw invalid({ url: `${url} is not in ${site}.` }, `Checkout URL ${url} must be in the same registrable domain as the site (${site}).`);
    }
    const now = this.store.stamp();
    s.checkout_url = url;
    s.checkout_url_created_at ??= now;
    s.updated_at = now;
    return s;
  }

  clearCheckoutUrl(channelId: number): void {
    this.store.channels.channel(channelId);
    const s = this.siteOfChannel(channelId);
    if (!s) throw notFound('Site of channel', channelId);
    s.checkout_url = null;
    s.checkout_url_created_at = null;
    s.updated_at = this.store.stamp();
  }

  checkRoute(input: unknown, partial: boolean): Json {
    const r = requireObject(input);
    const errors: Record<string, string> = {};
    if (!partial || r.type !== undefined) {
      if (!ROUTE_TYPES.includes(r.type as (typeof ROUTE_TYPES)[number])) errors.type = `type must be one of: ${ROUTE_TYPES.join(', ')}.`;
    }
    for (const k of ['matching', 'route']) {
      if ((!partial || r[k] !== undefined) && (typeof r[k] !== 'string' || (r[k] as string).length === 0)) errors[k] = `${k} is required.`;
    }
    fail(errors);
    return r;
  }

  createRoute(siteId: number, input: Json): SiteRoute {
    const route: SiteRoute = {
      id: this.next.route++,
      site_id: siteId,
      type: input.type as string,
      matching: input.matching as string,
      route: input.route as string,
    };
    this.routes.set(route.id, route);
    return route;
  }
}
