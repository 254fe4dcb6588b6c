import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { periodRange } from '../../src/domain/outcomes.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { deleteMatching } from '../../src/redis.js';
import { getPage, signIn, signInStaff } from '../helpers/console.js';
import { MENGZI_VILLAGE, seedFunnel, XINJIE, XINJIE_VILLAGE } from '../helpers/outcomes.js';

// Issue 17 §4: the funnel's counts on the real database, station scope, erasure (by a caseworker
// and by text) leaving the counts as they were, and old message texts blanked.
const WEBHOOK_TOKEN = 'webhook-token-0123456789abcdefghijklmnop';
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const STATION: Principal = { actor: 'test-station', keyId: null, role: 'caseworker', divisionPrefixes: [XINJIE], employerId: null };
const MENGZI: Principal = { actor: 'test-mengzi', keyId: null, role: 'caseworker', divisionPrefixes: ['532503'], employerId: null };
const EMPLOYER: Principal = { actor: 'test-boss', keyId: null, role: 'employer', divisionPrefixes: [], employerId: 1 };
const DAY = 86_400_000;
const ninety = () => ({ range: periodRange({ period: '90d' }, new Date()) });

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem({ env: { WEBHOOK_TOKEN, MESSAGE_BODY_RETENTION_DAYS: '30', RETENTION_DAYS: '180' } });
});
beforeEach(async () => {
  await resetData(sys.ctx.db);
  await sys.ctx.db.$executeRawUnsafe('TRUNCATE outcome_facts, cases RESTART IDENTITY CASCADE');
});
afterAll(async () => sys?.close());

const counts = (r: { counts: Record<string, number> }) => Object.values(r.counts);

describe('the funnel', () => {
  it('counts each step of each alert, a reply only before the next alert, and the median time of each step', async () => {
    const s = await seedFunnel(sys.ctx.db);
    const r = await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', ninety());
    expect(r.total.counts).toEqual({ alerted: 5, delivered: 4, replied: 2, applied: 2, hired: 2, arrived: 1, paid: 1 });
    expect(r.total.medians).toEqual({ alerted: null, delivered: 90, replied: 900, applied: 1110, hired: 172_050, arrived: 86_400, paid: 30 * 86_400 });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.label).toBe(`${s.opening.code} 缝纫工`);
    expect(r.rows[0]!.counts).toEqual(r.total.counts);
    // Groups: 张一 is a returnee and a priority household, 钱五 wants home work, the other three neither.
    const g = Object.fromEntries(r.groups.map((x) => [x.key, counts(x)]));
    expect(g).toEqual({
      all: [5, 4, 2, 2, 2, 1, 1],
      returnee: [1, 1, 1, 1, 1, 1, 1],
      home_work: [1, 1, 1, 1, 1, 0, 0],
      priority: [1, 1, 1, 1, 1, 1, 1],
      none: [3, 2, 0, 0, 0, 0, 0],
    });
    // The month of the alert (Beijing), townships and villages by name, the broadcast with its wave.
    expect(r.months.map((m) => [m.key, m.counts.alerted])).toEqual([[new Date(s.t0.getTime() + 8 * 3_600_000).toISOString().slice(0, 7), 5]]);
    const towns = await sys.ctx.services.outcomes.funnel(ADMIN, 'township', ninety());
    expect(towns.rows.map((x) => [x.key, x.counts.alerted, x.counts.hired])).toEqual([
      [XINJIE, 4, 1],
      [MENGZI_VILLAGE.slice(0, 9), 1, 1],
    ]);
    expect(towns.rows[0]!.label).toBe('新街镇');
    const villages = await sys.ctx.services.outcomes.funnel(ADMIN, 'village', ninety());
    expect(villages.rows.map((x) => x.key).sort()).toEqual([MENGZI_VILLAGE, XINJIE_VILLAGE].sort());
    const broadcasts = await sys.ctx.services.outcomes.funnel(ADMIN, 'broadcast', ninety());
    expect(broadcasts.rows[0]!.label).toContain('第1批');
    const workshops = await sys.ctx.services.outcomes.funnel(ADMIN, 'workshop', ninety());
    expect(workshops.rows[0]!.label).toBe('新街制衣车间');
  });

  it('limits a station to the alerts to workers of its divisions, and filters by period, township and opening', async () => {
    const s = await seedFunnel(sys.ctx.db);
    const mine = await sys.ctx.services.outcomes.funnel(STATION, 'township', ninety());
    expect(mine.total.counts).toEqual({ alerted: 4, delivered: 3, replied: 1, applied: 1, hired: 1, arrived: 1, paid: 1 });
    expect(mine.rows.map((x) => x.key)).toEqual([XINJIE]);
    const theirs = await sys.ctx.services.outcomes.funnel(MENGZI, 'township', ninety());
    expect(theirs.total.counts.alerted).toBe(1);
    // A station asking for another station's township gets nothing, an admin gets that township.
    expect((await sys.ctx.services.outcomes.funnel(MENGZI, 'opening', { ...ninety(), divisions: [XINJIE] })).total.counts.alerted).toBe(0);
    expect((await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', { ...ninety(), divisions: [XINJIE] })).total.counts.alerted).toBe(4);
    // Period: this week has none; the opening filter keeps it, another opening's id none.
    expect((await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', { range: periodRange({ period: 'week' }, new Date()) })).total.counts.alerted).toBe(0);
    expect((await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', { ...ninety(), openingId: s.opening.id })).total.counts.alerted).toBe(5);
    expect((await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', { ...ninety(), openingId: -1 })).total.counts.alerted).toBe(0);
    await expect(sys.ctx.services.outcomes.funnel(EMPLOYER, 'opening', ninety())).rejects.toMatchObject({ code: 'console.page_forbidden' });
  });

  it('keeps every count when a caseworker erases a worker, and erases the worker’s data', async () => {
    const s = await seedFunnel(sys.ctx.db);
    const db = sys.ctx.db;
    const before = await Promise.all((['opening', 'township', 'village', 'month', 'broadcast'] as const).map((by) => sys.ctx.services.outcomes.funnel(ADMIN, by, ninety())));
    const stationBefore = await sys.ctx.services.outcomes.funnel(STATION, 'village', ninety());
    const w1 = s.workers[0]!;
    await db.case.create({ data: { workerId: w1.id, openingId: s.opening.id, words: '老板不给工资', channel: 'sms', divisionCode: XINJIE, dueAt: new Date(Date.now() + 3 * DAY) } });
    await db.consentEvent.create({ data: { workerId: w1.id, kind: 'opt_in', source: 'sms', rawMessage: '订阅缝纫新街' } });
    // Out of another station's scope: not found, nothing erased.
    await expect(sys.ctx.services.erasure.erase(MENGZI, w1.id)).rejects.toMatchObject({ code: 'worker.not_found' });
    const r = await sys.ctx.services.erasure.erase(STATION, w1.id);
    expect(r).toEqual({ workerId: w1.id, erased: true, facts: 1 });
    // Twice is once.
    expect((await sys.ctx.services.erasure.erase(ADMIN, w1.id)).erased).toBe(false);

    const after = await Promise.all((['opening', 'township', 'village', 'month', 'broadcast'] as const).map((by) => sys.ctx.services.outcomes.funnel(ADMIN, by, ninety())));
    expect(after).toEqual(before);
    expect(await sys.ctx.services.outcomes.funnel(STATION, 'village', ninety())).toEqual(stationBefore);

    const w = await db.worker.findUniqueOrThrow({ where: { id: w1.id } });
    expect(w).toMatchObject({ phone: null, name: null, divisionCode: null, skills: [], workForms: [], returnee: false, priorityHousehold: false, status: 'opted_out', wechatOpenId: null });
    expect(w.erasedAt).toBeInstanceOf(Date);
    expect(await db.inboundMessage.count({ where: { workerId: w1.id } })).toBe(0);
    expect(await db.inboundMessage.count({ where: { content: `BM${s.opening.code}` } })).toBe(0);
    expect(await db.notification.count({ where: { workerId: w1.id } })).toBe(0);
    expect(await db.notification.count({ where: { phone: '13800001001' } })).toBe(0);
    expect((await db.case.findFirstOrThrow({ where: { workerId: w1.id } })).words).toBe('（工人已注销资料）');
    expect((await db.application.findFirstOrThrow({ where: { workerId: w1.id } })).note).toBeNull();
    // The consent record stays, with the erasure's own opt-out; the audit row names no data.
    const consents = await db.consentEvent.findMany({ where: { workerId: w1.id }, orderBy: { id: 'asc' } });
    expect(consents.map((c) => [c.kind, c.source])).toEqual([
      ['opt_in', 'sms'],
      ['opt_out', 'caseworker'],
    ]);
    expect(await db.auditLog.count({ where: { action: 'worker.erase', entityId: String(w1.id), actor: 'test-station' } })).toBe(1);
    const trail = JSON.stringify((await db.auditLog.findMany({ where: { entity: 'worker', entityId: String(w1.id) } })).map((a) => [a.before, a.after]));
    expect(trail).not.toContain('13800001001');
    expect(trail).not.toContain('张一');
  });

  it('注销 by text: opts out at once and asks; 1 erases and the counts stay', async () => {
    const s = await seedFunnel(sys.ctx.db);
    const db = sys.ctx.db;
    const before = await sys.ctx.services.outcomes.funnel(ADMIN, 'township', ninety());
    const w5 = s.workers[4]!;
    const smsUp = (content: string, id: string) =>
      sys.app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up?token=${WEBHOOK_TOKEN}`, payload: [{ phone_number: w5.phone, content, sequence_id: id }] });

    expect((await smsUp('注销', 'erase-1')).statusCode).toBe(200);
    const offer = await waitFor(() => db.outboxMessage.findFirst({ where: { phone: w5.phone!, templateCode: 'SMS_GUIYAN_ERASE_OFFER' } }), 'the erase offer');
    expect(offer.content).toContain('已退订');
    expect(offer.content).toContain('回1确认注销全部资料');
    expect((await db.worker.findUniqueOrThrow({ where: { id: w5.id } })).status).toBe('opted_out');
    expect((await db.worker.findUniqueOrThrow({ where: { id: w5.id } })).erasedAt).toBeNull();

    expect((await smsUp('1', 'erase-2')).statusCode).toBe(200);
    const done = await waitFor(() => db.outboxMessage.findFirst({ where: { phone: w5.phone!, templateCode: 'SMS_GUIYAN_ERASED' } }), 'the erased confirmation');
    expect(done.content).toContain('已全部删除');
    const w = await db.worker.findUniqueOrThrow({ where: { id: w5.id } });
    expect(w.erasedAt).toBeInstanceOf(Date);
    expect(w.phone).toBeNull();
    expect(await db.inboundMessage.count({ where: { sender: w5.phone! } })).toBe(0);
    expect(await sys.ctx.services.outcomes.funnel(ADMIN, 'township', ninety())).toEqual(before);
    // The confirmation went to the phone with no worker: it is pruned like a stranger's reply.
    expect(await db.notification.count({ where: { workerId: w5.id } })).toBe(0);
  });

  it('blanks message texts older than MESSAGE_BODY_RETENTION_DAYS and keeps the rows the counts read', async () => {
    const db = sys.ctx.db;
    const s = await seedFunnel(db);
    const before = await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', ninety());
    const young = await db.inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: 'young-1', channel: 'sms', sender: '13800001002', workerId: s.workers[1]!.id, content: '还有活吗', processedAt: new Date(), raw: { content: '还有活吗' } } });
    // The cursor of an earlier prune (an earlier test, or the maintenance sweep of this running
    // system, before the ids started again) must not hide these rows; the sweep may also blank
    // some first, so the end state is what is checked, and the count agrees with it.
    await deleteMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:retention:cursor:*`);
    const blankBefore = { inbound: await db.inboundMessage.count({ where: { content: '' } }), sent: await db.notification.count({ where: { content: '' } }) };
    const r = await sys.ctx.services.retention.prune();
    expect(blankBefore.inbound + r!.blanked!.inbound_messages).toBe(4);
    expect(blankBefore.sent + r!.blanked!.notifications).toBe(6);
    expect(await db.inboundMessage.count({ where: { content: { not: '' } } })).toBe(1);
    expect((await db.inboundMessage.findUniqueOrThrow({ where: { id: young.id } })).content).toBe('还有活吗');
    expect(await db.notification.count({ where: { content: { not: '' } } })).toBe(0);
    expect(await sys.ctx.services.outcomes.funnel(ADMIN, 'opening', ninety())).toEqual(before);
  });
});

describe('the 成效 page', () => {
  it('draws the funnel, its charts and tables for a station, exports it and prints the weekly summary', async () => {
    const s = await seedFunnel(sys.ctx.db, new Date(Date.now() - 10 * DAY));
    const { station, admin } = await signInStaff(sys);
    const page = await getPage(sys.app, station, '/console/outcomes?period=30d&by=township');
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toContain('<h1>成效');
    expect(page.res.body).toContain('id="chart-funnel"');
    expect(page.res.body).toContain('id="chart-groups"');
    expect(page.res.body).toContain('id="chart-months"');
    // zhao is 元阳县's station: 新街镇's four alerts, not 蒙自's.
    expect(page.res.body).toMatch(/<tr data-key="all"><td data-label="范围">全部<\/td><td class="n" data-label="发出通知" data-step="alerted">4</);
    expect(page.res.body).toContain(`data-key="${XINJIE}"`);
    expect(page.res.body).not.toContain(`data-key="${MENGZI_VILLAGE.slice(0, 9)}"`);
    const adminPage = await getPage(sys.app, admin, `/console/outcomes?period=30d&opening=${s.opening.code}`);
    expect(adminPage.res.body).toMatch(/data-step="alerted">5</);

    const x = await sys.app.inject({ method: 'GET', url: '/console/outcomes/export.xlsx?period=30d&by=opening', headers: { cookie: station.header() } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const json = await sys.app.inject({ method: 'GET', url: '/console/outcomes/weekly?format=json&week=2000-01-03', headers: { cookie: admin.header() } });
    expect(json.statusCode).toBe(200);
    expect(json.json().lines[0]).toBe('本周没有发出招工通知。');
    const printed = await getPage(sys.app, admin, '/console/outcomes/weekly');
    expect(printed.res.statusCode).toBe(200);
    expect(printed.res.body).toContain('class="print"');
    expect(printed.res.body).toContain('每周成效小结');
  });

  it('serves the weekly summary to a station key as JSON', async () => {
    const monday = new Date(Date.now() - 3 * DAY);
    const s = await seedFunnel(sys.ctx.db, monday);
    const week = (await import('../../src/domain/outcomes.js')).mondayOf(monday);
    const api = (url: string) => sys.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const r = await api(`/api/v1/caseworker/outcomes/weekly?week=${week}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().totals).toEqual({ alerted: 5, delivered: 4, replied: 2, applied: 2, hired: 2, arrived: 1, paid: 1 });
    expect(s.opening.code).toMatch(/^\d+$/);
    expect(r.json().lines[0]).toMatch(/^发出招工通知5条（比上周多5），送达4条（80%）。$/);
    expect((await api('/api/v1/caseworker/outcomes/weekly?week=yesterday')).statusCode).toBe(400);
  });

  it('answers junk filters with a sentence, not a 500, and keeps employers out', async () => {
    await seedFunnel(sys.ctx.db);
    const { station } = await signInStaff(sys);
    for (const q of ['?from=2026-13-45&to=x', '?by=nonsense&period=zzz', `?township=${encodeURIComponent('不存在镇')}`, '?opening=abc', '?opening=99999999', `?township=${encodeURIComponent('<script>')}`]) {
      const r = await getPage(sys.app, station, `/console/outcomes${q}`);
      expect(r.res.statusCode, q).toBe(200);
      expect(r.res.body).not.toContain('<script>alert');
    }
    expect((await getPage(sys.app, station, '/console/outcomes?from=2026-13-45')).res.body).toContain('日期要写成');
    expect((await getPage(sys.app, station, '/console/outcomes?opening=abc')).res.body).toContain('没有编号为');
    const boss = await sys.ctx.db.employer.create({ data: { name: '老板' } });
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'boss', password: 'boss-password-1', role: 'employer', divisionPrefixes: [], employerId: boss.id });
    const jar = (await signIn(sys.app, 'boss', 'boss-password-1')).jar;
    expect((await getPage(sys.app, jar, '/console/outcomes')).res.statusCode).toBe(403);
  });

  it('erases a worker from the worker page after the confirmation, audited', async () => {
    const s = await seedFunnel(sys.ctx.db);
    const { station } = await signInStaff(sys);
    const page = await getPage(sys.app, station, `/console/workers/${s.workers[1]!.id}`);
    expect(page.res.body).toContain('注销这个工人的全部资料');
    expect(page.res.body).toContain('data-confirm="确定注销这个工人的全部资料吗？删除后不能恢复。"');
    const { postForm } = await import('../helpers/console.js');
    const res = await postForm(sys.app, station, `/console/workers/${s.workers[1]!.id}/erase`, { _csrf: page.token! });
    expect(res.statusCode).toBe(303);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: s.workers[1]!.id } })).erasedAt).toBeInstanceOf(Date);
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'worker.erase' } })).toBe(1);
  });
});
