import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SmsBatch, SmsProvider, SmsSendResult } from '../../src/channels/sms/sms-provider.js';
import { holdUntil } from '../../src/domain/abuse-limits.js';
import { clearOfHourEdge, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { addSewers, scriptedProvider, sewingOpening } from '../helpers/delivery.js';
import { keysMatching } from '../../src/redis.js';

/**
 * The send guard inside the notify service: the per-phone reply budget across every answer
 * kind, the ceiling on answers to never-seen numbers, and the daily spend limit that holds
 * sends (opt-out confirmations still go). The provider is a scripted stand-in for the vendor.
 */

function logSink() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

describe('send guard', () => {
  let sys: TestSystem;
  const sp = scriptedProvider();
  const logs = logSink();
  // 0.01 yuan a segment, 0.10 a day: a limit of 10 segments, an alert at 8.
  const env = { SMS_PRICE_PER_SEGMENT: '0.01', SMS_DAILY_SPEND_LIMIT_YUAN: '0.10', SMS_SPEND_WARN_PERCENT: '80', NEW_NUMBER_REPLIES_PER_HOUR: '3' };

  beforeAll(async () => {
    sys = await startSystem({ workers: false, env, overrides: { sms: sp.provider, log: logs.log } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    sp.calls.length = 0;
    sp.script.length = 0;
    logs.lines.length = 0;
    const keys = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:*`);
    if (keys.length) await sys.ctx.redis.del(...keys);
  });

  const send = (ids: string[]) => sys.ctx.services.notify.send(ids, { attempt: 1, finalAttempt: false });
  /** A direct message as the conversation service creates it. */
  async function direct(phone: string, message: 'help' | 'unsubscribed' | 'bind_code', n: number, kind: 'reply' | 'verification' = 'reply'): Promise<string> {
    return sys.ctx.db.$transaction(async (tx) => {
      const id = await sys.ctx.services.outbox.createDirect(tx, {
        dedupeKey: `test:${phone}:${message}:${n}`,
        kind,
        workerId: null,
        phone,
        message,
        params: (message === 'bind_code' ? { code: '123456' } : {}) as never,
      });
      return id!;
    });
  }
  async function broadcast(phones: string[]): Promise<string[]> {
    await addSewers(sys, phones);
    // Known workers, not new numbers: created two days ago.
    await sys.ctx.db.worker.updateMany({ where: { phone: { in: phones } }, data: { createdAt: new Date(Date.now() - 2 * 86_400_000) } });
    const o = await sewingOpening(sys);
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id } });
    await sys.ctx.services.matching.runCampaign(c.id);
    return (await sys.ctx.db.notification.findMany({ where: { campaignId: c.id }, orderBy: { id: 'asc' } })).map((n) => n.id.toString());
  }
  const row = (id: string) => sys.ctx.db.notification.findUniqueOrThrow({ where: { id: BigInt(id) } });
  const metrics = async () => sys.ctx.metrics.registry.metrics();

  // Hourly and daily windows: do not start a test just before one turns over.
  beforeEach(() => clearOfHourEdge(30_000), 60_000);

  it('answers one phone at most REPLY_BUDGET_PER_HOUR times, across every kind, but always confirms an opt-out', async () => {
    const phone = '13700002001';
    await sys.ctx.db.worker.create({ data: { phone, createdAt: new Date(Date.now() - 2 * 86_400_000) } });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await direct(phone, 'help', i));
    for (const id of ids) await send([id]);
    const rows = await Promise.all(ids.map(row));
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(10);
    expect(rows.slice(10).map((r) => [r.status, r.errorCode])).toEqual([
      ['failed', 'REPLY_BUDGET'],
      ['failed', 'REPLY_BUDGET'],
    ]);
    // A binding code to this phone does not: the phone is typed by a WeChat user, so strangers
    // could otherwise spend a victim's budget (codes have their own limits per target and sender).
    // (This file's spend limit is 10 segments, which the 10 replies used: only the reply budget
    // may decide here, so the day's spend starts again.)
    const spendKeys = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:guard:spend:*`);
    if (spendKeys.length) await sys.ctx.redis.del(...spendKeys);
    const code = await direct(phone, 'bind_code', 1, 'verification');
    await send([code]);
    expect(await row(code)).toMatchObject({ status: 'sent', errorCode: null });
    const optOut = await direct(phone, 'unsubscribed', 1);
    await send([optOut]);
    expect((await row(optOut)).status).toBe('sent');
    expect(sp.calls).toHaveLength(12);
    // Counted and logged once for the phone, masked.
    expect(await metrics()).toMatch(/^guiyan_abuse_limited_total\{limit="reply_budget"\} 2$/m);
    const hits = logs.lines.filter((l) => l.msg.startsWith('reply budget of a phone used up'));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.phone).toBe('137****2001');
  });

  it('gives the budget back when a reply is put back for a retry', async () => {
    const phone = '13700002002';
    const id = await direct(phone, 'help', 1);
    sp.script.push({ ok: false, errorClass: 'transient', code: 'isp.SYSTEM_ERROR', message: '系统错误' });
    expect(await send([id])).toMatchObject({ type: 'retry' });
    const keys = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:guard:reply:*${phone}`);
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(await sys.ctx.redis.get(k)).toBe('0');
    expect(await sys.ctx.redis.get((await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:guard:new:*`))[0]!)).toBe('0');
    expect(await send([id])).toMatchObject({ type: 'done', sent: 1 });
  });

  it('answers never-seen numbers up to the hourly ceiling; known workers are not counted', async () => {
    const fresh = ['13700003001', '13700003002', '13700003003', '13700003004'];
    const ids = [];
    for (const [i, p] of fresh.entries()) ids.push(await direct(p, 'help', i));
    const known = '13700003010';
    await sys.ctx.db.worker.create({ data: { phone: known, createdAt: new Date(Date.now() - 2 * 86_400_000) } });
    // A worker created today is still a new number.
    await sys.ctx.db.worker.create({ data: { phone: '13700003011' } });
    const knownId = await direct(known, 'help', 1);
    const todayId = await direct('13700003011', 'help', 1);
    const optOut = await direct('13700003012', 'unsubscribed', 1);
    for (const id of [...ids, todayId, knownId, optOut]) await send([id]);
    const codes = await Promise.all([...ids, todayId, knownId, optOut].map(async (id) => (await row(id)).errorCode ?? (await row(id)).status));
    expect(codes).toEqual(['sent', 'sent', 'sent', 'NEW_NUMBER_CEILING', 'NEW_NUMBER_CEILING', 'sent', 'sent']);
    expect(await metrics()).toMatch(/^guiyan_abuse_limited_total\{limit="new_number_ceiling"\} 2$/m);
    expect(logs.lines.filter((l) => l.level === 50 && String(l.msg).includes('NEW_NUMBER_REPLIES_PER_HOUR'))).toHaveLength(1);
  });

  it('holds sends past the daily spend limit, raising an alert, and lets opt-out confirmations through', async () => {
    const first = await broadcast(['13800000001', '13800000002', '13800000003', '13800000004', '13800000005', '13800000006', '13800000007', '13800000008']);
    expect(await send(first)).toMatchObject({ type: 'done', sent: 8 });
    // 8 of 10 segments: past the warn threshold, logged once.
    expect(logs.lines.filter((l) => String(l.msg).includes('passed 80% of SMS_DAILY_SPEND_LIMIT_YUAN'))).toHaveLength(1);
    expect(await metrics()).toMatch(/^guiyan_sms_spend_state 1$/m);
    expect(await metrics()).toMatch(/^guiyan_sms_spend_today_yuan 0.08$/m);

    // The first eight are paused, so the next broadcast reaches the three new workers only.
    await sys.ctx.db.worker.updateMany({ data: { status: 'paused' } });
    const second = await broadcast(['13800000011', '13800000012', '13800000013']);
    expect(second).toHaveLength(3);
    const held = await send(second);
    expect(held).toMatchObject({ type: 'hold' });
    expect(sp.calls).toHaveLength(1);
    for (const id of second) expect(await row(id)).toMatchObject({ status: 'queued', errorCode: 'SPEND_HELD' });
    const errors = logs.lines.filter((l) => l.level === 50 && String(l.msg).startsWith('SMS spend limit reached'));
    expect(errors).toHaveLength(1);
    expect(await metrics()).toMatch(/^guiyan_sms_spend_state 2$/m);
    expect(await metrics()).toMatch(/^guiyan_sms_spend_held_segments_total 3$/m);
    // Held again: no second alert.
    expect(await send(second)).toMatchObject({ type: 'hold' });
    expect(logs.lines.filter((l) => l.level === 50 && String(l.msg).startsWith('SMS spend limit reached'))).toHaveLength(1);

    // Other sends used up the rest of the day: a reply waits too; a binding code fails (it
    // expires in minutes); an opt-out confirmation goes.
    const [spendKey] = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:guard:spend:????????`);
    await sys.ctx.redis.set(spendKey!, '10', 'KEEPTTL');
    const reply = await direct('13800000021', 'help', 1);
    expect(await send([reply])).toMatchObject({ type: 'hold' });
    expect((await row(reply)).status).toBe('queued');
    const code = await direct('13800000022', 'bind_code', 1, 'verification');
    await send([code]);
    expect(await row(code)).toMatchObject({ status: 'failed', errorCode: 'SPEND_LIMIT' });
    const optOut = await direct('13800000023', 'unsubscribed', 1);
    expect(await send([optOut])).toMatchObject({ type: 'done', sent: 1 });

    // A new Beijing day (the counter is per day): the held messages go.
    for (const k of await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:guard:spend:*`)) await sys.ctx.redis.del(k);
    expect(await send(second)).toMatchObject({ type: 'done', sent: 3 });
    expect(await send([reply])).toMatchObject({ type: 'done', sent: 1 });
  });

  it('looks again at held sends in a quarter of an hour, never inside quiet hours', () => {
    const quiet = { startMinute: 21 * 60, endMinute: 8 * 60 };
    const at = new Date('2026-12-02T06:00:00Z'); // 14:00 Beijing
    expect(holdUntil(at, quiet, 1n, 0).toISOString()).toBe('2026-12-02T06:15:00.000Z');
    const late = new Date('2026-12-02T12:50:00Z'); // 20:50 Beijing
    expect(holdUntil(late, quiet, 1n, 0).toISOString()).toBe('2026-12-03T00:00:00.000Z'); // 08:00 the next day
  });
});

describe('a held notify job', () => {
  let sys: TestSystem;
  afterAll(async () => sys?.close());

  it('waits as a delayed job without spending an attempt, its messages still queued', async () => {
    sys = await startSystem({ env: { SMS_PRICE_PER_SEGMENT: '0.01', SMS_DAILY_SPEND_LIMIT_YUAN: '0.01' } });
    await resetData(sys.ctx.db);
    await addSewers(sys, ['13800000031', '13800000032']);
    const o = await sewingOpening(sys);
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id } });
    await sys.ctx.services.matching.runCampaign(c.id);
    const notify = sys.ctx.queues.queue('notify');
    const [job] = await waitFor(async () => {
      const jobs = await notify.getJobs(['delayed']);
      return jobs.length ? jobs : undefined;
    }, 'the notify job held');
    expect(job!.attemptsMade).toBe(0);
    expect(job!.delay).toBeGreaterThan(14 * 60_000);
    const rows = await sys.ctx.db.notification.findMany({ where: { campaignId: c.id } });
    expect(rows.map((r) => [r.status, r.errorCode])).toEqual([
      ['queued', 'SPEND_HELD'],
      ['queued', 'SPEND_HELD'],
    ]);
    expect(await sys.ctx.db.outboxMessage.count()).toBe(0);
  });
});
