import { defineConfig } from 'vitest/config';

/** Every project but `unit` needs Postgres (and Redis where it answers): they share the one global setup. */
const services = { globalSetup: ['test/support/global-setup.ts'] };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites are isolated by database and queue prefix, so files run in parallel; two cores, so two at once.
    maxWorkers: 2,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
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
