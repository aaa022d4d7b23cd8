import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from './plugin-id';

interface EditMetadata {
  label?: string;
  description?: string;
  editable?: boolean;
  visible?: boolean;
  [key: string]: unknown;
}

interface Configuration {
  uid?: string;
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: EditMetadata; list: Record<string, unknown> }>;
  layouts: Record<string, unknown>;
}

interface ContentTypesService {
  findContentType(uid: string): { uid: string } | undefined;
  findConfiguration(contentType: { uid: string }): Promise<Configuration>;
  updateConfiguration(contentType: { uid: string }, configuration: Omit<Configuration, 'uid'>): Promise<Configuration>;
}

const SYNCED_NOTE = 'Synced from BigCommerce (read-only here).';

type Marker = 'synced' | 'hidden';

/** Attributes that carry `pluginOptions.bigcommerce.<marker>` in the plugin's schemas. */
const markedAttributes = (strapi: Core.Strapi, uid: string, marker: Marker): string[] => {
  const model = strapi.getModel(uid as Parameters<Core.Strapi['getModel']>[0]) as { attributes?: Record<string, unknown> } | undefined;
  return Object.entries(model?.attributes ?? {})
    .filter(([, attribute]) => (attribute as { pluginOptions?: { bigcommerce?: Partial<Record<Marker, boolean>> } }).pluginOptions?.bigcommerce?.[marker])
    .map(([name]) => name);
};

/**
 * Shows the fields BigCommerce owns as read-only in the Content Manager's edit view, with a note;
 * the editorial fields (and any a site owner adds) stay editable.
 */
export const markSyncedFieldsReadOnly = async (strapi: Core.Strapi): Promise<void> => {
  const contentManager = strapi.plugin('content-manager');
  if (!contentManager) return;
  const service = contentManager.service('content-types') as unknown as ContentTypesService;
  for (const name of ['product', 'category', 'brand', 'channel']) {
    const uid = `plugin::${PLUGIN_ID}.${name}`;
    const contentType = service.findContentType(uid);
    if (!contentType) continue;
    const { uid: _uid, ...configuration } = await service.findConfiguration(contentType);
    let changed = false;
    const synced = markedAttributes(strapi, uid, 'synced');
    const hidden = new Set(markedAttributes(strapi, uid, 'hidden'));
    for (const attribute of synced) {
      const edit = configuration.metadatas[attribute]?.edit;
      if (!edit) continue;
      const wanted = { editable: false, description: SYNCED_NOTE, visible: !hidden.has(attribute) };
      if (edit.editable === wanted.editable && edit.description === wanted.description && edit.visible === wanted.visible) continue;
      Object.assign(edit, wanted);
      changed = true;
    }
    if (hideFromLayout(configuration, hidden)) changed = true;
    if (moveEditableFirst(configuration, new Set(synced))) changed = true;
    if (changed) await service.updateConfiguration(contentType, configuration);
  }
};

type EditLayout = { name: string; size: number }[][];

/** Internal bookkeeping (the content hash) has no place in an editor's form. */
const hideFromLayout = (configuration: Configuration, hidden: Set<string>): boolean => {
  const layout = configuration.layouts.edit as EditLayout | undefined;
  if (!Array.isArray(layout) || !layout.some((row) => row.some((field) => hidden.has(field.name)))) return false;
  configuration.layouts.edit = layout.map((row) => row.filter((field) => !hidden.has(field.name))).filter((row) => row.length > 0);
  return true;
};

/** Puts the rows editors work in (editorial and extension fields) above the synced ones. */
const moveEditableFirst = (configuration: Configuration, synced: Set<string>): boolean => {
  const layout = configuration.layouts.edit as EditLayout | undefined;
  if (!Array.isArray(layout)) return false;
  const isEditable = (row: { name: string }[]) => row.some((field) => !synced.has(field.name));
  const reordered = [...layout.filter(isEditable), ...layout.filter((row) => !isEditable(row))];
  if (reordered.every((row, index) => row === layout[index])) return false;
  configuration.layouts.edit = reordered;
  return true;
};
