import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The tests that share one PostgreSQL database (and start real workers on Redis) run one file
 * at a time, so they do not race on the same rows; each file still gets its own Redis prefix.
 * Each such project runs in its own `sequence.groupOrder`, after the one before has finished,
 * so two of them never run side by side either.
 */
const serial = (name: string, include: string[], groupOrder: number, database: boolean): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include,
    fileParallelism: false,
    sequence: { groupOrder },
    // Creates, migrates and seeds the test database once per run (see tests/global-setup.ts).
    globalSetup: database ? ['tests/global-setup.ts'] : [],
  },
});

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Pure tests: no database, no Redis, no child processes, so their files run in parallel,
      // one worker per core (vitest's default leaves one core free: no parallelism on two).
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], maxWorkers: '100%', sequence: { groupOrder: 0 } } },
      // The command-line scripts, run as child processes (tsx); no database.
      serial('cli', ['tests/cli/**/*.test.ts'], 1, false),
      serial('integration', ['tests/integration/**/*.test.ts', 'tests/fakes/**/*.test.ts'], 2, true),
      serial('e2e', ['tests/e2e/**/*.test.ts'], 3, true),
      serial('browser', ['tests/browser/**/*.test.ts'], 4, true),
    ],
  },
});
