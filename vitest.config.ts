import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// This run's own temporary folder (see test/support/run-folder.ts), readable by the postgres user an embedded
// Postgres runs as. Set before any test process starts, so each inherits it as TMPDIR.
if (!process.env.GRANTDESK_TEST_RUN_FOLDER) {
  const folder = mkdtempSync(join(tmpdir(), 'grantdesk-test-run-'));
  chmodSync(folder, 0o755);
  process.env.GRANTDESK_TEST_RUN_FOLDER = folder;
  process.env.TMPDIR = folder;
}

const runFolder = 'test/support/run-folder.ts';
/** Every project but `unit` needs Postgres (and Redis where it answers): they share the one global setup. */
const services = {
  globalSetup: [runFolder, 'test/support/global-setup.ts'],
  setupFiles: ['test/support/print-app-logs-on-failure.ts'],
};

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites are isolated by database and queue prefix, so files run in parallel; two cores, so two at once (three
    // measured no faster: 230 s against 235 s).
    maxWorkers: 2,
    pool: 'forks',
    // Test files share a worker's loaded modules (each file still gets its own database and queue prefix): loading
    // the app once per worker rather than once per file takes about 40 s off the suite.
    isolate: false,
    // A ceiling that turns a condition that never comes into a failure, not a bound on how fast the app must be.
    expect: { poll: { timeout: 25_000 } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], globalSetup: [runFolder] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...services } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...services } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], ...services } },
    ],
    // CI asks for a machine-readable summary as well (.ci/run prints "N passed, N failed" from it).
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
  },
});
