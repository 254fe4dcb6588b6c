import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SmsBatch, SmsProvider, SmsSendResult } from '../../src/channels/sms/sms-provider.js';
import { scriptedProvider } from '../helpers/delivery.js';
import { isMatch } from '../../src/domain/matching.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * The notify service's state machine and error classes, and matching's SQL against the pure
 * predicate. The provider here is a scripted stand-in for the vendor (never our own code);
 * the Aliyun adapter itself is exercised against the fake server in tests/e2e.
 */

describe('notify service', () => {
  let sys: TestSystem;
  const sp = scriptedProvider();
  beforeAll(async () => {
    sys = await startSystem({ workers: false, overrides: { sms: sp.provider } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    sp.calls.length = 0;
    sp.script.length = 0;
  });

  async function opening(skills = ['缝纫'], division = '532528102', form: 'county_workshop' | 'home_workshop' = 'county_workshop') {
    const ws = await sys.ctx.db.workshop.create({ data: { name: '制衣车间', form, divisionCode: division, contactPhone: '13900000009' } });
    return sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills, headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
  }
  async function addWorker(phone: string, over: Record<string, unknown> = {}) {
    return sys.ctx.db.worker.create({ data: { phone, skills: ['缝纫'], divisionCode: '532528102211', ...over } });
  }
  async function campaignWith(openingId: number) {
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId } });
    await sys.ctx.services.matching.runCampaign(c.id);
    const ns = await sys.ctx.db.notification.findMany({ where: { campaignId: c.id }, orderBy: { id: 'asc' } });
    return { campaign: c, ids: ns.map((n) => n.id.toString()) };
  }
  const statuses = async () =>
    (await sys.ctx.db.notification.findMany({ orderBy: { id: 'asc' }, include: { worker: true } })).map((n) => [n.worker?.phone, n.status, n.errorCode]);

  it('matching SQL agrees with the pure predicate', async () => {
    const variants = [
      { phone: '13800000101' },
      { phone: '13800000102', status: 'paused' as const },
      { phone: '13800000103', status: 'opted_out' as const },
      { phone: '13800000104', phoneInvalid: true },
      { phone: '13800000105', divisionCode: '532528101' },
      { phone: '13800000106', divisionCode: '532528' },
      { phone: '13800000107', skills: ['编织'] },
      { phone: '13800000108', skills: [] },
      { phone: '13800000109', skills: ['普工'] },
      { phone: '13800000110', divisionCode: '532503' },
    ];
    for (const v of variants) await addWorker(v.phone, v);
    for (const [skills, form] of [
      [['缝纫'], 'county_workshop'],
      [[], 'county_workshop'],
      [['缝纫'], 'home_workshop'],
    ] as const) {
      const o = await opening([...skills], '532528102', form);
      const workers = await sys.ctx.db.worker.findMany();
      const expected = workers
        .filter((w) => isMatch(w, { skills: [...skills], form, workshopDivision: '532528102' }))
        .map((w) => w.phone)
        .sort();
      expect((await sys.ctx.services.matching.preflight(o.id)).matched).toBe(expected.length);
      const { ids } = await campaignWith(o.id);
      const got = await sys.ctx.db.notification.findMany({ where: { id: { in: ids.map(BigInt) } }, include: { worker: true } });
      expect(got.map((n) => n.worker!.phone).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('sends all same-text alerts of a campaign in one call and moves them to sent', async () => {
    for (let i = 0; i < 5; i++) await addWorker(`1380000020${i}`);
    const o = await opening();
    const { ids, campaign } = await campaignWith(o.id);
    const r = await sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false });
    expect(r).toEqual({ type: 'done', sent: 5, failed: 0, cancelled: 0 });
    expect(sp.calls).toHaveLength(1);
    expect(sp.calls[0]!.recipients).toHaveLength(5);
    expect((await statuses()).every(([, s]) => s === 'sent')).toBe(true);
    // A caseworker sees when each worker was last alerted (read from the notifications).
    const station = { actor: 'test', keyId: null, role: 'caseworker' as const, divisionPrefixes: ['532528'], employerId: null };
    const someone = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: '13800000200' } });
    expect((await sys.ctx.services.caseworker.getWorker(station, someone.id)).lastAlertAt).toBeInstanceOf(Date);
    expect((await sys.ctx.db.campaign.findUnique({ where: { id: campaign.id } }))!.status).toBe('completed');
    // A second run of the same job sends nothing: the messages are no longer queued.
    expect(await sys.ctx.services.notify.send(ids, { attempt: 2, finalAttempt: false })).toMatchObject({ sent: 0 });
    expect(sp.calls).toHaveLength(1);
  });

  it('checks opt-outs and the opening at the moment of sending', async () => {
    const a = await addWorker('13800000301');
    await addWorker('13800000302');
    const o = await opening();
    const { ids } = await campaignWith(o.id);
    await sys.ctx.db.worker.update({ where: { id: a.id }, data: { status: 'opted_out' } });
    const r = await sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false });
    expect(r).toMatchObject({ sent: 1, cancelled: 1 });
    expect(await statuses()).toEqual([
      ['13800000301', 'cancelled', 'OPTED_OUT'],
      ['13800000302', 'sent', null],
    ]);

    await resetData(sys.ctx.db);
    await addWorker('13800000303');
    const o2 = await opening();
    const c2 = await campaignWith(o2.id);
    await sys.ctx.db.opening.update({ where: { id: o2.id }, data: { status: 'filled' } });
    expect(await sys.ctx.services.notify.send(c2.ids, { attempt: 1, finalAttempt: false })).toMatchObject({ sent: 0, cancelled: 1 });
    expect(await statuses()).toEqual([['13800000303', 'cancelled', 'OPENING_FILLED']]);

    // Day labour whose work has started by the time the alert's job runs: not sent.
    await resetData(sys.ctx.db);
    await addWorker('13800000305');
    const started = await opening();
    const startedRun = await campaignWith(started.id);
    await sys.ctx.db.opening.update({ where: { id: started.id }, data: { dayLabour: true, startsAt: new Date(Date.now() - 60_000) } });
    expect(await sys.ctx.services.notify.send(startedRun.ids, { attempt: 1, finalAttempt: false })).toMatchObject({ sent: 0, cancelled: 1 });
    expect(await statuses()).toEqual([['13800000305', 'cancelled', 'OPENING_STARTED']]);

    // A campaign cancelled while it was still being matched: its alerts that got written stay
    // unsent, even if the opening is open again by the time their job runs.
    await resetData(sys.ctx.db);
    await addWorker('13800000304');
    const o3 = await opening();
    const c3 = await campaignWith(o3.id);
    await sys.ctx.db.campaign.update({ where: { id: c3.campaign.id }, data: { status: 'cancelled' } });
    expect(await sys.ctx.services.notify.send(c3.ids, { attempt: 1, finalAttempt: false })).toMatchObject({ sent: 0, cancelled: 1 });
    expect(await statuses()).toEqual([['13800000304', 'cancelled', 'CAMPAIGN_CANCELLED']]);
    expect(sp.calls).toHaveLength(1); // only the first part's send
  });

  it('puts messages back for retryable errors, and fails them on the last attempt', async () => {
    await addWorker('13800000401');
    const o = await opening();
    const { ids } = await campaignWith(o.id);
    sp.script.push({ ok: false, errorClass: 'transient', code: 'isp.SYSTEM_ERROR', message: '系统错误' });
    expect(await sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false })).toMatchObject({ type: 'retry', errorClass: 'transient' });
    expect(await statuses()).toEqual([['13800000401', 'queued', 'isp.SYSTEM_ERROR']]);
    sp.script.push({ ok: false, errorClass: 'throttled', code: 'Throttling.User', message: 'flow control', retryAfterMs: 500 });
    expect(await sys.ctx.services.notify.send(ids, { attempt: 2, finalAttempt: false })).toMatchObject({ type: 'retry', errorClass: 'throttled', retryAfterMs: 500 });
    sp.script.push({ ok: false, errorClass: 'transient', code: 'InternalError', message: '500' });
    expect(await sys.ctx.services.notify.send(ids, { attempt: 5, finalAttempt: true })).toMatchObject({ type: 'done', failed: 1 });
    expect(await statuses()).toEqual([['13800000401', 'failed', 'InternalError']]);
  });

  it('marks an invalid number and never retries it; splits a batch that one bad number spoiled', async () => {
    await addWorker('13800000501');
    await addWorker('13800000502');
    const o = await opening();
    const { ids } = await campaignWith(o.id);
    sp.script.push({ ok: false, errorClass: 'invalid_number', code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' });
    const split = await sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false });
    expect(split).toEqual({ type: 'split', notificationIds: ids, rest: [] });
    sp.script.push({ ok: false, errorClass: 'invalid_number', code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' });
    await sys.ctx.services.notify.send([ids[0]!], { attempt: 1, finalAttempt: false });
    await sys.ctx.services.notify.send([ids[1]!], { attempt: 1, finalAttempt: false });
    expect(await statuses()).toEqual([
      ['13800000501', 'failed', 'isv.MOBILE_NUMBER_ILLEGAL'],
      ['13800000502', 'sent', null],
    ]);
    expect((await sys.ctx.db.worker.findFirst({ where: { phone: '13800000501' } }))!.phoneInvalid).toBe(true);
  });

  it('fails the campaign loudly on a template error, and leaves an unknown outcome for reconciliation', async () => {
    await addWorker('13800000601');
    const o = await opening();
    const { ids, campaign } = await campaignWith(o.id);
    sp.script.push({ ok: false, errorClass: 'config', code: 'isv.SMS_TEMPLATE_ILLEGAL', message: '模板不合法' });
    await sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false });
    const c = await sys.ctx.db.campaign.findUnique({ where: { id: campaign.id } });
    expect(c).toMatchObject({ status: 'failed', error: expect.stringContaining('isv.SMS_TEMPLATE_ILLEGAL') });

    await resetData(sys.ctx.db);
    await addWorker('13800000602');
    const o2 = await opening();
    const c2 = await campaignWith(o2.id);
    sp.script.push({ ok: false, errorClass: 'unknown_outcome', code: 'Timeout', message: 'ReadTimeout(5000)' });
    await sys.ctx.services.notify.send(c2.ids, { attempt: 1, finalAttempt: false });
    const n = await sys.ctx.db.notification.findFirstOrThrow();
    expect(n).toMatchObject({ status: 'sending', errorCode: 'Timeout', outId: expect.stringMatching(/^n\d+x1a1-[0-9a-f]{6}$/) });
    // A later run of the same job does not resend it.
    await sys.ctx.services.notify.send(c2.ids, { attempt: 2, finalAttempt: false });
    expect(sp.calls).toHaveLength(2);
  });

  it('applies receipts forward only, matching by BizId or by OutId when the BizId was lost', async () => {
    await addWorker('13800000701');
    await addWorker('13800000702');
    const o = await opening();
    const { ids } = await campaignWith(o.id);
    await sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false });
    const bizId = 'biz-1^0';
    const rep = (phone: string, success: boolean, reportTime: string) => ({
      phone_number: phone,
      success,
      err_code: success ? 'DELIVERED' : 'MK:0001',
      err_msg: success ? '用户接收成功' : '失败',
      biz_id: bizId,
      report_time: reportTime,
      sms_size: '1',
    });
    await sys.ctx.services.receipts.storeReceipts([rep('13800000701', true, '2026-11-29 10:00:01')]);
    // A late, contradicting receipt for a delivered message changes nothing.
    await sys.ctx.services.receipts.storeReceipts([rep('13800000701', false, '2026-11-29 10:00:05')]);
    await sys.ctx.services.receipts.storeReceipts([rep('13800000702', false, '2026-11-29 10:00:02')]);
    expect(await statuses()).toEqual([
      ['13800000701', 'delivered', null],
      ['13800000702', 'failed', 'MK:0001'],
    ]);

    await resetData(sys.ctx.db);
    await addWorker('13800000703');
    const o2 = await opening();
    const c2 = await campaignWith(o2.id);
    sp.script.push({ ok: false, errorClass: 'unknown_outcome', code: 'Timeout', message: 'timeout' });
    await sys.ctx.services.notify.send(c2.ids, { attempt: 1, finalAttempt: false });
    const n = await sys.ctx.db.notification.findFirstOrThrow();
    await sys.ctx.services.receipts.storeReceipts([{ ...rep('13800000703', true, '2026-11-29 10:00:03'), biz_id: 'lost-biz^1', out_id: n.outId! }]);
    expect(await sys.ctx.db.notification.findFirstOrThrow()).toMatchObject({ status: 'delivered', bizId: 'lost-biz^1' });
  });

  it('applies a receipt that arrives while the sent write is giving the message its BizId', async () => {
    await addWorker('13800000704');
    const o = await opening();
    const { ids } = await campaignWith(o.id);
    await sys.ctx.db.$executeRawUnsafe(`UPDATE notifications SET status = 'sending', out_id = 'call-1' WHERE id = ${ids[0]}`);
    // The sent write, in its own transaction, holds the row while the receipt comes in.
    const writer = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE notifications SET status = 'sent', biz_id = 'biz-race^0', sent_at = now() WHERE id = $1`, [ids[0]]);
      const receipt = sys.ctx.services.receipts.storeReceipts([
        { phone_number: '13800000704', success: true, err_code: 'DELIVERED', biz_id: 'biz-race^0', out_id: 'call-1', report_time: '2026-11-29 10:00:09' },
      ]);
      // Commit only once the receipt's write is queued behind the writer's row lock (or done).
      let done = false;
      void receipt.then(() => (done = true), () => (done = true));
      await waitFor(async () => {
        if (done) return true;
        const [w] = await sys.ctx.db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        return w!.n > 0;
      }, 'the receipt to wait on the locked row');
      await writer.query('COMMIT');
      expect(await receipt).toMatchObject({ stored: 1, applied: 1 });
    } finally {
      await writer.end();
    }
    expect(await sys.ctx.db.notification.findFirstOrThrow()).toMatchObject({ status: 'delivered', bizId: 'biz-race^0' });
  });
});
