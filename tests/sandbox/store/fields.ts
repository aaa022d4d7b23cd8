// Validation helpers shared by the sandbox store's resource modules: JSON field tables and checks
// that answer the way BigCommerce does (422 with a field -> message map).
import { ApiError, invalid } from '../errors';

export type Json = Record<string, unknown>;

export type FieldKind = 'string' | 'number' | 'int' | 'bool' | 'int[]' | 'string[]' | readonly string[];

const NON_NEGATIVE = new Set<string>([
  'weight',
  'width',
  'depth',
  'height',
  'price',
  'cost_price',
  'retail_price',
  'sale_price',
  'inventory_level',
  'inventory_warning_level',
  'fixed_cost_shipping_price',
  'order_quantity_minimum',
  'order_quantity_maximum',
]);

export function checkKind(key: string, v: unknown, kind: FieldKind, errors: Record<string, string>): void {
  const bad = (msg: string): void => {
    errors[key] = msg;
  };
  if (Array.isArray(kind)) {
    if (typeof v !== 'string' || !kind.includes(v)) bad(`${key} must be one of: ${kind.join(', ')}.`);
    return;
  }
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') bad(`${key} must be a string.`);
      break;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${key} must be a number.`);
      else if (NON_NEGATIVE.has(key) && v < 0) bad(`${key} must be zero or more.`);
      break;
    case 'int':
      if (!Number.isInteger(v)) bad(`${key} must be an integer.`);
      else if (NON_NEGATIVE.has(key) && (v as number) < 0) bad(`${key} must be zero or more.`);
      break;
    case 'bool':
      if (typeof v !== 'boolean') bad(`${key} must be a boolean.`);
      break;
    case 'int[]':
      if (!Array.isArray(v) || v.some((x) => !Number.isInteger(x))) bad(`${key} must be an array of integers.`);
      break;
    case 'string[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) bad(`${key} must be an array of strings.`);
      break;
  }
}

/** Type-checks the known keys of `input`; unknown keys are ignored, as the API does. */
export function checkFields(input: Json, table: Record<string, FieldKind>, errors: Record<string, string>): void {
  for (const [k, v] of Object.entries(input)) {
    const kind = table[k];
    if (kind !== undefined && v !== undefined) checkKind(k, v, kind, errors);
  }
}

export function requireObject(input: unknown): Json {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError(400, 'The request body must be a JSON object.');
  }
  return input as Json;
}

/** A JSON object or, for anything else, an empty one (optional sub-objects of a body). */
export function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

export function fail(errors: Record<string, string>): void {
  if (Object.keys(errors).length) throw invalid(errors);
}

/** Product and category URLs hold at most 255 characters (customUrl_Full maxLength); brand URLs 1024. */
export function checkCustomUrl(v: unknown, errors: Record<string, string>, maxLength = 255): { url: string; is_customized: boolean } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || typeof (v as Json).url !== 'string' || !((v as Json).url as string).startsWith('/')) {
    errors.custom_url = 'custom_url.url must be a path starting with /.';
    return undefined;
  }
  if (((v as Json).url as string).length > maxLength) {
    errors['custom_url.url'] = `custom_url.url must be at most ${maxLength} characters.`;
    return undefined;
  }
  const cu = v as Json;
  return { url: cu.url as string, is_customized: typeof cu.is_customized === 'boolean' ? cu.is_customized : true };
}

export function isHttpUrl(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or']);

/** Registrable domain (eTLD+1) with a small built-in suffix list; good enough for the checkout-URL rule. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(h) || h.includes(':') || !h.includes('.')) return h;
  const labels = h.split('.');
  const n = labels.length;
  if (n >= 3 && labels[n - 1].length === 2 && SECOND_LEVEL.has(labels[n - 2])) return labels.slice(-3).join('.');
  return labels.slice(-2).join('.');
}

export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Copies the known, changed fields of `input` onto `target`; returns their names. */
export function assign<T extends object>(target: T, input: Json, table: Record<string, FieldKind>): string[] {
  const changed: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (table[k] === undefined || v === undefined) continue;
    const t = target as unknown as Json;
    if (!sameJson(t[k], v)) {
      t[k] = v;
      changed.push(k);
    }
  }
  return changed;
}
