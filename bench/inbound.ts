// Inbound throughput: worker texts per second through the Aliyun SMS uplink webhook until each
// reply is queued for sending (webhook → stored → inbound job → read + conversation → reply
// row → notify job), against a bare Fastify route that only parses the same JSON, both driven
// by the same client on loopback in this process. Prints both rates and their ratio.
//
//   npm run bench:inbound                       # 600 messages, 16 in flight
//   BENCH_MESSAGES=2000 BENCH_CONCURRENCY=32 npm run bench:inbound
//
// Uses its own database (BENCH_DATABASE_URL, else <TEST_DATABASE_URL>_bench_inbound, else
// guiyan_bench_inbound: created, migrated and seeded here, its workers and messages emptied
// first) and a private Redis queue prefix.
import { randomBytes } from 'node:crypto';
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
import { startWorkers } from '../workers/start-workers.js';

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
    await db.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers,
      consent_events, inbound_messages, delivery_reports, outbox_messages, workers RESTART IDENTITY CASCADE`);
  } finally {
    await db.$disconnect();
  }
}

async function benchGuiyan(): Promise<{ seconds: number; replies: number }> {
  const config = loadConfig({
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
 * Waits until `expected` reply jobs are queued (some texts, like a repeated opt-out, get no
 * reply; they are few here, so the wait ends when the count stops growing after the pushes).
 */
async function waitForQueued(notify: Queue, expected: number): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const c = await notify.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    const n = Object.values(c).reduce((a, b) => a + b, 0);
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 2000) {
      return n;
    }
    await new Promise((r) => setTimeout(r, 5));
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

await prepareDatabase();
const bare = await benchBare();
const guiyan = await benchGuiyan();
const rate = (s: number) => MESSAGES / s;
console.log(`inbound bench: ${MESSAGES} messages, ${CONCURRENCY} in flight, loopback`);
console.log(`  bare Fastify route      ${rate(bare.seconds).toFixed(0).padStart(7)} msg/s  (${bare.seconds.toFixed(2)} s)`);
console.log(`  guiyan webhook → reply  ${rate(guiyan.seconds).toFixed(0).padStart(7)} msg/s  (${guiyan.seconds.toFixed(2)} s, ${guiyan.replies} replies queued)`);
console.log(`  ratio guiyan / bare     ${(rate(guiyan.seconds) / rate(bare.seconds)).toFixed(3)}`);
