/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': tsJest },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/tests/app/'],
};

module.exports = {
  projects: [
    // Some unit tests run a sync of 10,000 in-memory products: a busy machine must not time them out.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'] },
    { ...common, displayName: 'client', testMatch: ['<rootDir>/tests/client/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'] },
    {
      ...common,
      displayName: 'contract',
      testMatch: ['<rootDir>/tests/contract/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'],
    },
    // Issue #9: property-based bad inputs against every public route and operation (`npm run test:fuzz`, run by CI).
    { ...common, displayName: 'fuzz', testMatch: ['<rootDir>/tests/fuzz/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'] },
    // Issue #10: syncs against odd data, changes mid-run and fault mixes, checked by an oracle (`npm run test:reliability`).
    {
      ...common,
      displayName: 'reliability',
      testMatch: ['<rootDir>/tests/reliability/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'],
    },
    // Headless Chromium (Debian's chromium, or CHROMIUM_PATH) against the demo stack: admin panels end to end.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'] },
    // Issue #11: the packed plugin in fresh create-strapi apps, installed with plain npm (`npm run test:install`, run by CI).
    { ...common, displayName: 'install', testMatch: ['<rootDir>/tests/install/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-timeout.ts'] },
  ],
};
