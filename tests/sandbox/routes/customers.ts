// Customers v3 (batch create/update/delete, filters, settings, validate-credentials) and the v2
// password check. Passwords are accepted in `authentication.new_password`, stored as scrypt
// hashes and never returned. validate-credentials answers a bare {is_valid, customer_id}.
import { SCOPES } from '../auth';
import { invalid } from '../errors';
import { collection, dateParam, intList, list, paging, queryOf, single, str, type Json } from '../http';
import { countryName } from '../store/orders';
import type { Customer } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';

export function customerJson(c: Customer, include: string[] = []): Json {
  const out: Json = {
    id: c.id,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    company: c.company,
    phone: c.phone,
    registration_ip_address: c.registration_ip_address,
    notes: c.notes,
    tax_exempt_category: c.tax_exempt_category,
    customer_group_id: c.customer_group_id,
    date_modified: c.date_modified,
    date_created: c.date_created,
    address_count: c.addresses.length,
    attribute_count: 0,
    authentication: { force_password_reset: c.force_password_reset },
    accepts_product_review_abandoned_cart_emails: c.accepts_product_review_abandoned_cart_emails,
    origin_channel_id: c.origin_channel_id,
    channel_ids: c.channel_ids,
  };
  if (include.includes('addresses')) out.addresses = c.addresses.map((a) => ({ ...a, country: countryName(a.country_code), form_fields: [] }));
  if (include.includes('storecredit')) out.store_credit_amounts = [{ amount: 0 }];
  if (include.includes('attributes')) out.attributes = [];
  if (include.includes('formfields')) out.form_fields = [];
  return out;
}

const SORTS = ['date_created:asc', 'date_created:desc', 'last_name:asc', 'last_name:desc', 'date_modified:asc', 'date_modified:desc'] as const;

export function customerRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.customers;
  const { customers } = store;
  const includeOf = (q: ReturnType<typeof queryOf>): string[] => list(q, 'include') ?? [];
  return [
    {
      method: 'GET',
      url: '/customers',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const preds: Array<(c: Customer) => boolean> = [];
        const ids = intList(q, 'id:in');
        if (ids) preds.push((c) => ids.includes(c.id));
        const emails = list(q, 'email:in')?.map((e) => e.toLowerCase());
        if (emails) preds.push((c) => emails.includes(c.email.toLowerCase()));
        const names = list(q, 'name:in')?.map((n) => n.toLowerCase());
        if (names) preds.push((c) => names.includes(`${c.first_name} ${c.last_name}`.toLowerCase()));
        const like = list(q, 'name:like')?.map((n) => n.toLowerCase());
        if (like) preds.push((c) => like.some((n) => `${c.first_name} ${c.last_name}`.toLowerCase().includes(n)));
        const companies = list(q, 'company:in')?.map((n) => n.toLowerCase());
        if (companies) preds.push((c) => companies.includes(c.company.toLowerCase()));
        const groups = intList(q, 'customer_group_id:in');
        if (groups) preds.push((c) => groups.includes(c.customer_group_id));
        for (const field of ['date_created', 'date_modified'] as const) {
          const min = dateParam(q, `${field}:min`);
          if (min !== undefined) preds.push((c) => Date.parse(c[field]) >= min);
          const max = dateParam(q, `${field}:max`);
          if (max !== undefined) preds.push((c) => Date.parse(c[field]) <= max);
        }
        const sort = str(q, 'sort');
        if (sort !== undefined && !(SORTS as readonly string[]).includes(sort)) throw invalid({ sort: `sort must be one of: ${SORTS.join(', ')}.` });
        const all = [...customers.customers.values()].filter((c) => preds.every((p) => p(c)));
        if (sort) {
          const [field, dir] = sort.split(':') as ['date_created' | 'date_modified' | 'last_name', 'asc' | 'desc'];
          all.sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id - b.id) * (dir === 'desc' ? -1 : 1));
        }
        const include = includeOf(q);
        return collection(q, all, paging(q), (c) => customerJson(c, include));
      },
    },
    {
      method: 'POST',
      url: '/customers',
      scope,
      handler: async (req) => ({ data: (await customers.create(req.body, { ip: req.ip })).map((c) => customerJson(c, ['addresses'])), meta: {} }),
    },
    {
      method: 'PUT',
      url: '/customers',
      scope,
      handler: async (req) => ({ data: (await customers.update(req.body)).map((c) => customerJson(c)), meta: {} }),
    },
    {
      method: 'DELETE',
      url: '/customers',
      scope,
      handler: (req, reply) => {
        const ids = intList(queryOf(req), 'id:in');
        if (!ids) throw invalid({ 'id:in': 'id:in is required.' });
        customers.delete(ids);
        for (const [wid, w] of store.wishlists.wishlists) if (ids.includes(w.customer_id)) store.wishlists.wishlists.delete(wid);
        return reply.code(204).send();
      },
    },
    {
      method: 'POST',
      url: '/customers/validate-credentials',
      scope,
      // No data/meta envelope here.
      handler: async (req) => customers.validateCredentials(req.body),
    },
    { method: 'GET', url: '/customers/settings', scope, handler: () => single(customers.globalSettings()) },
    { method: 'PUT', url: '/customers/settings', scope, handler: (req) => single(customers.updateGlobalSettings(req.body)) },
    {
      method: 'GET',
      url: '/customers/settings/channels/:channel_id',
      scope,
      handler: (req) => single(customers.effectiveChannelSettings(idParam(req, 'channel_id'))),
    },
    {
      method: 'PUT',
      url: '/customers/settings/channels/:channel_id',
      scope,
      handler: (req) => single(customers.updateChannelSettings(idParam(req, 'channel_id'), req.body)),
    },
  ];
}

/** v2: POST /customers/{id}/validate → {success}. */
export function customerV2Routes({ store }: RouteEnv): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/customers/:customer_id/validate',
      scope: SCOPES.customers,
      handler: async (req) => store.customers.validatePassword(idParam(req, 'customer_id'), req.body),
    },
  ];
}
