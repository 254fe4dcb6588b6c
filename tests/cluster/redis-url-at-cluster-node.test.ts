import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { diagnoseRedis } from '../../src/redis.js';
import { clusterNodes } from '../helpers/redis-topology.js';

/**
 * Review of issue #12 (review12). The issue's own first observation: REDIS_URL set to one node of
 * a Redis Cluster. At a node without the queues' slot every queue command fails with MOVED; at
 * the node with it the service runs, and cannot follow that master's failover. Nothing names
 * REDIS_CLUSTER_NODES: diagnoseRedis answers null (a PING works), and it only runs on connection
 * errors anyway (scripts/review/url-at-cluster-node.ts shows the log: only "MOVED 12487 …").
 */
describe('REDIS_URL at a node of a Redis Cluster', () => {
  it('is diagnosed, naming REDIS_CLUSTER_NODES', async () => {
    for (const node of clusterNodes().slice(0, 3)) {
      const hint = await diagnoseRedis(loadConfig({ REDIS_URL: `redis://${node.host}:${node.port}` }));
      expect(hint ?? 'null (no hint)').toMatch(/REDIS_CLUSTER_NODES/);
    }
  });
});
