// ESLint flat config: typescript-eslint's recommended rules, plus the house's three rooms as import rules.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Utils that import nothing from Strapi or koa (directly or through another module), so the framework-free
// rooms may use them. A util joins this list only if it passes the same rules (they apply to it below).
const PURE_UTILS = ['card-data', 'document-id', 'json-depth', 'plugin-id', 'site-defaults'];
// shared/ (the contracts server and admin both import) is pure by its own test: it imports only shared/.
const SHARED = '\\.\\./\\.\\./shared/[\\w-]+';
// The webhook payload's schema (zod only): the webhook pipeline in sync/ reads its type.
const PURE_VALIDATION = ['webhooks', 'ids'];
const pureValidation = `validation/(${PURE_VALIDATION.join('|')})`;
const pureUtil = `(${PURE_UTILS.join('|')})`;

// Frameworks a framework-free module may not import, even for types: the type would tie it to Strapi's version.
const FRAMEWORK = [
  {
    regex: '^@strapi/',
    message: 'Framework-free code: no @strapi/* (types included). Map to Strapi errors in the adapters.',
  },
  {
    regex: '^(koa|@koa/)',
    message: 'Framework-free code: no koa. Take plain values from the adapter instead.',
  },
];

/**
 * The framework-free set is closed: each of its files imports only npm packages that are not Strapi or koa,
 * and other files of the set. So nothing in it reaches Strapi transitively (through a util, say), which a
 * deny-list of `../services` and the like could not promise.
 */
const framework_free = (outside, message) => ({
  'no-restricted-imports': ['error', { patterns: [...FRAMEWORK, { regex: outside, message }] }],
  // Dynamic loading would step around the import rules.
  'no-restricted-syntax': [
    'error',
    {
      selector: 'ImportExpression',
      message: 'Framework-free code: static imports only, so the room rules can see them.',
    },
    {
      selector: "CallExpression[callee.name='require']",
      message: 'Framework-free code: static imports only, so the room rules can see them.',
    },
  ],
  'no-restricted-globals': [
    'error',
    {
      name: 'strapi',
      message: 'Framework-free code: take what you need as a parameter (a port), not the global strapi.',
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'globalThis', property: 'strapi', message: 'Framework-free code: no global strapi.' },
    { object: 'global', property: 'strapi', message: 'Framework-free code: no global strapi.' },
  ],
});

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.ci/results/**', 'tests/app/**', 'tests/output/**'],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // `_`-prefixed names are the house's way to say "unused on purpose" (a port's parameter, a skipped tuple slot).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // A `let` given a safe value before a try that reassigns it is deliberate: the value stays defined on every path.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },

  // Room 1: the BigCommerce client. It may use the pure utils, nothing else of the plugin (not even the engine).
  {
    files: ['server/src/bigcommerce/**/*.ts'],
    rules: framework_free(
      `^\\.\\./(?!(utils/${pureUtil}|${SHARED})$)`,
      `The BigCommerce client is framework-free: outside bigcommerce/ it may import only the pure utils (${PURE_UTILS.join(', ')}).`
    ),
  },
  // Room 2: the sync engine. It may use the client, the pure utils and the content types' schema.json (data).
  {
    files: ['server/src/sync/**/*.ts'],
    rules: framework_free(
      `^\\.\\./(?!(bigcommerce(/[\\w-]+)?|utils/${pureUtil}|${pureValidation}|${SHARED}|content-types/[\\w-]+/schema\\.json)$)`,
      'The sync engine is pure: outside sync/ it may import only ../bigcommerce, the pure utils, the webhook payload schema, shared/ and content-types/*/schema.json.'
    ),
  },
  // The pure utils and validation modules keep the same rules, so the rooms' reach through them stays framework-free.
  {
    files: [...PURE_UTILS.map((name) => `server/src/utils/${name}.ts`), ...PURE_VALIDATION.map((name) => `server/src/validation/${name}.ts`)],
    rules: framework_free(
      `^\\./(?!(${pureUtil}|${PURE_VALIDATION.join('|')})$)|^\\.\\./(?!(bigcommerce(/[\\w-]+)?|${SHARED})$)`,
      `A pure util imports only other pure utils (${PURE_UTILS.join(', ')}) and ../bigcommerce: list it elsewhere or keep it pure.`
    ),
  },

  // The admin bundle does not reach into the server's sources by relative path: shared shapes belong in a
  // contract both sides import.
  {
    files: ['admin/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/',
              message: 'The admin does not import server/src by relative path: share a contract module instead.',
            },
          ],
        },
      ],
    },
  }
);
