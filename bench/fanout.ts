/**
 * npm run bench:fanout — broadcast one opening to 100,000 matched workers through the fake
 * Aliyun server and the real SDK, with no added latency and with 50 ms per provider call, and
 * compare with raw BullMQ add+process throughput measured in the same run (the same number of
 * jobs as the broadcast used, and one job per recipient as an unbatched design would need).
 *
 * Uses its own database (guiyan_bench_fanout, created, migrated and dropped) and its own Redis
 * key prefix (obliterated afterwards). Options: --recipients N (default 100000).
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, loadSettings } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createRedis } from '../src/redis.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { seedReferenceData } from '../src/db/seed.js';
import { aliyunTemplateRegistry } from '../src/domain/message-templates.js';
import { queueNames } from '../src/queues/catalog.js';
import { CONCURRENCY, startWorkers } from '../workers/start-workers.js';
import { startFakeAliyunSms } from '../tests/fakes/fake-aliyun-sms.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECIPIENTS = arg('recipients', 100_000);
const DB_NAME = 'guiyan_bench_fanout';
const settings = loadSettings(process.env, ['DATABASE_URL', 'REDIS_URL']);
const baseUrl = new URL(settings.DATABASE_URL);
baseUrl.pathname = `/${DB_NAME}`;
const DATABASE_URL = baseUrl.toString();
const REDIS_URL = settings.REDIS_URL;
const PREFIX = `{guiyan-bench-${randomBytes(4).toString('hex')}}`;
const SIGN = '归雁就业';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity, frequencyLimits: false });
  const config = loadConfig({
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    QUIET_HOURS: '',
    SMS_DRIVER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
    ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
    ALIYUN_SMS_ENDPOINT: fake.endpoint,
    ALIYUN_SMS_PROTOCOL: 'http',
    SMS_RATE_LIMIT_RPS: '5000',
    SMS_DAILY_PER_PHONE: '25',
    // 100,000 recipients cost more than the default daily spend limit: the guard is off here.
    SMS_DAILY_SPEND_LIMIT_YUAN: '0',
  });
  const ctx = createContext(config, { log: pino({ level: 'warn' }) });
  const { db } = ctx;
  const cleanup = async () => {
    for (const name of queueNames) await ctx.queues.queue(name).obliterate({ force: true }).catch(() => undefined);
    const keys = await ctx.redis.keys(`${PREFIX}:*`);
    for (let i = 0; i < keys.length; i += 1000) await ctx.redis.del(...keys.slice(i, i + 1000));
    await ctx.close();
    await fake.close();
    const admin = new pg.Client({ connectionString: DATABASE_URL.replace(`/${DB_NAME}`, '/postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.end();
  };

  try {
    await seedReferenceData(db, loadDivisions(['5325']));
    await db.$executeRawUnsafe('TRUNCATE applications, notifications, campaigns, openings, workshops, workers RESTART IDENTITY CASCADE');
    await db.$executeRaw`
      INSERT INTO workers (phone, skills, division_code, updated_at)
      SELECT '13' || lpad(i::text, 9, '0'), ARRAY['缝纫'], '532528102211', now() FROM generate_series(1, ${RECIPIENTS}::int) AS i`;
    const ws = await db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const running = await startWorkers(ctx, ['match', 'notify']);

    console.log(`bench:fanout — ${fmt(RECIPIENTS)} matched workers, notify concurrency ${CONCURRENCY.notify}, one process, fake Aliyun through the real SDK`);
    const results: { latency: number; recipientsPerSec: number }[] = [];
    for (const latency of [0, 50]) {
      fake.reset();
      fake.setLatency(latency);
      const opening = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
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
    const rawJobs = async (jobs: number, label: string) => {
      const name = `raw-${jobs}`;
      // A worker's blocking connection must retry forever (BullMQ refuses one that gives up, as
      // the app's command connection does), so the raw run gets its own.
      const connection = createRedis(config, 'workers');
      const q = new Queue(name, { connection, prefix: PREFIX });
      let done = 0;
      const finished = new Promise<void>((resolve) => {
        const w = new Worker(name, async () => undefined, { connection, prefix: PREFIX, concurrency: CONCURRENCY.notify });
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
    };
    const batchJobs = Math.ceil(RECIPIENTS / 1000);
    await rawJobs(batchJobs, 'as many jobs as the broadcast used');
    const perRecipient = await rawJobs(RECIPIENTS, 'one job per recipient (no batching)');
    for (const r of results) {
      console.log(`  ratio, ${r.latency} ms: fanout recipients/s ÷ raw BullMQ one-job-per-recipient jobs/s = ${(r.recipientsPerSec / perRecipient).toFixed(1)}×`);
    }
    const best = results[0]!.recipientsPerSec;
    console.log(`  target ≥ 10,000 recipients/s with batching: ${best >= 10_000 ? 'met' : 'NOT met'} (${fmt(best)} without latency, ${fmt(results[1]!.recipientsPerSec)} at 50 ms)`);
  } finally {
    await cleanup();
  }
}

await main();
