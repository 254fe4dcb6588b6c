import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { attempt, bool, list, onlyToken, pathId, problemText, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { checkboxes, csrfField, field, fmtTime, html, postButton, select, shortPlace, table, type FieldErrors, type Html } from '../../console/html.js';
import { APPLICATION_STATUS, failureText, INTENT_NAMES, labelOf, NOTIFICATION_STATUS } from '../../console/labels.js';
import { formError } from '../../console/layout.js';
import { callOutcomeSchema, registerWorkerSchema, updateWorkerSchema, type CallReason, type ImportRowReport } from '../../services/stations/caseworker-service.js';
import { workFormSchema } from '../../services/employers/opening-service.js';
import { workerFilterSchema } from '../../services/stations/worker-filter.js';
import { MAX_SURVEY_BYTES } from '../api/caseworker.js';
import { actorNames, CASEWORK, done, listUrl, pageNumber, pager, placesToCodes, requireRole, stationLabel, view, wantsPrint } from './context.js';
import { sendXlsx } from '../../console/xlsx.js';

/** Rows a worker export carries at most: a county of 50,000 fits; each 50,000 rows hold ~200 MB while the file is built (bench/console.ts). */
export const EXPORT_MAX = 60_000;
/** The printed and exported call list: more than the page's 200, still one sheet. */
const CALLS_PRINT_MAX = 5000;
import { FORM_NAMES, SKILL_OPTIONS } from './openings.js';

const STATUS: Record<string, string> = { active: '接收中', paused: '暂停', opted_out: '已退订' };
const OUTCOMES: Record<string, string> = { reached: '打通了', no_answer: '没人接', wrong_number: '号码不对', refused: '不想找工作', opted_out: '不要再发短信' };
const IMPORT_OUTCOME: Record<string, string> = { created: '新登记', updated: '已更新', skipped: '跳过', error: '有错' };
const CONSENT: Record<string, string> = { opt_in: '同意接收', opt_out: '退订' };
const SOURCE: Record<string, string> = { sms: '短信', wechat: '微信', caseworker: '就业站', api: '接口' };
const KIND: Record<string, string> = { alert: '招工通知', reminder: '提醒', reply: '回复', employer_notice: '雇主通知', verification: '验证码' };
const FORM_OPTIONS = workFormSchema.options.map((f) => [f, FORM_NAMES[f]!] as const);

interface WorkerValues {
  phone?: string;
  name?: string | null;
  division?: string;
  skills: string[];
  workForms: string[];
  returnee: boolean;
  priorityHousehold?: boolean;
  needsCalls?: boolean;
  status?: string;
  consentNote?: string;
}

function workerFields(v: WorkerValues, e: FieldErrors, o: { isNew: boolean }): Html {
  return html`${field('phone', '手机号', { type: 'tel', value: v.phone, error: e.phone, attrs: 'inputmode="tel"', hint: o.isNew ? undefined : '号码不对时改成正确的号码' })}
${field('name', '姓名', { value: v.name, error: e.name })}
${field('division', '住址（乡镇或村）', { value: v.division, error: e.division, hint: '如 新街镇胜村，或行政区划代码' })}
${checkboxes('skills', '技能', SKILL_OPTIONS, v.skills, e.skills)}
${checkboxes('workForms', '想做的工作', FORM_OPTIONS, v.workForms, e.workForms)}
<div class="field"><label class="check"><input type="checkbox" name="returnee"${v.returnee ? html` checked` : ''}> 返乡人员</label></div>
<div class="field"><label class="check"><input type="checkbox" name="priorityHousehold"${v.priorityHousehold ? html` checked` : ''}> 帮扶户优先（脱贫户、监测户）</label><p class="hint">招工短信先发给他们，电话回访名单也排在前面</p></div>
<div class="field"><label class="check"><input type="checkbox" name="needsCalls"${v.needsCalls ? html` checked` : ''}> 招工信息打电话通知（不识字、用别人的手机）</label></div>
${o.isNew ? '' : select('status', '短信状态', Object.entries(STATUS), { value: v.status, error: e.status })}
<div class="field${e.consent ? ' has-error' : ''}"><label class="check"><input type="checkbox" name="consent"> ${o.isNew ? '工人本人已同意接收招工短信' : '工人重新同意接收短信（恢复已退订的工人时必须勾选）'}</label>${e.consent ? html`<p class="error" data-error-for="consent">${e.consent}</p>` : ''}</div>
${field('consentNote', '怎么同意的', { value: v.consentNote, error: e.consentNote, hint: '如 赶集时当面同意' })}`;
}

/** Whether the worker gets alerts by phone call, and why (docs/aliyun-voice.md). */
const callsLabel = (w: { needsCalls: boolean; wantsCalls: boolean; callsStoppedAt: Date | null }): string =>
  w.callsStoppedAt ? ' · 本人已停止电话通知' : w.needsCalls ? ' · 电话通知（站里标记）' : w.wantsCalls ? ' · 电话通知（本人要求）' : '';

/** The worker form as the API's body (register or edit); also what the form shows again after an error. */
const workerInput = (b: FormBody) => ({
  phone: str(b, 'phone'),
  name: str(b, 'name'),
  division: str(b, 'division'),
  skills: list(b, 'skills'),
  workForms: list(b, 'workForms'),
  returnee: bool(b, 'returnee'),
  priorityHousehold: bool(b, 'priorityHousehold'),
  needsCalls: bool(b, 'needsCalls'),
  status: str(b, 'status'),
  consent: bool(b, 'consent') || undefined,
  consentNote: str(b, 'consentNote'),
});
const valuesFrom = (b: FormBody): WorkerValues => workerInput(b);

/** Workers (search, register, edit, history, survey import) and the call list. Stations and admins. */
export const consoleWorkerRoutes: FastifyPluginAsync = async (app) => {
  const cw = app.ctx.services.caseworker;
  const WORKERS_PAGE = 100;
  /** The worker list's query (the page's filters, shared with its export) as the service's filter, or the errors by field. */
  async function workerQuery(q: FormBody) {
    const places = await placesToCodes(app, list(q, 'division'));
    const status = str(q, 'status');
    const parsed = workerFilterSchema.safeParse({ search: str(q, 'q'), divisions: places.ok ? places.codes : [], skills: list(q, 'skill'), statuses: status ? [status] : [] });
    const errors: FieldErrors = { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...(places.ok ? {} : { divisions: places.error }) };
    return parsed.success && places.ok ? { ok: true as const, filter: parsed.data } : { ok: false as const, errors };
  }
  const filterQuery = (q: FormBody) => ({ q: str(q, 'q'), division: str(q, 'division'), skill: str(q, 'skill'), status: str(q, 'status') });
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  app.get<{ Querystring: FormBody }>('/workers', async (req, reply) => {
    const q = req.query;
    const wq = await workerQuery(q);
    let e: FieldErrors = wq.ok ? {} : wq.errors;
    // A page past the end shows the last page (asked again with the total then known).
    const asked = pageNumber(str(q, 'page'), Number.MAX_SAFE_INTEGER, WORKERS_PAGE);
    const get = (offset: number) => (wq.ok ? attempt(() => cw.listWorkers(req.principal, wq.filter, { limit: WORKERS_PAGE, offset })) : Promise.resolve(null));
    let r = await get(asked.offset);
    let pg = pageNumber(String(asked.page), r?.ok ? r.value.total : 0, WORKERS_PAGE);
    if (r?.ok && pg.page !== asked.page) r = await get(pg.offset);
    if (r && !r.ok) e = { ...e, ...r.errors };
    const found = r?.ok ? r.value : { total: 0, workers: [] };
    const total = found.total;
    pg = pageNumber(String(pg.page), total, WORKERS_PAGE);
    const fq = filterQuery(q);
    return view(
      req,
      reply,
      { title: '工人', nav: '/console/workers' },
      html`<h1>工人</h1><p class="actions"><a class="btn" href="/console/workers/new">登记工人</a><a class="btn secondary" href="/console/workers/import">导入摸底表</a>${
        total > 0 ? html`<a class="btn secondary" href="${listUrl('/console/workers/export.xlsx', fq)}" download>导出 Excel（${total} 人）</a>` : ''
      }</p>
<form method="get" action="/console/workers" class="card row filters">
${field('q', '手机号或姓名', { value: str(q, 'q'), error: e.search })}
${field('division', '地方', { value: str(q, 'division'), error: e.divisions ?? e['divisions.0'], hint: '县、乡镇或村，如 新街镇' })}
${select('skill', '技能', [['', '不限'], ...SKILL_OPTIONS], { value: str(q, 'skill'), error: e.skills })}
${select('status', '短信状态', [['', '不限'], ...Object.entries(STATUS)], { value: str(q, 'status'), error: e.statuses ?? e['statuses.0'] })}
<div class="field field-end"><button>查找</button></div></form>
${formError(e)}
<p class="muted">共 ${found.total} 人${found.total > WORKERS_PAGE ? html`，第 ${pg.page}/${pg.pages} 页` : ''}</p>
${table(
  ['姓名', '手机', '住址', '技能', '状态', '登记'],
  found.workers.map(
    (w) => html`<tr><td><a href="/console/workers/${w.id}">${w.name ?? '（未填）'}</a></td><td>${w.phone ?? '—'}${w.phoneInvalid ? html` <span class="badge error">无效</span>` : ''}</td>
<td>${shortPlace(w.division?.fullName)}</td><td>${w.skills.join('、') || '—'}</td><td><span class="badge ${w.status}">${STATUS[w.status]}</span></td><td>${fmtTime(w.createdAt)}</td></tr>`,
  ),
  '没有找到工人',
)}
<p class="actions">${pg.page > 1 ? html`<a href="${listUrl('/console/workers', fq, { page: String(pg.page - 1) })}">上一页</a>` : ''} ${pg.page < pg.pages ? html`<a href="${listUrl('/console/workers', fq, { page: String(pg.page + 1) })}">下一页</a>` : ''}</p>`,
    );
  });

  /**
   * The worker list as Excel, with the list's own filters and scope (a station gets its own
   * area's workers only). Up to EXPORT_MAX rows; more asks for a narrower filter.
   */
  app.get<{ Querystring: FormBody }>('/workers/export.xlsx', async (req, reply) => {
    const wq = await workerQuery(req.query);
    if (!wq.ok) return exportRefused(req, reply, Object.values(wq.errors).join('；'), listUrl('/console/workers', filterQuery(req.query)));
    const r = await attempt(() => cw.exportWorkers(req.principal, wq.filter, EXPORT_MAX));
    if (!r.ok) return exportRefused(req, reply, Object.values(r.errors).join('；'), listUrl('/console/workers', filterQuery(req.query)));
    if (!r.value.rows) return exportRefused(req, reply, `找到 ${r.value.total} 人，一次最多导出 ${EXPORT_MAX} 人：请按乡镇或技能缩小范围后分几次导出`, listUrl('/console/workers', filterQuery(req.query)), 413);
    return sendXlsx(reply, {
      name: '工人名单',
      ascii: 'workers',
      sheet: '工人',
      columns: [
        { header: '姓名', width: 10 },
        { header: '手机', width: 14 },
        { header: '住址', width: 28 },
        { header: '技能', width: 16 },
        { header: '想做的工作', width: 18 },
        { header: '返乡人员', width: 8 },
        { header: '短信状态', width: 9 },
        { header: '手机无效', width: 8 },
        { header: '登记时间', width: 17 },
        { header: '最近收到招工短信', width: 17 },
      ],
      rows: r.value.rows.map((w) => [
        w.name,
        w.phone,
        w.place ? shortPlace(w.place) : null,
        (w.skills ?? []).join('、'),
        (w.work_forms ?? []).map((f) => FORM_NAMES[f] ?? '其他').join('、'),
        w.returnee ? '是' : '',
        STATUS[w.status] ?? '其他',
        w.phone_invalid ? '是' : '',
        w.created_at,
        w.last_alert,
      ]),
    });
  });

  /** An export that cannot be made: a page saying why, with the way back. */
  function exportRefused(req: FastifyRequest, reply: FastifyReply, why: string, back: string, status = 400) {
    return view(req, reply, { title: '不能导出', nav: '/console/workers', status }, html`<div class="card"><h1>不能导出</h1><p class="bad">${why}</p><p><a href="${back}">返回</a></p></div>`);
  }

  const newPage = (req: FastifyRequest, reply: FastifyReply, v: WorkerValues, e: FieldErrors = {}, status = 200) =>
    view(
      req,
      reply,
      { title: '登记工人', nav: '/console/workers', status },
      html`<h1>登记工人</h1><div class="card"><form method="post" action="/console/workers">${csrfField(reply.generateCsrf())}${formError(e)}
${workerFields(v, e, { isNew: true })}<button>登记</button></form></div>`,
    );

  app.get('/workers/new', async (req, reply) => newPage(req, reply, { skills: [], workForms: [], returnee: false }));

  app.post<{ Body: FormBody }>('/workers', async (req, reply) => {
    const b = req.body;
    const { status: _status, ...input } = workerInput(b);
    const parsed = registerWorkerSchema.safeParse(input);
    if (!parsed.success) return newPage(req, reply, valuesFrom(b), zodFieldErrors(parsed.error), 400);
    const r = await attempt(() => cw.registerWorker(req.principal, parsed.data));
    if (!r.ok) return newPage(req, reply, valuesFrom(b), r.errors, 400);
    return done(req, reply, `/console/workers/${r.value.id}`, '已登记');
  });

  async function workerPage(req: FastifyRequest, reply: FastifyReply, e: FieldErrors = {}, body?: FormBody, status = 200) {
    const id = pathId((req.params as { id: string }).id);
    const h = await app.ctx.services.workerHistory(req.principal, id);
    const w = h.worker;
    const v: WorkerValues = body
      ? valuesFrom(body)
      : // The place by name (元阳县新街镇胜村村委会), which the field takes back as it is, not its code.
        { phone: w.phone ?? '', name: w.name, division: w.division?.fullName ? shortPlace(w.division.fullName) : (w.divisionCode ?? ''), skills: w.skills, workForms: w.workForms, returnee: w.returnee, priorityHousehold: w.priorityHousehold, needsCalls: w.needsCalls, status: w.status };
    const csrf = reply.generateCsrf();
    const actorText = await actorNames(app.ctx.db, [...w.consents.map((c) => c.actor), ...h.calls.map((c) => c.actor)]);
    return view(
      req,
      reply,
      { title: w.name ?? w.phone ?? '工人', nav: '/console/workers', status },
      html`<h1>${w.name ?? '（未填姓名）'} <span class="badge ${w.status}">${STATUS[w.status]}</span></h1>
<p class="muted">${w.phone ?? '无手机'} · ${w.division?.fullName ?? '—'} · 技能 ${w.skills.join('、') || '—'}${w.returnee ? ' · 返乡' : ''}${w.priorityHousehold ? ' · 帮扶户优先' : ''}${callsLabel(w)}</p>
<div class="split"><div>
<h2>短信往来</h2>${h.since ? html`<p class="muted" id="history-since">只显示 ${fmtTime(h.since)} 以后的短信往来，更早的没有列出。</p>` : ''}
${table(
  ['时间', '方向', '内容', '状态'],
  [
    ...h.inbound.map((m) => ({ at: m.receivedAt, row: html`<td>收到</td><td>${m.content}</td><td>${labelOf(INTENT_NAMES, m.intent)}</td>` })),
    ...h.outbound.map((m) => ({ at: m.createdAt, row: html`<td>发出·${KIND[m.kind] ?? m.kind}</td><td>${m.content}</td><td><span class="badge ${m.status}">${labelOf(NOTIFICATION_STATUS, m.status)}</span>${m.errorCode ? html` <span title="原因代码 ${m.errorCode}">${failureText(m.errorCode)}</span>` : ''}</td>` })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((x) => html`<tr><td>${fmtTime(x.at)}</td>${x.row}</tr>`),
  '没有短信',
)}
<h2>报名</h2>
${table(['时间', '招工', '状态'], h.applications.map((a) => html`<tr><td>${fmtTime(a.createdAt)}</td><td><a href="/console/openings/${a.opening.id}">${a.opening.code} ${a.opening.title}</a></td><td>${labelOf(APPLICATION_STATUS, a.status)}</td></tr>`), '没有报名')}
<h2>同意记录</h2>
${table(['时间', '事件', '来源', '经办', '说明'], w.consents.map((c) => html`<tr><td>${fmtTime(c.at)}</td><td>${CONSENT[c.kind] ?? c.kind}</td><td>${SOURCE[c.source] ?? c.source}</td><td>${actorText(c.actor)}</td><td>${c.note ?? ''}</td></tr>`), '没有记录')}
<h2>电话回访</h2>
${table(['时间', '结果', '备注', '经办'], h.calls.map((c) => html`<tr><td>${fmtTime(c.createdAt)}</td><td>${OUTCOMES[c.outcome]}</td><td>${c.note ?? ''}</td><td>${actorText(c.actor)}</td></tr>`), '没有回访')}
</div><div class="card"><h2>修改资料</h2><form method="post" action="/console/workers/${w.id}">${csrfField(csrf)}${formError(e)}
${workerFields(v, e, { isNew: false })}<button>保存</button></form>
<h2>注销资料</h2><p class="muted">工人要求删除资料时用：姓名、电话、住址、技能和短信内容都删除，不能恢复；只留同意和退订记录，成效统计的人数不变。</p>
${postButton(`/console/workers/${w.id}/erase`, '注销这个工人的全部资料', csrf, 'btn danger', '确定注销这个工人的全部资料吗？删除后不能恢复。')}</div></div>`,
    );
  }

  app.get('/workers/:id', async (req, reply) => workerPage(req, reply));

  app.post<{ Body: FormBody; Params: { id: string } }>('/workers/:id', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = req.body;
    // The edit form always sends its phone and place inputs: a post without them is not this
    // form, and saving it would clear the name as if it had been emptied.
    if (!('phone' in b) || !('division' in b)) return workerPage(req, reply, { _form: '表单不完整，请刷新页面后重新填写' }, undefined, 400);
    // An emptied name field clears the name; an unchanged phone is sent as is (the service ignores it).
    const input = workerInput(b);
    const parsed = updateWorkerSchema.safeParse({ ...input, name: input.name ?? null });
    if (!parsed.success) return workerPage(req, reply, zodFieldErrors(parsed.error), b, 400);
    const r = await attempt(() => cw.updateWorker(req.principal, id, parsed.data));
    if (!r.ok) return workerPage(req, reply, r.errors, b, 400);
    return done(req, reply, `/console/workers/${id}`, '已保存');
  });

  // Erasure through a caseworker (docs/outcomes.md): confirmed in the browser, audited, scoped like the page.
  app.post<{ Params: { id: string }; Body: FormBody }>('/workers/:id/erase', async (req, reply) => {
    const id = pathId(req.params.id);
    // A one-button form: anything more than its token is not from our page.
    if (!onlyToken(req.body)) return view(req, reply, { title: '注销资料', nav: '/console/workers', status: 400 }, html`<p class="warn">这个按钮不带任何填写内容，请回到<a href="/console/workers/${id}">工人页面</a>再点一次</p>`);
    await app.ctx.services.erasure.erase(req.principal, id);
    return done(req, reply, '/console/workers', '已注销这个工人的资料，只留同意记录');
  });

  const importPage = (req: FastifyRequest, reply: FastifyReply, o: { e?: FieldErrors; report?: Awaited<ReturnType<typeof cw.importSurvey>>; status?: number } = {}) =>
    view(
      req,
      reply,
      { title: '导入摸底表', nav: '/console/workers', status: o.status },
      html`<h1>导入摸底表</h1>
<div class="card"><p>CSV 文件（Excel “另存为 CSV” 即可，UTF-8 或 GBK 都行）。第一行是表头：<strong>手机、住址、同意</strong> 必填；姓名、技能（用、分隔）、返乡、家庭作坊 可选。有错的行会列出来，其余照常导入。</p>
<form method="post" action="/console/workers/import" id="import-form">${csrfField(reply.generateCsrf())}${formError(o.e ?? {})}
<div class="field"><label for="f-file">选择文件</label><input id="f-file" type="file" accept=".csv,text/csv" data-base64="f-csvBase64"></div>
<input type="hidden" name="csvBase64" id="f-csvBase64"><input type="hidden" name="filename" id="f-filename">
<div class="field"><label for="f-csvText">或者直接粘贴表格内容</label><textarea id="f-csvText" name="csvText"></textarea>${o.e?.file ? html`<p class="error">${o.e.file}</p>` : ''}</div>
<button>导入</button></form></div>
${
  o.report
    ? html`<h2>导入结果</h2><p id="import-summary">共 ${o.report.total} 行：新登记 ${o.report.created}，更新 ${o.report.updated}，跳过 ${o.report.skipped}，有错 <strong class="${o.report.errors ? 'bad' : ''}">${o.report.errors}</strong></p>
${table(
  ['行', '手机', '结果', '问题'],
  o.report.rows.map(
    (r: ImportRowReport) => html`<tr data-line="${r.line}"><td>${r.line}</td><td>${r.workerId ? html`<a href="/console/workers/${r.workerId}">${r.phone}</a>` : r.phone}</td>
<td><span class="badge ${r.outcome}">${IMPORT_OUTCOME[r.outcome]}</span></td><td>${r.issues.map(problemText).join('；')}</td></tr>`,
  ),
)}`
    : ''
}`,
    );

  app.get('/workers/import', async (req, reply) => importPage(req, reply));

  // The file travels base64-encoded in the form (a third larger), or pasted as text.
  app.post<{ Body: FormBody }>('/workers/import', { bodyLimit: Math.ceil((MAX_SURVEY_BYTES * 4) / 3) + 64 * 1024 }, async (req, reply) => {
    const b64 = str(req.body, 'csvBase64');
    const text = typeof req.body.csvText === 'string' ? req.body.csvText : '';
    const bytes = b64 ? Buffer.from(b64, 'base64') : Buffer.from(text, 'utf8');
    if (bytes.length === 0) return importPage(req, reply, { e: { file: '请选择文件，或粘贴表格内容' }, status: 400 });
    if (bytes.length > MAX_SURVEY_BYTES) return importPage(req, reply, { e: { file: '文件太大：请分成几个文件再导入' }, status: 413 });
    const r = await attempt(() => cw.importSurvey(req.principal, bytes, str(req.body, 'filename') ?? 'console.csv'));
    if (!r.ok) return importPage(req, reply, { e: { file: r.errors.file ?? r.errors._form ?? '文件读不出来' }, status: 400 });
    return importPage(req, reply, { report: r.value });
  });

  /** Place names for the call list's division codes. */
  async function placeNames(codes: (string | null)[]) {
    const wanted = [...new Set(codes.filter((c): c is string => !!c))];
    const found = wanted.length ? await app.ctx.db.division.findMany({ where: { code: { in: wanted } }, select: { code: true, fullName: true } }) : [];
    return new Map(found.map((d) => [d.code, shortPlace(d.fullName)]));
  }
  // Graded priority puts marked households first on the list; the sheet says why.
  const failed = (code: string) => failureText(code);
  /** The reason without the household mark: a failure's words, a ladder call task's (docs/ladder.md), or 没回音. */
  const reasonOnly = (r: { reason: string; errorCode: string | null; taskReason: string | null }) =>
    r.reason === 'alert_failed' ? `短信没发到${r.errorCode ? `：${failed(r.errorCode)}` : ''}` : r.reason === 'ladder' ? (r.taskReason ?? '都没联系上') : '没回音';
  const reasonText = (r: { reason: string; errorCode: string | null; taskReason: string | null; priorityHousehold: boolean }) =>
    `${r.priorityHousehold ? '帮扶户优先·' : ''}${reasonOnly(r)}`;

  const CALLS_PAGE = 100;
  const CALL_REASONS = [['', '不限'], ['alert_failed', '短信没发到'], ['no_reply', '没回音'], ['ladder', '各种办法都没联系上']] as const;
  /** The call list's filters (reason, place) as the service's options, or the errors by field. */
  async function callQuery(q: FormBody) {
    const places = await placesToCodes(app, list(q, 'division'));
    const r = str(q, 'reason');
    const reason: CallReason | undefined = r === 'alert_failed' || r === 'no_reply' || r === 'ladder' ? r : undefined;
    const errors: FieldErrors = { ...(places.ok ? {} : { division: places.error }), ...(r && !reason ? { reason: '请从列表里选原因' } : {}) };
    return { errors, opts: { days: 14, reason, divisions: places.ok ? places.codes : [] } };
  }
  const callFilterQuery = (q: FormBody) => ({ reason: str(q, 'reason'), division: str(q, 'division') });
  /** The call list a filter finds (an empty list when the filter is bad or outside the user's area). */
  async function callRows(req: FastifyRequest, q: FormBody, limit: number, offset: number) {
    const { errors, opts } = await callQuery(q);
    if (Object.keys(errors).length) return { rows: [], errors };
    const r = await attempt(() => cw.callList(req.principal, { ...opts, limit, offset }));
    return r.ok ? { rows: r.value, errors } : { rows: [], errors: { ...errors, division: Object.values(r.errors).join('；') } };
  }

  const callsPage = async (req: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, status = 200) => {
    let e = errors;
    if (wantsPrint(req.query as FormBody) && req.method === 'GET') {
      // The sheet a caseworker takes to the phone: who, why, and room to write the result.
      const { rows, errors: bad } = await callRows(req, req.query as FormBody, CALLS_PRINT_MAX, 0);
      // A filter that cannot be used says so on the sheet, never a blank list that looks like nobody.
      if (Object.keys(bad).length) {
        return view(req, reply, { title: '回访名单', status: 400 }, html`<div class="card"><h1>不能打印</h1><p class="bad">${Object.values(bad).join('；')}</p><p><a href="/console/calls">返回回访名单</a></p></div>`);
      }
      const places = await placeNames(rows.map((r) => r.divisionCode));
      // More people than one sheet holds: say so on the sheet, never drop them silently.
      const total = rows[0]?.total ?? 0;
      const cut = total > rows.length;
      const back = listUrl('/console/calls', callFilterQuery(req.query as FormBody));
      return view(
        req,
        reply,
        { title: '回访名单', print: { station: await stationLabel(req) } },
        html`<h1>回访名单（${cut ? `共 ${total} 人，本页打印前 ${rows.length} 人` : `${rows.length} 人`}）</h1>${
          cut ? html`<p class="bad" id="calls-cut">一次最多打印 ${CALLS_PRINT_MAX} 人，还有 ${total - rows.length} 人没有打印：请按原因或住址筛选后分批打印，或导出 Excel。</p>` : ''
        }<p class="no-print muted">按 Ctrl+P 打印；手机上用浏览器菜单里的“打印”。<a href="${back}">返回回访名单</a></p>
${table(
  ['工人', '手机', '住址', '原因', '招工', '自从', '结果', '备注'],
  rows.map(
    (r) => html`<tr><td>${r.name ?? '（未填）'}</td><td>${r.phone ?? '—'}</td><td>${places.get(r.divisionCode ?? '') ?? '—'}</td><td>${reasonText(r)}</td><td>${r.job ? `${r.job.title}（编号${r.job.code}）` : '—'}</td><td>${fmtTime(r.since)}</td><td class="blank"></td><td class="blank"></td></tr>`,
  ),
  '现在没有需要回访的工人',
)}`,
      );
    }
    const q = (req.query ?? {}) as FormBody;
    const fq = callFilterQuery(q);
    const asked = pageNumber(str(q, 'page'), Number.MAX_SAFE_INTEGER, CALLS_PAGE);
    let found = await callRows(req, q, CALLS_PAGE, asked.offset);
    let total = found.rows[0]?.total ?? 0;
    // A page past the end (the list shrinks as calls are recorded) shows the last page.
    if (total === 0 && asked.page > 1 && !Object.keys(found.errors).length) {
      const first = await callRows(req, q, 1, 0);
      const last = pageNumber(String(asked.page), first.rows[0]?.total ?? 0, CALLS_PAGE);
      found = await callRows(req, q, CALLS_PAGE, last.offset);
      total = found.rows[0]?.total ?? 0;
    }
    const rows = found.rows;
    const pg = pageNumber(str(q, 'page') || '1', total, CALLS_PAGE);
    e = { ...found.errors, ...e };
    // Each row's form posts back with the list's filter and page, so a caseworker stays where they were.
    const here = { ...fq, ...(pg.page > 1 ? { page: String(pg.page) } : {}) };
    // A refused result keeps what was typed in its row; one for a worker not on this page is said on top.
    const postedId = Number((req.params as { workerId?: string }).workerId);
    const posted = req.method === 'POST' ? { id: postedId, note: str(req.body as FormBody, 'note') } : null;
    const onPage = new Set(rows.map((r) => r.workerId));
    const elsewhere = Object.entries(e).filter(([k]) => k.startsWith('call.') && !onPage.has(Number(k.slice(5)))).map(([, v]) => v);
    const csrf = reply.generateCsrf();
    return view(
      req,
      reply,
      { title: '回访名单', nav: '/console/calls', status },
      html`<h1>回访名单</h1><p class="muted">近 14 天短信发送失败，或收到招工短信一天以上一直没回音的工人。记下结果后就从名单上去掉。</p>
<p class="actions"><a class="btn secondary" href="${listUrl('/console/calls', fq, { print: '1' })}" target="_blank" rel="noopener">打印版</a><a class="btn secondary" href="${listUrl('/console/calls/export.xlsx', fq)}" download>导出 Excel</a></p>
<form method="get" action="/console/calls" class="card row filters">
${select('reason', '原因', CALL_REASONS, { value: str(q, 'reason'), error: e.reason })}
${field('division', '地方', { value: str(q, 'division'), error: e.division, hint: '乡镇或村，如 新街镇' })}
<div class="field field-end"><button>筛选</button></div></form>${formError(e)}${elsewhere.length ? html`<p class="error" role="alert">没有记下：${elsewhere.join('；')}</p>` : ''}
<p class="muted" id="calls-total">共 ${total} 人${total > CALLS_PAGE ? html`，第 ${pg.page}/${pg.pages} 页，每页 ${CALLS_PAGE} 人` : ''}</p>
${table(
  ['工人', '手机', '原因', '招工', '自从', '记录结果'],
  rows.map(
    (r) => html`<tr><td data-label="工人"><a href="/console/workers/${r.workerId}">${r.name ?? '（未填）'}</a></td><td data-label="手机">${r.phone ? html`<a href="tel:${r.phone}">${r.phone}</a>` : '—'}</td>
<td data-label="原因">${r.priorityHousehold ? html`<span class="badge">帮扶户优先</span> ` : ''}${r.reason === 'no_reply' ? '没回音' : html`<span class="bad"${r.errorCode ? html` title="原因代码 ${r.errorCode}"` : ''}>${reasonOnly(r)}</span>`}</td><td data-label="招工">${r.job ? `${r.job.title}（编号${r.job.code}）` : '—'}</td><td data-label="自从">${fmtTime(r.since)}</td>
<td><form method="post" action="${listUrl(`/console/calls/${r.workerId}`, here)}" class="actions">${csrfField(csrf)}
<select name="outcome" aria-label="结果" required><option value="" selected>选择结果</option>${Object.entries(OUTCOMES).map(([k, t]) => html`<option value="${k}">${t}</option>`)}</select>
<input name="note" placeholder="备注" aria-label="备注" class="note" maxlength="300" value="${posted?.id === r.workerId ? (posted.note ?? '') : ''}"><button class="small">记录</button></form>${e[`call.${r.workerId}`] ? html`<p class="error">${e[`call.${r.workerId}`]}</p>` : ''}</td></tr>`,
  ),
  '现在没有需要回访的工人',
  'stack',
)}
${pager(pg.page, pg.pages, (n) => listUrl('/console/calls', fq, { page: String(n) }))}`,
    );
  };

  app.get<{ Querystring: FormBody }>('/calls', async (req, reply) => callsPage(req, reply));

  /** The call list as Excel: the same people the page lists (the caller's area); more than EXPORT_MAX is refused, never cut. */
  app.get<{ Querystring: FormBody }>('/calls/export.xlsx', async (req, reply) => {
    const back = listUrl('/console/calls', callFilterQuery(req.query));
    const { rows, errors } = await callRows(req, req.query, EXPORT_MAX + 1, 0);
    if (Object.keys(errors).length) return exportRefused(req, reply, Object.values(errors).join('；'), back);
    if (rows.length > EXPORT_MAX) return exportRefused(req, reply, `找到 ${rows[0]?.total ?? rows.length} 人，一次最多导出 ${EXPORT_MAX} 人：请按原因或住址缩小范围后分几次导出`, back, 413);
    const places = await placeNames(rows.map((r) => r.divisionCode));
    return sendXlsx(reply, {
      name: '回访名单',
      ascii: 'call-list',
      sheet: '回访名单',
      columns: [
        { header: '姓名', width: 10 },
        { header: '手机', width: 14 },
        { header: '住址', width: 24 },
        { header: '原因', width: 20 },
        { header: '原因代码', width: 16 },
        { header: '招工', width: 20 },
        { header: '自从', width: 17 },
        { header: '上次回访', width: 17 },
        { header: '上次回访结果', width: 12 },
        { header: '回访结果', width: 12 },
        { header: '备注', width: 20 },
      ],
      rows: rows.map((r) => [
        r.name,
        r.phone,
        places.get(r.divisionCode ?? '') ?? null,
        reasonText(r),
        r.errorCode,
        r.job ? `${r.job.title}（编号${r.job.code}）` : null,
        r.since,
        r.lastCall?.at ?? null,
        r.lastCall?.outcome ? (OUTCOMES[r.lastCall.outcome] ?? '其他') : null,
        null,
        null,
      ]),
    });
  });

  app.post<{ Body: FormBody; Params: { workerId: string } }>('/calls/:workerId', async (req, reply) => {
    const workerId = pathId(req.params.workerId);
    const parsed = callOutcomeSchema.safeParse({ outcome: str(req.body, 'outcome'), note: str(req.body, 'note') });
    if (!parsed.success) return callsPage(req, reply, { [`call.${workerId}`]: Object.values(zodFieldErrors(parsed.error)).join('；') }, 400);
    const r = await attempt(() => cw.recordCall(req.principal, workerId, parsed.data));
    if (!r.ok) return callsPage(req, reply, { [`call.${workerId}`]: Object.values(r.errors).join('；') }, 400);
    // Back to the same filter and page (the recorded worker has left the list).
    const q = (req.query ?? {}) as FormBody;
    const page = str(q, 'page');
    return done(req, reply, listUrl('/console/calls', { ...callFilterQuery(q), ...(page && /^\d{1,6}$/.test(page) ? { page } : {}) }), `已记录：${OUTCOMES[parsed.data.outcome]}`);
  });
};
