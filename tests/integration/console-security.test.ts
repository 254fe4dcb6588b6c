import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { ADMIN_KEY, startSystem, type TestSystem } from '../helpers/app.js';
import { csrfOf, getPage, Jar, postForm, signIn } from '../helpers/console.js';
import { keysMatching } from '../../src/redis.js';

const BOOTSTRAP: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

/** Issue #11 §6: sign-in limits, sessions, password changes, headers and the audit trail. */
describe('console sign-in and sessions', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { SIGNIN_MAX_FAILURES_PER_ADDRESS: '12' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users, audit_logs RESTART IDENTITY CASCADE');
    const keys = await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:*`);
    if (keys.length) await sys.ctx.redis.del(...keys);
  });

  const sessionKeys = () => keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:console:sess:*`);
  const createAdmin = (name = 'wang', password = 'right-password-1') =>
    sys.ctx.services.consoleUsers.create(BOOTSTRAP, { name, password, role: 'admin', divisionPrefixes: [] });

  it('checks at most the limit of parallel guesses for one name: each attempt is counted before its password', async () => {
    await createAdmin();
    const jar = new Jar();
    const { token } = await getPage(sys.app, jar, '/console/login', '10.1.0.1');
    // 60 guesses at once, from 60 addresses (so only the per-name limit applies).
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => postForm(sys.app, jar.copy(), '/console/login', { _csrf: token!, name: 'wang', password: `guess-${i}` }, `10.2.0.${i + 1}`)),
    );
    const checked = results.filter((r) => r.statusCode === 401).length;
    const refused = results.filter((r) => r.statusCode === 429).length;
    expect(checked).toBe(10);
    expect(refused).toBe(50);
    expect(results.find((r) => r.statusCode === 429)!.headers['retry-after']).toMatch(/^\d+$/);
    // The audit log has each checked failure, and the limit once.
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'console_user.sign_in_failed' } })).toBe(10);
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'console_user.sign_in_limited' } })).toBe(1);
  });

  it('limits failures per address, whatever names are tried; other addresses are not affected', async () => {
    await createAdmin();
    const statuses: number[] = [];
    // Password spraying: a different name each time, from one address.
    for (let i = 0; i < 14; i++) statuses.push((await signIn(sys.app, `user${i}`, 'Password1', { address: '10.3.0.1' })).res.statusCode);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(401));
    expect(statuses.slice(12)).toEqual([429, 429]);
    const page = await signIn(sys.app, 'user99', 'Password1', { address: '10.3.0.1' });
    expect(page.res.body).toContain('这个网络登录失败的次数太多');
    // IPv6: one /64 is one client.
    for (let i = 0; i < 12; i++) await signIn(sys.app, `v6user${i}`, 'x', { address: `2001:db8:1:2::${i + 1}` });
    expect((await signIn(sys.app, 'v6other', 'x', { address: '2001:db8:1:2:ffff::9' })).res.statusCode).toBe(429);
    // Someone else, elsewhere, signs in.
    expect((await signIn(sys.app, 'wang', 'right-password-1', { address: '10.3.0.2' })).res.statusCode).toBe(303);
  });

  it('a stranger guessing cannot keep the user out: a browser that signed in before still can; the lock ends with its window', async () => {
    await createAdmin();
    // The admin signs in once on their own computer, then signs out.
    const own = await signIn(sys.app, 'wang', 'right-password-1', { address: '10.4.0.1' });
    expect(own.res.statusCode).toBe(303);
    expect(own.jar.get('guiyan_device')).toBeTruthy();
    own.jar.delete('guiyan_sid');
    // A stranger exhausts the name from many addresses, and keeps trying.
    for (let i = 0; i < 10; i++) expect((await signIn(sys.app, 'wang', `guess-${i}`, { address: `10.5.0.${i + 1}` })).res.statusCode).toBe(401);
    const nameKey = (await keysMatching(sys.ctx.redis, `${sys.config.QUEUE_PREFIX}:console:signin:name:*`))[0]!;
    const ttlAtLock = await sys.ctx.redis.pttl(nameKey);
    expect(ttlAtLock).toBeGreaterThan(0);
    expect(ttlAtLock).toBeLessThanOrEqual(sys.config.SIGNIN_WINDOW_MINUTES * 60_000);
    for (let i = 0; i < 10; i++) expect((await signIn(sys.app, 'wang', `more-${i}`, { address: `10.6.0.${i + 1}` })).res.statusCode).toBe(429);
    // Strangers (and the right password from a new browser) wait for the window...
    const fresh = await signIn(sys.app, 'wang', 'right-password-1', { address: '10.7.0.1' });
    expect(fresh.res.statusCode).toBe(429);
    expect(fresh.res.body).toContain('在以前登录过的电脑或手机上仍可登录');
    // ...which further attempts do not extend: the lock ends at a fixed time.
    expect(await sys.ctx.redis.pttl(nameKey)).toBeLessThanOrEqual(ttlAtLock);
    // The admin's own browser is not locked out.
    const again = await signIn(sys.app, 'wang', 'right-password-1', { jar: own.jar, address: '10.4.0.1' });
    expect(again.res.statusCode).toBe(303);
    // A forged or tampered device cookie counts for nothing. Each keeps the real name tag (so
    // that, were the signature not checked, it would pass as the admin's browser) and changes
    // only the signature or the id under it.
    const [id, tag, sig] = decodeURIComponent(own.jar.get('guiyan_device')!).split('.');
    expect([id, tag, sig].every(Boolean)).toBe(true);
    const otherSig = `${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherId = `${id!.slice(0, -2)}${id!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const value of [`${id}.${tag}.${otherSig}`, `${otherId}.${tag}.${sig}`, `${id}.${tag}`, `${id}.${tag}.`]) {
      const jar = new Jar().take({ cookies: [{ name: 'guiyan_device', value: encodeURIComponent(value) }] });
      expect((await signIn(sys.app, 'wang', 'right-password-1', { jar, address: '10.4.0.1' })).res.statusCode, value).toBe(429);
    }
    // Guessing from a known browser is bounded too.
    const known = own.jar.copy();
    known.delete('guiyan_sid');
    const tries: number[] = [];
    for (let i = 0; i < 11; i++) tries.push((await signIn(sys.app, 'wang', `own-guess-${i}`, { jar: known.copy(), address: '10.4.0.1' })).res.statusCode);
    expect(tries.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(tries[10]).toBe(429);
  });

  it('creates no session for visitors: the sign-in form works without one', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await sys.app.inject({ method: 'GET', url: '/console/login' });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'guiyan_sid')).toBeUndefined();
    }
    await sys.app.inject({ method: 'GET', url: '/console/workers' });
    await sys.app.inject({ method: 'GET', url: '/console/nope' });
    expect(await sessionKeys()).toEqual([]);
    // A wrong password makes none either.
    await createAdmin();
    expect((await signIn(sys.app, 'wang', 'wrong-password')).res.statusCode).toBe(401);
    expect(await sessionKeys()).toEqual([]);
    // Signing in does.
    const ok = await signIn(sys.app, 'wang', 'right-password-1');
    expect(ok.res.statusCode).toBe(303);
    expect(await sessionKeys()).toHaveLength(1);
    // The form still needs its token, and the token needs its cookie.
    const jar = new Jar();
    const { token } = await getPage(sys.app, jar, '/console/login');
    expect((await postForm(sys.app, jar, '/console/login', { name: 'wang', password: 'right-password-1' })).statusCode).toBe(403);
    expect((await postForm(sys.app, new Jar(), '/console/login', { _csrf: token!, name: 'wang', password: 'right-password-1' })).statusCode).toBe(403);
  });

  it('binds a signed-in form token to its session: a token from another session is refused', async () => {
    await createAdmin('wang');
    await createAdmin('li', 'li-password-1');
    const a = await signIn(sys.app, 'wang', 'right-password-1');
    const b = await signIn(sys.app, 'li', 'li-password-1');
    const pageA = await getPage(sys.app, a.jar, '/console/password');
    const pageB = await getPage(sys.app, b.jar, '/console/password');
    expect(pageA.token && pageB.token).toBeTruthy();
    // B's session with A's token (say, B planted A's CSRF cookie, or read A's page): refused.
    const mixed = b.jar.copy().take({ cookies: [{ name: 'guiyan_csrf', value: a.jar.get('guiyan_csrf')! }] });
    const res = await postForm(sys.app, mixed, '/console/logout', { _csrf: pageA.token! });
    expect(res.statusCode).toBe(403);
    // With its own token it works.
    expect((await postForm(sys.app, b.jar, '/console/logout', { _csrf: pageB.token! })).statusCode).toBe(303);
    // A visitor's token does not work once signed in.
    const visitorJar = new Jar();
    const visitor = await getPage(sys.app, visitorJar, '/console/login');
    const signedIn = await postForm(sys.app, visitorJar, '/console/login', { _csrf: visitor.token!, name: 'wang', password: 'right-password-1' });
    expect(signedIn.statusCode).toBe(303);
    expect((await postForm(sys.app, visitorJar, '/console/logout', { _csrf: visitor.token! })).statusCode).toBe(403);
  });

  it('a password change signs out every other session of the user, and keeps this one', async () => {
    await createAdmin();
    const laptop = await signIn(sys.app, 'wang', 'right-password-1');
    const phone = await signIn(sys.app, 'wang', 'right-password-1');
    expect((await getPage(sys.app, phone.jar, '/console')).res.statusCode).toBe(200);
    const form = await getPage(sys.app, laptop.jar, '/console/password');
    const changed = await postForm(sys.app, laptop.jar, '/console/password', { _csrf: form.token!, current: 'right-password-1', next: 'second-password', confirm: 'second-password' });
    expect(changed.statusCode).toBe(303);
    const stillIn = await getPage(sys.app, laptop.jar, '/console');
    expect(stillIn.res.statusCode).toBe(200);
    expect(stillIn.res.body).toContain('其他设备上的登录已退出');
    const out = await getPage(sys.app, phone.jar, '/console');
    expect(out.res.statusCode).toBe(303);
    expect(out.res.headers.location).toContain('/console/login');
    // The old session is gone from Redis, not just refused.
    expect(await sessionKeys()).toHaveLength(1);
    expect((await signIn(sys.app, 'wang', 'second-password', { jar: phone.jar })).res.statusCode).toBe(303);
  });

  it('sends security headers: a CSP that allows only our own script and style, no framing, no sniffing', async () => {
    await createAdmin();
    const login = await sys.app.inject({ method: 'GET', url: '/console/login' });
    const csp = String(login.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(login.headers['x-frame-options']).toBe('DENY');
    expect(login.headers['x-content-type-options']).toBe('nosniff');
    expect(login.headers['referrer-policy']).toBe('same-origin');
    // Over plain http in development: no HSTS (it would pin a developer's localhost).
    expect(login.headers['strict-transport-security']).toBeUndefined();
    // The pages themselves need nothing inline: no inline script, no style attribute or element.
    const { jar } = await signIn(sys.app, 'wang', 'right-password-1');
    for (const url of ['/console', '/console/openings', '/console/workers', '/console/reminders', '/console/calls', '/console/admin', '/console/password', '/console/openings/new']) {
      const res = await sys.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(res.body, url).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
    }
    // The API answers carry the generic headers too.
    const api = await sys.app.inject({ method: 'GET', url: '/healthz' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends HSTS when the service is public over https', async () => {
    const https = await startSystem({ workers: false, env: { PUBLIC_BASE_URL: 'https://guiyan.example.cn', SESSION_SECRET: 'a-real-secret-for-this-test-0123456789abcdef' } });
    try {
      const res = await https.app.inject({ method: 'GET', url: '/console/login' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    } finally {
      await https.close();
    }
  });

  it('records sign-ins, failed sign-ins and queue pause/resume in the audit log', async () => {
    const u = await createAdmin();
    expect((await signIn(sys.app, 'wang', 'not-it', { address: '10.8.0.1' })).res.statusCode).toBe(401);
    expect((await signIn(sys.app, 'nobody', 'not-it', { address: '10.8.0.1' })).res.statusCode).toBe(401);
    const { jar } = await signIn(sys.app, 'wang', 'right-password-1', { address: '10.8.0.2' });
    const log = await sys.ctx.db.auditLog.findMany({ orderBy: { id: 'asc' }, where: { action: { startsWith: 'console_user.sign_in' } } });
    expect(log.map((l) => [l.action, l.actor, l.entityId])).toEqual([
      ['console_user.sign_in_failed', 'address:10.8.0.1', String(u.id)],
      ['console_user.sign_in_failed', 'address:10.8.0.1', null],
      ['console_user.sign_in', `user:${u.id}`, String(u.id)],
    ]);
    expect(log[0]!.after).toMatchObject({ name: 'wang', reason: 'wrong_password', address: '10.8.0.1' });
    expect(JSON.stringify(log.map((l) => [l.before, l.after]))).not.toContain('not-it');

    // Through the API…
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    expect((await sys.app.inject({ method: 'POST', url: '/api/v1/admin/queues/maintenance/pause', headers: auth })).statusCode).toBe(200);
    expect((await sys.app.inject({ method: 'POST', url: '/api/v1/admin/queues/maintenance/resume', headers: auth })).statusCode).toBe(200);
    // …and the console's queue board.
    const board = await sys.app.inject({ method: 'PUT', url: '/console/queues/api/queues/reminder/pause', headers: { cookie: jar.header() } });
    expect(board.statusCode).toBeLessThan(300);
    expect(await sys.ctx.queues.queue('reminder').isPaused()).toBe(true);
    await sys.ctx.queues.queue('reminder').resume();
    const queueLog = await sys.ctx.db.auditLog.findMany({ orderBy: { id: 'asc' }, where: { entity: 'queue' } });
    expect(queueLog.map((l) => [l.action, l.actor, l.entityId])).toEqual([
      ['queue.pause', 'admin:bootstrap', 'maintenance'],
      ['queue.resume', 'admin:bootstrap', 'maintenance'],
      ['queue.pause', `user:${u.id}`, 'reminder'],
    ]);
    expect(queueLog[0]!.after).toEqual({ paused: true });
  });

  it('refuses a cross-site form post to a queue board action, and does nothing', async () => {
    await createAdmin();
    const { jar } = await signIn(sys.app, 'wang', 'right-password-1', { address: '10.9.0.1' });
    const q = sys.ctx.queues.queue('reminder');
    const jobs = () => q.count();
    const before = await jobs();
    // What another site's <form method="post"> (or a no-cors fetch) can send: only the
    // CORS-safelisted types, with any parameters. The session cookie goes along when the
    // browser sends it (an older browser, or a site on the same domain).
    const crossSite = { cookie: jar.header(), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    for (const [type, payload] of [
      ['application/x-www-form-urlencoded', 'name=forged&data=%7B%7D'],
      ['text/plain', '{"name":"forged","data":{}}'],
      ['text/plain; charset=application/json', '{"name":"forged","data":{}}'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nforged\r\n--x--\r\n'],
    ] as const) {
      const res = await sys.app.inject({ method: 'POST', url: '/console/queues/api/queues/reminder/add', headers: { ...crossSite, 'content-type': type }, payload });
      expect(res.statusCode, type).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, type).toBeLessThan(500);
    }
    expect(await jobs()).toBe(before);
    expect(await sys.ctx.db.auditLog.count({ where: { entity: 'queue' } })).toBe(0);
    // The board's own page posts JSON, which another site cannot send without asking (CORS): it works.
    const own = await sys.app.inject({
      method: 'POST',
      url: '/console/queues/api/queues/reminder/add',
      headers: { cookie: jar.header(), 'content-type': 'application/json' },
      payload: { name: 'by-hand', data: {} },
    });
    expect(own.statusCode).toBe(200);
    expect(await jobs()).toBe(before + 1);
    await q.obliterate({ force: true });
  });

  it('keeps a form token usable from the page a visitor got (no server session needed)', async () => {
    await createAdmin();
    const jar = new Jar();
    const first = await getPage(sys.app, jar, '/console/login');
    // The same browser opens the form again: the secret cookie is kept, both tokens work.
    const second = await getPage(sys.app, jar, '/console/login');
    expect(second.res.cookies.find((c) => c.name === 'guiyan_csrf')).toBeUndefined();
    expect(csrfOf(first.res.body)).not.toBe(csrfOf(second.res.body));
    expect((await postForm(sys.app, jar, '/console/login', { _csrf: first.token!, name: 'wang', password: 'right-password-1' })).statusCode).toBe(303);
  });
});
