import type { Core } from '@strapi/strapi';

import type { PluginConfig } from './config/schema';
import { allowInCsp } from './csp';
import { UIDS } from './services/catalog-store';
import { PLUGIN_ID } from './utils/plugin-id';

/** What a URL template may name: `https://shop.example.com/products/{slug}`. */
export const PREVIEW_PLACEHOLDERS = ['slug', 'documentId', 'bigcommerceId'] as const;

type Placeholder = (typeof PREVIEW_PLACEHOLDERS)[number];
type PreviewHandler = (uid: string, params: { documentId: string; locale?: string | null; status?: string | null }) => unknown;

interface AdminPreviewConfig {
  enabled?: boolean;
  config?: { allowedOrigins?: string[]; handler?: PreviewHandler; [key: string]: unknown };
  [key: string]: unknown;
}

/** The template's URL with each placeholder replaced (URI-encoded). */
export const fillTemplate = (template: string, values: Record<Placeholder, string>): string =>
  template.replace(/\{(\w+)\}/g, (match, name: string) =>
    (PREVIEW_PLACEHOLDERS as readonly string[]).includes(name) ? encodeURIComponent(values[name as Placeholder]) : match
  );

/** The synced types that have a storefront page, each with the site's template for it. */
const templates = (config: PluginConfig): Map<string, string> =>
  new Map(
    [
      [UIDS.product, config.previewProductUrl],
      [UIDS.category, config.previewCategoryUrl],
    ].filter((entry): entry is [string, string] => Boolean(entry[1]))
  );

/**
 * Strapi Preview for synced products and categories: the Content Manager's preview opens the storefront's
 * page of the entry, from the `previewProductUrl` / `previewCategoryUrl` templates. A host app's own preview
 * handler keeps every other content type; a host that turned Preview off (`enabled: false`) keeps it off.
 * The synced types have no draft (BigCommerce publishes; editorial fields are saved as they are), so the
 * page shows what was saved. An entry the storefront does not show (hidden in BigCommerce) has no preview.
 */
export const registerPreview = (strapi: Core.Strapi): boolean => {
  const pages = templates(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig);
  const admin = (strapi.config.get('admin.preview') ?? {}) as AdminPreviewConfig;
  if (!pages.size || admin.enabled === false) return false;
  const hostHandler = admin.config?.handler;
  const handler: PreviewHandler = async (uid, params) => {
    const template = pages.get(uid);
    if (!template) return hostHandler?.(uid, params);
    const entry = (await strapi
      .documents(uid as typeof UIDS.product)
      .findOne({ documentId: params.documentId, fields: ['slug', 'bigcommerceId', 'isVisible'] })) as {
      slug?: string;
      bigcommerceId?: number;
      isVisible?: boolean;
    } | null;
    if (!entry?.slug || entry.isVisible === false) return undefined;
    return fillTemplate(template, { slug: entry.slug, documentId: params.documentId, bigcommerceId: String(entry.bigcommerceId ?? '') });
  };
  const origins = [
    ...new Set([...pages.values()].map((template) => new URL(fillTemplate(template, { slug: 'x', documentId: 'x', bigcommerceId: '1' })).origin)),
  ];
  strapi.config.set('admin.preview', {
    ...admin,
    enabled: true,
    config: { ...admin.config, allowedOrigins: [...new Set([...(admin.config?.allowedOrigins ?? []), ...origins])], handler },
  });
  // The admin shows the page in a frame: its CSP must allow the storefront.
  allowInCsp(strapi, 'frame-src', origins);
  return true;
};
