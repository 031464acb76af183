import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: rendering tests already keep both busy.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'out/test-results.json' },
  },
});
