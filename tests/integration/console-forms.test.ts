import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { ADMIN_KEY, resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, postForm, signIn } from '../helpers/console.js';

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
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users, audit_logs RESTART IDENTITY CASCADE');
    const users = sys.ctx.services.consoleUsers;
    adminId = (await users.create(ADMIN, { name: 'wang', password: 'admin-password', role: 'admin', divisionPrefixes: [] })).id;
    await users.create(ADMIN, { name: 'zhao', password: 'station-password', role: 'caseworker', divisionPrefixes: ['532528'] });
    admin = (await signIn(sys.app, 'wang', 'admin-password')).jar;
    station = (await signIn(sys.app, 'zhao', 'station-password')).jar;
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
});
