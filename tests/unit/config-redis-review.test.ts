import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

/**
 * Review of issue #12 (review12): node lists an operator will write. Docker Compose service and
 * container names may hold underscores (`redis_node_1`, Compose v1's `proj_redis_1`), which
 * Docker's DNS resolves and ioredis connects to; the parser refuses them.
 */
describe('REDIS_CLUSTER_NODES / REDIS_SENTINELS host names', () => {
  it('accepts a host name with an underscore', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis_node_1:6379,redis_node_2:6379' }).REDIS_CLUSTER_NODES).toEqual([
      { host: 'redis_node_1', port: 6379 },
      { host: 'redis_node_2', port: 6379 },
    ]);
  });
});
