// The chat-bot under a reply storm (issue #15), three measures in one run:
//
// 1. Closed loop: worker texts per second through the Aliyun SMS uplink webhook until each
//    reply is queued for sending (webhook → stored → inbound job → read + conversation → reply
//    row → notify job), against a bare Fastify route that only parses the same JSON, both driven
//    by the same client on loopback in this process; guiyan once with texts handled one at a
//    time (INBOUND_BATCH_MAX=1, as before batching) and once as configured. Prints the ratios.
// 2. The webhook's own answer (store, queue, ack) in an API process without workers, one text
//    per push at fixed rates (open loop): p50 / p95 / p99 from a cold start and warm.
// 3. Open loop end to end: a guiyan process with its workers and the real Aliyun SDK against
//    the fake Aliyun server (in this process); texts from 1,000 registered workers a step at
//    fixed rates, mixed intents (BM code, 帮助, 岗位, 我的); the time from push accepted (the
//    row stored) to the reply taken by the provider, p50 / p95 / p99, cold and warm.
//
//   npm run bench:inbound                                   # all three
//   npm run bench:inbound -- --only closed,webhook,open     # some of them
//   BENCH_MESSAGES=2000 BENCH_CONCURRENCY=32 npm run bench:inbound -- --only closed
//   BENCH_OPEN_SECONDS=30 BENCH_OPEN_RATES=50,100,200,400 BENCH_WEBHOOK_RATES=250,500,750,1000
//   INBOUND_HANDOFF=false npm run bench:inbound -- --only open   # texts through BullMQ jobs, as before round 4
//   INBOUND_BATCH_GATHER_MS=2 npm run bench:inbound -- --only open   # texts arriving during a batch gather (round 5)
//   npm run bench:inbound -- --only cpu                     # CPU a text at a fixed closed-loop workload (round 6)
//   BENCH_CPU_ROOTS=/work/wt/base,. BENCH_CPU_ROUNDS=3 npm run bench:inbound -- --only cpu   # two builds, A/B pairs
//   npm run bench:inbound -- --only webhook-cpu             # CPU a push of the webhook, API process (round 7)
//   BENCH_CPU_ROOTS=/work/wt/base,. BENCH_CPU_ROUNDS=3 npm run bench:inbound -- --only webhook-cpu
//
// The open loop also prints the CPU guiyan's process used a text (from /proc): it depends far
// less on the machine's other load than the times do.
//
// 4. CPU a text (--only cpu, not in the default run): a guiyan process with its workers and the
//    fake provider, as in 3, read in a closed loop (BENCH_CPU_TEXTS one-text pushes from distinct
//    phones, BENCH_CPU_CONCURRENCY in flight) until every reply is at the provider; prints the CPU
//    the guiyan process used a text (its idle rate, measured just before, taken out), that of its
//    PostgreSQL backends (/proc of the backends named by PGAPPNAME; PostgreSQL must run on this
//    machine) and Redis's (INFO; the whole server: meaningful with a Redis of the bench's own).
//    On 2 shared cores the time a text waits follows the machine's load; the CPU it costs does
//    not, and it is what decides where the process falls behind (docs/reply-storm.md, round 6).
//    BENCH_CPU_ROOTS: checkouts to run, comma-separated, alternating, BENCH_CPU_ROUNDS times each.
//
// Uses its own database (BENCH_DATABASE_URL, else <TEST_DATABASE_URL>_bench_inbound, else
// guiyan_bench_inbound: created, migrated and seeded here, its workers and messages emptied
// first) and a private Redis queue prefix.
import { randomBytes } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig, loadSettings } from '../src/config.js';
import { createContext } from '../src/context.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { deleteMatching } from '../src/redis.js';
import { startWorkers } from '../workers/start-workers.js';
import { startFakeAliyunSms } from '../tests/fakes/fake-aliyun-sms.js';
import { aliyunEnv } from '../tests/helpers/delivery.js';
import { aliyunTemplateRegistry } from '../src/domain/message-templates.js';
import { backendCpu, ms, pushAtRate, startServer, summary, type Push } from './inbound-load.js';

const MESSAGES = Math.min(Math.max(Number(process.env.BENCH_MESSAGES ?? 600), 10), 5000);
const CONCURRENCY = Math.min(Math.max(Number(process.env.BENCH_CONCURRENCY ?? 16), 1), 64);
// A database of its own: other benches (and other checkouts' migrations) must not share it.
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  (process.env.TEST_DATABASE_URL ? `${process.env.TEST_DATABASE_URL}_bench_inbound` : 'postgresql://postgres@127.0.0.1:5432/guiyan_bench_inbound');
const { REDIS_URL } = loadSettings(process.env, ['REDIS_URL']);

// What workers text most: commands, full subscriptions, questions. Each phone sends one of each.
const TEXTS = ['订阅缝纫新街', '帮助', '岗位', '我的', 'DY 编织 南沙镇', '暂停10天', '恢复', '有什么活吗'];

// Many people text at once: message i comes from phone i mod PHONES, and each phone's texts
// arrive in TEXTS order spread over the run. (Sent back to back, one phone's texts are handled
// one after another by design, and the bench measured that queue instead of throughput.)
const PHONES = Math.ceil(MESSAGES / TEXTS.length);

function phoneFor(i: number): string {
  return `139${String(i % PHONES).padStart(8, '0')}`;
}

function item(i: number, run: string) {
  return {
    phone_number: phoneFor(i),
    content: TEXTS[Math.floor(i / PHONES) % TEXTS.length],
    send_time: '2026-11-29 10:00:00',
    dest_code: '1234',
    sequence_id: `${run}-${i}`,
  };
}

/** Posts MESSAGES single-item pushes with CONCURRENCY in flight; returns when all are answered. */
async function drive(url: string, run: string): Promise<void> {
  let next = 0;
  async function lane(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= MESSAGES) return;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([item(i, run)]) });
      if (res.status !== 200) throw new Error(`push ${i}: HTTP ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

async function prepareDatabase(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const db = createDb(DATABASE_URL, { max: 2 });
  try {
    await seedReferenceData(db, loadDivisions(['5325']));
  } finally {
    await db.$disconnect();
  }
  await emptyTables();
}

/** Workers, texts and messages out, so each run starts from the same empty service. */
async function emptyTables(): Promise<void> {
  const db = createDb(DATABASE_URL, { max: 1 });
  try {
    await db.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers,
      consent_events, inbound_messages, delivery_reports, outbox_messages, workers RESTART IDENTITY CASCADE`);
  } finally {
    await db.$disconnect();
  }
}

async function benchGuiyan(env: Record<string, string> = {}): Promise<{ seconds: number; replies: number }> {
  // The same texts each run: they must not be found stored (and read) by an earlier run.
  await emptyTables();
  const config = loadConfig({
    ...env,
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: `{guiyan-bench-${randomBytes(4).toString('hex')}}`,
    QUIET_HOURS: '',
    LOG_LEVEL: 'silent',
    SMS_DRIVER: 'console',
  });
  const ctx = createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(config, { ctx });
  // Only the inbound worker: the measure ends when a reply is queued, not sent.
  const workers = await startWorkers(ctx, ['inbound']);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const notify = ctx.queues.queue('notify');
  try {
    // Warm-up: connections, JIT, the reader's dictionaries.
    await drive(`${base}/webhooks/aliyun/sms-up`, 'warm');
    await waitForQueued(notify, MESSAGES);
    await notify.obliterate({ force: true });

    const start = process.hrtime.bigint();
    await drive(`${base}/webhooks/aliyun/sms-up`, 'run');
    const replies = await waitForQueued(notify, MESSAGES);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, replies };
  } finally {
    await app.close();
    await workers.close();
    for (const name of ['inbound', 'notify', 'maintenance', 'match'] as const) await ctx.queues.queue(name).obliterate({ force: true }).catch(() => undefined);
    await ctx.close();
  }
}

/**
 * Waits until `expected` replies are queued: notify jobs carry one reply each, or a batch's
 * replies together, so their notification ids are counted (some texts, like a repeated
 * opt-out, get no reply; they are few here, so the wait ends when the count stops growing).
 */
async function waitForQueued(notify: Queue, expected: number): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  const seen = new Map<string, number>();
  for (;;) {
    // Only the jobs not seen before are read: reading every job on each poll took a large part
    // of this (shared) process's CPU, and the measure with it.
    const ids = await notify.getRanges(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'], 0, -1);
    for (const id of ids) {
      if (seen.has(id)) continue;
      const j = await notify.getJob(id);
      if (j) seen.set(id, (j.data as { notificationIds?: string[] }).notificationIds?.length ?? 1);
    }
    let n = 0;
    for (const v of seen.values()) n += v;
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 2000) {
      return n;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function benchBare(): Promise<{ seconds: number }> {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  app.post('/sms-up', async (req) => {
    if (!Array.isArray(req.body)) throw new Error('not an array');
    return { code: 0, msg: '成功' };
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    await drive(`${base}/sms-up`, 'warm');
    const start = process.hrtime.bigint();
    await drive(`${base}/sms-up`, 'run');
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  } finally {
    await app.close();
  }
}

const { values: args } = parseArgs({ options: { only: { type: 'string', default: 'closed,webhook,open' } } });
// --only cpu is its own measure (round 6), not part of the default run.
const only = new Set(args.only.split(','));
const listOf = (v: string | undefined, d: number[]) => (v ? v.split(',').map(Number).filter((n) => n > 0) : d);
const WEBHOOK_RATES = listOf(process.env.BENCH_WEBHOOK_RATES, [250, 500, 750, 1000]);
const WEBHOOK_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const OPEN_RATES = listOf(process.env.BENCH_OPEN_RATES, [50, 100, 200, 400]);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 30);
const OPEN_PHONES = 1000;

await prepareDatabase();
const rate = (s: number) => MESSAGES / s;

if (only.has('closed')) {
  const bare = await benchBare();
  const unbatched = await benchGuiyan({ INBOUND_BATCH_MAX: '1' });
  const guiyan = await benchGuiyan();
  console.log(`closed loop: ${MESSAGES} messages, ${CONCURRENCY} in flight, loopback`);
  console.log(`  bare Fastify route                 ${rate(bare.seconds).toFixed(0).padStart(7)} msg/s  (${bare.seconds.toFixed(2)} s)`);
  console.log(`  guiyan, one text at a time         ${rate(unbatched.seconds).toFixed(0).padStart(7)} msg/s  (${unbatched.seconds.toFixed(2)} s, ${unbatched.replies} replies queued)  ratio ${(rate(unbatched.seconds) / rate(bare.seconds)).toFixed(3)}`);
  console.log(`  guiyan, batched (as configured)    ${rate(guiyan.seconds).toFixed(0).padStart(7)} msg/s  (${guiyan.seconds.toFixed(2)} s, ${guiyan.replies} replies queued)  ratio ${(rate(guiyan.seconds) / rate(bare.seconds)).toFixed(3)}`);
}

/** Queue prefixes of the processes this bench started: their keys are deleted at the end. */
const prefixes: string[] = [];

/** Environment of a guiyan process started by this bench. */
function serverEnv(extra: Record<string, string>): Record<string, string> {
  const prefix = `{guiyan-bench-${randomBytes(4).toString('hex')}}`;
  prefixes.push(prefix);
  return {
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    QUIET_HOURS: '',
    QUEUE_EPOCH_CHECK_MS: '0',
    ...extra,
  };
}

let phoneBlock = 0;
/** A fresh block of phones, so no step inherits another's limits or dialogs. */
/** The CPU the whole Redis server has used, ms (INFO cpu): the `--only cpu` and `webhook-cpu` modes' Redis figure. */
async function redisServerCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const v = (k: string) => Number(info.match(new RegExp(`^${k}:([\\d.]+)`, 'm'))?.[1] ?? NaN);
  return (v('used_cpu_user') + v('used_cpu_sys')) * 1000;
}
/** The median of a few rounds' figures (the lower middle one of an even count). */
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)]!;
const phoneBlockBase = () => 13_600_000_000 + (phoneBlock++ * 10_000);

if (only.has('webhook')) {
  await emptyTables();
  console.log(`webhook answer (store, queue, ack), API process without workers, one text a push, ${WEBHOOK_SECONDS} s a step (ms)`);
  console.log('  start  pushes/s      p50     p95     p99     max  failed  generator lag');
  const texts = (base: number) => (i: number): Push => ({ phone: String(base + (i % OPEN_PHONES)), content: i % 2 ? '帮助' : '订阅 缝纫 新街', sequence: `w${base}-${i}` });
  const line = (start: string, r: number, res: Awaited<ReturnType<typeof pushAtRate>>) => {
    const s = summary(res.latencies);
    console.log(`  ${start.padEnd(5)} ${String(r).padStart(9)}  ${ms(s.p50)}  ${ms(s.p95)}  ${ms(s.p99)}  ${ms(s.max)}  ${String(res.failed).padStart(6)}  ${ms(res.maxLagMs)}`);
  };
  const top = Math.max(...WEBHOOK_RATES);
  // Cold: the first pushes reach a process that has just started listening.
  const cold = await startServer(serverEnv({ RUN_WORKERS: 'false' }), 18_301);
  try {
    line('cold', top, await pushAtRate(cold.base, top, WEBHOOK_SECONDS, texts(phoneBlockBase())));
  } finally {
    await cold.stop();
  }
  const warm = await startServer(serverEnv({ RUN_WORKERS: 'false' }), 18_302);
  try {
    await pushAtRate(warm.base, WEBHOOK_RATES[0]!, 5, texts(phoneBlockBase()));
    for (const r of WEBHOOK_RATES) line('warm', r, await pushAtRate(warm.base, r, WEBHOOK_SECONDS, texts(phoneBlockBase())));
  } finally {
    await warm.stop();
  }
}

if (only.has('open')) {
  // Texts stored by the sections before and never read would be swept into this process's
  // queue a minute after it starts (the maintenance sweep), and measured as load.
  await emptyTables();
  const fake = await startFakeAliyunSms({ signNames: ['归雁就业'], templates: aliyunTemplateRegistry(), frequencyLimits: false, reportDelayMs: Infinity });
  const env = serverEnv({
    ...aliyunEnv(fake),
    // The storm is many people texting a few times each: no per-phone budget may stop a reply.
    REPLY_BUDGET_PER_HOUR: '1000',
    REPLY_BUDGET_PER_DAY: '1000',
    SMS_DAILY_PER_PHONE: '25',
    TEXT_CHANGES_PER_DAY: '1000',
    SMS_RATE_LIMIT_RPS: '5000',
  });
  const db = createDb(DATABASE_URL, { max: 2 });
  // A broadcast just went out: an opening to apply to, and registered workers who answer it.
  const ws = await db.workshop.create({ data: { name: '新街缝纫车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000001' } });
  await db.opening.create({ data: { workshopId: ws.id, code: '1003', title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 100, wageMax: 150, wageUnit: 'day' } });
  const register = async (base: number) => {
    const phones = Array.from({ length: OPEN_PHONES }, (_, i) => String(base + i));
    await db.$executeRaw`
      INSERT INTO workers (phone, skills, division_code, created_at, updated_at)
      SELECT p, ARRAY['缝纫'], '532528102', now() - interval '2 days', now() FROM unnest(${phones}::text[]) AS p
      ON CONFLICT DO NOTHING`;
    return phones;
  };
  const MIX = ['BM1003', '帮助', 'BM1003', '岗位', 'BM1003', '我的', 'BM 1003', '帮助', '岗位', 'bm1003'];
  const texts = (base: number) => (i: number): Push => ({ phone: String(base + (i % OPEN_PHONES)), content: MIX[Math.floor(i / OPEN_PHONES + i) % MIX.length]!, sequence: `o${base}-${i}` });
  /** Push accepted (row stored) → reply taken by the provider, for one step's phones. */
  const delays = async (phones: string[], waitMs: number) => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const [c] = await db.$queryRaw<{ texts: bigint; unanswered: bigint }[]>`
        SELECT count(*) AS texts, count(*) FILTER (WHERE n.sent_at IS NULL) AS unanswered
        FROM inbound_messages m LEFT JOIN notifications n ON n.dedupe_key = 'reply:' || m.id
        WHERE m.sender = ANY(${phones}::text[])`;
      if (Number(c?.unanswered ?? 0) === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const rows = await db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (n.sent_at - m.received_at)) * 1000)::float8 AS ms
      FROM inbound_messages m LEFT JOIN notifications n ON n.dedupe_key = 'reply:' || m.id
      WHERE m.sender = ANY(${phones}::text[])`;
    const answered = rows.filter((r) => r.ms !== null).map((r) => r.ms!);
    return { texts: rows.length, unanswered: rows.length - answered.length, ...summary(answered) };
  };
  /**
   * PostgreSQL transactions of the bench's database so far (each autocommitted statement one).
   * A backend reports its counts when it goes idle, but no more than once a second: the rest
   * up to 10 s later (PostgreSQL 15, PGSTAT_IDLE_INTERVAL). Read after a pause past that.
   */
  const transactions = async () => {
    await new Promise((r) => setTimeout(r, 11_000));
    const [t] = await db.$queryRaw<{ n: bigint }[]>`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`;
    return Number(t?.n ?? 0);
  };
  /** Inbound batches and the texts read in them so far, from guiyan's /metrics. */
  const batches = async (base: string) => {
    const text = await fetch(`${base}/metrics`).then((r) => r.text(), () => '');
    const counter = (name: string) => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1] ?? NaN);
    return { batches: counter('guiyan_inbound_batches_total'), texts: counter('guiyan_inbound_batch_texts_total') };
  };
  console.log(`open loop: push accepted → reply at the (fake) provider, ${OPEN_PHONES} workers a step, BM/帮助/岗位/我的 (ms)`);
  console.log(`  (inbound hand-off in the process: ${process.env.INBOUND_HANDOFF ?? 'true'}; batch gather: ${process.env.INBOUND_BATCH_GATHER_MS ?? 'default'} ms; cpu: guiyan's process, ms a text, the step's pushes to its last reply; tx/text: PostgreSQL transactions of the step, the bench's own few included; texts/batch: the inbound batches' mean size)`);
  console.log('  start  texts/s  seconds   texts      p50     p95     p99     max  unanswered  failed pushes  generator lag  cpu/text  tx/text  texts/batch');
  const line = (start: string, r: number, seconds: number, res: Awaited<ReturnType<typeof pushAtRate>>, d: Awaited<ReturnType<typeof delays>>, cpu: number, tx: number, b: { batches: number; texts: number }) =>
    console.log(`  ${start.padEnd(5)} ${String(r).padStart(8)} ${String(seconds).padStart(8)} ${String(d.texts).padStart(7)}  ${ms(d.p50)}  ${ms(d.p95)}  ${ms(d.p99)}  ${ms(d.max)}  ${String(d.unanswered).padStart(10)}  ${String(res.failed).padStart(13)}  ${ms(res.maxLagMs)}  ${(cpu / Math.max(d.texts, 1)).toFixed(2).padStart(8)}  ${(Number.isNaN(tx) ? '—' : (tx / Math.max(d.texts, 1)).toFixed(2)).padStart(7)}  ${(b.texts / Math.max(b.batches, 1)).toFixed(2).padStart(11)}${res.failed ? `  (${JSON.stringify(res.reasons)})` : ''}`);
  try {
    const coldPhones = await register(phoneBlockBase());
    const cold = await startServer(env, 18_311);
    try {
      const b0 = await batches(cold.base);
      const cpu0 = cold.cpuMs();
      const res = await pushAtRate(cold.base, 100, 15, texts(Number(coldPhones[0])));
      const d = await delays(coldPhones, 60_000);
      const cpu = cold.cpuMs() - cpu0;
      const b1 = await batches(cold.base);
      // No transaction count: waiting for the warm-up's to be reported would make it warm.
      line('cold', 100, 15, res, d, cpu, NaN, { batches: b1.batches - b0.batches, texts: b1.texts - b0.texts });
    } finally {
      await cold.stop();
    }
    const warm = await startServer(env, 18_312);
    try {
      const warmup = await register(phoneBlockBase());
      await pushAtRate(warm.base, 50, 10, texts(Number(warmup[0])));
      await delays(warmup, 30_000);
      const held: number[] = [];
      const behind: number[] = [];
      for (const r of OPEN_RATES) {
        const phones = await register(phoneBlockBase());
        const tx0 = await transactions();
        const b0 = await batches(warm.base);
        const cpu0 = warm.cpuMs();
        const res = await pushAtRate(warm.base, r, OPEN_SECONDS, texts(Number(phones[0])));
        const d = await delays(phones, 120_000);
        const cpu = warm.cpuMs() - cpu0;
        const b1 = await batches(warm.base);
        line('warm', r, OPEN_SECONDS, res, d, cpu, (await transactions()) - tx0, { batches: b1.batches - b0.batches, texts: b1.texts - b0.texts });
        // The issue's bar (p99 ≤ 500 ms, every text answered), and falling behind: a p50 past a
        // second, replies piling up faster than they go.
        if (d.p99 <= 500 && d.unanswered === 0 && res.failed === 0) held.push(r);
        if (d.p50 > 1000) behind.push(r);
      }
      console.log(`  knee (warm): p99 ≤ 500 ms up to ${held.length ? `${Math.max(...held)} texts/s` : 'none of the rates'}; behind (p50 > 1 s) from ${behind.length ? `${Math.min(...behind)} texts/s` : 'none of the rates'}`);
    } finally {
      await warm.stop();
    }
  } finally {
    await fake.close();
    await db.$disconnect();
  }
}

if (only.has('cpu')) {
  const TEXTS_N = Math.max(100, Number(process.env.BENCH_CPU_TEXTS ?? 3000));
  const LANES = Math.max(1, Number(process.env.BENCH_CPU_CONCURRENCY ?? 16));
  const ROUNDS = Math.max(1, Number(process.env.BENCH_CPU_ROUNDS ?? 1));
  const roots = (process.env.BENCH_CPU_ROOTS ?? '.').split(',').map((r) => resolvePath(r));
  const fake = await startFakeAliyunSms({ signNames: ['归雁就业'], templates: aliyunTemplateRegistry(), frequencyLimits: false, reportDelayMs: Infinity });
  const db = createDb(DATABASE_URL, { max: 2 });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const redisCpuMs = () => redisServerCpuMs(redis);
  const MIX = ['BM1003', '帮助', 'BM1003', '岗位', 'BM1003', '我的', 'BM 1003', '帮助', '岗位', 'bm1003'];
  /** Closed loop: `n` one-text pushes from `phones`, `LANES` in flight. */
  const closedLoop = async (base: string, phones: string[], n: number, tag: string) => {
    let next = 0;
    const lane = async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const body = JSON.stringify([{ phone_number: phones[i % phones.length], content: MIX[(Math.floor(i / phones.length) + i) % MIX.length], send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: `${tag}-${i}` }]);
        const res = await fetch(`${base}/webhooks/aliyun/sms-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (res.status !== 200) throw new Error(`push ${i}: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
  };
  /** Waits until every text of `phones` has its reply at the provider (or 120 s); the texts left unanswered. */
  const answered = async (phones: string[]) => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [c] = await db.$queryRaw<{ unanswered: bigint }[]>`
        SELECT count(*) FILTER (WHERE n.sent_at IS NULL) AS unanswered
        FROM inbound_messages m LEFT JOIN notifications n ON n.dedupe_key = 'reply:' || m.id
        WHERE m.sender = ANY(${phones}::text[])`;
      const left = Number(c?.unanswered ?? 0);
      if (left === 0 || Date.now() > deadline) return left;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const batches = async (base: string) => {
    const text = await fetch(`${base}/metrics`).then((r) => r.text(), () => '');
    const counter = (name: string) => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1] ?? NaN);
    return { batches: counter('guiyan_inbound_batches_total'), texts: counter('guiyan_inbound_batch_texts_total') };
  };
  type Row = { root: string; round: number; seconds: number; guiyan: number; idle: number; pg: number; redis: number; perBatch: number; unanswered: number };
  const rows: Row[] = [];
  console.log(`cpu a text: closed loop, ${TEXTS_N} one-text pushes from ${Math.ceil(TEXTS_N / 2)} workers, ${LANES} in flight, until every reply is at the (fake) provider (CPU ms a text)`);
  console.log('  build                              round  seconds  texts/s  guiyan  (idle)  postgres  redis   total  texts/batch  unanswered');
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const root of roots) {
        await emptyTables();
        const ws = await db.workshop.create({ data: { name: '新街缝纫车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000001' } });
        await db.opening.create({ data: { workshopId: ws.id, code: '1003', title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 100, wageMax: 150, wageUnit: 'day' } });
        const register = async (count: number) => {
          const base = phoneBlockBase();
          const phones = Array.from({ length: count }, (_, i) => String(base + i));
          await db.$executeRaw`
            INSERT INTO workers (phone, skills, division_code, created_at, updated_at)
            SELECT p, ARRAY['缝纫'], '532528102', now() - interval '2 days', now() FROM unnest(${phones}::text[]) AS p
            ON CONFLICT DO NOTHING`;
          return phones;
        };
        const appName = `guiyan-cpu-${randomBytes(3).toString('hex')}`;
        const server = await startServer(
          serverEnv({
            ...aliyunEnv(fake),
            PGAPPNAME: appName,
            REPLY_BUDGET_PER_HOUR: '1000',
            REPLY_BUDGET_PER_DAY: '1000',
            SMS_DAILY_PER_PHONE: '25',
            TEXT_CHANGES_PER_DAY: '1000',
            SMS_RATE_LIMIT_RPS: '5000',
          }),
          18_321,
          root,
        );
        try {
          // Warm: a third of the texts, then a pause for the process to settle.
          const warmPhones = await register(Math.ceil(TEXTS_N / 6));
          await closedLoop(server.base, warmPhones, Math.ceil(TEXTS_N / 3), `cw${round}`);
          await answered(warmPhones);
          const phones = await register(Math.ceil(TEXTS_N / 2));
          await new Promise((r) => setTimeout(r, 1000));
          const idle0 = server.cpuMs();
          await new Promise((r) => setTimeout(r, 3000));
          const idleRate = (server.cpuMs() - idle0) / 3000;
          const pg = backendCpu(async () =>
            (await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE application_name = ${appName}`).map((r) => r.pid),
          );
          await pg.start();
          const r0 = await redisCpuMs();
          const b0 = await batches(server.base);
          const cpu0 = server.cpuMs();
          const t0 = performance.now();
          await closedLoop(server.base, phones, TEXTS_N, `c${round}`);
          const unanswered = await answered(phones);
          const seconds = (performance.now() - t0) / 1000;
          const cpu = server.cpuMs() - cpu0;
          const pgMs = await pg.stop();
          const redisMs = (await redisCpuMs()) - r0;
          const b1 = await batches(server.base);
          const idle = idleRate * seconds * 1000;
          const row: Row = { root, round, seconds, guiyan: (cpu - idle) / TEXTS_N, idle: idle / TEXTS_N, pg: pgMs / TEXTS_N, redis: redisMs / TEXTS_N, perBatch: (b1.texts - b0.texts) / Math.max(1, b1.batches - b0.batches), unanswered };
          rows.push(row);
          const f = (v: number, w = 6) => v.toFixed(2).padStart(w);
          console.log(`  ${root.slice(-34).padEnd(34)} ${String(round).padStart(5)}  ${seconds.toFixed(1).padStart(7)}  ${(TEXTS_N / seconds).toFixed(0).padStart(7)}  ${f(row.guiyan)}  (${f(row.idle, 4)})  ${f(row.pg, 8)}  ${f(row.redis, 5)}  ${f(row.guiyan + row.pg + row.redis)}  ${f(row.perBatch, 11)}  ${String(unanswered).padStart(10)}`);
        } finally {
          await server.stop();
        }
      }
    }
    if (ROUNDS > 1 || roots.length > 1) {
      console.log('  median of the rounds:');
      for (const root of roots) {
        const mine = rows.filter((r) => r.root === root);
        console.log(`  ${root.slice(-34).padEnd(34)}  guiyan ${median(mine.map((r) => r.guiyan)).toFixed(2)}  postgres ${median(mine.map((r) => r.pg)).toFixed(2)}  redis ${median(mine.map((r) => r.redis)).toFixed(2)}  total ${median(mine.map((r) => r.guiyan + r.pg + r.redis)).toFixed(2)} ms a text`);
      }
    }
  } finally {
    redis.disconnect();
    await fake.close();
    await db.$disconnect();
  }
}

if (only.has('webhook-cpu')) {
  // What a push costs the API process (round 7): a process without workers, as in the webhook
  // table, pushed one-text pushes at a fixed rate; the CPU of guiyan's process (its idle rate
  // taken out), of its PostgreSQL backends and of Redis a push, with the answers' p50 / p99, first
  // from a cold start (the pushes begin as soon as /healthz answers), then warm.
  const RATE = Math.max(1, Number(process.env.BENCH_HOOK_RATE ?? 1000));
  const PUSHES = Math.max(100, Number(process.env.BENCH_HOOK_PUSHES ?? 10_000));
  const COLD_PUSHES = Math.max(0, Number(process.env.BENCH_HOOK_COLD_PUSHES ?? 5000));
  const ROUNDS = Math.max(1, Number(process.env.BENCH_CPU_ROUNDS ?? 1));
  const roots = (process.env.BENCH_CPU_ROOTS ?? '.').split(',').map((r) => resolvePath(r));
  const db = createDb(DATABASE_URL, { max: 2 });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const redisCpuMs = () => redisServerCpuMs(redis);
  const texts = (base: number) => (i: number): Push => ({ phone: String(base + (i % OPEN_PHONES)), content: i % 2 ? '帮助' : '订阅 缝纫 新街', sequence: `h${base}-${i}` });
  type Row = { root: string; round: number; step: string; guiyan: number; pg: number; redis: number; p50: number; p99: number; failed: number };
  const rows: Row[] = [];
  const f = (v: number, w = 6) => v.toFixed(3).padStart(w);
  console.log(`webhook cpu a push: API process without workers, one-text pushes at ${RATE}/s; cold: the first ${COLD_PUSHES} after a start, warm: ${PUSHES} after as many again (CPU ms a push; answer ms)`);
  console.log('  build                              round  step   guiyan  (idle)  postgres   redis    total      p50     p99     max  failed');
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const root of roots) {
        await emptyTables();
        const appName = `guiyan-hook-${randomBytes(3).toString('hex')}`;
        const server = await startServer(serverEnv({ RUN_WORKERS: 'false', PGAPPNAME: appName }), 18_331, root);
        try {
          const measure = async (step: string, n: number, idleRate: number) => {
            const pg = backendCpu(async () =>
              (await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE application_name = ${appName}`).map((r) => r.pid),
            );
            await pg.start();
            const r0 = await redisCpuMs();
            const cpu0 = server.cpuMs();
            const t0 = performance.now();
            const res = await pushAtRate(server.base, RATE, n / RATE, texts(phoneBlockBase()));
            const seconds = (performance.now() - t0) / 1000;
            const cpu = server.cpuMs() - cpu0;
            const pgMs = await pg.stop();
            const redisMs = (await redisCpuMs()) - r0;
            const idle = idleRate * seconds * 1000;
            const s = summary(res.latencies);
            const row: Row = { root, round, step, guiyan: (cpu - idle) / n, pg: pgMs / n, redis: redisMs / n, p50: s.p50, p99: s.p99, failed: res.failed };
            rows.push(row);
            console.log(`  ${root.slice(-34).padEnd(34)} ${String(round).padStart(5)}  ${step.padEnd(5)} ${f(row.guiyan)}  (${f(idle / n, 5)})  ${f(row.pg, 8)}  ${f(row.redis)}  ${f(row.guiyan + row.pg + row.redis, 7)}  ${ms(s.p50)}  ${ms(s.p99)}  ${ms(s.max)}  ${String(res.failed).padStart(6)}`);
          };
          if (COLD_PUSHES) await measure('cold', COLD_PUSHES, 0);
          await pushAtRate(server.base, RATE, PUSHES / RATE, texts(phoneBlockBase()));
          await new Promise((r) => setTimeout(r, 1000));
          const idle0 = server.cpuMs();
          await new Promise((r) => setTimeout(r, 3000));
          await measure('warm', PUSHES, (server.cpuMs() - idle0) / 3000);
        } finally {
          await server.stop();
        }
      }
    }
    if (ROUNDS > 1 || roots.length > 1) {
      console.log('  median of the rounds:');
      for (const root of roots) {
        for (const step of ['cold', 'warm']) {
          const mine = rows.filter((r) => r.root === root && r.step === step);
          if (!mine.length) continue;
          console.log(`  ${root.slice(-34).padEnd(34)} ${step.padEnd(5)} guiyan ${median(mine.map((r) => r.guiyan)).toFixed(3)}  postgres ${median(mine.map((r) => r.pg)).toFixed(3)}  redis ${median(mine.map((r) => r.redis)).toFixed(3)}  total ${median(mine.map((r) => r.guiyan + r.pg + r.redis)).toFixed(3)} ms a push  p50 ${ms(median(mine.map((r) => r.p50)))}  p99 ${ms(median(mine.map((r) => r.p99)))}`);
        }
      }
    }
  } finally {
    redis.disconnect();
    await db.$disconnect();
  }
}

if (prefixes.length) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  for (const prefix of prefixes) await deleteMatching(redis, `${prefix}:*`);
  redis.disconnect();
}
