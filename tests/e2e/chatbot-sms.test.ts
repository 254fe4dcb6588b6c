import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

/**
 * Conversations over SMS, through the Aliyun uplink webhook and the real workers: each text is
 * pushed as Aliyun pushes it, and the replies are read where the console SMS driver puts what
 * it "sent" (the outbox), after the notify pipeline sent them.
 */
describe('chat-bot over SMS', () => {
  let sys: TestSystem;
  let seq = 5000;

  async function text(phone: string, content: string): Promise<string[]> {
    const sequence = String(++seq);
    const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-11-29 10:00:00', dest_code: '1234', sequence_id: sequence }]),
    });
    expect(res.status).toBe(200);
    const row = await waitFor(
      () => sys.ctx.db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${sequence}`, processedAt: { not: null } } }),
      `"${content}" to be handled`,
    );
    const replies = await sys.ctx.db.notification.findMany({
      where: { dedupeKey: { startsWith: `reply:${row.id}` } },
      orderBy: { id: 'asc' },
    });
    // The whole path: each reply leaves through the SMS provider.
    for (const r of replies) {
      await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone, content: `【归雁就业】${r.content}` } }), `reply "${r.content}" sent`);
    }
    return replies.map((r) => r.templateCode);
  }
  const code = (kind: keyof typeof TEMPLATES) => TEMPLATES[kind].defaultCode;

  // One reset for the file: ids restart with it, and queue job ids are built from them.
  beforeAll(async () => {
    sys = await startSystem({ listen: true });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('tells a new subscriber, in one more SMS, about open openings that already fit', async () => {
    const ws = await sys.ctx.db.workshop.create({ data: { name: '胜村编织坊', form: 'home_workshop', divisionCode: '532528102211', contactPhone: '13900000009' } });
    const op = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '编织工', skills: ['编织'], headcount: 3, wageMin: 2, wageMax: 4, wageUnit: 'piece' } });
    const phone = '13700000099';
    expect(await text(phone, '订阅 编织 新街镇')).toEqual([code('subscribed')]);
    const digest = await waitFor(
      () => sys.ctx.db.notification.findFirst({ where: { phone, templateCode: code('opening_digest') } }),
      'the reverse-match digest',
    );
    expect(digest.content).toContain(op.code);
    await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone, content: `【归雁就业】${digest.content}` } }), 'the digest sent');
    // Changing nothing that matters does not send it again.
    expect(await text(phone, '帮助')).toEqual([code('help')]);
    expect(await sys.ctx.db.notification.count({ where: { phone, templateCode: code('opening_digest') } })).toBe(1);
    await sys.ctx.db.opening.update({ where: { id: op.id }, data: { status: 'closed' } });
  });

  it('walks the subscribe dialog with a numbered menu and an ambiguous place', async () => {
    const phone = '13700000001';
    expect(await text(phone, '订阅')).toEqual([code('skill_menu')]);
    expect(await text(phone, '1 3')).toEqual([code('ask_place')]);
    expect(await text(phone, '中寨村')).toEqual([code('place_menu')]);
    const menu = await sys.ctx.db.notification.findFirstOrThrow({ where: { phone, templateCode: code('place_menu') } });
    expect(menu.content).toMatch(/1.+ 2.+/);
    // Help in the middle is answered and is not taken as the answer.
    expect(await text(phone, '帮助')).toEqual([code('help')]);
    expect(await text(phone, '2')).toEqual([code('confirm_subscribe')]);
    expect(await text(phone, '好的')).toEqual([code('subscribed')]);

    const worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { consentEvents: true } });
    expect(worker.skills).toEqual(['缝纫', '编织']);
    expect(worker.status).toBe('active');
    const chosen = await sys.ctx.db.division.findUniqueOrThrow({ where: { code: worker.divisionCode! } });
    expect(chosen.name).toMatch(/^中寨/);
    expect(worker.consentEvents.map((c) => [c.kind, c.source, c.rawMessage])).toEqual([['opt_in', 'sms', '好的']]);
  });

  it('honours an opt-out in the middle of a dialog and then answers only a resubscribe, or how to', async () => {
    const phone = '13700000002';
    expect(await text(phone, '订阅')).toEqual([code('skill_menu')]);
    expect(await text(phone, 'TD')).toEqual([code('unsubscribed')]);
    // A wish to come back in the worker's own words is told how, once an hour, and changes nothing.
    expect(await text(phone, '缝纫')).toEqual([code('resubscribe_how')]);
    expect(await text(phone, '之前说了不要发，现在又想要了，咋个弄')).toEqual([code('resubscribe_how')]);
    expect(await text(phone, '之前说了不要发，现在又想要了，咋个弄')).toEqual([]);
    // Whether one is still subscribed is told so and how to come back, once an hour too (Round 25).
    expect(await text(phone, '我还订着吗')).toEqual([code('unsubscribed_status')]);
    expect(await text(phone, '我还订着吗')).toEqual([]);
    const told = await sys.ctx.db.notification.findFirstOrThrow({ where: { phone, templateCode: code('unsubscribed_status') } });
    expect(told.content).toMatch(/退订/);
    expect(await text(phone, '帮助')).toEqual([]);
    expect(await text(phone, '退订')).toEqual([]);
    let worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { consentEvents: { orderBy: { id: 'asc' } } } });
    expect(worker.status).toBe('opted_out');
    expect(worker.consentEvents.map((c) => c.kind)).toEqual(['opt_out']);

    expect(await text(phone, '订阅缝纫新街')).toEqual([code('subscribed')]);
    worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { consentEvents: { orderBy: { id: 'asc' } } } });
    expect(worker.status).toBe('active');
    expect(worker.consentEvents.map((c) => c.kind)).toEqual(['opt_out', 'opt_in']);
  });

  it('pauses at once on a text that may be an opt-out, asks, and resumes on 1 or opts out on TD (issue #14)', async () => {
    const phone = '13700000012';
    expect(await text(phone, 'DY 缝纫 新街镇')).toEqual([code('subscribed')]);
    expect(await text(phone, '你们怎么天天发')).toEqual([code('optout_ask')]);
    const asked = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    // No alert while the worker has not answered.
    expect(asked.status).toBe('paused');
    expect(await text(phone, '1')).toEqual([code('resumed')]);
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).status).toBe('active');
    expect(await text(phone, '我没订过 谁给我订的')).toEqual([code('optout_ask')]);
    expect(await text(phone, 'TD')).toEqual([code('unsubscribed')]);
    const worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { consentEvents: { orderBy: { id: 'asc' } } } });
    expect(worker.status).toBe('opted_out');
    expect(worker.consentEvents.map((c) => c.kind)).toEqual(['opt_in', 'opt_out']);
  });

  it('asks a numbered question instead of guessing, and acts on the number (issue #14)', async () => {
    const phone = '13700000013';
    expect(await text(phone, 'DY 缝纫 新街镇')).toEqual([code('subscribed')]);
    expect(await text(phone, '乱七八糟的东西')).toEqual([code('clarify')]);
    expect(await text(phone, '3')).toEqual([code('paused')]);
    const worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect(worker.status).toBe('paused');
  });

  it('lists nearby jobs and applies to open, closed and unknown codes, telling the employer', async () => {
    const phone = '13700000003';
    expect(await text(phone, 'DY 缝纫 新街镇')).toEqual([code('subscribed')]);
    const ws = await sys.ctx.services.openings.createWorkshop({ name: '新街制衣车间', form: 'county_workshop', division: '532528102', contactPhone: '13900000009' });
    const wage = { min: 3500, max: 5000, unit: 'month' as const };
    const open = await sys.ctx.services.openings.createOpening({ workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 3, wage });
    const closed = await sys.ctx.services.openings.createOpening({ workshopId: ws.id, title: '车工', skills: ['缝纫'], headcount: 1, wage });
    await sys.ctx.db.opening.update({ where: { id: closed.id }, data: { status: 'filled' } });
    const other = await sys.ctx.services.openings.createOpening({ workshopId: ws.id, title: '采茶', skills: ['采摘'], headcount: 1, wage });

    expect(await text(phone, '有什么工作吗')).toEqual([code('job_listing')]);
    const listing = await sys.ctx.db.notification.findFirstOrThrow({ where: { phone, templateCode: code('job_listing') } });
    expect(listing.content).toContain(`编号${open.code}`);
    expect(listing.content).toContain('新街制衣车间');
    expect(listing.content).toContain('月薪3500-5000元');
    expect(listing.content).not.toContain(other.code);

    expect(await text(phone, `BM${open.code}`)).toEqual([code('apply_ok')]);
    const app = await sys.ctx.db.application.findMany({ where: { openingId: open.id } });
    expect(app).toHaveLength(1);
    const notice = await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone: '13900000009' } }), 'the employer notice');
    expect(notice.content).toContain(`编号${open.code}`);
    expect(notice.content).toContain(phone);

    expect(await text(phone, `报名${open.code}`)).toEqual([code('apply_already')]);
    expect(await text(phone, `报名 ${closed.code}`)).toEqual([code('apply_closed')]);
    expect(await text(phone, '报名 98765')).toEqual([code('apply_unknown')]);
    expect(await sys.ctx.db.application.count({ where: { worker: { phone } } })).toBe(1);
    expect(await sys.ctx.db.outboxMessage.count({ where: { phone: '13900000009' } })).toBe(1);
    // Applied openings are not listed again.
    expect(await text(phone, 'GW')).toEqual([code('jobs_none')]);
  });

  it('lists only openings the worker would be alerted to: their wage floor, work forms and pause, and live ones', async () => {
    const phone = '13700000031';
    expect(await text(phone, 'DY 包装 新街镇')).toEqual([code('subscribed')]);
    await sys.ctx.db.worker.update({ where: { phone_phoneSlot: { phone, phoneSlot: 1 } }, data: { wageFloor: 4000, wageFloorUnit: 'month', workForms: ['county_workshop'] } });
    const ws = await sys.ctx.services.openings.createWorkshop({ name: '新街包装车间', form: 'county_workshop', division: '532528102', contactPhone: '13900000019' });
    const plant = await sys.ctx.services.openings.createWorkshop({ name: '胜村包装小厂', form: 'village_plant', division: '532528102211', contactPhone: '13900000019' });
    const month = (min: number, max: number) => ({ min, max, unit: 'month' as const });
    const fits = await sys.ctx.services.openings.createOpening({ workshopId: ws.id, title: '包装工', skills: ['包装'], headcount: 2, wage: month(3800, 4500) });
    // Each of these the worker's rules exclude, and each is newer than the one that fits.
    await sys.ctx.services.openings.createOpening({ workshopId: ws.id, title: '装箱工', skills: ['包装'], headcount: 2, wage: month(2500, 3000) });
    await sys.ctx.services.openings.createOpening({ workshopId: plant.id, title: '打包工', skills: ['包装'], headcount: 2, wage: month(4000, 5000) });
    const started = await sys.ctx.services.openings.createOpening({
      workshopId: ws.id, title: '搬货包装', skills: ['包装'], headcount: 2, wage: month(4000, 5000),
      dayLabour: true, startsAt: new Date(Date.now() + 3_600_000), expiresAt: new Date(Date.now() + 86_400_000),
    });
    await sys.ctx.db.opening.update({ where: { id: started.id }, data: { startsAt: new Date(Date.now() - 3_600_000) } });

    expect(await text(phone, '岗位')).toEqual([code('job_listing')]);
    const listing = await sys.ctx.db.notification.findFirstOrThrow({ where: { phone, templateCode: code('job_listing') } });
    expect(listing.content).toContain(`编号${fits.code}`);
    // Paused, the worker hears of no opening, as a broadcast would skip them.
    expect(await text(phone, '暂停')).toEqual([code('paused')]);
    expect(await text(phone, '岗位')).toEqual([code('jobs_none')]);
  });

  it('pauses and resumes, and an expired pause ends by itself', async () => {
    const phone = '13700000004';
    await text(phone, '订阅缝纫新街');
    expect(await text(phone, '暂停10天')).toEqual([code('paused_until')]);
    let w = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect(w.status).toBe('paused');
    expect(w.pausedUntil!.getTime()).toBeGreaterThan(Date.now() + 9 * 86_400_000);
    expect(await text(phone, '我的')).toEqual([code('status')]);
    expect(await text(phone, '恢复')).toEqual([code('resumed')]);
    w = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect([w.status, w.pausedUntil]).toEqual(['active', null]);

    expect(await text(phone, '先不要发，过完年再说')).toEqual([code('paused_until')]);
    await sys.ctx.db.worker.update({ where: { phone_phoneSlot: { phone, phoneSlot: 1 } }, data: { pausedUntil: new Date(Date.now() - 1000) } });
    expect(await sys.ctx.services.conversation.resumeExpiredPauses()).toBe(1);
    w = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect([w.status, w.pausedUntil]).toEqual(['active', null]);
  });

  it('answers the same unknown text once an hour, a different one again', async () => {
    const phone = '13700000005';
    expect(await text(phone, '嗯嗯那个啥')).toEqual([code('help')]);
    expect(await text(phone, '嗯嗯那个啥')).toEqual([]);
    expect(await text(phone, '嗯嗯 那个啥！')).toEqual([]);
    expect(await text(phone, '啊这是什么东西')).toEqual([code('help')]);
  });

  it('refuses binding over SMS and updates skills and place', async () => {
    const phone = '13700000006';
    expect(await text(phone, '绑定 13700000006')).toEqual([code('bind_in_wechat')]);
    await text(phone, '订阅缝纫新街');
    expect(await text(phone, '技能改成刺绣')).toEqual([code('skills_updated')]);
    expect(await text(phone, '地址改到南沙镇')).toEqual([code('place_updated')]);
    const w = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { division: true } });
    expect(w.skills).toEqual(['刺绣']);
    expect(w.division?.name).toBe('南沙镇');
  });

  it('has no WeChat webhook when WeChat is not configured, rather than accepting unsigned pushes', async () => {
    const res = await fetch(`${sys.url}/webhooks/wechat?signature=x&timestamp=1&nonce=2&echostr=e`);
    expect(res.status).toBe(404);
    const post = await fetch(`${sys.url}/webhooks/wechat`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<xml></xml>' });
    expect(post.status).toBe(404);
    expect(await post.text()).not.toBe('success');
  });
});
