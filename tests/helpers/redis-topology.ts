import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

/**
 * The local Redis Cluster and Sentinel topologies of scripts/redis-topology.sh, for the tests that
 * run the app against them and break them: where they are (TEST_REDIS_CLUSTER_NODES,
 * TEST_REDIS_SENTINELS, TEST_REDIS_SENTINEL_NAME, as .ci/run exports them), whether they are up,
 * which master holds a key, and killing, restarting and failing over their nodes.
 *
 * Killing and restarting work on nodes of this machine started by the script (their pid files and
 * configs are in REDIS_TOPOLOGY_DIR, /tmp/guiyan-redis-topology by default).
 */

export interface NodeAddress {
  host: string;
  port: number;
}

export const SCRIPT = fileURLToPath(new URL('../../scripts/redis-topology.sh', import.meta.url));
export const TOPOLOGY_DIR = process.env.REDIS_TOPOLOGY_DIR ?? '/tmp/guiyan-redis-topology';
export const SENTINEL_NAME = process.env.TEST_REDIS_SENTINEL_NAME ?? 'guiyan';

const DEFAULT_CLUSTER = '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103,127.0.0.1:7104,127.0.0.1:7105,127.0.0.1:7106';
const DEFAULT_SENTINELS = '127.0.0.1:7121,127.0.0.1:7122,127.0.0.1:7123';
const SLOTS = 16384;

/** "host:port,host:port" (the REDIS_CLUSTER_NODES / REDIS_SENTINELS form) as addresses. */
export function parseNodes(list: string): NodeAddress[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const i = s.lastIndexOf(':');
      const port = Number(s.slice(i + 1));
      if (i <= 0 || !Number.isInteger(port)) throw new Error(`not host:port: ${s}`);
      return { host: s.slice(0, i), port };
    });
}

export function clusterNodes(): NodeAddress[] {
  return parseNodes(process.env.TEST_REDIS_CLUSTER_NODES || DEFAULT_CLUSTER);
}

export function sentinelNodes(): NodeAddress[] {
  return parseNodes(process.env.TEST_REDIS_SENTINELS || DEFAULT_SENTINELS);
}

/** redis-server is on PATH: the topologies can be started here. */
export function redisServerOnPath(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `scripts/redis-topology.sh start <which>`: returns at once when the topology is already up and
 * healthy, else (re)creates it (about 5 s for both). The ports follow the TEST_ variables.
 */
export function startTopology(which: 'cluster' | 'sentinel' | 'all' = 'all'): void {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.env.TEST_REDIS_CLUSTER_NODES) env.REDIS_TOPOLOGY_CLUSTER_PORT = String(clusterNodes()[0]!.port);
  // The script puts the sentinels 10 ports above the master they watch.
  if (process.env.TEST_REDIS_SENTINELS) env.REDIS_TOPOLOGY_SENTINEL_PORT = String(sentinelNodes()[0]!.port - 10);
  execFileSync(SCRIPT, ['start', which], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
}

// --- one node ------------------------------------------------------------------------------------

/** Runs `fn` on a fresh connection to one node (no retries, no offline queue) and closes it. */
export async function withNode<T>(port: number, fn: (r: Redis) => Promise<T>, { host = '127.0.0.1', timeoutMs = 1000 } = {}): Promise<T> {
  const r = new Redis({
    host,
    port,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined); // reported by the command that fails
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** `fn`'s result, or null when the node does not answer or the command fails. */
async function tryNode<T>(port: number, fn: (r: Redis) => Promise<T>, host = '127.0.0.1'): Promise<T | null> {
  return withNode(port, fn, { host }).catch(() => null);
}

/** The "field:value" lines of INFO or CLUSTER INFO as a map. */
function infoFields(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

/** The ports of the replicas a master reports online (INFO replication's slaveN lines). */
function onlineReplicas(replication: Map<string, string>): number[] {
  const ports: number[] = [];
  for (const [k, v] of replication) {
    if (!/^slave\d+$/.test(k) || !v.includes('state=online')) continue;
    const port = /port=(\d+)/.exec(v)?.[1];
    if (port) ports.push(Number(port));
  }
  return ports;
}

/** 'master' or 'slave' as the node reports itself, or null when it does not answer. */
export async function nodeRole(port: number, host = '127.0.0.1'): Promise<'master' | 'slave' | null> {
  const info = await tryNode(port, (r) => r.info('replication'), host);
  const role = info === null ? undefined : infoFields(info).get('role');
  return role === 'master' || role === 'slave' ? role : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with `check`'s first non-null result; `check` returns a string saying what is still wrong. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<{ ok: T } | string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let why = '';
  for (;;) {
    const r = await check();
    if (typeof r !== 'string') return r.ok;
    why = r;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (${why})`);
    await sleep(100);
  }
}

// --- availability --------------------------------------------------------------------------------

/** Resolves true as soon as one of `checks` does, false when none does within `ms`. */
async function anyWithin(ms: number, checks: Promise<boolean>[]): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    let left = checks.length;
    if (left === 0) resolve(false);
    for (const c of checks) {
      void c.then(
        (ok) => {
          if (ok) {
            clearTimeout(timer);
            resolve(true);
          } else if (--left === 0) {
            clearTimeout(timer);
            resolve(false);
          }
        },
        () => undefined,
      );
    }
  });
}

/** Some cluster node answers with cluster_state:ok (within 1 s). */
export async function clusterAvailable(): Promise<boolean> {
  return anyWithin(
    1000,
    clusterNodes().map(async ({ host, port }) => {
      const info = await tryNode(port, (r) => r.cluster('INFO') as Promise<string>, host);
      return info !== null && infoFields(info).get('cluster_state') === 'ok';
    }),
  );
}

/** Some sentinel answers with a master for SENTINEL_NAME (within 1 s). */
export async function sentinelAvailable(): Promise<boolean> {
  return anyWithin(
    1000,
    sentinelNodes().map(async ({ host, port }) => (await tryNode(port, (r) => sentinelMasterAddr(r), host)) != null),
  );
}

// --- cluster -------------------------------------------------------------------------------------

type SlotRange = [start: number, end: number, master: [host: string, port: number, ...rest: unknown[]], ...replicas: unknown[]];

/** The port of the master serving `key`'s slot, as the first answering cluster node sees it. */
export async function masterPortForKey(key: string): Promise<number> {
  for (const { host, port } of clusterNodes()) {
    const found = await tryNode(
      port,
      async (r) => {
        const slot = Number(await r.cluster('KEYSLOT', key));
        const ranges = (await r.cluster('SLOTS')) as unknown as SlotRange[];
        const range = ranges.find(([start, end]) => slot >= start && slot <= end);
        if (!range) throw new Error(`no master serves slot ${slot}`);
        return Number(range[2][1]);
      },
      host,
    );
    if (found !== null) return found;
  }
  throw new Error(`no cluster node answers (${clusterNodes().map((n) => n.port).join(', ')})`);
}

/**
 * Waits until the cluster serves every slot again: every live node reports cluster_state:ok, they
 * all map the 16384 slots to the same masters, and each of those masters answers as a master.
 * With `replicas`, every such master also has a replica online (the state scripts/redis-topology.sh
 * calls healthy, when all nodes are up), e.g. after restartNode of a failed-over master.
 */
export async function waitClusterOk(timeoutMs = 20_000, { replicas = false }: { replicas?: boolean } = {}): Promise<void> {
  await until('cluster ok', timeoutMs, async () => {
    const views = await Promise.all(
      clusterNodes().map(({ host, port }) =>
        tryNode(
          port,
          async (r) => ({
            port,
            info: infoFields((await r.cluster('INFO')) as string),
            slots: (await r.cluster('SLOTS')) as unknown as SlotRange[],
          }),
          host,
        ),
      ),
    );
    const live = views.filter((v) => v !== null);
    if (live.length === 0) return 'no node answers';
    let map: string | undefined;
    for (const v of live) {
      if (v.info.get('cluster_state') !== 'ok') return `node ${v.port}: cluster_state ${v.info.get('cluster_state')}`;
      const ranges = v.slots.map(([start, end, [, port]]) => `${start}-${end}@${port}`).sort();
      const covered = v.slots.reduce((n, [start, end]) => n + end - start + 1, 0);
      if (covered !== SLOTS) return `node ${v.port} sees ${covered} slots served`;
      const m = ranges.join(' ');
      if (map !== undefined && m !== map) return `nodes disagree on the slots' masters (${map} / ${m})`;
      map = m;
    }
    const masters = [...new Set(live[0]!.slots.map(([, , [host, port]]) => `${host}:${port}`))];
    for (const addr of masters) {
      const { host, port } = parseNodes(addr)[0]!;
      const repl = await tryNode(port, async (r) => infoFields(await r.info('replication')), host);
      if (repl?.get('role') !== 'master') return `master ${addr} ${repl === null ? 'does not answer' : `is a ${repl.get('role')}`}`;
      if (replicas && onlineReplicas(repl).length === 0) return `master ${addr} has no replica online`;
    }
    return { ok: undefined };
  });
}

// --- killing and restarting (any node of the script's topologies) -------------------------------

/** The directory the script gave the node on `port`, or null (not started by the script here). */
function nodeDir(port: number): string | null {
  for (const kind of ['cluster', 'sentinel']) {
    const dir = join(TOPOLOGY_DIR, kind, String(port));
    if (existsSync(join(dir, 'redis.conf')) || existsSync(join(dir, 'sentinel.conf'))) return dir;
  }
  return null;
}

/** Alive and not a zombie (a killed daemon's parent may be an init that does not reap). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return true; // no /proc: kill(0) is all we know
  }
}

/**
 * SIGKILLs the node on `port` (of this machine), the way a crashed machine stops: no shutdown, no
 * goodbye to its peers. The pid comes from its pid file, else from the node itself. Resolves when
 * the process is gone.
 */
export async function killNode(port: number): Promise<void> {
  const dir = nodeDir(port);
  let pid: number | null = null;
  if (dir && existsSync(join(dir, 'redis.pid'))) {
    const p = Number(readFileSync(join(dir, 'redis.pid'), 'utf8').trim());
    if (Number.isInteger(p) && p > 0 && processAlive(p)) pid = p;
  }
  pid ??= await tryNode(port, async (r) => Number(infoFields(await r.info('server')).get('process_id')));
  if (!pid || !processAlive(pid)) throw new Error(`no running node on port ${port} to kill`);
  process.kill(pid, 'SIGKILL');
  await until(`node ${port} (pid ${pid}) gone`, 5000, async () => (processAlive(pid) ? 'still running' : { ok: undefined }));
}

/**
 * Starts the node on `port` again from the config the script wrote (a cluster node keeps its
 * identity in nodes.conf and rejoins; a failed-over master comes back as a replica of its
 * successor, soon after). Resolves when it answers PING.
 */
export async function restartNode(port: number): Promise<void> {
  const dir = nodeDir(port);
  if (!dir) throw new Error(`no config for node ${port} under ${TOPOLOGY_DIR}`);
  const sentinel = join(dir, 'sentinel.conf');
  const args = existsSync(sentinel) ? [sentinel, '--sentinel'] : [join(dir, 'redis.conf')];
  // The config says daemonize yes: redis-server returns once the node has forked off.
  await promisify(execFile)('redis-server', args, { timeout: 10_000 });
  await until(`node ${port} answers after restart`, 10_000, async () =>
    (await tryNode(port, (r) => r.ping())) === 'PONG' ? { ok: undefined } : 'no PONG',
  );
}

// --- sentinel ------------------------------------------------------------------------------------

async function sentinelMasterAddr(r: Redis): Promise<NodeAddress | null> {
  const addr = (await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME)) as [string, string] | null;
  return addr ? { host: addr[0], port: Number(addr[1]) } : null;
}

/** Each sentinel's answer to GET-MASTER-ADDR-BY-NAME as "host:port", or null when it does not answer. */
async function sentinelViews(): Promise<(string | null)[]> {
  return Promise.all(
    sentinelNodes().map(async ({ host, port }) => {
      const a = await tryNode(port, (r) => sentinelMasterAddr(r), host);
      return a ? `${a.host}:${a.port}` : null;
    }),
  );
}

/** The port of the master the (first answering) sentinel names. */
export async function sentinelMasterPort(): Promise<number> {
  for (const { host, port } of sentinelNodes()) {
    const a = await tryNode(port, (r) => sentinelMasterAddr(r), host);
    if (a) return a.port;
  }
  throw new Error(`no sentinel answers for ${SENTINEL_NAME} (${sentinelNodes().map((n) => n.port).join(', ')})`);
}

/**
 * Waits until the sentinel setup is healthy: every sentinel names the same master and sees it up
 * (flags "master"), sees the other sentinels and a replica; the master answers as a master with a
 * replica online. Returns the master's port.
 */
export async function waitSentinelOk(timeoutMs = SENTINEL_WAIT_MS): Promise<number> {
  const sentinels = sentinelNodes();
  return until('sentinel ok', timeoutMs, async () => {
    const why = await sentinelWhyNotOk(sentinels);
    return typeof why === 'string' ? `${why}${await sentinelsInTilt(sentinels)}` : why;
  });
}

/**
 * How long the tests wait for the sentinels to act. A sentinel whose timer ran late by more than
 * 2 s (a busy machine: the test suite on two cores) enters TILT mode for 30 s and takes no action
 * in it, neither failing over nor demoting the old master; outside TILT, demotion after SENTINEL
 * FAILOVER takes about 11 s here. So the waits allow a TILT and the action after it.
 */
export const SENTINEL_WAIT_MS = 60_000;

/** ", sentinel 7121 in TILT" for each sentinel in TILT mode (INFO sentinel), for the messages. */
async function sentinelsInTilt(sentinels: { host: string; port: number }[]): Promise<string> {
  const tilted = await Promise.all(
    sentinels.map(async ({ host, port }) => {
      const info = await tryNode(port, (r) => r.info('sentinel'), host);
      return info !== null && infoFields(info).get('sentinel_tilt') === '1' ? `, sentinel ${port} in TILT` : '';
    }),
  );
  return tilted.join('');
}

/** What keeps the sentinel setup from being healthy (see waitSentinelOk), or its master's port. */
async function sentinelWhyNotOk(sentinels: { host: string; port: number }[]): Promise<{ ok: number } | string> {
  let master: string | undefined;
  for (const { host, port } of sentinels) {
    const m = await tryNode(
      port,
      async (r) => {
        const flat = (await r.call('SENTINEL', 'MASTER', SENTINEL_NAME)) as string[];
        const f = new Map<string, string>();
        for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i]!, flat[i + 1]!);
        return f;
      },
      host,
    );
    if (!m) return `sentinel ${port} does not answer`;
    const addr = `${m.get('ip')}:${m.get('port')}`;
    if (master !== undefined && addr !== master) return `sentinels disagree (${master} / ${addr})`;
    master = addr;
    if (m.get('flags') !== 'master') return `sentinel ${port} sees ${addr} as ${m.get('flags')}`;
    if (Number(m.get('num-other-sentinels')) !== sentinels.length - 1) return `sentinel ${port} sees ${m.get('num-other-sentinels')} other sentinels`;
    if (Number(m.get('num-slaves')) < 1) return `sentinel ${port} sees no replica`;
  }
  const { host, port } = parseNodes(master!)[0]!;
  const repl = await tryNode(port, async (r) => infoFields(await r.info('replication')), host);
  if (repl?.get('role') !== 'master') return `master ${master} ${repl === null ? 'does not answer' : `is a ${repl.get('role')}`}`;
  if (onlineReplicas(repl).length === 0) return `master ${master} has no replica online`;
  return { ok: port };
}

/**
 * SENTINEL FAILOVER: a replica is promoted without the master failing. Resolves with the new
 * master's port once every sentinel names it and it takes a write; the old master turns into its
 * replica shortly after (waitSentinelOk waits for that).
 */
export async function sentinelFailover(timeoutMs = SENTINEL_WAIT_MS): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const old = await sentinelMasterPort();
  // A sentinel refuses while it sees no fit replica (NOGOODSLAVE: e.g. just after an earlier
  // failover, before it has looked at the old master turned replica) or is failing over already
  // (INPROG: then that failover is the one to wait for).
  await until('SENTINEL FAILOVER accepted', timeoutMs, async () => {
    let why = '';
    for (const { host, port } of sentinelNodes()) {
      try {
        await withNode(port, (r) => r.call('SENTINEL', 'FAILOVER', SENTINEL_NAME), { host });
        return { ok: undefined };
      } catch (e) {
        const msg = (e as Error).message;
        if (msg.includes('INPROG')) return { ok: undefined };
        why = `sentinel ${port}: ${msg}`;
      }
    }
    return why;
  });
  return until(`failover away from ${old}`, Math.max(1000, deadline - Date.now()), async () => {
    const views = await sentinelViews();
    const first = views[0];
    if (!first || views.some((v) => v !== first)) return `sentinels name ${views.join(', ')}`;
    const { host, port } = parseNodes(first)[0]!;
    if (port === old) return `still ${first}`;
    const wrote = await tryNode(port, (r) => r.set('guiyan:topology:probe', String(Date.now())), host);
    return wrote === 'OK' ? { ok: port } : `${first} does not take writes yet`;
  });
}

/** SIGKILLs the sentinels' current master (see killNode); returns its port. */
export async function killSentinelMaster(): Promise<number> {
  const port = await sentinelMasterPort();
  await killNode(port);
  return port;
}
