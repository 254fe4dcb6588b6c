import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, postForm, signIn, signInStaff } from '../helpers/console.js';

// One system for the file; every test starts from empty tables.
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

/**
 * Issue #18: reminders the county (or an admin) makes for an area that takes in a township are
 * shown to that township's station, read-only, so it knows what its workers are sent; it cannot
 * pause, cancel or edit them, and a neighbouring township's own reminders stay hidden.
 */
describe('reminders made for a wider area, in a township station console', () => {
  const county: Principal = { actor: 'county', keyId: null, role: 'caseworker', divisionPrefixes: ['532528'], employerId: null };
  const neighbour: Principal = { actor: 'nansha', keyId: null, role: 'caseworker', divisionPrefixes: ['532528101'], employerId: null };
  const at = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');

  it('shows the county and admin reminders to the station read-only, and hides a neighbour’s', async () => {
    await signInStaff(sys);
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'xinjie', password: 'xinjie-password', role: 'caseworker', divisionPrefixes: ['532528102'] });
    const station = (await signIn(sys.app, 'xinjie', 'xinjie-password')).jar;
    const w = await sys.ctx.db.worker.create({ data: { phone: '13800006001', skills: ['缝纫'], divisionCode: '532528102211' } });
    const other = await sys.ctx.db.worker.create({ data: { phone: '13800006002', skills: ['缝纫'], divisionCode: '532528101201' } });
    const rems = sys.ctx.services.reminders;
    const fromCounty = await rems.createReminder(county, { sender: '元阳县人社局', text: '县里招聘会', workerIds: [w.id], schedule: { type: 'once', at: at() } });
    const fromAdmin = await rems.createReminder(ADMIN, { sender: '州人社局', text: '全州培训', workerIds: [w.id], schedule: { type: 'once', at: at() } });
    const fromNeighbour = await rems.createReminder(neighbour, { sender: '南沙镇就业站', text: '南沙赶集', workerIds: [other.id], schedule: { type: 'once', at: at() } });

    const list = (await getPage(sys.app, station, '/console/reminders')).res;
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('县里招聘会');
    expect(list.body).toContain('全州培训');
    expect(list.body).not.toContain('南沙赶集');
    expect(list.body.match(/上级发的，只能查看/g)).toHaveLength(2);
    expect(list.body).not.toContain(`/console/reminders/${fromCounty.id}/cancel`);

    const detail = await getPage(sys.app, station, `/console/reminders/${fromCounty.id}`);
    expect(detail.res.statusCode).toBe(200);
    expect(detail.res.body).toContain('上级发的，只能查看');
    expect((await getPage(sys.app, station, `/console/reminders/${fromNeighbour.id}`)).res.statusCode).toBe(404);

    // Read-only means it: the station's pause and cancel change nothing.
    for (const action of ['pause', 'cancel']) {
      await postForm(sys.app, station, `/console/reminders/${fromCounty.id}/${action}`, { _csrf: detail.token! });
    }
    expect((await sys.ctx.db.reminder.findUniqueOrThrow({ where: { id: fromCounty.id } })).status).toBe('active');
    expect((await sys.ctx.db.reminder.findUniqueOrThrow({ where: { id: fromAdmin.id } })).status).toBe('active');

    // The county itself manages its own, and does not see the township's as read-only.
    const mine = await rems.listReminders(county);
    expect(mine.map((r) => [r.text, r.readOnly])).toEqual(expect.arrayContaining([['县里招聘会', false], ['南沙赶集', false]]));
  });
});

/**
 * Issue #18: what cannot be undone asks first (the browser's confirm, from data-confirm in the
 * console's own script), and the call list makes the caseworker choose a result instead of
 * preselecting 打通了.
 */
describe('console actions that cannot be undone', () => {

  it('asks before sending, cancelling a reminder and publishing again; the call result is chosen, not preselected', async () => {
    const { admin } = await signInStaff(sys);
    const w = await sys.ctx.db.worker.create({ data: { phone: '13800006101', skills: ['缝纫'], divisionCode: '532528102211', status: 'active' } });
    const ws = await sys.ctx.db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const draft = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 2, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'draft' } });
    const closed = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '包装工', skills: ['包装'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month', status: 'closed' } });
    const r = await sys.ctx.services.reminders.createReminder(ADMIN, {
      sender: '新街镇就业站',
      text: '狗街招聘会',
      workerIds: [w.id],
      schedule: { type: 'once', at: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ') },
    });

    const send = (await getPage(sys.app, admin, `/console/openings/${draft.id}`)).res.body;
    expect(send).toMatch(/<form method="post" action="\/console\/openings\/\d+\/send"[^>]*data-confirm="确定现在发送吗？短信发出后不能撤回。"/);
    const again = (await getPage(sys.app, admin, `/console/openings/${closed.id}`)).res.body;
    expect(again).toMatch(/action="\/console\/openings\/\d+\/open" class="inline" data-confirm="确定重新发布这个招工吗？[^"]*"/);
    const rem = (await getPage(sys.app, admin, `/console/reminders/${r.id}`)).res.body;
    expect(rem).toMatch(new RegExp(`action="/console/reminders/${r.id}/cancel" class="inline" data-confirm="确定取消这个提醒吗？[^"]*"`));
    expect(rem).not.toMatch(new RegExp(`action="/console/reminders/${r.id}/pause" class="inline" data-confirm`));
    // The console's script honours data-confirm before it disables the buttons.
    const script = (await sys.app.inject('/console/assets/console.js')).body;
    expect(script).toContain("getAttribute('data-confirm')");

    // A worker who never answered an alert is on the call list; the result must be chosen.
    const ws2 = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: closed.id, status: 'completed' } });
    await sys.ctx.db.notification.create({
      data: { campaignId: ws2.id, workerId: w.id, kind: 'alert', channel: 'sms', phone: w.phone, status: 'delivered', templateCode: 'SMS_TEST', templateParams: {}, content: 'x', segments: 1, sentAt: new Date(Date.now() - 3 * 86_400_000), createdAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    const calls = await getPage(sys.app, admin, '/console/calls');
    if (calls.res.body.includes(`/console/calls/${w.id}`)) {
      expect(calls.res.body).toContain('<select name="outcome" aria-label="结果" required><option value="" selected>选择结果</option>');
      const empty = await postForm(sys.app, admin, `/console/calls/${w.id}`, { _csrf: calls.token!, outcome: '' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).not.toMatch(/Invalid|Expected|enum/);
      expect(await sys.ctx.db.callLog.count()).toBe(0);
    } else {
      throw new Error('the worker should be on the call list');
    }
  });
});

/** Issue #18: who was alerted for an opening, with each person's status, in the console. */
describe('who an opening alerted, in the console', () => {

  it('lists each alerted worker with place, wave, reasons and status; out of scope is 404', async () => {
    const { admin } = await signInStaff(sys);
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'mengzi', password: 'mengzi-password', role: 'caseworker', divisionPrefixes: ['532503'] });
    const elsewhere = (await signIn(sys.app, 'mengzi', 'mengzi-password')).jar;
    for (let i = 0; i < 3; i++) await sys.ctx.db.worker.create({ data: { phone: `1380000620${i}`, skills: ['缝纫'], divisionCode: '532528102211' } });
    const ws = await sys.ctx.db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const o = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
    const c = await sys.ctx.services.matching.startBroadcast(o.id, { sendToAll: true });
    await sys.ctx.services.matching.runCampaign(c.id);

    expect((await getPage(sys.app, admin, `/console/openings/${o.id}`)).res.body).toContain(`href="/console/openings/${o.id}/alerted"`);
    const page = (await getPage(sys.app, admin, `/console/openings/${o.id}/alerted?page=abc`)).res;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('共 3 人 · 第 1/1 页');
    expect(page.body.match(/<tr><td><a href="\/console\/workers\/\d+">138\*{4}\d{4}<\/a>/g)).toHaveLength(3);
    expect(page.body).toContain('新街镇');
    expect(page.body).toContain('缝纫、同乡镇');
    expect(page.body).toMatch(/>(排队中|发送中|已发出)</);
    expect(page.body).not.toMatch(/>(queued|sending|sent)</);
    expect((await getPage(sys.app, elsewhere, `/console/openings/${o.id}/alerted`)).res.statusCode).toBe(404);
  });
});

/** Issue #18: a segment's places by name, as every other place field takes them, and shown by name. */
describe('segment places by name in the console', () => {

  it('saves 新街镇 and 胜村 as their codes, names them in the list, and explains an unknown or ambiguous name', async () => {
    const { admin } = await signInStaff(sys);
    const form = await getPage(sys.app, admin, '/console/reminders');
    expect(form.res.body).not.toContain('辖区代码');
    const post = (divisions: string, name: string) => postForm(sys.app, admin, '/console/reminders/segments', { _csrf: form.token!, name, divisions });

    const saved = await post('元阳县新街镇，胜村', '新街和胜村');
    expect(saved.statusCode).toBe(303);
    const seg = await sys.ctx.db.segment.findFirstOrThrow({ where: { name: '新街和胜村' } });
    expect((seg.filter as { divisions: string[] }).divisions).toEqual(['532528102', expect.stringMatching(/^532528\d{6}$/)]);
    const list = (await getPage(sys.app, admin, '/console/reminders')).res.body;
    expect(list).toMatch(/<td>新街和胜村<\/td><td>元阳县新街镇、[^<]*胜村[^<]*<\/td>/);

    const unknown = await post('不存在的地方', '错');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('找不到地名“不存在的地方”');
    const ambiguous = await post('新街', '模糊');
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.body).toContain('“新街”可能指：元阳县新街镇、建水县曲江镇新街村委会');
    expect(await sys.ctx.db.segment.count()).toBe(1);
  });
});

/** Issue #18: a station's area and the worker filter by place name, not by nine-digit code. */
describe('station areas and the worker filter by place name', () => {

  it('creates a station user for 新街镇 by name, shows the area by name, and filters workers by place', async () => {
    const { admin } = await signInStaff(sys);
    const page = await getPage(sys.app, admin, '/console/admin');
    expect(page.res.body).not.toContain('辖区代码');
    const create = (divisionPrefixes: string, name: string) =>
      postForm(sys.app, admin, '/console/admin/users', { _csrf: page.token!, name, password: 'station-password-1', role: 'caseworker', divisionPrefixes });
    expect((await create('元阳县新街镇', 'xinjie2')).statusCode).toBe(303);
    expect((await sys.ctx.db.consoleUser.findFirstOrThrow({ where: { name: 'xinjie2' } })).divisionPrefixes).toEqual(['532528102']);
    expect((await getPage(sys.app, admin, '/console/admin')).res.body).toMatch(/<td><a href="\/console\/admin\/users\/\d+">xinjie2<\/a><\/td><td>[^<]+<\/td><td>元阳县新街镇<\/td>/);
    // A village cadre's account: scoped to the village (胜村, 532528102211).
    const village = await create('胜村', 'shengcun');
    expect(village.statusCode).toBe(303);
    expect((await sys.ctx.db.consoleUser.findFirstOrThrow({ where: { name: 'shengcun' } })).divisionPrefixes).toEqual(['532528102211']);

    await sys.ctx.db.worker.create({ data: { phone: '13800006301', name: '新街的人', skills: ['缝纫'], divisionCode: '532528102211' } });
    await sys.ctx.db.worker.create({ data: { phone: '13800006302', name: '蒙自的人', skills: ['缝纫'], divisionCode: '532503001001' } });
    const found = (await getPage(sys.app, admin, `/console/workers?division=${encodeURIComponent('新街镇')}`)).res.body;
    expect(found).toContain('新街的人');
    expect(found).not.toContain('蒙自的人');
    const unknown = await getPage(sys.app, admin, `/console/workers?division=${encodeURIComponent('火星')}`);
    expect(unknown.res.body).toContain('找不到地名“火星”');
  });
});

/** Issue #18: an opening can be marked filled or closed from the console, after a confirmation. */
describe('filling and closing an opening in the console', () => {

  it('offers 已招满 and 结束招工 on an open opening, each asking first, and stops its pending alerts', async () => {
    const { admin } = await signInStaff(sys);
    for (let i = 0; i < 3; i++) await sys.ctx.db.worker.create({ data: { phone: `1380000640${i}`, skills: ['缝纫'], divisionCode: '532528102211' } });
    const ws = await sys.ctx.db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const mk = (title: string) => sys.ctx.db.opening.create({ data: { workshopId: ws.id, title, skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
    const a = await mk('缝纫工甲');
    const b = await mk('缝纫工乙');
    const c = await sys.ctx.services.matching.startBroadcast(a.id, { sendToAll: true });
    await sys.ctx.services.matching.runCampaign(c.id);

    const page = await getPage(sys.app, admin, `/console/openings/${a.id}`);
    expect(page.res.body).toMatch(new RegExp(`action="/console/openings/${a.id}/fill" class="inline" data-confirm="确定标为已招满吗？[^"]*"`));
    expect(page.res.body).toMatch(new RegExp(`action="/console/openings/${a.id}/close" class="inline" data-confirm="确定结束这个招工吗？[^"]*"`));
    const filled = await postForm(sys.app, admin, `/console/openings/${a.id}/fill`, { _csrf: page.token! });
    expect(filled.statusCode).toBe(303);
    expect((await sys.ctx.db.opening.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('filled');
    expect(await sys.ctx.db.notification.count({ where: { campaignId: c.id, status: 'queued' } })).toBe(0);
    const after = (await getPage(sys.app, admin, `/console/openings/${a.id}`)).res.body;
    expect(after).not.toContain(`/console/openings/${a.id}/fill`);
    expect(after).toContain('重新发布');

    expect((await postForm(sys.app, admin, `/console/openings/${b.id}/close`, { _csrf: page.token! })).statusCode).toBe(303);
    expect((await sys.ctx.db.opening.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('closed');
    // Filling a closed one is refused with a sentence, not a 500.
    const again = await postForm(sys.app, admin, `/console/openings/${b.id}/fill`, { _csrf: page.token! });
    expect(again.statusCode).toBe(409);
    expect(again.body).not.toMatch(/Internal|cannot become/);
  });
});

/** Issue #18: the overview starts with the station's own workers, not the operator's queues. */
describe('the overview for a station', () => {

  it('counts its workers by status and what happened to them this week, in its own area only', async () => {
    await signInStaff(sys);
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'xinjie3', password: 'xinjie-password', role: 'caseworker', divisionPrefixes: ['532528102'] });
    const station = (await signIn(sys.app, 'xinjie3', 'xinjie-password')).jar;
    const db = sys.ctx.db;
    const mk = (phone: string, status: 'active' | 'paused' | 'opted_out', divisionCode = '532528102211') => db.worker.create({ data: { phone, status, skills: ['缝纫'], divisionCode } });
    const a = await mk('13800006501', 'active');
    await mk('13800006502', 'active');
    await mk('13800006503', 'paused');
    await mk('13800006504', 'opted_out');
    await mk('13800006505', 'active', '532503001001'); // 蒙自: not this station's
    const ws = await db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
    const c = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id } });
    await db.notification.create({ data: { campaignId: c.id, workerId: a.id, kind: 'alert', channel: 'sms', phone: a.phone, status: 'delivered', templateCode: 'T', templateParams: {}, content: 'x', segments: 1 } });
    await db.application.create({ data: { openingId: o.id, workerId: a.id, status: 'hired', channel: 'sms' } });

    const body = (await getPage(sys.app, station, '/console')).res.body;
    const card = body.slice(body.indexOf('id="my-workers"'), body.indexOf('</div>', body.indexOf('id="my-workers"')));
    expect(card).toContain('辖区的工人');
    expect(card).toContain('4 <small>人登记，本周新增 4</small>');
    expect(card).toContain('接收中 2 · 暂停 1 · 已退订 1');
    expect(card).toContain('收到招工短信 1 人 · 报名 1 人 · 录用 1 人');
  });
});

/** Issue #18: the worker list pages on instead of stopping at 100. */
describe('the worker list, page by page', () => {

  it('shows 100 a page with the search kept in the links', async () => {
    const { admin } = await signInStaff(sys);
    await sys.ctx.db.$executeRaw`
      INSERT INTO workers (phone, name, skills, division_code, updated_at)
      SELECT '1370000' || lpad(i::text, 4, '0'), '翻页' || i, ARRAY['缝纫'], '532528102211', now() FROM generate_series(1, 250) AS i`;
    const first = (await getPage(sys.app, admin, `/console/workers?skill=${encodeURIComponent('缝纫')}`)).res.body;
    expect(first).toContain('共 250 人，第 1/3 页');
    expect(first.match(/<tr><td><a href="\/console\/workers\/\d+">/g)).toHaveLength(100);
    expect(first).toContain(`href="/console/workers?skill=${encodeURIComponent('缝纫')}&amp;page=2">下一页</a>`);
    expect(first).not.toContain('上一页');
    const last = (await getPage(sys.app, admin, `/console/workers?skill=${encodeURIComponent('缝纫')}&page=3`)).res.body;
    expect(last).toContain('第 3/3 页');
    expect(last.match(/<tr><td><a href="\/console\/workers\/\d+">/g)).toHaveLength(50);
    expect(last).toContain('上一页');
    expect(last).not.toContain('下一页');
    expect((await getPage(sys.app, admin, '/console/workers?page=abc')).res.statusCode).toBe(200);
  });
});
