import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import type { FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import type { FakeAliyunVoice } from '../fakes/fake-aliyun-voice.js';
import { waitFor, type TestSystem } from '../helpers/app.js';
import { alertScenario, startWithFakeAliyun } from '../helpers/alert-scenario.js';
import { queuesSettled } from '../helpers/queues.js';
import { getPage, postForm, signInStaff } from '../helpers/console.js';

/**
 * Voice alerts end to end (issue 16 §1, docs/aliyun-voice.md): a worker who gets calls is
 * called through the real openapi-core client against the fake Dyvmsapi (signature checked),
 * the pushed receipt settles the call in the ledger, and the keys pressed act: 1 applies
 * exactly as BM<code> does (the employer is told), 9 stops calls (SMS goes on).
 */
describe('voice alerts with keypress apply', () => {
  let sms: FakeAliyunSms;
  let voice: FakeAliyunVoice;
  let sys: TestSystem;
  const SIGN = '归雁就业';
  const SHOW = '057112345678';
  const EMPLOYER = '13900000009';

  const scenario = alertScenario(() => sys, { sign: SIGN, employer: EMPLOYER, firstSeq: 5000 });
  const { api, text, openingAndBroadcast } = scenario;

  async function subscribe(phone: string, calls: boolean): Promise<number> {
    const id = await scenario.subscribe(phone);
    if (calls) await sys.ctx.db.worker.update({ where: { id }, data: { needsCalls: true } });
    return id;
  }

  let fakes: Awaited<ReturnType<typeof startWithFakeAliyun>>;
  beforeAll(async () => {
    fakes = await startWithFakeAliyun({ sign: SIGN, show: SHOW, env: { VOICE_IVR_KEY_CODES: JSON.stringify({ '1': 'TTS_100002', '2': 'TTS_100003', '9': 'TTS_100009' }) } });
    ({ sms, voice, sys } = fakes);
  });

  beforeEach(async () => {
    await fakes.reset();
    voice.holdReceipts(false);
  });

  afterAll(async () => fakes?.close());

  it('calls a worker who needs calls, and a 1 pressed applies and tells the employer', async () => {
    const caller = '13800001001';
    const reader = '13800001002';
    const callerId = await subscribe(caller, true);
    await subscribe(reader, false);
    voice.script(caller, { status: '200000', dtmf: '1', duration: 31 });

    const opening = await openingAndBroadcast('缝纫工');
    // The worker who needs calls is called (IvrCall, the keypress menu), the other gets the SMS.
    const placed = await waitFor(async () => voice.calls.find((c) => c.code === 'OK' && c.query.CalledNumber === caller), 'the call');
    expect(placed.action).toBe('IvrCall');
    expect(placed.query.CalledShowNumber).toBe(SHOW);
    expect(JSON.parse(placed.query.StartTtsParams!)).toMatchObject({ job: '缝纫工', code: opening.code, pay: expect.stringContaining('3500') });
    expect(placed.query['MenuKeyMap.1.Key']).toBe('1');
    expect(placed.query.OutId!.length).toBeLessThanOrEqual(15);
    await waitFor(async () => sms.messages.some((m) => m.phone === reader && m.templateCode === TEMPLATES.job_alert.defaultCode), 'the SMS alert');
    expect(sms.messages.filter((m) => m.phone === caller && m.templateCode === TEMPLATES.job_alert.defaultCode)).toEqual([]);

    // The receipt (answered, key 1) settles the call and applies, exactly as BM<code> does.
    const application = await waitFor(() => sys.ctx.db.application.findFirst({ where: { workerId: callerId, openingId: opening.id } }), 'the application from key 1');
    expect(application.status).toBe('applied');
    const call = await sys.ctx.db.notification.findFirstOrThrow({ where: { workerId: callerId, channel: 'voice' } });
    expect(call).toMatchObject({ status: 'delivered', bizId: placed.callId });
    const report = await sys.ctx.db.voiceReport.findFirstOrThrow({ where: { callId: placed.callId!, statusCode: '200000' } });
    expect(report).toMatchObject({ duration: 31, dtmf: '1', notificationId: call.id });
    // The employer is told by the path a text application takes, and the worker gets the confirmation.
    await waitFor(async () => sms.messages.some((m) => m.phone === EMPLOYER && m.templateCode === TEMPLATES.employer_new_applicant.defaultCode), 'the employer notice');
    await waitFor(async () => sms.messages.some((m) => m.phone === caller && m.content.includes(opening.code)), 'the applied confirmation');

    // The same receipts pushed again store nothing and apply nothing twice.
    const pushed = voice.pushes.filter((p) => p.status === 200).map((p) => ({ url: p.url, body: p.body }));
    for (const p of pushed) expect((await fetch(p.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p.body) })).status).toBe(200);
    await queuesSettled(sys, ['inbound', 'notify']);
    expect(await sys.ctx.db.voiceReport.count()).toBe(2); // VoiceReport and VoiceCallReport (key 1)
    expect(await sys.ctx.db.application.count({ where: { workerId: callerId } })).toBe(1);
  });

  it('a 9 pressed stops calls only: the next alert goes by SMS', async () => {
    const phone = '13800001003';
    const id = await subscribe(phone, true);
    voice.script(phone, { status: '200000', dtmf: '9' });
    await openingAndBroadcast('锁边工');
    const stopped = await waitFor(async () => (await sys.ctx.db.worker.findUniqueOrThrow({ where: { id } })).callsStoppedAt, 'calls stopped');
    expect(stopped).toBeInstanceOf(Date);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id } })).status).toBe('active');
    expect(await sys.ctx.db.application.count()).toBe(0);

    const second = await openingAndBroadcast('熨烫工');
    await waitFor(async () => sms.messages.some((m) => m.phone === phone && m.content.includes(`BM${second.code}`)), 'the second alert by SMS');
    await queuesSettled(sys, ['match', 'notify']);
    expect(voice.calls.filter((c) => c.code === 'OK' && c.query.CalledNumber === phone)).toHaveLength(1);
  });

  it('a second call within the minute waits for the number, and a 2 records nothing', async () => {
    const phone = '13800001004';
    const id = await subscribe(phone, true);
    voice.script(phone, { status: '200000', dtmf: '2' });
    await openingAndBroadcast('包装工');
    await openingAndBroadcast('质检员');
    const waiting = await waitFor(
      async () => (await sys.ctx.db.notification.findFirst({ where: { workerId: id, channel: 'voice', status: 'queued', errorCode: 'VOICE_NUMBER_LIMIT' } })) ?? undefined,
      'the second call held back',
    );
    expect(waiting).toBeTruthy();
    // Only one call reached Aliyun: our own count kept the number under its limit (no BUSINESS_LIMIT_CONTROL).
    expect(voice.calls.filter((c) => c.query.CalledNumber === phone).map((c) => c.code)).toEqual(['OK']);
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { workerId: id, channel: 'voice', status: 'delivered' } })) === 1, 'the first call settled');
    expect(await sys.ctx.db.application.count()).toBe(0);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id } })).callsStoppedAt).toBeNull();
  });

  it('a call whose answer was lost is settled by its receipt (OutId), and one with no receipt by QueryCallDetailByCallId', async () => {
    const lost = '13800001005';
    const quiet = '13800001006';
    const lostId = await subscribe(lost, true);
    voice.script(lost, { status: '200003' }); // rang, not answered
    voice.hangNext(lost);
    voice.holdReceipts(false);
    await openingAndBroadcast('车工');
    // The request timed out: the outcome was unknown, yet the receipt found the call by OutId.
    const lostCall = await waitFor(
      async () => (await sys.ctx.db.notification.findFirst({ where: { workerId: lostId, channel: 'voice', status: 'failed' } })) ?? undefined,
      'the lost call settled by its receipt',
    );
    expect(lostCall.errorCode).toBe('VOICE_200003');
    expect(lostCall.bizId).toMatch(/\^/);
    expect(voice.calls.filter((c) => c.query.CalledNumber === lost)).toHaveLength(1);

    // No receipt at all for the other: after the wait, the reconciler looks the call up.
    await queuesSettled(sys, ['notify']);
    voice.holdReceipts(true);
    const quietId = await subscribe(quiet, true);
    voice.script(quiet, { status: '200000', duration: 12 });
    await openingAndBroadcast('裁床工');
    const sent = await waitFor(
      async () => (await sys.ctx.db.notification.findFirst({ where: { workerId: quietId, channel: 'voice', status: 'sent' } })) ?? undefined,
      'the call placed',
    );
    const old = new Date(Date.now() - 11 * 60_000);
    await sys.ctx.db.notification.update({ where: { id: sent.id }, data: { sentAt: old, updatedAt: old } });
    const result = (await sys.ctx.services.reconcile.run()) as { voice: { looked: number; settled: number } };
    expect(result.voice).toMatchObject({ looked: 1, settled: 1 });
    expect(await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({ status: 'delivered' });
  });

  it('a worker asks for calls by text, a caseworker marks another; the pre-flight shows calls and their cost beside SMS', async () => {
    const asker = '13800001007';
    const marked = '13800001008';
    const askerId = await subscribe(asker, false);
    const markedId = await subscribe(marked, false);
    expect((await text(asker, '打电话通知')).status).toBe(200);
    await waitFor(async () => (await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: askerId } })).wantsCalls, 'calls asked for');
    await waitFor(async () => sms.messages.some((m) => m.phone === asker && m.content.includes('以后用电话给您发岗位')), 'the answer');
    const patch = await api(`/api/v1/caseworker/workers/${markedId}`, { method: 'PATCH', body: { needsCalls: true } });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ needsCalls: true, wantsCalls: false, callsStoppedAt: null });

    const ws = await api('/api/v1/workshops', { method: 'POST', body: { name: '新街手套车间', form: 'county_workshop', division: '元阳县新街镇', contactPhone: EMPLOYER } });
    const op = await api('/api/v1/openings', {
      method: 'POST',
      body: { workshopId: ((await ws.json()) as { id: number }).id, title: '手套工', skills: ['缝纫'], headcount: 5, wage: { min: 3000, max: 4000, unit: 'month' }, terms: { payDay: '每月15日' } },
    });
    const opening = (await op.json()) as { id: number };
    const pre = await api(`/api/v1/openings/${opening.id}/preflight`);
    const body = (await pre.json()) as Record<string, number>;
    expect(body).toMatchObject({ wouldAlert: 2, calls: 2, texts: 0, totalSegments: 0, estimatedCost: 0, pricePerCall: 0.12, callCost: 0.24 });

    // Texting 不要打电话 stops calls for the asker only: the pre-flight counts one call now.
    expect((await text(asker, '不要打电话了')).status).toBe(200);
    await waitFor(async () => (await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: askerId } })).callsStoppedAt, 'calls stopped by text');
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: askerId } })).status).toBe('active');
    expect(await (await api(`/api/v1/openings/${opening.id}/preflight`)).json()).toMatchObject({ calls: 1, texts: 1, callCost: 0.12 });
  });

  it('two jobs calling one number at the same moment: one call goes, the other waits (a lock per number)', async () => {
    const phone = '13800001009';
    const row = (outId: string) => ({ kind: 'alert' as const, channel: 'voice' as const, phone, templateCode: 'T', templateParams: {}, content: '', segments: 1, status: 'sending' as const, outId });
    const a = await sys.ctx.db.notification.create({ data: row('claimA') });
    const b = await sys.ctx.db.notification.create({ data: row('claimB') });
    const at = new Date();
    const since = new Date(at.getTime() - 86_400_000);
    const { nextAllowedCall } = await import('../../src/domain/voice-rules.js');
    const turns = await Promise.all(
      [
        { id: a.id, claimOutId: 'claimA', callOutId: `v${a.id}a1` },
        { id: b.id, claimOutId: 'claimB', callOutId: `v${b.id}a1` },
      ].map((c) => sys.ctx.services.outbox.takeCallTurn({ ...c, phone }, since, (past) => nextAllowedCall(past, at), at)),
    );
    expect(turns.filter((t) => 'held' in t && t.held)).toHaveLength(1);
    expect(turns.filter((t) => 'waitUntil' in t)).toHaveLength(1);
  });

  it("the console worker page marks a worker as needing calls and says whether they get them", async () => {
    const id = await subscribe('13800001010', false);
    const { station } = await signInStaff(sys);
    const page = await getPage(sys.app, station, `/console/workers/${id}`);
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toContain('name="needsCalls"');
    const saved = await postForm(sys.app, station, `/console/workers/${id}`, { _csrf: page.token!, phone: '13800001010', division: '532528102', skills: '缝纫', needsCalls: 'on', status: 'active' });
    expect(saved.statusCode).toBeLessThan(400);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id } })).needsCalls).toBe(true);
    expect((await getPage(sys.app, station, `/console/workers/${id}`)).res.body).toContain('电话通知（站里标记）');
  });
});
