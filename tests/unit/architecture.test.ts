import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The three rooms are enforced by ESLint (eslint.config.mjs, `npm run lint`). These tests check that the
// config does catch what the rooms forbid: a pattern that matched nothing would let everything through.

const ROOT = path.resolve(__dirname, '..', '..');
const ROOM_RULES = ['no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals', 'no-restricted-properties'];

type Probe = { file: string; code: string };
type Finding = { file: string; rules: string[] };

/**
 * Lints source text as if it lived at `file`, with the project's own config. ESLint loads its config with
 * import(), which jest's module sandbox does not allow, so it runs in a child node.
 */
const lint = (probes: Probe[], files: string[] = []): { probes: Finding[]; files: Finding[] } => {
  const script = `
    const { ESLint } = require('eslint');
    const only = (results) => results.map((r) => ({
      file: require('node:path').relative(process.cwd(), r.filePath),
      rules: r.messages.map((m) => m.ruleId).filter((id) => ${JSON.stringify(ROOM_RULES)}.includes(id)),
    }));
    (async () => {
      const { probes, files } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = { probes: [], files: files.length ? only(await eslint.lintFiles(files)) : [] };
      for (const p of probes) out.probes.push(...only(await eslint.lintText(p.code, { filePath: p.file })));
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    input: JSON.stringify({ probes, files }),
    encoding: 'utf8',
  });
  return JSON.parse(out) as { probes: Finding[]; files: Finding[] };
};

const forbidden: Array<[string, string, string]> = [
  ['server/src/sync/probe.ts', "import { errors } from '@strapi/utils';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "import type { Core } from '@strapi/strapi';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "import type { Context } from 'koa';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "import { syncService } from '../services/sync';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "export * from '../controllers';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "import { routes } from '../routes';", 'no-restricted-imports'],
  // The reach the old regex missed: utils/errors imports @strapi/utils.
  ['server/src/sync/probe.ts', "import { parseOrThrow } from '../utils/errors';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "import { catalogQuery } from '../validation/catalog';", 'no-restricted-imports'],
  ['server/src/sync/probe.ts', "export const load = () => require('../services/sync');", 'no-restricted-syntax'],
  ['server/src/sync/probe.ts', "export const load = () => import('@strapi/utils');", 'no-restricted-syntax'],
  ['server/src/sync/probe.ts', "export const log = () => strapi.log.info('x');", 'no-restricted-globals'],
  ['server/src/sync/probe.ts', 'export const app = () => globalThis.strapi;', 'no-restricted-properties'],
  ['server/src/bigcommerce/probe.ts', "import { errors } from '@strapi/utils';", 'no-restricted-imports'],
  ['server/src/bigcommerce/probe.ts', "import { runCatalogSync } from '../sync/engine';", 'no-restricted-imports'],
  ['server/src/bigcommerce/probe.ts', "import { getService } from '../utils/get-service';", 'no-restricted-imports'],
  ['server/src/bigcommerce/probe.ts', "export const log = () => strapi.log.info('x');", 'no-restricted-globals'],
  // A pure util stays pure, so the rooms cannot reach Strapi through it.
  ['server/src/utils/json-depth.ts', "import { errors } from '@strapi/utils';", 'no-restricted-imports'],
  ['server/src/utils/site-defaults.ts', "import { parseOrThrow } from './errors';", 'no-restricted-imports'],
  ['server/src/utils/site-defaults.ts', "import { settings } from '../services/settings';", 'no-restricted-imports'],
  ['server/src/validation/webhooks.ts', "import { errors } from '@strapi/utils';", 'no-restricted-imports'],
  ['admin/src/hooks/probe.ts', "import { isCronRule } from '../../../server/src/utils/cron-rule';", 'no-restricted-imports'],
];

const allowed: Array<[string, string]> = [
  [
    'server/src/sync/probe.ts',
    [
      "import { z } from 'zod';",
      "import { silentLogger } from '../bigcommerce';",
      "import { SITE_ROUTE_TYPES } from '../bigcommerce/sites';",
      "import { PLUGIN_ID } from '../utils/plugin-id';",
      "import schema from '../content-types/product/schema.json';",
      "import { hashRecord } from './hash';",
      'export const all = [z, silentLogger, SITE_ROUTE_TYPES, PLUGIN_ID, schema, hashRecord];',
    ].join('\n'),
  ],
  // shared/ (imports only shared/) and the webhook payload's zod schema are pure too.
  [
    'server/src/sync/probe.ts',
    "import type { SyncKind } from '../../../shared/sync';\nimport type { WebhookPayload } from '../validation/webhooks';\nexport type All = [SyncKind, WebhookPayload];",
  ],
  ['server/src/bigcommerce/probe.ts', "import axios from 'axios';\nimport { PLUGIN_ID } from '../utils/plugin-id';\nexport const all = [axios, PLUGIN_ID];"],
  [
    'server/src/utils/site-defaults.ts',
    "import { SITE_ROUTE_TYPES } from '../bigcommerce/sites';\nimport { PLUGIN_ID } from './plugin-id';\nexport const all = [SITE_ROUTE_TYPES, PLUGIN_ID];",
  ],
  // The adapters are where Strapi belongs.
  [
    'server/src/services/probe.ts',
    "import { errors } from '@strapi/utils';\nimport { parseOrThrow } from '../utils/errors';\nexport const all = [errors, parseOrThrow];",
  ],
  ['admin/src/hooks/probe.ts', "import { PLUGIN_ID } from '../pluginId';\nexport const all = [PLUGIN_ID];"],
];

describe('the rooms, as ESLint enforces them', () => {
  let result: ReturnType<typeof lint>;
  beforeAll(() => {
    result = lint(
      [...forbidden.map(([file, code]) => ({ file, code })), ...allowed.map(([file, code]) => ({ file, code }))],
      ['server/src/bigcommerce', 'server/src/sync', 'server/src/utils']
    );
  });

  it.each(forbidden.map(([file, code, rule], index) => [index, file, code, rule] as const))('#%i %s rejects %s', (index, _file, _code, rule) => {
    expect(result.probes[index].rules).toContain(rule);
  });

  it.each(allowed.map(([file, code], index) => [forbidden.length + index, file, code.split('\n').filter((line) => line.startsWith('import')).length] as const))(
    '#%i %s accepts its %i imports',
    (index) => {
      expect(result.probes[index].rules).toEqual([]);
    }
  );

  it('finds nothing in the client, the engine and the utils today', () => {
    expect(result.files.filter((f) => f.rules.length > 0)).toEqual([]);
    expect(result.files.length).toBeGreaterThan(30);
  });
});
