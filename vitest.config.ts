import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Two files at a time: vitest's default on two cores is one (cores - 1), which leaves a core idle.
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**'], maxWorkers: 2 },
      },
      {
        extends: true,
        // Two browsers at a time, one per core; the timeouts below allow for the busier machine.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          setupFiles: ['test/e2e/failure-report.ts'],
          maxWorkers: 2,
          testTimeout: 60_000,
          // A busy CI machine renders slowly; give the page time before a check fails.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
