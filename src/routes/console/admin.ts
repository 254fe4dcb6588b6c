import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { attempt, list, num, pathId, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { checkboxes, csrfField, field, fmtTime, html, postButton, select, shortPlace, table, type FieldErrors } from '../../console/html.js';
import { AUDIT_ENTITIES, auditActionText, auditEntityText, labelOf } from '../../console/labels.js';
import { formError, ROLE_NAMES } from '../../console/layout.js';
import { createApiKeySchema } from '../../services/access/api-key-service.js';
import { createUserSchema, passwordSchema } from '../../services/access/console-user-service.js';
import { NotFoundError } from '../../errors.js';
import { randomInt } from 'node:crypto';
import { createEmployerSchema } from '../../services/access/employer-accounts.js';
import { actorNames, done, listUrl, pageNumber, pager, placesToCodes, requireRole, view } from './context.js';

/** A password an admin can read out over the phone: 12 characters without look-alikes (0/O, 1/l/I). */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return Array.from({ length: 12 }, (_, i) => (i === 4 || i === 8 ? '-' : '') + alphabet[randomInt(alphabet.length)]).join('');
}

const ROLE_OPTIONS = Object.entries(ROLE_NAMES) as [string, string][];

/** Role and scope fields shared by the user and key forms: the same rules (createApiKeySchema) check both. */
const scopeInput = (b: FormBody, divisionPrefixes: string[]) => ({ role: str(b, 'role'), divisionPrefixes, employerId: num(b, 'employerId') });

/** Administration: console users, API keys, the audit log, and links to the queue dashboard and the API docs. */
export const consoleAdminRoutes: FastifyPluginAsync = async (app) => {
  const { consoleUsers, apiKeys, audit, employerAccounts, ladder } = app.ctx.services;
  app.addHook('onRequest', async (req) => requireRole(req, ['admin']));

  async function adminPage(
    req: FastifyRequest,
    reply: FastifyReply,
    o: { userBody?: FormBody; userE?: FieldErrors; keyBody?: FormBody; keyE?: FieldErrors; empBody?: FormBody; empE?: FieldErrors; ladderBody?: FormBody; ladderE?: FieldErrors; newKey?: string; status?: number } = {},
  ) {
    const [users, keys, log, employers, ladders] = await Promise.all([consoleUsers.list(), apiKeys.list(), audit.list({ limit: 50 }), employerAccounts.list(), ladder.listFlags()]);
    const csrf = reply.generateCsrf();
    const actorText = await actorNames(app.ctx.db, [...log.map((l) => l.actor), ...ladders.map((l) => l.updatedBy)]);
    // Stations' areas are stored as division codes; people read place names.
    const prefixes = [...new Set([...[...users, ...keys].flatMap((x) => x.divisionPrefixes), ...ladders.map((l) => l.divisionCode)])];
    const placeNames = new Map(
      prefixes.length ? (await app.ctx.db.division.findMany({ where: { code: { in: prefixes } }, select: { code: true, fullName: true } })).map((d) => [d.code, shortPlace(d.fullName)]) : [],
    );
    const ue = o.userE ?? {};
    const ke = o.keyE ?? {};
    const ub = o.userBody ?? {};
    const kb = o.keyBody ?? {};
    const ee = o.empE ?? {};
    const eb = o.empBody ?? {};
    const le = o.ladderE ?? {};
    const lb = o.ladderBody ?? {};
    const yes = (on: boolean) => (on ? '开' : '关');
    // The user and key forms share these fields: each form's ids carry its own prefix.
    const scope = (b: FormBody, e: FieldErrors, idPrefix: string) =>
      html`${select('role', '角色', ROLE_OPTIONS, { value: str(b, 'role') ?? 'caseworker', error: e.role, idPrefix })}
${field('divisionPrefixes', '辖区（就业站）', { value: str(b, 'divisionPrefixes'), error: e.divisionPrefixes ?? e['divisionPrefixes.0'], hint: '县、乡镇或村的名字（如 元阳县、新街镇、胜村）或代码，逗号分开', idPrefix })}
${select('employerId', '雇主（雇主账号）', [['', '—'], ...employers.map((x) => [String(x.id), `${x.id} ${x.name}`] as const)], { value: str(b, 'employerId'), error: e.employerId, idPrefix })}`;
    const scopeText = (x: { role: string; divisionPrefixes: string[]; employerId: number | null }) =>
      x.role === 'caseworker' ? x.divisionPrefixes.map((c) => placeNames.get(c) ?? c).join('、') : x.role === 'employer' ? `雇主 ${employers.find((e) => e.id === x.employerId)?.name ?? x.employerId}` : '全部';
    return view(
      req,
      reply,
      { title: '管理', nav: '/console/admin', status: o.status },
      html`<h1>管理</h1><p class="actions"><a class="btn secondary" href="/console/queues">队列面板</a>${app.ctx.config.DOCS_ENABLED ? html`<a class="btn secondary" href="/docs">API 文档</a>` : ''}</p>
<h2>后台用户</h2>
${table(
  ['用户名', '角色', '范围', '最近登录', '状态', ''],
  users.map(
    (u) => html`<tr><td><a href="/console/admin/users/${u.id}">${u.name}</a></td><td>${ROLE_NAMES[u.role]}</td><td>${scopeText(u)}</td><td>${fmtTime(u.lastSignInAt)}</td>
<td>${u.disabledAt ? html`<span class="badge cancelled">已停用</span>` : html`<span class="badge active">正常</span>`}</td>
<td>${u.disabledAt ? postButton(`/console/admin/users/${u.id}/enable`, '启用', csrf, 'small') : u.id === req.consoleUser.id ? '' : postButton(`/console/admin/users/${u.id}/disable`, '停用', csrf, 'small danger')}</td></tr>`,
  ),
)}
<details class="card"${Object.keys(ue).length ? html` open` : ''}><summary>新建用户</summary>
<form method="post" action="/console/admin/users" autocomplete="off">${csrfField(csrf)}${formError(ue)}
${field('name', '用户名', { value: str(ub, 'name'), error: ue.name, idPrefix: 'user-' })}
${field('password', '初始密码', { type: 'password', error: ue.password, hint: '至少 8 个字符；请本人登录后修改', attrs: 'autocomplete="new-password"', idPrefix: 'user-' })}
${scope(ub, ue, 'user-')}<button>创建用户</button></form></details>
<h2>雇主</h2>
${table(['编号', '名称', '联系电话'], employers.map((x) => html`<tr><td>${x.id}</td><td>${x.name}</td><td>${x.contactPhone ?? '—'}</td></tr>`))}
<details class="card"${Object.keys(ee).length ? html` open` : ''}><summary>新建雇主</summary>
<form method="post" action="/console/admin/employers">${csrfField(csrf)}${formError(ee)}
${field('name', '雇主名称', { value: str(eb, 'name'), error: ee.name, idPrefix: 'employer-' })}
${field('contactPhone', '联系电话（手机）', { value: str(eb, 'contactPhone'), error: ee.contactPhone, idPrefix: 'employer-' })}<button>创建雇主</button></form></details>
<h2 id="ladder">没联系上就换办法（按县、乡镇）</h2>
<p class="muted">开了的地方：短信没送达或等了一阵没回音，就打电话；电话也没联系上，就列进回访名单，请就业站打电话。</p>
${table(
  ['地方', '开', '打电话', '列进回访名单', '谁改的'],
  ladders.map((l) => html`<tr data-division="${l.divisionCode}"><td>${placeNames.get(l.divisionCode) ?? l.divisionCode}</td><td>${yes(l.enabled)}</td><td>${yes(l.voice)}</td><td>${yes(l.callTask)}</td><td>${actorText(l.updatedBy) || '—'} ${fmtTime(l.updatedAt)}</td></tr>`),
  '还没有地方开',
)}
<details class="card"${Object.keys(le).length ? html` open` : ''}><summary>设置一个地方</summary>
<form method="post" action="/console/admin/ladder">${csrfField(csrf)}${formError(le)}
${field('place', '县或乡镇', { value: str(lb, 'place'), error: le.place, hint: '如 新街镇、元阳县', idPrefix: 'ladder-' })}
${checkboxes('switches', '开关', [['enabled', '开'], ['voice', '短信不行就打电话'], ['callTask', '都不行就列进回访名单']], lb.place === undefined ? ['enabled', 'voice', 'callTask'] : list(lb, 'switches'))}
<button>保存</button></form></details>
<h2>API 密钥</h2>
${o.newKey ? html`<div class="notice" role="status">新密钥（只显示这一次，请现在复制保存）：<code id="new-key">${o.newKey}</code></div>` : ''}
${table(
  ['名称', '角色', '范围', '前缀', '最近使用', '状态', ''],
  keys.map(
    (k) => html`<tr><td>${k.name}</td><td>${ROLE_NAMES[k.role]}</td><td>${scopeText(k)}</td><td><code>${k.keyPrefix}</code></td><td>${fmtTime(k.lastUsedAt)}</td>
<td>${k.revokedAt ? html`<span class="badge cancelled">已作废</span>` : html`<span class="badge active">有效</span>`}</td><td>${k.revokedAt ? '' : postButton(`/console/admin/keys/${k.id}/revoke`, '作废', csrf, 'small danger')}</td></tr>`,
  ),
)}
<details class="card"${Object.keys(ke).length ? html` open` : ''}><summary>新建 API 密钥</summary>
<form method="post" action="/console/admin/keys">${csrfField(csrf)}${formError(ke)}
${field('name', '谁用这个密钥', { value: str(kb, 'name'), error: ke.name, idPrefix: 'key-' })}${scope(kb, ke, 'key-')}<button>创建密钥</button></form></details>
<h2>操作记录（最近 50 条）</h2><p><a href="/console/admin/audit">查找全部操作记录</a></p>
${table(
  ['时间', '谁', '角色', '操作', '对象'],
  log.map((l) => html`<tr><td>${fmtTime(l.createdAt)}</td><td>${actorText(l.actor)}</td><td>${labelOf(ROLE_NAMES, l.role)}</td><td data-action="${l.action}">${auditActionText(l.action)}</td><td>${auditEntityText(l.entity)} ${l.entityId ?? ''}</td></tr>`),
)}`,
    );
  }

  app.get('/', async (req, reply) => adminPage(req, reply));

  app.post<{ Body: FormBody }>('/users', async (req, reply) => {
    const b = req.body;
    // A station's area by name (元阳县, 新街镇, 胜村) or code: a county, a township, or a village
    // for a village cadre (every page scopes by code prefix, a village's too).
    const places = await placesToCodes(app, list(b, 'divisionPrefixes'));
    if (!places.ok) return adminPage(req, reply, { userBody: b, userE: { divisionPrefixes: places.error }, status: 400 });
    const parsed = createUserSchema.safeParse({ name: str(b, 'name'), password: typeof b.password === 'string' ? b.password : '', ...scopeInput(b, places.codes) });
    if (!parsed.success) return adminPage(req, reply, { userBody: b, userE: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => consoleUsers.create(req.principal, parsed.data));
    if (!r.ok) return adminPage(req, reply, { userBody: b, userE: r.errors, status: 400 });
    return done(req, reply, '/console/admin', `用户 ${r.value.name} 已创建`);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post<{ Params: { id: string } }>(`/users/:id/${action}`, async (req, reply) => {
      const id = pathId(req.params.id);
      const r = await attempt(() => consoleUsers.setDisabled(req.principal, id, disabled));
      return done(req, reply, '/console/admin', r.ok ? (disabled ? '已停用' : '已启用') : Object.values(r.errors).join('；'));
    });
  }

  const AUDIT_PAGE = 100;
  /** A day typed in a date input (Beijing), as the instant it starts; junk is an error for the field. */
  const dayStart = (s: string | undefined): Date | null | undefined => {
    if (!s) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
    const d = new Date(`${s}T00:00:00+08:00`);
    return Number.isNaN(d.getTime()) ? null : d;
  };

  /** The whole audit log: by who, what kind of record, its number and a day range; 100 a page, newest first. */
  app.get<{ Querystring: FormBody }>('/audit', async (req, reply) => {
    const q = req.query;
    const fq = { who: str(q, 'who'), entity: str(q, 'entity'), id: str(q, 'id'), from: str(q, 'from'), to: str(q, 'to') };
    const [users, keys] = await Promise.all([consoleUsers.list(), apiKeys.list()]);
    const names = new Map<string, string>([...users.map((u) => [`user:${u.id}`, u.name] as const), ...keys.map((k) => [`key:${k.id}`, `密钥 ${k.name}`] as const)]);
    const e: FieldErrors = {};
    if (fq.who && !names.has(fq.who)) e.who = '请从选项中选择';
    if (fq.entity && !Object.hasOwn(AUDIT_ENTITIES, fq.entity)) e.entity = '请从选项中选择';
    if (fq.id && !/^\d{1,19}$/.test(fq.id)) e.id = '编号只能是数字';
    const from = dayStart(fq.from);
    const to = dayStart(fq.to);
    if (from === null) e.from = '日期格式不对';
    if (to === null) e.to = '日期格式不对';
    const filter = { actor: e.who ? undefined : fq.who, entity: e.entity ? undefined : fq.entity, entityId: e.id ? undefined : fq.id, from: from ?? undefined, to: to ? new Date(to.getTime() + 86_400_000) : undefined };
    const asked = pageNumber(str(q, 'page'), Number.MAX_SAFE_INTEGER, AUDIT_PAGE);
    let found = Object.keys(e).length ? { total: 0, rows: [] } : await audit.page(filter, AUDIT_PAGE, asked.offset);
    const pg = pageNumber(String(asked.page), found.total, AUDIT_PAGE);
    if (pg.page !== asked.page && found.total > 0) found = await audit.page(filter, AUDIT_PAGE, pg.offset);
    const actorText = await actorNames(app.ctx.db, found.rows.map((l) => l.actor));
    return view(
      req,
      reply,
      { title: '操作记录', nav: '/console/admin' },
      html`<h1>操作记录</h1><p class="muted"><a href="/console/admin">回到管理</a></p>
<form method="get" action="/console/admin/audit" class="card row filters">
${select('who', '谁', [['', '不限'], ...[...names.entries()]], { value: fq.who, error: e.who })}
${select('entity', '对象', [['', '不限'], ...Object.entries(AUDIT_ENTITIES)], { value: fq.entity, error: e.entity })}
${field('id', '对象编号', { value: fq.id, error: e.id, attrs: 'inputmode="numeric"' })}
${field('from', '从哪天', { type: 'date', value: fq.from, error: e.from })}
${field('to', '到哪天', { type: 'date', value: fq.to, error: e.to })}
<div class="field field-end"><button>查找</button></div></form>
<p class="muted">共 ${found.total} 条</p>
${table(
  ['时间', '谁', '角色', '操作', '对象'],
  found.rows.map(
    (l) => html`<tr><td>${fmtTime(l.createdAt)}</td><td>${actorText(l.actor)}</td><td>${labelOf(ROLE_NAMES, l.role, '—')}</td><td data-action="${l.action}">${auditActionText(l.action)}</td><td>${auditEntityText(l.entity)} ${l.entityId ?? ''}</td></tr>`,
  ),
  '没有找到记录',
)}
${pager(pg.page, pg.pages, (n) => listUrl('/console/admin/audit', fq, { page: String(n) }))}`,
    );
  });

  /** One console user: reset the password, change role and scope. Every change is audited; the user's old sessions end on a reset. */
  async function userPage(req: FastifyRequest, reply: FastifyReply, o: { pwE?: FieldErrors; scopeBody?: FormBody; scopeE?: FieldErrors; newPassword?: string; status?: number } = {}) {
    const id = pathId((req.params as { id: string }).id);
    const [users, employers] = await Promise.all([consoleUsers.list(), employerAccounts.list()]);
    const u = users.find((x) => x.id === id);
    if (!u) throw new NotFoundError('user.not_found', `user ${id} not found`, { params: { id } });
    const places = u.divisionPrefixes.length ? await app.ctx.db.division.findMany({ where: { code: { in: u.divisionPrefixes } }, select: { code: true, fullName: true } }) : [];
    const area = u.divisionPrefixes.map((c) => shortPlace(places.find((d) => d.code === c)?.fullName ?? c)).join('，');
    const self = u.id === req.consoleUser.id;
    const csrf = reply.generateCsrf();
    const pe = o.pwE ?? {};
    const se = o.scopeE ?? {};
    const sb = o.scopeBody;
    return view(
      req,
      reply,
      { title: `用户 ${u.name}`, nav: '/console/admin', status: o.status },
      html`<h1>用户 ${u.name} ${u.disabledAt ? html`<span class="badge cancelled">已停用</span>` : ''}</h1>
<p class="muted">${ROLE_NAMES[u.role]} · ${u.role === 'caseworker' ? area : u.role === 'employer' ? `雇主 ${employers.find((x) => x.id === u.employerId)?.name ?? u.employerId}` : '全部'} · 最近登录 ${fmtTime(u.lastSignInAt)} · <a href="/console/admin">回到管理</a> · <a href="/console/admin/audit?entity=console_user&amp;id=${u.id}">这个用户的操作记录</a></p>
${o.newPassword ? html`<div class="notice" role="status">新密码（只显示这一次，请现在告诉本人，并请本人登录后修改）：<code id="new-password">${o.newPassword}</code></div>` : ''}
${
  self
    ? html`<p class="muted">这是您自己的账号：密码请在<a href="/console/password">改密码</a>里修改；角色和辖区请让另一位管理员来改。</p>`
    : html`<div class="split"><div class="card"><h2>重设密码</h2><p class="hint">重设后，这个用户在所有设备上的登录都会退出。</p>
<form method="post" action="/console/admin/users/${u.id}/password" autocomplete="off" data-confirm="确定重设 ${u.name} 的密码吗？这个用户在所有设备上的登录都会退出。">${csrfField(csrf)}${formError(pe)}
${field('password', '新密码（不填就自动生成一个）', { type: 'password', error: pe.password, hint: '至少 8 个字符', attrs: 'autocomplete="new-password"', idPrefix: 'reset-' })}
<button class="danger">重设密码</button></form></div>
<div class="card"><h2>角色和辖区</h2>
<form method="post" action="/console/admin/users/${u.id}/scope">${csrfField(csrf)}${formError(se)}
${select('role', '角色', ROLE_OPTIONS, { value: sb ? str(sb, 'role') : u.role, error: se.role, idPrefix: 'scope-' })}
${field('divisionPrefixes', '辖区（就业站）', { value: sb ? str(sb, 'divisionPrefixes') : area, error: se.divisionPrefixes ?? se['divisionPrefixes.0'], hint: '县、乡镇或村的名字（如 元阳县、新街镇、胜村），逗号分开', idPrefix: 'scope-' })}
${select('employerId', '雇主（雇主账号）', [['', '—'], ...employers.map((x) => [String(x.id), `${x.id} ${x.name}`] as const)], { value: sb ? str(sb, 'employerId') : u.employerId ? String(u.employerId) : '', error: se.employerId, idPrefix: 'scope-' })}
<button>保存</button></form></div></div>`
}`,
    );
  }

  app.get('/users/:id', async (req, reply) => userPage(req, reply));

  app.post<{ Body: FormBody; Params: { id: string } }>('/users/:id/password', async (req, reply) => {
    const id = pathId(req.params.id);
    const typed = typeof req.body.password === 'string' ? req.body.password : '';
    // Not typed: a readable one is made (no 0/O, 1/l), shown once on this answer, never stored in clear.
    const password = typed === '' ? generatePassword() : typed;
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) return userPage(req, reply, { pwE: { password: zodFieldErrors(parsed.error)._form ?? '密码不符合要求' }, status: 400 });
    const r = await attempt(() => consoleUsers.resetPassword(req.principal, id, parsed.data));
    if (!r.ok) return userPage(req, reply, { pwE: r.errors, status: 400 });
    if (typed === '') return userPage(req, reply, { newPassword: password });
    return done(req, reply, `/console/admin/users/${id}`, '密码已重设，这个用户在所有设备上的登录都已退出');
  });

  app.post<{ Body: FormBody; Params: { id: string } }>('/users/:id/scope', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = req.body;
    const places = await placesToCodes(app, list(b, 'divisionPrefixes'));
    if (!places.ok) return userPage(req, reply, { scopeBody: b, scopeE: { divisionPrefixes: places.error }, status: 400 });
    // The key schema's rules (a station needs an area, an employer account its employer), with the user's name standing in for the key's.
    const parsed = createApiKeySchema.safeParse({ name: 'user', ...scopeInput(b, places.codes) });
    if (!parsed.success) return userPage(req, reply, { scopeBody: b, scopeE: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => consoleUsers.updateScope(req.principal, id, parsed.data));
    if (!r.ok) return userPage(req, reply, { scopeBody: b, scopeE: r.errors, status: 400 });
    return done(req, reply, `/console/admin/users/${id}`, '角色和辖区已保存，这个用户下次打开页面时生效');
  });

  app.post<{ Body: FormBody }>('/employers', async (req, reply) => {
    const b = req.body;
    const parsed = createEmployerSchema.safeParse({ name: str(b, 'name'), contactPhone: str(b, 'contactPhone') });
    if (!parsed.success) return adminPage(req, reply, { empBody: b, empE: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => employerAccounts.create(req.principal, parsed.data));
    if (!r.ok) return adminPage(req, reply, { empBody: b, empE: r.errors, status: 400 });
    return done(req, reply, '/console/admin', `雇主 ${r.value.name}（编号 ${r.value.id}）已创建，可以为它建账号了`);
  });

  app.post<{ Body: FormBody }>('/ladder', async (req, reply) => {
    const b = req.body;
    const place = str(b, 'place');
    if (!place) return adminPage(req, reply, { ladderBody: b, ladderE: { place: '请写县或乡镇' }, status: 400 });
    const found = await placesToCodes(app, [place], 9);
    if (!found.ok) return adminPage(req, reply, { ladderBody: b, ladderE: { place: found.error }, status: 400 });
    const on = new Set(list(b, 'switches'));
    const r = await attempt(() => ladder.setFlags(req.principal, found.codes[0]!, { enabled: on.has('enabled'), voice: on.has('voice'), callTask: on.has('callTask') }));
    if (!r.ok) return adminPage(req, reply, { ladderBody: b, ladderE: { place: Object.values(r.errors).join('；') }, status: 400 });
    return done(req, reply, '/console/admin', `${place}：${on.has('enabled') ? '已开' : '已关'}`);
  });

  app.post<{ Body: FormBody }>('/keys', async (req, reply) => {
    const b = req.body;
    const places = await placesToCodes(app, list(b, 'divisionPrefixes'));
    if (!places.ok) return adminPage(req, reply, { keyBody: b, keyE: { divisionPrefixes: places.error }, status: 400 });
    const parsed = createApiKeySchema.safeParse({ name: str(b, 'name'), ...scopeInput(b, places.codes) });
    if (!parsed.success) return adminPage(req, reply, { keyBody: b, keyE: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => apiKeys.create(req.principal, parsed.data));
    if (!r.ok) return adminPage(req, reply, { keyBody: b, keyE: r.errors, status: 400 });
    // Shown in this answer only, never stored in clear or put in a redirect.
    return adminPage(req, reply, { newKey: r.value.key, status: 201 });
  });

  app.post<{ Params: { id: string } }>('/keys/:id/revoke', async (req, reply) => {
    const id = pathId(req.params.id);
    const r = await attempt(() => apiKeys.revoke(req.principal, id));
    return done(req, reply, '/console/admin', r.ok ? '密钥已作废' : Object.values(r.errors).join('；'));
  });
};
