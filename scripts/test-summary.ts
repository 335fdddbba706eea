/**
 * Prints one closing line for every test npm test ran, from Vitest's JSON reports:
 * "tests: N passed, N failed" (unit, component and end-to-end together).
 */
import { existsSync, readFileSync } from 'node:fs';

const reports = ['artifacts/unit-results.json', 'artifacts/e2e-results.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const path of reports) {
  if (!existsSync(path)) {
    console.error(`test-summary: ${path} is missing`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
  };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
