/**
 * Whether a build of the demo is still good, by content rather than by modification time: the plugin
 * build rewrites every file of `dist/` whether or not anything changed, so an mtime check always fired
 * and every `npm run demo` rebuilt the admin panel. A build records a stamp — a hash of what went in and
 * a hash of what came out — and is redone only when either no longer matches.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Stamp {
  /** Hash of the build's inputs (sources, configs, tool versions). */
  inputs: string;
  /** Hash of what the build wrote (so a build made since by hand, or a deleted file, is noticed). */
  output: string;
}

export type Decision = { rebuild: false } | { rebuild: true; reason: string };

/** Rebuild when there is no stamp, when the inputs changed since it was written, or when the output did. */
export const decideRebuild = (recorded: Stamp | null, current: Stamp): Decision => {
  if (!recorded) return { rebuild: true, reason: 'no previous build recorded' };
  if (recorded.inputs !== current.inputs) return { rebuild: true, reason: 'sources changed' };
  if (recorded.output !== current.output) return { rebuild: true, reason: 'built files changed or missing' };
  return { rebuild: false };
};

const filesUnder = (entry: string, skip: (file: string) => boolean): string[] => {
  if (!fs.existsSync(entry)) return [];
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return skip(entry) ? [] : [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name), skip));
};

/**
 * SHA-256 over the relative path and bytes of every file under `entries` (files or directories),
 * in a stable order. A missing entry hashes as empty, so creating it changes the hash.
 */
export const hashTree = (base: string, entries: string[], skip: (file: string) => boolean = () => false): string => {
  const hash = createHash('sha256');
  for (const entry of entries) {
    for (const file of filesUnder(path.resolve(base, entry), skip)) {
      hash.update(path.relative(base, file)).update('\0').update(fs.readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
};

export const readStamp = (file: string): Stamp | null => {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Stamp>;
    return typeof value.inputs === 'string' && typeof value.output === 'string' ? { inputs: value.inputs, output: value.output } : null;
  } catch {
    return null;
  }
};

export const writeStamp = (file: string, stamp: Stamp): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(stamp, null, 2)}\n`);
};
