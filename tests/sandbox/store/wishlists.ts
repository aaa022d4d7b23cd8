// Customers' wishlists.
import { randomUUID } from 'node:crypto';
import { invalid, notFound } from '../errors';
import type { Wishlist } from '../types';
import { obj, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

export class WishlistStore {
  readonly wishlists = new Map<number, Wishlist>();
  private readonly next = { wishlist: 1, wishlistItem: 1 };

  constructor(private readonly store: SandboxStore) {}

  wishlist(id: number): Wishlist {
    const w = this.wishlists.get(id);
    if (!w) throw notFound('Wishlist', id);
    return w;
  }

  private checkWishlistItems(raw: unknown, errors: Record<string, string>, key = 'items'): Array<{ product_id: number; variant_id: number }> {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      errors[key] = `${key} must be an array.`;
      return [];
    }
    const out: Array<{ product_id: number; variant_id: number }> = [];
    raw.forEach((it: unknown, i: number) => {
      const x = obj(it);
      const core = Number.isInteger(x.product_id) ? this.store.catalog.products.get(x.product_id as number) : undefined;
      if (!core) {
        errors[`${key}[${i}].product_id`] = `Product ${String(x.product_id)} does not exist.`;
        return;
      }
      const variants = this.store.catalog.detailsOf(core).variants;
      const variant = x.variant_id === undefined ? variants[0] : variants.find((v) => v.id === x.variant_id);
      if (!variant) errors[`${key}[${i}].variant_id`] = `Variant ${String(x.variant_id)} does not belong to product ${core.id}.`;
      else out.push({ product_id: core.id, variant_id: variant.id });
    });
    return out;
  }

  private addWishlistItems(w: Wishlist, items: Array<{ product_id: number; variant_id: number }>): void {
    for (const it of items) {
      if (w.items.some((x) => x.product_id === it.product_id && x.variant_id === it.variant_id)) continue;
      w.items.push({ id: this.next.wishlistItem++, ...it });
    }
  }

  createWishlist(raw: unknown): Wishlist {
    const b = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(b.customer_id) || !this.store.customers.customers.has(b.customer_id as number))
      errors.customer_id = `Customer ${String(b.customer_id)} does not exist.`;
    if (b.name !== undefined && typeof b.name !== 'string') errors.name = 'name must be a string.';
    if (b.is_public !== undefined && typeof b.is_public !== 'boolean') errors.is_public = 'is_public must be a boolean.';
    const items = this.checkWishlistItems(b.items, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The wishlist is not valid.');
    const w: Wishlist = {
      id: this.next.wishlist++,
      customer_id: b.customer_id as number,
      name: (b.name as string | undefined) ?? 'My Wish List',
      is_public: (b.is_public as boolean | undefined) ?? false,
      token: randomUUID(),
      items: [],
    };
    this.addWishlistItems(w, items);
    this.wishlists.set(w.id, w);
    return w;
  }

  /** PUT replaces name, visibility and the item list (customer_id and items are required). */
  updateWishlist(id: number, raw: unknown): Wishlist {
    const w = this.wishlist(id);
    const b = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(b.customer_id) || !this.store.customers.customers.has(b.customer_id as number))
      errors.customer_id = `Customer ${String(b.customer_id)} does not exist.`;
    if (!Array.isArray(b.items)) errors.items = 'items is required.';
    if (b.name !== undefined && typeof b.name !== 'string') errors.name = 'name must be a string.';
    if (b.is_public !== undefined && typeof b.is_public !== 'boolean') errors.is_public = 'is_public must be a boolean.';
    const items = this.checkWishlistItems(b.items, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The wishlist is not valid.');
    const kept = (b.items as Json[]).filter((x) => Number.isInteger(x.id)).map((x) => x.id);
    const old = w.items;
    w.customer_id = b.customer_id as number;
    if (typeof b.name === 'string') w.name = b.name;
    if (typeof b.is_public === 'boolean') w.is_public = b.is_public;
    w.items = old.filter((x) => kept.includes(x.id) && items.some((i) => i.product_id === x.product_id && i.variant_id === x.variant_id));
    this.addWishlistItems(w, items);
    return w;
  }

  addItemsToWishlist(id: number, raw: unknown): Wishlist {
    const w = this.wishlist(id);
    const b = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!Array.isArray(b.items) || b.items.length === 0) errors.items = 'items must be a non-empty array.';
    const items = this.checkWishlistItems(b.items, errors);
    if (Object.keys(errors).length) throw invalid(errors, 'The wishlist items are not valid.');
    this.addWishlistItems(w, items);
    return w;
  }

  deleteWishlistItem(id: number, itemId: number): Wishlist {
    const w = this.wishlist(id);
    if (!w.items.some((x) => x.id === itemId)) throw notFound('Wishlist item', itemId);
    w.items = w.items.filter((x) => x.id !== itemId);
    return w;
  }
}
