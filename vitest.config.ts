import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites are isolated by database and queue prefix, so files run in parallel; two cores, so two at once.
    maxWorkers: 2,
    pool: 'forks',
    // CI asks for a machine-readable summary as well (.ci/run prints "N passed, N failed" from it).
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
  },
});
