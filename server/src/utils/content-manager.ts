import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from './plugin-id';

interface EditMetadata {
  label?: string;
  description?: string;
  editable?: boolean;
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

const SYNCED_NOTE = 'Synced from BigCommerce: change it there; the next sync overwrites edits made here.';

/** Attributes that carry `pluginOptions.bigcommerce.synced` in the plugin's schemas. */
const syncedAttributes = (strapi: Core.Strapi, uid: string): string[] => {
  const model = strapi.getModel(uid as Parameters<Core.Strapi['getModel']>[0]) as { attributes?: Record<string, unknown> } | undefined;
  const attributes = model?.attributes ?? {};
  return Object.entries(attributes)
    .filter(([, attribute]) => (attribute as { pluginOptions?: { bigcommerce?: { synced?: boolean } } }).pluginOptions?.bigcommerce?.synced)
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
    for (const attribute of syncedAttributes(strapi, uid)) {
      const edit = configuration.metadatas[attribute]?.edit;
      if (!edit || (edit.editable === false && edit.description === SYNCED_NOTE)) continue;
      edit.editable = false;
      edit.description = SYNCED_NOTE;
      changed = true;
    }
    if (changed) await service.updateConfiguration(contentType, configuration);
  }
};
