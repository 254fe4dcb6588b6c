import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { addSewers, aliyunEnv, FAULT_TIMING, freePort, sewingOpening } from '../helpers/delivery.js';
import { TEST_DATABASE_URL, testRedisEnv } from '../helpers/env.js';
import { killNode, masterPortForKey, restartNode, startTopology, waitClusterOk } from '../helpers/redis-topology.js';

/**
 * Issue #12, on the loopback Redis Cluster (scripts/redis-topology.sh): the service as separate
 * OS processes — one API process (RUN_WORKERS=false) and three worker processes — broadcasts to
 * 10,000 workers while something breaks, and afterwards every worker got exactly one alert and
 * the opening's counts are right:
 *   1. a worker process SIGKILLed mid-broadcast, and a replacement started;
 *   2. every PostgreSQL connection of the service cut (pg_terminate_backend);
 *   3. the Redis master holding the queues' slot killed: its replica is promoted and every
 *      process follows by itself (last: the killed node then rejoins as a replica).
 * Each prints one line of figures (missed, duplicates, counts) for the closing note.
 */
const RECIPIENTS = 10_000;
const SIGN = '归雁就业';

describe('the service as four processes on a Redis Cluster, under faults', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  let apiPort = 0;
  const workers: ChildProcess[] = [];
  let api: ChildProcess | undefined;
  const output: string[] = [];
  let round = 0;

  const env = () => ({
    ...process.env,
    ...aliyunEnv(fake),
    ...testRedisEnv('cluster'),
    DATABASE_URL: TEST_DATABASE_URL,
    QUEUE_PREFIX: sys.config.QUEUE_PREFIX,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    ...FAULT_TIMING,
  });
  const start = (what: 'api' | 'worker') => {
    const p = spawn(process.execPath, ['--import', 'tsx', what === 'api' ? 'src/server.ts' : 'workers/main.ts'], {
      env: what === 'api' ? { ...env(), RUN_WORKERS: 'false', HOST: '127.0.0.1', PORT: String(apiPort) } : env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout!.on('data', (d: Buffer) => output.push(`[${what} ${p.pid}] ${d.toString()}`));
    p.stderr!.on('data', (d: Buffer) => output.push(`[${what} ${p.pid}] ${d.toString()}`));
    return p;
  };
  const stop = async (p: ChildProcess | undefined, signal: NodeJS.Signals) => {
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  };
  const http = async (path: string, body?: unknown) => {
    const r = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as Record<string, any> };
  };

  const thisRound = () => fake.messages.filter((m) => m.phone.startsWith(`13${round}`));

  /** 10,000 new sewers and an opening for them, broadcast through the API process. */
  async function broadcast(): Promise<{ openingId: number; phones: string[] }> {
    round++;
    // Only this round's workers: each test's broadcast reaches its own 10,000. Earlier rounds'
    // workers are retired, not deleted, so no id is handed out twice under the running
    // processes (that is tests/e2e/database-restore.test.ts's subject, not these faults').
    await sys.ctx.db.worker.updateMany({ where: { status: 'active' }, data: { status: 'opted_out' } });
    const phones = Array.from({ length: RECIPIENTS }, (_, i) => `13${round}${String(i).padStart(8, '0')}`);
    await addSewers(sys, phones);
    const o = await sewingOpening(sys);
    const r = await http(`/api/v1/openings/${o.id}/broadcast`, { sendToAll: true });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    return { openingId: o.id, phones };
  }

  /** Every recipient exactly once at the provider, every alert counted sent and then delivered. */
  async function outcome(openingId: number, phones: string[]) {
    const sent = await waitFor(
      async () => {
        const r = await http(`/api/v1/openings/${openingId}`);
        return r.json.counts?.delivered === RECIPIENTS ? r.json.counts : undefined;
      },
      'every alert delivered and counted',
      90_000,
    );
    const mine = new Set(phones);
    const perPhone = new Map<string, number>();
    for (const m of fake.messages) if (mine.has(m.phone)) perPhone.set(m.phone, (perPhone.get(m.phone) ?? 0) + 1);
    const duplicates = [...perPhone.values()].reduce((n, c) => n + (c - 1), 0);
    const missed = phones.filter((p) => !perPhone.has(p)).length;
    return { counts: sent, duplicates, missed };
  }

  beforeAll(async () => {
    startTopology('cluster');
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: 300, latencyMs: 150, frequencyLimits: false });
    sys = await startSystem({ workers: false, env: { ...testRedisEnv('cluster') } });
    await resetData(sys.ctx.db);
    apiPort = await freePort();
    api = start('api');
    for (let i = 0; i < 3; i++) workers.push(start('worker'));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/readyz`).catch(() => null))?.ok === true, 'the API process ready', 60_000);
    fake.setReportUrl(`http://127.0.0.1:${apiPort}/webhooks/aliyun/sms-report`);
  }, 120_000);

  // When a test fails, what the four processes printed is the diagnosis.
  afterEach((t) => {
    if (t.task.result?.state === 'fail') console.log(output.slice(-200).join(''));
  });

  afterAll(async () => {
    await Promise.all([api, ...workers].map((p) => stop(p, 'SIGTERM')));
    await fake?.close();
    await resetData(sys.ctx.db).catch(() => undefined);
    await sys?.close();
    if (process.env.DEBUG_FAULTS) console.log(output.join(''));
  });

  it('1. a worker process SIGKILLed mid-broadcast and replaced', { timeout: 150_000 }, async () => {
    const { openingId, phones } = await broadcast();
    await waitFor(async () => thisRound().length >= 2000 && fake.calls.some((c) => c.action === 'SendSms' && c.status === 0), 'a call answered and another in flight', 60_000);
    const victim = workers.shift()!;
    await stop(victim, 'SIGKILL');
    const acceptedAtKill = thisRound().length;
    workers.push(start('worker'));
    const r = await outcome(openingId, phones);
    console.log(`[cluster fault 1: worker SIGKILL] recipients=${RECIPIENTS} acceptedAtKill=${acceptedAtKill} missed=${r.missed} duplicates=${r.duplicates} counts=${JSON.stringify(r.counts)}`);
    expect(r).toMatchObject({ missed: 0, duplicates: 0 });
    expect(r.counts).toMatchObject({ matched: RECIPIENTS, sent: RECIPIENTS, delivered: RECIPIENTS, failed: 0 });
  });

  it('2. every PostgreSQL connection of the service cut mid-broadcast', { timeout: 150_000 }, async () => {
    const { openingId, phones } = await broadcast();
    await waitFor(async () => thisRound().length >= 2000, 'the broadcast under way', 60_000);
    const acceptedAtCut = thisRound().length;
    const [row] = await sys.ctx.db.$queryRaw<{ cut: bigint }[]>`
      SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS cut FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
    const r = await outcome(openingId, phones);
    console.log(`[cluster fault 2: pg_terminate_backend] recipients=${RECIPIENTS} acceptedAtCut=${acceptedAtCut} connectionsCut=${row?.cut} missed=${r.missed} duplicates=${r.duplicates} counts=${JSON.stringify(r.counts)}`);
    expect(Number(row?.cut)).toBeGreaterThan(3);
    expect(r).toMatchObject({ missed: 0, duplicates: 0 });
    expect(r.counts).toMatchObject({ matched: RECIPIENTS, sent: RECIPIENTS, delivered: RECIPIENTS, failed: 0 });
  });

  it('3. the Redis master of the queues killed mid-broadcast: the replica takes over, the processes follow', { timeout: 150_000 }, async () => {
    const { openingId, phones } = await broadcast();
    const port = await masterPortForKey(`${sys.config.QUEUE_PREFIX}:notify:wait`);
    await waitFor(async () => thisRound().length >= 2000, 'the broadcast under way', 60_000);
    const t0 = Date.now();
    await killNode(port);
    const acceptedAtKill = thisRound().length;
    try {
      const r = await outcome(openingId, phones);
      console.log(
        `[cluster fault 3: queue master ${port} killed] recipients=${RECIPIENTS} acceptedAtKill=${acceptedAtKill} recoveredIn=${Date.now() - t0}ms missed=${r.missed} duplicates=${r.duplicates} counts=${JSON.stringify(r.counts)}`,
      );
      expect(r).toMatchObject({ missed: 0, duplicates: 0 });
      expect(r.counts).toMatchObject({ matched: RECIPIENTS, sent: RECIPIENTS, delivered: RECIPIENTS, failed: 0 });
      expect(await masterPortForKey(`${sys.config.QUEUE_PREFIX}:notify:wait`)).not.toBe(port);
    } finally {
      // The old master comes back as a replica, so the cluster is whole for the next test.
      await restartNode(port);
      await waitClusterOk(30_000, { replicas: true });
    }
  });
});
