import { sendTimeFor } from '../../src/domain/send-rules.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { apiAs, createKey } from '../helpers/api.js';
import { startWorkers, type RunningWorkers } from '../../workers/start-workers.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

const NANSHA = '532528101';

async function seedWorkers(sys: TestSystem) {
  const db = sys.ctx.db;
  const mk = (phone: string, extra: object = {}) => db.worker.create({ data: { phone, divisionCode: NANSHA, skills: ['缝纫'], ...extra } });
  return {
    active: await mk('13800000101'),
    second: await mk('13800000102'),
    optedOut: await mk('13800000103', { status: 'opted_out' }),
    paused: await mk('13800000104', { status: 'paused' }),
    badPhone: await mk('13800000105', { phoneInvalid: true }),
    otherSkill: await mk('13800000106', { skills: ['包装'] }),
    mengzi: await db.worker.create({ data: { phone: '13800000107', divisionCode: '532503001', skills: ['缝纫'] } }),
  };
}

/** A Beijing "HH:MM" offset from now, to put the present inside or outside quiet hours. */
const beijingClock = (offsetMin: number) => {
  const d = new Date(Date.now() + 8 * 3600_000 + offsetMin * 60_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

describe('reminders through the real queue', () => {
  let sys: TestSystem;
  let api: ReturnType<typeof apiAs>;
  let w: Awaited<ReturnType<typeof seedWorkers>>;
  let segmentId: number;

  let secondProcess: RunningWorkers;

  beforeAll(async () => {
    sys = await startSystem();
    // A second set of reminder and notify workers, as a second worker process would run.
    secondProcess = await startWorkers(sys.ctx, ['reminder', 'notify']);
  });
  afterAll(async () => {
    await secondProcess?.close();
    await sys?.close();
  });
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    const key = await createKey(sys, { name: '南沙镇站', role: 'caseworker', divisionPrefixes: ['532528'] });
    api = apiAs(sys, key.key);
    w = await seedWorkers(sys);
    segmentId = (await api('POST', '/api/v1/caseworker/segments', { name: '南沙缝纫', filter: { divisions: [NANSHA], skills: ['车工'] } })).json.id;
  });

  it('fires a reminder after a short delay, obeying opt-outs; a cancelled one never fires', async () => {
    const body = (at: Date, text: string) => ({ sender: '南沙镇就业站', text, segmentId, schedule: { type: 'once', at: at.toISOString() } });
    const preview = await api('POST', '/api/v1/caseworker/reminders/preview', body(new Date(Date.now() + 60_000), '明天狗街招聘会'));
    expect(preview.json).toMatchObject({
      message: '南沙镇就业站提醒：明天狗街招聘会。回TD退订',
      segments: 1,
      recipients: 2,
      skipped: { opted_out: 1, paused: 1, no_valid_phone: 1, recently_reminded: 0 },
    });
    expect(preview.json.sample.map((s: any) => s.id)).toEqual([w.active.id, w.second.id]);

    // The cancelled one is due first, so by the time the live one has fired it would have too.
    const cancelled = await api('POST', '/api/v1/caseworker/reminders', body(new Date(Date.now() + 800), '这条已取消'));
    const live = await api('POST', '/api/v1/caseworker/reminders', body(new Date(Date.now() + 1500), '明天狗街招聘会'));
    expect(cancelled.status).toBe(201);
    expect(live.status).toBe(201);
    const reminderQueue = sys.ctx.queues.queue('reminder');
    const cancelledJobId = sys.ctx.queues.jobId(`reminder-${cancelled.json.id}-${new Date(cancelled.json.nextRunAt).getTime()}`);
    expect(await reminderQueue.getJob(cancelledJobId)).toBeTruthy();
    expect((await api('POST', `/api/v1/caseworker/reminders/${cancelled.json.id}/cancel`)).json.status).toBe('cancelled');
    expect(await reminderQueue.getJob(cancelledJobId)).toBeUndefined();

    const sent = await waitFor(async () => {
      const rows = await sys.ctx.db.outboxMessage.findMany({ where: { templateCode: 'SMS_GUIYAN_REMINDER' } });
      return rows.length === 2 ? rows : undefined;
    }, 'the reminder to reach the outbox');
    expect(sent.map((m) => m.phone).sort()).toEqual(['13800000101', '13800000102']);
    expect(sent[0]!.content).toBe('【归雁就业】南沙镇就业站提醒：明天狗街招聘会。回TD退订');

    const got = await api('GET', `/api/v1/caseworker/reminders/${live.json.id}`);
    expect(got.json).toMatchObject({ status: 'completed', nextRunAt: null });
    expect(got.json.runs).toHaveLength(1);
    expect(got.json.runs[0]).toMatchObject({ recipients: 2, scheduledFor: live.json.nextRunAt });
    await waitFor(async () => (await api('GET', `/api/v1/caseworker/reminders/${live.json.id}`)).json.runs[0].counts.sent === 2, 'sent counts');

    // Two worker processes, one run, one message each.
    expect(await sys.ctx.db.campaign.count({ where: { reminderId: live.json.id } })).toBe(1);
    expect(await sys.ctx.db.outboxMessage.count({ where: { templateCode: 'SMS_GUIYAN_REMINDER' } })).toBe(2);
    expect(await sys.ctx.db.campaign.count({ where: { reminderId: cancelled.json.id } })).toBe(0);
    expect(await sys.ctx.db.outboxMessage.count({ where: { content: { contains: '已取消' } } })).toBe(0);
    // Frequency rule: the same workers are not reminded again within the gap.
    const soon = await api('POST', '/api/v1/caseworker/reminders/preview', body(new Date(Date.now() + 60_000), '再提醒'));
    expect(soon.json).toMatchObject({ recipients: 0, skipped: { recently_reminded: 2 } });
  });

  it('runs an occurrence once, however many processes try it', async () => {
    // Hold sending so this test sees the queued messages as a crashed process would leave them.
    const notifyWorkers = [...sys.workers!.workers, ...secondProcess.workers].filter((x) => x.name === 'notify');
    await Promise.all(notifyWorkers.map((x) => x.pause()));
    onTestFinished(() => notifyWorkers.forEach((x) => x.resume()));
    const r = await api('POST', '/api/v1/caseworker/reminders', {
      sender: '南沙镇就业站',
      text: '周六招聘会',
      workerIds: [w.active.id, w.optedOut.id],
      schedule: { type: 'market_day', day: '狗街', time: '09:00' },
    });
    const at = new Date(r.json.nextRunAt);
    const svc = sys.ctx.services.reminders;
    const results = await Promise.all([svc.runOccurrence(r.json.id, at), svc.runOccurrence(r.json.id, at), svc.runOccurrence(r.json.id, at)]);
    expect(results.filter((x) => x.ran)).toHaveLength(1);
    expect(await sys.ctx.db.campaign.count({ where: { reminderId: r.json.id } })).toBe(1);
    expect(await sys.ctx.db.notification.count({ where: { kind: 'reminder' } })).toBe(1); // the opted-out one is left out
    // The next 狗街 is 12 days later, queued as its own delayed job with a deterministic id.
    const after = await sys.ctx.db.reminder.findUniqueOrThrow({ where: { id: r.json.id } });
    expect(after.nextRunAt!.getTime() - at.getTime()).toBe(12 * 86_400_000);
    expect(await sys.ctx.queues.queue('reminder').getJob(sys.ctx.queues.jobId(`reminder-${r.json.id}-${after.nextRunAt!.getTime()}`))).toBeTruthy();
    // A stale job (the occurrence before an edit) does nothing.
    expect(await svc.runOccurrence(r.json.id, at)).toMatchObject({ ran: false, reason: 'stale occurrence' });

    // A process that died after committing the run but before queuing it: the retried job queues it.
    const campaign = await sys.ctx.db.campaign.findFirstOrThrow({ where: { reminderId: r.json.id } });
    const notification = await sys.ctx.db.notification.findFirstOrThrow({ where: { campaignId: campaign.id } });
    const notifyJob = sys.ctx.queues.jobId(`c${campaign.id}-${notification.id}`);
    await sys.ctx.queues.queue('notify').remove(notifyJob);
    await sys.ctx.db.campaign.update({ where: { id: campaign.id }, data: { status: 'matching' } });
    await sys.ctx.db.reminder.update({ where: { id: r.json.id }, data: { nextRunAt: at } });
    expect(await sys.ctx.queues.queue('notify').getJob(notifyJob)).toBeUndefined();
    expect(await svc.runOccurrence(r.json.id, at)).toMatchObject({ ran: false, campaignId: campaign.id, matched: 1 });
    expect(await sys.ctx.queues.queue('notify').getJob(notifyJob)).toBeTruthy();
    expect(await sys.ctx.db.campaign.count({ where: { reminderId: r.json.id } })).toBe(1);
  });

  it('keeps cron and weekday reminders as BullMQ job schedulers; pause removes them, resume restores', async () => {
    const r = await api('POST', '/api/v1/caseworker/reminders', {
      sender: '南沙镇就业站',
      text: '每周一报名',
      segmentId,
      schedule: { type: 'weekday', weekdays: [1], time: '09:00' },
    });
    const q = sys.ctx.queues.queue('reminder');
    const scheduler = await q.getJobScheduler(`reminder-${r.json.id}`);
    expect(scheduler).toMatchObject({ pattern: '0 9 * * 1', tz: 'Asia/Shanghai' });
    expect(new Date(r.json.nextRunAt).getUTCHours()).toBe(1); // 09:00 Beijing
    expect(r.json.scheduleText).toBe('每周一 09:00');

    await api('POST', `/api/v1/caseworker/reminders/${r.json.id}/pause`);
    expect(await q.getJobScheduler(`reminder-${r.json.id}`)).toBeFalsy();
    await api('POST', `/api/v1/caseworker/reminders/${r.json.id}/resume`);
    expect(await q.getJobScheduler(`reminder-${r.json.id}`)).toMatchObject({ pattern: '0 9 * * 1' });

    const edited = await api('PATCH', `/api/v1/caseworker/reminders/${r.json.id}`, { schedule: { type: 'cron', expr: '30 8 * * 3' } });
    expect(edited.status).toBe(200);
    expect(await q.getJobScheduler(`reminder-${r.json.id}`)).toMatchObject({ pattern: '30 8 * * 3', tz: 'Asia/Shanghai' });
    await api('POST', `/api/v1/caseworker/reminders/${r.json.id}/cancel`);
    expect(await q.getJobScheduler(`reminder-${r.json.id}`)).toBeFalsy();
    const again = await api('PATCH', `/api/v1/caseworker/reminders/${r.json.id}`, { text: '改' });
    expect(again.status).toBe(409);
  });

  it('explains bad reminders', async () => {
    const bad = await api('POST', '/api/v1/caseworker/reminders', {
      sender: '南沙镇就业站',
      text: '请访问 http://x.cn 报名',
      segmentId,
      schedule: { type: 'market_day', day: '猫街', time: '9点' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('body.text: text: no links');
    expect(bad.json.message).toContain('body.schedule.day: a market day such as 狗街');
    expect(bad.json.message).toContain('body.schedule.time: time as HH:MM');
    const past = await api('POST', '/api/v1/caseworker/reminders', { sender: '站', text: '好', segmentId, schedule: { type: 'once', at: '2020-01-01 09:00' } });
    expect(past.json.message).toBe('schedule.at: 2020-01-01 09:00 is in the past');
    const both = await api('POST', '/api/v1/caseworker/reminders', { sender: '站', text: '好', segmentId, workerIds: [w.active.id], schedule: { type: 'once', at: `${new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)} 09:00` } });
    expect(both.json.message).toContain('either segmentId or a non-empty workerIds');
  });
});

describe('reminders in quiet hours', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // Quiet hours around now: a run now must wait for their end.
    sys = await startSystem({ workers: false, env: { QUIET_HOURS: `${beijingClock(-60)}-${beijingClock(60)}` } });
  });
  afterAll(async () => sys?.close());

  it('queues the messages for the end of quiet hours', async () => {
    await resetData(sys.ctx.db);
    const key = await createKey(sys, { name: '南沙镇站', role: 'caseworker', divisionPrefixes: ['532528'] });
    const api = apiAs(sys, key.key);
    const ws = await seedWorkers(sys);
    const r = await api('POST', '/api/v1/caseworker/reminders', {
      sender: '南沙镇就业站',
      text: '明早招聘会',
      workerIds: [ws.active.id],
      schedule: { type: 'once', at: new Date(Date.now() + 3_600_000 * 24).toISOString() },
    });
    const run = await sys.ctx.services.reminders.runOccurrence(r.json.id, new Date(r.json.nextRunAt));
    expect(run).toMatchObject({ ran: true, matched: 1 });
    const n = await sys.ctx.db.notification.findFirstOrThrow({ where: { campaignId: run.campaignId } });
    const job = await sys.ctx.queues.queue('notify').getJob(sys.ctx.queues.jobId(`c${run.campaignId}-${n.id}`));
    // Delayed to the end of quiet hours, about an hour from now (not sent at once), at its
    // place in the morning spread: the same moment the notify worker would give it.
    const spread = sys.config.QUIET_HOURS_SPREAD_MS;
    expect(job!.opts.delay).toBeGreaterThan(50 * 60_000);
    expect(job!.opts.delay).toBeLessThanOrEqual(61 * 60_000 + spread);
    const due = sendTimeFor(new Date(job!.timestamp), sys.config.QUIET_HOURS, n.id, spread).getTime() - job!.timestamp;
    expect(Math.abs(job!.opts.delay! - due)).toBeLessThan(5_000);
  });
});
