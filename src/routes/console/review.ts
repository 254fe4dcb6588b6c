import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { onlyToken, pathId, str, type FormBody } from '../../console/form.js';
import { csrfField, fmtTime, html, postButton, table } from '../../console/html.js';
import { heldReasonText, REVIEW_NOTE_MAX } from '../../domain/employer-review.js';
import { errorSentence } from '../../domain/error-codes.js';
import { formatWage } from '../../domain/opening-format.js';
import { CASEWORK, done, requireRole, view } from './context.js';

/**
 * 待审核: broadcasts waiting for a station (docs/honest-posts.md, docs/cases.md) — an unverified
 * or flagged employer's, and those held by open cases. 通过 sends as usual; 不通过 needs a reason,
 * which the employer reads on the opening's page. The same hold and the same decision as the
 * 案件 page (caseService.heldBroadcasts / decideHeld): a station sees its workshops', an admin all.
 */
export const consoleReviewRoutes: FastifyPluginAsync = async (app) => {
  const cases = app.ctx.services.cases;
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  async function queuePage(req: FastifyRequest, reply: FastifyReply, o: { errorFor?: number; error?: string; note?: string; status?: number } = {}) {
    const held = await cases.heldBroadcasts(req.principal);
    const csrf = reply.generateCsrf();
    return view(
      req,
      reply,
      { title: '待审核', nav: '/console/review', status: o.status },
      html`<h1>待审核的招工发送 <span class="muted">${held.length} 次</span></h1>
<p class="muted">没核验或设为每次审核的雇主、有未结案件的雇主，招工发送先停在这里。看过招工内容后：通过就照常发送；不通过要写原因，雇主会看到。</p>
${table(
  ['发送', '岗位', '车间 / 雇主', '为什么等审核', '停下时间', '审核'],
  held.map((c) => {
    const op = c.opening;
    const err = o.errorFor === c.id ? o.error : undefined;
    return html`<tr data-held="${c.id}"><td data-label="发送">#${c.id} 第${c.wave}批</td>
<td data-label="岗位">${op ? html`<a href="/console/openings/${op.id}">${op.code} ${op.title}</a><br><small>${formatWage(op.wageMin, op.wageMax, op.wageUnit)}，${op.payDay ?? '发薪日未写'}</small>` : ''}</td>
<td data-label="车间">${op ? html`<a href="/console/openings/workshops/${op.workshop.id}">${op.workshop.name}</a>${op.workshop.employer ? ` / ${op.workshop.employer.name}` : ''}${op.workshop.verifiedAt ? html` <span class="badge completed">已核验</span>` : html` <span class="badge">未核验</span>`}` : ''}</td>
<td data-label="原因">${heldReasonText(c.heldReason)}</td><td data-label="停下">${fmtTime(c.heldAt)}</td>
<td><span class="actions">${postButton(`/console/review/${c.id}/approve`, '通过，照常发送', csrf, 'small', '确定通过吗？短信会马上开始发送。')}</span>
<form method="post" action="/console/review/${c.id}/reject" class="reject${err ? ' has-error' : ''}" data-confirm="确定不通过吗？这次发送会取消。">${csrfField(csrf)}
<label for="note-${c.id}">不通过的原因</label><input id="note-${c.id}" name="note" maxlength="${REVIEW_NOTE_MAX}" value="${o.errorFor === c.id ? (o.note ?? '') : ''}" placeholder="如 工资和电话里说的不一样">
${err ? html`<p class="error" data-error-for="note">${err}</p>` : ''}<button class="small danger">不通过</button></form></td></tr>`;
  }),
  '没有待审核的发送',
  'stack',
)}`,
    );
  }

  app.get('/', async (req, reply) => queuePage(req, reply));

  app.post<{ Params: { id: string }; Body: FormBody }>('/:id/approve', async (req, reply) => {
    const id = pathId(req.params.id);
    if (!onlyToken(req.body)) return queuePage(req, reply, { status: 400 });
    // Not held any more: 409; another station's or no such send: 404 (caseService.decideHeld).
    await cases.decideHeld(req.principal, id, 'release');
    return done(req, reply, '/console/review', `发送 #${id} 已通过，开始发送`);
  });

  app.post<{ Params: { id: string }; Body: FormBody }>('/:id/reject', async (req, reply) => {
    const id = pathId(req.params.id);
    const note = str(req.body ?? {}, 'note');
    if (!note) return queuePage(req, reply, { errorFor: id, error: errorSentence('campaign.review_reason_required'), status: 400 });
    if ([...note].length > REVIEW_NOTE_MAX) return queuePage(req, reply, { errorFor: id, error: `最多 ${REVIEW_NOTE_MAX} 个字`, note, status: 400 });
    await cases.decideHeld(req.principal, id, 'cancel', note);
    return done(req, reply, '/console/review', `发送 #${id} 没有通过，已取消；雇主会看到原因`);
  });
};
