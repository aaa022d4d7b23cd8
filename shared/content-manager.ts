import { PLUGIN_ID } from './plugin-id';

/**
 * Custom fields the plugin registers for read-only synced data: each stores its underlying type
 * (so the database, the REST and GraphQL answers are those of a plain text/json attribute) and only
 * changes how the Content Manager shows the value.
 */
export const CUSTOM_FIELDS = {
  /** Store HTML (a description), shown rendered and sanitized. */
  html: { type: 'text' },
  /** A list of images ({ url, urlThumbnail, alt, isThumbnail }), shown as a gallery. */
  gallery: { type: 'json' },
  /** A list of records, shown as a table of the columns named in the attribute's `options.columns`. */
  table: { type: 'json' },
} as const;

export type CustomFieldName = keyof typeof CUSTOM_FIELDS;

export const customFieldUid = (name: CustomFieldName) => `plugin::${PLUGIN_ID}.${name}` as const;

/** A table custom field's column: an attribute of each row, with its header. */
export interface TableColumn {
  key: string;
  label: string;
}

/** Synced content types the Content Manager shows: editors enrich them, only the sync creates or deletes them. */
export const SYNCED_CONTENT_TYPES = ['product', 'category', 'brand', 'channel'] as const;

export const syncedUid = (name: (typeof SYNCED_CONTENT_TYPES)[number]) => `plugin::${PLUGIN_ID}.${name}` as const;
