import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure functions, beside the code) and `integration` (*.int.test.ts: the real
 * HTTP app in-process on a fresh database per file — PGlite by default, PostgreSQL with DATABASE_URL).
 */
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['packages/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // A safety net, not a speed target: rendering a PDF with a CJK font takes seconds on a busy 2-core box.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['apps/server/src/**/*.int.test.ts', 'apps/server/test/**/*.int.test.ts'],
          globalSetup: ['apps/server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite runs inside the test worker: two workers fill this 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
