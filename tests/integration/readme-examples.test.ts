import fs from 'node:fs';
import path from 'node:path';

import { transformSync } from 'esbuild';
import request from 'supertest';

import { startSandbox, type Sandbox } from '../sandbox';
import { sync } from '../helpers/catalog';
import { storefrontEnv } from '../helpers/storefront';
import { bootStrapi, type TestApp } from '../helpers/strapi';

const README = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

/** The REST reads the README shows as `curl '<url>'`: their paths. */
const restExamples = (): string[] => [...README.matchAll(/curl '[^']*?(\/api\/bigcommerce\/[^']+)'/g)].map((match) => match[1]);

/** The README's ```graphql blocks, each cut into its operations (a line starting `{`, `query` or `mutation` opens one). */
const graphqlBlocks = (): string[][] =>
  [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((block) => {
    const operations: string[] = [];
    for (const line of block[1].split('\n')) {
      const code = line.replace(/#.*$/, '');
      if (!code.trim()) continue;
      if (/^(\{|query\b|mutation\b)/.test(code)) operations.push(code);
      else operations[operations.length - 1] += `\n${code}`;
    }
    return operations;
  });

/** The README's ```js and ```ts blocks other than configuration files (those open with `// config/…`). */
const scriptBlocks = (): Array<{ language: 'js' | 'ts'; code: string }> =>
  [...README.matchAll(/^```(js|ts)\n([\s\S]*?)^```/gm)]
    .map((block) => ({ language: block[1] as 'js' | 'ts', code: block[2] }))
    .filter((block) => !block.code.startsWith('// config/'));

/** A GraphQL argument written `name: "…"` stands for what an earlier answer of its block gave. */
const PLACEHOLDER = /(\w+): "[^"]*…"/g;

type Answer = Record<string, unknown>;

/** Where each placeholder argument's value is found in an earlier answer of its block (a mutation's one field). */
const FILL: Record<string, Array<string | number>> = {
  consignmentId: ['consignments', 0, 'id'],
  shippingOptionId: ['consignments', 0, 'available_shipping_options', 0, 'id'],
  orderId: ['orderId'],
  orderToken: ['orderToken'],
};

const at = (value: unknown, keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), value);

/** The value at `keys` in the newest answer that has one. */
const latest = (answers: Answer[], keys: Array<string | number>): unknown => {
  for (const answer of [...answers].reverse())
    for (const field of Object.values(answer)) {
      const value = at(field, keys);
      if (value !== undefined) return value;
    }
  return undefined;
};

/** Fills an operation's placeholders, and `orderId` (an Int, written as a plain number) with the order just created. */
const fill = (operation: string, answers: Answer[]): string => {
  const value = (name: string) => {
    const found = FILL[name] && latest(answers, FILL[name]);
    if (found === undefined) throw new Error(`No earlier answer gives ${name} in:\n${operation}`);
    return `${name}: ${JSON.stringify(found)}`;
  };
  return operation.replace(PLACEHOLDER, (_match, name: string) => value(name)).replace(/\borderId: \d+/, () => value('orderId'));
};

/** A card the sandbox's payment gateway accepts (Luhn-valid, not one of its declined numbers, not expired). */
const CARD = {
  number: '4111111111111111',
  cardholder_name: 'Ada Lovelace',
  expiry_month: 12,
  expiry_year: new Date().getUTCFullYear() + 2,
  verification_value: '123',
};

interface Exchange {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

/**
 * `fetch` as a browser on the storefront's site gives it to a page: cookies kept per origin and sent back.
 * Every exchange is recorded, so that a test sees what an example did even where the example ignores an answer.
 */
const browserFetch = (exchanges: Exchange[]): typeof fetch => {
  const send = globalThis.fetch; // the real one: the examples' global is this wrapper
  const jars = new Map<string, Map<string, string>>();
  return async (input, init = {}) => {
    const url = new URL(String(input));
    const jar = jars.get(url.origin) ?? new Map<string, string>();
    jars.set(url.origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const res = await send(url, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    const text = await res.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    exchanges.push({ method: init.method ?? 'GET', url: url.pathname, status: res.status, body });
    return res;
  };
};

const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/** The typed client's built module, as `import … from 'strapi-plugin-bigcommerce/client'` gives it to an app. */
const CLIENT_MODULE = path.join(__dirname, '../../dist/client/index.js');

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || (Array.isArray(value) ? !value.length : typeof value === 'object' && !Object.keys(value).length);

/** Every field of an answer, one level down for `{ nodes, ... }` lists: none may be empty. */
const emptyFields = (data: Record<string, unknown>): string[] =>
  Object.entries(data).flatMap(([field, value]) => {
    const nodes = value && typeof value === 'object' && 'nodes' in value ? (value as { nodes: unknown }).nodes : value;
    return isEmpty(nodes) ? [field] : [];
  });

/**
 * The README's examples, as written, against the demo's catalog (the sandbox seed and size `npm run demo`
 * starts: tests/demo/stack.ts): every id and slug they name must exist there, and every answer must hold data.
 */
describe('README examples against the demo catalog', () => {
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ products: 500, seed: 1, rateLimit: false });
    app = await bootStrapi({ env: storefrontEnv(sandbox), listen: true });
    const run = await sync(app.strapi, 'full');
    if (run.status !== 'succeeded') throw new Error(`the catalog sync ${run.status}`);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('finds the examples (the extraction itself works)', () => {
    expect(restExamples().length).toBeGreaterThanOrEqual(3);
    expect(graphqlBlocks().length).toBeGreaterThanOrEqual(2);
  });

  it('answers every REST read example with 200 and data', async () => {
    for (const example of restExamples()) {
      const res = await app.http().get(example);
      expect({ example, status: res.status }).toEqual({ example, status: 200 });
      expect({ example, empty: isEmpty(res.body.data) }).toEqual({ example, empty: false });
    }
  });

  it('answers every GraphQL example with data, in order, one browser per block, placeholders filled from earlier answers', async () => {
    let ran = 0;
    for (const operations of graphqlBlocks()) {
      const browser = request.agent(app.strapi.server.httpServer); // keeps the cart cookie from one step to the next
      const answers: Answer[] = [];
      for (const written of operations) {
        const operation = fill(written, answers);
        const res = await browser.post('/graphql').send({ query: operation });
        expect({ operation, errors: res.body.errors }).toEqual({ operation, errors: undefined });
        expect({ operation, empty: emptyFields(res.body.data) }).toEqual({ operation, empty: [] });
        answers.push(res.body.data);
        ran++;
      }
    }
    // The catalog query, then the checkout: cart, billing address, consignment, its new address, shipping option, order, payment token.
    expect(ran).toBe(8);
  });

  it('runs every JavaScript and TypeScript example as a browser on Strapi’s site would, every request answered 2xx', async () => {
    const blocks = scriptBlocks();
    expect(blocks.map((block) => block.language)).toEqual(['js', 'ts']); // the REST checkout, the typed client
    for (const block of blocks) {
      const exchanges: Exchange[] = [];
      const browser = browserFetch(exchanges);
      const localStorage = new Map<string, string>();
      const source = block.code
        .replaceAll('http://localhost:1337', app.url!)
        .replaceAll('https://cms.example.com', app.url!)
        .replace(/^import (\{[^}]*\}) from 'strapi-plugin-bigcommerce\/client';$/m, 'const $1 = require(CLIENT_MODULE);');
      const code = transformSync(source, { loader: block.language }).code;
      const run = new AsyncFunction('fetch', 'require', 'CLIENT_MODULE', 'localStorage', ...Object.keys(CARD), code);
      // The typed client calls the global fetch, as in a browser.
      const globalFetch = globalThis.fetch;
      globalThis.fetch = browser;
      try {
        await run(
          browser,
          require,
          CLIENT_MODULE,
          { getItem: (key: string) => localStorage.get(key) ?? null, setItem: (key: string, value: string) => localStorage.set(key, value) },
          ...Object.values(CARD)
        );
      } finally {
        globalThis.fetch = globalFetch;
      }
      expect(exchanges.filter((exchange) => exchange.status >= 300)).toEqual([]);
      expect(exchanges.length).toBeGreaterThanOrEqual(5);
      if (block.language === 'js') {
        // The last step: BigCommerce's payments host took the card.
        expect(exchanges.at(-1)).toMatchObject({ method: 'POST', url: expect.stringMatching(/\/payments$/), body: { data: { status: 'success' } } });
      }
    }
  });
});
