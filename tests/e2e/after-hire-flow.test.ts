import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDayString } from '../../src/domain/after-hire.js';
import { responseDeadline } from '../../src/domain/cases.js';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import { smsLength } from '../../src/domain/sms-segments.js';
import { apiAs } from '../helpers/api.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

/**
 * After a hire (issue 17 §3, docs/after-hire.md), on the real database, Redis and workers: the
 * hire through the employer API, the sweep's questions (called with a chosen clock, as the
 * maintenance sweep calls it each minute with the real one), the worker's texts pushed as
 * Aliyun pushes them, and every text read back from the console SMS driver's outbox.
 */
describe('after a hire: start reminder, arrival and pay confirmed by text', () => {
  let sys: TestSystem;
  let api: ReturnType<typeof apiAs>;
  let seq = 7000;
  const code = (kind: keyof typeof TEMPLATES) => TEMPLATES[kind].defaultCode;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    sys = await startSystem({ listen: true, env: { CASE_RESPONSE_WORKING_DAYS: '3' } });
    await resetData(sys.ctx.db);
    api = apiAs(sys, ADMIN_KEY);
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** A workshop in 南沙镇 (532528101), an opening, and an applicant living in 新街镇 (532528102). */
  async function applicant(phone: string, title: string) {
    const db = sys.ctx.db;
    const employer = await db.employer.create({ data: { name: `${title}老板` } });
    const ws = await db.workshop.create({ data: { name: '南沙车间', form: 'county_workshop', divisionCode: '532528101', contactPhone: '13900000019', employerId: employer.id } });
    const opening = await db.opening.create({ data: { workshopId: ws.id, title, skills: ['缝纫'], headcount: 3, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
    const worker = await db.worker.create({ data: { phone, skills: ['缝纫'], divisionCode: '532528102211' } });
    const app = await db.application.create({ data: { openingId: opening.id, workerId: worker.id, channel: 'sms' } });
    return { employer, ws, opening, worker, app };
  }

  /** Texts sent to a phone so far (the console driver's outbox), oldest first. */
  const sentTo = async (phone: string) => (await sys.ctx.db.outboxMessage.findMany({ where: { phone }, orderBy: { id: 'asc' } })).map((m) => m.content);

  /** A text from the worker; returns the replies' template codes and texts once they were sent. */
  async function text(phone: string, content: string): Promise<{ codes: string[]; texts: string[] }> {
    const sequence = String(++seq);
    const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: sequence }]),
    });
    expect(res.status).toBe(200);
    const row = await waitFor(
      () => sys.ctx.db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${sequence}`, processedAt: { not: null } } }),
      `"${content}" to be handled`,
    );
    const replies = await sys.ctx.db.notification.findMany({ where: { dedupeKey: { startsWith: `reply:${row.id}` } }, orderBy: { id: 'asc' } });
    for (const r of replies) await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone, content: `【归雁就业】${r.content}` } }), `reply "${r.content}" sent`);
    return { codes: replies.map((r) => r.templateCode), texts: replies.map((r) => r.content) };
  }

  /** Waits until the phone has received `n` texts; returns them. */
  const received = (phone: string, n: number) => waitFor(async () => {
    const all = await sentTo(phone);
    return all.length >= n ? all : undefined;
  }, `${n} texts to ${phone}`);

  it('reminds a hired worker, who confirms arrival by text, then reports unpaid wages with 2: a case for the worker’s station', async () => {
    const phone = '13700002001';
    const { employer, ws, opening, worker, app } = await applicant(phone, '缝纫工');
    const startAt = new Date(Math.ceil((Date.now() + 3 * HOUR) / 60_000) * 60_000);
    const payDay = beijingDayString(new Date());
    const hire = await api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'hired', startAt: startAt.toISOString(), startPlace: '南沙镇政府门口', firstPayDay: payDay });
    expect(hire.status).toBe(200);
    expect(hire.json.application).toMatchObject({ status: 'hired', startPlace: '南沙镇政府门口' });
    expect(hire.json.application.hiredAt).not.toBeNull();

    // Hired less than a day before the start: the reminder is due at once (the maintenance sweep
    // may ask it first, with the same clock); asked again, nothing new.
    await sys.ctx.services.afterHire.askDue();
    expect(await sys.ctx.services.afterHire.askDue()).toBe(0);
    expect(await sys.ctx.db.notification.count({ where: { workerId: worker.id, dedupeKey: { startsWith: 'after-hire:' } } })).toBe(1);
    const [reminder] = await received(phone, 1);
    const b = new Date(startAt.getTime() + 8 * HOUR);
    const time = `${b.getUTCMonth() + 1}月${b.getUTCDate()}日${b.getUTCHours()}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
    expect(reminder).toBe(`【归雁就业】上工提醒：${time}到南沙镇政府门口开工（缝纫工），记得带身份证。回TD退订`);
    expect(smsLength(reminder!)).toBeLessThanOrEqual(70);

    // Before the arrival question, 1 means nothing after a hire: normal reading (the short help).
    expect((await text(phone, '1')).codes).toEqual([code('help')]);

    // Two hours after the start: 回1已到岗 2没去成, naming the job. Twice the sweep, one text.
    const afterStart = new Date(startAt.getTime() + 2 * HOUR + 60_000);
    expect(await sys.ctx.services.afterHire.askDue(afterStart)).toBe(1);
    expect(await sys.ctx.services.afterHire.askDue(afterStart)).toBe(0);
    const arrival = (await received(phone, 3))[2];
    expect(arrival).toBe('【归雁就业】您到南沙车间缝纫工上工了吗？回1已到岗 2没去成。回TD退订');
    const arrived = await text(phone, '到了');
    expect(arrived.codes).toEqual([code('after_hire_arrived')]);
    expect((await sys.ctx.db.application.findUniqueOrThrow({ where: { id: app.id } })).arrivedAt).not.toBeNull();
    // Answered: a second 1 is not taken as an answer again.
    expect((await text(phone, '1')).codes).not.toContain(code('after_hire_arrived'));

    // The day after the first pay day: 回1工资已到账 2没拿到.
    const afterPay = new Date(new Date(`${payDay}T10:01:00+08:00`).getTime() + 24 * HOUR);
    expect(await sys.ctx.services.afterHire.askDue(afterPay)).toBe(1);
    // reminder, help, arrival question, 已记下 (the second 1's help is not repeated within the hour), pay question
    const texts = await received(phone, 5);
    expect(texts).toHaveLength(5);
    expect(texts[4]).toBe('【归雁就业】南沙车间缝纫工的第一笔工资到账了吗？回1工资已到账 2没拿到。回TD退订');

    const before = new Date();
    const unpaid = await text(phone, '2');
    expect(unpaid.codes).toEqual([code('case_opened')]);
    const c = await sys.ctx.db.case.findFirstOrThrow({ where: { workerId: worker.id } });
    // The worker's station (新街镇), the hire's opening and employer, and the deadline.
    expect(c).toMatchObject({ openingId: opening.id, workshopId: ws.id, employerId: employer.id, divisionCode: '532528102', status: 'open', channel: 'sms' });
    expect(c.words).toContain('没拿到');
    expect(Math.abs(c.dueAt.getTime() - responseDeadline(c.createdAt, 3).getTime())).toBeLessThan(1000);
    expect(c.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(unpaid.texts[0]).toContain(`AJ${c.id}`);
    expect(unpaid.texts[0]).toContain('12333');
    const after = await sys.ctx.db.application.findUniqueOrThrow({ where: { id: app.id } });
    expect(after.unpaidAt).not.toBeNull();
    expect(after.paidAt).toBeNull();
    expect(await sys.ctx.db.auditLog.count({ where: { entityId: String(app.id), action: { in: ['application.arrived', 'application.unpaid'] } } })).toBe(2);
  });

  it('sends nothing for a hire undone before the start, even a reminder already queued', async () => {
    const phone = '13700002002';
    const { opening, app } = await applicant(phone, '包装工');
    const notify = sys.ctx.queues.queue('notify');
    await notify.pause();
    try {
      const startAt = new Date(Date.now() + 3 * HOUR);
      expect((await api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'hired', startAt: startAt.toISOString() })).status).toBe(200);
      await sys.ctx.services.afterHire.askDue();
      expect(await sys.ctx.db.notification.count({ where: { dedupeKey: { startsWith: `after-hire:${app.id}:start_reminder` }, status: 'queued' } })).toBe(1);
      expect((await api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'declined' })).status).toBe(200);
      // Later sweeps, at the start and past it, ask nothing of a hire that no longer stands.
      expect(await sys.ctx.services.afterHire.askDue(new Date(startAt.getTime() + 2 * HOUR + 60_000))).toBe(0);
    } finally {
      await notify.resume();
    }
    const n = await sys.ctx.db.notification.findFirstOrThrow({ where: { dedupeKey: { startsWith: `after-hire:${app.id}:start_reminder` } } });
    expect(n).toMatchObject({ status: 'cancelled', errorCode: 'NOT_HIRED' });
    // A control text to the same phone goes through the resumed queue; the reminder never did.
    await text(phone, '帮助');
    expect(await sentTo(phone)).toEqual([expect.stringContaining('回复DY')]);
  });

  it('tells the worker again when the start moves after the reminder, and a reminder of the old start still waiting never goes', async () => {
    const phone = '13700002004';
    const { opening, app } = await applicant(phone, '裁剪工');
    const hire = (startAt: Date, startPlace?: string) =>
      api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'hired', startAt: startAt.toISOString(), ...(startPlace ? { startPlace } : {}) });
    const at = (d: Date) => {
      const b = new Date(d.getTime() + 8 * HOUR);
      return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日${b.getUTCHours()}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
    };
    const first = new Date(Math.ceil((Date.now() + 3 * HOUR) / 60_000) * 60_000);
    expect((await hire(first, '南沙镇政府门口')).status).toBe(200);
    expect(await sys.ctx.services.afterHire.askDue()).toBe(1);
    expect((await received(phone, 1))[0]).toContain(`上工提醒：${at(first)}到南沙镇政府门口`);

    // The employer moves the start by an hour: the worker is told, once, with the new time.
    const second = new Date(first.getTime() + HOUR);
    expect((await hire(second)).status).toBe(200);
    expect(await sys.ctx.services.afterHire.askDue()).toBe(1);
    expect(await sys.ctx.services.afterHire.askDue()).toBe(0);
    expect((await received(phone, 2))[1]).toBe(`【归雁就业】上工有变：${at(second)}到南沙镇政府门口开工（裁剪工），以这条为准。回TD退订`);

    // Moved again while the notify queue is stalled: the waiting reminder of the second start is
    // cancelled when the third is written, and only the third goes.
    const notify = sys.ctx.queues.queue('notify');
    await notify.pause();
    try {
      expect((await hire(new Date(second.getTime() + HOUR), '新街镇政府')).status).toBe(200);
      expect(await sys.ctx.services.afterHire.askDue()).toBe(1);
      expect((await hire(new Date(second.getTime() + 2 * HOUR), '新街镇政府')).status).toBe(200);
      expect(await sys.ctx.services.afterHire.askDue()).toBe(1);
    } finally {
      await notify.resume();
    }
    const texts = await received(phone, 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(await sentTo(phone)).toHaveLength(3);
    expect(texts[2]).toContain(`上工有变：${at(new Date(second.getTime() + 2 * HOUR))}到新街镇政府`);
    const cancelled = await sys.ctx.db.notification.findMany({ where: { dedupeKey: { startsWith: `after-hire:${app.id}:start_reminder` }, status: 'cancelled' } });
    expect(cancelled.map((n) => n.errorCode)).toEqual(['START_CHANGED']);
  });

  it('tells the employer when a hired worker answers 没去成, once, and asks no pay question after', async () => {
    const phone = '13700002005';
    const { opening, app } = await applicant(phone, '整烫工');
    const startAt = new Date(Math.ceil((Date.now() + 3 * HOUR) / 60_000) * 60_000);
    const payDay = beijingDayString(new Date(startAt.getTime() + 24 * HOUR));
    expect((await api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'hired', startAt: startAt.toISOString(), firstPayDay: payDay })).status).toBe(200);
    await sys.ctx.services.afterHire.askDue();
    expect(await sys.ctx.services.afterHire.askDue(new Date(startAt.getTime() + 2 * HOUR + 60_000))).toBe(1);
    await received(phone, 2);
    const answer = await text(phone, '没去成');
    expect(answer.codes).toEqual([code('after_hire_no_show')]);
    const notice = await waitFor(() => sys.ctx.db.notification.findFirst({ where: { dedupeKey: `no-show:${app.id}` } }), 'the employer notice');
    expect(notice).toMatchObject({ kind: 'employer_notice', phone: '13900000019' });
    await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone: '13900000019', content: `【归雁就业】您录用的${phone}说没去整烫工(编号${opening.code})上工，还缺人可在归雁重新招。` } }), 'the notice sent');
    // A second 2 is no new answer and no second notice; no pay question after a no-show.
    await text(phone, '2');
    expect(await sys.ctx.db.notification.count({ where: { dedupeKey: { startsWith: 'no-show:' } } })).toBe(1);
    await sys.ctx.services.afterHire.askDue(new Date(new Date(`${payDay}T10:01:00+08:00`).getTime() + 24 * HOUR));
    expect(await sys.ctx.db.notification.count({ where: { dedupeKey: `after-hire:${app.id}:pay` } })).toBe(0);
  });

  it('refuses hire terms without a hire, and a pay day that is not a date', async () => {
    const { opening, app } = await applicant('13700002003', '普工');
    const bad = await api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'hired', firstPayDay: '2026-02-31' });
    expect(bad.status).toBe(400);
    const notHired = await api('PATCH', `/api/v1/openings/${opening.id}/applications/${app.id}`, { status: 'contacted', startPlace: '门口' });
    expect(notHired.status).toBe(400);
  });
});
