import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { decideRebuild, hashTree, readStamp, writeStamp } from '../../demo/freshness';

describe('demo builds: rebuild or not', () => {
  const stamp = { inputs: 'in-1', output: 'out-1' };

  it('rebuilds when nothing was recorded, the inputs changed or the output changed', () => {
    expect(decideRebuild(null, stamp)).toEqual({ rebuild: true, reason: 'no previous build recorded' });
    expect(decideRebuild(stamp, { ...stamp, inputs: 'in-2' })).toEqual({ rebuild: true, reason: 'sources changed' });
    expect(decideRebuild(stamp, { ...stamp, output: 'out-2' })).toEqual({ rebuild: true, reason: 'built files changed or missing' });
  });

  it('does not rebuild when inputs and output are what the last build recorded', () => {
    expect(decideRebuild(stamp, { ...stamp })).toEqual({ rebuild: false });
  });
});

describe('demo builds: content hash of a tree', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-freshness-'));
    fs.mkdirSync(path.join(dir, 'admin', 'pages'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'admin', 'index.js'), 'export default 1;\n');
    fs.writeFileSync(path.join(dir, 'admin', 'pages', 'sync.js'), 'export const page = "sync";\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is the same when files are rewritten with the same bytes (what the plugin build does to dist/)', () => {
    const before = hashTree(dir, ['admin']);
    const later = new Date(Date.now() + 60_000);
    for (const file of ['admin/index.js', 'admin/pages/sync.js']) {
      const full = path.join(dir, file);
      fs.writeFileSync(full, fs.readFileSync(full));
      fs.utimesSync(full, later, later);
    }
    expect(hashTree(dir, ['admin'])).toBe(before);
    // The old check compared modification times: this is the case that made every run rebuild.
    expect(fs.statSync(path.join(dir, 'admin', 'index.js')).mtimeMs).toBeGreaterThan(Date.now());
  });

  it('changes when a byte, a file name or the set of files changes', () => {
    const before = hashTree(dir, ['admin']);
    fs.writeFileSync(path.join(dir, 'admin', 'index.js'), 'export default 2;\n');
    const edited = hashTree(dir, ['admin']);
    expect(edited).not.toBe(before);

    fs.renameSync(path.join(dir, 'admin', 'pages', 'sync.js'), path.join(dir, 'admin', 'pages', 'sync2.js'));
    const renamed = hashTree(dir, ['admin']);
    expect(renamed).not.toBe(edited);

    fs.writeFileSync(path.join(dir, 'admin', 'extra.js'), '');
    expect(hashTree(dir, ['admin'])).not.toBe(renamed);
  });

  it('leaves out the files `skip` names, so a stamp inside the output does not change its own hash', () => {
    const before = hashTree(dir, ['admin'], (file) => path.basename(file) === '.stamp.json');
    writeStamp(path.join(dir, 'admin', '.stamp.json'), { inputs: 'a', output: before });
    expect(hashTree(dir, ['admin'], (file) => path.basename(file) === '.stamp.json')).toBe(before);
    expect(readStamp(path.join(dir, 'admin', '.stamp.json'))).toEqual({ inputs: 'a', output: before });
  });

  it('changes when a missing entry is created', () => {
    const before = hashTree(dir, ['admin', 'config.js']);
    fs.writeFileSync(path.join(dir, 'config.js'), 'module.exports = {};\n');
    expect(hashTree(dir, ['admin', 'config.js'])).not.toBe(before);
  });

  it('reads no stamp from a missing or malformed file', () => {
    expect(readStamp(path.join(dir, 'none.json'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"inputs": 1}');
    expect(readStamp(path.join(dir, 'bad.json'))).toBeNull();
  });
});
