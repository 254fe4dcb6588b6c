import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, postForm, signInStaff } from '../helpers/console.js';

/**
 * The ladder's writes (docs/ladder.md) against PostgreSQL: a receipt and sweeps racing on one
 * ladder take the next step once; a queued step is cancelled at sending when the worker stopped
 * calls or texted meanwhile (never turned into a second SMS); step messages do not count
 * against the weekly alert cap; the call list waits for the ladder's call task.
 */
const ADMIN = { actor: 'test', keyId: null, role: 'admin' as const, divisionPrefixes: [], employerId: null };

describe('ladder steps in the database', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { VOICE_DRIVER: 'console', MATCH_WEEKLY_ALERT_CAP: '2' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    await sys.ctx.services.ladder.setFlags(ADMIN, '532528102', { enabled: true });
  });

  /** A worker alerted for an opening whose SMS alert has the given fate. */
  async function alerted(phone: string, status: 'failed' | 'delivered') {
    const db = sys.ctx.db;
    const w = await db.worker.create({ data: { phone, skills: ['缝纫'], divisionCode: '532528102211' } });
    const ws = await db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month', payDay: '每月15日' } });
    const c = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'matching' } });
    const [id] = await sys.ctx.services.outbox.createCampaignAlerts(c.id, o.id, { templateCode: 'SMS_T', params: { job: '缝纫工', code: o.code }, text: '招缝纫工' }, 1, [{ workerId: w.id, score: 1, reasons: [] }]);
    await db.campaign.update({ where: { id: c.id }, data: { status: 'sending' } });
    await db.notification.update({ where: { id: id! }, data: { status, sentAt: new Date(Date.now() - 60_000) } });
    expect(await sys.ctx.services.ladder.start(c.id, [id!])).toBe(1);
    return { worker: w, opening: o, alertId: id! };
  }

  it('a receipt and two sweeps at once take the next step once', async () => {
    const { worker, alertId } = await alerted('13800004001', 'failed');
    const results = await Promise.all([
      sys.ctx.services.ladder.afterFailures([alertId]),
      sys.ctx.services.ladder.sweep(),
      sys.ctx.services.ladder.sweep(),
    ]);
    const taken = (results[0] as number) + [results[1], results[2]].reduce((n, r) => n + ((r as { taken: Record<string, number> }).taken.voice ?? 0), 0);
    expect(taken).toBe(1);
    const steps = await sys.ctx.db.ladderStep.findMany({ where: { workerId: worker.id }, orderBy: { stepNo: 'asc' } });
    expect(steps.map((s) => [s.channel, s.outcome])).toEqual([
      ['sms', 'failed'],
      ['voice', null],
    ]);
    const call = await sys.ctx.db.notification.findFirstOrThrow({ where: { workerId: worker.id, channel: 'voice' } });
    expect(call).toMatchObject({ dedupeKey: `ladder:${alertId}:voice`, kind: 'alert', campaignId: null, status: 'queued', openingIds: [expect.any(Number)] });
    expect(steps[1]!.notificationId).toBe(call.id);
  });

  it('a queued call is cancelled, not sent as SMS, when the worker stops calls or texts meanwhile', async () => {
    const a = await alerted('13800004002', 'failed');
    const b = await alerted('13800004003', 'failed');
    await sys.ctx.services.ladder.sweep();
    const calls = await sys.ctx.db.notification.findMany({ where: { channel: 'voice' }, orderBy: { id: 'asc' } });
    expect(calls).toHaveLength(2);
    await sys.ctx.services.outbox.stopCalls(a.worker.id);
    await sys.ctx.db.inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: 'x1', channel: 'sms', sender: b.worker.phone!, workerId: b.worker.id, content: '好的', raw: {} } });
    const claimed = await sys.ctx.services.outbox.claim(calls.map((c) => c.id.toString()), 'test');
    expect(claimed.map((c) => [c.worker_id, c.cancel]).sort()).toEqual(
      [
        [a.worker.id, 'CALLS_STOPPED'],
        [b.worker.id, 'LADDER_REPLIED'],
      ].sort(),
    );
    expect(await sys.ctx.db.notification.count({ where: { channel: 'sms', dedupeKey: { startsWith: 'ladder:' } } })).toBe(0);
  });

  it('the call list waits for the call task; erasure deletes the ladder', async () => {
    const { worker, alertId } = await alerted('13800004004', 'failed');
    const list = () => sys.ctx.services.caseworker.callList(ADMIN, { days: 14, limit: 10 });
    // The failed SMS is the ladder's business while a call is still to come.
    await sys.ctx.services.ladder.sweep();
    expect(await list()).toEqual([]);
    const call = await sys.ctx.db.notification.findFirstOrThrow({ where: { dedupeKey: `ladder:${alertId}:voice` } });
    await sys.ctx.db.notification.update({ where: { id: call.id }, data: { status: 'failed', errorCode: 'VOICE_200003', sentAt: new Date() } });
    await sys.ctx.services.ladder.afterFailures([call.id]);
    expect(await list()).toEqual([expect.objectContaining({ workerId: worker.id, reason: 'ladder', taskReason: '短信和电话都没联系上' })]);
    // A call logged drops the worker, as for every reason.
    await sys.ctx.services.caseworker.recordCall(ADMIN, worker.id, { outcome: 'reached' });
    expect(await list()).toEqual([]);
    // Erasing the worker (docs/outcomes.md) takes their ladder with them.
    await sys.ctx.services.erasure.erase(ADMIN, worker.id);
    expect(await sys.ctx.db.ladderStep.count({ where: { workerId: worker.id } })).toBe(0);
  });

  it('a worker the station set to no SMS, whose alert was a call, goes from the call to the station', async () => {
    const { worker, alertId } = await alerted('13800004006', 'failed');
    await sys.ctx.db.notification.update({ where: { id: alertId }, data: { channel: 'voice' } });
    await sys.ctx.services.caseworker.updateWorker(ADMIN, worker.id, { smsOff: true });
    expect((await sys.ctx.services.ladder.sweep()).taken).toEqual({ call_task: 1 });
    const steps = await sys.ctx.db.ladderStep.findMany({ where: { workerId: worker.id }, orderBy: { stepNo: 'asc' } });
    expect(steps.map((x) => [x.channel, x.reason])).toEqual([
      ['voice', null],
      ['call_task', '电话没人接'],
    ]);
  });

  it('an admin switches a place on the console; a station may not, and a village is refused', async () => {
    const { admin, station } = await signInStaff(sys);
    const page = await getPage(sys.app, admin, '/console/admin');
    expect(page.res.body).toContain('没联系上就换办法');
    const set = await postForm(sys.app, admin, '/console/admin/ladder', { _csrf: page.token!, place: '元阳县', switches: 'enabled' });
    expect(set.statusCode).toBe(303);
    expect(await sys.ctx.db.ladderSetting.findUniqueOrThrow({ where: { divisionCode: '532528' } })).toMatchObject({ enabled: true, voice: false, callTask: false, updatedBy: expect.stringMatching(/^user:/) });
    const after = (await getPage(sys.app, admin, '/console/admin')).res.body;
    expect(after).toMatch(/<tr data-division="532528"><td>元阳县<\/td><td>开<\/td><td>关<\/td><td>关<\/td>/);
    expect(after).toContain('换办法联系·设置');
    const village = await postForm(sys.app, admin, '/console/admin/ladder', { _csrf: page.token!, place: '新街镇胜村', switches: 'enabled' });
    expect(village.statusCode).toBe(400);
    expect(village.body).toContain('这里要写县或乡镇');
    expect((await getPage(sys.app, station, '/console/admin')).res.statusCode).toBe(403);
  });

  it('a step repeats its alert: it does not count against the weekly alert cap', async () => {
    const { worker, opening } = await alerted('13800004005', 'delivered');
    expect((await sys.ctx.services.ladder.sweep(new Date(Date.now() + 5 * 3600_000))).taken).toEqual({ voice: 1 });
    // MATCH_WEEKLY_ALERT_CAP is 2 here: the alert and its call would make two.
    const o2 = await sys.ctx.db.opening.create({ data: { workshopId: opening.workshopId, title: '锁边工', skills: ['缝纫'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month', payDay: '每月15日' } });
    const c2 = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o2.id } });
    await sys.ctx.services.matching.runCampaign(c2.id);
    expect(await sys.ctx.db.notification.count({ where: { campaignId: c2.id, workerId: worker.id } })).toBe(1);
    expect(await sys.ctx.db.matchSkip.count()).toBe(0);
  });
});
