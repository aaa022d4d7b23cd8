import { searchTextOf } from '../../sync/slugs';
import schema from './schema.json';

type Data = Record<string, unknown>;
export interface LifecycleEvent {
  model: { uid: string };
  params: { data?: Data; where?: Data };
}

const SEARCHED = ['name', 'sku', 'description'] as const;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The sync writes searchText itself; a write through Strapi (admin, Document Service, query engine) that
 * changes a searched field refreshes it here, so search never reads a stale copy.
 */
const lifecycles = {
  beforeCreate(event: LifecycleEvent) {
    const data = event.params.data;
    if (data) data.searchText = searchTextOf({ name: str(data.name), sku: str(data.sku), description: str(data.description) });
  },
  async beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data;
    if (!data || !SEARCHED.some((field) => field in data)) return;
    const current = (await strapi.db.query(event.model.uid as never).findOne({ select: [...SEARCHED], where: event.params.where ?? {} })) as Data | null;
    const merged = { ...current, ...data };
    data.searchText = searchTextOf({ name: str(merged.name), sku: str(merged.sku), description: str(merged.description) });
  },
};

export default { schema, lifecycles };
