// Categories, category trees and brands.
import { conflict, invalid, notFound } from '../errors';
import { generateTaxonomy, slugify } from '../generator';
import type { Brand, Category, CategoryTree } from '../types';
import { assign, checkCustomUrl, checkFields, fail, requireObject, sameJson, type FieldKind, type Json } from './fields';
import type { SandboxStore } from '.';

const CATEGORY_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  parent_id: 'int',
  description: 'string',
  views: 'int',
  sort_order: 'int',
  page_title: 'string',
  search_keywords: 'string',
  meta_keywords: 'string[]',
  meta_description: 'string',
  layout_file: 'string',
  is_visible: 'bool',
  default_product_sort: [
    'use_store_settings',
    'featured',
    'newest',
    'best_selling',
    'alpha_asc',
    'alpha_desc',
    'avg_customer_review',
    'price_asc',
    'price_desc',
  ],
  image_url: 'string',
};

const BRAND_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  page_title: 'string',
  meta_keywords: 'string[]',
  meta_description: 'string',
  search_keywords: 'string',
  image_url: 'string',
};

export class TaxonomyStore {
  readonly categories = new Map<number, Category>();
  readonly trees = new Map<number, CategoryTree>();
  readonly brands = new Map<number, Brand>();
  private readonly next = { category: 1, brand: 1 };

  constructor(
    private readonly store: SandboxStore,
    productCount: number
  ) {
    const tax = generateTaxonomy(store.seed, productCount);
    for (const c of tax.categories) this.categories.set(c.id, c);
    for (const t of tax.trees) this.trees.set(t.id, t);
    for (const b of tax.brands) this.brands.set(b.id, b);
    this.next.category = tax.categories.length + 1;
    this.next.brand = tax.brands.length + 1;
  }

  category(id: number): Category {
    const c = this.categories.get(id);
    if (!c) throw notFound('Category', id);
    return c;
  }

  private checkCategory(input: Json, self?: Category): void {
    const errors: Record<string, string> = {};
    checkFields(input, CATEGORY_FIELDS, errors);
    if (typeof input.name === 'string' && (input.name.length < 1 || input.name.length > 50)) errors.name = 'name must be 1 to 50 characters.';
    const parentId = (input.parent_id as number | undefined) ?? self?.parent_id;
    if (Number.isInteger(input.parent_id) && input.parent_id !== 0 && !this.categories.has(input.parent_id as number)) {
      errors.parent_id = `Parent category ${String(input.parent_id)} does not exist.`;
    }
    if (self && Number.isInteger(input.parent_id)) {
      // A category cannot move under itself or its own descendants.
      for (let p = input.parent_id as number; p !== 0; p = this.categories.get(p)?.parent_id ?? 0) {
        if (p === self.id) {
          errors.parent_id = 'A category cannot be its own ancestor.';
          break;
        }
      }
    }
    checkCustomUrl(input.custom_url, errors);
    fail(errors);
    const name = (input.name as string | undefined) ?? self?.name;
    for (const c of this.categories.values()) {
      if (c !== self && c.parent_id === parentId && c.name.toLowerCase() === name?.toLowerCase()) {
        throw conflict(`Category "${name}" already exists under this parent.`, { name: 'Sibling names must be unique.' });
      }
    }
  }

  createCategory(raw: unknown): Category {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (input.name === undefined) errors.name = 'name is required.';
    if (input.parent_id === undefined) errors.parent_id = 'parent_id is required.';
    fail(errors);
    this.checkCategory(input);
    const id = this.next.category++;
    const parent = this.categories.get(input.parent_id as number);
    const name = input.name as string;
    const c: Category = {
      id,
      parent_id: input.parent_id as number,
      name,
      description: '',
      views: 0,
      sort_order: 0,
      page_title: '',
      search_keywords: '',
      meta_keywords: [],
      meta_description: '',
      layout_file: 'category.html',
      is_visible: true,
      default_product_sort: 'use_store_settings',
      image_url: '',
      custom_url: { url: `${parent ? parent.custom_url.url : '/'}${slugify(name)}/`, is_customized: false },
      uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
      tree_id: 1,
    };
    assign(c, input, CATEGORY_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu) c.custom_url = cu;
    this.categories.set(id, c);
    this.store.emitChange('store/category/created', { type: 'category', id });
    return c;
  }

  updateCategory(id: number, raw: unknown): Category {
    const c = this.category(id);
    const input = requireObject(raw);
    this.checkCategory(input, c);
    const changed = assign(c, input, CATEGORY_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu && !sameJson(cu, c.custom_url)) {
      c.custom_url = cu;
      changed.push('custom_url');
    }
    if (changed.length) this.store.emitChange('store/category/updated', { type: 'category', id });
    return c;
  }

  /** Deletes a category and its descendants, and drops them from products. */
  deleteCategory(id: number): boolean {
    if (!this.categories.has(id)) return false;
    const doomed = new Set<number>([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.categories.values()) {
        if (!doomed.has(c.id) && doomed.has(c.parent_id)) {
          doomed.add(c.id);
          grew = true;
        }
      }
    }
    for (const cid of doomed) this.categories.delete(cid);
    for (const p of this.store.catalog.products.values()) {
      if (p.categories.some((c) => doomed.has(c))) p.categories = p.categories.filter((c) => !doomed.has(c));
    }
    for (const cid of doomed) this.store.emitChange('store/category/deleted', { type: 'category', id: cid });
    return true;
  }

  brand(id: number): Brand {
    const b = this.brands.get(id);
    if (!b) throw notFound('Brand', id);
    return b;
  }

  private checkBrand(input: Json, self?: Brand): void {
    const errors: Record<string, string> = {};
    checkFields(input, BRAND_FIELDS, errors);
    if (typeof input.name === 'string' && (input.name.length < 1 || input.name.length > 255)) errors.name = 'name must be 1 to 255 characters.';
    checkCustomUrl(input.custom_url, errors, 1024);
    fail(errors);
    if (typeof input.name === 'string') {
      const lower = input.name.toLowerCase();
      for (const b of this.brands.values()) {
        if (b !== self && b.name.toLowerCase() === lower) throw conflict(`Brand "${input.name}" already exists.`, { name: 'Brand name must be unique.' });
      }
    }
  }

  /** BigCommerce has no brand CRUD webhook scopes, so brand changes emit no event. */
  createBrand(raw: unknown): Brand {
    const input = requireObject(raw);
    if (input.name === undefined) throw invalid({ name: 'name is required.' });
    this.checkBrand(input);
    const id = this.next.brand++;
    const name = input.name as string;
    const b: Brand = {
      id,
      name,
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      search_keywords: '',
      image_url: '',
      custom_url: { url: `/brands/${slugify(name)}.html`, is_customized: false },
    };
    assign(b, input, BRAND_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu) b.custom_url = cu;
    this.brands.set(id, b);
    return b;
  }

  updateBrand(id: number, raw: unknown): Brand {
    const b = this.brand(id);
    const input = requireObject(raw);
    this.checkBrand(input, b);
    assign(b, input, BRAND_FIELDS);
    const cu = checkCustomUrl(input.custom_url, {});
    if (cu) b.custom_url = cu;
    return b;
  }

  deleteBrand(id: number): boolean {
    if (!this.brands.delete(id)) return false;
    this.store.version++;
    for (const p of this.store.catalog.products.values()) if (p.brand_id === id) p.brand_id = 0;
    return true;
  }
}
