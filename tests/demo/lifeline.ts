/**
 * Stops the demo when a process that started it goes away. `npm run demo` runs us as
 * npm → (sh) → tsx → node; a process manager that SIGKILLs npm (or a SIGTERM that kills npm and sh
 * without reaching tsx) would otherwise leave Strapi and the sandbox running, reparented to init.
 * A process that dies has its children reparented at once, so a changed parent pid anywhere in the
 * chain recorded at start means an ancestor is gone, even while it lingers as a zombie.
 */
import fs from 'node:fs';

/** The parent pid of `pid` from /proc (Linux), or null when unknown. */
export const parentOf = (pid: number): number | null => {
  try {
    // The command name (field 2) is in parentheses and may hold spaces; the ppid is the second field after it.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
};

/** [self, parent, grandparent, …] up to (not including) pid 1, at most `depth` long. */
export const ancestry = (pid = process.pid, depth = 8): number[] => {
  const chain = [pid];
  for (let next = pid === process.pid ? process.ppid : parentOf(pid); next && next > 1 && chain.length < depth; next = parentOf(next)) {
    chain.push(next);
  }
  return chain;
};

/**
 * The ancestor gone from `chain`: the parent of the first link whose parent changed since it was recorded,
 * or the link itself when it no longer exists (killed and reaped between two reads of the chain, its
 * child's parent read before and its own entry after); null while all are in place.
 */
export const brokenLink = (chain: number[], parent: (pid: number) => number | null = parentOf): number | null => {
  for (let i = 0; i + 1 < chain.length; i++) {
    const now = chain[i] === process.pid ? process.ppid : parent(chain[i]);
    if (now === null) return chain[i];
    if (now !== chain[i + 1]) return chain[i + 1];
  }
  return null;
};

/** Calls `onLost` once when any recorded ancestor is gone; the timer does not keep the process alive. */
export const watchAncestors = (onLost: (pid: number) => void, everyMs = 1_000): (() => void) => {
  // Without /proc only the direct parent can be watched (process.ppid is read afresh each time).
  const chain = fs.existsSync('/proc/self/stat') ? ancestry() : [process.pid, process.ppid];
  const timer = setInterval(() => {
    const gone = brokenLink(chain);
    if (gone !== null) {
      clearInterval(timer);
      onLost(gone);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
};
