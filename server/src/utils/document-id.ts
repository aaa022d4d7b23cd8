import { randomBytes } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERICS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 24;
/** Random bytes fetched at a time: one crypto call per ~170 ids instead of one per id. */
const POOL_SIZE = 4096;

let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** One random byte below `limit` (a multiple of the alphabet size), so that every character is equally likely. */
const nextByte = (limit: number): number => {
  for (;;) {
    if (offset === POOL_SIZE) {
      pool = randomBytes(POOL_SIZE);
      offset = 0;
    }
    const byte = pool[offset++];
    if (byte < limit) return byte;
  }
};

/**
 * A document id in the format Strapi's own (cuid2 `createId`) has: 24 lowercase alphanumerics, the first
 * a letter. Made from crypto random bytes, which is several times cheaper than cuid2's SHA3 per id — a
 * sync inserts one per new row. 23 characters of base 36 are ~119 random bits, so collisions are not a
 * concern.
 */
export const createDocumentId = (): string => {
  let id = LETTERS[nextByte(234) % 26]; // 234 = 9 * 26: no modulo bias
  for (let i = 1; i < LENGTH; i++) id += ALPHANUMERICS[nextByte(252) % 36]; // 252 = 7 * 36
  return id;
};
