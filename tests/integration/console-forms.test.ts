import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { ADMIN_KEY, resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, postForm, signInStaff } from '../helpers/console.js';

const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const FORM = 'application/x-www-form-urlencoded';

/**
 * Issue 11, the console's forms: only urlencoded string fields reach a handler, path ids are
 * whole positive numbers or the page does not exist, who may post is decided before the body is
 * read, and the router's own errors come back in our shapes.
 */
describe('console forms against bad input', () => {
  let sys: TestSystem;
  let adminId: number;
  let admin: Jar;
  let station: Jar;
  let workerId: number;

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    ({ adminId, admin, station } = await signInStaff(sys));
    const w = await sys.ctx.services.caseworker.registerWorker(ADMIN, { phone: '13800000777', name: '李四', division: '532528102', skills: ['缝纫'], workForms: [], returnee: false, consent: true });
    workerId = w.id;
  });

  /** A page's CSRF token, sent as the header the console's script uses (so a body without one is still judged on its own). */
  async function tokenFor(jar: Jar, url = '/console') {
    const { token } = await getPage(sys.app, jar, url);
    return token!;
  }

  const raw = (jar: Jar, url: string, token: string, o: { type?: string; payload?: string } = {}) =>
    sys.app.inject({
      method: 'POST',
      url,
      headers: { cookie: jar.header(), 'csrf-token': token, ...(o.type ? { 'content-type': o.type } : {}) },
      ...(o.payload === undefined ? {} : { payload: o.payload }),
    });

  it('does not let an admin disable their own account through a fractional id', async () => {
    const token = await tokenFor(admin, '/console/admin');
    for (const id of [`${adminId}.5`, `${adminId}.0`, `${adminId}e0`, `+${adminId}`, `0${adminId}`, '-1', 'abc', '2147483648', `${adminId}%0D%0A`, '0']) {
      const res = await postForm(sys.app, admin, `/console/admin/users/${id}/disable`, { _csrf: token });
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['content-type'], id).toMatch(/text\/html/);
      expect(res.body, id).toContain('找不到这个页面');
    }
    const me = await sys.ctx.db.consoleUser.findUniqueOrThrow({ where: { id: adminId } });
    expect(me.disabledAt).toBeNull();
    // The same strict id everywhere a console path names a row.
    for (const url of [`/console/workers/${workerId}.9`, '/console/workers/2147483648', '/console/reminders/1.5', '/console/openings/abc', '/console/openings/99999999999/progress']) {
      const res = await sys.app.inject({ method: 'GET', url, headers: { cookie: admin.header() } });
      expect(res.statusCode, url).toBe(404);
    }
    const edit = await postForm(sys.app, admin, `/console/workers/${workerId}.5`, { _csrf: token, phone: '13800000777', name: '改名', division: '532528102' });
    expect(edit.statusCode).toBe(404);
    const call = await postForm(sys.app, admin, `/console/calls/${workerId}.5`, { _csrf: token, outcome: 'reached' });
    expect(call.statusCode).toBe(404);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: workerId } })).name).toBe('李四');
  });

  it('accepts only urlencoded forms of strings: JSON, no body and NUL are 4xx pages, never 500 or a silent save', async () => {
    const token = await tokenFor(admin, `/console/workers/${workerId}`);
    const url = `/console/workers/${workerId}`;
    for (const payload of ['["a"]', '"x"', '42', 'null', '{"name":12345}', '{"name":{"a":1}}', '{"name":null}']) {
      const res = await raw(admin, url, token, { type: 'application/json', payload });
      expect(res.statusCode, payload).toBe(415);
      expect(res.headers['content-type'], payload).toMatch(/text\/html/);
      expect(res.body, payload).not.toContain('已保存');
    }
    // No body at all: the form is empty, so its required fields are missing.
    const empty = await raw(admin, url, token);
    expect(empty.statusCode).toBe(400);
    // A form without the edit form's fields is not saved as "everything emptied".
    const bare = await postForm(sys.app, admin, url, { _csrf: token });
    expect(bare.statusCode).toBe(400);
    const login = await sys.app.inject({ method: 'POST', url: '/console/login', headers: { 'csrf-token': token } });
    expect(login.statusCode).toBeLessThan(500);
    expect(login.statusCode).toBeGreaterThanOrEqual(400);
    // NUL or another control character in any field.
    const nul = await postForm(sys.app, admin, url, { _csrf: token, phone: '13800000777', name: '李\u0000四', division: '532528102' });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('控制字符');
    const visitor = new Jar();
    const anon = await getPage(sys.app, visitor, '/console/login');
    const loginNul = await postForm(sys.app, visitor, '/console/login', { _csrf: anon.token!, name: 'wa\u0000ng', password: 'admin-password' });
    expect(loginNul.statusCode).toBe(400);
    const search = await sys.app.inject({ method: 'GET', url: '/console/workers?q=%00', headers: { cookie: admin.header() } });
    expect(search.statusCode).toBe(400);
    const board = await sys.app.inject({ method: 'GET', url: '/console/queues/api/queues?status=%00', headers: { cookie: admin.header() } });
    expect(board.statusCode).toBe(400);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: workerId } })).name).toBe('李四');
    // A real form still saves.
    const ok = await postForm(sys.app, admin, url, { _csrf: token, phone: '13800000777', name: '李小四', division: '532528102', status: 'active' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(url);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: workerId } })).name).toBe('李小四');
  });

  it('refuses strangers and other roles before reading the body', async () => {
    const bad = { type: 'application/json', payload: '{"not json' };
    const stranger = await sys.app.inject({ method: 'POST', url: '/console/admin/users', headers: { 'content-type': bad.type }, payload: bad.payload });
    expect(stranger.statusCode).toBe(303);
    expect(stranger.headers.location).toBe('/console/login');
    const token = await tokenFor(station, '/console/workers');
    for (const url of ['/console/admin/users', `/console/admin/users/${adminId}/disable`, '/console/queues/api/queues/notify/pause']) {
      const res = await sys.app.inject({ method: url.includes('pause') ? 'PUT' : 'POST', url, headers: { cookie: station.header(), 'csrf-token': token, 'content-type': bad.type }, payload: bad.payload });
      expect(res.statusCode, url).toBe(403);
    }
    // A post that cannot pass CSRF (no token cookie) is refused before its body is parsed.
    const noCookie = admin.copy();
    noCookie.delete('guiyan_csrf');
    const csrfLess = await sys.app.inject({ method: 'POST', url: '/console/admin/users', headers: { cookie: noCookie.header(), 'content-type': bad.type }, payload: bad.payload });
    expect(csrfLess.statusCode).toBe(403);
  });

  it('answers router errors in the usual shapes, with a request id', async () => {
    const api = await sys.app.inject({ method: 'GET', url: '/api/v1/openings/%FF%FE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(api.statusCode).toBe(400);
    const body = api.json() as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(typeof body.message).toBe('string');
    expect(body.requestId).toEqual(expect.any(String));
    expect(body.requestId).not.toBe('');
    const long = await sys.app.inject({ method: 'GET', url: `/api/v1/openings/${'1'.repeat(4000)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ statusCode: 414, requestId: expect.any(String) });
    const page = await sys.app.inject({ method: 'GET', url: '/console/openings/%FF%FE', headers: { cookie: admin.header() } });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('网址有误');
  });

  it('keeps control characters out of reminder SMS text, in the API preview and the console preview', async () => {
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
    for (const [field, value] of [['text', '赶集\u0000招聘'], ['sender', '新街\u0007站'], ['text', '第一行\n第二行']] as const) {
      const body = { sender: '新街镇就业站', text: '狗街招聘会', workerIds: [workerId], schedule: { type: 'once', at }, [field]: value };
      const res = await sys.app.inject({ method: 'POST', url: '/api/v1/caseworker/reminders/preview', headers: { authorization: `Bearer ${ADMIN_KEY}` }, payload: body });
      expect(res.statusCode, JSON.stringify(value)).toBe(400);
      expect(res.body).not.toContain('\\u0000');
    }
    const token = await tokenFor(admin, '/console/reminders');
    const res = await sys.app.inject({
      method: 'POST',
      url: '/console/reminders/preview',
      headers: { cookie: admin.header(), 'csrf-token': token, 'content-type': FORM, accept: 'application/json' },
      payload: new URLSearchParams({ sender: '新街镇就业站', text: '赶集\n招聘', workerIds: String(workerId), 'schedule.type': 'once', 'schedule.at': at.replace(' ', 'T') }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { errors: Record<string, string> }).errors.text).toBe('不能有看不见的控制字符');
  });

  /** The errors a console page shows: next to a field (data-error-for), or for the whole form (_form). */
  const errorsOn = (body: string) => [
    ...[...body.matchAll(/<p class="error" data-error-for="([^"]*)">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]),
    ...[...body.matchAll(/<div class="form-error" role="alert">([^<]*)<\/div>/g)].map((m) => ['_form', m[1]]),
  ];

  it('shows each service error as its code’s Chinese sentence, next to its field', async () => {
    const token = await tokenFor(station, '/console/workers/new');
    const register = (fields: Record<string, string>) => postForm(sys.app, station, '/console/workers', { _csrf: token, consent: 'on', ...fields });
    // worker.phone_registered (a 409 from the service, shown for the whole form)
    const dup = await register({ phone: '138 0000 0777', division: '532528102' });
    expect(dup.statusCode).toBe(400);
    expect(errorsOn(dup.body)).toContainEqual(['_form', `该手机号已登记（工人 ${workerId}）`]);
    // division.unknown_place, with the place typed filled in, next to the place field
    const nowhere = await register({ phone: '13800000888', division: '火星村' });
    expect(errorsOn(nowhere.body)).toContainEqual(['division', '找不到地名“火星村”']);
    // phone.invalid
    const badPhone = await register({ phone: '12345', division: '532528102' });
    expect(errorsOn(badPhone.body)).toContainEqual(['phone', '不是有效的大陆手机号']);
    expect(dup.body + nowhere.body + badPhone.body).not.toMatch(/already registered|no place|mainland/);

    // user.name_taken in the admin page
    const adminToken = await tokenFor(admin, '/console/admin');
    const taken = await postForm(sys.app, admin, '/console/admin/users', { _csrf: adminToken, name: 'zhao', password: 'some-password', role: 'admin' });
    expect(taken.statusCode).toBe(400);
    expect(errorsOn(taken.body)).toContainEqual(['name', '用户名 zhao 已被使用']);
  });

  it('says why an opening cannot be sent, with its status in Chinese', async () => {
    const ws = await sys.ctx.db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const o = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'closed' } });
    const token = await tokenFor(admin, `/console/openings/${o.id}`);
    const res = await postForm(sys.app, admin, `/console/openings/${o.id}/send`, { _csrf: token });
    expect(res.statusCode).toBe(409);
    expect(errorsOn(res.body)).toContainEqual(['_form', '只有招工中的岗位才能发通知（现在是“已关闭”）']);
    // Still open but past its deadline: opening.expired.
    await sys.ctx.db.opening.update({ where: { id: o.id }, data: { status: 'open', expiresAt: new Date(Date.now() - 60_000) } });
    const expired = await postForm(sys.app, admin, `/console/openings/${o.id}/send`, { _csrf: token });
    expect(expired.statusCode).toBe(409);
    expect(errorsOn(expired.body)).toContainEqual(['_form', '这条招工已过期']);
  });

  it('reports a survey’s bad rows and a bad file in Chinese', async () => {
    await sys.ctx.db.worker.update({ where: { id: workerId }, data: { status: 'opted_out' } });
    const token = await tokenFor(station, '/console/workers/import');
    const csv = ['手机,住址,技能,同意', '1380000,新街镇,缝纫,是', '13800000889,火星村,缝纫,是', '13800000777,新街镇,缝纫,是', '13800000890,新街镇,缝纫,否'].join('\n');
    const res = await postForm(sys.app, station, '/console/workers/import', { _csrf: token, csvText: csv });
    expect(res.statusCode).toBe(200);
    const problems = [...res.body.matchAll(/<tr data-line="(\d+)">.*?<td>([^<]*)<\/td><\/tr>/gs)].map((m) => [Number(m[1]), m[2]]);
    expect(problems).toEqual([
      [2, '手机：不是有效的大陆手机号'],
      [3, '住址：找不到地名“火星村”'],
      [4, '以前退订过：摸底表不会让他重新订阅；本人再次同意后请在工人页面勾选“重新同意”'],
      [5, '同意：“同意”一栏要写“是”：工人本人同意后才能登记'],
    ]);
    const noColumns = await postForm(sys.app, station, '/console/workers/import', { _csrf: token, csvText: '姓名,电话号\n李,138\n' });
    expect(noColumns.statusCode).toBe(400);
    expect(noColumns.body).toMatch(/<p class="error">缺少这些列：手机（或 手机号）/);
  });
});
