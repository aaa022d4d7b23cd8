// Catalog v3: categories, category trees and brands.
import { SCOPES } from '../auth';
import { invalid, notFound } from '../errors';
import { bool, collection, int, intList, list, oneOf, paging, projector, queryOf, single, str, type Json, type Query } from '../http';
import type { Brand, Category } from '../types';
import { idParam, type RouteDef, type RouteEnv } from './types';

export function categoryJson(c: Category): Json {
  return {
    id: c.id,
    parent_id: c.parent_id,
    name: c.name,
    description: c.description,
    views: c.views,
    sort_order: c.sort_order,
    page_title: c.page_title,
    search_keywords: c.search_keywords,
    meta_keywords: c.meta_keywords,
    meta_description: c.meta_description,
    layout_file: c.layout_file,
    is_visible: c.is_visible,
    default_product_sort: c.default_product_sort,
    image_url: c.image_url,
    custom_url: c.custom_url,
  };
}

/** The category-trees API names things differently: category_id, category_uuid, url.path. */
function treeCategoryJson(c: Category): Json {
  return {
    category_id: c.id,
    category_uuid: c.uuid,
    tree_id: c.tree_id,
    parent_id: c.parent_id,
    name: c.name,
    description: c.description,
    views: c.views,
    sort_order: c.sort_order,
    page_title: c.page_title,
    meta_keywords: c.meta_keywords,
    meta_description: c.meta_description,
    layout_file: c.layout_file,
    image_url: c.image_url,
    is_visible: c.is_visible,
    search_keywords: c.search_keywords,
    default_product_sort: c.default_product_sort,
    url: { path: c.custom_url.url, is_customized: c.custom_url.is_customized },
  };
}

interface CategoryNode {
  id: number;
  parent_id: number;
  depth: number;
  path: number[];
  name: string;
  is_visible: boolean;
  url: string;
  children: CategoryNode[];
}

/** Nested tree; depth counts from 1 at the roots and path lists the ids from the root down to the node. */
function buildTree(cats: Category[], maxDepth: number | undefined): CategoryNode[] {
  const byParent = new Map<number, Category[]>();
  for (const c of cats) byParent.set(c.parent_id, [...(byParent.get(c.parent_id) ?? []), c]);
  const walk = (parent: number, depth: number, path: number[]): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)
      .map((c) => ({
        id: c.id,
        parent_id: c.parent_id,
        depth,
        path: [...path, c.id],
        name: c.name,
        is_visible: c.is_visible,
        url: c.custom_url.url,
        children: maxDepth !== undefined && depth >= maxDepth ? [] : walk(c.id, depth + 1, [...path, c.id]),
      }));
  return walk(0, 1, []);
}

function likeMatch(value: string, pattern: string): boolean {
  return value.toLowerCase().includes(pattern.toLowerCase());
}

function idFilters<T>(q: Query, get: (t: T) => number, key = 'id'): Array<(t: T) => boolean> {
  const out: Array<(t: T) => boolean> = [];
  const eq = int(q, key);
  if (eq !== undefined) out.push((t) => get(t) === eq);
  const ins = intList(q, `${key}:in`);
  if (ins) out.push((t) => ins.includes(get(t)));
  const notIns = intList(q, `${key}:not_in`);
  if (notIns) out.push((t) => !notIns.includes(get(t)));
  for (const [suffix, test] of [
    ['min', (a: number, b: number) => a >= b],
    ['max', (a: number, b: number) => a <= b],
    ['greater', (a: number, b: number) => a > b],
    ['less', (a: number, b: number) => a < b],
  ] as const) {
    const v = intList(q, `${key}:${suffix}`)?.[0];
    if (v !== undefined) out.push((t) => test(get(t), v));
  }
  return out;
}

function categoryFilter(q: Query): (c: Category) => boolean {
  const preds = [...idFilters<Category>(q, (c) => c.id), ...idFilters<Category>(q, (c) => c.parent_id, 'parent_id')];
  const name = str(q, 'name');
  if (name !== undefined) preds.push((c) => c.name === name);
  const nameLike = str(q, 'name:like');
  if (nameLike !== undefined) preds.push((c) => likeMatch(c.name, nameLike));
  const title = str(q, 'page_title');
  if (title !== undefined) preds.push((c) => c.page_title === title);
  const titleLike = str(q, 'page_title:like');
  if (titleLike !== undefined) preds.push((c) => likeMatch(c.page_title, titleLike));
  const keyword = str(q, 'keyword');
  if (keyword !== undefined) preds.push((c) => likeMatch(c.name, keyword) || likeMatch(c.search_keywords, keyword));
  const visible = bool(q, 'is_visible');
  if (visible !== undefined) preds.push((c) => c.is_visible === visible);
  return (c) => preds.every((p) => p(c));
}

function sorted<T extends { id: number; name: string }>(q: Query, items: T[], allowed: readonly string[]): T[] {
  const sort = oneOf(q, 'sort', allowed);
  const dir = oneOf(q, 'direction', ['asc', 'desc'] as const) ?? 'asc';
  if (!sort && dir === 'asc') return items;
  const key = (t: T): string | number => {
    const v = (t as unknown as Json)[sort ?? 'id'];
    return typeof v === 'string' ? v.toLowerCase() : (v as number);
  };
  const sign = dir === 'desc' ? -1 : 1;
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * sign;
  });
}

export function brandJson(b: Brand): Json {
  return { ...b };
}

export function taxonomyRoutes({ store }: RouteEnv): RouteDef[] {
  const scope = SCOPES.products;
  return [
    {
      method: 'GET',
      url: '/catalog/categories',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const all = sorted(q, [...store.taxonomy.categories.values()].filter(categoryFilter(q)), ['name', 'id', 'parent_id', 'sort_order']);
        return collection(q, all, paging(q), (c) => projector(q)(categoryJson(c)));
      },
    },
    {
      method: 'GET',
      url: '/catalog/categories/:category_id',
      scope,
      handler: (req) => single(projector(queryOf(req))(categoryJson(store.taxonomy.category(idParam(req, 'category_id'))))),
    },
    {
      method: 'POST',
      url: '/catalog/categories',
      scope,
      handler: (req) => single(categoryJson(store.taxonomy.createCategory(req.body))),
    },
    {
      method: 'PUT',
      url: '/catalog/categories/:category_id',
      scope,
      handler: (req) => single(categoryJson(store.taxonomy.updateCategory(idParam(req, 'category_id'), req.body))),
    },
    {
      method: 'DELETE',
      url: '/catalog/categories/:category_id',
      scope,
      handler: (req, reply) => {
        store.taxonomy.deleteCategory(idParam(req, 'category_id'));
        return reply.code(204).send();
      },
    },
    {
      method: 'DELETE',
      url: '/catalog/categories',
      scope,
      handler: (req, reply) => {
        const q = queryOf(req);
        if (!Object.keys(q).length) throw invalid({ 'id:in': 'At least one filter is required.' });
        const match = categoryFilter(q);
        for (const c of [...store.taxonomy.categories.values()]) if (match(c)) store.taxonomy.deleteCategory(c.id);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: '/catalog/trees',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const ids = intList(q, 'id:in');
        const channels = intList(q, 'channel_id:in');
        const all = [...store.taxonomy.trees.values()].filter(
          (t) => (!ids || ids.includes(t.id)) && (!channels || t.channels.some((c) => channels.includes(c)))
        );
        return collection(q, all, paging(q));
      },
    },
    {
      method: 'GET',
      url: '/catalog/trees/categories',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const preds = [
          ...idFilters<Category>(q, (c) => c.id, 'category_id'),
          ...idFilters<Category>(q, (c) => c.tree_id, 'tree_id'),
          ...idFilters<Category>(q, (c) => c.parent_id, 'parent_id'),
        ];
        const uuids = list(q, 'category_uuid:in');
        if (uuids) preds.push((c) => uuids.includes(c.uuid));
        const notUuids = list(q, 'category_uuid:not_in');
        if (notUuids) preds.push((c) => !notUuids.includes(c.uuid));
        const base = categoryFilter({ ...pick(q, ['name', 'name:like', 'page_title', 'page_title:like', 'keyword', 'is_visible']) });
        const all = [...store.taxonomy.categories.values()].filter((c) => base(c) && preds.every((p) => p(c)));
        return collection(q, all, paging(q), (c) => projector(q, [], 'category_id')(treeCategoryJson(c)));
      },
    },
    {
      method: 'GET',
      url: '/catalog/trees/:tree_id/categories',
      scope,
      handler: (req) => {
        const tree = store.taxonomy.trees.get(idParam(req, 'tree_id'));
        if (!tree) throw notFound('Category tree', idParam(req, 'tree_id'));
        const depth = int(queryOf(req), 'depth');
        const cats = [...store.taxonomy.categories.values()].filter((c) => c.tree_id === tree.id);
        return { data: buildTree(cats, depth), meta: {} };
      },
    },
    {
      method: 'GET',
      url: '/catalog/brands',
      scope,
      handler: (req) => {
        const q = queryOf(req);
        const preds = idFilters<Brand>(q, (b) => b.id);
        const name = str(q, 'name');
        if (name !== undefined) preds.push((b) => b.name === name);
        const nameLike = str(q, 'name:like');
        if (nameLike !== undefined) preds.push((b) => likeMatch(b.name, nameLike));
        const title = str(q, 'page_title');
        if (title !== undefined) preds.push((b) => b.page_title === title);
        const all = sorted(
          q,
          [...store.taxonomy.brands.values()].filter((b) => preds.every((p) => p(b))),
          ['name']
        );
        return collection(q, all, paging(q), (b) => projector(q)(brandJson(b)));
      },
    },
    {
      method: 'GET',
      url: '/catalog/brands/:brand_id',
      scope,
      handler: (req) => single(projector(queryOf(req))(brandJson(store.taxonomy.brand(idParam(req, 'brand_id'))))),
    },
    {
      method: 'POST',
      url: '/catalog/brands',
      scope,
      handler: (req) => single(brandJson(store.taxonomy.createBrand(req.body))),
    },
    {
      method: 'PUT',
      url: '/catalog/brands/:brand_id',
      scope,
      handler: (req) => single(brandJson(store.taxonomy.updateBrand(idParam(req, 'brand_id'), req.body))),
    },
    {
      method: 'DELETE',
      url: '/catalog/brands/:brand_id',
      scope,
      handler: (req, reply) => {
        if (!store.taxonomy.deleteBrand(idParam(req, 'brand_id'))) throw notFound('Brand', idParam(req, 'brand_id'));
        return reply.code(204).send();
      },
    },
  ];
}

function pick(q: Query, keys: string[]): Query {
  const out: Query = {};
  for (const k of keys) if (q[k] !== undefined) out[k] = q[k];
  return out;
}
