/**
 * Where tests keep their data: a database of their own (never the demo database) and a
 * Redis key prefix per test file, so test runs never see each other's queues.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/guiyan_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Which Redis the tests run on: `single` (TEST_REDIS_URL), `cluster` (TEST_REDIS_CLUSTER_NODES,
 * the local cluster scripts/redis-topology.sh starts) or `sentinel` (TEST_REDIS_SENTINELS). The
 * vitest project `cluster` runs the delivery and fault tests a second time with `cluster`.
 */
export const TEST_REDIS_TOPOLOGY = (process.env.TEST_REDIS_TOPOLOGY ?? 'single') as 'single' | 'cluster' | 'sentinel';
export const TEST_REDIS_CLUSTER_NODES =
  process.env.TEST_REDIS_CLUSTER_NODES ?? '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103,127.0.0.1:7104,127.0.0.1:7105,127.0.0.1:7106';
export const TEST_REDIS_SENTINELS = process.env.TEST_REDIS_SENTINELS ?? '127.0.0.1:7121,127.0.0.1:7122,127.0.0.1:7123';
export const TEST_REDIS_SENTINEL_NAME = process.env.TEST_REDIS_SENTINEL_NAME ?? 'guiyan';

/** The settings that point the service at the tests' Redis, whichever topology was chosen. */
export function testRedisEnv(topology = TEST_REDIS_TOPOLOGY): Record<string, string> {
  if (topology === 'cluster') return { REDIS_CLUSTER_NODES: TEST_REDIS_CLUSTER_NODES };
  if (topology === 'sentinel') return { REDIS_SENTINELS: TEST_REDIS_SENTINELS, REDIS_SENTINEL_NAME: TEST_REDIS_SENTINEL_NAME };
  return { REDIS_URL: TEST_REDIS_URL };
}
