import fs from 'node:fs';
import path from 'node:path';

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

/** Placeholders (`"6c0f…"`) stand for what an earlier answer gave: such an example cannot run as written. */
const PLACEHOLDER = '…';

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
    app = await bootStrapi({ env: storefrontEnv(sandbox) });
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

  it('answers every GraphQL example with data, in order, one browser per block, up to the first placeholder', async () => {
    let ran = 0;
    for (const operations of graphqlBlocks()) {
      const browser = request.agent(app.strapi.server.httpServer); // keeps the cart cookie from one step to the next
      for (const operation of operations) {
        if (operation.includes(PLACEHOLDER)) break; // it and what follows need an earlier answer's ids
        const res = await browser.post('/graphql').send({ query: operation });
        expect({ operation, errors: res.body.errors }).toEqual({ operation, errors: undefined });
        expect({ operation, empty: emptyFields(res.body.data) }).toEqual({ operation, empty: [] });
        ran++;
      }
    }
    expect(ran).toBeGreaterThanOrEqual(4); // the catalog query, the cart, the billing address, the consignment
  });
});
