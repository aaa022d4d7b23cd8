/**
 * A Strapi node in its own process (tests/helpers/node-process-child.ts), for the tests that need more than
 * one node on a database, or a node they can kill: two Strapi instances cannot share one process, and only a
 * process can be killed with SIGKILL. The child speaks one line per message on stdio (see its header).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import type { TestDatabase } from './strapi';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'node-process-child.ts');

export interface Progress {
  id: number;
  phase: string;
  done: number;
  total: number;
}

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** Sends a command and resolves with the node's answer to it. */
  ask<T = unknown>(command: string): Promise<T>;
  /** Resolves with the first progress line that satisfies `check`; rejects after `timeoutMs` if given (else jest's timeout governs). */
  progressWhere(check: (progress: Progress) => boolean, timeoutMs?: number): Promise<Progress>;
  /** SIGKILL: no shutdown hook runs, as when the machine or the OOM killer ends it. */
  kill9(): Promise<void>;
  /** SIGTERM: Strapi's graceful shutdown. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** Boots a node on `database`, with `env` over this process's environment; resolves once it listens. */
export const spawnNode = async ({ database, env }: { database: TestDatabase; env: Record<string, string> }): Promise<NodeProcess> => {
  // tsx as a loader in the same process (its CLI would fork a grandchild that SIGKILL misses).
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, STRAPI_LOG_LEVEL: 'error', ...env, ...database.env, CHILD_DATABASE: JSON.stringify(database.env) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  /** The latest progress line: a waiter registered after it arrived still sees it. */
  let lastProgress: Progress | undefined;
  const waiting: { kind: string; check: (value: unknown) => boolean; resolve: (value: unknown) => void }[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const space = line.indexOf(' ');
    if (space < 0) return;
    const kind = line.slice(0, space);
    if (process.env.RELIABILITY_DEBUG) process.stderr.write(`[node ${child.pid}] ${line}\n`);
    let value: unknown;
    try {
      value = JSON.parse(line.slice(space + 1));
    } catch {
      return;
    }
    if (kind === 'progress') lastProgress = value as Progress;
    for (const waiter of [...waiting]) {
      if (waiter.kind === kind && waiter.check(value)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(value);
      }
    }
  });
  const next = <T>(kind: string, check: (value: T) => boolean = () => true) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ kind, check: check as (value: unknown) => boolean, resolve: resolve as (value: unknown) => void });
      void exited(child).then(() => reject(new Error(`the node exited (${child.signalCode ?? child.exitCode}) while waiting for "${kind}"`)));
    });
  const { url } = await next<{ url: string }>('listening');
  return {
    url,
    child,
    ask: <T>(command: string) => {
      const answer = next<T>(command.split(' ')[0]);
      child.stdin!.write(`${command}\n`);
      return answer;
    },
    progressWhere: (check, timeoutMs) => {
      if (lastProgress && check(lastProgress)) return Promise.resolve(lastProgress);
      if (timeoutMs === undefined) return next<Progress>('progress', check);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no progress line matched within ${timeoutMs} ms`)), timeoutMs);
      });
      return Promise.race([next<Progress>('progress', check), timeout]).finally(() => clearTimeout(timer));
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
};
