import { SYNCED_CONTENT_TYPES } from '../../shared/content-manager';
import { wantedSettings } from '../../server/src/utils/content-manager';
import brand from '../../server/src/content-types/brand/schema.json';
import category from '../../server/src/content-types/category/schema.json';
import channel from '../../server/src/content-types/channel/schema.json';
import product from '../../server/src/content-types/product/schema.json';

type Attributes = Parameters<typeof wantedSettings>[1];
const SCHEMAS = { product, category, brand, channel } as unknown as Record<(typeof SYNCED_CONTENT_TYPES)[number], { attributes: Attributes }>;

/** The edit layout the plugin wants for a fresh install, where Strapi's default puts every field at size 6. */
const editLayout = (name: (typeof SYNCED_CONTENT_TYPES)[number]) => {
  const { attributes } = SCHEMAS[name];
  const metadatas = Object.fromEntries(Object.keys(attributes).map((field) => [field, { edit: {}, list: {} }]));
  const wanted = wantedSettings(name, attributes, { settings: {}, metadatas, layouts: { edit: [], list: [] } });
  return wanted['layouts.edit'] as { name: string; size: number }[][];
};

describe('edit layouts of the synced types', () => {
  it.each(SYNCED_CONTENT_TYPES)('%s: synced fields share rows, none of them left alone on a row of its own at the end', (name) => {
    const rows = editLayout(name);
    const { attributes } = SCHEMAS[name];
    const synced = (field: string) => (attributes[field] as { pluginOptions?: { bigcommerce?: { synced?: boolean } } }).pluginOptions?.bigcommerce?.synced;
    const lone = rows.filter((row) => row.length === 1 && row[0].size < 12 && synced(row[0].name)).map((row) => row[0].name);
    // Relations to many (a brand's products) take a half row: their list is long.
    expect(lone.filter((field) => attributes[field].type !== 'relation')).toEqual([]);
    for (const row of rows) expect(row.reduce((sum, field) => sum + field.size, 0)).toBeLessThanOrEqual(12);
  });

  it("leaves the product's thumbnail URL to the gallery, which marks the thumbnail", () => {
    const fields = editLayout('product')
      .flat()
      .map((field) => field.name);
    expect(fields).not.toContain('thumbnailUrl');
    expect(fields).toContain('images');
  });
});
