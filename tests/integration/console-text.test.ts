import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, postForm, signInStaff } from '../helpers/console.js';

const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const XINJIE = '532528102';

/** Issue 18, "errors, English, wrong text": what a station reads must be Chinese, right, and never a 500. */
describe('console errors and text', () => {
  let sys: TestSystem;
  let admin: Jar;
  let station: Jar;
  let workerId: number;

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    ({ admin, station } = await signInStaff(sys));
    workerId = (await sys.ctx.db.worker.create({ data: { phone: '13800000777', name: '李四', divisionCode: XINJIE, skills: ['缝纫'] } })).id;
  });

  const db = () => sys.ctx.db;
  const get = (jar: Jar, url: string) => sys.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
  const at = () => new Date(Date.now() + 7 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 16);
  const reminderForm = (workerIds: string) => ({ sender: '新街镇就业站', text: '狗街招聘会', segmentId: '', workerIds, 'schedule.type': 'once', 'schedule.at': at() });

  it('picks a reminder’s people by phone, and an unknown phone is an error next to the field, not a 500', async () => {
    // Outside the station's county: reads as unknown to the station.
    await db().worker.create({ data: { phone: '13800000888', divisionCode: '532524202', skills: [] } });
    const { token } = await getPage(sys.app, station, '/console/reminders');
    expect((await get(station, '/console/reminders')).body).toContain('工人手机号');
    const bad = await postForm(sys.app, station, '/console/reminders', { _csrf: token!, ...reminderForm('13800000777, 13800000999，13800000888') });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/data-error-for="workerIds">找不到这些手机号的工人（或不在您的辖区内）：13800000999、13800000888</);
    // The form keeps what was typed.
    expect(bad.body).toContain('value="13800000777, 13800000999，13800000888"');
    expect(bad.body).toContain('value="狗街招聘会"');
    expect(await db().reminder.count()).toBe(0);

    const preview = await sys.app.inject({
      method: 'POST',
      url: '/console/reminders/preview',
      headers: { cookie: station.header(), 'csrf-token': token!, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      payload: new URLSearchParams(reminderForm('+8613800000777')).toString(),
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().html).toContain('现在会发给 <strong>1</strong> 人');

    const ok = await postForm(sys.app, station, '/console/reminders', { _csrf: token!, ...reminderForm('13800000777') });
    expect(ok.statusCode).toBe(303);
    expect((await db().reminder.findFirstOrThrow()).workerIds).toEqual([workerId]);
  });

  it('says why a message failed in words on the worker’s history, the raw code only in a tooltip', async () => {
    const made = { workerId, kind: 'alert' as const, phone: '13800000777', templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: 'failed' as const };
    await db().notification.create({ data: { ...made, channel: 'sms', errorCode: 'isv.MOBILE_NUMBER_ILLEGAL' } });
    await db().notification.create({ data: { ...made, channel: 'voice', errorCode: 'VOICE_200003' } });
    await db().notification.create({ data: { ...made, channel: 'sms', status: 'cancelled', errorCode: 'OPENING_FILLED' } });
    const res = await get(station, `/console/workers/${workerId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('title="原因代码 isv.MOBILE_NUMBER_ILLEGAL">号码无效</span>');
    expect(res.body).toContain('>电话没接通：未接听</span>');
    expect(res.body).toContain('>招工已招满</span>');
    // No code outside a tooltip: strip the attributes and no trace of one is left.
    expect(res.body.replace(/<[^>]*>/g, '')).not.toMatch(/MOBILE_NUMBER_ILLEGAL|VOICE_200003|OPENING_FILLED/);
  });

  it('names the places an ambiguous place name could mean, so a caseworker can pick one', async () => {
    const res = await get(admin, `/console/workers?division=${encodeURIComponent('大寨')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('“大寨”可能指：金平苗族瑶族傣族自治县大寨乡、建水县南庄镇大寨村委会');
    // The name it offers works when typed back.
    const picked = await get(admin, `/console/workers?division=${encodeURIComponent('建水县南庄镇大寨村委会')}`);
    expect(picked.statusCode).toBe(200);
    expect(picked.body).not.toContain('可能指');
    // A tail of a name is no name (新街乡 is the end of 小新街乡): the candidates, not a silent pick.
    expect((await get(admin, `/console/workers?division=${encodeURIComponent('新街乡')}`)).body).toContain('“新街乡”可能指：');
    // The full name the console itself shows is taken.
    for (const full of ['云南省红河哈尼族彝族自治州元阳县新街镇', '红河州元阳县新街镇']) {
      const res = await get(admin, `/console/workers?division=${encodeURIComponent(full)}`);
      expect(res.body).not.toMatch(/找不到地名|可能指/);
      expect(res.body).toContain('李四');
    }
  });

  it('answers an address under /console that has no page with the console’s Chinese page, signed in or not', async () => {
    for (const [jar, url] of [[admin, '/console/nosuchpage'], [station, '/console/calls/123'], [station, `/console/workers/${workerId}/erase`]] as const) {
      const res = await get(jar, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('找不到这个页面');
      expect(res.body).not.toContain('route.not_found');
    }
    const stranger = await sys.app.inject({ method: 'GET', url: '/console/nosuchpage' });
    expect([302, 303, 404]).toContain(stranger.statusCode);
    expect(stranger.body).not.toMatch(/Not Found|route\.not_found/);
    // The API keeps its JSON.
    expect((await sys.app.inject({ method: 'GET', url: '/api/v1/nosuch' })).json()).toMatchObject({ code: 'route.not_found' });
  });

  it('says where a long history starts, cutting both lists at the same time so no stretch looks unanswered', async () => {
    const day = 86_400_000;
    const t0 = Date.now() - 400 * day;
    // 150 texts out over 150 days, then 120 texts in over the last 120 days.
    await db().$executeRaw`INSERT INTO notifications (worker_id, kind, channel, phone, template_code, template_params, content, segments, status, created_at, updated_at)
      SELECT ${workerId}, 'reply', 'sms', '13800000777', 'SMS_TEST', '{}', '回复' || i, 1, 'sent', ${new Date(t0)}::timestamptz + i * interval '2 days', now() FROM generate_series(1, 150) i`;
    await db().$executeRaw`INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, worker_id, content, received_at, raw)
      SELECT 'aliyun', 'h-' || i, 'sms', '13800000777', ${workerId}, '来信' || i, ${new Date(t0)}::timestamptz + (180 + i) * interval '1 day', '{}' FROM generate_series(1, 120) i`;
    const res = await get(station, `/console/workers/${workerId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/id="history-since">只显示 .+ 以后的短信往来，更早的没有列出。/);
    // The last 100 in reach back to day 201, the last 100 out to day 102: both are cut at day 201.
    expect(res.body).toContain('来信21<');
    expect(res.body).not.toContain('来信20<');
    expect(res.body).not.toContain('回复100<');
    expect(res.body).toContain('回复101<');
  });

  it('says why a filter cannot be used on the printed call list and on 成效, instead of an empty sheet or zeros', async () => {
    const print = await get(station, `/console/calls?print=1&division=${encodeURIComponent('新街')}`);
    expect(print.statusCode).toBe(400);
    expect(print.body).toContain('不能打印');
    expect(print.body).toContain('“新街”可能指：');
    expect(print.body).not.toContain('回访名单（0 人）');
    const outcomes = await get(station, `/console/outcomes?township=${encodeURIComponent('蒙自市文澜街道')}`);
    expect(outcomes.statusCode).toBe(200);
    expect(outcomes.body).toContain('不在您负责的辖区内');
  });

  it('names who acted on a worker’s consent record and calls, never user:3', async () => {
    const user = await db().consoleUser.findFirstOrThrow({ where: { role: 'caseworker' } });
    await db().consentEvent.create({ data: { workerId, kind: 'opt_in', source: 'caseworker', actor: `user:${user.id}`, rawMessage: '入户登记' } });
    await db().consentEvent.create({ data: { workerId, kind: 'opt_out', source: 'sms', actor: 'worker:sms' } });
    const res = await get(admin, `/console/workers/${workerId}`);
    expect(res.body).toContain(`<td>${user.name}</td>`);
    expect(res.body).toContain('<td>工人自己</td>');
    expect(res.body).not.toMatch(/user:\d|worker:sms/);
  });

  it('says why a weekday that does not exist is refused, next to the weekdays', async () => {
    const { token } = await getPage(sys.app, station, '/console/reminders');
    const bad = await postForm(sys.app, station, '/console/reminders', { _csrf: token!, sender: '新街镇就业站', text: '狗街招聘会', segmentId: '', workerIds: '13800000777', 'schedule.type': 'weekday', 'schedule.weekdays': '9', 'schedule.time': '09:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/data-error-for="schedule\.weekdays">[^<]+</);
    expect(await db().reminder.count()).toBe(0);
  });

  it('answers an out-of-range opening id with 404', async () => {
    for (const url of ['/console/openings/99999999999', '/console/openings/2147483648', '/console/openings/999999']) {
      const res = await get(admin, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('找不到');
    }
  });

  it('links the queue panel for admins only, inside the console, never to an English 401', async () => {
    const overview = (await get(admin, '/console')).body;
    expect(overview).toContain('href="/console/queues">打开队列面板');
    expect(overview).not.toContain('/admin/queues');
    expect((await get(admin, '/console/queues')).statusCode).toBe(200);
    expect((await get(station, '/console')).body).not.toContain('打开队列面板');
    // The queue table names every queue in Chinese.
    expect(overview).toContain('<td>对账</td>');
    expect(overview).not.toMatch(/<td>(reconcile|notify|inbound|match|maintenance|reminder)<\/td>/);
  });

  it('shows worker history, reminder runs and the audit log in Chinese', async () => {
    const ws = await db().workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000009' } });
    const o = await db().opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 1, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'filled' } });
    await db().application.create({ data: { openingId: o.id, workerId, channel: 'sms', status: 'hired' } });
    await db().inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: 'm1', channel: 'sms', sender: '13800000777', workerId, content: '登记 缝纫', intent: 'subscribe', raw: {} } });
    await db().inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: 'm2', channel: 'sms', sender: '13800000777', workerId, content: 'BM1', intent: 'apply', raw: {} } });
    await db().notification.create({ data: { workerId, kind: 'alert', channel: 'sms', phone: '13800000777', templateCode: 'T', templateParams: {}, content: '招工', segments: 1, status: 'sent', dedupeKey: 'x:1' } });
    const history = (await get(station, `/console/workers/${workerId}`)).body;
    expect(history).toContain('已发出');
    expect(history).toContain('<td>登记</td>');
    expect(history).toContain('<td>报名</td>');
    expect(history).toContain('<td>已录用</td>');
    expect(history).not.toMatch(/>(sent|subscribe|apply|hired)</);

    const r = await sys.ctx.services.reminders.createReminder(ADMIN, { sender: '新街镇就业站', text: '狗街招聘会', workerIds: [workerId], schedule: { type: 'once', at: at().replace('T', ' ') } });
    await db().campaign.create({ data: { kind: 'reminder', reminderId: r.id, status: 'completed' } });
    const runs = (await get(admin, `/console/reminders/${r.id}`)).body;
    expect(runs, runs.slice(runs.indexOf('<main'))).toContain('<td>已发完</td>');
    expect(runs).not.toContain('>completed<');

    await sys.ctx.services.audit.record(ADMIN, 'opening.broadcast', 'campaign', 1, null, {});
    const log = (await get(admin, '/console/admin')).body;
    expect(log).toContain('招工·发送');
    expect(log).toContain('发送批次 1');
    expect(log).toContain('提醒·新建');
    expect(log).not.toMatch(/>opening\.broadcast<|>reminder\.create<|>campaign /);

    // "这个招工已招满", not "已已".
    const page = (await get(admin, `/console/openings/${o.id}`)).body;
    expect(page).toContain('这个招工已招满。');
    expect(page).not.toContain('已已');
  });

  it('says why a survey header is wrong in Chinese column names', async () => {
    const { token } = await getPage(sys.app, station, '/console/workers/import');
    const res = await postForm(sys.app, station, '/console/workers/import', { _csrf: token!, csvText: '姓名,手机\n李,13800000111\n' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('缺少这些列：住址（或 地址）、同意（或 同意短信）');
    expect(res.body).not.toMatch(/consent \(|place \(/);
  });

  it('an unticked consent box says the worker must agree', async () => {
    const { token } = await getPage(sys.app, station, '/console/workers/new');
    const res = await postForm(sys.app, station, '/console/workers', { _csrf: token!, phone: '13800000555', division: XINJIE });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/data-error-for="consent">须经工人本人同意后才能登记/);
    expect(res.body).not.toContain('请从选项中选择');
  });

  it('gives every form field on the 管理 page its own id, so each label focuses its own input', async () => {
    const body = (await get(admin, '/console/admin')).body;
    const ids = [...body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const [, forId] of body.matchAll(/<label for="([^"]+)"/g)) expect(ids, forId).toContain(forId);
    expect(body).toContain('<label for="f-user-name">用户名</label>');
    expect(body).toContain('<label for="f-key-name">谁用这个密钥</label>');
  });
});
