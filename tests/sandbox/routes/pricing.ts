// Price lists (records, assignments), channel currency assignments and Get Prices (Batch)
// (price_lists.v3.yml, channels.v3.yml, pricing.sf.yml); v2 currencies and customer groups
// (currencies.v2.yml, customers.v2.yml).
import type { FastifyRequest } from 'fastify';
import { SCOPES } from '../auth';
import { ApiError } from '../errors';
import { bool, collection, int, intList, paging, queryOf, send, single, str, type Json, type Query } from '../http';
import type { BulkTier, ItemPrices, PriceListAssignment, PriceRecord } from '../store/pricing';
import { idParam, type RouteDef, type RouteEnv } from './types';

/** A price with its tax views: the sandbox charges no tax, so all three agree. */
const taxed = (n: number): Json => ({ as_entered: n, entered_inclusive: false, tax_exclusive: n, tax_inclusive: n });

function tierJson(t: BulkTier): Json {
  return {
    minimum: t.quantity_min,
    maximum: t.quantity_max,
    discount_amount: t.amount,
    discount_type: t.type,
    tax_discount_amount: [taxed(t.amount)],
  };
}

export function pricesJson(p: ItemPrices): Json {
  const ref: Json = { product_id: p.product_id, options: [] };
  if (p.variant_id !== undefined) ref.variant_id = p.variant_id;
  const out: Json = { ...ref, reference_request: { ...ref } };
  out.price = taxed(p.price);
  if (p.sale_price !== undefined) out.sale_price = taxed(p.sale_price);
  if (p.retail_price !== undefined) out.retail_price = taxed(p.retail_price);
  if (p.map_price !== undefined) out.minimum_advertised_price = taxed(p.map_price);
  out.calculated_price = taxed(p.calculated_price);
  if (p.retail_price !== undefined && p.retail_price > p.calculated_price) out.saved = taxed(Math.round((p.retail_price - p.calculated_price) * 100) / 100);
  out.price_range = { minimum: taxed(p.range[0]), maximum: taxed(p.range[1]) };
  if (p.retail_range) out.retail_price_range = { minimum: taxed(p.retail_range[0]), maximum: taxed(p.retail_range[1]) };
  out.bulk_pricing = p.bulk.map(tierJson);
  return out;
}

function recordJson(r: PriceRecord, include: string[]): Json {
  const out: Json = {
    price_list_id: r.price_list_id,
    variant_id: r.variant_id,
    product_id: r.product_id,
    currency: r.currency,
    price: r.price,
    calculated_price: r.sale_price !== undefined && r.sale_price > 0 ? r.sale_price : r.price,
    date_created: r.date_created,
    date_modified: r.date_modified,
  };
  for (const k of ['sale_price', 'retail_price', 'map_price'] as const) if (r[k] !== undefined) out[k] = r[k];
  if (include.includes('sku')) out.sku = r.sku;
  if (include.includes('bulk_pricing_tiers')) out.bulk_pricing_tiers = r.bulk_pricing_tiers;
  return out;
}

function assignmentJson(a: PriceListAssignment): Json {
  const out: Json = { id: a.id, price_list_id: a.price_list_id };
  if (a.customer_group_id !== undefined) out.customer_group_id = a.customer_group_id;
  if (a.channel_id !== undefined) out.channel_id = a.channel_id;
  return out;
}

const includeOf = (q: Query): string[] => str(q, 'include')?.split(',') ?? [];
const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name];

export function pricingRoutes({ store }: RouteEnv): RouteDef[] {
  const products = SCOPES.products;
  const p = store.pricing;
  const recordsQuery = (q: Query, listId: number): PriceRecord[] => {
    const variants = intList(q, 'variant_id:in');
    const productIds = intList(q, 'product_id:in');
    const currency = str(q, 'currency')?.toUpperCase();
    return p
      .recordsOf(listId)
      .filter(
        (r) => (!variants || variants.includes(r.variant_id)) && (!productIds || productIds.includes(r.product_id)) && (!currency || r.currency === currency)
      );
  };
  return [
    {
      method: 'GET',
      url: '/pricelists',
      scope: products,
      handler: (req) => {
        const q = queryOf(req);
        const ids = intList(q, 'id:in');
        const name = str(q, 'name');
        const like = str(q, 'name:like')?.toLowerCase();
        const all = [...p.priceLists.values()].filter(
          (l) => (!ids || ids.includes(l.id)) && (name === undefined || l.name === name) && (!like || l.name.toLowerCase().includes(like))
        );
        return collection(q, all, paging(q));
      },
    },
    { method: 'POST', url: '/pricelists', scope: products, handler: (req) => single(p.createList(req.body)) },
    {
      method: 'DELETE',
      url: '/pricelists',
      scope: products,
      handler: (req, reply) => {
        const q = queryOf(req);
        const ids = intList(q, 'id:in');
        const name = str(q, 'name');
        // Deleting every list by accident takes a filter, as the catalog's batch deletes do.
        if (!ids && name === undefined) throw new ApiError(422, 'A filter is required: id:in or name.', { 'id:in': 'Required without name.' });
        const match = [...p.priceLists.values()].filter((l) => (!ids || ids.includes(l.id)) && (name === undefined || l.name === name));
        p.deleteLists(
          match.map((l) => l.id),
          true
        );
        return send(reply, 204);
      },
    },
    { method: 'GET', url: '/pricelists/assignments', scope: products, handler: (req) => assignmentsList(queryOf(req)) },
    {
      method: 'POST',
      url: '/pricelists/assignments',
      scope: products,
      // The spec declares an empty 200.
      handler: (req, reply) => {
        p.createAssignments(req.body);
        return send(reply, 200);
      },
    },
    {
      method: 'DELETE',
      url: '/pricelists/assignments',
      scope: products,
      handler: (req, reply) => {
        const q = queryOf(req);
        const id = int(q, 'id');
        const list = int(q, 'price_list_id');
        const group = int(q, 'customer_group_id');
        const channel = int(q, 'channel_id');
        const channels = intList(q, 'channel_id:in');
        if ([id, list, group, channel, channels].every((v) => v === undefined)) {
          throw new ApiError(422, 'A filter is required.', { filter: 'id, price_list_id, customer_group_id, channel_id or channel_id:in.' });
        }
        p.deleteAssignments(
          (a) =>
            (id === undefined || a.id === id) &&
            (list === undefined || a.price_list_id === list) &&
            (group === undefined || a.customer_group_id === group) &&
            (channel === undefined || a.channel_id === channel) &&
            (!channels || (a.channel_id !== undefined && channels.includes(a.channel_id)))
        );
        return send(reply, 204);
      },
    },
    { method: 'GET', url: '/pricelists/:price_list_id', scope: products, handler: (req) => single(p.priceList(idParam(req, 'price_list_id'))) },
    {
      method: 'PUT',
      url: '/pricelists/:price_list_id',
      scope: products,
      handler: (req) => single(p.updateList(idParam(req, 'price_list_id'), req.body)),
    },
    {
      method: 'DELETE',
      url: '/pricelists/:price_list_id',
      scope: products,
      handler: (req, reply) => {
        p.deleteLists([p.priceList(idParam(req, 'price_list_id')).id], false);
        return send(reply, 204);
      },
    },
    {
      method: 'GET',
      url: '/pricelists/:price_list_id/records',
      scope: products,
      handler: (req) => {
        const q = queryOf(req);
        const include = includeOf(q);
        return collection(q, recordsQuery(q, idParam(req, 'price_list_id')), paging(q), (r) => recordJson(r, include));
      },
    },
    {
      method: 'PUT',
      url: '/pricelists/:price_list_id/records',
      scope: products,
      handler: (req) => {
        p.upsertRecords(idParam(req, 'price_list_id'), req.body);
        return { data: {}, meta: {} };
      },
    },
    {
      method: 'DELETE',
      url: '/pricelists/:price_list_id/records',
      scope: products,
      handler: (req, reply) => {
        const q = queryOf(req);
        p.deleteRecords(idParam(req, 'price_list_id'), intList(q, 'variant_id:in'), str(q, 'currency'));
        return send(reply, 204);
      },
    },
    {
      method: 'GET',
      url: '/pricelists/:price_list_id/records/:variant_id',
      scope: products,
      handler: (req) => {
        const q = queryOf(req);
        const variant = idParam(req, 'variant_id');
        const all = p.recordsOf(idParam(req, 'price_list_id')).filter((r) => r.variant_id === variant);
        return collection(q, all, paging(q), (r) => recordJson(r, includeOf(q)));
      },
    },
    {
      method: 'GET',
      url: '/pricelists/:price_list_id/records/:variant_id/:currency_code',
      scope: products,
      handler: (req) =>
        single(recordJson(p.record(idParam(req, 'price_list_id'), idParam(req, 'variant_id'), param(req, 'currency_code')), includeOf(queryOf(req)))),
    },
    {
      method: 'PUT',
      url: '/pricelists/:price_list_id/records/:variant_id/:currency_code',
      scope: products,
      handler: (req) => single(recordJson(p.setRecord(idParam(req, 'price_list_id'), idParam(req, 'variant_id'), param(req, 'currency_code'), req.body), [])),
    },
    {
      method: 'DELETE',
      url: '/pricelists/:price_list_id/records/:variant_id/:currency_code',
      scope: products,
      handler: (req, reply) => {
        p.deleteRecord(idParam(req, 'price_list_id'), idParam(req, 'variant_id'), param(req, 'currency_code'));
        return send(reply, 204);
      },
    },
    {
      method: 'PUT',
      url: '/pricelists/:price_list_id/assignments',
      scope: products,
      handler: (req) => single(assignmentJson(p.upsertAssignment(idParam(req, 'price_list_id'), req.body))),
    },
    {
      method: 'GET',
      url: '/channels/currency-assignments',
      scope: SCOPES.channelSettings,
      handler: () => single([...store.channels.channels.keys()].map((id) => p.currenciesOf(id))),
    },
    {
      method: 'GET',
      url: '/channels/:channel_id/currency-assignments',
      scope: SCOPES.channelSettings,
      handler: (req) => single(p.currenciesOf(idParam(req, 'channel_id'))),
    },
    {
      method: 'PUT',
      url: '/channels/:channel_id/currency-assignments',
      scope: SCOPES.channelSettings,
      handler: (req) => single(p.setChannelCurrencies(idParam(req, 'channel_id'), req.body)),
    },
    {
      method: 'POST',
      url: '/pricing/products',
      scope: products,
      handler: (req) => ({ data: p.prices(p.checkPricingQuery(req.body)).map(pricesJson), meta: {} }),
    },
  ];

  function assignmentsList(q: Query): Json {
    const filters: Array<[string, keyof PriceListAssignment]> = [
      ['id', 'id'],
      ['price_list_id', 'price_list_id'],
      ['customer_group_id', 'customer_group_id'],
      ['channel_id', 'channel_id'],
    ];
    const preds: Array<(a: PriceListAssignment) => boolean> = [];
    for (const [key, field] of filters) {
      const one = int(q, key);
      if (one !== undefined) preds.push((a) => a[field] === one);
      const many = intList(q, `${key}:in`);
      if (many) preds.push((a) => many.includes(a[field] as number));
    }
    const all = [...p.assignments.values()].filter((a) => preds.every((f) => f(a)));
    return collection(q, all, paging(q), (a) => assignmentJson(a as PriceListAssignment));
  }
}

/** v2: the store's currencies and customer groups (bare JSON, no envelope). */
export function pricingV2Routes({ store }: RouteEnv): RouteDef[] {
  const p = store.pricing;
  const v2Page = <T>(q: Query, all: T[]): T[] => {
    const { page, limit } = paging(q);
    return all.slice((page - 1) * limit, page * limit);
  };
  return [
    {
      method: 'GET',
      url: '/currencies',
      scope: SCOPES.information,
      handler: (req, reply) => {
        const out = v2Page(queryOf(req), [...p.currencies.values()]);
        return out.length ? out : send(reply, 204);
      },
    },
    { method: 'GET', url: '/currencies/:id', scope: SCOPES.information, handler: (req) => p.currency(idParam(req, 'id')) },
    {
      method: 'GET',
      url: '/customer_groups',
      scope: SCOPES.customers,
      handler: (req, reply) => {
        const q = queryOf(req);
        const name = str(q, 'name');
        const isDefault = bool(q, 'is_default');
        const forGuests = bool(q, 'is_group_for_guests');
        const all = [...p.groups.values()].filter(
          (g) =>
            (name === undefined || g.name === name) &&
            (isDefault === undefined || g.is_default === isDefault) &&
            (forGuests === undefined || g.is_group_for_guests === forGuests)
        );
        const out = v2Page(q, all);
        return out.length ? out : send(reply, 204);
      },
    },
    { method: 'GET', url: '/customer_groups/:customer_group_id', scope: SCOPES.customers, handler: (req) => p.group(idParam(req, 'customer_group_id')) },
  ];
}
