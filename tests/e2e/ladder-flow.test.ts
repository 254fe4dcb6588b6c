import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import type { FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import type { FakeAliyunVoice } from '../fakes/fake-aliyun-voice.js';
import { waitFor, type TestSystem } from '../helpers/app.js';
import { alertScenario, startWithFakeAliyun } from '../helpers/alert-scenario.js';
import { queuesSettled } from '../helpers/queues.js';
import { getPage, signInStaff } from '../helpers/console.js';

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

  const { api, text, subscribe, openingAndBroadcast } = alertScenario(() => sys, { sign: SIGN, employer: EMPLOYER, firstSeq: 7000 });

  // Each test counts only what its own broadcasts sent (the fakes keep every message and call).
  let smsFrom = 0;
  let callsFrom = 0;
  const alertsTo = (phone: string) => sms.messages.slice(smsFrom).filter((m) => m.phone === phone && m.templateCode === TEMPLATES.job_alert.defaultCode);
  const callsTo = (phone: string) => voice.calls.slice(callsFrom).filter((c) => c.code === 'OK' && c.query.CalledNumber === phone);
  const stepsOf = (workerId: number) => sys.ctx.db.ladderStep.findMany({ where: { workerId }, orderBy: { stepNo: 'asc' } });

  let fakes: Awaited<ReturnType<typeof startWithFakeAliyun>>;
  beforeAll(async () => {
    fakes = await startWithFakeAliyun({
      sign: SIGN,
      show: SHOW,
      sms: { deliver: (phone) => (phone === OFF ? { success: false, errCode: 'IS_CLOSE', errMsg: '关机' } : { success: true, errCode: 'DELIVERED', errMsg: '用户接收成功' }) },
      env: { LADDER_WAIT_WORKSHOP_HOURS: '4' },
    });
    ({ sms, voice, sys } = fakes);
  });

  beforeEach(async () => {
    await fakes.reset();
    smsFrom = sms.messages.length;
    callsFrom = voice.calls.length;
    // 新街镇's station runs the ladder, with calls and call tasks.
    expect((await api('/api/v1/admin/ladder-settings/532528102', { method: 'PUT', body: { enabled: true } })).status).toBe(200);
  });

  afterAll(async () => fakes?.close());

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
    // The console: the opening page's table of steps, the call list's reason in words.
    const { station } = await signInStaff(sys);
    const page = (await getPage(sys.app, station, `/console/openings/${opening.id}`)).res.body;
    expect(page).toContain('没联系上就换办法');
    expect(page).toMatch(/<tr data-channel="voice"><td>电话<\/td><td>1<\/td><td>1<\/td><td>0<\/td><td>1<\/td>/);
    expect((await getPage(sys.app, station, '/console/calls')).res.body).toContain('短信和电话都没联系上');
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
