import { createHash } from 'node:crypto';

/**
 * Content hash of a record without its own hash: equal hashes mean nothing to write.
 *
 * Plain JSON.stringify is deterministic here: every record (and every object nested in it) is built by
 * the mapping code as an object literal, so its key order is fixed by that code, not by the API payload;
 * arrays keep their order on purpose (it is data). Undefined values drop out as before. Sorting keys
 * recursively cost most of a sync's CPU.
 */
export const contentHash = <T extends { contentHash?: string }>(record: Omit<T, 'contentHash'>): string =>
  createHash('sha1').update(JSON.stringify(record)).digest('hex');

export const withHash = <T extends { contentHash: string }>(record: Omit<T, 'contentHash'>): T => ({ ...record, contentHash: contentHash<T>(record) }) as T;
