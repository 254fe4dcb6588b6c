import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifySession from '@fastify/session';
import { createHmac } from 'node:crypto';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { CONSOLE_CSS, CONSOLE_JS } from '../../console/assets.js';
import { appFieldErrors, checkForm, errorText, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { csrfField, field, html, type FieldErrors } from '../../console/html.js';
import { formError, page } from '../../console/layout.js';
import { RedisSessionStore } from '../../console/session-store.js';
import { createSignInGuard, type Limit } from '../../console/sign-in-guard.js';
import { AppError, classifyError, HTTP_STATUS_BY_ERROR } from '../../errors.js';
import { changePasswordSchema } from '../../services/access/console-user-service.js';
import { mountBullBoard } from '../admin/queues.js';
import { consoleAdminRoutes } from './admin.js';
import { consoleBulletinRoutes } from './bulletins.js';
import { consoleCaseRoutes } from './cases.js';
import { consoleReviewRoutes } from './review.js';
import { done, safeConsolePath, view, wantsJson } from './context.js';
import { consoleMapRoutes } from './map.js';
import { consoleOpeningRoutes } from './openings.js';
import { consoleOutcomeRoutes } from './outcomes.js';
import { consoleOverviewRoutes } from './overview.js';
import { consoleReminderRoutes } from './reminders.js';
import { consoleWorkerRoutes } from './workers.js';

// A browser that signed in as a user is remembered this long (src/console/sign-in-guard.ts).
const DEVICE_COOKIE = 'guiyan_device';
const DEVICE_DAYS = 180;
/** Names a browser keeps in its device cookie (a shared station computer has a few users). */
const DEVICE_NAMES = 5;

/** Bytes of a console form: the longest (an opening with its text) is a few KB. */
export const CONSOLE_FORM_BYTES = 64 * 1024;

const PUBLIC = new Set(['/console/login', '/console/assets/console.css', '/console/assets/console.js']);
const ASSET_CACHE = 'public, max-age=3600';

/**
 * The web console: server-rendered pages in Chinese for stations and employers. Sessions in
 * Redis (any API process serves any request), CSRF tokens on every form, and every action goes
 * through the same services and zod schemas as /api/v1, with the signed-in user as principal.
 */
export const consoleRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const users = app.ctx.services.consoleUsers;
  const audit = app.ctx.services.audit;
  const maxAgeMs = config.SESSION_MAX_AGE_HOURS * 3600_000;
  // One secret in the configuration, a separate key for each use.
  const subkey = (use: string) => createHmac('sha256', config.SESSION_SECRET).update(`guiyan-console:${use}`).digest('base64url');
  const secure = config.SESSION_COOKIE_SECURE === 'auto' ? ('auto' as const) : config.SESSION_COOKIE_SECURE === 'true';
  const guard = createSignInGuard({
    redis: app.ctx.redis,
    keyPrefix: `${config.QUEUE_PREFIX}:console:`,
    secret: subkey('sign-in'),
    perName: config.SIGNIN_MAX_FAILURES_PER_NAME,
    perAddress: config.SIGNIN_MAX_FAILURES_PER_ADDRESS,
    windowMs: config.SIGNIN_WINDOW_MINUTES * 60_000,
  });
  await app.register(fastifyCookie, { secret: subkey('cookie') });
  // A session exists only for a signed-in user: it is created at sign-in, never for a visitor.
  await app.register(fastifySession, {
    secret: config.SESSION_SECRET,
    cookieName: 'guiyan_sid',
    saveUninitialized: false,
    rolling: true,
    store: new RedisSessionStore(app.ctx.redis, `${config.QUEUE_PREFIX}:console:`, Math.ceil(maxAgeMs / 1000)),
    cookie: { path: '/console', httpOnly: true, sameSite: 'lax', secure, maxAge: maxAgeMs },
  });
  // CSRF without a server session: the token's secret lives in a signed cookie, and a signed-in
  // user's tokens are bound to the session id, so a token (or a planted cookie) from one
  // browser or visitor is worth nothing in another session.
  const csrfBinding = (req: FastifyRequest) => (req.session?.userId ? `session:${req.session.sessionId}` : 'visitor');
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'guiyan_csrf',
    cookieOpts: { path: '/console', httpOnly: true, sameSite: 'lax', secure, signed: true },
    getUserInfo: csrfBinding,
    csrfOpts: { hmacKey: subkey('csrf') },
  });
  app.addHook('onRequest', async (req, reply) => {
    // Every page's tokens carry the request's binding (the plugin's generateCsrf takes it as an option).
    const generate = reply.generateCsrf;
    reply.generateCsrf = (opts) => generate.call(reply, { ...opts, userInfo: csrfBinding(req) });
  });
  app.decorateRequest('consoleUser', null as unknown as FastifyRequestUser);

  /**
   * The signed-in user, or null. A session from before the user's last password change, or of a
   * disabled user, is ended here: a password change signs out every other session.
   */
  async function currentUser(req: FastifyRequest) {
    const id = req.session?.userId;
    if (!id) return null;
    const u = await users.sessionUser(id);
    if (u && (req.session.pwAt ?? null) === (u.passwordChangedAt?.toISOString() ?? null)) return u;
    await req.session.destroy();
    return null;
  }

  /**
   * The plugin's check, which answers a failure itself (403 through the error handler below) and
   * calls on only on success; it is synchronous with the cookie-held secret.
   */
  function csrfPassed(req: FastifyRequest, reply: FastifyReply): boolean {
    let ok = false;
    app.csrfProtection(req, reply, () => {
      ok = true;
    });
    return ok;
  }
  const CSRF_HEADERS = ['csrf-token', 'xsrf-token', 'x-csrf-token', 'x-xsrf-token'];
  // Bull Board's own buttons post without our token; the Lax session cookie is not sent on
  // cross-site POSTs, only admins reach the board, and its scope reads nothing but JSON (below).
  const onBoard = (req: FastifyRequest) => /^\/console\/queues(?:[/?]|$)/.test(req.url);
  const needsCsrf = (req: FastifyRequest) => req.method !== 'GET' && req.method !== 'HEAD' && !onBoard(req);

  // Who is asking, before the body is read: a stranger is sent to sign in and a refused role
  // gets 403 (in each part's onRequest) whatever the body holds, and nothing is parsed for them.
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (!PUBLIC.has(path)) {
      const u = await currentUser(req);
      if (!u) {
        if (wantsJson(req)) return reply.status(401).send({ error: '登录已过期，请重新登录' });
        const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
        return reply.redirect(`/console/login${next}`, 303);
      }
      req.consoleUser = { id: u.id, name: u.name, role: u.role };
      req.principal = u.principal;
      // The queue panel is for admins, at any address under it (one without a page too).
      if (onBoard(req) && u.role !== 'admin') return reply.status(403).type('text/html; charset=utf-8').send('只有管理员可以查看队列面板');
    }
    // A post that cannot pass CSRF whatever its body says (no token cookie, or a token header
    // that is wrong) is refused here too; a token in the form itself is checked once it is read.
    if (needsCsrf(req) && (!req.cookies.guiyan_csrf || CSRF_HEADERS.some((h) => req.headers[h] !== undefined)) && !csrfPassed(req, reply)) return reply;
    return undefined;
  });

  // The console's forms are urlencoded (the survey import sends its file base64 in a field):
  // every other body is refused with 415 by this scope, and every field is a string without
  // control characters (src/console/form.ts), so no handler meets a number, an object or a NUL.
  // Bull Board's API (JSON) has its own parser in its scope below.
  app.removeAllContentTypeParsers();
  // A console form is a few fields; only the survey import (its own bodyLimit) carries a file.
  await app.register(fastifyFormbody, { bodyLimit: CONSOLE_FORM_BYTES });
  app.addHook('preValidation', async (req, reply) => {
    if (onBoard(req)) {
      // Bull Board answers every error thrown in its scope with a 500: refuse a bad query here.
      try {
        checkForm(req.query ?? {});
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return reply.status(400).send({ error: { key: 'ERRORS.BAD_REQUEST' }, message: errorText(err) });
      }
      return undefined;
    }
    req.query = checkForm(req.query ?? {}) as typeof req.query;
    if (req.method !== 'GET' && req.method !== 'HEAD') req.body = checkForm(req.body);
    return undefined;
  });

  app.addHook('preHandler', async (req, reply) => {
    if (needsCsrf(req) && !csrfPassed(req, reply)) return reply;
    return undefined;
  });

  app.setErrorHandler((raw: FastifyError | AppError, req, reply) => {
    const err = (classifyError(raw) ?? raw) as FastifyError | AppError;
    let status = err instanceof AppError ? (HTTP_STATUS_BY_ERROR.get(err.constructor) ?? 500) : (err.statusCode ?? 500);
    let message = err instanceof AppError ? errorText(err) : '服务暂时出错，请稍后再试';
    if ((err as FastifyError).code?.startsWith('FST_CSRF')) {
      status = 403;
      message = '表单已过期，请返回刷新页面后再提交';
    } else if (status === 404) message = '找不到这个页面，或者您没有权限查看';
    else if (status === 413) message = '上传的文件太大';
    else if (status < 500 && !(err instanceof AppError)) message = '请求有误，请返回页面重试';
    if (status >= 500) req.log.error({ err: raw }, 'console request failed');
    if (wantsJson(req)) return reply.status(status).send({ error: message });
    // With the binding spelled out: an error raised before this scope's hooks ran still gets a page.
    const csrf = reply.generateCsrf({ userInfo: csrfBinding(req) });
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(page({ title: '出错了', csrf, user: req.consoleUser ?? undefined }, html`<div class="card"><h1>出错了</h1><p class="bad">${message}</p><p><a href="/console">返回概览</a></p></div>`).value);
  });

  // An address under /console that no page has (a mistyped link, an action's URL reloaded) gets
  // the console's own page in Chinese, not the API's English JSON (red team, issue #18).
  app.setNotFoundHandler((req, reply) => {
    if (wantsJson(req)) return reply.status(404).send({ error: '找不到这个页面' });
    const csrf = reply.generateCsrf({ userInfo: csrfBinding(req) });
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(page({ title: '找不到页面', csrf, user: req.consoleUser ?? undefined }, html`<div class="card"><h1>找不到这个页面</h1><p class="bad">这个地址没有页面，可能是链接打错了，或者是提交后的地址被刷新了。</p><p><a href="/console">返回概览</a></p></div>`).value);
  });

  app.get('/assets/console.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', ASSET_CACHE).send(CONSOLE_CSS));
  app.get('/assets/console.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', ASSET_CACHE).send(CONSOLE_JS));

  const loginPage = (csrf: string, o: { name?: string; error?: string; next?: string }) =>
    page(
      { title: '登录', csrf },
      html`<div class="card login"><h1>登录归雁就业后台</h1>
${o.error ? html`<div class="form-error" role="alert">${o.error}</div>` : ''}
<form method="post" action="/console/login">${csrfField(csrf)}<input type="hidden" name="next" value="${o.next ?? ''}">
${field('name', '用户名', { value: o.name, required: true, attrs: 'autocomplete="username" autocapitalize="off"' })}
${field('password', '密码', { type: 'password', required: true, attrs: 'autocomplete="current-password"' })}
<button>登录</button></form></div>`,
    ).value;

  app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => {
    if (await currentUser(req)) return reply.redirect('/console', 303);
    // Only a safe console path is carried into the form: the link someone was sent cannot steer the sign-in.
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(loginPage(reply.generateCsrf(), { next: safeConsolePath(req.query.next) ?? undefined }));
  });

  /** The device cookie: this browser's id and the (tagged) names that signed in on it. */
  function readDevice(req: FastifyRequest): { id: string; tags: string[] } | null {
    const raw = req.cookies[DEVICE_COOKIE];
    if (!raw) return null;
    const u = req.unsignCookie(raw);
    if (!u.valid || !u.value) return null;
    const [id, ...tags] = u.value.split('.');
    return id ? { id, tags } : null;
  }

  function rememberDevice(reply: FastifyReply, device: { id: string; tags: string[] } | null, tag: string) {
    const id = device?.id ?? guard.newDeviceId();
    const tags = [tag, ...(device?.tags ?? []).filter((t) => t !== tag)].slice(0, DEVICE_NAMES);
    reply.setCookie(DEVICE_COOKIE, [id, ...tags].join('.'), {
      path: '/console/login',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      signed: true,
      maxAge: DEVICE_DAYS * 86_400,
    });
  }

  const LIMITED: Record<Limit, (minutes: number) => string> = {
    address: (m) => `这个网络登录失败的次数太多，请 ${m} 分钟后再试`,
    name: (m) => `这个用户名密码错误次数太多，请 ${m} 分钟后再试；在以前登录过的电脑或手机上仍可登录`,
    device: (m) => `密码错误次数太多，请 ${m} 分钟后再试，或请管理员帮忙`,
  };

  app.post<{ Body: FormBody }>('/login', async (req, reply) => {
    // Names are at most 40 characters; whatever else was typed is not kept or logged in full.
    const name = (str(req.body, 'name') ?? '').slice(0, 64);
    const next = safeConsolePath(str(req.body, 'next')) ?? undefined;
    const pw = req.body.password;
    const password = (Array.isArray(pw) ? pw[0] : pw) ?? '';
    const address = req.ip;
    const device = readDevice(req);
    const tag = guard.nameTag(name);
    const known = device !== null && device.tags.includes(tag);
    const gate = await guard.enter(name, address, known ? device.id : null);
    if (!gate.ok) {
      if (gate.first) {
        await audit.record({ actor: `address:${address}`, role: 'anonymous' }, 'console_user.sign_in_limited', 'console_user', null, null, { name, address, limit: gate.limit });
        req.log.warn({ limit: gate.limit, address }, 'console sign-in limit reached');
      }
      const minutes = Math.ceil(gate.retryAfterSeconds / 60);
      return reply
        .status(429)
        .header('retry-after', String(gate.retryAfterSeconds))
        .type('text/html; charset=utf-8')
        .send(loginPage(reply.generateCsrf(), { name, next, error: LIMITED[gate.limit](minutes) }));
    }
    const r = await users.verify(name, password);
    if (!r.ok) {
      await audit.record({ actor: `address:${address}`, role: 'anonymous' }, 'console_user.sign_in_failed', 'console_user', r.userId, null, { name, address, reason: r.reason, knownDevice: known });
      return reply.status(401).type('text/html; charset=utf-8').send(loginPage(reply.generateCsrf(), { name, next, error: '用户名或密码不对' }));
    }
    await guard.succeeded(gate.entry);
    const u = r.user;
    // A new session id on sign-in, so an id planted before sign-in is worth nothing after.
    await req.session.regenerate();
    req.session.userId = u.id;
    req.session.pwAt = u.passwordChangedAt?.toISOString() ?? null;
    rememberDevice(reply, device, tag);
    await audit.record(u.principal, 'console_user.sign_in', 'console_user', u.id, null, { address, knownDevice: known });
    // Only console paths in plain ASCII: ?next= must not send people to another site, nor put
    // characters in the Location header that HTTP does not allow.
    return reply.redirect(next ?? '/console', 303);
  });

  app.post('/logout', async (req, reply) => {
    await req.session.destroy();
    return reply.redirect('/console/login', 303);
  });

  const passwordForm = (req: Parameters<typeof view>[0], reply: Parameters<typeof view>[1], errors: FieldErrors = {}, status = 200) =>
    view(
      req,
      reply,
      { title: '修改密码', status },
      html`<div class="card narrow"><h1>修改密码</h1>${formError(errors)}
<form method="post" action="/console/password">${csrfField(reply.generateCsrf())}
${field('current', '当前密码', { type: 'password', error: errors.current, attrs: 'autocomplete="current-password"' })}
${field('next', '新密码', { type: 'password', error: errors.next, hint: '至少 8 个字符', attrs: 'autocomplete="new-password"' })}
${field('confirm', '再输入一次新密码', { type: 'password', error: errors.confirm, attrs: 'autocomplete="new-password"' })}
<button>保存新密码</button></form></div>`,
    );

  app.get('/password', async (req, reply) => passwordForm(req, reply));
  app.post<{ Body: FormBody }>('/password', async (req, reply) => {
    const parsed = changePasswordSchema.safeParse({ current: req.body.current ?? '', next: req.body.next ?? '', confirm: req.body.confirm ?? '' });
    if (!parsed.success) return passwordForm(req, reply, zodFieldErrors(parsed.error), 400);
    let changed: { passwordChangedAt: Date };
    try {
      changed = await users.changePassword(req.principal, req.consoleUser.id, parsed.data);
    } catch (err) {
      if (err instanceof AppError) return passwordForm(req, reply, appFieldErrors(err), 400);
      throw err;
    }
    // Every other session of this user ends (they carry the old password's time); this one
    // goes on under a new id.
    await req.session.regenerate();
    req.session.userId = req.consoleUser.id;
    req.session.pwAt = changed.passwordChangedAt.toISOString();
    return done(req, reply, '/console', '密码已修改，其他设备上的登录已退出');
  });

  await app.register(consoleOverviewRoutes);
  await app.register(consoleOpeningRoutes, { prefix: '/openings' });
  await app.register(consoleWorkerRoutes);
  await app.register(consoleReminderRoutes, { prefix: '/reminders' });
  await app.register(consoleCaseRoutes, { prefix: '/cases' });
  await app.register(consoleMapRoutes, { prefix: '/map' });
  await app.register(consoleBulletinRoutes, { prefix: '/bulletins' });
  await app.register(consoleOutcomeRoutes, { prefix: '/outcomes' });
  await app.register(consoleReviewRoutes, { prefix: '/review' });
  await app.register(consoleAdminRoutes, { prefix: '/admin' });
  // The queue dashboard for signed-in admins: a browser cannot send the API's bearer key.
  await app.register(async (scope) => {
    // Bull Board's page and API speak JSON, and only JSON is read here: the console's form
    // parser is not inherited, so another site's form or no-cors fetch (urlencoded, multipart or
    // text/plain, the only types it may send without CORS) cannot reach a board action.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    scope.addHook('onRequest', async (req, reply) => {
      if (req.consoleUser?.role !== 'admin') {
        return reply.status(403).type('text/html; charset=utf-8').send('只有管理员可以查看队列面板');
      }
      return undefined;
    });
    await mountBullBoard(scope, app.ctx.queues, { basePath: '/console/queues', prefix: '/queues' });
  });
};

type FastifyRequestUser = { id: number; name: string; role: 'admin' | 'caseworker' | 'employer' };
