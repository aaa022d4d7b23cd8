import fs from 'node:fs';
import path from 'node:path';

const SERVER = path.resolve(__dirname, '..', '..', 'server', 'src');

const sourceFiles = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
      })
    : [];

const imports = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

// The client and the sync engine must run without Strapi: that is what keeps them testable and reusable.
const rooms = ['bigcommerce', 'sync'].filter((room) => fs.existsSync(path.join(SERVER, room)));

it('has the BigCommerce client room', () => expect(rooms).toContain('bigcommerce'));

describe.each(rooms)('server/src/%s stays framework-free', (room) => {
  const files = sourceFiles(path.join(SERVER, room));

  it('imports nothing from Strapi, koa or the Strapi adapters', () => {
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((file) =>
      imports(file)
        .filter((target) => /^@strapi\//.test(target) || /^koa/.test(target) || /^\.\.\/(services|controllers|routes|policies|middlewares)/.test(target))
        .map((target) => `${path.relative(SERVER, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('does not reach the global strapi object', () => {
    const offending = files.filter((file) => /\bstrapi\./.test(fs.readFileSync(file, 'utf8')));
    expect(offending.map((file) => path.relative(SERVER, file))).toEqual([]);
  });
});
