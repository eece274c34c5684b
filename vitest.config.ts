import { defineConfig } from 'vitest/config';

// One project per kind of test (README, "Tests and CI": where a new test goes). `npm test` runs them all;
// `npm run test:unit` runs the fast ones alone.
const realThings = {
  // A migrated template database each test file copies, and the browser for test/browser.
  globalSetup: ['test/helpers/global-setup.ts'],
  // Every file opens its own database and its own central system on port 0.
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    // Bounds for a full run on a loaded 2-core machine; a test waits for conditions, so only a broken one pays.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    projects: [
      // Pure rules and single modules: no database, no socket, milliseconds each.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // One entry point at a time (ocpp/<action>, api/<resource>, services/<area>, jobs/<job>) on real sockets and a real database.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...realThings } },
      // The central system as a real process: restarts, kills, its console.
      { extends: true, test: { name: 'process', include: ['test/process/**/*.test.ts'], ...realThings } },
      // Several nodes as real processes on PostgreSQL and a throwaway nats-server (issue 15).
      { extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], ...realThings } },
      // The dashboard in a real browser.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], ...realThings } },
    ],
  },
});
