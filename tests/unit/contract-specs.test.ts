import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SUITE = 'tests/contract/openapi-helper.test.ts';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { message: string }[];
}

/** Runs one contract suite in its own jest, as CI or a developer would, with no specs where it looks. */
const runWithoutSpecs = (ci: string | undefined): Report => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-no-specs-'));
  try {
    const outputFile = path.join(dir, 'report.json');
    const env: NodeJS.ProcessEnv = { ...process.env, BIGCOMMERCE_SPECS_DIR: path.join(dir, 'specs') };
    delete env.CI;
    if (ci !== undefined) env.CI = ci;
    spawnSync(process.execPath, [require.resolve('jest/bin/jest'), SUITE, '--selectProjects', 'contract', '--json', '--outputFile', outputFile], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    return JSON.parse(fs.readFileSync(outputFile, 'utf8')) as Report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

describe('contract suites without the BigCommerce specs', () => {
  it('are skipped outside CI', () => {
    const report = runWithoutSpecs(undefined);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPendingTests).toBeGreaterThan(0);
  });

  it('fail on CI (CI=true), saying where the specs are expected', () => {
    const report = runWithoutSpecs('true');
    expect(report.numFailedTests).toBeGreaterThan(0);
    expect(report.numPassedTests + report.numPendingTests).toBe(0);
    expect(report.testResults[0].message).toMatch(/specs not found at .*bc-no-specs-.*specs[/\\]reference.*shared\/reference\/bigcommerce\/specs/);
  });

  it('are skipped when CI=false', () => {
    expect(runWithoutSpecs('false').numFailedTests).toBe(0);
  });
});
