import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry, TEMPLATES, type MessageKindName } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { aliyunEnv } from '../helpers/delivery.js';
import { queuesSettled } from '../helpers/queues.js';

/**
 * Shared phones end to end (issue #16 §3, docs/shared-phones.md), through HTTP and the real
 * Aliyun SDK against the fake Aliyun server: a grandson subscribes and adds his grandmother
 * (加一个人); one combined alert names both; each applies for themselves (BM<code> 1 / 2) and
 * the employer is told about each; a BM without a number is asked about; TD 2 stops only the
 * grandmother, TD the whole phone, each with a consent record of their own.
 */
describe('two people on one phone', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  const SIGN = '归雁就业';
  const SHARED = '13800007201';
  const ALONE = '13800007202';
  const CONTACT = '13900007209';

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const r = await fetch(`${sys.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: r.status, json: (await r.json()) as any };
  };

  let seq = 7000;
  let minute = 0;
  const push = (phone: string, content: string) => {
    minute++;
    const item = {
      phone_number: phone,
      content,
      send_time: `2026-12-03 10:${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      dest_code: '1234',
      sequence_id: String(++seq),
      sign_name: SIGN,
    };
    return fetch(`${sys.url}/webhooks/aliyun/sms-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([item]) });
  };
  const sent = (phone: string, kind: MessageKindName) => fake.messages.filter((m) => m.phone === phone && m.templateCode === TEMPLATES[kind].defaultCode);
  /** Texts from a phone and waits for the answer of the kind expected; returns its text. */
  const say = async (phone: string, text: string, answer: MessageKindName): Promise<string> => {
    const before = sent(phone, answer).length;
    expect((await push(phone, text)).status).toBe(200);
    const got = await waitFor(async () => sent(phone, answer)[before], `${answer} after "${text}"`);
    return got.content;
  };
  const people = () => sys.ctx.db.worker.findMany({ where: { phone: SHARED }, orderBy: { phoneSlot: 'asc' }, include: { consentEvents: { orderBy: { id: 'asc' } } } });

  beforeAll(async () => {
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: 100 });
    // Three applications an hour per phone: the test's fourth, person 1's second, is refused.
    sys = await startSystem({ listen: true, env: aliyunEnv(fake, { APPLY_LIMIT_PER_HOUR: '3' }) });
    await resetData(sys.ctx.db);
    fake.setReportUrl(`${sys.url}/webhooks/aliyun/sms-report`);
  });

  afterAll(async () => {
    await sys?.close();
    await fake?.close();
  });

  it('adds a person by 加一个人, alerts both in one message, and takes each one\'s application', async () => {
    await say(SHARED, '订阅 缝纫 新街镇', 'subscribed');
    await say(ALONE, '订阅 缝纫 新街镇', 'subscribed');

    // 加一个人: the name, then the subscribe dialog's own questions, for the new person.
    expect(await say(SHARED, '加一个人', 'person_ask_name')).toContain('名字或称呼');
    await say(SHARED, '奶奶', 'skill_menu');
    await say(SHARED, '缝纫 新街镇', 'confirm_subscribe');
    const added = await say(SHARED, '1', 'person_added');
    expect(added).toContain('2号奶奶');
    expect(added).toContain('TD2');
    let ps = await people();
    expect(ps.map((w) => [w.phoneSlot, w.name, w.status, w.skills, w.divisionCode])).toEqual([
      [1, null, 'active', ['缝纫'], '532528102'],
      [2, '奶奶', 'active', ['缝纫'], '532528102'],
    ]);
    expect(ps.map((w) => w.consentEvents.map((c) => [c.kind, c.source]))).toEqual([[['opt_in', 'sms']], [['opt_in', 'sms']]]);

    const ws = await api('/api/v1/workshops', { method: 'POST', body: { name: '新街制衣车间', form: 'county_workshop', division: '元阳县新街镇', contactPhone: CONTACT } });
    expect(ws.status).toBe(201);
    const op = await api('/api/v1/openings', {
      method: 'POST',
      body: { workshopId: ws.json.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wage: { min: 3500, max: 5000, unit: 'month' }, terms: { payDay: '每月15日' } },
    });
    expect(op.status).toBe(201);
    const code = op.json.code as string;
    expect((await api(`/api/v1/openings/${op.json.id}/broadcast`, { method: 'POST', body: {} })).status).toBe(202);
    await waitFor(async () => sent(SHARED, 'shared_job_alert').length + sent(ALONE, 'job_alert').length === 2 || undefined, 'the alerts');
    await queuesSettled(sys, ['match', 'notify']);

    // One message to the shared phone, naming both and how each applies; the phone with one
    // person gets the alert exactly as before.
    expect(fake.messages.filter((m) => m.phone === SHARED && m.content.includes(`BM${code}`))).toHaveLength(1);
    const [combined] = sent(SHARED, 'shared_job_alert');
    expect(combined!.content).toContain('【归雁就业】1号、2号奶奶：新街制衣车间');
    // One message; two segments at most (the names and both BM replies take room from the terms).
    expect(combined!.smsSize, combined!.content).toBeLessThanOrEqual(2);
    expect(combined!.content).toContain('月薪3500-5000元');
    expect(combined!.content).toContain(`BM${code} 1或BM${code} 2`);
    expect(combined!.content).toContain('拒收请回复R');
    const [single] = sent(ALONE, 'job_alert');
    expect(single!.content).toMatch(new RegExp(`^【${SIGN}】新街制衣车间在.*招缝纫工，.*。回BM${code}报名，拒收请回复R$`));
    const ledger = await sys.ctx.db.notification.findMany({ where: { kind: 'alert', phone: SHARED } });
    expect(ledger.map((n) => [n.workerId, n.alsoFor])).toEqual([[ps[0]!.id, [ps[1]!.id]]]);

    // Each applies for themselves; the employer hears of each, by name.
    expect(await say(SHARED, `BM${code} 1`, 'apply_ok')).toContain(code);
    await say(SHARED, `BM${code} 2`, 'apply_ok');
    const apps = await sys.ctx.db.application.findMany({ where: { openingId: op.json.id }, orderBy: { id: 'asc' } });
    expect(apps.map((a) => a.workerId)).toEqual([ps[0]!.id, ps[1]!.id]);
    const notices = await waitFor(async () => (sent(CONTACT, 'employer_new_applicant_named').length === 2 ? sent(CONTACT, 'employer_new_applicant_named') : undefined), 'two notices to the employer');
    expect(notices.map((n) => n.content)).toEqual([
      expect.stringContaining(`有人报名：1号，电话${SHARED}`),
      expect.stringContaining(`有人报名：2号奶奶，电话${SHARED}`),
    ]);
    expect(fake.calls.filter((c) => !c.ok)).toEqual([]);

    // BM without a number, from a phone two people share: a numbered question; the number answers it.
    const op2 = await api('/api/v1/openings', {
      method: 'POST',
      body: { workshopId: ws.json.id, title: '包装工', skills: ['缝纫'], headcount: 2, wage: { min: 120, max: 150, unit: 'day' }, terms: { payDay: '日结' } },
    });
    const code2 = op2.json.code as string;
    const asked = await say(SHARED, `BM${code2}`, 'person_pick');
    expect(asked).toContain(`编号${code2}给谁报名`);
    expect(asked).toContain('1号 2奶奶');
    expect(await sys.ctx.db.application.count({ where: { openingId: op2.json.id } })).toBe(0);
    await say(SHARED, '2', 'apply_ok');
    expect((await sys.ctx.db.application.findMany({ where: { openingId: op2.json.id } })).map((a) => a.workerId)).toEqual([ps[1]!.id]);
    // The application limits count the phone, not each person on it: person 1's second
    // application is the phone's fourth this hour.
    expect(await say(SHARED, `BM${code2} 1`, 'apply_limited')).toContain('报名太频繁');
    expect(await sys.ctx.db.application.count({ where: { openingId: op2.json.id } })).toBe(1);

    // TD 2: the grandmother only, in her own consent record; TD: everyone left on the phone.
    expect(await say(SHARED, 'TD 2', 'person_unsubscribed')).toContain('已退订2号奶奶');
    ps = await people();
    expect(ps.map((w) => w.status)).toEqual(['active', 'opted_out']);
    expect(ps.map((w) => w.consentEvents.map((c) => [c.kind, c.rawMessage]))).toEqual([[['opt_in', '订阅 缝纫 新街镇']], [['opt_in', '1'], ['opt_out', 'TD 2']]]);
    await say(SHARED, 'TD', 'unsubscribed');
    ps = await people();
    expect(ps.map((w) => w.status)).toEqual(['opted_out', 'opted_out']);
    expect(ps.map((w) => w.consentEvents.map((c) => [c.kind, c.rawMessage]))).toEqual([
      [['opt_in', '订阅 缝纫 新街镇'], ['opt_out', 'TD']],
      [['opt_in', '1'], ['opt_out', 'TD 2']],
    ]);
  });
});
