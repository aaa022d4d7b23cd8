import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import type { BigCommerceClient, Channel, ChannelSite, SiteRouteInput } from '../bigcommerce';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { channelNameSlug } from '../../../shared/channel-name';
import type {
  ChangeAction,
  ChannelChange,
  ChannelCurrencies,
  ChannelDetail,
  ChannelSummary,
  ChannelView,
  ServedChannels,
  SiteView,
} from '../../../shared/channels';
import { normalizeSiteUrl } from '../utils/site-defaults';
import type { ChannelUpdate } from '../validation/channels';

const siteView = (site: ChannelSite | null): SiteView | null => {
  if (!site) return null;
  const checkout = site.urls?.find((url) => url.type === 'checkout')?.url ?? null;
  return { id: site.id, url: site.url, checkoutUrl: checkout, isCheckoutUrlCustomized: site.is_checkout_url_customized ?? checkout !== null };
};

const channelView = (channel: Channel, site: ChannelSite | null, served: number[]): ChannelView => ({
  id: channel.id,
  name: channel.name,
  type: channel.type,
  platform: channel.platform,
  status: channel.status,
  isServed: served.includes(channel.id),
  site: siteView(site),
});

const routeKey = (route: { type: string; matching: string }): string => `${route.type}\u0000${route.matching}`;

/**
 * The Channels & sites panel: BigCommerce's channels, their site, routes, checkout URL and customer
 * login setting, and which of them this Strapi serves. A BigCommerce failure leaves through the routes'
 * one mapping (a 4xx with BigCommerce's reason, or a 502/503).
 */
const channelsAdmin = ({ strapi }: { strapi: Core.Strapi }) => {
  const client = () => getService(strapi, 'client').get();
  const served = async () => (await getService(strapi, 'settings').getConnection()).channelIds;

  const currenciesOf = async (bc: BigCommerceClient, channelId: number): Promise<ChannelCurrencies> => {
    try {
      return { known: true, ...(await getService(strapi, 'pricing').currencies(channelId, bc)) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      strapi.log.warn(`[${PLUGIN_ID}] currencies of channel ${channelId} could not be read: ${reason}`);
      return { known: false, reason };
    }
  };

  const detail = async (bc: BigCommerceClient, id: number): Promise<ChannelDetail> => {
    const [channel, site, settings, servedIds] = await Promise.all([
      bc.channels.get(id),
      bc.channels.getSite(id),
      bc.customers.getChannelSettings(id),
      served(),
    ]);
    const routes = site ? await bc.sites.routes(site.id) : [];
    return { ...channelView(channel, site, servedIds), routes, allowGlobalLogins: settings.allow_global_logins ?? null };
  };

  /** Writes the routes' differences: one bulk upsert for new and changed routes, a delete per dropped one. */
  const saveRoutes = async (bc: BigCommerceClient, siteId: number, wanted: NonNullable<ChannelUpdate['routes']>, changes: ChannelChange[]) => {
    const current = new Map((await bc.sites.routes(siteId)).map((route) => [routeKey(route), route]));
    const upserts: SiteRouteInput[] = [];
    const upserted: ChannelChange[] = [];
    for (const route of wanted) {
      const existing = current.get(routeKey(route));
      current.delete(routeKey(route));
      if (existing?.route === route.route) continue;
      upserts.push(existing ? { ...route, id: existing.id } : route);
      upserted.push({
        field: 'route',
        action: existing ? 'updated' : 'created',
        type: route.type,
        matching: route.matching,
        from: existing?.route ?? null,
        to: route.route,
      });
    }
    // BigCommerce validates the whole array first: either every upsert is applied or none is.
    if (upserts.length) await bc.sites.upsertRoutes(siteId, upserts);
    changes.push(...upserted);
    for (const dropped of current.values()) {
      await bc.sites.deleteRoute(siteId, dropped.id);
      changes.push({ field: 'route', action: 'deleted', type: dropped.type, matching: dropped.matching, from: dropped.route, to: null });
    }
  };

  return {
    /**
     * Every channel of the store, with its site (two requests whatever the number of channels), its
     * listing status (two grouped queries of the synced catalog) and its currencies (one cached request
     * per channel; one BigCommerce refuses or fails is shown as unknown, the rest of the list stands).
     */
    async list(): Promise<ChannelSummary[]> {
      const bc = await client();
      const [channels, sites, servedIds, status] = await Promise.all([
        bc.channels.list(),
        bc.sites.list(),
        served(),
        getService(strapi, 'listings-admin').statusByChannel(),
      ]);
      const byChannel = new Map(sites.map((site) => [site.channel_id, site]));
      const currencies = await Promise.all(channels.map((channel) => currenciesOf(bc, channel.id)));
      return channels.map((channel, index) => ({
        ...channelView(channel, byChannel.get(channel.id) ?? null, servedIds),
        listings: status.get(channel.id) ?? { listed: 0, overridden: 0, disabled: 0 },
        currencies: currencies[index],
      }));
    },

    async find(id: number): Promise<ChannelDetail> {
      return detail(await client(), id);
    },

    /** A storefront channel on the `custom` platform (a headless storefront), named as BigCommerce allows. */
    async create(input: { name: string; status?: 'prelaunch' | 'active' }): Promise<ChannelView> {
      const bc = await client();
      const channel = await bc.channels.create({ name: channelNameSlug(input.name), type: 'storefront', platform: 'custom', status: input.status });
      strapi.log.info(`[${PLUGIN_ID}] created storefront channel ${channel.id} (${channel.name})`);
      return channelView(channel, null, await served());
    },

    /**
     * Brings BigCommerce in line with the form: only what differs is written, and every write is
     * reported. If BigCommerce refuses a step, the error carries the changes already made (`applied`).
     */
    async update(id: number, input: ChannelUpdate): Promise<{ channel: ChannelDetail; changes: ChannelChange[] }> {
      const bc = await client();
      const changes: ChannelChange[] = [];
      try {
        const [channel, siteBefore] = await Promise.all([bc.channels.get(id), bc.channels.getSite(id)]);
        let site = siteBefore;
        const checkoutBefore = siteView(site)?.checkoutUrl ?? null;
        if (input.status !== undefined && input.status !== channel.status) {
          await bc.channels.update(id, { status: input.status });
          changes.push({ field: 'status', action: 'updated', from: channel.status, to: input.status });
        }
        if (!site && input.siteUrl === undefined && (input.routes !== undefined || typeof input.checkoutUrl === 'string')) {
          throw new errors.ValidationError('The channel has no site yet: enter its site URL first', {
            errors: [{ path: ['siteUrl'], message: 'Site URL is required before routes or a checkout URL', name: 'ValidationError' }],
          });
        }
        const checkoutChanges = input.checkoutUrl !== undefined && input.checkoutUrl !== checkoutBefore;
        let checkoutCleared = false;
        if (input.siteUrl !== undefined) {
          const url = normalizeSiteUrl(input.siteUrl);
          if (!site) {
            site = await bc.channels.createSite(id, url);
            changes.push({ field: 'siteUrl', action: 'created', from: null, to: url });
          } else if (normalizeSiteUrl(site.url) !== url) {
            // A custom checkout URL pins the site to its domain: when the form changes the checkout
            // URL too, drop the old one first so that the site can move.
            if (checkoutBefore && checkoutChanges) {
              await bc.channels.clearCheckoutUrl(id);
              checkoutCleared = true;
              changes.push({ field: 'checkoutUrl', action: 'deleted', from: checkoutBefore, to: null });
            }
            const from = site.url;
            site = await bc.channels.updateSite(id, url);
            changes.push({ field: 'siteUrl', action: 'updated', from, to: url });
          }
        }
        if (checkoutChanges) {
          const url = input.checkoutUrl ?? null;
          if (url !== null) await bc.channels.setCheckoutUrl(id, url);
          else if (!checkoutCleared) await bc.channels.clearCheckoutUrl(id);
          const action: ChangeAction = checkoutBefore === null ? 'created' : url === null ? 'deleted' : 'updated';
          // One entry per field: this replaces the interim "deleted" of a site move.
          const interim = changes.findIndex((change) => change.field === 'checkoutUrl');
          if (interim >= 0) changes.splice(interim, 1);
          changes.push({ field: 'checkoutUrl', action, from: checkoutBefore, to: url });
        }
        if (input.routes !== undefined && site) await saveRoutes(bc, site.id, input.routes, changes);
        if (input.allowGlobalLogins !== undefined) {
          const before = (await bc.customers.getChannelSettings(id)).allow_global_logins ?? null;
          if (before !== input.allowGlobalLogins) {
            await bc.customers.updateChannelSettings(id, { allow_global_logins: input.allowGlobalLogins });
            changes.push({ field: 'allowGlobalLogins', action: before === null ? 'created' : 'updated', from: before, to: input.allowGlobalLogins });
          }
        }
      } catch (error) {
        throw withApplied(error, changes);
      }
      if (changes.length) strapi.log.info(`[${PLUGIN_ID}] channel ${id}: ${changes.length} change(s) written to BigCommerce`);
      return { channel: await detail(bc, id), changes };
    },

    /** Which channels this Strapi serves; each must exist in BigCommerce. */
    async setServed(channelIds: number[]): Promise<ServedChannels> {
      const bc = await client();
      const wanted = [...new Set(channelIds)];
      const known = new Set((await bc.channels.list()).map((channel) => channel.id));
      const unknown = wanted.filter((id) => !known.has(id));
      if (unknown.length) {
        const message = `This store has no ${unknown.length === 1 ? 'channel' : 'channels'} ${unknown.join(', ')}`;
        throw new errors.ValidationError(message, {
          errors: [{ path: ['channelIds'], message, name: 'ValidationError' }],
        });
      }
      const before = await served();
      const { channelIds: after } = await getService(strapi, 'settings').update({ channelIds: wanted });
      return { channelIds: after, added: after.filter((id) => !before.includes(id)), removed: before.filter((id) => !after.includes(id)) };
    },
  };
};

/** Adds the writes that went through before a failure to the error the admin sees (the routes' mapping keeps them). */
const withApplied = (error: unknown, applied: ChannelChange[]): unknown => {
  if (!applied.length || typeof error !== 'object' || error === null) return error;
  const target = error as { details?: Record<string, unknown> };
  target.details = { ...(target.details ?? {}), applied };
  return error;
};

export default channelsAdmin;
export type ChannelsAdminService = ReturnType<typeof channelsAdmin>;
