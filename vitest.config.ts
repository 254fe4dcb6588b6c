import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The tests that share one PostgreSQL database (and start real workers on Redis) run one file
 * at a time, so they do not race on the same rows; each file still gets its own Redis prefix.
 * Each such project runs in its own `sequence.groupOrder`, after the one before has finished,
 * so two of them never run side by side either.
 */
const serial = (
  name: string,
  include: string[],
  groupOrder: number,
  database: boolean,
  extra: { env?: Record<string, string>; globalSetup?: string[] } = {},
): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include,
    fileParallelism: false,
    sequence: { groupOrder },
    // Creates, migrates and seeds the test database once per run (see tests/global-setup.ts).
    globalSetup: [...(database ? ['tests/global-setup.ts'] : []), ...(extra.globalSetup ?? [])],
    env: extra.env,
  },
});

/**
 * Run a second time on the loopback Redis Cluster (issue #12): what touches Redis in ways a
 * cluster treats differently — BullMQ's scripts and blocking reads, the pacing and guard
 * scripts over many keys, sessions, sign-in limits, chat memory — plus the tests that break the
 * cluster itself. Single-node tests that start or kill a redis-server of their own stay single.
 */
const onCluster = [
  'tests/integration/delivery.test.ts',
  'tests/integration/send-guard.test.ts',
  'tests/integration/console-security.test.ts',
  'tests/e2e/sms-alert-flow.test.ts',
  'tests/e2e/chatbot-sms.test.ts',
  'tests/e2e/chatbot-wechat.test.ts',
  'tests/e2e/reminder-flow.test.ts',
  'tests/e2e/database-restore.test.ts',
  'tests/cluster/**/*.test.ts',
];

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
      // Starts the loopback cluster and sentinels if they are not up (scripts/redis-topology.sh).
      serial('cluster', onCluster, 5, true, { env: { TEST_REDIS_TOPOLOGY: 'cluster' }, globalSetup: ['tests/redis-topology-setup.ts'] }),
    ],
  },
});
