import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { attempt, list, num, pathId, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { csrfField, field, fmtTime, html, postButton, select, shortPlace, table, type FieldErrors } from '../../console/html.js';
import { auditActionText, auditEntityText, labelOf } from '../../console/labels.js';
import { formError, ROLE_NAMES } from '../../console/layout.js';
import { createApiKeySchema } from '../../services/access/api-key-service.js';
import { createUserSchema } from '../../services/access/console-user-service.js';
import { createEmployerSchema } from '../../services/access/employer-accounts.js';
import { done, placesToCodes, requireRole, view } from './context.js';

const ROLE_OPTIONS = Object.entries(ROLE_NAMES) as [string, string][];

/** Role and scope fields shared by the user and key forms: the same rules (createApiKeySchema) check both. */
const scopeInput = (b: FormBody, divisionPrefixes: string[]) => ({ role: str(b, 'role'), divisionPrefixes, employerId: num(b, 'employerId') });

/** Administration: console users, API keys, the audit log, and links to the queue dashboard and the API docs. */
export const consoleAdminRoutes: FastifyPluginAsync = async (app) => {
  const { consoleUsers, apiKeys, audit, employerAccounts } = app.ctx.services;
  app.addHook('onRequest', async (req) => requireRole(req, ['admin']));

  async function adminPage(
    req: FastifyRequest,
    reply: FastifyReply,
    o: { userBody?: FormBody; userE?: FieldErrors; keyBody?: FormBody; keyE?: FieldErrors; empBody?: FormBody; empE?: FieldErrors; newKey?: string; status?: number } = {},
  ) {
    const [users, keys, log, employers] = await Promise.all([consoleUsers.list(), apiKeys.list(), audit.list({ limit: 50 }), employerAccounts.list()]);
    const csrf = reply.generateCsrf();
    // Audit rows name the actor as user:<id> or key:<id>; people read names.
    const userNames = new Map<string, string>([...users.map((u) => [`user:${u.id}`, u.name] as const), ...keys.map((k) => [`key:${k.id}`, `密钥 ${k.name}`] as const)]);
    // Stations' areas are stored as division codes; people read place names.
    const prefixes = [...new Set([...users, ...keys].flatMap((x) => x.divisionPrefixes))];
    const placeNames = new Map(
      prefixes.length ? (await app.ctx.db.division.findMany({ where: { code: { in: prefixes } }, select: { code: true, fullName: true } })).map((d) => [d.code, shortPlace(d.fullName)]) : [],
    );
    const ue = o.userE ?? {};
    const ke = o.keyE ?? {};
    const ub = o.userBody ?? {};
    const kb = o.keyBody ?? {};
    const ee = o.empE ?? {};
    const eb = o.empBody ?? {};
    // The user and key forms share these fields: each form's ids carry its own prefix.
    const scope = (b: FormBody, e: FieldErrors, idPrefix: string) =>
      html`${select('role', '角色', ROLE_OPTIONS, { value: str(b, 'role') ?? 'caseworker', error: e.role, idPrefix })}
${field('divisionPrefixes', '辖区（就业站）', { value: str(b, 'divisionPrefixes'), error: e.divisionPrefixes ?? e['divisionPrefixes.0'], hint: '县或乡镇的名字（如 元阳县、新街镇）或代码，逗号分开', idPrefix })}
${select('employerId', '雇主（雇主账号）', [['', '—'], ...employers.map((x) => [String(x.id), `${x.id} ${x.name}`] as const)], { value: str(b, 'employerId'), error: e.employerId, idPrefix })}`;
    const scopeText = (x: { role: string; divisionPrefixes: string[]; employerId: number | null }) =>
      x.role === 'caseworker' ? x.divisionPrefixes.map((c) => placeNames.get(c) ?? c).join('、') : x.role === 'employer' ? `雇主 ${x.employerId}` : '全部';
    return view(
      req,
      reply,
      { title: '管理', nav: '/console/admin', status: o.status },
      html`<h1>管理</h1><p class="actions"><a class="btn secondary" href="/console/queues">队列面板</a>${app.ctx.config.DOCS_ENABLED ? html`<a class="btn secondary" href="/docs">API 文档</a>` : ''}</p>
<h2>后台用户</h2>
${table(
  ['用户名', '角色', '范围', '最近登录', '状态', ''],
  users.map(
    (u) => html`<tr><td>${u.name}</td><td>${ROLE_NAMES[u.role]}</td><td>${scopeText(u)}</td><td>${fmtTime(u.lastSignInAt)}</td>
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
<h2>操作记录（最近 50 条）</h2>
${table(
  ['时间', '谁', '角色', '操作', '对象'],
  log.map((l) => html`<tr><td>${fmtTime(l.createdAt)}</td><td>${userNames.get(l.actor) ?? l.actor}</td><td>${labelOf(ROLE_NAMES, l.role)}</td><td data-action="${l.action}">${auditActionText(l.action)}</td><td>${auditEntityText(l.entity)} ${l.entityId ?? ''}</td></tr>`),
)}`,
    );
  }

  app.get('/', async (req, reply) => adminPage(req, reply));

  app.post<{ Body: FormBody }>('/users', async (req, reply) => {
    const b = req.body;
    // A station's area by name (元阳县, 新街镇) or code: counties and townships only.
    const places = await placesToCodes(app, list(b, 'divisionPrefixes'), 9);
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

  app.post<{ Body: FormBody }>('/employers', async (req, reply) => {
    const b = req.body;
    const parsed = createEmployerSchema.safeParse({ name: str(b, 'name'), contactPhone: str(b, 'contactPhone') });
    if (!parsed.success) return adminPage(req, reply, { empBody: b, empE: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => employerAccounts.create(req.principal, parsed.data));
    if (!r.ok) return adminPage(req, reply, { empBody: b, empE: r.errors, status: 400 });
    return done(req, reply, '/console/admin', `雇主 ${r.value.name}（编号 ${r.value.id}）已创建，可以为它建账号了`);
  });

  app.post<{ Body: FormBody }>('/keys', async (req, reply) => {
    const b = req.body;
    const places = await placesToCodes(app, list(b, 'divisionPrefixes'), 9);
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
