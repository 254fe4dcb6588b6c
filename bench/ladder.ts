// The ladder (issue 16 §2, docs/ladder.md) under a broadcast of 10,000: 1,000 WeChat-bound workers
// inside their 48-hour window and 9,000 by SMS; 20 % of SMS receipts fail; a quarter of the
// delivered reply within the wait; 30 % of calls go unanswered. Runs the real ladder service and
// the outbox's real claim, sent, receipt and call-receipt statements against PostgreSQL (the
// vendors are left out: each claimed message is marked sent as the notify worker would after a
// provider's OK), with receipts pushed twice and sweeps run again, and prints the steps, sends,
// cost per reached worker per channel and in all, and whether any step was sent twice.
//
//   npm run bench:ladder                     # 10,000 workers
//   BENCH_WORKERS=50000 npm run bench:ladder
//
// Uses its own database (<TEST_DATABASE_URL>_bench_ladder, else guiyan_bench_ladder: created,
// migrated and seeded here, emptied first) and a private Redis prefix.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig, loadSettings } from '../src/config.js';
import { createContext } from '../src/context.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import { waitFor as ladderWait } from '../src/domain/ladder.js';
import { deleteMatching } from '../src/redis.js';
import type { VoiceReportItem } from '../src/channels/voice/voice-push.js';
import { voiceReportRow } from '../src/services/delivery/voice-receipts.js';

const WORKERS = Math.min(Math.max(Number(process.env.BENCH_WORKERS ?? 10_000), 1000), 200_000);
const WECHAT_EVERY = 10; // worker id % 10 = 0: WeChat-bound, inside the window
const SMS_FAIL_EVERY = 5; // of the rest, id % 5 = 1: the SMS receipt fails (20 %)
const REPLY_EVERY = 4; // of the delivered, id % 4 = 2: replies within the wait (25 %)
const NO_ANSWER_PERCENT = 30; // calls not answered
const DATABASE_URL = process.env.TEST_DATABASE_URL ? `${process.env.TEST_DATABASE_URL}_bench_ladder` : 'postgresql://postgres@127.0.0.1:5432/guiyan_bench_ladder';
const { REDIS_URL } = loadSettings(process.env, ['REDIS_URL']);

async function main() {
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const seedDb = createDb(DATABASE_URL, { max: 2 });
  await seedReferenceData(seedDb, loadDivisions(['5325']));
  await seedDb.$disconnect();
  const config = loadConfig({
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: `{guiyan-bench-ladder-${randomBytes(4).toString('hex')}}`,
    LOG_LEVEL: 'silent',
    QUIET_HOURS: '',
    VOICE_DRIVER: 'console',
    VOICE_CONSOLE_RECEIPT_MS: '0',
    SMS_CONSOLE_RECEIPT_MS: '0',
    RUN_WORKERS: 'false',
  });
  const ctx = createContext(config, { log: pino({ level: 'silent' }) });
  const { db } = ctx;
  const { ladder, outbox } = ctx.services;
  try {
    await db.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers, consent_events, inbound_messages,
      delivery_reports, voice_reports, outbox_messages, workers, call_logs, ladder_steps, ladder_settings RESTART IDENTITY CASCADE`);
    const villages = (await db.division.findMany({ where: { code: { startsWith: '532528102' }, level: 'village' }, select: { code: true } })).map((d) => d.code);
    await db.$executeRaw`
      INSERT INTO workers (phone, name, skills, division_code, status, preferred_channel, wechat_open_id, created_at, updated_at)
      SELECT '139' || lpad(i::text, 8, '0'), '工人' || i, ARRAY['缝纫'], (${villages}::text[])[1 + i % ${villages.length}], 'active'::"WorkerStatus",
             (CASE WHEN i % ${WECHAT_EVERY} = 0 THEN 'wechat' ELSE 'sms' END)::"Channel", CASE WHEN i % ${WECHAT_EVERY} = 0 THEN 'o' || i END,
             now() - interval '30 days', now()
      FROM generate_series(1, ${WORKERS}) AS i`;
    // The WeChat-bound wrote to the account a day ago: inside the 48-hour window, before the alert.
    await db.$executeRaw`
      INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, worker_id, content, received_at, processed_at, raw)
      SELECT 'wechat', 'w' || w.id, 'wechat', w.wechat_open_id, w.id, '你好', now() - interval '1 day', now() - interval '1 day', '{}'::jsonb
      FROM workers w WHERE w.wechat_open_id IS NOT NULL`;
    await ladder.setFlags({ actor: 'bench', role: 'admin', keyId: null, divisionPrefixes: [], employerId: null }, '532528102', { enabled: true });
    const ws = await db.workshop.create({ data: { name: '新街制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const opening = await db.opening.create({
      data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 3500, wageMax: 5000, wageUnit: 'month', payDay: '每月15日', status: 'open' },
    });
    const campaign = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: opening.id, status: 'matching' } });
    const rendered = { templateCode: 'SMS_GUIYAN_JOB_ALERT', params: { job: '缝纫工', place: '元阳新街镇', pay: '3500-5000元/月', code: opening.code }, text: `新街镇招缝纫工3500-5000元/月，回BM${opening.code}报名，回TD退订` };
    const all = await db.worker.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const alertIds: bigint[] = [];
    for (let i = 0; i < all.length; i += 1000) {
      alertIds.push(...(await outbox.createCampaignAlerts(campaign.id, opening.id, rendered, 1, all.slice(i, i + 1000).map((w) => ({ workerId: w.id, score: 1, reasons: ['缝纫'] })))));
    }
    await db.campaign.update({ where: { id: campaign.id }, data: { status: 'sending', matched: alertIds.length } });
    const t0 = performance.now();
    const started = await ladder.start(campaign.id, alertIds);
    const startMs = performance.now() - t0;

    // ── Sending, as the notify worker would, and receipts (pushed twice) ──────────────────
    let bizSeq = 0;
    /** Claims queued messages (the real claim, with its cancels) and marks them sent; WeChat-bound alerts go as WeChat. */
    async function sendQueued(ids: bigint[]): Promise<{ sms: { id: bigint; worker: number; biz: string; phone: string }[]; voice: { id: bigint; worker: number; callId: string; phone: string }[] }> {
      const out = { sms: [] as { id: bigint; worker: number; biz: string; phone: string }[], voice: [] as { id: bigint; worker: number; callId: string; phone: string }[] };
      for (let i = 0; i < ids.length; i += 1000) {
        const claimed = await outbox.claim(ids.slice(i, i + 1000).map(String), `bench${i}`);
        for (const c of claimed) {
          if (c.cancel) continue;
          if (c.wechat_open_id) {
            await outbox.markTryingWechat([c.id]);
            await outbox.markSentFree(c.id, `wx${c.id}`);
          } else if (c.channel === 'voice') {
            const callId = `call${++bizSeq}`;
            await outbox.markSent([c.id], callId);
            out.voice.push({ id: c.id, worker: c.worker_id!, callId, phone: c.phone! });
          } else {
            const biz = `biz${++bizSeq}`;
            await outbox.markSent([c.id], biz);
            out.sms.push({ id: c.id, worker: c.worker_id!, biz, phone: c.phone! });
          }
        }
      }
      return out;
    }
    let receiptMs = 0;
    let receiptSteps = 0;
    async function smsReceipts(sent: { worker: number; biz: string; phone: string }[], twice: boolean) {
      const rows = sent.map((s) => {
        const failed = s.worker % SMS_FAIL_EVERY === 1;
        return { biz_id: s.biz, phone: s.phone, success: !failed, err_code: failed ? 'IS_CLOSE' : 'DELIVERED', err_msg: null, out_id: null, sms_size: 1, report_time: '2026-12-03 10:00:00', raw: {} };
      });
      for (let pass = 0; pass < (twice ? 2 : 1); pass++) {
        for (let i = 0; i < rows.length; i += 500) {
          const r = await outbox.applyReceipts(rows.slice(i, i + 500));
          const t = performance.now();
          receiptSteps += await ladder.afterFailures(r.failedIds);
          receiptMs += performance.now() - t;
        }
      }
    }
    async function callReceipts(placed: { worker: number; callId: string; phone: string }[], twice: boolean) {
      const items: VoiceReportItem[] = placed.map((p) => ({
        call_id: p.callId,
        out_id: '',
        callee: p.phone,
        status_code: (p.worker * 37) % 100 < NO_ANSWER_PERCENT ? '200003' : '200000',
        duration: 20,
        end_time: '2026-12-03 10:01:00',
      } as VoiceReportItem));
      for (let pass = 0; pass < (twice ? 2 : 1); pass++) {
        for (let i = 0; i < items.length; i += 500) {
          const fresh = await outbox.applyVoiceReports(items.slice(i, i + 500).map(voiceReportRow));
          const t = performance.now();
          receiptSteps += await ladder.afterFailures((fresh[0]?.failed_ids ?? []).map(BigInt));
          receiptMs += performance.now() - t;
        }
      }
    }
    const ladderQueued = async () =>
      (await db.$queryRaw<{ id: bigint }[]>`SELECT id FROM notifications WHERE dedupe_key LIKE 'ladder:%' AND status = 'queued' ORDER BY id`).map((r) => r.id);
    const replies = async (tag: string) =>
      db.$executeRaw`
        INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, worker_id, content, received_at, processed_at, raw)
        SELECT 'aliyun', ${tag} || n.worker_id, 'sms', n.phone, n.worker_id, '我要报名', now(), now(), '{}'::jsonb
        FROM notifications n WHERE n.status = 'delivered' AND n.channel = 'sms' AND n.worker_id % ${REPLY_EVERY} = 2
        ON CONFLICT DO NOTHING`;
    const wait = ladderWait(false, config);
    const sweeps: { at: string; ms: number; taken: Record<string, number>; stopped: Record<string, number> }[] = [];
    async function sweep(label: string) {
      const t = performance.now();
      const r = await ladder.sweep(new Date(Date.now() + wait + 60_000));
      sweeps.push({ at: label, ms: performance.now() - t, taken: r.taken, stopped: r.stopped });
    }

    // Round 1: the alerts. WeChat goes free; SMS receipts (20 % failed → calls at once).
    const first = await sendQueued(alertIds);
    await smsReceipts(first.sms, true);
    await replies('r1-');
    // Round 2: the calls the failures brought; then the sweep past the wait (WeChat and
    // delivered SMS without a reply move on; the replies stop).
    for (let round = 2; round <= 5; round++) {
      const sent = await sendQueued(await ladderQueued());
      await smsReceipts(sent.sms, true);
      await callReceipts(sent.voice, true);
      await replies(`r${round}-`);
      await sweep(`round ${round}`);
    }
    // Late and repeated: every receipt again, two more sweeps far later.
    const again = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM notifications WHERE status = 'queued'`;
    await sweep('again');
    await sweep('again');

    // ── Figures ─────────────────────────────────────────────────────────────────────────
    const perStep = await ladder.countsFor(opening.id);
    const sends = await db.$queryRaw<{ channel: string; sends: bigint; reached: bigint; segments: bigint; attempts_max: number }[]>`
      SELECT n.channel::text AS channel, count(*) FILTER (WHERE n.sent_at IS NOT NULL) AS sends,
             count(*) FILTER (WHERE n.status = 'delivered' OR (n.channel = 'wechat' AND n.status = 'sent')) AS reached,
             coalesce(sum(n.segments) FILTER (WHERE n.sent_at IS NOT NULL AND n.channel = 'sms'), 0) AS segments, max(n.attempts) AS attempts_max
      FROM notifications n WHERE n.kind = 'alert' GROUP BY 1 ORDER BY 1`;
    const twice = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT worker_id, channel FROM notifications WHERE kind = 'alert' AND sent_at IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x`;
    const tasks = await db.ladderStep.count({ where: { channel: 'call_task' } });
    const taskReasons = await db.$queryRaw<{ reason: string; n: bigint }[]>`SELECT reason, count(*) AS n FROM ladder_steps WHERE channel = 'call_task' GROUP BY 1 ORDER BY 2 DESC`;
    const reachedAny = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(DISTINCT worker_id) AS n FROM notifications WHERE kind = 'alert' AND (status = 'delivered' OR (channel = 'wechat' AND status = 'sent'))`;
    const replied = await db.$queryRaw<{ n: bigint }[]>`SELECT count(DISTINCT worker_id) AS n FROM inbound_messages WHERE provider = 'aliyun'`;
    const price = { sms: config.SMS_PRICE_PER_SEGMENT, voice: config.VOICE_PRICE_PER_CALL, wechat: 0 };
    console.log(`\nladder bench: ${WORKERS} workers (${WORKERS / WECHAT_EVERY} WeChat-bound in window), 20 % failed SMS receipts, ${NO_ANSWER_PERCENT} % unanswered calls, ${100 / REPLY_EVERY} % of delivered SMS replied`);
    console.log(`ladders started: ${started} (${startMs.toFixed(0)} ms)`);
    console.log('\nsteps per channel (the opening\'s counts, API GET /openings/:id → ladder):');
    console.table(perStep);
    console.log('sweeps (time to the wait\'s end each; the last two after everything settled):');
    console.table(sweeps.map((s) => ({ sweep: s.at, ms: Math.round(s.ms), taken: JSON.stringify(s.taken), stopped: JSON.stringify(s.stopped) })));
    console.log(`steps taken from receipts: ${receiptSteps} (${receiptMs.toFixed(0)} ms in the ladder, receipts pushed twice each)`);
    let total = 0;
    const rows = sends.map((s) => {
      const cost = s.channel === 'sms' ? Number(s.segments) * price.sms : s.channel === 'voice' ? Number(s.sends) * price.voice : 0;
      total += cost;
      return { channel: s.channel, sends: Number(s.sends), reached: Number(s.reached), 'cost ¥': cost.toFixed(2), '¥ per reached': Number(s.reached) ? (cost / Number(s.reached)).toFixed(4) : '—', 'max sends of one message': s.attempts_max };
    });
    console.log(`\nsends and cost (SMS ¥${price.sms}/segment, call ¥${price.voice} placeholder per placed call, WeChat ¥0):`);
    console.table(rows);
    const reached = Number(reachedAny[0]!.n);
    console.log(`total ¥${total.toFixed(2)} for ${reached} workers reached on some channel: ¥${(total / reached).toFixed(4)} per reached worker; ${Number(replied[0]!.n)} replied`);
    console.log(`call tasks for caseworkers: ${tasks}`);
    console.table(taskReasons.map((r) => ({ reason: r.reason, n: Number(r.n) })));
    const dup = Number(twice[0]!.n);
    console.log(`a step sent twice (worker × channel with two sends): ${dup}; messages still queued before the last sweeps: ${Number(again[0]!.n)}`);
    if (dup > 0) process.exitCode = 1;
  } finally {
    await deleteMatching(ctx.redis, `${config.QUEUE_PREFIX}:*`).catch(() => undefined);
    await ctx.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
