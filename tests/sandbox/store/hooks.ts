// Webhook subscriptions (the dispatcher in ../webhooks.ts delivers the events).
import { invalid } from '../errors';
import type { Webhook } from '../types';
import { fail, isHttpUrl, requireObject, type Json } from './fields';
import type { SandboxStore } from '.';

/** First path segment after `store/` of the webhook scopes BigCommerce documents. */
const WEBHOOK_RESOURCES = new Set([
  'app',
  'brand',
  'cart',
  'category',
  'channel',
  'customer',
  'hook',
  'information',
  'inventory',
  'metafield',
  'modifier',
  'option',
  'order',
  'priceList',
  'priceLists',
  'product',
  'shipment',
  'sku',
  'subscriber',
  'variant',
  'store',
  'redirects',
]);

export class HookStore {
  readonly hooks = new Map<number, Webhook>();
  private readonly next = { hook: 1 };

  constructor(private readonly store: SandboxStore) {}

  checkHook(raw: unknown, partial: boolean): Json {
    const input = requireObject(raw);
    const errors: Record<string, string> = {};
    if (!partial || input.scope !== undefined) {
      const s = input.scope;
      const m = typeof s === 'string' ? /^store\/([A-Za-z]+)(\/[A-Za-z0-9_]+)*(\/\*)?$/.exec(s) : null;
      if (!m || !WEBHOOK_RESOURCES.has(m[1])) errors.scope = 'scope must be a webhook event such as store/product/updated or store/product/*.';
    }
    if (!partial || input.destination !== undefined) {
      if (!isHttpUrl(input.destination)) errors.destination = 'destination must be an absolute http(s) URL.';
    }
    if (input.is_active !== undefined && typeof input.is_active !== 'boolean') errors.is_active = 'is_active must be a boolean.';
    const h = input.headers;
    if (h !== undefined && h !== null && (typeof h !== 'object' || Array.isArray(h) || Object.values(h).some((v) => typeof v !== 'string'))) {
      errors.headers = 'headers must be an object of string values.';
    }
    fail(errors);
    return input;
  }

  createHook(token: string, raw: unknown): Webhook {
    const input = this.checkHook(raw, false);
    const mine = [...this.hooks.values()].filter((w) => w.owner_token === token && w.scope === input.scope);
    if (mine.some((w) => w.destination === input.destination)) {
      throw invalid({ destination: 'A webhook with this scope and destination already exists.' });
    }
    if (mine.length >= 10) throw invalid({ scope: 'At most 10 webhooks per scope.' });
    const now = Math.floor(this.store.now() / 1000);
    const w: Webhook = {
      id: this.next.hook++,
      client_id: this.store.clientId,
      store_hash: this.store.storeHash,
      scope: input.scope as string,
      destination: input.destination as string,
      is_active: (input.is_active as boolean | undefined) ?? true,
      headers: (input.headers as Record<string, string> | null | undefined) ?? null,
      created_at: now,
      updated_at: now,
      owner_token: token,
      consecutive_failures: 0,
    };
    this.hooks.set(w.id, w);
    return w;
  }

  updateHook(w: Webhook, raw: unknown): Webhook {
    const input = this.checkHook(raw, true);
    for (const k of ['scope', 'destination', 'is_active', 'headers'] as const) {
      if (input[k] !== undefined) (w as unknown as Json)[k] = input[k];
    }
    if (input.is_active === true) w.consecutive_failures = 0;
    w.updated_at = Math.floor(this.store.now() / 1000);
    return w;
  }
}
