import { defineConfig } from 'vitest/config';

// Tests run against real components (ptys, the OS keychain, SQLite files, loopback HTTP): give them
// room, and keep to two workers on this two-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
