import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import { ADMIN_KEY, clearOfHourEdge, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

/**
 * What one phone can do by text, through the Aliyun webhook and the real workers: it cannot
 * apply to every opening (and a sweep is flagged on the employer's list), nor flip its
 * subscription back and forth without end. An opt-out always works.
 */
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const code = (kind: keyof typeof TEMPLATES) => TEMPLATES[kind].defaultCode;

describe('per-phone limits on texts', () => {
  let sys: TestSystem;
  let seq = 70_000;

  beforeAll(async () => {
    // The reply budget is measured elsewhere (sms-abuse): here it stays out of the way.
    sys = await startSystem({ listen: true, env: { REPLY_BUDGET_PER_HOUR: '100', REPLY_BUDGET_PER_DAY: '100' } });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => sys?.close());

  /** One text as Aliyun pushes it; returns the template codes of the replies, once sent. */
  async function text(phone: string, content: string): Promise<string[]> {
    const sequence = String(++seq);
    const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1', sequence_id: sequence }]),
    });
    expect(res.status).toBe(200);
    const row = await waitFor(
      () => sys.ctx.db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${sequence}`, processedAt: { not: null } } }),
      `"${content}" handled`,
    );
    const replies = await sys.ctx.db.notification.findMany({ where: { dedupeKey: { startsWith: `reply:${row.id}` } }, orderBy: { id: 'asc' } });
    for (const r of replies) {
      await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone, templateCode: r.templateCode, createdAt: { gte: r.createdAt } } }), `reply ${r.templateCode} sent`);
    }
    return replies.map((r) => r.templateCode);
  }

  /** Signs in to the console as a fresh admin; returns the cookies to send. */
  async function consoleCookies(): Promise<string> {
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'limits-admin', password: 'admin-password-1', role: 'admin', divisionPrefixes: [] });
    const jar = new Map<string, string>();
    const keep = (cookies: { name: string; value: string }[]) => cookies.forEach((c) => jar.set(c.name, c.value));
    const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const form = await sys.app.inject({ method: 'GET', url: '/console/login' });
    keep(form.cookies);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await sys.app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, name: 'limits-admin', password: 'admin-password-1' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    keep(res.cookies);
    return header();
  }

  // Hourly and daily windows: do not start a test just before one turns over.
  beforeEach(() => clearOfHourEdge(30_000), 60_000);

  it('lets one phone apply to a few openings, refuses the rest of a sweep once, and flags it for the employers', async () => {
    const ws = await sys.ctx.db.workshop.create({ data: { name: '新街制衣', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000077' } });
    const openings = [];
    for (let i = 0; i < 8; i++) {
      openings.push(await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: `缝纫工${i}`, skills: ['缝纫'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } }));
    }
    const sweeper = '13700004001';
    const answers: string[][] = [];
    for (const o of openings) answers.push(await text(sweeper, `BM${o.code}`));
    const perHour = sys.config.APPLY_LIMIT_PER_HOUR;
    expect(answers.slice(0, perHour)).toEqual(Array(perHour).fill([code('apply_ok')]));
    // Told once, then silence: a sweep buys no more SMS.
    expect(answers[perHour]).toEqual([code('apply_limited')]);
    expect(answers.slice(perHour + 1)).toEqual(Array(openings.length - perHour - 1).fill([]));
    const limited = await sys.ctx.db.notification.findFirstOrThrow({ where: { phone: sweeper, templateCode: code('apply_limited') } });
    expect(limited.content).toBe('报名太频繁，这次没有报上，请1小时后再报。已报的岗位老板会联系您');

    const worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: sweeper } });
    const apps = await sys.ctx.db.application.findMany({ where: { workerId: worker.id } });
    expect(apps).toHaveLength(perHour);
    expect(apps.every((a) => a.flag === 'rate' && a.flaggedAt !== null)).toBe(true);
    // The employer heard of the recorded ones only.
    expect(await sys.ctx.db.notification.count({ where: { kind: 'employer_notice', phone: '13900000077' } })).toBe(perHour);
    // Applying again where it already applied still says so.
    expect(await text(sweeper, `BM${openings[0]!.code}`)).toEqual([code('apply_already')]);

    // An ordinary applicant is not flagged.
    expect(await text('13700004002', `BM${openings[0]!.code}`)).toEqual([code('apply_ok')]);

    const list = await sys.app.inject({ method: 'GET', url: `/api/v1/openings/${openings[0]!.id}/applications`, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(list.statusCode).toBe(200);
    const body = list.json<{ flag: string | null; flagReason: string | null; worker: { phone: string } }[]>();
    expect(body.map((a) => [a.worker.phone, a.flag])).toEqual([
      [sweeper, 'rate'],
      ['13700004002', null],
    ]);
    expect(body[0]!.flagReason).toContain('短时间内报名了很多岗位');

    const page = await sys.app.inject({ method: 'GET', url: `/console/openings/${openings[0]!.id}`, headers: { cookie: await consoleCookies() } });
    expect(page.statusCode).toBe(200);
    const rows = page.body.split('<tr').filter((r) => r.includes('13700004'));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.includes(sweeper))).toContain('报名过多');
    expect(rows.find((r) => r.includes('13700004002'))).not.toContain('报名过多');
  });

  it('limits changes by text per day, says so once, and still honours an opt-out', async () => {
    const phone = '13700004101';
    const max = sys.config.TEXT_CHANGES_PER_DAY;
    expect(await text(phone, '订阅 缝纫 新街镇')).toEqual(expect.arrayContaining([code('subscribed')]));
    for (let i = 1; i < max; i++) expect(await text(phone, i % 2 ? '暂停' : '恢复')).toEqual([code(i % 2 ? 'paused' : 'resumed')]);
    const before = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    const changing = before.status === 'paused' ? '恢复' : '暂停';
    expect(await text(phone, changing)).toEqual([code('changes_limited')]);
    expect(await text(phone, '技能 刺绣')).toEqual([]);
    const after = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect([after.status, after.skills]).toEqual([before.status, before.skills]);
    // Asking is not changing: help and status are still answered.
    expect(await text(phone, '我的')).toEqual([code('status')]);
    expect(await text(phone, 'TD')).toEqual([code('unsubscribed')]);
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).status).toBe('opted_out');
    expect(await sys.ctx.db.consentEvent.count({ where: { workerId: after.id, kind: 'opt_in' } })).toBe(1);
  });

  it('answers the same unknown text once a day, and counts the repeats', async () => {
    const phone = '13700004201';
    // A text nobody can place gets the numbered question (回1找工作 2查岗位 3暂停 4退订), once.
    expect(await text(phone, '乱七八糟的东西')).toEqual([code('clarify')]);
    expect(await text(phone, '乱七八糟的东西')).toEqual([]);
    const keys = await sys.ctx.redis.keys(`${sys.config.QUEUE_PREFIX}:chat:unknown:sms:${phone}:*`);
    expect(keys).toHaveLength(1);
    expect(await sys.ctx.redis.ttl(keys[0]!)).toBeGreaterThan(3600);
    const metrics = await sys.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/^guiyan_abuse_limited_total\{limit="unknown_text_repeat"\} [1-9]/m);
  });
});
