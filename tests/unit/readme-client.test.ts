import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const ROOT = path.join(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README's typed-client example (its one ```ts block). */
const example = (): string => {
  const blocks = [...README.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((block) => block[1]);
  expect(blocks).toHaveLength(1);
  return blocks[0];
};

/**
 * Type-checks app files importing `strapi-plugin-bigcommerce/client` as an app would (the import mapped to the
 * client's source, which its published declarations are emitted from), with the DOM's types, as in a browser.
 * One program for all of them: it loads the client's types once.
 */
const typeErrors = (sources: Record<string, string>): Record<string, string[]> => {
  const files = new Map(Object.entries(sources).map(([name, source]) => [path.join(ROOT, 'tests', `${name}.ts`), source]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    baseUrl: ROOT,
    paths: { 'strapi-plugin-bigcommerce/client': ['server/src/api-client/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || exists(name);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const source = files.get(path.resolve(name));
    return source === undefined ? getSource(name, language, ...rest) : ts.createSourceFile(name, source, language);
  };
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([...files.keys()], options, host));
  return Object.fromEntries(
    [...files.keys()].map((file) => [
      path.basename(file, '.ts'),
      diagnostics
        .filter((diagnostic) => diagnostic.file && path.resolve(diagnostic.file.fileName) === file)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    ])
  );
};

/** An app module (top-level await needs one): the example with an export. */
const asModule = (code: string) => `${code}\nexport {};\n`;

describe('the README’s typed-client example', () => {
  const written = example();
  const wrong = written.replace('createCart({ lineItems:', 'createCart({ lineItem:');
  let errors: Record<string, string[]>;

  beforeAll(() => {
    errors = typeErrors({ 'readme-example': asModule(written), 'readme-example-wrong-field': asModule(wrong) });
  });

  it('compiles, strict, against the client’s own types', () => {
    expect(errors['readme-example']).toEqual([]);
  });

  it('turns a wrong field into a compile error, as the README says', () => {
    expect(wrong).not.toBe(written);
    expect(errors['readme-example-wrong-field'].join('\n')).toMatch(/'lineItem' does not exist/);
  });
});
