/**
 * npm run bench:fanout — broadcast one opening to 100,000 matched workers through the fake
 * Aliyun server and the real SDK, with no added latency and with 50 ms per provider call, and
 * compare with raw BullMQ add+process throughput measured in the same run (the same number of
 * jobs as the broadcast used, and one job per recipient as an unbatched design would need).
 *
 *   npm run bench:fanout                         in this process, single Redis (REDIS_URL)
 *   npm run bench:fanout -- --cluster            the same on the loopback Redis Cluster
 *   npm run bench:fanout -- --processes 1,2,4 --topologies single,cluster
 *
 * With --processes the broadcast's matching and sending run in that many worker processes
 * (`node --import tsx workers/main.ts`, WORKER_QUEUES=match,notify), started afresh for each run;
 * this process only writes the data, starts the broadcast (a campaign and its match job) and
 * times it from the match job to the last alert counted sent. It prints one table, topology ×
 * processes → recipients/s, beside raw BullMQ one-job-per-recipient add+process throughput on the
 * same Redis (in this process, through the same connection factory) and the ratio of the two;
 * and, per run, what PostgreSQL did: transactions committed and rows inserted/updated per alert
 * (pg_stat_database deltas of the bench database) and the most connections the worker processes
 * held at once (pg_stat_activity, sampled every 200 ms), in all and in any one process, to size
 * max_connections.
 *
 * The cluster is REDIS_CLUSTER_NODES=$TEST_REDIS_CLUSTER_NODES (default 127.0.0.1:7101..7106),
 * started with scripts/redis-topology.sh when it is not up.
 *
 * Uses its own database (guiyan_bench_fanout, created, migrated and dropped) and its own Redis
 * key prefixes (obliterated afterwards). Options: --recipients N (default 100000; the whole
 * `--processes 1,2,4 --topologies single,cluster` run then took 2 to 2.5 minutes on 2 cores busy
 * with other work), --cluster (= --topologies cluster), --topologies single,cluster, --processes
 * N[,N…], --latency MS (with --processes: added to each provider call, default 0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, loadSettings, type Config } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createDb, type Db } from '../src/db/prisma.js';
import { createRedis, keysMatching, type RedisClient } from '../src/redis.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { seedReferenceData } from '../src/db/seed.js';
import { aliyunTemplateRegistry } from '../src/domain/message-templates.js';
import { queueNames } from '../src/queues/catalog.js';
import { CONCURRENCY, startWorkers } from '../workers/start-workers.js';
import { startFakeAliyunSms } from '../tests/fakes/fake-aliyun-sms.js';
import { clusterAvailable, startTopology } from '../tests/helpers/redis-topology.js';

type Topology = 'single' | 'cluster';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const fail = (message: string): never => {
  console.error(`bench:fanout: ${message}`);
  process.exit(2);
};
const PROCESSES = option('processes')
  ?.split(',')
  .map((s) => (/^\d+$/.test(s.trim()) && Number(s) >= 1 ? Number(s) : fail(`--processes takes counts like 1,2,4, got "${s}"`)));
const TOPOLOGIES: Topology[] = (option('topologies')?.split(',') ?? [argv.includes('--cluster') ? 'cluster' : 'single']).map((t) =>
  t === 'single' || t === 'cluster' ? t : fail(`--topologies takes single and/or cluster, got "${t}"`),
);
if (argv.includes('--cluster') && !TOPOLOGIES.includes('cluster')) TOPOLOGIES.push('cluster');
const RECIPIENTS = Number(option('recipients') ?? 100_000);
const LATENCY_MS = Number(option('latency') ?? 0);
if (!Number.isInteger(RECIPIENTS) || RECIPIENTS < 1) fail('--recipients takes a positive count');
if (!Number.isFinite(LATENCY_MS) || LATENCY_MS < 0) fail('--latency takes milliseconds');

const DB_NAME = 'guiyan_bench_fanout';
const settings = loadSettings(process.env, ['DATABASE_URL', 'REDIS_URL']);
const baseUrl = new URL(settings.DATABASE_URL);
baseUrl.pathname = `/${DB_NAME}`;
const DATABASE_URL = baseUrl.toString();
const ADMIN_URL = DATABASE_URL.replace(`/${DB_NAME}`, '/postgres');
const REDIS_URL = settings.REDIS_URL;
const CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES || '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103,127.0.0.1:7104,127.0.0.1:7105,127.0.0.1:7106';
const newPrefix = () => `{guiyan-bench-${randomBytes(4).toString('hex')}}`;
const PREFIX = newPrefix();
const SIGN = '归雁就业';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The service's settings for the bench: the Redis of `topology`, the fake Aliyun server, no spend guard. */
function serviceEnv(topology: Topology, prefix: string, smsEndpoint: string): Record<string, string> {
  return {
    DATABASE_URL,
    ...(topology === 'cluster' ? { REDIS_CLUSTER_NODES: CLUSTER_NODES } : { REDIS_URL }),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    QUIET_HOURS: '',
    SMS_DRIVER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
    ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
    ALIYUN_SMS_ENDPOINT: smsEndpoint,
    ALIYUN_SMS_PROTOCOL: 'http',
    SMS_RATE_LIMIT_RPS: '5000',
    // The fake answers in this process: when the cores are busy (four worker processes on two)
    // a 1,000-recipient call can wait for it past the 5 s default, and its outcome would then be
    // left to the reconciler minutes later. A late answer from a local fake is no provider fault.
    ALIYUN_SMS_TIMEOUT_MS: '30000',
    SMS_DAILY_PER_PHONE: '25',
    // 100,000 recipients cost more than the default daily spend limit: the guard is off here.
    SMS_DAILY_SPEND_LIMIT_YUAN: '0',
  };
}

/** The loopback cluster, started by scripts/redis-topology.sh when no node answers with cluster_state:ok. */
async function ensureCluster(): Promise<void> {
  if (await clusterAvailable()) return;
  console.log(`  starting the loopback Redis Cluster (${CLUSTER_NODES}) with scripts/redis-topology.sh`);
  startTopology('cluster');
}

/** Reference data, RECIPIENTS sewers in one village, and a workshop; returns the workshop's id. */
async function writeWorkers(db: Db): Promise<number> {
  await seedReferenceData(db, loadDivisions(['5325']));
  await db.$executeRawUnsafe('TRUNCATE applications, notifications, campaigns, openings, workshops, workers RESTART IDENTITY CASCADE');
  await db.$executeRaw`
    INSERT INTO workers (phone, skills, division_code, updated_at)
    SELECT '13' || lpad(i::text, 9, '0'), ARRAY['缝纫'], '532528102211', now() FROM generate_series(1, ${RECIPIENTS}::int) AS i`;
  const ws = await db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
  return ws.id;
}

const newOpening = (db: Db, workshopId: number) =>
  db.opening.create({ data: { workshopId, title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });

/**
 * Raw BullMQ in this process: add + process `jobs` jobs with a no-op processor at the notify
 * concurrency, on the Redis `config` names, through the app's connection factory. Returns jobs/s.
 */
async function rawBullmq(config: Config, prefix: string, jobs: number, label: string): Promise<number> {
  const name = `raw-${jobs}`;
  // A worker's blocking connection must retry forever (BullMQ refuses one that gives up, as
  // the app's command connection does), so the raw run gets its own.
  const connection = createRedis(config, 'workers');
  const q = new Queue(name, { connection, prefix });
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    const w = new Worker(name, async () => undefined, { connection, prefix, concurrency: CONCURRENCY.notify });
    w.on('completed', () => {
      if (++done === jobs) void w.close().then(resolve);
    });
  });
  const t0 = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await q.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name, data: { i: i + k }, opts: { removeOnComplete: true } })));
  }
  await finished;
  const s = (performance.now() - t0) / 1000;
  await q.obliterate({ force: true });
  await q.close();
  connection.disconnect();
  console.log(`  raw BullMQ, ${label}: ${fmt(jobs)} jobs added and processed in ${s.toFixed(2)} s = ${fmt(jobs / s)} jobs/s`);
  return jobs / s;
}

/** Every key under `prefix`, gone (on every master of a cluster). */
async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  // Every key carries the prefix's hash tag, so one slot: DEL takes a thousand at once.
  const keys = await keysMatching(redis, `${prefix}:*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
}

/** deleteKeys on a connection of its own to the Redis of `topology`. */
async function deletePrefix(topology: Topology, prefix: string): Promise<void> {
  const redis = createRedis(loadConfig(serviceEnv(topology, prefix, '127.0.0.1:1')), 'commands');
  try {
    // A cluster client knows its masters only once ready: before, SCAN would visit none.
    if (redis.status !== 'ready') await new Promise((resolve, reject) => redis.once('ready', resolve).once('error', reject));
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

async function dropDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.end();
}

// --- in this process ----------------------------------------------------------------------------

async function inProcess(topology: Topology) {
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity, frequencyLimits: false });
  const config = loadConfig(serviceEnv(topology, PREFIX, fake.endpoint));
  const ctx = createContext(config, { log: pino({ level: 'warn' }) });
  const { db } = ctx;
  const cleanup = async () => {
    for (const name of queueNames) await ctx.queues.queue(name).obliterate({ force: true }).catch(() => undefined);
    await deleteKeys(ctx.redis, PREFIX);
    await ctx.close();
    await fake.close();
    await dropDatabase();
  };

  try {
    const workshopId = await writeWorkers(db);
    const running = await startWorkers(ctx, ['match', 'notify']);

    const where = topology === 'cluster' ? `, Redis Cluster ${CLUSTER_NODES}` : '';
    console.log(`bench:fanout — ${fmt(RECIPIENTS)} matched workers, notify concurrency ${CONCURRENCY.notify}, one process${where}, fake Aliyun through the real SDK`);
    const results: { latency: number; recipientsPerSec: number }[] = [];
    for (const latency of [0, 50]) {
      fake.reset();
      fake.setLatency(latency);
      const opening = await newOpening(db, workshopId);
      const campaign = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: opening.id } });
      const t0 = performance.now();
      await ctx.queues.add('match', { campaignId: campaign.id }, { jobId: `match-${campaign.id}` });
      // Matching writes and queues the alerts a slice at a time, so sending starts before it ends.
      let firstSentAt = 0;
      let matchedAt = 0;
      for (let tick = 0; ; tick++) {
        await sleep(20);
        if (!firstSentAt && fake.messages.length > 0) firstSentAt = performance.now();
        if (tick % 5 !== 4) continue;
        const c = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
        if (!matchedAt && c.status !== 'pending' && c.status !== 'matching') matchedAt = performance.now();
        if (c.status === 'completed' || c.status === 'failed') break;
      }
      const total = (performance.now() - t0) / 1000;
      const sent = await db.notification.count({ where: { campaignId: campaign.id, status: 'sent' } });
      const sendCalls = fake.calls.filter((c) => c.action === 'SendSms' || c.action === 'SendBatchSms');
      const perSec = sent / total;
      results.push({ latency, recipientsPerSec: perSec });
      console.log(
        `  fanout, ${String(latency).padStart(2)} ms per call: ${fmt(sent)} sent in ${total.toFixed(2)} s ` +
          `(first message at the provider after ${((firstSentAt - t0) / 1000).toFixed(2)} s, all matched and queued after ` +
          `${((matchedAt - t0) / 1000).toFixed(2)} s) = ${fmt(perSec)} recipients/s; provider calls ${sendCalls.length}, ` +
          `messages at the fake ${fmt(fake.messages.length)}`,
      );
      if (sent !== RECIPIENTS || fake.messages.length !== RECIPIENTS) throw new Error(`expected ${RECIPIENTS} sent once each`);
      if (latency === 0) {
        // Their receipts, as Aliyun pushes them (JSON arrays of SmsReport), 500 a push.
        const reports = fake.messages.map((m) => ({
          phone_number: m.phone,
          success: true,
          err_code: 'DELIVERED',
          err_msg: '用户接收成功',
          sms_size: String(m.smsSize),
          biz_id: m.bizId,
          out_id: m.outId,
        }));
        const r0 = performance.now();
        let applied = 0;
        for (let i = 0; i < reports.length; i += 500) applied += (await ctx.services.receipts.storeReceipts(reports.slice(i, i + 500))).applied;
        const rs = (performance.now() - r0) / 1000;
        const delivered = await db.notification.count({ where: { campaignId: campaign.id, status: 'delivered' } });
        console.log(`  receipts: ${fmt(reports.length)} SmsReports in pushes of 500 applied in ${rs.toFixed(2)} s = ${fmt(applied / rs)} receipts/s; delivered ${fmt(delivered)}`);
        if (delivered !== RECIPIENTS) throw new Error(`expected ${RECIPIENTS} delivered`);
      }
    }
    await running.close();

    // Raw BullMQ in the same run: add + process with a no-op processor at the same concurrency.
    const batchJobs = Math.ceil(RECIPIENTS / 1000);
    await rawBullmq(config, PREFIX, batchJobs, 'as many jobs as the broadcast used');
    const perRecipient = await rawBullmq(config, PREFIX, RECIPIENTS, 'one job per recipient (no batching)');
    for (const r of results) {
      console.log(`  ratio, ${r.latency} ms: fanout recipients/s ÷ raw BullMQ one-job-per-recipient jobs/s = ${(r.recipientsPerSec / perRecipient).toFixed(1)}×`);
    }
    const best = results[0]!.recipientsPerSec;
    console.log(`  target ≥ 10,000 recipients/s with batching: ${best >= 10_000 ? 'met' : 'NOT met'} (${fmt(best)} without latency, ${fmt(results[1]!.recipientsPerSec)} at 50 ms)`);
  } finally {
    await cleanup();
  }
}

// --- in worker processes ------------------------------------------------------------------------

/** The worker processes' connections carry this application_name, numbered per process. */
const APP_NAME = 'guiyan-bench-worker';

const withAppName = (url: string, name: string) => {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

interface WorkerProcess {
  child: ChildProcess;
  port: number;
  output: string[];
}

/** `node --import tsx workers/main.ts` serving match and notify, with its /readyz on `port`. */
function startWorkerProcess(env: Record<string, string>, index: number, port: number): WorkerProcess {
  // The service's settings come only from `env`: none of the caller's Redis or queue settings leak in.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(REDIS_|DATABASE_URL$|QUEUE_PREFIX$|WORKER_|SMS_|ALIYUN_|LOG_LEVEL$|RUN_WORKERS$|PORT$|HOST$)/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      ...env,
      DATABASE_URL: withAppName(env.DATABASE_URL!, `${APP_NAME}-${index + 1}`),
      WORKER_QUEUES: 'match,notify',
      WORKER_METRICS_PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(d.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, port, output };
}

const outputs = (procs: WorkerProcess[]) => procs.map((p) => `\n--- worker process ${p.child.pid}:\n${p.output.join('').slice(-2000)}`).join('');

const alive = (p: WorkerProcess) => p.child.exitCode === null && p.child.signalCode === null;

function checkAlive(procs: WorkerProcess[]): void {
  const dead = procs.find((p) => !alive(p));
  if (dead) throw new Error(`worker process ${dead.child.pid} exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${dead.output.join('').slice(-3000)}`);
}

async function stopWorkerProcesses(procs: WorkerProcess[]): Promise<void> {
  await Promise.all(
    procs.filter(alive).map(async (p) => {
      const exited = new Promise((r) => p.child.once('exit', r));
      p.child.kill('SIGTERM');
      const kill = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(kill);
    }),
  );
}

async function waitReady(procs: WorkerProcess[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const p of procs) {
    for (;;) {
      checkAlive(procs);
      const r = await fetch(`http://127.0.0.1:${p.port}/readyz`).catch(() => null);
      if (r?.ok) break;
      if (Date.now() > deadline) throw new Error(`worker process ${p.child.pid} not ready after ${timeoutMs / 1000} s:\n${p.output.join('').slice(-3000)}`);
      await sleep(200);
    }
  }
}

interface DbCounters {
  xactCommit: number;
  tupInserted: number;
  tupUpdated: number;
  tupDeleted: number;
}

/** The bench database's counters in pg_stat_database, read fresh (not from this session's snapshot). */
async function dbCounters(admin: pg.Client): Promise<DbCounters> {
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ c: string; i: string; u: string; d: string }>(
    'SELECT xact_commit AS c, tup_inserted AS i, tup_updated AS u, tup_deleted AS d FROM pg_stat_database WHERE datname = $1',
    [DB_NAME],
  );
  const r = rows[0]!;
  return { xactCommit: Number(r.c), tupInserted: Number(r.i), tupUpdated: Number(r.u), tupDeleted: Number(r.d) };
}

/** Samples the worker processes' connections to the bench database every 200 ms until stopped. */
function sampleConnections(admin: pg.Client) {
  let peakTotal = 0;
  let peakOne = 0;
  let samples = 0;
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;
  let failed: string | undefined;
  const timer = setInterval(() => {
    if (stopped) return;
    busy = busy.then(async () => {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2 GROUP BY application_name`,
        [DB_NAME, `${APP_NAME}-%`],
      );
      samples++;
      peakTotal = Math.max(peakTotal, rows.reduce((s, r) => s + r.n, 0));
      peakOne = Math.max(peakOne, ...rows.map((r) => r.n));
    }).catch((err: Error) => {
      failed ??= err.message;
    });
  }, 200);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
      return { peakTotal, peakOne, samples, failed };
    },
  };
}

interface Run {
  topology: Topology;
  processes: number;
  seconds: number;
  /** When the match job had written and queued the last alert (seconds from its start). */
  queuedAt: number;
  recipientsPerSec: number;
  commitsPerAlert: number;
  insertedPerAlert: number;
  updatedPerAlert: number;
  peakTotal: number;
  peakOne: number;
}

async function inProcesses(processCounts: number[]) {
  const clusterWanted = TOPOLOGIES.includes('cluster');
  if (clusterWanted) await ensureCluster();
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity, frequencyLimits: false });
  fake.setLatency(LATENCY_MS);
  const db = createDb(DATABASE_URL, { max: 2 });
  const admin = new pg.Client({ connectionString: ADMIN_URL, application_name: 'guiyan-bench-stats' });
  await admin.connect();
  const prefixes: { topology: Topology; prefix: string }[] = [];
  let live: WorkerProcess[] = [];
  const runs: Run[] = [];
  const raw = new Map<Topology, number>();
  const started = performance.now();

  /** One broadcast to every sewer by `n` fresh worker processes on `topology`'s Redis. */
  const broadcast = async (topology: Topology, n: number, workshopId: number): Promise<Run> => {
    // Each run starts from the same tables (workers kept; no alert cap reached; ids not reused)
    // and its own key prefix, so no run finds another's jobs.
    await db.$executeRawUnsafe('TRUNCATE applications, notifications, campaigns, openings CASCADE');
    const prefix = newPrefix();
    prefixes.push({ topology, prefix });
    const env = serviceEnv(topology, prefix, fake.endpoint);
    const ctx = createContext(loadConfig(env), { log: pino({ level: 'warn' }) });
    let sampler: ReturnType<typeof sampleConnections> | undefined;
    try {
      const ports = await Promise.all(Array.from({ length: n }, freePort));
      const spawnedAt = performance.now();
      live = ports.map((port, i) => startWorkerProcess(env, i, port));
      await waitReady(live);
      const readyIn = (performance.now() - spawnedAt) / 1000;
      sampler = sampleConnections(admin);
      fake.reset();
      const opening = await newOpening(db, workshopId);
      const campaign = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: opening.id } });
      // A backend reports its counters at most once a second: let the start-up's settle first.
      await sleep(1500);
      const before = await dbCounters(admin);
      const t0 = Date.now();
      await ctx.queues.add('match', { campaignId: campaign.id }, { jobId: `match-${campaign.id}` });
      // No progress for a minute: say where the alerts are, and what the processes said.
      let progress = -1;
      let progressAt = Date.now();
      const stalled = async (what: string, count: number) => {
        if (count !== progress) {
          progress = count;
          progressAt = Date.now();
          return;
        }
        if (Date.now() - progressAt < 60_000) return;
        const states = await db.$queryRaw<{ status: string; error_code: string | null; n: bigint }[]>`
          SELECT status::text, error_code, count(*) AS n FROM notifications WHERE campaign_id = ${campaign.id} GROUP BY 1, 2 ORDER BY 1, 2`;
        const c = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
        const where = states.map((r) => `${r.status}${r.error_code ? ` (${r.error_code})` : ''} ${fmt(Number(r.n))}`).join(', ');
        throw new Error(`stuck at ${fmt(count)} ${what} for 60 s; campaign ${c.status}; alerts: ${where}${outputs(live)}`);
      };
      while (fake.messages.length < RECIPIENTS) {
        checkAlive(live);
        await stalled('messages at the provider', fake.messages.length);
        await sleep(20);
      }
      // Then every one counted sent (the row is written after the provider answers).
      for (;;) {
        const sent = await db.notification.count({ where: { campaignId: campaign.id, status: 'sent' } });
        if (sent >= RECIPIENTS) break;
        checkAlive(live);
        await stalled('alerts counted sent', sent);
        await sleep(50);
      }
      const [span] = await db.$queryRaw<{ first: Date; last: Date; queued: Date; sent: bigint }[]>`
        SELECT min(sent_at) AS first, max(sent_at) AS last, max(created_at) AS queued, count(*) AS sent
        FROM notifications WHERE campaign_id = ${campaign.id} AND status = 'sent'`;
      const seconds = (span!.last.getTime() - t0) / 1000;
      const calls = fake.calls.filter((c) => c.action === 'SendSms' || c.action === 'SendBatchSms').length;
      const conns = await sampler.stop();
      // Stopped processes have reported their counters; this process's pool reports within a second.
      await stopWorkerProcesses(live);
      await sleep(1500);
      const after = await dbCounters(admin);
      const per = (k: keyof DbCounters) => (after[k] - before[k]) / RECIPIENTS;
      const run: Run = {
        topology,
        processes: n,
        seconds,
        queuedAt: (span!.queued.getTime() - t0) / 1000,
        recipientsPerSec: RECIPIENTS / seconds,
        commitsPerAlert: per('xactCommit'),
        insertedPerAlert: per('tupInserted'),
        updatedPerAlert: per('tupUpdated'),
        peakTotal: conns.peakTotal,
        peakOne: conns.peakOne,
      };
      console.log(
        `  ${topology}, ${n} worker process${n === 1 ? '' : 'es'} (ready ${readyIn.toFixed(1)} s after spawning): ${fmt(Number(span!.sent))} sent in ` +
          `${seconds.toFixed(2)} s (first at ${((span!.first.getTime() - t0) / 1000).toFixed(2)} s, all matched and queued at ` +
          `${((span!.queued.getTime() - t0) / 1000).toFixed(2)} s) = ${fmt(run.recipientsPerSec)} recipients/s; provider calls ${calls}, ` +
          `messages at the fake ${fmt(fake.messages.length)}; PostgreSQL: ${(run.commitsPerAlert * 1000).toFixed(1)} commits, ` +
          `${(run.insertedPerAlert * 1000).toFixed(0)} rows inserted, ${(run.updatedPerAlert * 1000).toFixed(0)} rows updated, ` +
          `${((per('tupDeleted') * 1000).toFixed(0))} deleted per 1,000 alerts; connections held at most ${run.peakTotal} in all, ` +
          `${run.peakOne} by one process (${conns.samples} samples${conns.failed ? `; sampling failed: ${conns.failed}` : ''})`,
      );
      if (fake.messages.length !== RECIPIENTS) throw new Error(`expected ${RECIPIENTS} messages at the provider, got ${fake.messages.length}`);
      return run;
    } finally {
      await sampler?.stop();
      await stopWorkerProcesses(live);
      live = [];
      await ctx.close();
      // The run's jobs and per-phone budgets go now, so the next run finds Redis as this one did.
      await deletePrefix(topology, prefix);
    }
  };

  try {
    const workshopId = await writeWorkers(db);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(
      `bench:fanout — ${fmt(RECIPIENTS)} matched workers, worker processes ${processCounts.join(', ')} (WORKER_QUEUES=match,notify, ` +
        `notify concurrency ${CONCURRENCY.notify}, match ${CONCURRENCY.match} each), fake Aliyun ${LATENCY_MS} ms per call through the real SDK; ` +
        `${os.cpus().length} cores, load ${load} at the start`,
    );
    for (const topology of TOPOLOGIES) {
      console.log(topology === 'cluster' ? `Redis Cluster ${CLUSTER_NODES}:` : `single Redis ${REDIS_URL}:`);
      const rawPrefix = newPrefix();
      prefixes.push({ topology, prefix: rawPrefix });
      raw.set(topology, await rawBullmq(loadConfig(serviceEnv(topology, rawPrefix, fake.endpoint)), rawPrefix, RECIPIENTS, 'one job per recipient, in this process'));
      for (const n of processCounts) runs.push(await broadcast(topology, n, workshopId));
    }

    const head = ['topology', 'processes', 'seconds', 'all queued at', 'recipients/s', 'raw BullMQ jobs/s', 'ratio', 'commits/1k alerts', 'rows ins/alert', 'rows upd/alert', 'peak PG conns (all / one process)'];
    const body = runs.map((r) => [
      r.topology,
      String(r.processes),
      r.seconds.toFixed(2),
      r.queuedAt.toFixed(2),
      fmt(r.recipientsPerSec),
      fmt(raw.get(r.topology)!),
      `${(r.recipientsPerSec / raw.get(r.topology)!).toFixed(2)}×`,
      (r.commitsPerAlert * 1000).toFixed(1),
      r.insertedPerAlert.toFixed(2),
      r.updatedPerAlert.toFixed(2),
      `${r.peakTotal} / ${r.peakOne}`,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: string[]) => '  ' + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(`\n${fmt(RECIPIENTS)} recipients, from the match job to the last alert counted sent; raw BullMQ = one job per recipient added and processed in one process on the same Redis:`);
    console.log(line(head));
    for (const row of body) console.log(line(row));
    const perProcess = Math.max(...runs.map((r) => r.peakOne));
    console.log(
      `  PostgreSQL connections: at most ${perProcess} per worker process (its pool holds up to 10); size max_connections for ` +
        `processes × ${perProcess}, plus the API processes and the operators' tools.`,
    );
    // One match job (in one process) writes and queues every alert; the processes share the sending.
    console.log(
      `  'all queued at': when the broadcast's one match job had written and queued the last alert; sending ends soon after, ` +
        `so extra processes add sending capacity but do not speed up matching.`,
    );
    console.log(`  whole run ${((performance.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores`);
  } finally {
    await stopWorkerProcesses(live);
    for (const { topology, prefix } of prefixes) await deletePrefix(topology, prefix).catch((err: Error) => console.error(`  could not clean ${prefix}: ${err.message}`));
    await db.$disconnect();
    await admin.end();
    await fake.close();
    await dropDatabase();
  }
}

if (PROCESSES) {
  await inProcesses(PROCESSES);
} else {
  if (TOPOLOGIES.includes('cluster')) await ensureCluster();
  for (const topology of TOPOLOGIES) await inProcess(topology);
}
