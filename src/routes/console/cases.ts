import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { attempt, onlyToken, pathId, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { csrfField, field, fmtTime, html, postButton, select, shortPlace, table, type FieldErrors } from '../../console/html.js';
import { formError } from '../../console/layout.js';
import { CASE_NOTE_MAX, CASE_OUTCOME_LABELS, CASE_OUTCOMES } from '../../domain/cases.js';
import { maskPhone } from '../../domain/phone.js';
import { caseCloseSchema, caseListSchema, caseNoteSchema } from '../../services/stations/case-service.js';
import { actorNames, CASEWORK, done, requireRole, view } from './context.js';

const CHANNEL: Record<string, string> = { sms: '短信', wechat: '微信', console: '控制台' };
const NOTE_KIND: Record<string, string> = { report: '工人又发', note: '备注', close: '结案' };
const OUTCOME_OPTIONS = CASE_OUTCOMES.map((o) => [o, CASE_OUTCOME_LABELS[o]] as const);
const STATUS_OPTIONS = [
  ['open', '未结'],
  ['closed', '已结'],
  ['all', '全部'],
] as const;

/**
 * 案件: workers' reports (举报, 欠薪) for stations (docs/cases.md). A station sees its own cases,
 * a county all of its townships', an admin all; another station's case is a 404. Broadcasts held
 * because their employer has open cases are released or cancelled here. Employers never get in.
 */
export const consoleCaseRoutes: FastifyPluginAsync = async (app) => {
  const cases = app.ctx.services.cases;
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  app.get<{ Querystring: Record<string, string> }>('/', async (req, reply) => {
    const parsed = caseListSchema.safeParse(req.query ?? {});
    const f = parsed.success ? parsed.data : caseListSchema.parse({});
    const [r, held] = await Promise.all([cases.list(req.principal, f), cases.heldBroadcasts(req.principal)]);
    const csrf = reply.generateCsrf();
    const q = (o: Partial<typeof f>) => {
      const x = { ...f, ...o };
      return `/console/cases?status=${x.status}${x.overdue === '1' ? '&overdue=1' : ''}&page=${x.page}`;
    };
    return view(
      req,
      reply,
      { title: '案件', nav: '/console/cases' },
      html`<h1>案件 <span class="muted">未结 ${r.open} 件${r.overdue > 0 ? html`，<strong class="warn" id="overdue-count">超期 ${r.overdue} 件</strong>` : ''}</span></h1>
<form method="get" action="/console/cases" class="row">${select('status', '状态', STATUS_OPTIONS, { value: f.status })}
<div class="field"><label class="check"><input type="checkbox" name="overdue" value="1"${f.overdue === '1' ? html` checked` : ''}> 只看超期</label></div><button>筛选</button></form>
${table(
  ['案件号', '工人', '岗位 / 雇主', '辖区', '收到', '期限', '状态'],
  r.rows.map(
    (c) => html`<tr data-case="${c.id}"${c.overdue ? html` class="overdue"` : ''}><td><a href="/console/cases/${c.id}">${c.number}</a></td>
<td>${c.worker.name ?? ''} ${c.worker.phone ? maskPhone(c.worker.phone) : '微信用户'}</td>
<td>${c.opening ? `${c.opening.code} ${c.opening.title}` : c.codeGiven ? `编号${c.codeGiven}（查无）` : '未说明'}${c.employer ? ` / ${c.employer.name}` : c.workshop ? ` / ${c.workshop.name}` : ''}</td>
<td>${shortPlace(c.place)}</td><td>${fmtTime(c.createdAt)}</td>
<td>${fmtTime(c.dueAt)}${c.overdue ? html` <span class="badge failed">超期</span>` : ''}</td>
<td>${c.status === 'open' ? '未结' : `已结：${c.outcome ? CASE_OUTCOME_LABELS[c.outcome] : ''}`}${c.reports > 1 ? `（${c.reports} 次反映）` : ''}</td></tr>`,
  ),
  '没有案件',
)}
${r.pages > 1 ? html`<p class="pager">${f.page > 1 ? html`<a href="${q({ page: f.page - 1 })}">上一页</a> ` : ''}第 ${f.page} / ${r.pages} 页${f.page < r.pages ? html` <a href="${q({ page: f.page + 1 })}">下一页</a>` : ''}</p>` : ''}
<h2>待审核的招工发送</h2>
<p class="muted">雇主有未结案件（或要先审核）时，新的招工发送先停在这里，核实后再发或取消；要写不通过的原因请到<a href="/console/review">待审核</a>。</p>
${table(
  ['发送', '岗位', '车间 / 雇主', '停下时间', '操作'],
  held.map(
    (c) => html`<tr data-held="${c.id}"><td>#${c.id} 第${c.wave}批</td><td>${c.opening ? `${c.opening.code} ${c.opening.title}` : ''}</td>
<td>${c.opening?.workshop.name ?? ''}${c.opening?.workshop.employer ? ` / ${c.opening.workshop.employer.name}` : ''}</td><td>${fmtTime(c.heldAt)}</td>
<td><span class="actions">${postButton(`/console/cases/held/${c.id}/release`, '核实过，照常发送', csrf, 'small')}${postButton(`/console/cases/held/${c.id}/cancel`, '取消这次发送', csrf, 'small danger', '确定取消这次发送吗？')}</span></td></tr>`,
  ),
  '没有待审核的发送',
)}`,
    );
  });

  async function casePage(req: FastifyRequest, reply: FastifyReply, id: number, o: { body?: FormBody; e?: FieldErrors; closeBody?: FormBody; closeE?: FieldErrors; status?: number } = {}) {
    const c = await cases.get(req.principal, id);
    const actorText = await actorNames(app.ctx.db, c.notes.map((n) => n.actor));
    const csrf = reply.generateCsrf();
    const e = o.e ?? {};
    const ce = o.closeE ?? {};
    const phone = c.worker.phone;
    return view(
      req,
      reply,
      { title: `案件 ${c.number}`, nav: '/console/cases', status: o.status },
      html`<h1>案件 ${c.number} ${c.status === 'open' ? html`<span class="badge active">未结</span>` : html`<span class="badge completed">已结：${c.outcome ? CASE_OUTCOME_LABELS[c.outcome] : ''}</span>`}${c.overdue ? html` <span class="badge failed">超期</span>` : ''}</h1>
<div class="card"><p>工人：${c.worker.name ?? '（未留姓名）'} ${phone ? html`<a href="tel:${phone}" class="btn small" id="call">拨打 ${phone}</a>` : '（微信用户，没有手机号）'} <a href="/console/workers/${c.worker.id}">工人资料</a></p>
<p>岗位：${c.opening ? `${c.opening.code} ${c.opening.title}` : c.codeGiven ? `工人说的编号 ${c.codeGiven}，查无此岗位` : '工人没有说是哪个岗位'}</p>
<p>车间 / 雇主：${c.workshop ? `${c.workshop.name}（${c.workshop.contactPhone}）` : '—'}${c.employer ? ` / ${c.employer.name}` : ''}</p>
<p>辖区：${shortPlace(c.place)} · 来自${CHANNEL[c.channel] ?? c.channel} · 收到 ${fmtTime(c.createdAt)} · 期限 ${fmtTime(c.dueAt)}${c.reports > 1 ? ` · 共 ${c.reports} 次反映` : ''}</p>
<h2>工人原话</h2><blockquote id="words">${c.words}</blockquote></div>
<h2>记录</h2>
${table(
  ['时间', '类别', '内容', '谁'],
  c.notes.map((n) => html`<tr><td>${fmtTime(n.createdAt)}</td><td>${NOTE_KIND[n.kind] ?? n.kind}</td><td>${n.text}</td><td>${actorText(n.actor)}</td></tr>`),
  '还没有记录',
)}
${
  c.status === 'open'
    ? html`<div class="split"><div class="card"><h2>加备注</h2><form method="post" action="/console/cases/${c.id}/notes">${csrfField(csrf)}${formError(e)}
${field('text', '备注', { value: str(o.body ?? {}, 'text'), error: e.text, hint: `最多 ${CASE_NOTE_MAX} 个字，如 已打电话，老板答应周五结清`, attrs: `maxlength="${CASE_NOTE_MAX}"` })}<button>保存备注</button></form></div>
<div class="card"><h2>结案</h2><form method="post" action="/console/cases/${c.id}/close">${csrfField(csrf)}${formError(ce)}
${select('outcome', '结果', [['', '（请选择）'], ...OUTCOME_OPTIONS], { value: str(o.closeBody ?? {}, 'outcome'), error: ce.outcome })}
${field('note', '说明', { value: str(o.closeBody ?? {}, 'note'), error: ce.note, attrs: `maxlength="${CASE_NOTE_MAX}"` })}<button>结案</button></form></div></div>`
    : ''
}`,
    );
  }

  app.get<{ Params: { id: string } }>('/:id', async (req, reply) => casePage(req, reply, pathId(req.params.id)));

  app.post<{ Params: { id: string }; Body: FormBody }>('/:id/notes', async (req, reply) => {
    const id = pathId(req.params.id);
    const parsed = caseNoteSchema.safeParse({ text: str(req.body ?? {}, 'text') ?? '' });
    if (!parsed.success) return casePage(req, reply, id, { body: req.body, e: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => cases.addNote(req.principal, id, parsed.data));
    if (!r.ok) return casePage(req, reply, id, { body: req.body, e: r.errors, status: 400 });
    return done(req, reply, `/console/cases/${id}`, '备注已保存');
  });

  app.post<{ Params: { id: string }; Body: FormBody }>('/:id/close', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = req.body ?? {};
    const parsed = caseCloseSchema.safeParse({ outcome: str(b, 'outcome'), note: str(b, 'note') });
    if (!parsed.success) {
      const e = zodFieldErrors(parsed.error);
      if (e.outcome) e.outcome = '请选择结案结果';
      return casePage(req, reply, id, { closeBody: b, closeE: e, status: 400 });
    }
    const r = await attempt(() => cases.close(req.principal, id, parsed.data));
    if (!r.ok) return casePage(req, reply, id, { closeBody: b, closeE: r.errors, status: 409 });
    return done(req, reply, `/console/cases/${id}`, `已结案：${CASE_OUTCOME_LABELS[parsed.data.outcome]}`);
  });

  for (const decision of ['release', 'cancel'] as const) {
    app.post<{ Params: { id: string }; Body: FormBody }>(`/held/:id/${decision}`, async (req, reply) => {
      const id = pathId(req.params.id);
      // A one-button form: anything more than its token is not from our page.
      if (!onlyToken(req.body)) return view(req, reply, { title: '案件', nav: '/console/cases', status: 400 }, html`<p class="warn">这个按钮不带任何填写内容，请回到<a href="/console/cases">案件页面</a>再点一次</p>`);
      // Not held (already released or cancelled): 409; not this station's or no such send: 404.
      await cases.decideHeld(req.principal, id, decision);
      return done(req, reply, '/console/cases', decision === 'release' ? `发送 #${id} 已放行` : `发送 #${id} 已取消`);
    });
  }
};
