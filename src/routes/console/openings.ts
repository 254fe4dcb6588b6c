import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { APPLICATION_FLAG_TEXT } from '../../domain/abuse-limits.js';
import { GENERAL_LABOUR } from '../../domain/matching.js';
import { errorSentence } from '../../domain/error-codes.js';
import { ConflictError } from '../../errors.js';
import { waitReason, type WaitReason } from '../../domain/broadcast-plan.js';
import { formatWage } from '../../domain/opening-format.js';
import { SKILLS } from '../../domain/skills.js';
import { attempt, list, num, onlyToken, pathId, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { checkboxes, csrfField, field, fmtTime, deliveryRate, html, postButton, select, shortPlace, table, type FieldErrors, type Html } from '../../console/html.js';
import { APPLICATION_STATUS, CAMPAIGN_STATUS, NOTIFICATION_STATUS } from '../../console/labels.js';
import { formError } from '../../console/layout.js';
import type { CampaignProgress } from '../../services/employers/campaign-progress.js';
import { createOpeningInputSchema, SKIP_REASONS, updateApplicationSchema, updateOpeningSchema, type SkipReason } from '../../services/employers/employer-service.js';
import { createWorkshopSchema, workFormSchema } from '../../services/employers/opening-service.js';
import { done, view } from './context.js';

export const OPENING_STATUS: Record<string, string> = { draft: '草稿', open: '招工中', filled: '已招满', closed: '已关闭', expired: '已过期' };
export const FORM_NAMES: Record<string, string> = { county_workshop: '县城车间', village_plant: '乡村小厂', home_workshop: '家庭作坊' };
const UNITS = [['month', '元/月'], ['day', '元/天'], ['hour', '元/小时'], ['piece', '元/件']] as const;
const SKIP_NAMES: Record<SkipReason, string> = {
  opted_out: '已退订',
  paused: '暂停接收',
  no_phone: '没有手机号',
  phone_invalid: '手机号无效',
  skill: '技能不符',
  no_place: '没有登记住址',
  too_far: '离得太远',
  work_form: '不想要这种工作形式',
  wage: '工资低于期望',
  applied: '已经报名',
  already_alerted: '已经通知过',
  capped: '本周通知已达上限',
};
export const SKILL_OPTIONS = SKILLS.filter((s) => s.name !== GENERAL_LABOUR).map((s) => [s.name, s.name] as const);

/** "2026-12-01T18:00" from a datetime-local input is Beijing time. */
const beijingInput = (s: string | undefined) => (s ? (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s) ? `${s}:00+08:00` : s) : undefined);
const toBeijingInput = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16) : '');

/** The opening form's values as the API's JSON body. */
function openingInput(b: FormBody) {
  return {
    title: str(b, 'title'),
    skills: list(b, 'skills'),
    headcount: num(b, 'headcount'),
    wage: { min: num(b, 'wage.min'), max: num(b, 'wage.max'), unit: str(b, 'wage.unit') },
    expiresAt: beijingInput(str(b, 'expiresAt')),
  };
}

interface OpeningValues {
  workshopId?: string;
  title?: string;
  skills: string[];
  headcount?: string | number;
  wageMin?: string | number;
  wageMax?: string | number;
  wageUnit?: string;
  expiresAt?: string;
}

const valuesFrom = (b: FormBody): OpeningValues => ({
  workshopId: str(b, 'workshopId'),
  title: str(b, 'title'),
  skills: list(b, 'skills'),
  headcount: str(b, 'headcount'),
  wageMin: str(b, 'wage.min'),
  wageMax: str(b, 'wage.max'),
  wageUnit: str(b, 'wage.unit'),
  expiresAt: str(b, 'expiresAt'),
});

function openingFields(v: OpeningValues, e: FieldErrors): Html {
  return html`${field('title', '岗位名称', { value: v.title, error: e.title, hint: '最多 20 个字，会写进短信', attrs: 'maxlength="20"' })}
${checkboxes('skills', '需要的技能（不选 = 普工，谁都可以）', SKILL_OPTIONS, v.skills, e.skills)}
<div class="row">${field('headcount', '招几人', { type: 'number', value: v.headcount, error: e.headcount, attrs: 'min="1" inputmode="numeric"' })}
${field('wage.min', '工资最低', { type: 'number', value: v.wageMin, error: e['wage.min'] ?? e.wage, attrs: 'min="0" inputmode="numeric"' })}
${field('wage.max', '工资最高', { type: 'number', value: v.wageMax, error: e['wage.max'], attrs: 'min="0" inputmode="numeric"' })}
${select('wage.unit', '工资单位', UNITS, { value: v.wageUnit ?? 'month', error: e['wage.unit'] })}</div>
${field('expiresAt', '截止时间（可不填）', { type: 'datetime-local', value: v.expiresAt, error: e.expiresAt })}`;
}

type Preflight = Awaited<ReturnType<FastifyRequest['server']['ctx']['services']['employer']['preflight']>>;

function preflightHtml(p: Preflight, spreadMs: number, note?: string): Html {
  const skipped = SKIP_REASONS.filter((r) => p.skipped[r] > 0);
  return html`<div class="preflight" data-would-alert="${p.wouldAlert}">
<p class="muted">发送前核算${note ? html`（${note}）` : ''}</p>
<p>将通知 <span class="big" id="would-alert">${p.wouldAlert}</span> 人${p.matched > p.wouldAlert ? html`（共 ${p.matched} 人符合，分批发送，第一批 ${p.firstWave} 人）` : ''}</p>
${p.byTownship.length ? html`<p>按乡镇：${p.byTownship.slice(0, 8).map((t, i) => html`${i ? '，' : ''}${t.name} ${t.count} 人`)}${p.byTownship.length > 8 ? html`，另 ${p.byTownship.length - 8} 个乡镇` : ''}</p>` : ''}
${p.bySkill.length ? html`<p>按技能：${p.bySkill.map((k, i) => html`${i ? '，' : ''}${k.skill} ${k.count} 人`)}</p>` : ''}
${skipped.length ? html`<p>不发给：${skipped.map((r, i) => html`${i ? '，' : ''}${SKIP_NAMES[r]} ${p.skipped[r]} 人`)}</p>` : html`<p class="muted">没有人被跳过</p>`}
<p>短信：每条 ${p.segmentsPerMessage} 段，共 ${p.totalSegments} 段，约 ${p.estimatedCost.toFixed(2)} 元（每段 ${p.pricePerSegment} 元）</p>
${p.deferredByQuietHours > 0 ? html`<p class="warn">${p.deferredByQuietHours} 条在免打扰时段，会等到早上再发，并在 ${Math.round(spreadMs / 60_000)} 分钟内分散发出</p>` : ''}
<p>预计发完：${fmtTime(p.estimatedFinishAt)}（每秒 ${p.ratePerSecond} 条）</p>
<p class="muted">短信内容：${p.message}</p>
${p.canBroadcast || p.status === 'draft' ? '' : html`<p class="bad">现在不能发送：招工状态是“${OPENING_STATUS[p.status] ?? p.status}”</p>`}
</div>`;
}

/** Why queued messages wait, in words. */
function waitText(w: WaitReason): Html {
  switch (w.kind) {
    case 'quiet_hours':
      return html`现在是免打扰时段，${fmtTime(w.until)} 起发送`;
    case 'quiet_spread':
      return html`免打扰时段刚结束，夜里积下的短信分散到 ${fmtTime(w.until)} 前发完`;
    case 'next_wave':
      return html`分批发送，下一批 ${fmtTime(w.until)} 发出`;
    case 'pacing':
      return html`限速发送，每秒 ${w.perSecond} 条`;
  }
}

function progressHtml(campaigns: CampaignProgress[], counts: { applied: number }, waitOf: (c: CampaignProgress) => WaitReason): Html {
  if (campaigns.length === 0) return html`<p class="muted">还没有发送过</p>`;
  return html`<p>报名 <strong>${counts.applied}</strong> 人</p>${campaigns.map((c) => {
    const total = Math.max(c.matched, c.counts.queued + c.counts.sent + c.counts.failed + c.counts.cancelled);
    // Segments laid side by side as SVG rectangles: sizes as attributes, so no inline style (the CSP allows none).
    const w = (n: number) => (total ? Math.max(0, (n / total) * 100) : 0);
    const parts: [string, number][] = [['d', w(c.counts.delivered)], ['s', w(c.counts.sent - c.counts.delivered)], ['f', w(c.counts.failed)], ['q', w(c.counts.queued)]];
    let x = 0;
    const rects = parts.map(([k, width]) => {
      const r = html`<rect class="${k}" x="${x.toFixed(1)}" width="${width.toFixed(1)}" height="10"/>`;
      x += width;
      return r;
    });
    return html`<div class="card campaign" data-campaign="${c.id}"><p><strong>第 ${c.seq} 次发送</strong> <span class="badge ${c.status}">${CAMPAIGN_STATUS[c.status] ?? c.status}</span> ${fmtTime(c.createdAt)}</p>
<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="送达/已发/失败/排队"><title>送达/已发/失败/排队</title>${rects}</svg>
<p class="progress-counts">匹配 <span data-k="matched">${c.matched}</span> · 已发 <span data-k="sent">${c.counts.sent}</span> · 送达 <span data-k="delivered">${c.counts.delivered}</span>（送达率 ${deliveryRate(c.counts)}）· 失败 <span data-k="failed">${c.counts.failed}</span> · 排队 <span data-k="queued">${c.counts.queued}</span></p>
${c.counts.queued > 0 ? html`<p class="muted wait-reason">等待原因：${waitText(waitOf(c))}</p>` : ''}</div>`;
  })}`;
}

/** Openings, workshops, the live pre-flight, sending, progress and applicants. Employers and stations alike. */
export const consoleOpeningRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.ctx.services.employer;
  const { QUIET_HOURS, QUIET_HOURS_SPREAD_MS, SMS_SEND_RATE_PER_SECOND } = app.ctx.config;
  const waitOf = (c: CampaignProgress) => waitReason(new Date(), QUIET_HOURS, QUIET_HOURS_SPREAD_MS, SMS_SEND_RATE_PER_SECOND, c.scheduledFor);

  async function listPage(req: FastifyRequest, reply: FastifyReply, e: FieldErrors = {}, w: FormBody = {}, status = 200) {
    const [openings, workshops] = await Promise.all([svc.listOpenings(req.principal, { limit: 200, offset: 0 }), svc.listWorkshops(req.principal, { limit: 500, offset: 0 })]);
    const wsName = new Map(workshops.map((x) => [x.id, x.name]));
    const csrf = reply.generateCsrf();
    return view(
      req,
      reply,
      { title: '招工', nav: '/console/openings', status },
      html`<h1>招工</h1>
<p class="actions"><a class="btn" href="/console/openings/new">新建招工</a></p>
${table(
  ['编号', '岗位', '车间', '状态', '人数', '工资', '创建'],
  openings.map(
    (o) => html`<tr><td>${o.code}</td><td><a href="/console/openings/${o.id}">${o.title}</a></td><td>${wsName.get(o.workshopId) ?? o.workshopId}</td>
<td><span class="badge ${o.status}">${OPENING_STATUS[o.status]}</span></td><td>${o.headcount}</td><td>${formatWage(o.wageMin, o.wageMax, o.wageUnit)}</td><td>${fmtTime(o.createdAt)}</td></tr>`,
  ),
  '还没有招工。先建一个车间，再新建招工。',
)}
<h2>车间</h2>
${table(['车间', '类型', '地点', '联系电话'], workshops.map((x) => html`<tr><td>${x.name}</td><td>${FORM_NAMES[x.form]}</td><td>${shortPlace(x.division.fullName)}</td><td>${x.contactPhone}</td></tr>`), '还没有车间')}
<details class="card"${Object.keys(e).length ? html` open` : ''}><summary>新建车间</summary>
<form method="post" action="/console/openings/workshops">${csrfField(csrf)}${formError(e)}
${field('name', '车间名称', { value: str(w, 'name'), error: e.name })}
${select('form', '类型', workFormSchema.options.map((f) => [f, FORM_NAMES[f]!] as const), { value: str(w, 'form'), error: e.form })}
${field('division', '地点', { value: str(w, 'division'), error: e.division, hint: '乡镇或村，如 元阳县新街镇；或行政区划代码' })}
${field('contactPhone', '联系手机', { type: 'tel', value: str(w, 'contactPhone'), error: e.contactPhone, hint: '有人报名时短信通知这个号码' })}
<button>保存车间</button></form></details>`,
    );
  }

  app.get('/', async (req, reply) => listPage(req, reply));

  app.post<{ Body: FormBody }>('/workshops', async (req, reply) => {
    const b = req.body;
    const parsed = createWorkshopSchema.safeParse({ name: str(b, 'name'), form: str(b, 'form'), division: str(b, 'division'), contactPhone: str(b, 'contactPhone') });
    if (!parsed.success) return listPage(req, reply, zodFieldErrors(parsed.error), b, 400);
    const r = await attempt(() => svc.createWorkshop(req.principal, parsed.data));
    if (!r.ok) return listPage(req, reply, r.errors, b, 400);
    return done(req, reply, '/console/openings', `车间“${r.value.name}”已保存`);
  });

  async function newPage(req: FastifyRequest, reply: FastifyReply, v: OpeningValues, e: FieldErrors = {}, status = 200) {
    const workshops = await svc.listWorkshops(req.principal, { limit: 500, offset: 0 });
    return view(
      req,
      reply,
      { title: '新建招工', nav: '/console/openings', status },
      html`<h1>新建招工</h1>
${workshops.length === 0 ? html`<div class="form-error">还没有车间：请先在 <a href="/console/openings">招工</a> 页新建车间。</div>` : ''}
<div class="card"><form method="post" action="/console/openings">${csrfField(reply.generateCsrf())}${formError(e)}
${select('workshopId', '车间', workshops.map((w) => [String(w.id), `${w.name}（${shortPlace(w.division.fullName)}）`] as const), { value: v.workshopId, error: e.workshopId })}
${openingFields(v, e)}
<p class="hint">先存为草稿：下一页会显示发送前核算，确认后再发送。</p>
<button>保存草稿</button></form></div>`,
    );
  }

  app.get('/new', async (req, reply) => newPage(req, reply, { skills: [] }));

  app.post<{ Body: FormBody }>('/', async (req, reply) => {
    const b = req.body;
    const parsed = createOpeningInputSchema.safeParse({ workshopId: num(b, 'workshopId'), ...openingInput(b), draft: true });
    if (!parsed.success) return newPage(req, reply, valuesFrom(b), zodFieldErrors(parsed.error), 400);
    const r = await attempt(() => svc.createOpening(req.principal, parsed.data));
    if (!r.ok) return newPage(req, reply, valuesFrom(b), r.errors, 400);
    return done(req, reply, `/console/openings/${r.value.id}`, '草稿已保存。请看下面的发送前核算，确认后点“发送”。');
  });

  const ALERTED_PAGE = 100;
  const idOf = (req: FastifyRequest) => pathId((req.params as { id: string }).id);

  async function openingPage(req: FastifyRequest, reply: FastifyReply, e: FieldErrors = {}, body?: FormBody, status = 200) {
    const id = idOf(req);
    const { opening: o, counts } = await svc.getOpening(req.principal, id);
    const editable = o.status === 'draft' || o.status === 'open';
    const [campaigns, applications, pre] = await Promise.all([
      svc.listCampaigns(req.principal, id),
      svc.listApplications(req.principal, id),
      editable ? svc.preflight(req.principal, id) : null,
    ]);
    // 发送 stays off while nobody is left to alert (the live pre-flight turns it on again).
    const nobody = pre !== null && pre.wouldAlert === 0;
    const csrf = reply.generateCsrf();
    const v: OpeningValues = body
      ? valuesFrom(body)
      : { title: o.title, skills: o.skills, headcount: o.headcount, wageMin: o.wageMin, wageMax: o.wageMax, wageUnit: o.wageUnit, expiresAt: toBeijingInput(o.expiresAt) };
    return view(
      req,
      reply,
      { title: o.title, nav: '/console/openings', status },
      html`<h1>${o.title} <span class="badge ${o.status}" id="opening-status">${OPENING_STATUS[o.status]}</span></h1>
<p class="muted">编号 ${o.code} · ${o.workshop.name} · 招 ${o.headcount} 人 · ${formatWage(o.wageMin, o.wageMax, o.wageUnit)} · 截止 ${fmtTime(o.expiresAt)}</p>
<div class="split">
<div class="card">${
        editable
          ? html`<h2>${o.status === 'draft' ? '编辑草稿（自动保存并重新核算）' : '修改招工'}</h2>${formError(e)}
<form method="post" action="/console/openings/${o.id}" id="opening-form" data-live="/console/openings/${o.id}/preflight" data-live-target="preflight">${csrfField(csrf)}
${openingFields(v, e)}<button class="secondary">保存修改</button></form>`
          : html`${formError(e)}<p>这个招工${OPENING_STATUS[o.status]}。</p>${postButton(`/console/openings/${o.id}/open`, '重新发布', csrf, 'btn', '确定重新发布这个招工吗？发布后可以再给没通知过的人发短信。')}`
      }</div>
<div><div class="card" id="preflight">${pre ? preflightHtml(pre, app.ctx.config.QUIET_HOURS_SPREAD_MS) : ''}</div>
${editable ? html`<form method="post" action="/console/openings/${o.id}/send" class="card" id="send-form" data-confirm="确定现在发送吗？短信发出后不能撤回。">${csrfField(csrf)}<p>${o.status === 'draft' ? '发送会先发布这个招工，再给上面核算出的人发短信。' : '再次发送只会通知还没通知过的人。'}</p>
<p class="warn" id="send-nobody"${nobody ? '' : html` hidden`}>${errorSentence('opening.nobody_to_alert')}</p><button id="send"${nobody ? html` disabled` : ''}>发送</button></form>` : ''}
${o.status === 'open' ? html`<div class="card actions">${postButton(`/console/openings/${o.id}/fill`, '已招满', csrf, 'secondary', '确定标为已招满吗？还没发出的短信会停发。')}${postButton(`/console/openings/${o.id}/close`, '结束招工', csrf, 'danger', '确定结束这个招工吗？还没发出的短信会停发。')}</div>` : ''}
</div></div>
<h2>发送进度</h2><div id="progress" data-poll="/console/openings/${o.id}/progress">${progressHtml(campaigns, counts, waitOf)}</div>
${campaigns.length ? html`<p><a href="/console/openings/${o.id}/alerted">查看通知了哪些人、各人的状态</a></p>` : ''}
<h2>报名的人（${applications.length}）</h2>
${table(
  ['工人', '手机', '住址', '状态', '报名时间', '操作'],
  applications.map(
    (a) => html`<tr${a.flag ? html` class="flagged"` : ''}><td>${a.worker.name ?? '—'}${
      a.flag ? html`<br><span class="badge error">报名过多</span> <small>${APPLICATION_FLAG_TEXT[a.flag] ?? a.flag}</small>` : ''
    }</td><td>${a.worker.phone ? html`<a href="tel:${a.worker.phone}">${a.worker.phone}</a>` : '—'}</td><td>${shortPlace(a.worker.division?.fullName)}</td>
<td><span class="badge ${a.status}">${APPLICATION_STATUS[a.status]}</span>${a.note ? html`<br><small>${a.note}</small>` : ''}</td><td>${fmtTime(a.createdAt)}</td>
<td><form method="post" action="/console/openings/${o.id}/applications/${a.id}" class="actions">${csrfField(csrf)}
<input name="note" placeholder="备注" aria-label="备注" value="${a.note ?? ''}" class="note">
<button name="status" value="contacted" class="small secondary">已联系</button><button name="status" value="hired" class="small">录用</button><button name="status" value="declined" class="small danger">不录用</button></form></td></tr>`,
  ),
  '还没有人报名',
)}`,
    );
  }

  app.get('/:id', async (req, reply) => openingPage(req, reply));

  /** Who was alerted for the opening, best match first, with each person's status; 100 a page. */
  app.get<{ Params: { id: string }; Querystring: { page?: string } }>('/:id/alerted', async (req, reply) => {
    const id = idOf(req);
    const pageNo = /^\d{1,6}$/.test(req.query.page ?? '') ? Math.max(1, Number(req.query.page)) : 1;
    const { opening: o } = await svc.getOpening(req.principal, id);
    const m = await svc.listMatches(req.principal, id, pageNo, ALERTED_PAGE);
    const pages = Math.max(1, Math.ceil(m.total / ALERTED_PAGE));
    const staff = req.principal.role !== 'employer';
    const link = (n: number, label: string) => html`<a href="/console/openings/${o.id}/alerted?page=${n}">${label}</a>`;
    return view(
      req,
      reply,
      { title: `${o.title}：通知了谁`, nav: '/console/openings' },
      html`<h1>${o.title}：通知了谁</h1>
<p class="muted">编号 ${o.code} · 共 ${m.total} 人 · 第 ${pageNo}/${pages} 页 · <a href="/console/openings/${o.id}">回到招工</a></p>
${table(
  ['手机', '住址', '第几批', '为什么通知', '状态', '发出时间'],
  m.items.map(
    (r) => html`<tr><td>${staff && r.workerId ? html`<a href="/console/workers/${r.workerId}">${r.phone ?? '—'}</a>` : (r.phone ?? '—')}</td><td>${shortPlace(r.place)}</td><td>${r.wave ?? '—'}</td>
<td>${r.reasons.join('、') || '—'}</td><td><span class="badge ${r.status}">${NOTIFICATION_STATUS[r.status] ?? r.status}</span>${r.errorCode ? html` <small>${r.errorCode}</small>` : ''}</td><td>${fmtTime(r.sentAt)}</td></tr>`,
  ),
  '还没有通知任何人',
)}
<p class="actions">${pageNo > 1 ? link(pageNo - 1, '上一页') : ''} ${pageNo < pages ? link(pageNo + 1, '下一页') : ''}</p>`,
    );
  });

  app.post<{ Body: FormBody }>('/:id', async (req, reply) => {
    const id = idOf(req);
    const parsed = updateOpeningSchema.safeParse(openingInput(req.body));
    if (!parsed.success) return openingPage(req, reply, zodFieldErrors(parsed.error), req.body, 400);
    const r = await attempt(() => svc.updateOpening(req.principal, id, parsed.data));
    if (!r.ok) return openingPage(req, reply, r.errors, req.body, 400);
    return done(req, reply, `/console/openings/${id}`, '已保存');
  });

  // The live pre-flight: a draft takes the form's values as typed (saved as the draft), then the
  // pre-flight service counts exactly what a send would do. An open opening is not changed until "保存".
  app.post<{ Body: FormBody }>('/:id/preflight', async (req, reply) => {
    const id = idOf(req);
    const { opening } = await svc.getOpening(req.principal, id);
    let note: string | undefined;
    if (opening.status === 'draft') {
      const parsed = updateOpeningSchema.safeParse(openingInput(req.body));
      if (!parsed.success) return reply.send({ errors: zodFieldErrors(parsed.error), html: html`<p class="warn">请先改正左边标红的项</p>`.value });
      const r = await attempt(() => svc.updateOpening(req.principal, id, parsed.data));
      if (!r.ok) return reply.send({ errors: r.errors, html: html`<p class="warn">请先改正左边标红的项</p>`.value });
      note = '草稿已自动保存';
    } else if (opening.status === 'open') note = '按已保存的内容；改动请先保存';
    const p = await svc.preflight(req.principal, id);
    return reply.send({ errors: {}, preflight: p, html: preflightHtml(p, app.ctx.config.QUIET_HOURS_SPREAD_MS, note).value });
  });

  app.get('/:id/progress', async (req, reply) => {
    const id = idOf(req);
    const [{ counts }, campaigns] = await Promise.all([svc.getOpening(req.principal, id), svc.listCampaigns(req.principal, id)]);
    return reply.send({ campaigns, html: progressHtml(campaigns, counts, waitOf).value });
  });

  app.post('/:id/open', async (req, reply) => {
    const id = idOf(req);
    const r = await attempt(() => svc.openOpening(req.principal, id));
    if (!r.ok) return openingPage(req, reply, r.errors, undefined, 409);
    return done(req, reply, `/console/openings/${id}`, '已重新发布');
  });

  // Filled (enough people hired elsewhere) or closed (no longer wanted): every pending wave and
  // alert stops at once, as the API's fill and close do.
  for (const [action, to, label] of [
    ['fill', 'filled', '已标为招满，未发出的短信已停发'],
    ['close', 'closed', '已结束招工，未发出的短信已停发'],
  ] as const) {
    app.post<{ Body: FormBody }>(`/:id/${action}`, async (req, reply) => {
      const id = idOf(req);
      if (!onlyToken(req.body)) return openingPage(req, reply, { _form: '这个按钮不带任何填写内容，请回到招工页面再点一次' }, undefined, 400);
      const r = await attempt(() => svc.stopOpening(req.principal, id, to));
      if (!r.ok) return openingPage(req, reply, r.errors, undefined, 409);
      return done(req, reply, `/console/openings/${id}`, label);
    });
  }

  app.post('/:id/send', async (req, reply) => {
    const id = idOf(req);
    const { opening } = await svc.getOpening(req.principal, id);
    const r = await attempt(async () => {
      if (opening.status === 'draft') {
        // Checked before publishing, so a refused send leaves the draft a draft.
        if ((await svc.preflight(req.principal, id)).wouldAlert === 0) throw new ConflictError('opening.nobody_to_alert', `opening ${id} has nobody left to alert`);
        await svc.openOpening(req.principal, id);
      }
      return svc.broadcast(req.principal, id, { dryRun: false });
    });
    if (!r.ok) return openingPage(req, reply, r.errors, undefined, 409);
    // Held (docs/cases.md): said without the reason, which an employer is not shown.
    const held = !r.value.dryRun && r.value.status === 'held';
    return done(req, reply, `/console/openings/${id}`, held ? '已提交，需就业站审核后才会发送' : '已开始发送，进度见下方');
  });

  app.post<{ Body: FormBody; Params: { id: string; aid: string } }>('/:id/applications/:aid', async (req, reply) => {
    const id = idOf(req);
    const aid = pathId(req.params.aid);
    const parsed = updateApplicationSchema.safeParse({ status: str(req.body, 'status'), note: str(req.body, 'note') });
    if (!parsed.success) return openingPage(req, reply, zodFieldErrors(parsed.error), undefined, 400);
    const r = await attempt(() => svc.updateApplication(req.principal, id, aid, parsed.data));
    if (!r.ok) return openingPage(req, reply, r.errors, undefined, 400);
    return done(req, reply, `/console/openings/${id}`, r.value.filled ? `已录用 ${r.value.hired} 人，招满了` : `已更新（已录用 ${r.value.hired}/${r.value.headcount}）`);
  });
};
