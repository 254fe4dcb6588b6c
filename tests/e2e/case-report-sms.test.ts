import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseDeadline } from '../../src/domain/cases.js';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import { smsLength } from '../../src/domain/sms-segments.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

/**
 * 举报 and 欠薪 over SMS (issue #17 §2, docs/cases.md): each text is pushed as Aliyun pushes
 * it, read by the real workers, and the case and the reply are read from the database and the
 * console SMS driver's outbox.
 */
describe('a worker reports an employer by SMS', () => {
  let sys: TestSystem;
  let seq = 9000;
  const code = (kind: keyof typeof TEMPLATES) => TEMPLATES[kind].defaultCode;

  /** Sends a text; returns the replies' template codes and texts once they left through the SMS provider. */
  async function text(phone: string, content: string): Promise<{ codes: string[]; texts: string[]; inboundId: bigint }> {
    const sequence = String(++seq);
    const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: sequence }]),
    });
    expect(res.status).toBe(200);
    const row = await waitFor(
      () => sys.ctx.db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${sequence}`, processedAt: { not: null } } }),
      `"${content.slice(0, 20)}" to be handled`,
    );
    const replies = await sys.ctx.db.notification.findMany({ where: { dedupeKey: { startsWith: `reply:${row.id}` } }, orderBy: { id: 'asc' } });
    for (const r of replies) {
      await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone, content: `【归雁就业】${r.content}` } }), `reply "${r.content}" sent`);
    }
    return { codes: replies.map((r) => r.templateCode), texts: replies.map((r) => r.content), inboundId: row.id };
  }

  beforeAll(async () => {
    sys = await startSystem({ listen: true, env: { CASE_RESPONSE_WORKING_DAYS: '3', CASE_NEW_PER_DAY: '3' } });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    await sys?.close();
  });

  async function employerWithOpening(title: string) {
    const employer = await sys.ctx.db.employer.create({ data: { name: `${title}老板` } });
    // The workshop is in 南沙镇 (532528101); workers below live in 新街镇 (532528102).
    const ws = await sys.ctx.db.workshop.create({ data: { name: `${title}车间`, form: 'county_workshop', divisionCode: '532528101', contactPhone: '13900000019', employerId: employer.id } });
    const opening = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title, skills: ['缝纫'], headcount: 3, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
    return { employer, ws, opening };
  }

  it('opens a case for the worker’s station with the opening, employer, words and deadline, and answers in one segment', async () => {
    const { employer, ws, opening } = await employerWithOpening('缝纫工');
    const phone = '13700001001';
    const worker = await sys.ctx.db.worker.create({ data: { phone, skills: ['缝纫'], divisionCode: '532528102211' } });
    const before = new Date();
    const r = await text(phone, `举报 ${opening.code} 老板骗人 押金不退`);
    expect(r.codes).toEqual([code('case_opened')]);
    const c = await sys.ctx.db.case.findFirstOrThrow({ where: { workerId: worker.id } });
    expect(c).toMatchObject({ openingId: opening.id, workshopId: ws.id, employerId: employer.id, divisionCode: '532528102', channel: 'sms', status: 'open', words: `举报 ${opening.code} 老板骗人 押金不退`, inboundId: r.inboundId });
    // Three working days from the report (the test clock is the real one).
    expect(Math.abs(c.dueAt.getTime() - responseDeadline(c.createdAt, 3).getTime())).toBeLessThan(1000);
    expect(c.dueAt.getTime()).toBeGreaterThan(before.getTime() + 3 * 86_400_000 - 1000);
    const reply = r.texts[0]!;
    expect(reply).toContain(`AJ${c.id}`);
    expect(reply).toContain('12333');
    expect(reply).toContain('根治欠薪线索反映');
    expect(smsLength(`【归雁就业】${reply}`)).toBeLessThanOrEqual(70);
    expect((await sys.ctx.db.inboundMessage.findUniqueOrThrow({ where: { id: r.inboundId } })).intent).toBe('report');

    // The same report again joins the case: told once an hour, every text kept on the case.
    const again = await text(phone, `${opening.code}老板还是不发工资`);
    expect(again.codes).toEqual([code('case_joined')]);
    expect(again.texts[0]).toContain(`AJ${c.id}`);
    const third = await text(phone, `${opening.code} 老板骗人！！`);
    expect(third.codes).toEqual([]);
    expect(await sys.ctx.db.case.count({ where: { workerId: worker.id } })).toBe(1);
    expect((await sys.ctx.db.case.findUniqueOrThrow({ where: { id: c.id } })).reports).toBe(3);
    expect(await sys.ctx.db.caseNote.count({ where: { caseId: c.id, kind: 'report' } })).toBe(2);
  });

  it('takes the opening from the worker’s hire when no code is given, and the workshop’s station when the worker has no place', async () => {
    const { opening } = await employerWithOpening('包装工');
    const phone = '13700001002';
    const worker = await sys.ctx.db.worker.create({ data: { phone, skills: ['包装'] } });
    await sys.ctx.db.application.create({ data: { openingId: opening.id, workerId: worker.id, status: 'hired', channel: 'sms' } });
    const r = await text(phone, '干了两个月 没拿到工资');
    expect(r.codes).toEqual([code('case_opened')]);
    expect(await sys.ctx.db.case.findFirstOrThrow({ where: { workerId: worker.id } })).toMatchObject({ openingId: opening.id, divisionCode: '532528101' });
  });

  it('opens a case for an unknown number reporting an opening that does not exist, and says so', async () => {
    const phone = '13700001003';
    const r = await text(phone, '举报 98765 骗人的');
    expect(r.codes).toEqual([code('case_no_opening')]);
    expect(r.texts[0]).toContain('98765');
    const worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect(await sys.ctx.db.case.findFirstOrThrow({ where: { workerId: worker.id } })).toMatchObject({ openingId: null, codeGiven: '98765', divisionCode: null });
  });

  it('bounds a flood of reports and a very long text', async () => {
    const phone = '13700001004';
    const worker = await sys.ctx.db.worker.create({ data: { phone, skills: ['缝纫'], divisionCode: '532528102211' } });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await employerWithOpening(`普工${i}`)).opening.code);
    for (const c of codes) await text(phone, `举报${c} 老板不发工资`);
    // Three new cases a day; the other reports join the latest.
    const cases = await sys.ctx.db.case.findMany({ where: { workerId: worker.id }, orderBy: { id: 'asc' } });
    expect(cases).toHaveLength(3);
    expect(cases.reduce((n, c) => n + c.reports, 0)).toBe(5);

    const other = '13700001005';
    await sys.ctx.db.worker.create({ data: { phone: other, divisionCode: '532528102211' } });
    const r = await text(other, `欠薪 ${'老板不发工资还骂人'.repeat(400)}`);
    expect(r.codes).toEqual([code('case_opened')]);
    const c = await sys.ctx.db.case.findFirstOrThrow({ where: { worker: { phone: other } } });
    expect([...c.words].length).toBeLessThanOrEqual(1000);
  });

  it('leaves an opt-out an opt-out: no case, the worker is unsubscribed', async () => {
    const phone = '13700001006';
    const worker = await sys.ctx.db.worker.create({ data: { phone, skills: ['缝纫'], divisionCode: '532528102211' } });
    const r = await text(phone, '骗子 别再发了');
    expect(r.codes).toEqual([code('unsubscribed')]);
    expect(await sys.ctx.db.case.count({ where: { workerId: worker.id } })).toBe(0);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: worker.id } })).status).toBe('opted_out');
    // Still protected after the opt-out: a report opens a case and is answered.
    const later = await text(phone, '老板不发工资');
    expect(later.codes).toEqual([code('case_opened')]);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: worker.id } })).status).toBe('opted_out');
  });
});
