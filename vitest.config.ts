import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Every file opens its own database and its own central system on port 0.
    pool: 'forks',
    // Bounds for a full run on a loaded 2-core machine; a test waits for conditions, so only a broken one pays.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
