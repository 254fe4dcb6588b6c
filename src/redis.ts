import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config, RedisNode } from './config.js';

/**
 * One Redis node, a Redis Cluster, or a master found through Sentinel: every part of guiyan
 * (BullMQ, pacing, sessions, chat memory, rate limits, the queue board) takes whichever of the
 * three the configuration names. Why the keys work on a cluster: docs/redis.md.
 */
export type RedisClient = Redis | Cluster;

/**
 * `commands`: requests and queue producers, which must fail fast (REDIS_COMMAND_TIMEOUT_MS) when
 * Redis is away so a request answers 503. `workers`: BullMQ workers, which BullMQ requires to wait
 * without a retry limit (maxRetriesPerRequest: null).
 */
export type RedisRole = 'commands' | 'workers';

type RedisSettings = Pick<
  Config,
  | 'REDIS_URL'
  | 'REDIS_CLUSTER_NODES'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_NAME'
  | 'REDIS_USERNAME'
  | 'REDIS_PASSWORD'
  | 'REDIS_SENTINEL_PASSWORD'
  | 'REDIS_TLS'
  | 'REDIS_COMMAND_TIMEOUT_MS'
>;

/** The Redis URL without its password, for logs. */
export function redactedRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}

const nodeList = (nodes: RedisNode[]) => nodes.map((n) => (n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`)).join(',');

/** Which setting names the Redis in use, with its value and never a password: for logs and errors. */
export function describeRedis(config: RedisSettings): string {
  if (config.REDIS_CLUSTER_NODES) return `REDIS_CLUSTER_NODES=${nodeList(config.REDIS_CLUSTER_NODES)}`;
  if (config.REDIS_SENTINELS) return `REDIS_SENTINELS=${nodeList(config.REDIS_SENTINELS)} (REDIS_SENTINEL_NAME=${config.REDIS_SENTINEL_NAME ?? ''})`;
  return `REDIS_URL=${redactedRedisUrl(config.REDIS_URL)}`;
}

export const redisMode = (config: RedisSettings): 'cluster' | 'sentinel' | 'single' =>
  config.REDIS_CLUSTER_NODES ? 'cluster' : config.REDIS_SENTINELS ? 'sentinel' : 'single';

export function isCluster(client: RedisClient): client is Cluster {
  return (client as Cluster).isCluster === true;
}

export function createRedis(config: RedisSettings, role: RedisRole): RedisClient {
  const perRole: RedisOptions =
    role === 'commands' ? { maxRetriesPerRequest: 1, commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS } : { maxRetriesPerRequest: null };
  const auth: RedisOptions = {
    ...(config.REDIS_USERNAME ? { username: config.REDIS_USERNAME } : {}),
    ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
    ...(config.REDIS_TLS ? { tls: {} } : {}),
  };
  if (config.REDIS_CLUSTER_NODES) {
    const options: ClusterOptions = {
      redisOptions: { ...auth, ...perRole, connectTimeout: 5000 },
      // Writes and reads both go to masters: a replica may lag behind a job's state.
      scaleReads: 'master',
      // Managed clusters (Aliyun Tair, ElastiCache) name nodes by host names that TLS
      // certificates are checked against; resolving them here would break that check.
      dnsLookup: (address, callback) => callback(null, address),
      slotsRefreshTimeout: 2000,
      slotsRefreshInterval: 5000,
      // While a master fails over (cluster-node-timeout plus the election), commands for its
      // slots are retried after these pauses instead of failing at once.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 300,
      retryDelayOnTryAgain: 200,
      maxRedirections: 32,
      clusterRetryStrategy: (times) => Math.min(200 * times, 2000),
    };
    return new Cluster(config.REDIS_CLUSTER_NODES, options);
  }
  if (config.REDIS_SENTINELS) {
    return new Redis({
      ...auth,
      ...perRole,
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME,
      ...(config.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: config.REDIS_SENTINEL_PASSWORD } : {}),
      ...(config.REDIS_TLS ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      // After a failover the old master, if it comes back, is a replica: a write to it fails
      // with READONLY; reconnecting asks the Sentinels for the new master, and the command is sent again there.
      reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
      // Ask the Sentinels again soon, not after ioredis' default back-off.
      sentinelRetryStrategy: (times) => Math.min(200 * times, 2000),
      failoverDetector: true,
    });
  }
  return new Redis(config.REDIS_URL, perRole);
}

/** Every key that matches `pattern` (SCAN, never KEYS), from every master of a cluster. */
export async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  // A cluster client knows its masters only once it is ready: before that it would scan none.
  if (isCluster(client) && client.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('end', () => reject(new Error('the cluster connection ended before it was ready')));
    });
  }
  const nodes: Redis[] = isCluster(client) ? client.nodes('master') : [client];
  const found: string[] = [];
  for (const node of nodes) {
    for await (const keys of node.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>) found.push(...keys);
  }
  return [...new Set(found)];
}

/** Deletes every key that matches `pattern` (SCAN, never KEYS), on every master of a cluster. */
export async function deleteMatching(client: RedisClient, pattern: string): Promise<number> {
  let deleted = 0;
  // One DEL per key: on a cluster, keys of one SCAN page may sit in different slots.
  for (const key of await keysMatching(client, pattern)) deleted += await client.del(key);
  return deleted;
}

/**
 * Why Redis is not answering, in words an operator can act on, naming the setting to fix; null
 * when no more can be told. Asked once when a connection first fails: ioredis itself only says
 * "Failed to refresh slots cache" or "All sentinels are unreachable".
 */
export async function diagnoseRedis(config: RedisSettings): Promise<string | null> {
  const probe = async <T>(node: RedisNode, run: (r: Redis) => Promise<T>, sentinel = false, url?: URL): Promise<{ ok: T } | { err: string }> => {
    const r = new Redis({
      // A single node's credentials and TLS come from REDIS_URL.
      ...(url ? { username: decodeURIComponent(url.username) || undefined, password: decodeURIComponent(url.password) || undefined, ...(url.protocol === 'rediss:' ? { tls: {} } : {}) } : {}),
      host: node.host,
      port: node.port,
      lazyConnect: true,
      connectTimeout: 2000,
      commandTimeout: 3000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      ...(sentinel
        ? { ...(config.REDIS_SENTINEL_PASSWORD ? { password: config.REDIS_SENTINEL_PASSWORD } : {}), ...(config.REDIS_TLS ? { tls: {} } : {}) }
        : url
          ? {}
          : {
            ...(config.REDIS_USERNAME ? { username: config.REDIS_USERNAME } : {}),
            ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
            ...(config.REDIS_TLS ? { tls: {} } : {}),
          }),
    });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return { ok: await run(r) };
    } catch (err) {
      return { err: (err as Error).message };
    } finally {
      r.disconnect();
    }
  };
  const authHint = (err: string, variable: string) =>
    /NOAUTH|WRONGPASS|invalid password|invalid username/i.test(err) ? `${variable} is missing or wrong (${err})` : null;

  if (config.REDIS_CLUSTER_NODES) {
    const seen: string[] = [];
    for (const node of config.REDIS_CLUSTER_NODES) {
      const r = await probe(node, (c) => c.call('CLUSTER', 'INFO') as Promise<string>);
      const where = `${node.host}:${node.port}`;
      if ('ok' in r) {
        const state = /cluster_state:(\w+)/.exec(r.ok)?.[1];
        if (state && state !== 'ok') return `REDIS_CLUSTER_NODES: ${where} reports cluster_state:${state} (slots not all served); the cluster itself needs repair`;
        return null;
      }
      if (/cluster support disabled/i.test(r.err)) return `REDIS_CLUSTER_NODES: ${where} is a Redis without cluster mode; for a single node set REDIS_URL=redis://${where} and unset REDIS_CLUSTER_NODES`;
      const auth = authHint(r.err, 'REDIS_PASSWORD');
      if (auth) return auth;
      seen.push(`${where}: ${r.err}`);
    }
    return `REDIS_CLUSTER_NODES: no seed node answers (${seen.join('; ')}); check the addresses, the firewall${config.REDIS_TLS ? '' : ', and REDIS_TLS if the cluster wants TLS'}`;
  }
  if (config.REDIS_SENTINELS) {
    const seen: string[] = [];
    for (const node of config.REDIS_SENTINELS) {
      const r = await probe(node, (c) => c.call('SENTINEL', 'get-master-addr-by-name', config.REDIS_SENTINEL_NAME ?? '') as Promise<string[] | null>, true);
      const where = `${node.host}:${node.port}`;
      if ('ok' in r) {
        if (!r.ok) return `REDIS_SENTINEL_NAME: the Sentinel at ${where} monitors no master named "${config.REDIS_SENTINEL_NAME}"`;
        const [host, port] = r.ok;
        const m = await probe({ host: host!, port: Number(port) }, (c) => c.ping());
        if ('err' in m) return authHint(m.err, 'REDIS_PASSWORD') ?? `the master the Sentinels name (${host}:${port}) does not answer: ${m.err}`;
        return null;
      }
      if (/unknown command|unknown subcommand/i.test(r.err)) return `REDIS_SENTINELS: ${where} is not a Sentinel (it is a Redis server); list the Sentinels' addresses, usually port 26379`;
      const auth = authHint(r.err, 'REDIS_SENTINEL_PASSWORD');
      if (auth) return auth;
      seen.push(`${where}: ${r.err}`);
    }
    return `REDIS_SENTINELS: no Sentinel answers (${seen.join('; ')}); check the addresses and the firewall`;
  }
  const url = new URL(config.REDIS_URL);
  const where = `${url.hostname}:${url.port || 6379}`;
  const r = await probe({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) }, (c) => c.info('cluster'), false, url);
  if ('err' in r) return authHint(r.err, 'REDIS_URL (its password)') ?? null;
  // One node of a cluster: commands for other slots fail with MOVED, and a failover is not followed.
  if (/cluster_enabled:1/.test(r.ok)) return `REDIS_URL: ${where} is one node of a Redis Cluster; set REDIS_CLUSTER_NODES=${where},… (seed nodes) instead of REDIS_URL`;
  return null;
}
