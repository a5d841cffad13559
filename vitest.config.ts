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
  },
});
