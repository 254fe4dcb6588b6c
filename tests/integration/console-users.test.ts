import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { classifyError } from '../../src/errors.js';
import { startSystem, type TestSystem } from '../helpers/app.js';
import { signIn as signInForm } from '../helpers/console.js';
import { keysMatching } from '../../src/redis.js';

const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

/** Console sign-in over HTTP: the session cookie, CSRF, disabled users, password change. */
describe('console users and sessions', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users, audit_logs RESTART IDENTITY CASCADE');
  });

  /** GETs the login form, then posts it with its CSRF token; returns the cookies a browser would then send. */
  async function signIn(name: string, password: string) {
    const { res, jar } = await signInForm(sys.app, name, password);
    const session = res.cookies.find((c) => c.name === 'guiyan_sid');
    return { res, cookie: session ? jar.header() : null, attrs: session };
  }

  it('signs in with a new, httpOnly, SameSite session id; refuses wrong and disabled users', async () => {
    const users = sys.ctx.services.consoleUsers;
    const u = await users.create(ADMIN, { name: 'zhang', password: 'right-password', role: 'caseworker', divisionPrefixes: ['532528'] });
    const ok = await signIn('zhang', 'right-password');
    expect(ok.res.statusCode).toBe(303);
    expect(ok.res.headers.location).toBe('/console');
    expect(ok.attrs).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/console' });
    const page = await sys.app.inject({ method: 'GET', url: '/console/workers', headers: { cookie: ok.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('zhang（就业站）');

    expect((await signIn('zhang', 'wrong-password')).res.statusCode).toBe(401);
    expect((await signIn('nobody', 'right-password')).res.statusCode).toBe(401);

    await users.setDisabled(ADMIN, u.id, true);
    // The live session stops at once, and a new sign-in is refused.
    const after = await sys.app.inject({ method: 'GET', url: '/console/workers', headers: { cookie: ok.cookie! } });
    expect(after.statusCode).toBe(303);
    expect((await signIn('zhang', 'right-password')).res.statusCode).toBe(401);
  });

  it('shows the queue dashboard to signed-in admins only', async () => {
    const users = sys.ctx.services.consoleUsers;
    await users.create(ADMIN, { name: 'wang', password: 'admin-password', role: 'admin', divisionPrefixes: [] });
    await users.create(ADMIN, { name: 'zhao', password: 'station-password', role: 'caseworker', divisionPrefixes: ['532528'] });
    const admin = await signIn('wang', 'admin-password');
    const board = await sys.app.inject({ method: 'GET', url: '/console/queues', headers: { cookie: admin.cookie! } });
    expect(board.statusCode).toBe(200);
    const api = await sys.app.inject({ method: 'GET', url: '/console/queues/api/queues', headers: { cookie: admin.cookie! } });
    expect(api.statusCode).toBe(200);
    expect((api.json() as { queues: { name: string }[] }).queues.map((q) => q.name)).toContain('notify');
    const station = await signIn('zhao', 'station-password');
    expect((await sys.app.inject({ method: 'GET', url: '/console/queues', headers: { cookie: station.cookie! } })).statusCode).toBe(403);
    expect((await sys.app.inject({ method: 'GET', url: '/console/queues' })).statusCode).toBe(303);
  });

  it('lets an admin create an employer from the console, with errors next to the field', async () => {
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE employers RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'chen', password: 'admin-password', role: 'admin', divisionPrefixes: [] });
    const { cookie } = await signIn('chen', 'admin-password');
    const post = async (fields: Record<string, string>) => {
      const pageRes = await sys.app.inject({ method: 'GET', url: '/console/admin', headers: { cookie: cookie! } });
      const token = /name="_csrf" value="([^"]+)"/.exec(pageRes.body)![1]!;
      return sys.app.inject({
        method: 'POST',
        url: '/console/admin/employers',
        headers: { cookie: cookie!, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });
    };
    const bad = await post({ name: '红河绣坊', contactPhone: '0873-123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('不是有效的大陆手机号');
    expect(await sys.ctx.db.employer.count()).toBe(0);
    const ok = await post({ name: '红河绣坊', contactPhone: '13900000123' });
    expect(ok.statusCode).toBe(303);
    expect(await sys.ctx.db.employer.findMany({ select: { name: true, contactPhone: true } })).toEqual([{ name: '红河绣坊', contactPhone: '13900000123' }]);
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'employer.create' } })).toBe(1);
  });

  it('changes a password only with the current one, and records it in the audit log', async () => {
    const users = sys.ctx.services.consoleUsers;
    const u = await users.create(ADMIN, { name: 'li', password: 'first-password', role: 'admin', divisionPrefixes: [] });
    const p = (await users.sessionUser(u.id))!.principal;
    await expect(users.changePassword(p, u.id, { current: 'nope', next: 'second-password', confirm: 'second-password' })).rejects.toMatchObject({ code: 'user.wrong_password' });
    await users.changePassword(p, u.id, { current: 'first-password', next: 'second-password', confirm: 'second-password' });
    expect(await users.verify('li', 'first-password')).toMatchObject({ ok: false, reason: 'wrong_password' });
    expect(await users.verify('li', 'second-password')).toMatchObject({ ok: true, user: { principal: { actor: `user:${u.id}`, role: 'admin' } } });
    const log = await sys.ctx.db.auditLog.findMany({ where: { entity: 'console_user' }, orderBy: { id: 'asc' } });
    expect(log.map((l) => l.action)).toEqual(['console_user.create', 'console_user.password']);
    const text = JSON.stringify(log, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('$2');
  });

  it('stops password guessing for a name after ten wrong passwords', async () => {
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'zhao', password: 'right-password', role: 'admin', divisionPrefixes: [] });
    for (let i = 0; i < 10; i++) expect((await signIn('zhao', `guess-${i}`)).res.statusCode).toBe(401);
    const blocked = await signIn('zhao', 'right-password');
    expect(blocked.res.statusCode).toBe(429);
    expect(blocked.res.body).toContain('错误次数太多');
    // The window ends (its counts expire):
    const keys = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:console:signin:*`);
    expect(keys.length).toBeGreaterThan(0);
    await sys.ctx.redis.del(...keys);
    expect((await signIn('zhao', 'right-password')).res.statusCode).toBe(303);
  });

  it('a user name is unique', async () => {
    const users = sys.ctx.services.consoleUsers;
    await users.create(ADMIN, { name: 'wang', password: 'some-password', role: 'admin', divisionPrefixes: [] });
    await expect(users.create(ADMIN, { name: 'wang', password: 'other-password', role: 'admin', divisionPrefixes: [] })).rejects.toMatchObject({
      code: 'user.name_taken',
      params: { name: 'wang' },
    });
    // Two at once: both pass the service's check, the unique index stops the second, and that is a conflict too.
    const both = await Promise.allSettled(['a', 'b'].map((k) => users.create(ADMIN, { name: 'chen', password: `password-${k}-x`, role: 'admin', divisionPrefixes: [] })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(classifyError(lost.reason)).toMatchObject({ code: expect.stringMatching(/^user\.name_taken/) });
  });
});
