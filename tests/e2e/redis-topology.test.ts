import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SENTINEL_NAME,
  SENTINEL_WAIT_MS,
  clusterNodes,
  killNode,
  masterPortForKey,
  nodeRole,
  redisServerOnPath,
  restartNode,
  sentinelFailover,
  sentinelMasterPort,
  sentinelNodes,
  startTopology,
  waitClusterOk,
  waitSentinelOk,
  withNode,
} from '../helpers/redis-topology.js';

/**
 * The local Redis Cluster and Sentinel setups (scripts/redis-topology.sh) do what the cluster and
 * sentinel tests rely on: keys spread over masters, a killed master is replaced by its replica and
 * comes back as a replica, a sentinel failover moves writes to the new master. Both setups are left
 * running and healthy for the tests after this one (failed over, which is fine).
 */
const available = redisServerOnPath();
if (!available) console.warn('redis-topology.test.ts skipped: redis-server is not on PATH');

describe.skipIf(!available)(`Redis topologies for tests${available ? '' : ' (skipped: redis-server is not on PATH)'}`, () => {
  const clients: (Redis | Cluster)[] = [];

  beforeAll(() => {
    // Returns at once when both are up and healthy; else (re)creates them (about 5 s).
    startTopology('all');
  });

  afterAll(() => {
    for (const c of clients) c.disconnect();
  });

  it('cluster: a killed master is replaced by its replica, keeps its acknowledged writes and rejoins as a replica', { timeout: 45_000 }, async () => {
    await waitClusterOk(10_000, { replicas: true });
    // These hash tags fall in the three slot ranges redis-cli gives the three masters
    // ({b} 3300, {c} 7365, {a} 15495), so they land on three different masters.
    const keys = ['guiyan:topology:{b}', 'guiyan:topology:{c}', 'guiyan:topology:{a}'];
    const masters = await Promise.all(keys.map((k) => masterPortForKey(k)));
    expect(new Set(masters).size).toBe(3);

    const cluster = new Cluster(clusterNodes(), { redisOptions: { connectTimeout: 1000 } });
    cluster.on('error', () => undefined);
    clients.push(cluster);
    for (const k of keys) await cluster.set(k, `before:${k}`);
    for (const [i, k] of keys.entries()) expect(await withNode(masters[i]!, (r) => r.get(k))).toBe(`before:${k}`);

    // The write to the doomed master is acknowledged by its replica before the crash (WAIT), so
    // the promoted replica must have it.
    const key = keys[0]!;
    const victim = masters[0]!;
    await withNode(victim, async (r) => {
      await r.set(key, 'acknowledged');
      expect(await r.wait(1, 2000)).toBe(1);
    });

    const killedAt = Date.now();
    await killNode(victim);
    await waitClusterOk(15_000);
    const successor = await masterPortForKey(key);
    expect(successor).not.toBe(victim);
    console.info(`cluster: master ${victim} killed, ${successor} serves its slots after ${Date.now() - killedAt} ms`);

    // The client that knew the old master finds the new one.
    expect(await cluster.get(key)).toBe('acknowledged');
    await cluster.set(key, 'after failover');
    expect(await withNode(successor, (r) => r.get(key))).toBe('after failover');
    for (const k of keys.slice(1)) expect(await cluster.get(k)).toBe(`before:${k}`);

    const restartedAt = Date.now();
    await restartNode(victim);
    await waitClusterOk(15_000, { replicas: true });
    expect(await nodeRole(victim)).toBe('slave');
    expect(await withNode(victim, async (r) => (await r.info('replication')).match(/master_port:(\d+)/)?.[1])).toBe(String(successor));
    console.info(`cluster: ${victim} back as a replica of ${successor} after ${Date.now() - restartedAt} ms`);
  });

  it('sentinel: after SENTINEL FAILOVER a Sentinel client writes to the new master', { timeout: 4 * SENTINEL_WAIT_MS }, async () => {
    const key = 'guiyan:topology:sentinel';
    const before = await waitSentinelOk();
    const client = new Redis({ sentinels: sentinelNodes(), name: SENTINEL_NAME, connectTimeout: 1000 });
    // Reconnects on the sentinels' +switch-master instead of when the old master is demoted.
    const following = new Redis({ sentinels: sentinelNodes(), name: SENTINEL_NAME, connectTimeout: 1000, failoverDetector: true });
    for (const c of [client, following]) {
      c.on('error', () => undefined);
      clients.push(c);
    }
    await client.set(key, 'before');
    expect(await withNode(before, (r) => r.get(key))).toBe('before');

    const startedAt = Date.now();
    const after = await sentinelFailover();
    expect(after).not.toBe(before);
    expect(await sentinelMasterPort()).toBe(after);
    console.info(`sentinel: failover ${before} → ${after} in ${Date.now() - startedAt} ms`);
    await following.set(`${key}:following`, 'at once');
    expect(await withNode(after, (r) => r.get(`${key}:following`))).toBe('at once');

    // SENTINEL FAILOVER leaves the old master a master until the sentinels demote it (they give
    // it 8 s, then look at it on their next INFO; about 10 s in all): until then a client without
    // failoverDetector keeps writing there, and those writes are lost. Once it is demoted (its
    // clients are disconnected) the client follows, and the setup is whole again.
    expect(await waitSentinelOk()).toBe(after);
    expect(await nodeRole(before)).toBe('slave');
    console.info(`sentinel: ${before} demoted to a replica of ${after} ${Date.now() - startedAt} ms after the failover`);
    await client.set(key, 'after');
    expect(await withNode(after, (r) => r.get(key))).toBe('after');
  });
});
