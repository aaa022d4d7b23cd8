import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';

import type { BigCommerceClient, Redirect } from '../bigcommerce';
import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import type { Pagination } from '../../../shared/pagination';
import type { RedirectSite, RedirectView } from '../../../shared/redirects';
import { createRedirectSchema, type RedirectInput, type RedirectListQuery, type RedirectUpdate } from '../validation/redirects';

export interface RedirectPage {
  results: RedirectView[];
  pagination: Pagination;
}

const view = (redirect: Redirect): RedirectView => ({
  id: redirect.id,
  siteId: redirect.site_id,
  fromPath: redirect.from_path,
  to: { type: redirect.to.type, entityId: redirect.to.entity_id ?? null, url: redirect.to.url ?? null },
  toUrl: redirect.to_url ?? null,
});

const toBigCommerce = (input: RedirectInput) => ({
  site_id: input.siteId,
  from_path: input.fromPath,
  to: input.to.type === 'url' ? { type: input.to.type, url: input.to.url } : { type: input.to.type, entity_id: input.to.entityId },
});

const SORT_FIELDS = { id: 'id', fromPath: 'from_path', type: 'type' } as const;

/**
 * The Redirects panel: 301s per site through BigCommerce's Redirects API. BigCommerce upserts on
 * (site, from path), so creating over an existing path or moving a redirect onto another one's path
 * is refused here (409) rather than silently overwriting it.
 */
const redirects = ({ strapi }: { strapi: Core.Strapi }) => {
  const client = () => getService(strapi, 'client').get();

  const findIn = async (bc: BigCommerceClient, id: number): Promise<RedirectView | null> => {
    const page = await bc.redirects.list({ ids: [id], includeToUrl: true, limit: 1 });
    return page.items[0] ? view(page.items[0]) : null;
  };

  const existing = async (bc: BigCommerceClient, id: number): Promise<RedirectView> => {
    const found = await findIn(bc, id);
    if (!found) throw new errors.NotFoundError(`Redirect ${id} does not exist`);
    return found;
  };

  /** The redirect already using this path on this site, if any (the keyword filter matches prefixes). */
  const holderOf = async (bc: BigCommerceClient, siteId: number, fromPath: string): Promise<Redirect | undefined> => {
    const page = await bc.redirects.list({ siteId, keyword: fromPath, sort: 'from_path', direction: 'asc', limit: 10 });
    return page.items.find((redirect) => redirect.from_path === fromPath);
  };

  const refuseTaken = async (bc: BigCommerceClient, input: RedirectInput, self?: number) => {
    const holder = await holderOf(bc, input.siteId, input.fromPath);
    if (holder && holder.id !== self) {
      throw createHttpError(409, `${input.fromPath} already redirects (redirect ${holder.id}); edit that one instead`, {
        details: {
          errors: [{ path: ['fromPath'], message: `fromPath ${input.fromPath} is taken by redirect ${holder.id}`, name: 'ConflictError' }],
          redirectId: holder.id,
        },
      });
    }
  };

  const write = async (bc: BigCommerceClient, input: RedirectInput): Promise<RedirectView> => {
    const [written] = await bc.redirects.upsert([toBigCommerce(input)]);
    // The upsert does not resolve to_url; one read does.
    return (await findIn(bc, written.id)) ?? view(written);
  };

  return {
    async list(query: RedirectListQuery): Promise<RedirectPage> {
      const bc = await client();
      const [field, direction] = query.sort.split(':') as [keyof typeof SORT_FIELDS, 'asc' | 'desc'];
      const page = await bc.redirects.list({
        siteId: query.siteId,
        keyword: query.q || undefined,
        sort: SORT_FIELDS[field],
        direction,
        includeToUrl: true,
        page: query.page,
        limit: query.pageSize,
      });
      const { total } = page.pagination;
      return { results: page.items.map(view), pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } };
    },

    async find(id: number): Promise<RedirectView> {
      return existing(await client(), id);
    },

    async create(input: RedirectInput): Promise<RedirectView> {
      const bc = await client();
      await refuseTaken(bc, input);
      return write(bc, input);
    },

    /** A new site or path means a new BigCommerce redirect (its id changes) and the old one's removal. */
    async update(id: number, patch: RedirectUpdate): Promise<RedirectView> {
      const bc = await client();
      const current = await existing(bc, id);
      const merged = parseOrThrow(
        createRedirectSchema,
        {
          siteId: patch.siteId ?? current.siteId,
          fromPath: patch.fromPath ?? current.fromPath,
          to: patch.to ?? (current.to.type === 'url' ? { type: 'url', url: current.to.url } : { type: current.to.type, entityId: current.to.entityId }),
        },
        'Invalid redirect'
      );
      const moved = merged.siteId !== current.siteId || merged.fromPath !== current.fromPath;
      if (moved) await refuseTaken(bc, merged, id);
      const saved = await write(bc, merged);
      if (moved) await bc.redirects.remove([id]);
      return saved;
    },

    async remove(id: number): Promise<RedirectView> {
      const bc = await client();
      const current = await existing(bc, id);
      await bc.redirects.remove([id]);
      return current;
    },

    /** The sites redirects can belong to, with their channel's name for the site picker. */
    async sites(): Promise<RedirectSite[]> {
      const bc = await client();
      const [sites, channels] = await Promise.all([bc.sites.list(), bc.channels.list()]);
      const names = new Map(channels.map((channel) => [channel.id, channel.name]));
      return sites.map((site) => ({ id: site.id, url: site.url, channelId: site.channel_id, channelName: names.get(site.channel_id) ?? null }));
    },
  };
};

export default redirects;
export type RedirectsService = ReturnType<typeof redirects>;
