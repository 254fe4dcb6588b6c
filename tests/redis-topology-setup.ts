import { redisServerOnPath, startTopology } from './helpers/redis-topology.js';

/**
 * Before the `cluster` project: the loopback Redis Cluster and Sentinel setups of
 * scripts/redis-topology.sh are up and healthy (a no-op when .ci/run has started them).
 */
export default function setup(): void {
  if (!redisServerOnPath()) {
    throw new Error('the cluster tests need the redis-server program on the PATH (Debian: apt-get install redis-server) to start a local Redis Cluster and Sentinel');
  }
  startTopology('all');
}
