import fs from 'node:fs';
import path from 'node:path';

import { pluginConfigSchema } from '../../server/src/config/schema';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The rows of the README's "Configuration reference" table, as [config keys, environment variables]. */
const rows = (): Array<{ keys: string[]; envs: string[] }> => {
  const section = readme.slice(readme.indexOf('### Configuration reference'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')));
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [, keys, envs] = line.split('|');
      return { keys: ticks(keys).map((key) => key.replace(/\..*$/, '')), envs: ticks(envs).filter((env) => /^[A-Z_]+$/.test(env)) };
    });
};

describe('README configuration reference', () => {
  it('lists every key of the plugin config schema, and no other', () => {
    const documented = rows()
      .flatMap((row) => row.keys)
      .sort();
    expect(documented).toEqual(Object.keys(pluginConfigSchema.shape).sort());
  });

  it('names every environment variable the config reads, beside its key', () => {
    const source = fs.readFileSync(path.join(ROOT, 'server', 'src', 'config', 'index.ts'), 'utf8');
    const read = [...source.matchAll(/env\('(BIGCOMMERCE_\w+)'/g)].map((m) => m[1]).sort();
    expect(
      rows()
        .flatMap((row) => row.envs)
        .sort()
    ).toEqual(read);
  });
});
