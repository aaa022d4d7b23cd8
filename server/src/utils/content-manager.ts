import type { Core } from '@strapi/strapi';
import { isDeepStrictEqual } from 'node:util';

import { CUSTOM_FIELDS, SYNCED_CONTENT_TYPES, syncedUid } from '../../../shared/content-manager';
import { PLUGIN_ID } from './plugin-id';

interface Metadata {
  edit: Record<string, unknown>;
  list: Record<string, unknown>;
}

interface Configuration {
  uid?: string;
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { edit: EditLayout; list: string[]; [key: string]: unknown };
}

type EditLayout = { name: string; size: number }[][];

interface ContentTypesService {
  findContentType(uid: string): { uid: string } | undefined;
  findConfiguration(contentType: { uid: string }): Promise<Configuration>;
  updateConfiguration(contentType: { uid: string }, configuration: Omit<Configuration, 'uid'>): Promise<Configuration>;
}

interface Attribute {
  type: string;
  private?: boolean;
  customField?: string;
  mappedBy?: string;
  pluginOptions?: { bigcommerce?: { synced?: boolean; hidden?: boolean } };
}

/** What the plugin last wrote, per content type and setting path: a setting that no longer holds it is the owner's. */
export type AppliedSettings = Record<string, Record<string, unknown>>;

const APPLIED_KEY = 'content-manager-applied';

const SYNCED_NOTE = 'Synced from BigCommerce: this field and the ones below are edited in BigCommerce, and each sync refreshes them here.';

/** Human labels of the plugin's attributes (extension fields get their name spelled out, see humanize). */
const LABELS: Record<string, string> = {
  bigcommerceId: 'BigCommerce ID',
  sku: 'SKU',
  customUrl: 'Custom URL',
  calculatedPrice: 'Price shoppers pay',
  mapPrice: 'MAP price',
  inventoryLevel: 'Stock',
  inventoryWarningLevel: 'Low-stock warning at',
  inStock: 'In stock',
  availabilityDescription: 'Availability text',
  isVisible: 'Visible in the store',
  isFeatured: 'Featured',
  isFreeShipping: 'Free shipping',
  upc: 'UPC',
  mpn: 'MPN',
  gtin: 'GTIN',
  thumbnailUrl: 'Image',
  imageUrl: 'Image',
  bulkPricingRules: 'Bulk pricing',
  bigcommerceCreatedAt: 'Created in BigCommerce',
  bigcommerceModifiedAt: 'Changed in BigCommerce',
  syncedAt: 'Last synced',
  seoTitle: 'SEO title',
  seoDescription: 'SEO description',
  parentBigcommerceId: 'Parent BigCommerce ID',
  parent: 'Parent category',
  children: 'Subcategories',
  siteUrl: 'Site URL',
  content: 'Page content',
};

const DESCRIPTIONS: Record<string, string> = {
  content: 'Your content for this page, shown by the storefront alongside the BigCommerce data.',
  seoTitle: 'Overrides the BigCommerce page title in search results (up to 70 characters).',
  seoDescription: 'Overrides the BigCommerce meta description (up to 320 characters).',
};

/** `localNote` → `Local note`. */
export const humanize = (name: string): string => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const labelOf = (name: string) => LABELS[name] ?? humanize(name);

/** The synced part of each edit view, in rows of [field, size]; fields not named here follow, packed. */
const SYNCED_ROWS: Record<(typeof SYNCED_CONTENT_TYPES)[number], [string, number][][]> = {
  product: [
    [
      ['name', 6],
      ['sku', 3],
      ['bigcommerceId', 3],
    ],
    [['images', 12]],
    [['description', 12]],
    [
      ['calculatedPrice', 3],
      ['price', 3],
      ['salePrice', 3],
      ['retailPrice', 3],
    ],
    [
      ['mapPrice', 3],
      ['inventoryLevel', 3],
      ['inventoryWarningLevel', 3],
      ['inventoryTracking', 3],
    ],
    [
      ['inStock', 3],
      ['availability', 3],
      ['availabilityDescription', 6],
    ],
    [
      ['isVisible', 3],
      ['isFeatured', 3],
      ['isFreeShipping', 3],
      ['condition', 3],
    ],
    [['variants', 12]],
    [['options', 12]],
    [
      ['brand', 4],
      ['categories', 4],
      ['channels', 4],
    ],
    [
      ['slug', 3],
      ['customUrl', 3],
      ['type', 3],
      ['sortOrder', 3],
    ],
    [
      ['pageTitle', 4],
      ['metaDescription', 4],
      ['searchKeywords', 4],
    ],
    [
      ['weight', 3],
      ['width', 3],
      ['height', 3],
      ['depth', 3],
    ],
    [
      ['upc', 4],
      ['mpn', 4],
      ['gtin', 4],
    ],
    [['customFields', 12]],
    [['bulkPricingRules', 12]],
    [
      ['bigcommerceCreatedAt', 4],
      ['bigcommerceModifiedAt', 4],
      ['syncedAt', 4],
    ],
  ],
  category: [
    [
      ['name', 6],
      ['bigcommerceId', 3],
      ['isVisible', 3],
    ],
    [['description', 12]],
    [
      ['parent', 4],
      ['children', 4],
      ['products', 4],
    ],
    [
      ['slug', 3],
      ['customUrl', 3],
      ['sortOrder', 3],
      ['parentBigcommerceId', 3],
    ],
    [
      ['pageTitle', 6],
      ['metaDescription', 6],
    ],
    [
      ['imageUrl', 8],
      ['syncedAt', 4],
    ],
  ],
  brand: [
    [
      ['name', 6],
      ['bigcommerceId', 3],
      ['syncedAt', 3],
    ],
    [
      ['slug', 4],
      ['customUrl', 4],
      ['imageUrl', 4],
    ],
    [
      ['pageTitle', 4],
      ['metaDescription', 4],
      ['searchKeywords', 4],
    ],
    [['products', 6]],
  ],
  channel: [
    [
      ['name', 6],
      ['bigcommerceId', 3],
      ['syncedAt', 3],
    ],
    [
      ['type', 4],
      ['platform', 4],
      ['status', 4],
    ],
  ],
};

/** Fields left out of an edit view: the product's thumbnail URL is the gallery's image marked Thumbnail. */
const NOT_IN_EDIT: Partial<Record<(typeof SYNCED_CONTENT_TYPES)[number], string[]>> = { product: ['thumbnailUrl'] };

/** List columns: what an editor looks for first. */
const LIST_COLUMNS: Record<(typeof SYNCED_CONTENT_TYPES)[number], string[]> = {
  product: ['thumbnailUrl', 'name', 'sku', 'calculatedPrice', 'inventoryLevel', 'isVisible', 'channels'],
  category: ['imageUrl', 'name', 'parent', 'isVisible', 'sortOrder'],
  brand: ['imageUrl', 'name', 'slug'],
  channel: ['name', 'type', 'platform', 'status'],
};

/** Attributes the Content Manager keeps out of edit layouts itself. */
const NOT_IN_FORMS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations']);

const FULL_WIDTH = new Set(['json', 'blocks', 'richtext', 'component', 'dynamiczone']);
const fullWidth = (attribute: Attribute) => FULL_WIDTH.has(attribute.type) || attribute.customField !== undefined;

/** Fills rows of 12 in order, keeping each field's size. */
const pack = (fields: { name: string; size: number }[]): EditLayout => {
  const rows: EditLayout = [];
  for (const field of fields) {
    const row = rows[rows.length - 1];
    if (row && row.reduce((sum, { size }) => sum + size, 0) + field.size <= 12) row.push(field);
    else rows.push([field]);
  }
  return rows;
};

/** Everything the plugin wants for one content type, as setting path → value. */
export const wantedSettings = (
  name: (typeof SYNCED_CONTENT_TYPES)[number],
  attributes: Record<string, Attribute>,
  configuration: Configuration
): Record<string, unknown> => {
  const isSynced = (field: string) => attributes[field]?.pluginOptions?.bigcommerce?.synced === true;
  // A relation's inverse side mirrors what the sync links (a category's products): read-only too.
  const isReadOnly = (field: string) => isSynced(field) || attributes[field]?.mappedBy !== undefined;
  const shown = Object.keys(configuration.metadatas).filter((field) => {
    const attribute = attributes[field];
    return attribute && !NOT_IN_FORMS.has(field) && !attribute.private && !attribute.pluginOptions?.bigcommerce?.hidden;
  });
  const currentSize = new Map(configuration.layouts.edit.flat().map((field) => [field.name, field.size]));
  const sizeOf = (field: string) => (fullWidth(attributes[field]) ? 12 : (currentSize.get(field) ?? 6));

  const editorial = shown.filter((field) => !isReadOnly(field)).map((field) => ({ name: field, size: sizeOf(field) }));
  const shownSet = new Set(shown);
  const placed = new Set([...editorial.map((field) => field.name), ...(NOT_IN_EDIT[name] ?? [])]);
  const syncedRows = SYNCED_ROWS[name]
    .map((row) => row.filter(([field]) => shownSet.has(field)).map(([field, size]) => ({ name: field, size: fullWidth(attributes[field]) ? 12 : size })))
    .filter((row) => row.length > 0);
  for (const field of syncedRows.flat()) placed.add(field.name);
  const rest = shown.filter((field) => !placed.has(field)).map((field) => ({ name: field, size: sizeOf(field) }));
  const edit = [...pack(editorial), ...syncedRows, ...pack(rest)];

  const firstReadOnly = edit.flat().find((field) => isReadOnly(field.name))?.name;
  const wanted: Record<string, unknown> = {
    'layouts.edit': edit,
    'layouts.list': LIST_COLUMNS[name].filter((field) => shownSet.has(field)),
    'settings.mainField': 'name',
    'settings.defaultSortBy': 'name',
    'settings.defaultSortOrder': 'ASC',
  };
  for (const field of shown) {
    const readOnly = isReadOnly(field);
    wanted[`metadatas.${field}.edit.label`] = labelOf(field);
    wanted[`metadatas.${field}.list.label`] = labelOf(field);
    wanted[`metadatas.${field}.edit.description`] = field === firstReadOnly ? SYNCED_NOTE : readOnly ? '' : (DESCRIPTIONS[field] ?? '');
    if (readOnly) wanted[`metadatas.${field}.edit.editable`] = false;
  }
  return wanted;
};

const getPath = (target: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], target);

const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  node[last] = value;
};

/** Where the plugin records the attributes the model had when it last applied (see untouched). */
const KNOWN_ATTRIBUTES = '@attributes';

/**
 * Whether the current value is still what the plugin applied. Strapi itself adds a new attribute to the
 * layouts and drops a removed one, so layouts are compared on the attributes that existed then and still do;
 * a field the owner moved, removed or added among those is the owner's change.
 */
const untouched = (path: string, current: unknown, applied: unknown, known: ReadonlySet<string>, present: ReadonlySet<string>): boolean => {
  if (!path.startsWith('layouts.')) return isDeepStrictEqual(current, applied);
  const compared = (name: string) => known.has(name) && present.has(name);
  const keep = (value: unknown): unknown =>
    path === 'layouts.list'
      ? (value as string[]).filter(compared)
      : (value as EditLayout).map((row) => row.filter((field) => compared(field.name))).filter((row) => row.length > 0);
  return isDeepStrictEqual(keep(current), keep(applied));
};

/**
 * Sets each wanted setting the owner has not changed since the plugin last applied it (a fresh install
 * gets all of them); records what it applied. `attributes` are the model's attribute names.
 * Returns whether the configuration changed.
 */
export const reconcile = (
  configuration: Configuration,
  wanted: Record<string, unknown>,
  applied: Record<string, unknown>,
  attributes: readonly string[]
): boolean => {
  let changed = false;
  const target = configuration as unknown as Record<string, unknown>;
  const known = new Set(Array.isArray(applied[KNOWN_ATTRIBUTES]) ? (applied[KNOWN_ATTRIBUTES] as string[]) : attributes);
  const present = new Set(attributes);
  for (const [path, value] of Object.entries(wanted)) {
    const current = getPath(target, path);
    if (path in applied && !untouched(path, current, applied[path], known, present)) continue;
    applied[path] = value;
    if (isDeepStrictEqual(current, value)) continue;
    setPath(target, path, value);
    changed = true;
  }
  applied[KNOWN_ATTRIBUTES] = [...attributes];
  return changed;
};

/**
 * The Content Manager's view of the synced types, for editors: human labels, editorial fields first,
 * synced fields grouped and read-only under one note, useful list columns. A site owner's own changes
 * (in "Configure the view") are kept: the plugin re-applies only what still holds its last value.
 */
export const configureContentManager = async (strapi: Core.Strapi): Promise<void> => {
  const contentManager = strapi.plugin('content-manager');
  if (!contentManager) return;
  const service = contentManager.service('content-types') as unknown as ContentTypesService;
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: APPLIED_KEY });
  const applied = ((await store.get({})) as AppliedSettings | null) ?? {};
  for (const name of SYNCED_CONTENT_TYPES) {
    const uid = syncedUid(name);
    const contentType = service.findContentType(uid);
    if (!contentType) continue;
    const { uid: _uid, ...configuration } = await service.findConfiguration(contentType);
    const attributes = (strapi.getModel(uid as Parameters<Core.Strapi['getModel']>[0]) as { attributes: Record<string, Attribute> }).attributes;
    applied[uid] ??= {};
    if (reconcile(configuration, wantedSettings(name, attributes, configuration), applied[uid], Object.keys(attributes))) {
      await service.updateConfiguration(contentType, configuration);
    }
  }
  await store.set({ value: applied });
};

/** Content Manager actions editors do not get on synced types: BigCommerce creates and deletes them. */
const OWNED_BY_BIGCOMMERCE = new Set([
  'plugin::content-manager.explorer.create',
  'plugin::content-manager.explorer.delete',
  'plugin::content-manager.explorer.publish',
]);

/**
 * Registers (in the register phase, before the Content Manager's bootstrap declares its actions) a hook that
 * leaves the synced types out of the subjects of create, delete and publish. Without the action, no role
 * (Super Admin included) holds it: the admin hides Create and Delete, its routes answer 403, and Strapi drops
 * such permissions already stored. The sync writes through the Document Service, which RBAC does not gate.
 */
export const withholdEditorActions = (strapi: Core.Strapi): void => {
  const synced = new Set<string>(SYNCED_CONTENT_TYPES.map(syncedUid));
  const provider = strapi.service('admin::permission').actionProvider as {
    hooks: { willRegister: { register(handler: (event: { key: string; value: { subjects?: string[] } }) => void): void } };
  };
  provider.hooks.willRegister.register(({ key, value }) => {
    if (OWNED_BY_BIGCOMMERCE.has(key) && Array.isArray(value.subjects)) value.subjects = value.subjects.filter((subject) => !synced.has(subject));
  });
};

/** Server side of the custom fields (their admin inputs are registered in admin/src/index.ts). */
export const registerCustomFields = (strapi: Core.Strapi): void => {
  strapi.customFields.register(Object.entries(CUSTOM_FIELDS).map(([name, { type }]) => ({ name, plugin: PLUGIN_ID, type })));
};
