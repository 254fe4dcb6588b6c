import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifySession from '@fastify/session';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import { CONSOLE_CSS, CONSOLE_JS } from '../../console/assets.js';
import { errorText, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { csrfField, field, html, type FieldErrors } from '../../console/html.js';
import { formError, page } from '../../console/layout.js';
import { RedisSessionStore } from '../../console/session-store.js';
import { AppError, classifyError, HTTP_STATUS_BY_ERROR } from '../../errors.js';
import { changePasswordSchema } from '../../services/console-user-service.js';
import { mountBullBoard } from '../admin/queues.js';
import { consoleAdminRoutes } from './admin.js';
import { done, safeConsolePath, view, wantsJson } from './context.js';
import { consoleOpeningRoutes } from './openings.js';
import { consoleOverviewRoutes } from './overview.js';
import { consoleReminderRoutes } from './reminders.js';
import { consoleWorkerRoutes } from './workers.js';

// Password guessing: after this many wrong passwords for one user name, sign-in waits for the window to pass.
const SIGN_IN_FAILURES = 10;
const SIGN_IN_WINDOW_SECONDS = 15 * 60;

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
  const maxAgeMs = config.SESSION_MAX_AGE_HOURS * 3600_000;
  // A console form is a few fields; only the survey import (its own bodyLimit) carries a file.
  await app.register(fastifyFormbody, { bodyLimit: CONSOLE_FORM_BYTES });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.SESSION_SECRET,
    cookieName: 'guiyan_sid',
    saveUninitialized: false,
    rolling: true,
    store: new RedisSessionStore(app.ctx.redis, `${config.QUEUE_PREFIX}:console:`, Math.ceil(maxAgeMs / 1000)),
    cookie: {
      path: '/console',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.SESSION_COOKIE_SECURE === 'auto' ? 'auto' : config.SESSION_COOKIE_SECURE === 'true',
      maxAge: maxAgeMs,
    },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  app.decorateRequest('consoleUser', null as unknown as FastifyRequestUser);

  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (!PUBLIC.has(path)) {
      const u = req.session.userId ? await users.sessionUser(req.session.userId) : null;
      if (!u) {
        if (wantsJson(req)) return reply.status(401).send({ error: '登录已过期，请重新登录' });
        const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
        return reply.redirect(`/console/login${next}`, 303);
      }
      req.consoleUser = { id: u.id, name: u.name, role: u.role };
      req.principal = u.principal;
    }
    // Bull Board's own buttons post without our token; the Lax session cookie is not sent on
    // cross-site POSTs, and only admins reach the board.
    if (req.method !== 'GET' && req.method !== 'HEAD' && !path.startsWith('/console/queues/')) {
      await new Promise<void>((resolve, reject) => app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve())));
    }
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
    const csrf = reply.generateCsrf();
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(page({ title: '出错了', csrf, user: req.consoleUser ?? undefined }, html`<div class="card"><h1>出错了</h1><p class="bad">${message}</p><p><a href="/console">返回概览</a></p></div>`).value);
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
    if (req.session.userId && (await users.sessionUser(req.session.userId))) return reply.redirect('/console', 303);
    // Only a safe console path is carried into the form: the link someone was sent cannot steer the sign-in.
    return reply.type('text/html; charset=utf-8').send(loginPage(reply.generateCsrf(), { next: safeConsolePath(req.query.next) ?? undefined }));
  });

  app.post<{ Body: FormBody }>('/login', async (req, reply) => {
    const name = str(req.body, 'name') ?? '';
    const next = safeConsolePath(str(req.body, 'next')) ?? undefined;
    const failKey = `${config.QUEUE_PREFIX}:console:signin-fail:${name.toLowerCase()}`;
    const failures = Number((await app.ctx.redis.get(failKey)) ?? 0);
    if (failures >= SIGN_IN_FAILURES) {
      return reply.status(429).type('text/html; charset=utf-8').send(loginPage(reply.generateCsrf(), { name, next, error: '密码错误次数太多，请 15 分钟后再试，或请管理员帮忙' }));
    }
    const u = await users.authenticate(name, String(req.body.password ?? ''));
    if (!u) {
      await app.ctx.redis.multi().incr(failKey).expire(failKey, SIGN_IN_WINDOW_SECONDS).exec();
      return reply.status(401).type('text/html; charset=utf-8').send(loginPage(reply.generateCsrf(), { name, next, error: '用户名或密码不对' }));
    }
    await app.ctx.redis.del(failKey);
    // A new session id on sign-in, so an id planted before sign-in is worth nothing after.
    await req.session.regenerate();
    req.session.userId = u.id;
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
      html`<div class="card" style="max-width:30rem"><h1>修改密码</h1>${formError(errors)}
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
    try {
      await users.changePassword(req.principal, req.consoleUser.id, parsed.data);
    } catch (err) {
      if (err instanceof AppError) return passwordForm(req, reply, { current: '当前密码不对' }, 400);
      throw err;
    }
    return done(req, reply, '/console', '密码已修改');
  });

  await app.register(consoleOverviewRoutes);
  await app.register(consoleOpeningRoutes, { prefix: '/openings' });
  await app.register(consoleWorkerRoutes);
  await app.register(consoleReminderRoutes, { prefix: '/reminders' });
  await app.register(consoleAdminRoutes, { prefix: '/admin' });
  // The queue dashboard for signed-in admins: a browser cannot send the API's bearer key.
  await app.register(async (scope) => {
    scope.addHook('preHandler', async (req, reply) => {
      if (req.consoleUser?.role !== 'admin') {
        return reply.status(403).type('text/html; charset=utf-8').send('只有管理员可以查看队列面板');
      }
      return undefined;
    });
    await mountBullBoard(scope, app.ctx.queues, { basePath: '/console/queues', prefix: '/queues' });
  });
};

type FastifyRequestUser = { id: number; name: string; role: 'admin' | 'caseworker' | 'employer' };
