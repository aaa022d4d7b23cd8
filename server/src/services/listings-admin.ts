import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';

import { UIDS } from './catalog-store';
import { modelMeta } from '../utils/model-meta';
import type { ChannelListingStatus, ListingState, ProductListing } from '../../../shared/channels';

interface StoredVariant {
  variantId: number;
  listed?: boolean;
}

interface StoredListing {
  bigcommerceId: number;
  channelId: number;
  state: ListingState | null;
  listed: boolean | null;
  name: string | null;
  description: string | null;
  variants: StoredVariant[] | null;
}

const NO_LISTINGS: ChannelListingStatus = { listed: 0, overridden: 0, disabled: 0 };

/**
 * The admin's view of the synced channel listings (issue #15): per channel, how many products it lists,
 * overrides and disables (grouped queries over the whole catalog, whatever the number of channels), and
 * per product, how each channel lists it. Read-only: listings are written by the sync.
 */
const listingsAdmin = ({ strapi }: { strapi: Core.Strapi }) => {
  const { meta, column, joinTable } = modelMeta(strapi);
  const knex = (table: string): Knex.QueryBuilder => strapi.db.getConnection(table) as unknown as Knex.QueryBuilder;
  const raw = (sql: string, bindings: readonly Knex.RawBinding[] = []): Knex.Raw => strapi.db.connection.raw(sql, bindings);

  return {
    /**
     * Listing status of every channel that has linked products or listings, by BigCommerce channel id
     * (a channel with neither is all zeros). Two grouped queries: the product links, then the listings.
     */
    async statusByChannel(): Promise<Map<number, ChannelListingStatus>> {
      const products = meta(UIDS.product).tableName;
      const channels = meta(UIDS.channel).tableName;
      const listings = meta(UIDS.listing).tableName;
      const link = joinTable(UIDS.product, 'channels');
      const l = (attribute: string) => `l.${column(UIDS.listing, attribute)}`;
      const productId = `p.${column(UIDS.product, 'bigcommerceId')}`;
      const channelId = `c.${column(UIDS.channel, 'bigcommerceId')}`;

      // A linked product is not listed when a listing of that channel disables it (as the read API decides).
      const disabledHere = knex(`${listings} as l`)
        .select(raw('1'))
        .whereRaw('?? = ??', [l('channelId'), channelId])
        .whereRaw('?? = ??', [l('productId'), productId])
        .where(l('listed'), false);
      const linked = (await knex(`${link.name} as pc`)
        .join(`${channels} as c`, 'c.id', `pc.${link.inverseJoinColumn.name}`)
        .join(`${products} as p`, 'p.id', `pc.${link.joinColumn.name}`)
        .groupBy(channelId)
        .select(`${channelId} as channelId`)
        .select(raw('COUNT(DISTINCT p.id) as linked'))
        .select(raw('COUNT(DISTINCT CASE WHEN EXISTS ? THEN p.id END) as unlisted', [disabledHere]))) as {
        channelId: number | string;
        linked: number | string;
        unlisted: number | string;
      }[];

      // A name equal to the catalog's is not an override: BigCommerce often copies the product's name into the listing.
      const ownName = raw(`COALESCE(??, '') <> '' AND (?? IS NULL OR ?? <> ??)`, [
        l('name'),
        `p.${column(UIDS.product, 'name')}`,
        l('name'),
        `p.${column(UIDS.product, 'name')}`,
      ]);
      const ownDescription = raw(`COALESCE(??, '') <> ''`, [l('description')]);
      const listed = (await knex(`${listings} as l`)
        .leftJoin(`${products} as p`, productId, l('productId'))
        .groupBy(l('channelId'))
        .select(`${l('channelId')} as channelId`)
        .select(raw('COUNT(DISTINCT CASE WHEN ?? = ? THEN ?? END) as disabled', [l('listed'), false, l('productId')]))
        .select(raw('COUNT(DISTINCT CASE WHEN (?) OR (?) THEN ?? END) as overridden', [ownName, ownDescription, l('productId')]))) as {
        channelId: number | string;
        disabled: number | string;
        overridden: number | string;
      }[];

      const status = new Map<number, ChannelListingStatus>();
      const of = (id: number) => status.get(id) ?? { ...NO_LISTINGS };
      for (const row of linked) {
        const id = Number(row.channelId);
        status.set(id, { ...of(id), listed: Number(row.linked) - Number(row.unlisted) });
      }
      for (const row of listed) {
        const id = Number(row.channelId);
        status.set(id, { ...of(id), disabled: Number(row.disabled), overridden: Number(row.overridden) });
      }
      return status;
    },

    /** How each channel with a listing lists a stored product; a product that is not stored is a 404. */
    async ofProduct(bigcommerceId: number): Promise<ProductListing[]> {
      const product = (await strapi.db.query(UIDS.product).findOne({ where: { bigcommerceId }, select: ['id', 'name'] })) as { name: string } | null;
      if (!product) throw new errors.NotFoundError(`Product ${bigcommerceId} is not in the synced catalog`);
      const rows = (await strapi.db.query(UIDS.listing).findMany({
        where: { productId: bigcommerceId },
        select: ['bigcommerceId', 'channelId', 'state', 'listed', 'name', 'description', 'variants'],
        orderBy: [{ channelId: 'asc' }, { bigcommerceId: 'asc' }],
      })) as StoredListing[];
      const channelIds = [...new Set(rows.map((row) => row.channelId))];
      const channels = channelIds.length
        ? ((await strapi.db.query(UIDS.channel).findMany({ where: { bigcommerceId: { $in: channelIds } }, select: ['bigcommerceId', 'name'] })) as {
            bigcommerceId: number;
            name: string;
          }[])
        : [];
      const names = new Map(channels.map((channel) => [channel.bigcommerceId, channel.name]));
      return rows.map((row) => {
        const variants = Array.isArray(row.variants) ? row.variants : [];
        return {
          listingId: row.bigcommerceId,
          channelId: row.channelId,
          channelName: names.get(row.channelId) ?? null,
          state: row.state ?? 'active',
          listed: row.listed !== false,
          name: row.name && row.name !== product.name ? row.name : null,
          ownDescription: Boolean(row.description),
          variants: variants.length,
          variantsDisabled: variants.filter((variant) => variant.listed === false).length,
        };
      });
    },
  };
};

export default listingsAdmin;
export type ListingsAdminService = ReturnType<typeof listingsAdmin>;
