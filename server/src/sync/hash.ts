import { createHash } from 'node:crypto';

/** JSON with sorted keys, so that the same data always hashes the same. */
const canonical = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
};

/** Content hash of a record without its own hash: equal hashes mean nothing to write. */
export const contentHash = <T extends { contentHash?: string }>(record: Omit<T, 'contentHash'>): string =>
  createHash('sha1').update(canonical(record)).digest('hex');

export const withHash = <T extends { contentHash: string }>(record: Omit<T, 'contentHash'>): T =>
  ({ ...record, contentHash: contentHash<T>(record) }) as T;
