import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry, TEMPLATES } from '../../src/domain/message-templates.js';
import { PRIORITY } from '../../src/queues/catalog.js';
import { createSendPacing } from '../../src/services/delivery/send-pacing.js';
import { CONCURRENCY, startWorkers } from '../../workers/start-workers.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { addSewers, aliyunEnv as baseAliyunEnv, broadcastTo, sewingOpening } from '../helpers/delivery.js';
import { keysMatching } from '../../src/redis.js';

/**
 * The notify pipeline against the fake Aliyun server through the real SDK and the real
 * workers: batching, each error class of docs/aliyun-sms.md ("Error codes"), pacing, receipts, reconciliation,
 * opt-outs at the moment of sending, and the campaign totals and metrics built on them.
 */
const SIGN = '归雁就业';
const ALERT = TEMPLATES.job_alert.defaultCode;
const aliyunEnv = (fake: FakeAliyunSms) => baseAliyunEnv(fake, { ALIYUN_SMS_TIMEOUT_MS: '1000' });

/** Log lines at error level, to check that an account problem is raised loudly. */
function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'error' }, stream), lines };
}

let phoneSeq = 0;
/** Fresh phones per test: the daily budget counters in Redis outlive a table reset. */
const nextPhones = (n: number) => Array.from({ length: n }, () => `139${String(++phoneSeq).padStart(8, '0')}`);

const addWorkers = addSewers;
const openingFor = sewingOpening;
const broadcast = broadcastTo;

const notifyWorker = (sys: TestSystem) => sys.workers!.workers.find((w) => w.name === 'notify')!;
const statusesOf = async (sys: TestSystem, campaignId: number) =>
  (await sys.ctx.db.notification.findMany({ where: { campaignId }, orderBy: { id: 'asc' } })).map((n) => [n.phone, n.status, n.errorCode]);
const allSettled = (sys: TestSystem, campaignId: number) =>
  waitFor(async () => (await sys.ctx.db.notification.count({ where: { campaignId, status: { in: ['queued', 'sending'] } } })) === 0, `campaign ${campaignId} settled`, 20_000);

describe('delivery through the fake Aliyun server', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  const captured = capturedLog();

  const api = (path: string, method = 'GET') =>
    fetch(`${sys.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  const push = (path: string, items: unknown[]) =>
    fetch(`${sys.url}/webhooks/aliyun/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });

  beforeAll(async () => {
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry() });
    sys = await startSystem({
      listen: true,
      overrides: { log: captured.log },
      env: {
        ...aliyunEnv(fake),
        SMS_DAILY_PER_PHONE: '3',
        // The reconciler is driven by hand here; its schedule stays out of the way.
        RECONCILE_EVERY_MS: '3600000',
        RECONCILE_SENDING_AFTER_MS: '0',
        RECONCILE_RESEND_AFTER_MS: '2500',
        RECONCILE_RECEIPT_AFTER_MS: '0',
      },
    });
  });
  afterAll(async () => {
    // The fake first: a receipt push still running would hold the HTTP server's close open.
    await fake?.close();
    await sys?.close();
  });
  beforeEach(async () => {
    // Ids restart with the tables, and job ids are built from them: start from an empty queue,
    // emptied first so no retry of the previous test's jobs runs into the truncate.
    const q = sys.ctx.queues.queue('notify');
    await q.obliterate({ force: true });
    await resetData(sys.ctx.db);
    fake.reset();
    fake.setLatency(0);
    fake.setReportUrl(`${sys.url}/webhooks/aliyun/sms-report`);
    captured.lines.length = 0;
    await q.resume();
    await notifyWorker(sys).resume();
  });

  it('sends 1,000 same-variable alerts in one SendSms call, then records each receipt and the cost', async () => {
    const phones = nextPhones(1000);
    const campaignId = await broadcast(sys, phones);
    await allSettled(sys, campaignId);
    const sends = fake.calls.filter((c) => c.action === 'SendSms');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.query.PhoneNumbers!.split(',').sort()).toEqual([...phones].sort());
    expect(fake.messages).toHaveLength(1000);
    expect(new Set(fake.messages.map((m) => m.bizId)).size).toBe(1);

    // Receipts share one BizId: each is matched back to its recipient by (BizId, phone).
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { campaignId, status: 'delivered' } })) === 1000, 'all receipts');
    const res = await api(`/api/v1/campaigns/${campaignId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: campaignId,
      status: 'completed',
      totals: { recipients: 1000, sent: 1000, delivered: 1000, failed: 0, segments: 1000, estimatedCost: 45 },
      failures: [],
    });
    expect((await api('/api/v1/campaigns/999999')).status).toBe(404);
  });

  it('sends differing variables with SendBatchSms, 100 numbers a call, matching receipts by (BizId, phone)', async () => {
    const phones = nextPhones(150);
    await addWorkers(sys, phones);
    const o = await openingFor(sys);
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'sending' } });
    const workers = await sys.ctx.db.worker.findMany({ where: { phone: { in: phones } }, orderBy: { id: 'asc' } });
    // Personalised alerts (a different code per person) cannot share one SendSms.
    await sys.ctx.db.notification.createMany({
      data: workers.map((w, i) => {
        const params = { workshop: '制衣车间', place: '元阳新街', title: '缝纫工', terms: '月薪3500-5000', code: String(1000 + i) };
        return { campaignId: c.id, workerId: w.id, kind: 'alert' as const, channel: 'sms' as const, phone: w.phone, templateCode: ALERT, templateParams: params, content: 'x', segments: 1 };
      }),
    });
    const ids = (await sys.ctx.db.notification.findMany({ where: { campaignId: c.id }, orderBy: { id: 'asc' } })).map((n) => n.id.toString());
    await sys.ctx.queues.add('notify', { notificationIds: ids }, { jobId: `batch-${c.id}`, priority: PRIORITY.alert });
    await allSettled(sys, c.id);
    const batches = fake.calls.filter((x) => x.action === 'SendBatchSms');
    expect(batches.map((b) => JSON.parse(b.body.PhoneNumberJson!).length)).toEqual([100, 50]);
    expect(fake.calls.filter((x) => x.action === 'SendSms')).toHaveLength(0);
    expect(new Set(fake.messages.map((m) => m.params.code)).size).toBe(150);
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { campaignId: c.id, status: 'delivered' } })) === 150, 'batch receipts');
  });

  it('retries a throttled call without spending an attempt', async () => {
    fake.fail({ action: 'SendSms', kind: 'throttle', retryAfterMs: 300 });
    const campaignId = await broadcast(sys, nextPhones(3));
    await allSettled(sys, campaignId);
    expect(fake.calls.map((c) => [c.action, c.code])).toEqual([
      ['SendSms', 'Throttling.User'],
      ['SendSms', 'OK'],
    ]);
    expect((await statusesOf(sys, campaignId)).every(([, s]) => s === 'sent' || s === 'delivered')).toBe(true);
    const job = await waitFor(async () => (await sys.ctx.queues.queue('notify').getJobs(['completed']))[0], 'the completed job');
    // One completed attempt: the throttled run was handed back, not counted as a failure.
    expect(job!.attemptsMade).toBe(1);
    expect(fake.messages).toHaveLength(3);
  });

  it('retries isp.SYSTEM_ERROR and 5xx with backoff, and gives up after the bounded attempts with the reason', async () => {
    fake.fail({ action: 'SendSms', kind: 'system' });
    const campaignId = await broadcast(sys, nextPhones(2));
    await allSettled(sys, campaignId);
    expect(fake.calls.map((c) => c.code)).toEqual(['isp.SYSTEM_ERROR', 'OK']);
    expect(fake.messages).toHaveLength(2);

    // A job with two attempts that meets 503 twice: failed, with the provider's code as the reason.
    fake.reset();
    fake.fail({ action: 'SendSms', kind: 'unavailable', times: 2 });
    const [phone] = nextPhones(1);
    await addWorkers(sys, [phone!]);
    const o = await openingFor(sys);
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'sending' } });
    const w = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: phone! } });
    const n = await sys.ctx.db.notification.create({
      data: { campaignId: c.id, workerId: w.id, kind: 'alert', channel: 'sms', phone: phone!, templateCode: ALERT, content: 'x', segments: 1,
        templateParams: { workshop: '制衣车间', place: '元阳新街', title: '缝纫工', terms: '月薪3500-5000', code: '1001' } },
    });
    await sys.ctx.queues.add('notify', { notificationIds: [n.id.toString()] }, { jobId: `bounded-${n.id}`, attempts: 2, backoff: { type: 'fixed', delay: 50 } });
    await allSettled(sys, c.id);
    expect(await statusesOf(sys, c.id)).toEqual([[phone, 'failed', 'ServiceUnavailable']]);
    expect(fake.calls.map((x) => x.code)).toEqual(['ServiceUnavailable', 'ServiceUnavailable']);
    expect(fake.messages).toHaveLength(0);
  });

  it('marks an invalid number and never retries it, while the rest of its batch is sent', async () => {
    const [good] = nextPhones(1);
    const bad = '12000000001'; // not a mainland mobile: the fake rejects the whole request
    const campaignId = await broadcast(sys, [good!, bad]);
    await allSettled(sys, campaignId);
    expect(await statusesOf(sys, campaignId)).toEqual(
      expect.arrayContaining([
        [good, expect.stringMatching(/^(sent|delivered)$/), null],
        [bad, 'failed', 'isv.MOBILE_NUMBER_ILLEGAL'],
      ]),
    );
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: bad } })).phoneInvalid).toBe(true);
    // The batch, then each number alone; the bad one is never tried again.
    expect(fake.calls.filter((c) => c.query.PhoneNumbers?.includes(bad))).toHaveLength(2);
    expect(fake.messages.map((m) => m.phone)).toEqual([good]);
  });

  it('pauses sending on a balance error, raises it, and sends once an operator resumes', async () => {
    fake.fail({ action: 'SendSms', kind: 'amount' });
    const campaignId = await broadcast(sys, nextPhones(2));
    const q = sys.ctx.queues.queue('notify');
    await waitFor(async () => q.isPaused(), 'the notify queue to pause');
    expect(captured.lines.some((l) => l.level === 50 && /PAUSED/.test(l.msg))).toBe(true);
    const metrics = await (await fetch(`${sys.url}/metrics`)).text();
    expect(metrics).toMatch(/^guiyan_sms_account_paused 1$/m);
    expect(metrics).toMatch(/guiyan_sms_provider_calls_total\{operation="SendSms",outcome="account"\} 1/);
    expect((await statusesOf(sys, campaignId)).map(([, s, e]) => [s, e])).toEqual([
      ['queued', 'isv.AMOUNT_NOT_ENOUGH'],
      ['queued', 'isv.AMOUNT_NOT_ENOUGH'],
    ]);

    expect((await fetch(`${sys.url}/api/v1/admin/queues/notify/resume`, { method: 'POST' })).status).toBe(401);
    const resumed = await api('/api/v1/admin/queues/notify/resume', 'POST');
    expect(await resumed.json()).toEqual({ queue: 'notify', paused: false });
    await allSettled(sys, campaignId);
    expect(fake.messages).toHaveLength(2);
    const job = await waitFor(async () => (await q.getJobs(['completed']))[0], 'the completed job');
    expect(job!.attemptsMade).toBe(1);
    expect(await (await fetch(`${sys.url}/metrics`)).text()).toMatch(/^guiyan_sms_account_paused 0$/m);
  });

  it('fails the campaign loudly when the template is not approved, with a reason for each recipient', async () => {
    const phones = nextPhones(2);
    await addWorkers(sys, phones);
    const o = await openingFor(sys);
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'sending' } });
    const workers = await sys.ctx.db.worker.findMany({ where: { phone: { in: phones } } });
    await sys.ctx.db.notification.createMany({
      data: workers.map((w) => ({ campaignId: c.id, workerId: w.id, kind: 'alert' as const, channel: 'sms' as const, phone: w.phone, templateCode: 'SMS_NOT_APPROVED', templateParams: { a: 'b' }, content: 'x', segments: 1 })),
    });
    const ids = (await sys.ctx.db.notification.findMany({ where: { campaignId: c.id } })).map((n) => n.id.toString());
    await sys.ctx.queues.add('notify', { notificationIds: ids }, { jobId: `tpl-${c.id}` });
    await allSettled(sys, c.id);
    // The campaign is marked failed just after its messages (notify-service.ts, case 'config'):
    // a look right after they settle can fall between the two writes (seen on a loaded machine).
    const campaign = await waitFor(async () => {
      const row = await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
      return row.status !== 'sending' && row;
    }, `campaign ${c.id} no longer sending`);
    expect(campaign).toMatchObject({ status: 'failed', error: expect.stringContaining('isv.SMS_TEMPLATE_ILLEGAL') });
    expect((await statusesOf(sys, c.id)).map(([, s, e]) => [s, e])).toEqual([
      ['failed', 'isv.SMS_TEMPLATE_ILLEGAL'],
      ['failed', 'isv.SMS_TEMPLATE_ILLEGAL'],
    ]);
    expect(captured.lines.some((l) => l.level === 50 && /template or signature/.test(l.msg))).toBe(true);
    const body = (await (await api(`/api/v1/campaigns/${c.id}`)).json()) as { failures: unknown };
    expect(body.failures).toEqual([{ reason: 'isv.SMS_TEMPLATE_ILLEGAL', count: 2 }]);
  });

  it('keeps each phone under its daily budget: the message over it fails with DAILY_BUDGET', async () => {
    const [phone] = nextPhones(1);
    await addWorkers(sys, [phone!]);
    const w = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: phone! } });
    for (let i = 0; i < 4; i++) {
      const id = await sys.ctx.db.$transaction((tx) =>
        sys.ctx.services.outbox.createDirect(tx, { dedupeKey: `budget-${i}`, kind: 'reply', workerId: w.id, phone: phone!, message: 'help', params: {} as never }),
      );
      await sys.ctx.services.outbox.enqueue(id!);
      await waitFor(async () => (await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: BigInt(id!) } })).status !== 'queued', 'the reply');
    }
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { status: 'sending' } })) === 0, 'replies settled');
    const rows = await sys.ctx.db.notification.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => (r.status === 'failed' ? r.errorCode : 'ok'))).toEqual(['ok', 'ok', 'ok', 'DAILY_BUDGET']);
    expect(fake.messages).toHaveLength(3);
  });

  it('budget: a refund never creates a count, and a new day starts afresh with an expiry', async () => {
    let at = new Date('2026-11-29T15:59:00Z'); // 23:59 in Beijing
    const pacing = createSendPacing({ redis: sys.ctx.redis, config: { ...sys.config, SMS_DAILY_PER_PHONE: 2 }, now: () => at });
    const item = { phone: nextPhones(1)[0]!, templateCode: 'SMS_TEST' };
    expect(await pacing.charge([item, item, item])).toEqual([true, true, false]);
    at = new Date('2026-11-29T16:01:00Z'); // 00:01: the call is put back after midnight
    await pacing.refund([item]);
    const keys = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:pacing:budget:*:${item.phone}`);
    expect(keys.map((k) => k.split(':budget:')[1]!.split(':')[0])).toEqual(['20261129']);
    expect(await pacing.charge([item, item])).toEqual([true, true]);
    const today = `${sys.config.QUEUE_PREFIX}:pacing:budget:20261130:SMS_TEST:${item.phone}`;
    expect(await sys.ctx.redis.get(today)).toBe('2');
    expect(await sys.ctx.redis.ttl(today)).toBeGreaterThan(0);
  });

  it('applies receipts that arrive twice and out of order without moving a status backwards', async () => {
    // The receipt comes back before the send call's own answer: the message is still `sending`.
    fake.setLatency(400);
    const [a, b] = nextPhones(2);
    const campaignId = await broadcast(sys, [a!, b!]);
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { campaignId, status: 'delivered' } })) === 2, 'receipts');
    await allSettled(sys, campaignId);
    const rows = await sys.ctx.db.notification.findMany({ where: { campaignId } });
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(rows.every((r) => r.bizId === fake.messages[0]!.bizId)).toBe(true);

    // The same push again, and an older failure report arriving last: nothing moves.
    const reports = fake.reportPushes.flatMap((p) => p.reports);
    expect((await push('sms-report', reports)).status).toBe(200);
    const stale = { ...reports.find((r) => r.phone_number === a)!, success: false, err_code: 'MK:0001', err_msg: '失败', report_time: '2020-01-01 00:00:00' };
    expect((await push('sms-report', [stale])).status).toBe(200);
    expect((await statusesOf(sys, campaignId)).map(([, s]) => s)).toEqual(['delivered', 'delivered']);
    expect(await sys.ctx.db.deliveryReport.count()).toBe(3);
  });

  it('reconciles a timed-out call with QuerySendDetails instead of sending it again', async () => {
    fake.setReportUrl(undefined);
    fake.fail({ action: 'SendSms', kind: 'delay', delayMs: 1500 });
    const [phone] = nextPhones(1);
    const campaignId = await broadcast(sys, [phone!]);
    await waitFor(async () => (await sys.ctx.db.notification.findFirst({ where: { campaignId, errorCode: 'Timeout' } })) ?? undefined, 'the timeout');
    expect(await statusesOf(sys, campaignId)).toEqual([[phone, 'sending', 'Timeout']]);
    await fake.pushReports(); // the carrier receipt exists at Aliyun, but the push never reaches us
    const r = await sys.ctx.services.reconcile.run();
    expect(r).toMatchObject({ foundSent: 1, resent: 0 });
    expect(await statusesOf(sys, campaignId)).toEqual([[phone, 'delivered', null]]);
    expect(fake.calls.filter((c) => c.action === 'QuerySendDetails').length).toBeGreaterThan(0);
    expect(fake.messages).toHaveLength(1);
    expect((await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe('completed');
  });

  it('puts a claimed message with no trace at the provider back in the queue once, after the safe delay', async () => {
    fake.setReportUrl(undefined);
    await notifyWorker(sys).pause();
    const [phone] = nextPhones(1);
    const campaignId = await broadcast(sys, [phone!]);
    // A worker that claimed the message and died before its call.
    await sys.ctx.queues.queue('notify').obliterate({ force: true });
    await sys.ctx.db.$executeRaw`UPDATE notifications SET status = 'sending', out_id = 'n-crashed', updated_at = now() - interval '1 second' WHERE campaign_id = ${campaignId}`;
    notifyWorker(sys).resume();
    expect(await sys.ctx.services.reconcile.run()).toMatchObject({ foundSent: 0, resent: 0, waiting: 1 });
    await sys.ctx.db.$executeRaw`UPDATE notifications SET updated_at = now() - interval '5 seconds' WHERE campaign_id = ${campaignId}`;
    expect(await sys.ctx.services.reconcile.run()).toMatchObject({ resent: 1 });
    await allSettled(sys, campaignId);
    expect(await sys.ctx.db.notification.findFirstOrThrow({ where: { campaignId } })).toMatchObject({ status: 'sent', resends: 1 });
    expect(fake.messages.map((m) => m.phone)).toEqual([phone]);
    expect((await (await api(`/api/v1/campaigns/${campaignId}`)).json()) as object).toMatchObject({ totals: { resends: 1, sent: 1 } });
  });

  it('asks QuerySendDetails for a sent message whose receipt never came', async () => {
    fake.setReportUrl(undefined);
    const [phone] = nextPhones(1);
    const campaignId = await broadcast(sys, [phone!]);
    await allSettled(sys, campaignId);
    await fake.pushReports();
    expect(await sys.ctx.services.reconcile.run()).toMatchObject({ receipts: 1 });
    expect(await statusesOf(sys, campaignId)).toEqual([[phone, 'delivered', null]]);
  });

  it('cancels an alert whose worker opted out while it was queued, end to end', async () => {
    const [quitter, stayer] = nextPhones(2);
    await notifyWorker(sys).pause();
    const campaignId = await broadcast(sys, [quitter!, stayer!]);
    const smsUp = { phone_number: quitter, content: 'TD', send_time: '2026-11-29 10:00:00', dest_code: '1234', sequence_id: `td-${quitter}`, sign_name: SIGN };
    expect((await push('sms-up', [smsUp])).status).toBe(200);
    await waitFor(async () => (await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: quitter! } })).status === 'opted_out', 'the opt-out');
    notifyWorker(sys).resume();
    await allSettled(sys, campaignId);
    await waitFor(async () => fake.messages.some((m) => m.phone === quitter), 'the opt-out confirmation');
    expect(fake.messages.filter((m) => m.phone === quitter).map((m) => m.templateCode)).toEqual([TEMPLATES.unsubscribed.defaultCode]);
    expect(fake.messages.filter((m) => m.phone === stayer).map((m) => m.templateCode)).toEqual([ALERT]);
    expect(await statusesOf(sys, campaignId)).toEqual(
      expect.arrayContaining([
        [quitter, 'cancelled', 'OPTED_OUT'],
        [stayer, expect.stringMatching(/^(sent|delivered)$/), null],
      ]),
    );
  });

  it('serves metrics and puts Bull Board behind the admin key', async () => {
    const campaignId = await broadcast(sys, nextPhones(2));
    await allSettled(sys, campaignId);
    const text = await (await fetch(`${sys.url}/metrics`)).text();
    expect(text).toMatch(/guiyan_sms_sent_total\{kind="alert"\} \d+/);
    expect(text).toMatch(/guiyan_sms_provider_latency_seconds_count\{operation="SendSms"\} \d+/);
    expect(text).toMatch(/guiyan_queue_jobs\{queue="notify",state="waiting"\} 0/);
    expect(text).toMatch(/guiyan_queue_oldest_waiting_seconds\{queue="notify"\} 0/);
    expect((await fetch(`${sys.url}/admin/queues`)).status).toBe(401);
    const board = await api('/admin/queues');
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<html');
    const queues = (await (await api('/admin/queues/api/queues')).json()) as { queues: { name: string }[] };
    expect(queues.queues.map((q) => q.name)).toContain('notify');
  });
});

describe('replies go before a 100,000-recipient broadcast', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  beforeAll(async () => {
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity, latencyMs: 100 });
    sys = await startSystem({ listen: true, workers: false, env: aliyunEnv(fake) });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    await fake?.close();
    await sys?.close();
    await resetData(sys.ctx.db).catch(() => undefined);
  });

  it('answers a worker while 100 jobs of alerts wait in the queue', async () => {
    const phones = Array.from({ length: 100_000 }, (_, i) => `137${String(i).padStart(8, '0')}`);
    const campaignId = await broadcast(sys, phones);
    expect(await sys.ctx.queues.queue('notify').getJobCountByTypes('prioritized', 'wait')).toBe(100);
    const asker = '13699990000';
    const smsUp = { phone_number: asker, content: '帮助', send_time: '2026-11-29 10:00:00', dest_code: '1234', sequence_id: 'help-1', sign_name: SIGN };
    const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([smsUp]) });
    expect(res.status).toBe(200);
    // The reply is written after the whole broadcast was queued; only then does sending start.
    const inbound = await startWorkers(sys.ctx, ['inbound']);
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { phone: asker, kind: 'reply' } })) === 1, 'the reply to be queued');
    sys.workers = await startWorkers(sys.ctx, ['notify']);
    await waitFor(async () => fake.messages.some((m) => m.phone === asker), 'the help reply', 20_000);
    await inbound.close();
    const replyCall = fake.calls.findIndex((c) => c.query.PhoneNumbers === asker);
    // At most the jobs fetched in the same moment as the reply may go before it.
    expect(replyCall).toBeGreaterThanOrEqual(0);
    expect(fake.calls.slice(0, replyCall).filter((c) => c.query.TemplateCode === ALERT).length).toBeLessThan(CONCURRENCY.notify);
    await sys.workers.close();
    expect(await sys.ctx.db.notification.count({ where: { campaignId, status: 'sending' } })).toBe(0);
  });
});
