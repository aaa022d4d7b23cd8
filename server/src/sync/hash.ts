import { createHash } from 'node:crypto';

/**
 * Content hash of a record without its own hash: equal hashes mean nothing to write.
 *
 * Plain JSON.stringify is deterministic here: every record (and every object nested in it) is built by
 * the mapping code as an object literal, so its key order is fixed by that code, not by the API payload;
 * arrays keep their order on purpose (it is data). Undefined values drop out as before. Sorting keys
 * recursively cost most of a sync's CPU.
 */
export const contentHash = <T extends { contentHash?: string }>(record: Omit<T, 'contentHash'>): string => jsonHash(JSON.stringify(record));

/** The content hash of a record's JSON, for a caller that has made it already. */
export const jsonHash = (json: string): string => createHash('sha1').update(json).digest('hex');
