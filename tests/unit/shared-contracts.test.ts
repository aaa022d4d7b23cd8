/**
 * Shared contracts (server and admin take their common types from shared/) and ARCHITECTURE.md's file names.
 * The rooms themselves are ESLint's (architecture.test.ts checks the config).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

const sourceFiles = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
      })
    : [];

const imports = (file: string): string[] => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** Where each relative import of the files under `dir` lands, as paths from the repository root. */
const relativeTargets = (dir: string) =>
  sourceFiles(dir).flatMap((file) =>
    imports(file)
      .filter((target) => target.startsWith('.'))
      .map((target) => ({ file: path.relative(ROOT, file), target: path.relative(ROOT, path.resolve(path.dirname(file), target)) }))
  );

// The admin bundle takes what it shares with the server from shared/: a reach into server/src would pull server code
// (and its imports) into the browser bundle, and let the two sides' copies drift apart again.
describe('admin/src and shared/', () => {
  it('admin/src imports nothing from server/', () => {
    const targets = relativeTargets(path.join(ROOT, 'admin', 'src'));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.some(({ target }) => target.startsWith(`shared${path.sep}`))).toBe(true);
    expect(targets.filter(({ target }) => target.split(path.sep)[0] === 'server').map(({ file, target }) => `${file} -> ${target}`)).toEqual([]);
  });

  it('shared/ imports only shared/ and zod: both bundles and both tsconfigs take it as it is', () => {
    const files = sourceFiles(path.join(ROOT, 'shared'));
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((file) =>
      imports(file)
        .filter((target) => !target.startsWith('./') && target !== 'zod')
        .map((target) => `${path.relative(ROOT, file)} -> ${target}`)
    );
    expect(offending).toEqual([]);
  });

  // The answer schemas are zod (the server's OpenAPI document derives from them); the admin takes their inferred
  // types, which the build erases, so zod stays out of the browser bundle.
  it('admin/src takes the shared/ files that import zod as types only', () => {
    const zodFiles = sourceFiles(path.join(ROOT, 'shared')).filter((file) => imports(file).includes('zod'));
    expect(zodFiles.length).toBeGreaterThan(0);
    const valueImports = sourceFiles(path.join(ROOT, 'admin', 'src')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gm)]
        .filter(([, typeOnly, target]) => !typeOnly && target.startsWith('.') && zodFiles.includes(`${path.resolve(path.dirname(file), target)}.ts`))
        .map(([statement]) => `${path.relative(ROOT, file)}: ${statement}`)
    );
    expect(valueImports).toEqual([]);
  });

  // A file of shared/ only one side imports is not a contract (or the other side still keeps its own copy).
  it.each(sourceFiles(path.join(ROOT, 'shared')).map((file) => path.relative(ROOT, file)))('%s is imported by both server/src and admin/src', (file) => {
    const importers = (dir: string) => relativeTargets(path.join(ROOT, dir)).filter(({ target }) => `${target}.ts` === file || target === file);
    expect(importers('server/src').length).toBeGreaterThan(0);
    expect(importers('admin/src').length).toBeGreaterThan(0);
  });

  it.each(['server/tsconfig.json', 'server/tsconfig.build.json', 'admin/tsconfig.json', 'admin/tsconfig.build.json'])('%s includes shared/', (config) => {
    const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, config), 'utf8')) as { include: string[] };
    expect(include).toContain('../shared');
  });
});

// ARCHITECTURE.md names files; a move or a rename must update it. A backticked token is a repository path when
// it has a slash and starts with a name (`server/src/sync/engine.ts`, `shared/`), or is a root file (`package.json`);
// URL paths (`/api/...`), package names (`@strapi/utils`) and identifiers are left alone.
describe('ARCHITECTURE.md', () => {
  const text = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const paths = [...new Set([...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]))].filter(
    (token) => /^[A-Za-z][\w.-]*\/[\w./-]*$/.test(token) || /^[\w.-]+\.(ts|tsx|js|json|md)$/.test(token)
  );

  it('names the rooms and the files on each path', () => {
    expect(paths).toEqual(expect.arrayContaining(['server/src/bigcommerce/', 'server/src/sync/', 'shared/', 'server/src/sync/engine.ts']));
  });

  it('names every file of shared/', () => {
    const unnamed = sourceFiles(path.join(ROOT, 'shared'))
      .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
      .filter((file) => !paths.includes(file));
    expect(unnamed).toEqual([]);
  });

  it.each(paths)('%s exists', (file) => {
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });
});
