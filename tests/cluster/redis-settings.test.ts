import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRedis, diagnoseRedis } from '../../src/redis.js';
import { freePort } from '../helpers/delivery.js';
import { TEST_REDIS_CLUSTER_NODES, TEST_REDIS_SENTINELS, TEST_REDIS_SENTINEL_NAME, TEST_REDIS_URL } from '../helpers/env.js';

/**
 * Wrong Redis settings are named in words an operator can act on (issue #12): ioredis alone says
 * "Failed to refresh slots cache" whatever the cause. Right settings give no hint, and the one
 * client factory talks to each topology.
 */
describe('Redis settings, diagnosed', () => {
  const single = new URL(TEST_REDIS_URL);
  const singleNode = `${single.hostname}:${single.port || 6379}`;

  it('names the setting to fix for each kind of mistake', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    expect(await diagnoseRedis(loadConfig({ REDIS_CLUSTER_NODES: singleNode }))).toBe(
      `REDIS_CLUSTER_NODES: ${singleNode} is a Redis without cluster mode; for a single node set REDIS_URL=redis://${singleNode} and unset REDIS_CLUSTER_NODES`,
    );
    expect(await diagnoseRedis(loadConfig({ REDIS_CLUSTER_NODES: dead }))).toMatch(/^REDIS_CLUSTER_NODES: no seed node answers/);
    expect(await diagnoseRedis(loadConfig({ REDIS_SENTINELS: TEST_REDIS_SENTINELS, REDIS_SENTINEL_NAME: 'no-such-master' }))).toMatch(
      /^REDIS_SENTINEL_NAME: the Sentinel at .* monitors no master named "no-such-master"$/,
    );
    expect(await diagnoseRedis(loadConfig({ REDIS_SENTINELS: singleNode, REDIS_SENTINEL_NAME: 'guiyan' }))).toMatch(/^REDIS_SENTINELS: .* is not a Sentinel/);
    expect(await diagnoseRedis(loadConfig({ REDIS_SENTINELS: dead, REDIS_SENTINEL_NAME: 'guiyan' }))).toMatch(/^REDIS_SENTINELS: no Sentinel answers/);
  });

  it('has nothing to say about right settings, and reaches each topology through one factory', async () => {
    const configs = [
      loadConfig({ REDIS_URL: TEST_REDIS_URL }),
      loadConfig({ REDIS_CLUSTER_NODES: TEST_REDIS_CLUSTER_NODES }),
      loadConfig({ REDIS_SENTINELS: TEST_REDIS_SENTINELS, REDIS_SENTINEL_NAME: TEST_REDIS_SENTINEL_NAME }),
    ];
    for (const config of configs) {
      expect(await diagnoseRedis(config)).toBeNull();
      const client = createRedis(config, 'commands');
      try {
        const key = `{guiyan-settings-test}:k`;
        await client.set(key, 'v', 'EX', 10);
        // A multi-key script on one hash tag runs on a cluster too.
        expect(await client.eval(`return redis.call('GET', KEYS[1]) .. (redis.call('GET', KEYS[2]) or '-')`, 2, key, `{guiyan-settings-test}:none`)).toBe('v-');
      } finally {
        client.disconnect();
      }
    }
  });
});
