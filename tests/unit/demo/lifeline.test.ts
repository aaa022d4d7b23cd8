import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { brokenLink } from '../../demo/lifeline';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const until = async (what: string, check: () => boolean, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return;
  throw new Error(`gave up waiting for ${what}`);
};

describe('demo lifeline: stop when a process that started the demo is gone', () => {
  it('finds the first ancestor whose child was reparented', () => {
    const parents = new Map([
      [20, 30],
      [30, 40],
    ]);
    expect(brokenLink([20, 30, 40], (pid) => parents.get(pid) ?? null)).toBeNull();
    parents.set(30, 1); // 40 died: 30 now belongs to init
    expect(brokenLink([20, 30, 40], (pid) => parents.get(pid) ?? null)).toBe(40);
    parents.set(20, 1);
    expect(brokenLink([20, 30, 40], (pid) => parents.get(pid) ?? null)).toBe(30);
  });

  it('names the ancestor whose own entry is gone, not its parent', () => {
    // 30 was killed and reaped while 20 still lists it as its parent: 30 is the one lost, 40 lives on.
    const parents = new Map([[20, 30]]);
    expect(brokenLink([20, 30, 40], (pid) => parents.get(pid) ?? null)).toBe(30);
  });

  (fs.existsSync('/proc/self/stat') ? it : it.skip)('a grandchild stops by itself when its parent is SIGKILLed (as when npm is killed)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-lifeline-'));
    const out = path.join(dir, 'out.json');
    const fixture = path.join(__dirname, 'fixtures', 'lifeline-child.ts');
    // The middle process stands for npm: it starts the watcher and waits, never forwarding anything.
    const middle = spawn(
      process.execPath,
      [
        '-e',
        `require('node:child_process').spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(fixture)}, ${JSON.stringify(out)}], { stdio: 'inherit' }); setInterval(() => {}, 1000);`,
      ],
      { cwd: ROOT, stdio: 'inherit' }
    );
    let grandchild = 0;
    try {
      await until('the watcher to start', () => fs.existsSync(out) && 'ready' in JSON.parse(fs.readFileSync(out, 'utf8')));
      const ready = JSON.parse(fs.readFileSync(out, 'utf8')) as { ready: number; parent: number };
      grandchild = ready.ready;
      expect(ready.parent).toBe(middle.pid);

      middle.kill('SIGKILL');
      await until('the watcher to exit', () => !alive(grandchild));
      expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({ lost: middle.pid });
    } finally {
      if (grandchild && alive(grandchild)) process.kill(grandchild, 'SIGKILL');
      if (middle.exitCode === null && middle.signalCode === null) middle.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
