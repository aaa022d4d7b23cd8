// Customer passwords are stored as scrypt hashes (`scrypt$N$r$p$salt$hash`, base64url) and never
// leave the store. Hashing runs on libuv's thread pool; the hashes of the seeded customers are
// memoised per process, since their salts are derived from the seed.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

const derive = (password: string, salt: Buffer, n = N, r = R, p = P): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  );

const memo = new Map<string, Promise<string>>();

/** A new hash with a random salt, or a memoised one when the salt is given (seeded customers). */
export function hashPassword(password: string, salt?: Buffer): Promise<string> {
  const make = async (s: Buffer): Promise<string> => `scrypt$${N}$${R}$${P}$${s.toString('base64url')}$${(await derive(password, s)).toString('base64url')}`;
  if (!salt) return make(randomBytes(16));
  const key = `${salt.toString('base64url')}:${password}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = make(salt);
    memo.set(key, hit);
  }
  return hit;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** BigCommerce's rule for new passwords: at least 7 characters with letters and numbers. */
export function weakPasswordReason(password: string): string | undefined {
  if (password.length < 7) return 'The password must be at least 7 characters long.';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'The password must contain both letters and numbers.';
  return undefined;
}
