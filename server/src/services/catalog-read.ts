import type { Core } from '@strapi/strapi';
import { contentTypes, errors } from '@strapi/utils';
import type { Knex } from 'knex';

import { foldSlug, foldText } from '../sync/slugs';
import { CATALOG_GENERATION, catalogGenerationReady, generationCache, generationSql } from '../utils/catalog-generation';
import { getService } from '../utils/get-service';
import { modelMeta } from '../utils/model-meta';
import { rawRows } from '../utils/raw-rows';
import { UIDS, type CatalogUid } from './catalog-store';
import type { ListingRecord } from '../sync/records';
import type { BrandListQuery, ProductListQuery, ProductRelation, ProductSort, ProductSortKey, SortDirection } from '../validation/catalog';

type Row = Record<string, unknown>;

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface Page<T> {
  results: T[];
  pagination: Pagination;
}

/** A node of the category tree, as the API answers it. */
export type CategoryNode = Row & { children: CategoryNode[] };

/** The same as categoryTree hands it out: frozen, since one tree may answer many requests. */
export type FrozenCategoryNode = Readonly<Row> & { readonly children: readonly FrozenCategoryNode[] };

/** Freezes a whole value: a cached answer one caller changed would be every later caller's answer. */
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
};

/**
 * How much of a product to load. REST: `full` false, a listing without the product-page fields and
 * brand/categories as `{ name, slug }`. GraphQL: `full` true, every column and whole brand/category entries,
 * which its relation fields then serve without a query per product.
 */
export interface ReadOptions {
  full?: boolean;
  /**
   * REST with Strapi's `fields` / `populate`: the public fields named (id and documentId always), and only
   * the relations named, as whole entries. Either one given switches a REST read to this shape.
   */
  fields?: string[];
  populate?: ProductRelation[];
}

export type ProductListParams = ProductListQuery & ReadOptions;

/** Bookkeeping columns a storefront has no use for (contentHash is private anyway). */
const INTERNAL_FIELDS = new Set(['contentHash', 'syncedAt', 'publishedAt', 'locale']);

/** Attribute types that are not a column of the row itself. */
const NON_COLUMN_TYPES = new Set(['relation', 'component', 'dynamiczone', 'media', 'password']);

/** Synced product fields a listing leaves out: the product page (by slug) returns them. */
const DETAIL_ONLY_PRODUCT_FIELDS = new Set([
  'description',
  'images',
  'variants',
  'options',
  'customFields',
  'bulkPricingRules',
  'searchKeywords',
  'pageTitle',
  'metaDescription',
  'upc',
  'mpn',
  'gtin',
  'weight',
  'width',
  'height',
  'depth',
  'inventoryWarningLevel',
  'inventoryTracking',
  'mapPrice',
  'availabilityDescription',
  'customUrl',
]);

const TAXONOMY_REF_FIELDS = ['name', 'slug'] as const;

/**
 * Sort keys as attribute orderings; `id` last keeps pages stable. Each leading part matches one of the
 * product schema's `bigcommerce_products_list_*` indexes, which start with `is_visible`. `featured` mixes
 * directions, which no declared index orders: listProducts reads it per isFeatured value (see featuredPage).
 */
const SORTS: Record<ProductSortKey, (direction: SortDirection) => [string, SortDirection][]> = {
  name: (direction) => [
    ['name', direction],
    ['id', 'asc'],
  ],
  price: (direction) => [
    ['calculatedPrice', direction],
    ['id', 'asc'],
  ],
  newest: (direction) => [
    ['bigcommerceCreatedAt', direction],
    ['id', direction],
  ],
  featured: (direction) => [
    ['isFeatured', direction],
    ['sortOrder', 'asc'],
    ['name', 'asc'],
    ['id', 'asc'],
  ],
};

const pagination = (page: number, pageSize: number, total: number): Pagination => ({
  page,
  pageSize,
  pageCount: Math.ceil(total / pageSize),
  total,
});

const pickRef = (row: unknown): Row | null => {
  if (!row || typeof row !== 'object') return null;
  const source = row as Row;
  return Object.fromEntries(TAXONOMY_REF_FIELDS.map((field) => [field, source[field] ?? null]));
};

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (char) => `\\${char}`);

const isBigcommerceId = (value: string): boolean => /^\d{1,9}$/.test(value);

/** Row ids the category and brand filters resolved to (a category with its descendants). */
interface TaxonomyScope {
  categoryIds?: readonly number[];
  brandIds?: readonly number[];
}

/** What a channel's listings change for its storefront (see listingFlagsOf). */
interface ListingFlags {
  any: boolean;
  unlisted: boolean;
  renamed: boolean;
  /** PostgreSQL: the channel's facts at the request's catalog generation, when known (see channelState). */
  known?: ChannelFacts;
}

/**
 * What the listing queries otherwise find with subqueries, read once per catalog generation: literal id
 * lists plan in a fraction of the anti-joins' time, and a channel that holds every product needs no probe.
 */
interface ChannelFacts {
  /** Every product row is linked to the channel (a single-channel Strapi syncs only the channel's products). */
  allLinked: boolean;
  /** Row ids of the products the channel's listings take off; undefined past FACTS_MAX (the subquery stays). */
  unlistedIds?: number[];
  /** Row id and name of each product the channel's listings rename (as renamedNames reads them); undefined past FACTS_MAX. */
  renamed?: { id: number; name: string }[];
}

/** Past this many unlisted or renamed products the lists stay in SQL: each one is bound into every listing statement. */
const FACTS_MAX = 500;
/** Channel facts kept per generation, one a channel: resolveChannel refuses a channel this Strapi does not serve. */
const CHANNELS_KEPT = 100;
/**
 * Category trees kept per generation: one a channel and one without. Each is the whole visible tree (at
 * 1,000 categories, about 0.5 MB of JSON), so a Strapi serving more channels than this rebuilds some.
 */
const TREES_KEPT = 16;
/** Category and brand filters resolved to row ids, kept per generation: far more than a storefront's menu names. */
const SCOPES_KEPT = 1000;
const NO_LISTINGS: ListingFlags = { any: false, unlisted: false, renamed: false };

/** A product's listing on the requested channel, as the answer uses it. */
interface ListingView {
  name: string;
  description: string;
  unlistedVariants: Set<number>;
}

const NO_FILTERS: ProductListQuery = { sort: { key: 'featured', direction: 'desc', thenBy: [] }, page: 1, pageSize: 1 };

/**
 * A sort's orderings: each key's own, in turn (a later key breaks the earlier ones' ties), then `id` once,
 * in the direction the last key gives it, so that pages stay stable.
 */
const orderingsOf = (sort: ProductSort): [string, SortDirection][] => {
  const orderings: [string, SortDirection][] = [];
  let tie: SortDirection = 'asc';
  for (const term of [sort, ...sort.thenBy]) {
    for (const [attribute, direction] of SORTS[term.key](term.direction)) {
      if (attribute === 'id') tie = direction;
      else if (!orderings.some(([seen]) => seen === attribute)) orderings.push([attribute, direction]);
    }
  }
  return [...orderings, ['id', tie]];
};

/** Strapi's documentId: a 24-character lower-case cuid. */
const looksLikeDocumentId = (value: string): boolean => /^[a-z0-9]{24}$/.test(value);

/**
 * A REST row in the shape Strapi's `fields` / `populate` asked for: id, documentId, the fields named (all
 * loaded ones when none are), the live and pricing labels, and the populated relations only.
 */
export const projectRow = (row: Row, options: ReadOptions): Row => {
  const keep = new Set(['id', 'documentId', 'live', 'pricing', ...(options.fields ?? Object.keys(row)), ...(options.populate ?? [])]);
  const hidden = new Set<string>(['brand', 'categories'].filter((relation) => !options.populate?.includes(relation as ProductRelation)));
  return Object.fromEntries(Object.entries(row).filter(([key]) => keep.has(key) && !hidden.has(key)));
};

const asksStrapiShape = (options: ReadOptions): boolean => options.fields !== undefined || options.populate !== undefined;

/**
 * The storefront's read side of the synced catalog, shared by REST and GraphQL: visible products of one
 * channel, the visible category tree and the brands.
 *
 * A product listing takes two steps. The page's ids and the total are found in SQL that the
 * `bigcommerce_products_list_*` indexes cover (visibility, sort keys, price, stock), so neither reads the
 * wide product rows (JSON variants and images). The channel is an EXISTS probe of the link table's unique
 * index; category and brand are `id IN (link subquery)`. Then only that page's rows are loaded through
 * Strapi's query engine, with an explicit column list and brand/categories populated.
 */
const catalogRead = ({ strapi }: { strapi: Core.Strapi }) => {
  const { meta, column, joinTable } = modelMeta(strapi);
  const knex = (table: string): Knex.QueryBuilder => strapi.db.getConnection(table) as unknown as Knex.QueryBuilder;
  const raw = (sql: string, bindings: readonly Knex.RawBinding[] = []): Knex.Raw => strapi.db.connection.raw(sql, bindings);
  const query = (uid: CatalogUid) => strapi.db.query(uid);
  const isPostgres = (): boolean => strapi.db.dialect.client === 'postgres';
  const isSqlite = (): boolean => strapi.db.dialect.client === 'sqlite';

  // Models are fixed once Strapi has loaded (extensions included), so the field lists are computed once.
  const fieldCache = new Map<string, string[]>();
  /** Every non-private column of a model, extension fields included; `exclude` trims a listing. */
  const fieldsOf = (uid: CatalogUid, exclude: ReadonlySet<string> = new Set()): string[] => {
    const key = `${uid}:${[...exclude].join(',')}`;
    const cached = fieldCache.get(key);
    if (cached) return cached;
    const model = strapi.getModel(uid);
    const attributes = model.attributes as Record<string, { type: string }>;
    const fields = [
      'id',
      'documentId',
      ...Object.keys(attributes).filter(
        (name) =>
          name !== 'documentId' &&
          !NON_COLUMN_TYPES.has(attributes[name].type) &&
          !INTERNAL_FIELDS.has(name) &&
          !exclude.has(name) &&
          !contentTypes.isPrivateAttribute(model, name)
      ),
    ];
    fieldCache.set(key, fields);
    return fields;
  };

  /** Row id of a synced channel, as a scalar subquery (no round trip; no row means no products). */
  const channelRowId = (channelId: number): Knex.QueryBuilder =>
    knex(meta(UIDS.channel).tableName).select('id').where(column(UIDS.channel, 'bigcommerceId'), channelId);

  /**
   * What the channel's listings change for a storefront, in one probe of the listing index: whether any
   * product is unlisted there, and whether any listing renames or redescribes its product. A channel
   * without listings (most storefront channels) costs its queries nothing more.
   */
  // Add-to-cart asks on every call: the statement is built once per channel, then only run.
  const listingFlagsSql = new Map<number, Knex.Sql>();
  const listingFlagsOf = async (channelId: number): Promise<ListingFlags> => {
    let built = listingFlagsSql.get(channelId);
    if (!built) listingFlagsSql.set(channelId, (built = listingFlagsQuery(channelId).toSQL()));
    const [row] = rawRows<Row>(await raw(built.sql, built.bindings));
    return flagsOf(row);
  };
  const flagsOf = (row: Row): ListingFlags => ({ any: Number(row.any) === 1, unlisted: Number(row.unlisted) === 1, renamed: Number(row.renamed) === 1 });
  const listingFlagsQuery = (channelId: number) => {
    const listings = () => knex(meta(UIDS.listing).tableName).select(raw('1')).where(column(UIDS.listing, 'channelId'), channelId).limit(1);
    const text = (attribute: string) => raw(`COALESCE(??, '') <> ''`, [column(UIDS.listing, attribute)]);
    const exists = (probe: Knex.QueryBuilder) => raw('CASE WHEN EXISTS ? THEN 1 ELSE 0 END', [probe]);
    return (strapi.db.connection as unknown as Knex).select({
      any: exists(listings()),
      unlisted: exists(listings().where(column(UIDS.listing, 'listed'), false)),
      renamed: exists(listings().where((qb) => qb.where(text('name')).orWhere(text('description')))),
    });
  };

  /** Listing rows keyed by `key` (a product's BigCommerce id or row id): the oldest listing of each. */
  const listingViews = (rows: Row[]): Map<number, ListingView> => {
    const out = new Map<number, ListingView>();
    for (const row of rows) {
      const key = Number(row.key);
      if (out.has(key)) continue; // the oldest listing, as the name sort reads it
      const variants = (typeof row.variants === 'string' ? JSON.parse(row.variants) : row.variants) as ListingRecord['variants'] | null;
      out.set(key, {
        name: String(row.name ?? ''),
        description: String(row.description ?? ''),
        unlistedVariants: new Set((variants ?? []).filter((variant) => !variant.listed).map((variant) => variant.variantId)),
      });
    }
    return out;
  };

  const listingColumns = (alias: string) =>
    ['name', 'description', 'variants'].map((attribute) => `${alias}${column(UIDS.listing, attribute)} as ${attribute}`);

  /**
   * The channel's listing of each product by row id: needs only the page's ids, so that it is read
   * alongside the page's rows rather than after them (one round trip less per request).
   */
  const listingsOfRows = async (channelId: number, rowIds: readonly number[], flags: ListingFlags): Promise<Map<number, ListingView>> => {
    if (!flags.any || !rowIds.length) return new Map();
    return listingViews(
      (await listedRows(channelId)
        .whereIn('lp.id', [...rowIds])
        .orderBy(`l.${column(UIDS.listing, 'bigcommerceId')}`)
        .select('lp.id as key', ...listingColumns('l.'))) as Row[]
    );
  };

  /** The storefront's view of a product on the channel: the listing's name, description and variants where it has them. */
  const withListing = (row: Row, listing: ListingView | undefined): Row => {
    if (!listing) return row;
    const shaped: Row = { ...row };
    if (listing.name && 'name' in row) shaped.name = listing.name;
    if (listing.description && 'description' in row) shaped.description = listing.description;
    if (listing.unlistedVariants.size && Array.isArray(row.variants)) {
      shaped.variants = (row.variants as { id: number }[]).filter((variant) => !listing.unlistedVariants.has(variant.id));
    }
    return shaped;
  };

  /** Row ids of a taxonomy table matching a requested BigCommerce id or slug (folded as stored). */
  const matchingRows = (uid: CatalogUid, requested: string): Knex.QueryBuilder => {
    const value = foldSlug(requested);
    return knex(meta(uid).tableName)
      .select('id')
      .where((qb) => {
        qb.where(column(uid, 'slug'), value);
        if (isBigcommerceId(value)) qb.orWhere(column(uid, 'bigcommerceId'), Number(value));
      });
  };

  /**
   * A category (BigCommerce id or slug) and every category below it, as row ids. A category the shopper
   * cannot reach is not found: unknown, hidden, or under a hidden parent (as the category tree hides it).
   */
  const categoryWithDescendants = async (requested: string): Promise<number[]> => {
    const parentLink = joinTable(UIDS.category, 'parent');
    const [matched, links] = await Promise.all([
      matchingRows(UIDS.category, requested) as Promise<Row[]>,
      knex(parentLink.name).select(parentLink.joinColumn.name, parentLink.inverseJoinColumn.name) as Promise<Row[]>,
    ]);
    const children = new Map<number, number[]>();
    const parentOf = new Map<number, number>();
    for (const link of links) {
      const [child, parent] = [Number(link[parentLink.joinColumn.name]), Number(link[parentLink.inverseJoinColumn.name])];
      children.set(parent, [...(children.get(parent) ?? []), child]);
      parentOf.set(child, parent);
    }
    const lineOf = (id: number): number[] => {
      const line = [id];
      for (let parent = parentOf.get(id); parent !== undefined && !line.includes(parent); parent = parentOf.get(parent)) line.push(parent);
      return line;
    };
    const lines = matched.map((row) => lineOf(Number(row.id)));
    const hidden = lines.length
      ? new Set(
          (
            (await knex(meta(UIDS.category).tableName)
              .select('id')
              .whereIn('id', [...new Set(lines.flat())])
              .where(column(UIDS.category, 'isVisible'), false)) as Row[]
          ).map((row) => Number(row.id))
        )
      : new Set<number>();
    const roots = lines.filter((line) => !line.some((id) => hidden.has(id))).map((line) => line[0]);
    if (!roots.length) throw new errors.NotFoundError(`Category "${requested}" not found`);
    const seen = new Set<number>();
    const stack = [...roots];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue; // a cycle in bad data must not loop forever
      seen.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return [...seen];
  };

  /** A brand (BigCommerce id or slug) as row ids; an unknown brand is not found. */
  const brandRows = async (requested: string): Promise<number[]> => {
    const rows = (await matchingRows(UIDS.brand, requested)) as Row[];
    if (!rows.length) throw new errors.NotFoundError(`Brand "${requested}" not found`);
    return rows.map((row) => Number(row.id));
  };

  const scopes = generationCache<string, readonly number[]>(SCOPES_KEPT);

  /**
   * A category or brand filter as row ids at `generation`, resolved once per generation: a
   * category costs three statements one after the other, a brand one, before the listing's own query.
   * Read after the generation, so never older than it; a newer generation drops them all. Not found is
   * not kept: it stays a 404 that costs its lookups, as before.
   */
  const scopeIds = async (kind: 'category' | 'brand', requested: string, generation: number | undefined): Promise<readonly number[]> => {
    const key = `${kind}:${foldSlug(requested)}`;
    const cached = scopes.get(generation, key);
    if (cached) return cached;
    const ids = kind === 'category' ? await categoryWithDescendants(requested) : await brandRows(requested);
    if (generation !== undefined) scopes.set(generation, key, ids);
    return ids;
  };

  /**
   * Channels this Strapi serves (admin settings over config); the first one is the default. Every read asks:
   * the connection settings' few seconds of cache spare a settings read each time, as for shopper requests.
   */
  const servedChannels = async (): Promise<number[]> => (await getService(strapi, 'settings').getConnection()).channelIds;

  const resolveChannel = async (requested: number | undefined): Promise<number> => {
    const served = await servedChannels();
    if (requested === undefined) {
      if (!served.length) throw new errors.ApplicationError('No BigCommerce channel is configured for the storefront API');
      return served[0];
    }
    if (!served.includes(requested)) {
      const message = `channel ${requested} is not served by this Strapi (served: ${served.join(', ')})`;
      throw new errors.ValidationError(`Invalid query: ${message}`, {
        errors: [{ path: ['channel'], message, name: 'ValidationError' }],
      });
    }
    return requested;
  };

  /** The channel's listings of the product row `p`, as a correlated subquery. */
  const listingOf = (channelId: number): Knex.QueryBuilder =>
    knex(`${meta(UIDS.listing).tableName} as l`)
      .select(raw('1'))
      .where(`l.${column(UIDS.listing, 'channelId')}`, channelId)
      .whereRaw('?? = ??', [`l.${column(UIDS.listing, 'productId')}`, `p.${column(UIDS.product, 'bigcommerceId')}`]);

  /**
   * Row ids of the products the channel has a listing for (`lp.id`), joined to that listing `l`. Uncorrelated:
   * the database reads the (few) listings once, where a per-row probe needed each product row's
   * bigcommerceId, which no list index holds (PostgreSQL then read every wide row).
   */
  const listedRows = (channelId: number): Knex.QueryBuilder =>
    knex(`${meta(UIDS.listing).tableName} as l`)
      .join(`${meta(UIDS.product).tableName} as lp`, `lp.${column(UIDS.product, 'bigcommerceId')}`, `l.${column(UIDS.listing, 'productId')}`)
      .where(`l.${column(UIDS.listing, 'channelId')}`, channelId);

  /**
   * Leaves out of `qb` the product rows `p` that `rows` (a listedRows query, its product aliased `lp`) holds.
   * PostgreSQL: NOT EXISTS, an anti-join the planner estimates from the few listing rows; its `NOT IN`
   * was a hashed filter guessed to drop half the catalog, which turned counts and pages into scans of
   * every wide product row. SQLite: `NOT IN`, the list read once, where its NOT EXISTS is two probes a row.
   */
  const withoutRows = (qb: Knex.QueryBuilder, rows: Knex.QueryBuilder): Knex.QueryBuilder =>
    isPostgres() ? qb.whereNotExists(rows.select(raw('1')).whereRaw('?? = ??', ['lp.id', 'p.id'])) : qb.whereNotIn('p.id', rows.select('lp.id'));

  /** Alias of the channel's names joined in by withRenames. */
  const RENAMED = 'renamed';

  /** Row id (`id`) and name of each product the channel's listings rename: the oldest naming listing's, as the answer shows it. */
  const renamedNames = (channelId: number): Knex.QueryBuilder => {
    const [name, bigcommerceId] = [column(UIDS.listing, 'name'), column(UIDS.listing, 'bigcommerceId')];
    const older = knex(`${meta(UIDS.listing).tableName} as lo`)
      .select(raw('1'))
      .whereRaw('?? = ??', [`lo.${column(UIDS.listing, 'channelId')}`, `l.${column(UIDS.listing, 'channelId')}`])
      .whereRaw('?? = ??', [`lo.${column(UIDS.listing, 'productId')}`, `l.${column(UIDS.listing, 'productId')}`])
      .whereRaw(`COALESCE(??, '') <> ''`, [`lo.${name}`])
      .whereRaw('?? < ??', [`lo.${bigcommerceId}`, `l.${bigcommerceId}`]);
    return listedRows(channelId)
      .select('lp.id as id', `l.${name} as name`)
      .whereRaw(`COALESCE(??, '') <> ''`, [`l.${name}`])
      .whereNotExists(older);
  };

  /**
   * The renamed products as a table aliased RENAMED: the generation's literal list where known (one JSON
   * binding, so the statement's text does not grow with it), else renamedNames' subquery.
   */
  const renamedTable = (channelId: number, listings: ListingFlags): Knex.QueryBuilder | Knex.Raw => {
    const known = listings.known?.renamed;
    if (!known) return renamedNames(channelId).as(RENAMED);
    // varchar as the name columns are: with text, the union of the streams no longer had the index's order
    // and PostgreSQL sorted a deep page's every row rather than merging the two streams.
    return raw(`json_to_recordset(?::json) AS ??(id integer, name varchar)`, [JSON.stringify(known), RENAMED]);
  };

  const sortsByRenamedName = (orderings: [string, SortDirection][], listings: ListingFlags): boolean =>
    listings.renamed && orderings.some(([attribute]) => attribute === 'name');

  /**
   * For a sort by name on a channel whose listings rename products: joins each product's name there as
   * `renamed.name`, read once for the channel instead of a subquery per row.
   */
  const withRenames = (qb: Knex.QueryBuilder, orderings: [string, SortDirection][], channelId: number, listings: ListingFlags): Knex.QueryBuilder =>
    sortsByRenamedName(orderings, listings) ? qb.leftJoin(renamedTable(channelId, listings), `${RENAMED}.id`, 'p.id') : qb;

  /**
   * A page's row ids in the sort's order, from `base()` (the filtered products). With a name sort on a
   * channel whose listings rename products, no index holds the order: sorting every row by the name shown
   * made a deep page cost the whole catalog. Instead, the products the listings do not rename (in index
   * order) and the renamed ones (by their listing name) are two streams, each cut at the page's end, then
   * merged: the page costs its depth.
   */
  const sortedIds = async (
    base: (withoutRenamed?: boolean) => Knex.QueryBuilder,
    orderings: [string, SortDirection][],
    channelId: number,
    listings: ListingFlags,
    limit: number,
    offset: number
  ): Promise<number[]> => {
    const idsOf = (rows: Row[]) => rows.map((row) => Number(row.id));
    if (!sortsByRenamedName(orderings, listings)) {
      return idsOf((await sorted(base().select('p.id').limit(limit).offset(offset), orderings, channelId, listings)) as Row[]);
    }
    const keys = orderings.map((_, i) => `k${i}`);
    const stream = (renamed: boolean, alias: string): Knex.QueryBuilder => {
      const qb = base(!renamed);
      if (renamed) qb.join(renamedTable(channelId, listings), `${RENAMED}.id`, 'p.id');
      const expression = (attribute: string) => (renamed && attribute === 'name' ? `${RENAMED}.name` : `p.${column(UIDS.product, attribute)}`);
      qb.select('p.id', ...orderings.map(([attribute], i) => `${expression(attribute)} as ${keys[i]}`)).limit(offset + limit);
      for (const [attribute, direction] of orderings) qb.orderBy(expression(attribute), direction);
      // Wrapped, so that its ORDER BY and LIMIT stay its own in the UNION (SQLite allows neither on a member).
      return (strapi.db.connection as unknown as Knex).queryBuilder().select('*').from(qb.as(alias));
    };
    const merged = (strapi.db.connection as unknown as Knex)
      .queryBuilder()
      .select('u.id')
      .from(stream(false, 'a').unionAll(stream(true, 'b')).as('u'));
    orderings.forEach(([, direction], i) => merged.orderBy(`u.${keys[i]}`, direction));
    return idsOf((await merged.limit(limit).offset(offset)) as Row[]);
  };

  /** A sort key's column; `name` on a channel whose listings rename products reads withRenames' join. */
  const orderColumn = (attribute: string, channelId: number, listings: ListingFlags): string | Knex.Raw => {
    const own = `p.${column(UIDS.product, attribute)}`;
    if (attribute !== 'name' || !listings.renamed) return own;
    return raw('COALESCE(??, ??)', [`${RENAMED}.name`, own]);
  };

  /** Adds the sort's orderings (and the renames join they read). */
  const sorted = (qb: Knex.QueryBuilder, orderings: [string, SortDirection][], channelId: number, listings: ListingFlags): Knex.QueryBuilder => {
    withRenames(qb, orderings, channelId, listings);
    for (const [attribute, direction] of orderings) orderBy(qb, orderColumn(attribute, channelId, listings), direction);
    return qb;
  };

  const orderBy = (qb: Knex.QueryBuilder, expression: string | Knex.Raw, direction: SortDirection): Knex.QueryBuilder =>
    typeof expression === 'string' ? qb.orderBy(expression, direction) : qb.orderByRaw(`? ${direction === 'desc' ? 'DESC' : 'ASC'}`, [expression]);

  /** Products a storefront may list: visible, linked to the channel, and matching the filters. */
  const filteredProducts = (
    channelId: number,
    params: ProductListQuery,
    scope: TaxonomyScope = {},
    listings: ListingFlags = NO_LISTINGS,
    withoutRenamed = false
  ): Knex.QueryBuilder => {
    const table = meta(UIDS.product).tableName;
    const col = (attribute: string) => `p.${column(UIDS.product, attribute)}`;
    const channels = joinTable(UIDS.product, 'channels');
    const qb = knex(`${table} as p`);
    if (params.q !== undefined && isSqlite()) {
      // A text search reads every row anyway. The unary + keeps SQLite from walking a visibility index and
      // fetching each wide row at random, which is slower than its plain sequential scan.
      qb.whereRaw('+?? = 1', [col('isVisible')]);
    } else {
      qb.where(col('isVisible'), true);
    }
    // A probe of the link table's unique (product, channel) index per candidate row: the candidates come
    // in sort order from a covering index, so a page stops early and a count never reads a product row.
    // Needless where the channel holds every product: then the planner walks the sort index alone, where
    // a deep page or a count otherwise hash-joined the channel's every link row.
    if (!listings.known?.allLinked) {
      qb.whereExists(
        knex(`${channels.name} as pc`)
          .select(raw('1'))
          .whereRaw('?? = ??', [`pc.${channels.joinColumn.name}`, 'p.id'])
          .where(`pc.${channels.inverseJoinColumn.name}`, channelRowId(channelId))
      );
    }
    // A product the channel's listing disables (or deletes) is not on that channel's storefront.
    const unlisted = (rows: Knex.QueryBuilder) => rows.where(`l.${column(UIDS.listing, 'listed')}`, false);
    // withoutRenamed (sortedIds' stream of the products the listings do not rename): also leaves out each
    // product with a listing that names it on the channel (renamedNames takes the oldest such listing's name).
    const naming = (rows: Knex.QueryBuilder) => rows.whereRaw(`COALESCE(??, '') <> ''`, [`l.${column(UIDS.listing, 'name')}`]);
    const knownUnlisted = listings.unlisted ? listings.known?.unlistedIds : [];
    const knownRenamed = withoutRenamed ? listings.known?.renamed?.map((row) => row.id) : [];
    if (knownUnlisted && knownRenamed) {
      // The generation's lists: a filter on the index scan, planned at once, where each anti-join of the
      // listings cost milliseconds of planning (more than running the query).
      const ids = [...new Set([...knownUnlisted, ...knownRenamed])];
      if (ids.length) qb.whereNotIn('p.id', ids);
    } else if (withoutRenamed && listings.unlisted && isPostgres()) {
      // One anti-join of the channel's listings for both rather than two: planning these queries cost more
      // than running them, and each relation adds to it.
      withoutRows(
        qb,
        listedRows(channelId).where((either) => unlisted(either).orWhere((named) => naming(named)))
      );
    } else {
      if (listings.unlisted) withoutRows(qb, unlisted(listedRows(channelId)));
      if (withoutRenamed) withoutRows(qb, naming(listedRows(channelId)));
    }
    if (scope.categoryIds) {
      const link = joinTable(UIDS.product, 'categories');
      qb.whereIn('p.id', knex(link.name).select(link.joinColumn.name).whereIn(link.inverseJoinColumn.name, scope.categoryIds));
    }
    if (scope.brandIds) {
      const link = joinTable(UIDS.product, 'brand');
      qb.whereIn('p.id', knex(link.name).select(link.joinColumn.name).whereIn(link.inverseJoinColumn.name, scope.brandIds));
    }
    if (params.priceMin !== undefined) qb.where(col('calculatedPrice'), '>=', params.priceMin);
    if (params.priceMax !== undefined) qb.where(col('calculatedPrice'), '<=', params.priceMax);
    if (params.inStock !== undefined) qb.where(col('inStock'), params.inStock);
    if (params.q !== undefined) {
      // Both sides folded (case, NFC/NFKC) the same way, so a plain LIKE matches the same rows on SQLite,
      // whose LIKE folds ASCII only, and PostgreSQL. Rows synced before searchText existed (NULL until the
      // next sync rewrites them) are matched on their raw fields as before.
      const like = isPostgres() ? 'ILIKE' : 'LIKE';
      const folded = `%${escapeLike(foldText(params.q))}%`;
      const pattern = `%${escapeLike(params.q)}%`;
      const matches = (qb: Knex.QueryBuilder, alias: string): Knex.QueryBuilder =>
        qb.whereRaw(`?? LIKE ? ESCAPE '\\'`, [`${alias}.${column(UIDS.product, 'searchText')}`, folded]);
      const legacy = (qb: Knex.QueryBuilder, alias: string): Knex.QueryBuilder =>
        qb.whereNull(`${alias}.${column(UIDS.product, 'searchText')}`).andWhere((fields) => {
          for (const field of ['name', 'sku', 'description'])
            fields.orWhereRaw(`?? ${like} ? ESCAPE '\\'`, [`${alias}.${column(UIDS.product, field)}`, pattern]);
        });
      // The name and description the channel's listing gives the product are found too.
      const byListing = () =>
        listedRows(channelId)
          .select('lp.id')
          .whereRaw(`?? LIKE ? ESCAPE '\\'`, [`l.${column(UIDS.listing, 'searchText')}`, folded]);
      if (isPostgres()) {
        // Each way of matching reads an index (search-index.ts: a trigram index on searchText, a partial one
        // on the rows still without it); a plain OR of them is one scan of every row. The row's own text is
        // matched on the row, the rarer ways give a list of ids computed once (an InitPlan): the planner ORs
        // both indexes' bitmaps into one heap scan of the products. An IN of all three re-read each match by
        // primary key after the trigram scan had read it: more than half the query at 50,000 products.
        const table = meta(UIDS.product).tableName;
        const others = legacy(knex(`${table} as s`).select('s.id'), 's');
        if (listings.renamed) others.unionAll(byListing(), true);
        qb.where((either) => matches(either, 'p').orWhereRaw('?? = ANY(ARRAY(?))', ['p.id', others]));
      } else {
        qb.where((inner) => {
          matches(inner, 'p').orWhere((old) => legacy(old, 'p'));
          if (listings.renamed)
            inner.orWhereExists(listingOf(channelId).whereRaw(`?? LIKE ? ESCAPE '\\'`, [`l.${column(UIDS.listing, 'searchText')}`, folded]));
        });
      }
    }
    return qb;
  };

  const taxonomyPopulate = (full = false) => ({
    brand: { select: full ? fieldsOf(UIDS.brand) : [...TAXONOMY_REF_FIELDS] },
    categories: {
      select: full ? fieldsOf(UIDS.category) : [...TAXONOMY_REF_FIELDS],
      where: { isVisible: true },
      orderBy: full ? [{ sortOrder: 'asc' }, { name: 'asc' }] : undefined,
    },
  });

  /**
   * Columns and relations to load. Strapi's shape loads the fields named (checked against the public
   * ones: a name that is not one is a 400) plus bigcommerceId, which the live overlay needs, and whole
   * brand / visible categories when populated.
   */
  const loadShape = (options: ReadOptions, defaultFields: string[]) => {
    if (!asksStrapiShape(options)) return { select: defaultFields, populate: taxonomyPopulate(options.full) };
    const known = fieldsOf(UIDS.product);
    const unknown = (options.fields ?? []).filter((field) => !known.includes(field));
    if (unknown.length) {
      const message = `fields names ${unknown.map((field) => `"${field}"`).join(', ')}, not a public field of a product (${known.join(', ')})`;
      throw new errors.ValidationError(`Invalid query: ${message}`, { errors: [{ path: ['fields'], message, name: 'ValidationError' }] });
    }
    const populate = taxonomyPopulate(true);
    return {
      select: [...new Set(['id', 'documentId', 'bigcommerceId', ...(options.fields ?? defaultFields)])],
      populate: Object.fromEntries((options.populate ?? []).map((relation) => [relation, populate[relation]])),
    };
  };

  /**
   * Product rows with brand and visible categories as `{ name, slug }` (a REST listing's items), and the
   * channel's listings of them: the rows through Strapi's query engine (its column mapping), and the
   * relations and listings in one statement beside them, each part as its own read gives it (brand and
   * categories as findMany's populate reads them, distinct, categories in their link order; listings
   * oldest first, as listingsOfRows). A page costs two round trips side by side (PostgreSQL, a pooled
   * connection each), where the populate ran its statements one after the other once the rows had come.
   */
  const loadWithRefs = async (
    ids: number[],
    select: string[],
    channelId: number,
    flags: ListingFlags
  ): Promise<{ rows: Row[]; views: Map<number, ListingView> }> => {
    const [brandLink, categoryLink] = [joinTable(UIDS.product, 'brand'), joinTable(UIDS.product, 'categories')];
    const refs = (uid: CatalogUid, link: typeof brandLink, kind: 'brand' | 'category', order: Knex.Raw) =>
      knex(`${meta(uid).tableName} as t0`)
        .join(`${link.name} as t1`, 't0.id', `t1.${link.inverseJoinColumn.name}`)
        .whereIn(`t1.${link.joinColumn.name}`, ids)
        .distinct(
          raw('? AS kind', [kind]),
          order,
          ...TAXONOMY_REF_FIELDS.map((field) => `t0.${column(uid, field)} as ${field}`),
          `t1.${link.joinColumn.name} as product`,
          raw('NULL AS description'),
          raw('NULL AS variants')
        );
    // A product's categories in their link order, as the populate reads them.
    const order = categoryLink.orderColumnName;
    const categoryRefs = refs(UIDS.category, categoryLink, 'category', order ? raw('?? AS ord', [`t1.${order}`]) : raw('0 AS ord')).where(
      `t0.${column(UIDS.category, 'isVisible')}`,
      true
    );
    const parts = [categoryRefs];
    if (flags.any) {
      parts.push(
        listedRows(channelId)
          .whereIn('lp.id', ids)
          .select(
            raw('? AS kind', ['listing']),
            `l.${column(UIDS.listing, 'bigcommerceId')} as ord`,
            `l.${column(UIDS.listing, 'name')} as name`,
            raw('NULL AS slug'),
            'lp.id as product',
            `l.${column(UIDS.listing, 'description')} as description`,
            // As text: the other parts' NULLs are text once their DISTINCT has typed them.
            raw('CAST(?? AS text) AS variants', [`l.${column(UIDS.listing, 'variants')}`])
          )
      );
    }
    const together = refs(UIDS.brand, brandLink, 'brand', raw('0 AS ord')).unionAll(parts, true).orderBy('ord');
    const [rows, refRows] = await Promise.all([
      query(UIDS.product).findMany({ select, where: { id: { $in: ids } } }) as Promise<Row[]>,
      together as Promise<Row[]>,
    ]);
    const brandOf = new Map<number, Row>();
    const categoriesOf = new Map<number, Row[]>();
    const listed: Row[] = [];
    for (const row of refRows) {
      const id = Number(row.product);
      if (row.kind === 'listing') {
        listed.push({ key: id, name: row.name, description: row.description, variants: row.variants });
        continue;
      }
      const ref = { name: row.name, slug: row.slug };
      if (row.kind === 'brand') {
        if (!brandOf.has(id)) brandOf.set(id, ref);
        continue;
      }
      const list = categoriesOf.get(id);
      if (list) list.push(ref);
      else categoriesOf.set(id, [ref]);
    }
    return {
      rows: rows.map((row) => ({ ...row, brand: brandOf.get(Number(row.id)) ?? null, categories: categoriesOf.get(Number(row.id)) ?? [] })),
      views: listingViews(listed),
    };
  };

  /**
   * Category row ids a shopper can reach (visible, under visible parents, as the tree shows them): only
   * when categories are populated whole, which then hides the branch of a hidden category too.
   */
  const reachableCategories = async (options: ReadOptions): Promise<Set<number> | undefined> => {
    if (!options.populate?.includes('categories')) return undefined;
    const parentLink = joinTable(UIDS.category, 'parent');
    const [rows, links] = await Promise.all([
      knex(meta(UIDS.category).tableName).select('id', column(UIDS.category, 'isVisible')) as Promise<Row[]>,
      knex(parentLink.name).select(parentLink.joinColumn.name, parentLink.inverseJoinColumn.name) as Promise<Row[]>,
    ]);
    const visible = new Set(rows.filter((row) => Boolean(row[column(UIDS.category, 'isVisible')])).map((row) => Number(row.id)));
    const parentOf = new Map(links.map((link) => [Number(link[parentLink.joinColumn.name]), Number(link[parentLink.inverseJoinColumn.name])]));
    const reachable = new Set<number>();
    for (const id of visible) {
      const line = [id];
      for (let parent = parentOf.get(id); parent !== undefined && !line.includes(parent); parent = parentOf.get(parent)) line.push(parent);
      if (line.every((member) => visible.has(member))) reachable.add(id);
    }
    return reachable;
  };

  const shapeProduct = (row: Row, options: ReadOptions, reachable?: Set<number>): Row => {
    const categories = Array.isArray(row.categories) ? (row.categories as Row[]) : [];
    if (asksStrapiShape(options)) {
      const shaped: Row = { ...row };
      if (options.populate?.includes('brand')) shaped.brand = row.brand ?? null;
      if (reachable) shaped.categories = categories.filter((category) => reachable.has(Number(category.id)));
      return shaped;
    }
    return options.full ? { ...row, brand: row.brand ?? null, categories } : { ...row, brand: pickRef(row.brand), categories: categories.map(pickRef) };
  };

  /** Category row ids directly holding at least one visible product of the channel. */
  const categoriesWithProducts = async (channelId: number): Promise<Set<number>> => {
    const categories = meta(UIDS.category).tableName;
    const link = joinTable(UIDS.product, 'categories');
    const channels = joinTable(UIDS.product, 'channels');
    const listings = await listingFlagsOf(channelId);
    // Per category, one matching product is enough: a few index probes each instead of every link row.
    const product = knex(`${link.name} as pc`)
      .select(raw('1'))
      .join(`${meta(UIDS.product).tableName} as p`, 'p.id', `pc.${link.joinColumn.name}`)
      .whereRaw('?? = ??', [`pc.${link.inverseJoinColumn.name}`, 'c.id'])
      .where(`p.${column(UIDS.product, 'isVisible')}`, true)
      .whereExists(
        knex(`${channels.name} as ch`)
          .select(raw('1'))
          .whereRaw('?? = ??', [`ch.${channels.joinColumn.name}`, `pc.${link.joinColumn.name}`])
          .where(`ch.${channels.inverseJoinColumn.name}`, channelRowId(channelId))
      );
    // A product the channel's listing takes off does not keep an aisle open there.
    if (listings.unlisted) product.whereNotExists(listingOf(channelId).where(`l.${column(UIDS.listing, 'listed')}`, false));
    const rows = (await knex(`${categories} as c`).select('c.id').whereExists(product)) as Row[];
    return new Set(rows.map((row) => Number(row.id)));
  };

  /**
   * Exact totals kept per catalog generation (utils/catalog-generation), which every committed catalog
   * write bumps in the database, whichever node or process made it. A count over tens of thousands of rows
   * (the channel's whole catalog, a wide price range) costs more than the rest of the request; asked again
   * at the same generation, the catalog is the same and so is its answer. Only the newest generation's
   * totals are kept, at most TOTALS_KEPT of them.
   */
  const TOTALS_KEPT = 1000;
  const totals = generationCache<string, Row[]>(TOTALS_KEPT);

  /** The current generation, or undefined where totals are not cached (triggers not in place). */
  const catalogGeneration = async (): Promise<number | undefined> => {
    if (!catalogGenerationReady(strapi)) return undefined;
    const [row] = (await knex(CATALOG_GENERATION.table).where('id', 1).select('generation')) as Row[];
    return row ? Number(row.generation) : undefined;
  };

  /**
   * One statement for a new generation: the channel's listing flags and facts, and the generation they
   * describe (the same snapshot). The id lists stop at FACTS_MAX + 1 rows: past FACTS_MAX they are not used.
   */
  const channelFactsQuery = (channelId: number): Knex.QueryBuilder => {
    const channels = joinTable(UIDS.product, 'channels');
    const unlinked = knex(`${meta(UIDS.product).tableName} as p`)
      .select(raw('1'))
      .whereNotExists(
        knex(`${channels.name} as pc`)
          .select(raw('1'))
          .whereRaw('?? = ??', [`pc.${channels.joinColumn.name}`, 'p.id'])
          .where(`pc.${channels.inverseJoinColumn.name}`, channelRowId(channelId))
      );
    const unlistedIds = listedRows(channelId)
      .where(`l.${column(UIDS.listing, 'listed')}`, false)
      .distinct('lp.id as id')
      .limit(FACTS_MAX + 1);
    const renamed = renamedNames(channelId).limit(FACTS_MAX + 1);
    return listingFlagsQuery(channelId).select({
      generation: generationSql(strapi),
      all_linked: raw('NOT EXISTS ?', [unlinked]),
      unlisted_ids: raw('(SELECT json_agg(u.id) FROM ? AS u)', [unlistedIds]),
      renamed_rows: raw(`(SELECT json_agg(json_build_object('id', r.id, 'name', r.name)) FROM ? AS r)`, [renamed]),
    });
  };

  /** Each channel's flags and facts at the newest generation seen (PostgreSQL); one entry a served channel. */
  const channelStates = generationCache<number, ListingFlags>(CHANNELS_KEPT);

  /**
   * The channel's listing flags at `generation` (catalogGeneration's). On PostgreSQL (with the generation in
   * place) the flags come with the channel's facts, read once per generation: a request at a known
   * generation costs one row of the generation table. Elsewhere, the flags' probe as before. Like the flags
   * before them (and the cached totals), facts read a moment before the page may miss a write committed between.
   */
  const channelState = async (channelId: number, generation: number | undefined): Promise<ListingFlags> => {
    // SQLite keeps its probe: its one in-process connection answers it in a fraction of a millisecond.
    if (generation === undefined || !isPostgres()) return listingFlagsOf(channelId);
    const cached = channelStates.get(generation, channelId);
    if (cached) return cached;
    const [row] = rawRows<Row>(await channelFactsQuery(channelId));
    const list = <T>(value: unknown): T[] | undefined => {
      const items = ((typeof value === 'string' ? JSON.parse(value) : value) as T[] | null) ?? [];
      return items.length > FACTS_MAX ? undefined : items;
    };
    const listings: ListingFlags = {
      ...flagsOf(row),
      known: {
        allLinked: row.all_linked === true,
        unlistedIds: list<number | string>(row.unlisted_ids)?.map(Number),
        renamed: list<{ id: number | string; name: string }>(row.renamed_rows)?.map((item) => ({ id: Number(item.id), name: item.name })),
      },
    };
    channelStates.set(Number(row.generation), channelId, listings);
    return listings;
  };

  /** Each channel's category tree (undefined: without a channel) at the newest generation seen. */
  const trees = generationCache<number | undefined, readonly FrozenCategoryNode[]>(TREES_KEPT);

  /** The visible category tree, read now (see categoryTree). */
  const buildCategoryTree = async (channelId: number | undefined): Promise<CategoryNode[]> => {
    const parentLink = joinTable(UIDS.category, 'parent');
    const [rows, links, stocked] = await Promise.all([
      query(UIDS.category).findMany({
        select: fieldsOf(UIDS.category),
        where: { isVisible: true },
        orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      }) as Promise<Row[]>,
      knex(parentLink.name).select(parentLink.joinColumn.name, parentLink.inverseJoinColumn.name) as Promise<Row[]>,
      channelId === undefined ? Promise.resolve(undefined) : categoriesWithProducts(channelId),
    ]);
    const parentOf = new Map(links.map((link) => [Number(link[parentLink.joinColumn.name]), Number(link[parentLink.inverseJoinColumn.name])]));
    const nodes = new Map<number, CategoryNode>(rows.map((row) => [Number(row.id), { ...row, children: [] }]));
    const roots: CategoryNode[] = [];
    for (const node of nodes.values()) {
      const parent = parentOf.get(Number(node.id));
      if (parent === undefined) roots.push(node);
      else nodes.get(parent)?.children.push(node); // an invisible (absent) parent hides the branch
    }
    if (!stocked) return roots;
    const prune = (level: CategoryNode[]): CategoryNode[] =>
      level.filter((node) => {
        node.children = prune(node.children);
        return node.children.length > 0 || stocked.has(Number(node.id));
      });
    return prune(roots);
  };

  const totalKey = (qb: Knex.QueryBuilder): string => {
    const { sql, bindings } = qb.toSQL();
    return `${sql}\u0000${JSON.stringify(bindings)}`;
  };

  /** The cached rows of an aggregate query at `generation`, if any. */
  const cachedTotalRows = (qb: Knex.QueryBuilder, generation: number | undefined): Row[] | undefined =>
    generation === undefined ? undefined : totals.get(generation, totalKey(qb));

  /**
   * The rows of an aggregate query, from the cache when it holds them for `generation` (read before).
   * A miss reads the generation in the query's own statement (the same snapshot), and keeps the rows
   * under that one: rows and generation then always describe the same catalog.
   */
  const totalRows = async (qb: Knex.QueryBuilder, generation: number | undefined): Promise<Row[]> => {
    if (generation === undefined) return (await qb) as Row[];
    const hit = cachedTotalRows(qb, generation);
    if (hit) return hit;
    const key = totalKey(qb);
    const rows = (await qb.select(raw('? AS ??', [generationSql(strapi), 'generation']))) as Row[];
    if (rows.length) totals.set(Number(rows[0].generation), key, rows);
    return rows;
  };

  const countOf = async (qb: Knex.QueryBuilder, generation?: number): Promise<number> => {
    const [row] = await totalRows(qb.count({ count: '*' }), generation);
    return Number(row?.count ?? 0);
  };

  /**
   * A page in `featured` order without a sort of the whole catalog. `isFeatured DESC, sortOrder, name, id`
   * mixes directions, which no (all-ascending) declared index can deliver, so SQLite sorted every row
   * before skipping a deep page's offset. isFeatured has only three values, though: one GROUP BY count
   * (which is also the total) says how many rows each value has, and the page is then read from the one or
   * two value groups it falls in, each `isFeatured = value ORDER BY sortOrder, name, id` straight from
   * `bigcommerce_products_list_featured_idx`. Groups follow the database's own NULL order.
   */
  const featuredPage = async (
    channelId: number,
    params: ProductListQuery,
    scope: TaxonomyScope,
    offset: number,
    listings: ListingFlags,
    generation: number | undefined
  ): Promise<{ pageIds: number[]; total: number }> => {
    const featured = `p.${column(UIDS.product, 'isFeatured')}`;
    const direction = params.sort.direction;
    const ascending: (boolean | null)[] = isPostgres() ? [false, true, null] : [null, false, true]; // NULL last / first
    const groups = direction === 'asc' ? ascending : [...ascending].reverse();
    const groupIds = (value: boolean | null, wanted: number, skip: number): Promise<number[]> => {
      const group = (withoutRenamed = false) => {
        const qb = filteredProducts(channelId, params, scope, listings, withoutRenamed);
        return value === null ? qb.whereNull(featured) : qb.where(featured, value);
      };
      return sortedIds(group, orderingsOf(params.sort).slice(1), channelId, listings, wanted, skip);
    };
    // A first page on PostgreSQL whose counts are not cached: each group's first page is read alongside the counts (its own pooled
    // connection each), then cut to what the counts leave for it. Deeper pages need the counts first, and
    // SQLite's one connection would only queue the extra reads.
    const countQuery = filteredProducts(channelId, params, scope, listings)
      .select(raw('?? AS ??', [featured, 'featured']))
      .count({ count: '*' })
      .groupBy(featured);
    // Counts already known (cached) leave only the groups the page falls in to read.
    const known = cachedTotalRows(countQuery, generation);
    const [counted, ...firstPages] = await Promise.all([
      known ?? totalRows(countQuery, generation),
      ...(offset === 0 && isPostgres() && !known ? groups.map((value) => groupIds(value, params.pageSize, 0)) : []),
    ]);
    const key = (value: unknown): string => (value === null || value === undefined ? 'null' : String(value === true || Number(value) === 1));
    const counts = new Map(counted.map((row) => [key(row.featured), Number(row.count)]));
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    if (isPostgres() && !firstPages.length) {
      // The counts say which groups the page falls in and how many rows each gives: read them together.
      const parts: Promise<number[]>[] = [];
      let [skip, wanted] = [offset, params.pageSize];
      for (const value of groups) {
        const size = counts.get(key(value)) ?? 0;
        if (wanted <= 0) break;
        if (skip >= size) {
          skip -= size;
          continue;
        }
        parts.push(groupIds(value, Math.min(wanted, size - skip), skip));
        wanted -= size - skip;
        skip = 0;
      }
      return { pageIds: (await Promise.all(parts)).flat(), total };
    }
    const pageIds: number[] = [];
    let skip = offset;
    for (const [i, value] of groups.entries()) {
      const wanted = params.pageSize - pageIds.length;
      if (wanted <= 0) break;
      const size = counts.get(key(value)) ?? 0;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      // The first page's read of the group gave its first pageSize rows; wanted is never more.
      pageIds.push(...(firstPages[i] ? firstPages[i].slice(0, wanted) : await groupIds(value, wanted, skip)));
      skip = 0;
    }
    return { pageIds, total };
  };

  /**
   * The product check in one statement: of the requested ids, the products visible and linked to the
   * channel that no listing of the channel takes off, each with its variants and the variants of its oldest
   * listing there (NULL without one). One round trip per add, where the listing probe, the check and the
   * listing read were three. Compiled once per (channel, number of ids): compiling the builder cost more
   * than running it. Only the ids change between calls, and they are the last bindings.
   */
  const sellableSql = new Map<string, { sql: string; bindings: readonly Knex.RawBinding[] }>();
  const sellableQuery = (ids: readonly number[], channelId: number) => {
    const key = `${channelId}:${ids.length}`;
    const known = sellableSql.get(key);
    if (known) return raw(known.sql, [...known.bindings.slice(0, known.bindings.length - ids.length), ...ids]);
    const [idColumn, variantsColumn] = [column(UIDS.product, 'bigcommerceId'), column(UIDS.product, 'variants')];
    const listing = (attribute: string) => `l.${column(UIDS.listing, attribute)}`;
    // The oldest listing's variants, as listingViews reads them; the listing index answers both probes.
    const listingVariants = listingOf(channelId).clearSelect().select(listing('variants')).orderBy(listing('bigcommerceId')).limit(1);
    const qb = filteredProducts(channelId, NO_FILTERS)
      .whereNotExists(listingOf(channelId).where(listing('listed'), false))
      .whereIn(`p.${idColumn}`, [...ids])
      .select(`p.${idColumn} as id`, `p.${variantsColumn} as variants`, listingVariants.as('listing_variants'));
    const { sql, bindings } = qb.toSQL();
    if (ids.every((id, i) => bindings[bindings.length - ids.length + i] === id)) sellableSql.set(key, { sql, bindings });
    return qb;
  };

  return {
    servedChannels,
    resolveChannel,

    /**
     * Of these BigCommerce product ids, those visible and listed in the channel, with their variant ids:
     * what a cart may hold: the listing's own rule, in one query (add-to-cart runs it on every call).
     */
    async sellableVariants(ids: readonly number[], channelId: number): Promise<Map<number, Set<number>>> {
      // A compiled statement runs raw; a first call's builder answers the rows (rawRows takes both).
      const rows = rawRows<{ id: number | string; variants: unknown; listing_variants: unknown }>(await sellableQuery(ids, channelId));
      const parse = <T>(value: unknown): T[] => ((typeof value === 'string' ? JSON.parse(value) : value) as T[] | null) ?? [];
      return new Map(
        rows.map((row) => {
          // A variant the channel's listing disables is not sold there.
          const unlisted = new Set(
            parse<ListingRecord['variants'][number]>(row.listing_variants)
              .filter((variant) => !variant.listed)
              .map((variant) => variant.variantId)
          );
          const sold = parse<{ id: number }>(row.variants).filter((variant) => !unlisted.has(variant.id));
          return [Number(row.id), new Set(sold.map((variant) => variant.id))];
        })
      );
    },

    async listProducts(params: ProductListParams): Promise<Page<Row>> {
      // Reads that do not depend on each other go together: on PostgreSQL each takes its own pooled
      // connection, so a request costs its longest read rather than the sum of their round trips (SQLite's
      // one connection runs them in turn, as before). The channel is checked before any filter is looked up.
      const [channelId, generation] = await Promise.all([resolveChannel(params.channel), catalogGeneration()]);
      // A filter naming no category or brand the shopper can reach is a 404, not an empty aisle.
      const [categoryIds, brandIds, listings] = await Promise.all([
        params.category === undefined ? undefined : scopeIds('category', params.category, generation),
        params.brand === undefined ? undefined : scopeIds('brand', params.brand, generation),
        channelState(channelId, generation),
      ]);
      const scope: TaxonomyScope = { categoryIds, brandIds };
      const offset = (params.page - 1) * params.pageSize;
      const filtered = (withoutRenamed = false) => filteredProducts(channelId, params, scope, listings, withoutRenamed);
      const sortedPage = (): Knex.QueryBuilder => {
        return sorted(filtered().select('p.id').limit(params.pageSize).offset(offset), orderingsOf(params.sort), channelId, listings);
      };
      let pageIds: number[];
      let total: number;
      if (params.q !== undefined) {
        // A text search reads every candidate row anyway: one pass gives the page and the total.
        const rows = (await sortedPage().select(raw('COUNT(*) OVER () AS total'))) as Row[];
        pageIds = rows.map((row) => Number(row.id));
        total = rows.length ? Number(rows[0].total) : offset ? await countOf(filtered()) : 0;
      } else if (params.sort.key === 'featured') {
        ({ pageIds, total } = await featuredPage(channelId, params, scope, offset, listings, generation));
      } else {
        [pageIds, total] = await Promise.all([
          sortedIds(filtered, orderingsOf(params.sort), channelId, listings, params.pageSize, offset),
          countOf(filtered(), generation),
        ]);
      }
      if (!pageIds.length) return { results: [], pagination: pagination(params.page, params.pageSize, total) };
      const shape = loadShape(params, params.full ? fieldsOf(UIDS.product) : fieldsOf(UIDS.product, DETAIL_ONLY_PRODUCT_FIELDS));
      const populated = async () => {
        const [rows, views] = await Promise.all([
          query(UIDS.product).findMany({ ...shape, where: { id: { $in: pageIds } } }) as Promise<Row[]>,
          listingsOfRows(channelId, pageIds, listings),
        ]);
        return { rows, views };
      };
      const [{ rows: loaded, views }, reachable] = await Promise.all([
        // SQLite's one connection would only queue the relations' reads behind the rows: the populate there.
        params.full || asksStrapiShape(params) || !isPostgres() ? populated() : loadWithRefs(pageIds, shape.select, channelId, listings),
        reachableCategories(params),
      ]);
      const byId = new Map(loaded.map((row) => [Number(row.id), row]));
      const results = pageIds.flatMap((id) => {
        const row = byId.get(id);
        // A row deleted by a sync between the two reads is left out.
        return row ? [shapeProduct(withListing(row, views.get(id)), params, reachable)] : [];
      });
      return { results, pagination: pagination(params.page, params.pageSize, total) };
    },

    /**
     * A visible product of the channel by slug, or by documentId when the reference has a documentId's
     * shape (tried first; a slug of that shape is still found when no document has it as its id).
     */
    async findProductBySlug(slug: string, channel: number | undefined, options: ReadOptions = {}): Promise<Row | null> {
      const channelId = await resolveChannel(channel);
      const table = meta(UIDS.product).tableName;
      const candidates = (by: string, value: string) => knex(table).select('id').where(by, value) as Promise<Row[]>;
      const documentId = looksLikeDocumentId(slug);
      const [listings, byDocumentRows] = await Promise.all([
        listingFlagsOf(channelId),
        documentId ? candidates(column(UIDS.product, 'documentId'), slug) : Promise.resolve([]),
      ]);
      /** Of these rows, the first one the shopper may see. */
      const visible = async (candidates: Row[]): Promise<number | undefined> => {
        if (!candidates.length) return undefined;
        const [match] = (await filteredProducts(channelId, NO_FILTERS, {}, listings)
          .whereIn(
            'p.id',
            candidates.map((row) => Number(row.id))
          )
          .select('p.id')
          .orderBy('p.id')
          .limit(1)) as Row[];
        return match ? Number(match.id) : undefined;
      };
      // By the documentId or slug index alone first: with visibility in the same statement SQLite may prefer
      // a list index. Stored slugs are NFC and lower case, and unique (see sync/slugs.ts): fold the request too.
      const byDocument = documentId ? await visible(byDocumentRows) : undefined;
      const id = byDocument ?? (await visible(await candidates(column(UIDS.product, 'slug'), foldSlug(slug))));
      if (id === undefined) return null;
      const [row, views, reachable] = await Promise.all([
        query(UIDS.product).findOne({ ...loadShape(options, fieldsOf(UIDS.product)), where: { id } }) as Promise<Row | null>,
        listingsOfRows(channelId, [id], listings),
        reachableCategories(options),
      ]);
      if (!row) return null;
      return shapeProduct(withListing(row, views.get(id)), options, reachable);
    },

    /**
     * Visible categories as a tree (each level by sortOrder, then name). A category under an invisible
     * parent is hidden with it. With a channel, only branches holding a visible product of that channel
     * are kept, so a storefront shows no aisle that is empty for it. The tree is frozen: one tree answers
     * every request at its catalog generation.
     */
    async categoryTree(channel: number | undefined): Promise<readonly FrozenCategoryNode[]> {
      const [channelId, generation] = await Promise.all([channel === undefined ? undefined : resolveChannel(channel), catalogGeneration()]);
      // Re-reading every category (and the answer's serialising, see controllers/catalog.ts) cost more than
      // anything else of the request at 1,000 categories; a generation's catalog gives the same tree.
      const cached = trees.get(generation, channelId);
      if (cached) return cached;
      const tree: readonly FrozenCategoryNode[] = deepFreeze(await buildCategoryTree(channelId));
      // Its reads took their own snapshots (one connection each): kept only if no catalog write committed
      // meanwhile, as the generation unchanged after them says, so that they all saw that generation.
      if (generation !== undefined && (await catalogGeneration()) === generation) trees.set(generation, channelId, tree);
      return tree;
    },

    async listBrands(params: BrandListQuery): Promise<Page<Row>> {
      const [rows, total] = await Promise.all([
        query(UIDS.brand).findMany({
          select: fieldsOf(UIDS.brand),
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          limit: params.pageSize,
          offset: (params.page - 1) * params.pageSize,
        }) as Promise<Row[]>,
        query(UIDS.brand).count({}),
      ]);
      return { results: rows, pagination: pagination(params.page, params.pageSize, Number(total)) };
    },
  };
};

export type CatalogReadService = ReturnType<typeof catalogRead>;

export default catalogRead;
