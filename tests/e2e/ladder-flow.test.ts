import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry, TEMPLATES } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { startFakeAliyunVoice, type FakeAliyunVoice } from '../fakes/fake-aliyun-voice.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { queuesSettled } from '../helpers/queues.js';

/**
 * The receipt-driven ladder end to end (issue 16 §2, docs/ladder.md), through the real
 * openapi-core / Aliyun SMS clients against the fake SMS and voice servers: an alert whose SMS
 * receipt fails becomes a call, a call not answered becomes a caseworker call task on the call
 * list, each exactly once; receipts pushed again and sweeps run later send nothing more. A
 * delivered alert waits (the sweep's `now` drives time) and a reply stops the ladder.
 */
describe('the ladder: SMS → voice → call task', () => {
  let sms: FakeAliyunSms;
  let voice: FakeAliyunVoice;
  let sys: TestSystem;
  const SIGN = '归雁就业';
  const SHOW = '057112345678';
  const EMPLOYER = '13900000009';
  const OFF = '13800003001'; // handset switched off: every SMS fails
  const SILENT = '13800003002'; // delivered, never replies
  const HOUR = 3600_000;

  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${sys.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  let seq = 7000;
  const text = (phone: string, content: string) =>
    fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-12-03 10:00:00', dest_code: '1234', sequence_id: String(++seq), sign_name: SIGN }]),
    });

  async function subscribe(phone: string): Promise<number> {
    expect((await text(phone, '订阅 缝纫 新街镇')).status).toBe(200);
    return (await waitFor(() => sys.ctx.db.worker.findUnique({ where: { phone } }), `worker ${phone}`)).id;
  }

  async function openingAndBroadcast(title: string): Promise<{ id: number; code: string }> {
    const ws = (await (await api('/api/v1/workshops', { method: 'POST', body: { name: `新街${title}车间`, form: 'county_workshop', division: '元阳县新街镇', contactPhone: EMPLOYER } })).json()) as { id: number };
    const op = await api('/api/v1/openings', {
      method: 'POST',
      body: { workshopId: ws.id, title, skills: ['缝纫'], headcount: 5, wage: { min: 3500, max: 5000, unit: 'month' }, terms: { payDay: '每月15日' } },
    });
    const opening = (await op.json()) as { id: number; code: string };
    expect((await api(`/api/v1/openings/${opening.id}/broadcast`, { method: 'POST', body: {} })).status).toBe(202);
    return opening;
  }

  // Each test counts only what its own broadcasts sent (the fakes keep every message and call).
  let smsFrom = 0;
  let callsFrom = 0;
  const alertsTo = (phone: string) => sms.messages.slice(smsFrom).filter((m) => m.phone === phone && m.templateCode === TEMPLATES.job_alert.defaultCode);
  const callsTo = (phone: string) => voice.calls.slice(callsFrom).filter((c) => c.code === 'OK' && c.query.CalledNumber === phone);
  const stepsOf = (workerId: number) => sys.ctx.db.ladderStep.findMany({ where: { workerId }, orderBy: { stepNo: 'asc' } });

  beforeAll(async () => {
    sms = await startFakeAliyunSms({
      signNames: [SIGN],
      templates: aliyunTemplateRegistry(),
      reportDelayMs: 50,
      deliver: (phone) => (phone === OFF ? { success: false, errCode: 'IS_CLOSE', errMsg: '关机' } : { success: true, errCode: 'DELIVERED', errMsg: '用户接收成功' }),
    });
    voice = await startFakeAliyunVoice({ showNumbers: [SHOW], reportDelayMs: 50 });
    sys = await startSystem({
      listen: true,
      env: {
        SMS_DRIVER: 'aliyun',
        ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
        ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
        ALIYUN_SMS_ENDPOINT: sms.endpoint,
        ALIYUN_SMS_PROTOCOL: 'http',
        ALIYUN_SMS_SIGN_NAME: SIGN,
        VOICE_DRIVER: 'aliyun',
        VOICE_ENDPOINT: voice.endpoint,
        VOICE_PROTOCOL: 'http',
        VOICE_TIMEOUT_MS: '1000',
        VOICE_CALLED_SHOW_NUMBER: SHOW,
        VOICE_TTS_CODE: 'TTS_100001',
        VOICE_CALL_HOURS: '00:00-24:00',
        LADDER_WAIT_WORKSHOP_HOURS: '4',
      },
    });
    sms.setReportUrl(`${sys.url}/webhooks/aliyun/sms-report`);
    voice.setReportUrl(`${sys.url}/webhooks/aliyun/voice-report`, `${sys.url}/webhooks/aliyun/voice-call-report`);
  });

  beforeEach(async () => {
    await queuesSettled(sys, ['inbound', 'match', 'notify']);
    await voice.settled();
    await resetData(sys.ctx.db);
    smsFrom = sms.messages.length;
    callsFrom = voice.calls.length;
    // 新街镇's station runs the ladder, with calls and call tasks.
    expect((await api('/api/v1/admin/ladder-settings/532528102', { method: 'PUT', body: { enabled: true } })).status).toBe(200);
  });

  afterAll(async () => {
    await sys?.close();
    await voice?.close();
    await sms?.close();
  });

  it('a failed SMS receipt brings a call, an unanswered call a call task: each once, whatever is pushed again', async () => {
    const id = await subscribe(OFF);
    voice.script(OFF, { status: '200003' }); // rings, nobody answers
    const opening = await openingAndBroadcast('缝纫工');

    const task = await waitFor(async () => (await stepsOf(id)).find((s) => s.channel === 'call_task'), 'the call task');
    expect(task.reason).toBe('短信和电话都没联系上');
    expect((await stepsOf(id)).map((s) => [s.stepNo, s.channel, s.trigger, s.outcome])).toEqual([
      [1, 'sms', null, 'failed'],
      [2, 'voice', 'failed', 'failed'],
      [3, 'call_task', 'failed', 'task'],
    ]);
    expect(alertsTo(OFF)).toHaveLength(1);
    expect(callsTo(OFF)).toHaveLength(1);
    expect(JSON.parse(callsTo(OFF)[0]!.query.TtsParam!)).toMatchObject({ job: '缝纫工', code: opening.code });

    // Late and repeated receipts, and sweeps long after, take no step again.
    await voice.settled();
    const again = [
      ...sms.reportPushes.filter((p) => p.status === 200).map((p) => ({ url: `${sys.url}/webhooks/aliyun/sms-report`, body: p.reports as unknown })),
      ...voice.pushes.filter((p) => p.status === 200).map((p) => ({ url: p.url, body: p.body })),
    ];
    expect(again.length).toBeGreaterThanOrEqual(2);
    for (const p of again) expect((await fetch(p.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p.body) })).status).toBe(200);
    const later = await sys.ctx.services.ladder.sweep(new Date(Date.now() + 48 * HOUR));
    expect(later.taken).toEqual({});
    await sys.ctx.services.reconcile.run();
    await queuesSettled(sys, ['inbound', 'notify']);
    expect(alertsTo(OFF)).toHaveLength(1);
    expect(callsTo(OFF)).toHaveLength(1);
    expect(await sys.ctx.db.ladderStep.count()).toBe(3);
    expect(await sys.ctx.db.notification.count({ where: { workerId: id, kind: 'alert' } })).toBe(2);

    // The station's call list has the worker, with the reason in words.
    const list = (await (await api('/api/v1/caseworker/call-list')).json()) as { workerId: number; reason: string; taskReason: string | null; job: { code: string } | null }[];
    expect(list).toEqual([expect.objectContaining({ workerId: id, reason: 'ladder', taskReason: '短信和电话都没联系上', job: expect.objectContaining({ code: opening.code }) })]);

    // The opening's counts per step, and the metrics.
    const o = (await (await api(`/api/v1/openings/${opening.id}`)).json()) as { ladder: { channel: string; steps: number; failed: number }[] };
    expect(o.ladder).toEqual([
      expect.objectContaining({ channel: 'sms', steps: 1, failed: 1 }),
      expect.objectContaining({ channel: 'voice', steps: 1, failed: 1 }),
      expect.objectContaining({ channel: 'call_task', steps: 1 }),
    ]);
    const metrics = await (await fetch(`${sys.url}/metrics`)).text();
    expect(metrics).toMatch(/guiyan_ladder_steps_total\{channel="voice",trigger="failed"\} 1/);
    expect(metrics).toMatch(/guiyan_ladder_steps_total\{channel="call_task",trigger="failed"\} 1/);
  });

  it('a delivered alert waits for the opening type\'s wait, then calls; a reply stops the ladder', async () => {
    const id = await subscribe(SILENT);
    voice.script(SILENT, { status: '200000', duration: 20 });
    await openingAndBroadcast('锁边工');
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { workerId: id, kind: 'alert', status: 'delivered' } })) === 1, 'the SMS delivered');

    // Inside the wait nothing moves; after it, the call.
    expect((await sys.ctx.services.ladder.sweep(new Date(Date.now() + HOUR))).taken).toEqual({});
    expect((await sys.ctx.services.ladder.sweep(new Date(Date.now() + 5 * HOUR))).taken).toEqual({ voice: 1 });
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { workerId: id, channel: 'voice', status: 'delivered' } })) === 1, 'the call answered');
    expect(callsTo(SILENT)).toHaveLength(1);

    // The worker texts back: no call task, however late the sweep.
    expect((await text(SILENT, '工资多少')).status).toBe(200);
    await queuesSettled(sys, ['inbound', 'notify']);
    const stop = await sys.ctx.services.ladder.sweep(new Date(Date.now() + 24 * HOUR));
    expect(stop).toMatchObject({ taken: {}, stopped: { replied: 1 } });
    expect((await stepsOf(id)).map((s) => [s.channel, s.outcome])).toEqual([
      ['sms', 'no_reply'],
      ['voice', 'stopped:replied'],
    ]);
    expect(alertsTo(SILENT)).toHaveLength(1);
  });

  it('a station without the ladder takes no step', async () => {
    expect((await api('/api/v1/admin/ladder-settings/532528102', { method: 'PUT', body: { enabled: false } })).status).toBe(200);
    const id = await subscribe(OFF);
    await openingAndBroadcast('包装工');
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { workerId: id, kind: 'alert', status: 'failed' } })) === 1, 'the failed SMS');
    await sys.ctx.services.ladder.sweep(new Date(Date.now() + 48 * HOUR));
    await queuesSettled(sys, ['notify']);
    expect(await sys.ctx.db.ladderStep.count()).toBe(0);
    expect(callsTo(OFF)).toHaveLength(0);
  });

  it('an opening closed meanwhile stops its ladders', async () => {
    const id = await subscribe(SILENT);
    const opening = await openingAndBroadcast('质检员');
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { workerId: id, kind: 'alert', status: 'delivered' } })) === 1, 'the SMS delivered');
    await sys.ctx.services.matching.stopOpening(opening.id, 'closed');
    expect(await sys.ctx.services.ladder.sweep(new Date(Date.now() + 5 * HOUR))).toMatchObject({ taken: {}, stopped: { opening: 1 } });
    expect(callsTo(SILENT)).toHaveLength(0);
  });
});
