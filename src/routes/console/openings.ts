import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PG_INT_MAX } from '../../db/ids.js';
import { APPLICATION_FLAG_TEXT } from '../../domain/abuse-limits.js';
import { GENERAL_LABOUR } from '../../domain/matching.js';
import { errorSentence } from '../../domain/error-codes.js';
import { ConflictError } from '../../errors.js';
import { waitReason, type WaitReason } from '../../domain/broadcast-plan.js';
import { formatWage } from '../../domain/opening-format.js';
import { beijingDateTime } from '../../domain/after-hire.js';
import { LODGING, LODGING_LABEL, MEALS, MEALS_LABEL, PAY_DAY_MAX, SHIFTS_MAX, START_PLACE_MAX } from '../../domain/opening-terms.js';
import { SKILLS } from '../../domain/skills.js';
import { attempt, bool, list, num, onlyToken, pathId, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { REVIEW_MODE_LABEL, REVIEW_MODES } from '../../domain/employer-review.js';
import { checkboxes, csrfField, field, fmtTime, deliveryRate, html, postButton, select, shortPlace, table, type FieldErrors, type Html } from '../../console/html.js';
import { APPLICATION_STATUS, CAMPAIGN_STATUS, failureText, NOTIFICATION_STATUS } from '../../console/labels.js';
import { formError } from '../../console/layout.js';
import type { CampaignProgress } from '../../services/employers/campaign-progress.js';
import type { LadderCounts } from '../../services/delivery/ladder-service.js';
import { createOpeningInputSchema, reviewModeSchema, SKIP_REASONS, updateApplicationSchema, updateOpeningSchema, updateWorkshopSchema, verifyWorkshopSchema, type SkipReason } from '../../services/employers/employer-service.js';
import { createWorkshopSchema, workFormSchema } from '../../services/employers/opening-service.js';
import { done, listUrl, pageNumber, pager, placesToCodes, stationLabel, view, wantsPrint } from './context.js';
import type { OpeningStatusName } from '../../domain/opening-life.js';
import { sendXlsx } from '../../console/xlsx.js';

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
  const extras = list(b, 'terms.extras');
  return {
    title: str(b, 'title'),
    skills: list(b, 'skills'),
    headcount: num(b, 'headcount'),
    wage: { min: num(b, 'wage.min'), max: num(b, 'wage.max'), unit: str(b, 'wage.unit') },
    expiresAt: beijingInput(str(b, 'expiresAt')),
    startsAt: beijingInput(str(b, 'startsAt')),
    // Terms (docs/honest-posts.md): every field is on the form, so an empty one clears it (the pay day is required).
    terms: {
      payDay: str(b, 'terms.payDay'),
      startPlace: str(b, 'terms.startPlace') ?? null,
      meals: str(b, 'terms.meals') ?? null,
      lodging: str(b, 'terms.lodging') ?? null,
      shifts: str(b, 'terms.shifts') ?? null,
      transport: extras.includes('transport'),
      childcare: extras.includes('childcare'),
      accidentInsurance: extras.includes('accidentInsurance'),
    },
  };
}

/** The pay day, required on the console's form whether the opening is new or edited (the API requires it of new ones). */
function payDayMissing(b: FormBody): FieldErrors {
  return str(b, 'terms.payDay') ? {} : { 'terms.payDay': errorSentence('opening.pay_day_required') };
}

const MEAL_OPTIONS = [['', '不管吃'], ...MEALS.map((m) => [m, MEALS_LABEL[m]] as const)] as const;
const LODGING_OPTIONS = [['', '不管住'], ...LODGING.map((l) => [l, LODGING_LABEL[l]] as const)] as const;
const EXTRA_OPTIONS = [['transport', '接送'], ['childcare', '可带娃'], ['accidentInsurance', '买意外险']] as const;

interface OpeningValues {
  workshopId?: string;
  title?: string;
  skills: string[];
  headcount?: string | number;
  wageMin?: string | number;
  wageMax?: string | number;
  wageUnit?: string;
  expiresAt?: string;
  startsAt?: string;
  payDay?: string;
  startPlace?: string;
  meals?: string;
  lodging?: string;
  shifts?: string;
  extras?: string[];
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
  startsAt: str(b, 'startsAt'),
  payDay: str(b, 'terms.payDay'),
  startPlace: str(b, 'terms.startPlace'),
  meals: str(b, 'terms.meals'),
  lodging: str(b, 'terms.lodging'),
  shifts: str(b, 'terms.shifts'),
  extras: list(b, 'terms.extras'),
});

/** An opening's stored terms as form values. */
const termValues = (o: { startsAt: Date | null; payDay: string | null; startPlace: string | null; meals: string | null; lodging: string | null; shifts: string | null; transport: boolean; childcare: boolean; accidentInsurance: boolean }) => ({
  startsAt: toBeijingInput(o.startsAt),
  payDay: o.payDay ?? undefined,
  startPlace: o.startPlace ?? undefined,
  meals: o.meals ?? undefined,
  lodging: o.lodging ?? undefined,
  shifts: o.shifts ?? undefined,
  extras: [o.transport ? 'transport' : '', o.childcare ? 'childcare' : '', o.accidentInsurance ? 'accidentInsurance' : ''].filter(Boolean),
});

/**
 * The opening's fields; `benchmark`: the wage benchmark line for its skill and county, shown
 * under the wage fields (docs/honest-posts.md).
 */
function openingFields(v: OpeningValues, e: FieldErrors, benchmark?: string | null): Html {
  return html`${field('title', '岗位名称', { value: v.title, error: e.title, hint: '最多 20 个字，会写进短信', attrs: 'maxlength="20"' })}
${checkboxes('skills', '需要的技能（不选 = 普工：通知登记了普工或没填技能的工人）', SKILL_OPTIONS, v.skills, e.skills)}
<div class="row">${field('headcount', '招几人', { type: 'number', value: v.headcount, error: e.headcount, attrs: 'min="1" inputmode="numeric"' })}
${field('wage.min', '工资最低', { type: 'number', value: v.wageMin, error: e['wage.min'] ?? e.wage, attrs: 'min="0" inputmode="numeric"' })}
${field('wage.max', '工资最高', { type: 'number', value: v.wageMax, error: e['wage.max'], attrs: 'min="0" inputmode="numeric"' })}
${select('wage.unit', '工资单位（日薪、月薪、计件）', UNITS, { value: v.wageUnit ?? 'month', error: e['wage.unit'] })}</div>
${benchmark ? html`<p class="hint" id="wage-benchmark">参考：${benchmark}</p>` : ''}
<div class="row">${field('terms.payDay', '什么时候发工资', { value: v.payDay, error: e['terms.payDay'] ?? e.terms, hint: '必填，如 每月15日、日结、完工结', attrs: `maxlength="${PAY_DAY_MAX}"` })}
${field('startsAt', '开工时间（零工必填）', { type: 'datetime-local', value: v.startsAt, error: e.startsAt })}
${field('terms.startPlace', '到哪里集合、开工', { value: v.startPlace, error: e['terms.startPlace'], hint: '如 新街村口、乡政府门口', attrs: `maxlength="${START_PLACE_MAX}"` })}</div>
<div class="row">${select('terms.meals', '吃饭', MEAL_OPTIONS, { value: v.meals ?? '', error: e['terms.meals'] })}
${select('terms.lodging', '住宿', LODGING_OPTIONS, { value: v.lodging ?? '', error: e['terms.lodging'] })}
${field('terms.shifts', '班次', { value: v.shifts, error: e['terms.shifts'], hint: '如 长白班、上六休一', attrs: `maxlength="${SHIFTS_MAX}"` })}</div>
${checkboxes('terms.extras', '其他', EXTRA_OPTIONS, v.extras ?? [], e['terms.extras'])}
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
<p>短信：${p.texts} 人，每条 ${p.segmentsPerMessage} 段，共 ${p.totalSegments} 段，约 ${p.estimatedCost.toFixed(2)} 元（每段 ${p.pricePerSegment} 元）</p>
${p.calls > 0 ? html`<p id="preflight-calls">电话：${p.calls} 人，约 ${p.callCost.toFixed(2)} 元（每通 ${p.pricePerCall} 元）</p>` : ''}
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
${c.counts.queued > 0 ? html`<p class="muted wait-reason">等待原因：${waitText(waitOf(c))}</p>` : ''}${c.status === 'held' ? html`<p class="warn review-wait">就业站审核通过后才会发送</p>` : ''}${c.reviewNote ? html`<p class="bad review-note">就业站审核没有通过：${c.reviewNote}</p>` : ''}</div>`;
  })}`;
}

const LADDER_STEP: Record<LadderCounts['channel'], string> = { wechat: '微信', sms: '短信', voice: '电话', call_task: '站里回访' };

/** The ladder's counts per step (docs/ladder.md), when the station runs it: who was tried which way, and what came of it. */
function ladderHtml(rows: LadderCounts[]): Html {
  if (!rows.length) return html``;
  return html`<h2 id="ladder">没联系上就换办法</h2>${table(
    ['方式', '次数', '已发', '联系上', '失败', '没回音', '停了', '进行中'],
    rows.map(
      (r) =>
        html`<tr data-channel="${r.channel}"><td>${LADDER_STEP[r.channel]}</td><td>${r.steps}</td><td>${r.channel === 'call_task' ? '—' : r.sent}</td><td>${r.channel === 'call_task' ? '—' : r.reached}</td><td>${r.failed}</td><td>${r.noReply}</td><td>${r.stopped}</td><td>${r.open}</td></tr>`,
    ),
  )}<p class="muted">停了：工人回了话、招满或结束、过了截止时间。站里回访的人在回访名单里。</p>`;
}

type ApplicantRow = Awaited<ReturnType<FastifyRequest['server']['ctx']['services']['employer']['pageApplications']>>['items'][number];
/** Applicants shown on the opening page; the rest on its applicants page. */
const APPLICANTS_ON_OPENING = 50;
/** The printed applicant list, and the rows any one opening export carries at most. */
const APPLICANTS_PRINT_MAX = 2000;
const EXPORT_ROWS = 100_000;

/** Applicants with their actions; `back` is where an action returns to (the applicants page keeps its filters). */
function applicantsTable(openingId: number, items: ApplicantRow[], csrf: string, back?: string, empty = '还没有人报名'): Html {
  const bulkId = `bulk-${openingId}`;
  return html`${items.length ? bulkForm(openingId, items, csrf, back) : ''}${table(
    ['选择', '工人', '手机', '住址', '状态', '报名时间', '操作'],
    items.map(
      (a) => html`<tr${a.flag ? html` class="flagged"` : ''}><td class="pick"><label class="pick"><input type="checkbox" name="ids" value="${a.id}" form="${bulkId}" data-pick aria-label="选中 ${a.worker.name ?? a.worker.phone ?? a.id}"></label></td><td data-label="工人">${a.worker.name ?? '—'}${
        a.flag ? html`<br><span class="badge error">报名过多</span> <small>${APPLICATION_FLAG_TEXT[a.flag] ?? a.flag}</small>` : ''
      }</td><td data-label="手机">${a.worker.phone ? html`<a href="tel:${a.worker.phone}">${a.worker.phone}</a>` : '—'}</td><td data-label="住址">${shortPlace(a.worker.division?.fullName)}</td>
<td data-label="状态"><span class="badge ${a.status}">${APPLICATION_STATUS[a.status]}</span>${a.note ? html`<br><small>${a.note}</small>` : ''}</td><td data-label="报名时间">${fmtTime(a.createdAt)}</td>
<td><form method="post" action="/console/openings/${openingId}/applications/${a.id}" class="actions">${csrfField(csrf)}${back ? html`<input type="hidden" name="back" value="${back}">` : ''}
<input name="note" placeholder="备注" aria-label="备注" value="${a.note ?? ''}" class="note">
${hireFields(a)}
<button name="status" value="contacted" class="small secondary">已联系</button><button name="status" value="hired" class="small">录用</button><button name="status" value="declined" class="small danger">不录用</button></form></td></tr>`,
    ),
    empty,
    'stack',
  )}`;
}

/** A Beijing wall-clock value for a datetime-local or date field. */
const localValue = (d: Date | null, withTime: boolean) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, withTime ? 16 : 10) : '');

/**
 * A hire's terms (docs/after-hire.md), folded away: start time and place, first pay day. Left
 * empty, the opening's start time and the workshop's place are used, and no pay question goes.
 */
function hireFields(a?: { startAt: Date | null; startPlace: string | null; firstPayAt: Date | null; arrivedAt: Date | null; noShowAt: Date | null; paidAt: Date | null; unpaidAt: Date | null }): Html {
  const answers = a
    ? [a.arrivedAt ? '已到岗' : a.noShowAt ? '没去成' : '', a.paidAt ? '工资已到账' : a.unpaidAt ? '没拿到工资' : ''].filter(Boolean).join('，')
    : '';
  return html`<details class="hire-terms"><summary>录用信息${answers ? html`（工人回复：${answers}）` : ''}</summary>
<label>上工时间 <input type="datetime-local" name="startAt" value="${localValue(a?.startAt ?? null, true)}"></label>
<label>上工地点 <input name="startPlace" maxlength="40" placeholder="默认：车间所在地" value="${a?.startPlace ?? ''}"></label>
<label>第一次发工资 <input type="date" name="firstPayDay" value="${localValue(a?.firstPayAt ?? null, false)}"></label>
<small class="muted">录用后：上工前一天短信提醒时间地点，上工后问是否到岗，发薪日后问工资是否到账。</small></details>`;
}

/** The hire's terms as typed in the console, for the service (only with 录用; empty fields keep the defaults). */
function hireTermsOf(body: FormBody, status: string): { startAt?: Date; startPlace?: string; firstPayDay?: string } | { error: string } {
  if (status !== 'hired') return {};
  const startText = str(body, 'startAt');
  const startAt = startText ? beijingDateTime(startText) : undefined;
  if (startAt === null) return { error: '上工时间请选日期和钟点' };
  const startPlace = str(body, 'startPlace') || undefined;
  const firstPayDay = str(body, 'firstPayDay') || undefined;
  return { ...(startAt ? { startAt } : {}), ...(startPlace ? { startPlace } : {}), ...(firstPayDay ? { firstPayDay } : {}) };
}

/** Most applicants one bulk action changes: a page of the applicants list. */
const BULK_MAX = 100;

/**
 * The bulk action for the applicants shown: rows are ticked with checkboxes tied to this form
 * (form="bulk-N"), 全选本页 ticks every row (and, without script, sends the page's ids itself);
 * each button asks before it posts.
 */
function bulkForm(openingId: number, items: ApplicantRow[], csrf: string, back?: string): Html {
  return html`<form method="post" action="/console/openings/${openingId}/applications/bulk" id="bulk-${openingId}" class="card bulk actions">${csrfField(csrf)}${back ? html`<input type="hidden" name="back" value="${back}">` : ''}
<input type="hidden" name="pageIds" value="${items.map((a) => a.id).join(',')}">
<label class="pick-all"><input type="checkbox" name="all" value="page" data-pick-all> 全选本页（${items.length} 人）</label>
${hireFields()}
<span class="muted">把选中的人：</span>
<button name="status" value="contacted" class="secondary" data-confirm="确定把选中的人都标为已联系吗？">标为已联系</button><button name="status" value="hired" data-confirm="确定录用选中的人吗？录用满了招工会自动标为已招满。">录用</button><button name="status" value="declined" class="danger" data-confirm="确定把选中的人都标为不合适吗？">不合适</button></form>`;
}

/** A bulk action's form: which applicants (ticked, or the whole page) and what to mark them. */
const bulkSchema = z.object({
  ids: z.array(z.string().regex(/^[1-9]\d{0,9}$/, '勾选的报名不对，请刷新页面再试').transform(Number).refine((n) => n <= PG_INT_MAX, '勾选的报名不对，请刷新页面再试'))
    .min(1, '请先勾选要处理的人（或勾选“全选本页”）')
    .max(BULK_MAX, `一次最多处理 ${BULK_MAX} 人`),
  status: z.enum(['contacted', 'hired', 'declined'], '请点“标为已联系”“录用”或“不合适”'),
});

type WorkshopRow = Awaited<ReturnType<FastifyRequest['server']['ctx']['services']['employer']['getWorkshop']>>;

/** A station's check of a workshop and its review option, for stations and admins (docs/honest-posts.md). */
function verifyCard(w: WorkshopRow, csrf: string, b: FormBody, e: FieldErrors): Html {
  const mode = (REVIEW_MODES as readonly string[]).includes(w.reviewBroadcasts) ? w.reviewBroadcasts : 'off';
  return html`<div class="card" id="verify"><h2>就业站核验</h2>${formError(e)}
<p>${w.verifiedAt
    ? html`<span class="badge completed">已核验</span> ${fmtTime(w.verifiedAt)}，${w.verifiedBy ?? ''}：${w.verifiedLicence ? '看过营业执照或身份证' : ''}，实名联系人 ${w.verifiedContact ?? '—'}${w.supportWorkshop ? '，帮扶车间' : ''}`
    : html`<span class="badge">未核验</span> 核验后，这个车间的招工短信会写“已核验”。`}</p>
<form method="post" action="/console/openings/workshops/${w.id}/verify">${csrfField(csrf)}
<div class="field${e.licence ? ' has-error' : ''}"><label class="check"><input type="checkbox" name="licence" value="on"${bool(b, 'licence') ? html` checked` : ''}> 看过营业执照或老板身份证</label>${e.licence ? html`<p class="error" data-error-for="licence">${e.licence}</p>` : ''}</div>
${field('contactName', '实名联系人', { value: str(b, 'contactName') ?? w.verifiedContact ?? undefined, error: e.contactName, hint: '当面或打电话核实过的人', attrs: 'maxlength="20"' })}
<div class="field"><label class="check"><input type="checkbox" name="supportWorkshop" value="on"${(b.contactName !== undefined ? bool(b, 'supportWorkshop') : w.supportWorkshop) ? html` checked` : ''}> 是县里认定的帮扶车间</label></div>
<button>记录核验</button></form>
${w.verifiedAt ? html`<form method="post" action="/console/openings/workshops/${w.id}/verify" class="inline" data-confirm="确定撤销核验吗？招工短信不再写“已核验”。">${csrfField(csrf)}<input type="hidden" name="action" value="revoke"><button class="small danger">撤销核验</button></form>` : ''}
<h3>发送审核</h3>
<form method="post" action="/console/openings/workshops/${w.id}/review">${csrfField(csrf)}
${select('mode', '这个车间的招工发送', REVIEW_MODES.map((m) => [m, REVIEW_MODE_LABEL[m]] as const), { value: str(b, 'mode') ?? mode, error: e.mode })}
<p class="hint">要审核时，发送先停在<a href="/console/review">待审核</a>里，就业站通过后才发。</p><button>保存</button></form></div>`;
}

/** Openings, workshops, the live pre-flight, sending, progress and applicants. Employers and stations alike. */
export const consoleOpeningRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.ctx.services.employer;
  const { QUIET_HOURS, QUIET_HOURS_SPREAD_MS, SMS_SEND_RATE_PER_SECOND } = app.ctx.config;
  const waitOf = (c: CampaignProgress) => waitReason(new Date(), QUIET_HOURS, QUIET_HOURS_SPREAD_MS, SMS_SEND_RATE_PER_SECOND, c.scheduledFor);

  const OPENINGS_PAGE = 50;
  const openingQuery = (q: FormBody) => ({ q: str(q, 'q'), status: str(q, 'status'), division: str(q, 'division') });

  async function listPage(req: FastifyRequest, reply: FastifyReply, e: FieldErrors = {}, w: FormBody = {}, status = 200) {
    const q = (req.method === 'GET' ? req.query : {}) as FormBody;
    const fq = openingQuery(q);
    // Filters: a word of the title, code or workshop; a status; the workshop's place by name.
    const fe: FieldErrors = {};
    const search = fq.q && fq.q.length > 40 ? ((fe.q = '最多 40 个字'), undefined) : fq.q;
    const st = fq.status && !Object.hasOwn(OPENING_STATUS, fq.status) ? ((fe.status = '请从选项中选择'), undefined) : fq.status;
    const places = fq.division ? await placesToCodes(app, [fq.division]) : { ok: true as const, codes: [] };
    if (!places.ok) fe.division = places.error;
    const ask = (offset: number) =>
      svc.searchOpenings(req.principal, { statuses: st ? [st as OpeningStatusName] : undefined, search, divisions: places.ok ? places.codes : [], limit: OPENINGS_PAGE, offset });
    const asked = pageNumber(str(q, 'page'), Number.MAX_SAFE_INTEGER, OPENINGS_PAGE);
    let found = Object.keys(fe).length ? { total: 0, openings: [] } : await ask(asked.offset);
    const pg = pageNumber(String(asked.page), found.total, OPENINGS_PAGE);
    if (pg.page !== asked.page && found.total > 0) found = await ask(pg.offset);
    const workshops = await svc.listWorkshops(req.principal, { limit: 500, offset: 0 });
    const csrf = reply.generateCsrf();
    const staff = req.principal.role !== 'employer';
    // Which employer account each workshop belongs to (stations and admins see it).
    const employerIds = [...new Set(workshops.flatMap((x) => (x.employerId ? [x.employerId] : [])))];
    const employerName = new Map(staff && employerIds.length ? (await app.ctx.db.employer.findMany({ where: { id: { in: employerIds } }, select: { id: true, name: true } })).map((x) => [x.id, x.name]) : []);
    return view(
      req,
      reply,
      { title: '招工', nav: '/console/openings', status },
      html`<h1>招工</h1>
<p class="actions"><a class="btn" href="/console/openings/new">新建招工</a></p>
<form method="get" action="/console/openings" class="card row filters">
${field('q', '岗位、编号或车间', { value: fq.q, error: fe.q, idPrefix: 'filter-' })}
${select('status', '状态', [['', '不限'], ...Object.entries(OPENING_STATUS)], { value: fq.status, error: fe.status, idPrefix: 'filter-' })}
${field('division', '地方', { value: fq.division, error: fe.division, hint: '车间所在的县、乡镇或村', idPrefix: 'filter-' })}
<div class="field field-end"><button>查找</button></div></form>
<p class="muted">共 ${found.total} 个招工</p>
${table(
  ['编号', '岗位', '车间', '地点', '状态', '人数', '报名', '工资', '创建'],
  found.openings.map(
    (o) => html`<tr><td>${o.code}</td><td><a href="/console/openings/${o.id}">${o.title}</a></td><td>${o.workshop.name}</td><td>${shortPlace(o.workshop.division.fullName)}</td>
<td><span class="badge ${o.status}">${OPENING_STATUS[o.status]}</span></td><td>${o.headcount}</td><td><a href="/console/openings/${o.id}/applicants">${o._count.applications}</a></td><td>${formatWage(o.wageMin, o.wageMax, o.wageUnit)}</td><td>${fmtTime(o.createdAt)}</td></tr>`,
  ),
  found.total === 0 && !fq.q && !fq.status && !fq.division ? '还没有招工。先建一个车间，再新建招工。' : '没有找到符合条件的招工',
)}
${pager(pg.page, pg.pages, (n) => listUrl('/console/openings', fq, { page: String(n) }))}
<h2>车间</h2>
${table(
  ['车间', '类型', '地点', '联系电话', staff ? '雇主账号' : '', ''],
  workshops.map(
    (x) => html`<tr><td>${x.name}</td><td>${FORM_NAMES[x.form]}</td><td>${shortPlace(x.division.fullName)}</td><td>${x.contactPhone}</td><td>${staff ? (x.employerId ? (employerName.get(x.employerId) ?? x.employerId) : '—') : ''}</td><td><a class="btn small secondary" href="/console/openings/workshops/${x.id}">修改</a></td></tr>`,
  ),
  '还没有车间',
)}
<details class="card" id="new-workshop"${Object.keys(e).length || workshops.length === 0 ? html` open` : ''}><summary>新建车间</summary>
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

  /**
   * A workshop's page: edit its name, type, place and phone (the API's updateWorkshop), and, for
   * stations and admins, the employer account it belongs to. Scope: the service's workshopFor
   * (an employer its own, a station those in its area; anything else is 404).
   */
  async function workshopPage(req: FastifyRequest, reply: FastifyReply, o: { body?: FormBody; e?: FieldErrors; empE?: FieldErrors; verE?: FieldErrors; status?: number } = {}) {
    const id = pathId((req.params as { id: string }).id);
    const w = await svc.getWorkshop(req.principal, id);
    const p = req.principal;
    const staff = p.role !== 'employer';
    // A station ties a workshop with no employer; moving it between employers is an admin's.
    const mayAssign = p.role === 'admin' || (p.role === 'caseworker' && w.employerId === null);
    const employers = staff ? await app.ctx.services.employerAccounts.list() : [];
    const owner = w.employerId ? employers.find((x) => x.id === w.employerId) : undefined;
    const b = o.body ?? {};
    const e = o.e ?? {};
    const ee = o.empE ?? {};
    const csrf = reply.generateCsrf();
    return view(
      req,
      reply,
      { title: `车间：${w.name}`, nav: '/console/openings', status: o.status },
      html`<h1>车间：${w.name}</h1><p class="muted"><a href="/console/openings">回到招工</a></p>
<div class="split"><div class="card"><h2>修改车间</h2>
<form method="post" action="/console/openings/workshops/${w.id}">${csrfField(csrf)}${formError(e)}
${field('name', '车间名称', { value: o.body ? str(b, 'name') : w.name, error: e.name })}
${select('form', '类型', workFormSchema.options.map((f) => [f, FORM_NAMES[f]!] as const), { value: o.body ? str(b, 'form') : w.form, error: e.form })}
${field('division', '地点', { value: o.body ? str(b, 'division') : shortPlace(w.division.fullName), error: e.division, hint: '乡镇或村，如 元阳县新街镇' })}
${field('contactPhone', '联系手机', { type: 'tel', value: o.body ? str(b, 'contactPhone') : w.contactPhone, error: e.contactPhone, hint: '有人报名时短信通知这个号码' })}
<button>保存</button></form></div>
${
  staff
    ? html`<div class="card"><h2>雇主账号</h2><p>现在：${owner ? html`<strong>${owner.name}</strong>（编号 ${owner.id}）` : w.employerId ? `编号 ${w.employerId}` : '不属于任何雇主账号（只有就业站能管理）'}</p>
${
  mayAssign
    ? html`<form method="post" action="/console/openings/workshops/${w.id}/employer" data-confirm="确定更改这个车间的雇主账号吗？这个雇主的账号将能看到车间的招工和报名的人。">${csrfField(csrf)}${formError(ee)}
${select('employerId', '交给雇主账号', [['', p.role === 'admin' ? '（不属于任何雇主）' : '请选择'], ...employers.map((x) => [String(x.id), `${x.name}（编号 ${x.id}）`] as const)], { value: str(b, 'employerId') ?? (w.employerId ? String(w.employerId) : ''), error: ee.employerId })}
<p class="hint">交给雇主后，雇主登录后台就能管理这个车间的招工，看到报名的人。</p><button>保存</button></form>`
    : html`<p class="muted">已经属于一个雇主：要改给别的雇主，请管理员来做。</p>`
}</div>${verifyCard(w, csrf, o.body ?? {}, o.verE ?? {})}`
    : html`<div class="card"><h2>就业站核验</h2><p>${w.verifiedAt ? html`<span class="badge completed">已核验</span> ${fmtTime(w.verifiedAt)}（招工短信会写“已核验”）` : '还没有核验：请联系所在乡镇的就业站。'}</p></div>`
}</div>`,
    );
  }

  app.get('/workshops/:id', async (req, reply) => workshopPage(req, reply));

  /**
   * A station's check of the workshop's employer and the review option (docs/honest-posts.md):
   * licence or ID seen, the real-name contact, 帮扶车间; whether its broadcasts wait for review.
   */
  app.post<{ Body: FormBody; Params: { id: string } }>('/workshops/:id/verify', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = req.body;
    if (str(b, 'action') === 'revoke') {
      const r = await attempt(() => svc.unverifyWorkshop(req.principal, id));
      if (!r.ok) return workshopPage(req, reply, { body: b, verE: r.errors, status: 403 });
      return done(req, reply, `/console/openings/workshops/${id}`, '已撤销核验，招工短信不再写“已核验”');
    }
    const parsed = verifyWorkshopSchema.safeParse({ licence: bool(b, 'licence'), contactName: str(b, 'contactName'), supportWorkshop: bool(b, 'supportWorkshop') });
    if (!parsed.success) {
      const e = zodFieldErrors(parsed.error);
      if (e.licence) e.licence = errorSentence('workshop.verify_needs_licence');
      if (e.contactName === '必填') e.contactName = '请写当面或电话核实过的实名联系人';
      return workshopPage(req, reply, { body: b, verE: e, status: 400 });
    }
    const r = await attempt(() => svc.verifyWorkshop(req.principal, id, parsed.data));
    if (!r.ok) return workshopPage(req, reply, { body: b, verE: r.errors, status: 403 });
    return done(req, reply, `/console/openings/workshops/${id}`, '已记录核验，招工短信会写“已核验”');
  });

  app.post<{ Body: FormBody; Params: { id: string } }>('/workshops/:id/review', async (req, reply) => {
    const id = pathId(req.params.id);
    const parsed = reviewModeSchema.safeParse(str(req.body, 'mode'));
    if (!parsed.success) return workshopPage(req, reply, { body: req.body, verE: { mode: '请从选项中选择' }, status: 400 });
    const r = await attempt(() => svc.setReviewMode(req.principal, id, parsed.data));
    if (!r.ok) return workshopPage(req, reply, { body: req.body, verE: r.errors, status: 403 });
    return done(req, reply, `/console/openings/workshops/${id}`, `发送审核：${REVIEW_MODE_LABEL[parsed.data]}`);
  });

  app.post<{ Body: FormBody; Params: { id: string } }>('/workshops/:id', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = req.body;
    const parsed = updateWorkshopSchema.safeParse({ name: str(b, 'name'), form: str(b, 'form'), division: str(b, 'division'), contactPhone: str(b, 'contactPhone') });
    // The form always sends all four: a missing one is an emptied field, said next to it.
    const missing = Object.fromEntries((['name', 'form', 'division', 'contactPhone'] as const).filter((k) => !str(b, k)).map((k) => [k, '必填']));
    if (Object.keys(missing).length) return workshopPage(req, reply, { body: b, e: missing, status: 400 });
    if (!parsed.success) return workshopPage(req, reply, { body: b, e: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => svc.updateWorkshop(req.principal, id, parsed.data));
    if (!r.ok) return workshopPage(req, reply, { body: b, e: r.errors, status: 400 });
    return done(req, reply, `/console/openings/workshops/${id}`, '车间已保存');
  });

  app.post<{ Body: FormBody; Params: { id: string } }>('/workshops/:id/employer', async (req, reply) => {
    const id = pathId(req.params.id);
    const raw = str(req.body, 'employerId');
    if (raw !== undefined && !/^[1-9]\d{0,9}$/.test(raw)) return workshopPage(req, reply, { body: req.body, empE: { employerId: '请从选项中选择' }, status: 400 });
    const employerId = raw === undefined ? null : Number(raw);
    if (employerId === null && req.principal.role !== 'admin') return workshopPage(req, reply, { body: req.body, empE: { employerId: '请选择一个雇主' }, status: 400 });
    const r = await attempt(() => svc.assignWorkshopEmployer(req.principal, id, employerId));
    if (!r.ok) return workshopPage(req, reply, { body: req.body, empE: r.errors, status: Object.values(r.errors).includes(errorSentence('workshop.assign_admin_only')) ? 403 : 400 });
    return done(req, reply, `/console/openings/workshops/${id}`, employerId ? '车间已交给这个雇主账号' : '车间已不属于任何雇主账号');
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
    if (!parsed.success) return newPage(req, reply, valuesFrom(b), { ...zodFieldErrors(parsed.error), ...payDayMissing(b) }, 400);
    const r = await attempt(() => svc.createOpening(req.principal, parsed.data));
    if (!r.ok) return newPage(req, reply, valuesFrom(b), r.errors, 400);
    return done(req, reply, `/console/openings/${r.value.id}`, '草稿已保存。请看下面的发送前核算，确认后点“发送”。');
  });

  const ALERTED_PAGE = 100;
  const idOf = (req: FastifyRequest) => pathId((req.params as { id: string }).id);

  async function openingPage(req: FastifyRequest, reply: FastifyReply, e: FieldErrors = {}, body?: FormBody, status = 200) {
    const id = idOf(req);
    const { opening: o, counts, ladder } = await svc.getOpening(req.principal, id);
    const editable = o.status === 'draft' || o.status === 'open';
    const [campaigns, applications, pre] = await Promise.all([
      svc.listCampaigns(req.principal, id),
      svc.pageApplications(req.principal, id, { limit: APPLICANTS_ON_OPENING, offset: 0 }),
      editable ? svc.preflight(req.principal, id) : null,
    ]);
    // 发送 stays off while nobody is left to alert (the live pre-flight turns it on again).
    const nobody = pre !== null && pre.wouldAlert === 0;
    const csrf = reply.generateCsrf();
    const v: OpeningValues = body
      ? valuesFrom(body)
      : { title: o.title, skills: o.skills, headcount: o.headcount, wageMin: o.wageMin, wageMax: o.wageMax, wageUnit: o.wageUnit, expiresAt: toBeijingInput(o.expiresAt), ...termValues(o) };
    // The wage benchmark of the opening's first skill in its workshop's county (docs/honest-posts.md).
    const benchmark = editable && o.skills[0] ? (await svc.wageBenchmark(o.skills[0], o.workshop.divisionCode)).line : null;
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
${openingFields(v, e, benchmark)}<button class="secondary">保存修改</button></form>`
          : html`${formError(e)}<p>这个招工${OPENING_STATUS[o.status]}。</p>${postButton(`/console/openings/${o.id}/open`, '重新发布', csrf, 'btn', '确定重新发布这个招工吗？发布后可以再给没通知过的人发短信。')}`
      }</div>
<div><div class="card" id="preflight">${pre ? preflightHtml(pre, app.ctx.config.QUIET_HOURS_SPREAD_MS) : ''}</div>
${editable ? html`<form method="post" action="/console/openings/${o.id}/send" class="card" id="send-form" data-confirm="确定现在发送吗？短信发出后不能撤回。">${csrfField(csrf)}<p>${o.status === 'draft' ? '发送会先发布这个招工，再给上面核算出的人发短信。' : '再次发送只会通知还没通知过的人。'}</p>
<p class="warn" id="send-nobody"${nobody ? '' : html` hidden`}>${errorSentence('opening.nobody_to_alert')}</p><button id="send"${nobody ? html` disabled` : ''}>发送</button></form>` : ''}
${o.status === 'open' ? html`<div class="card actions">${postButton(`/console/openings/${o.id}/fill`, '已招满', csrf, 'secondary', '确定标为已招满吗？还没发出的短信会停发。')}${postButton(`/console/openings/${o.id}/close`, '结束招工', csrf, 'danger', '确定结束这个招工吗？还没发出的短信会停发。')}</div>` : ''}
</div></div>
<h2>发送进度</h2><div id="progress" data-poll="/console/openings/${o.id}/progress">${progressHtml(campaigns, counts, waitOf)}</div>
${ladderHtml(ladder)}
${campaigns.length ? html`<p><a href="/console/openings/${o.id}/alerted">查看通知了哪些人、各人的状态</a></p>` : ''}
<h2>报名的人（${applications.total}）</h2>
${applications.total ? html`<p class="actions"><a href="/console/openings/${o.id}/applicants">${applications.total > APPLICANTS_ON_OPENING ? `全部 ${applications.total} 人：查找、筛选` : '查找、筛选'}</a><a class="btn secondary small" href="/console/openings/${o.id}/applicants?print=1" target="_blank" rel="noopener">打印版</a><a class="btn secondary small" href="/console/openings/${o.id}/applicants.xlsx" download>导出 Excel</a></p>` : ''}
${applicantsTable(o.id, applications.items, csrf)}`,
    );
  }

  app.get('/:id', async (req, reply) => openingPage(req, reply));

  /** Who was alerted for the opening, best match first, with each person's status; 100 a page. */
  app.get<{ Params: { id: string }; Querystring: { page?: string } }>('/:id/alerted', async (req, reply) => {
    const id = idOf(req);
    const asked = pageNumber(req.query.page, 1e9, ALERTED_PAGE).page;
    const { opening: o } = await svc.getOpening(req.principal, id);
    let m = await svc.listMatches(req.principal, id, asked, ALERTED_PAGE);
    const pages = Math.max(1, Math.ceil(m.total / ALERTED_PAGE));
    // A page past the end shows the last one.
    const pageNo = Math.min(asked, pages);
    if (pageNo !== asked) m = await svc.listMatches(req.principal, id, pageNo, ALERTED_PAGE);
    const staff = req.principal.role !== 'employer';
    const link = (n: number, label: string) => html`<a href="/console/openings/${o.id}/alerted?page=${n}">${label}</a>`;
    return view(
      req,
      reply,
      { title: `${o.title}：通知了谁`, nav: '/console/openings' },
      html`<h1>${o.title}：通知了谁</h1>
<p class="muted">编号 ${o.code} · 共 ${m.total} 人 · 第 ${pageNo}/${pages} 页 · <a href="/console/openings/${o.id}">回到招工</a></p>
${m.total ? html`<p class="actions"><a class="btn secondary" href="/console/openings/${o.id}/alerted.xlsx" download>导出 Excel</a></p>` : ''}
${table(
  ['手机', '住址', '第几批', '为什么通知', '状态', '发出时间'],
  m.items.map(
    (r) => html`<tr><td>${staff && r.workerId ? html`<a href="/console/workers/${r.workerId}">${r.phone ?? '—'}</a>` : (r.phone ?? '—')}</td><td>${shortPlace(r.place)}</td><td>${r.wave ?? '—'}</td>
<td>${r.reasons.join('、') || '—'}</td><td><span class="badge ${r.status}">${NOTIFICATION_STATUS[r.status] ?? r.status}</span>${r.errorCode ? html` <small title="原因代码 ${r.errorCode}">${failureText(r.errorCode)}</small>` : ''}</td><td>${fmtTime(r.sentAt)}</td></tr>`,
  ),
  '还没有通知任何人',
)}
<p class="actions">${pageNo > 1 ? link(pageNo - 1, '上一页') : ''} ${pageNo < pages ? link(pageNo + 1, '下一页') : ''}</p>`,
    );
  });

  const APPLICANTS_PAGE = 100;
  /** The applicants page's filters (status, a part of the name or phone), or an error per field. */
  const applicantQuery = (q: FormBody) => {
    const e: FieldErrors = {};
    const status = str(q, 'status');
    const search = str(q, 'q');
    if (status && !Object.hasOwn(APPLICATION_STATUS, status)) e.status = '请从选项中选择';
    if (search && search.length > 40) e.q = '最多 40 个字';
    return { e, fq: { q: search, status }, opts: { statuses: status && !e.status ? [status as keyof typeof APPLICATION_STATUS & ApplicantRow['status']] : undefined, search: e.q ? undefined : search } };
  };

  /**
   * An opening's applicants: search, status filter and 100 a page; ?print=1 is the sheet to take
   * along (no buttons), up to APPLICANTS_PRINT_MAX. Same scope as the opening page.
   */
  app.get<{ Params: { id: string }; Querystring: FormBody }>('/:id/applicants', async (req, reply) => {
    const id = idOf(req);
    const { opening: o } = await svc.getOpening(req.principal, id);
    const { e, fq, opts } = applicantQuery(req.query);
    if (wantsPrint(req.query)) {
      const all = await svc.pageApplications(req.principal, id, { ...opts, limit: APPLICANTS_PRINT_MAX, offset: 0 });
      return view(
        req,
        reply,
        { title: `${o.title}：报名的人`, print: { station: await stationLabel(req) } },
        html`<h1>${o.title}（编号 ${o.code}）报名的人</h1>
<p>${o.workshop.name} · 招 ${o.headcount} 人 · ${formatWage(o.wageMin, o.wageMax, o.wageUnit)} · 共 ${all.total} 人${fq.status ? ` · 只列${APPLICATION_STATUS[fq.status] ?? ''}` : ''}${all.total > all.items.length ? ` · 只打印前 ${all.items.length} 人` : ''}</p>
<p class="no-print muted">按 Ctrl+P 打印；手机上用浏览器菜单里的“打印”。<a href="${listUrl(`/console/openings/${id}/applicants`, fq)}">返回</a></p>
${table(
  ['序号', '工人', '手机', '住址', '状态', '备注', '报名时间', '结果'],
  all.items.map(
    (a, i) => html`<tr><td>${i + 1}</td><td>${a.worker.name ?? '—'}</td><td>${a.worker.phone ?? '—'}</td><td>${shortPlace(a.worker.division?.fullName)}</td><td>${APPLICATION_STATUS[a.status]}</td><td>${a.note ?? ''}</td><td>${fmtTime(a.createdAt)}</td><td class="blank"></td></tr>`,
  ),
  '没有报名的人',
)}`,
      );
    }
    const ask = (offset: number) => svc.pageApplications(req.principal, id, { ...opts, limit: APPLICANTS_PAGE, offset });
    const asked = pageNumber(str(req.query, 'page'), Number.MAX_SAFE_INTEGER, APPLICANTS_PAGE);
    let found = await ask(asked.offset);
    const pg = pageNumber(String(asked.page), found.total, APPLICANTS_PAGE);
    if (pg.page !== asked.page && found.total > 0) found = await ask(pg.offset);
    const here = listUrl(`/console/openings/${id}/applicants`, fq, pg.page > 1 ? { page: String(pg.page) } : {});
    return view(
      req,
      reply,
      { title: `${o.title}：报名的人`, nav: '/console/openings' },
      html`<h1>${o.title}：报名的人</h1>
<p class="muted">编号 ${o.code} · <a href="/console/openings/${o.id}">回到招工</a></p>
<p class="actions"><a class="btn secondary" href="${listUrl(`/console/openings/${id}/applicants`, fq, { print: '1' })}" target="_blank" rel="noopener">打印版</a><a class="btn secondary" href="${listUrl(`/console/openings/${id}/applicants.xlsx`, fq)}" download>导出 Excel</a></p>
<form method="get" action="/console/openings/${o.id}/applicants" class="card row filters">
${field('q', '手机号或姓名', { value: fq.q, error: e.q })}
${select('status', '状态', [['', '不限'], ...Object.entries(APPLICATION_STATUS)], { value: fq.status, error: e.status })}
<div class="field field-end"><button>查找</button></div></form>
<p class="muted">共 ${found.total} 人</p>
${applicantsTable(o.id, found.items, reply.generateCsrf(), here, '没有符合条件的报名')}
${pager(pg.page, pg.pages, (n) => listUrl(`/console/openings/${id}/applicants`, fq, { page: String(n) }))}`,
    );
  });

  /** The applicants as Excel, with the page's filters; full phones, as the page shows them to whoever may see the opening. */
  app.get<{ Params: { id: string }; Querystring: FormBody }>('/:id/applicants.xlsx', async (req, reply) => {
    const id = idOf(req);
    const { opening: o } = await svc.getOpening(req.principal, id);
    const { opts } = applicantQuery(req.query);
    const all = await svc.pageApplications(req.principal, id, { ...opts, limit: EXPORT_ROWS, offset: 0 });
    return sendXlsx(reply, {
      name: `报名名单-${o.code}-${o.title}`,
      ascii: `applicants-${o.code}`,
      sheet: '报名的人',
      columns: [
        { header: '姓名', width: 10 },
        { header: '手机', width: 14 },
        { header: '住址', width: 26 },
        { header: '技能', width: 14 },
        { header: '状态', width: 8 },
        { header: '备注', width: 20 },
        { header: '报名时间', width: 17 },
        { header: '报名过多提示', width: 20 },
        { header: '招工', width: 18 },
      ],
      rows: all.items.map((a) => [
        a.worker.name,
        a.worker.phone,
        a.worker.division ? shortPlace(a.worker.division.fullName) : null,
        a.worker.skills.join('、'),
        APPLICATION_STATUS[a.status] ?? '其他',
        a.note,
        a.createdAt,
        a.flag ? (APPLICATION_FLAG_TEXT[a.flag] ?? '其他') : null,
        `${o.title}（编号${o.code}）`,
      ]),
    });
  });

  /** Who the opening alerted and how each alert went, as Excel: the alerted page's rows (phones masked as there). */
  app.get<{ Params: { id: string } }>('/:id/alerted.xlsx', async (req, reply) => {
    const id = idOf(req);
    const { opening: o } = await svc.getOpening(req.principal, id);
    const rows: Awaited<ReturnType<typeof svc.listMatches>>['items'] = [];
    for (let page = 1; rows.length < EXPORT_ROWS; page++) {
      const m = await svc.listMatches(req.principal, id, page, 5000);
      rows.push(...m.items);
      if (m.items.length < 5000) break;
    }
    return sendXlsx(reply, {
      name: `发送结果-${o.code}-${o.title}`,
      ascii: `send-results-${o.code}`,
      sheet: '发送结果',
      columns: [
        { header: '手机', width: 14 },
        { header: '住址', width: 26 },
        { header: '第几批', width: 7 },
        { header: '为什么通知', width: 24 },
        { header: '状态', width: 8 },
        { header: '原因', width: 22 },
        { header: '原因代码', width: 22 },
        { header: '发出时间', width: 17 },
      ],
      rows: rows.map((r) => [r.phone, r.place ? shortPlace(r.place) : null, r.wave, r.reasons.join('、'), NOTIFICATION_STATUS[r.status] ?? '其他', failureText(r.errorCode) || null, r.errorCode, r.sentAt]),
    });
  });

  app.post<{ Body: FormBody }>('/:id', async (req, reply) => {
    const id = idOf(req);
    const parsed = updateOpeningSchema.safeParse(openingInput(req.body));
    const noPayDay = payDayMissing(req.body);
    if (!parsed.success || Object.keys(noPayDay).length) return openingPage(req, reply, { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...noPayDay }, req.body, 400);
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
      const noPayDay = payDayMissing(req.body);
      if (!parsed.success || Object.keys(noPayDay).length) return reply.send({ errors: { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...noPayDay }, html: html`<p class="warn">请先改正左边标红的项</p>`.value });
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

  /** Several applicants at once: one POST, the same service path as one, each change audited. */
  app.post<{ Body: FormBody; Params: { id: string } }>('/:id/applications/bulk', async (req, reply) => {
    const id = idOf(req);
    const b = req.body;
    const ticked = str(b, 'all') === 'page' ? [...list(b, 'ids'), ...list(b, 'pageIds')] : list(b, 'ids');
    const parsed = bulkSchema.safeParse({ ids: [...new Set(ticked)], status: str(b, 'status') });
    if (!parsed.success) return openingPage(req, reply, { _form: Object.values(zodFieldErrors(parsed.error)).join('；') }, undefined, 400);
    const terms = hireTermsOf(b, parsed.data.status);
    if ('error' in terms) return openingPage(req, reply, { _form: terms.error }, undefined, 400);
    const input = updateApplicationSchema.safeParse({ status: parsed.data.status, ...terms });
    if (!input.success) return openingPage(req, reply, { _form: Object.values(zodFieldErrors(input.error)).join('；') }, undefined, 400);
    const r = await attempt(() => svc.updateApplications(req.principal, id, parsed.data.ids, input.data));
    if (!r.ok) return openingPage(req, reply, { _form: Object.values(r.errors).join('；') }, undefined, 409);
    const back = str(b, 'back');
    const to = back && back.startsWith(`/console/openings/${id}/applicants`) ? back : `/console/openings/${id}`;
    const n = r.value.applications.length;
    return done(req, reply, to, r.value.filled ? `已更新 ${n} 人；已录用 ${r.value.hired} 人，招满了` : `已把 ${n} 人标为${APPLICATION_STATUS[parsed.data.status]}（已录用 ${r.value.hired}/${r.value.headcount}）`);
  });

  app.post<{ Body: FormBody; Params: { id: string; aid: string } }>('/:id/applications/:aid', async (req, reply) => {
    const id = idOf(req);
    const aid = pathId(req.params.aid);
    const terms = hireTermsOf(req.body, str(req.body, 'status') ?? '');
    if ('error' in terms) return openingPage(req, reply, { _form: terms.error }, undefined, 400);
    const parsed = updateApplicationSchema.safeParse({ status: str(req.body, 'status'), note: str(req.body, 'note'), ...terms });
    if (!parsed.success) return openingPage(req, reply, zodFieldErrors(parsed.error), undefined, 400);
    const r = await attempt(() => svc.updateApplication(req.principal, id, aid, parsed.data));
    if (!r.ok) return openingPage(req, reply, r.errors, undefined, 400);
    // From the applicants page, back to it with its filters; anything else goes to the opening.
    const back = str(req.body, 'back');
    const to = back && back.startsWith(`/console/openings/${id}/applicants`) ? back : `/console/openings/${id}`;
    return done(req, reply, to, r.value.filled ? `已录用 ${r.value.hired} 人，招满了` : `已更新（已录用 ${r.value.hired}/${r.value.headcount}）`);
  });
};
