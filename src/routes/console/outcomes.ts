import { prefixesOutsideScope } from '../../domain/access.js';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { barChart } from '../../console/charts.js';
import { field, html, select, type Html } from '../../console/html.js';
import { sendXlsx, type XlsxColumn, type XlsxValue } from '../../console/xlsx.js';
import {
  DIMENSION_LABELS,
  DIMENSIONS,
  fmtDuration,
  fmtShare,
  GROUP_LABELS,
  GROUPS,
  PERIOD_LABELS,
  PERIODS,
  periodRange,
  STEP_LABELS,
  STEPS,
  type Dimension,
  type FunnelRow,
} from '../../domain/outcomes.js';
import { outcomesQuerySchema, type OutcomeFilter } from '../../services/stations/outcomes.js';
import { CASEWORK, listUrl, placesToCodes, requireRole, stationLabel, view, wantsJson } from './context.js';

const PERIOD_OPTIONS = PERIODS.map((p) => [p, PERIOD_LABELS[p]] as const);
const BY_OPTIONS = DIMENSIONS.map((d) => [d, DIMENSION_LABELS[d]] as const);

/** The funnel table: one row per group, each step's count with its share of alerts and median time. */
function funnelTable(first: string, rows: readonly FunnelRow[], empty: string): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="table-wrap"><table class="funnel stack"><thead><tr><th>${first}</th>${STEPS.map((s) => html`<th>${STEP_LABELS[s]}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr data-key="${r.key}"><td data-label="${first}">${r.label}</td>${STEPS.map(
      (s) => html`<td class="n" data-label="${STEP_LABELS[s]}" data-step="${s}">${r.counts[s]}${
        s === 'alerted' ? '' : html`<small>${fmtShare(r.ofAlerted[s])}${r.medians[s] === null ? '' : html` · 用时${fmtDuration(r.medians[s])}`}</small>`
      }</td>`,
    )}</tr>`,
  )}</tbody></table></div>`;
}

/** The sheet's columns: name, each step's count, share of alerts and median hours. */
function sheetColumns(first: string): XlsxColumn[] {
  return [
    { header: first, width: 24 },
    ...STEPS.map((s) => ({ header: STEP_LABELS[s], width: 9 })),
    ...STEPS.slice(1).map((s) => ({ header: `${STEP_LABELS[s]}占通知`, width: 10 })),
    ...STEPS.slice(1).map((s) => ({ header: `${STEP_LABELS[s]}用时中位数（小时）`, width: 12 })),
  ];
}

function sheetRow(label: string, r: FunnelRow): XlsxValue[] {
  return [
    label,
    ...STEPS.map((s) => r.counts[s]),
    ...STEPS.slice(1).map((s) => (r.ofAlerted[s] === null ? null : Math.round(r.ofAlerted[s]! * 1000) / 10)),
    ...STEPS.slice(1).map((s) => (r.medians[s] === null ? null : Math.round((r.medians[s]! / 3600) * 10) / 10)),
  ];
}

/**
 * 成效: what alerts led to (docs/outcomes.md), for stations and admins. The funnel cut by
 * broadcast, opening, workshop, township, village or month, split by worker group, with charts,
 * an Excel export and a printable weekly summary (also as JSON for a station's own tools).
 */
export const consoleOutcomeRoutes: FastifyPluginAsync = async (app) => {
  const outcomes = app.ctx.services.outcomes;
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  /** The filters from the query; a place or code that cannot be used is said, never a failure. */
  async function filters(req: FastifyRequest<{ Querystring: Record<string, string> }>) {
    const q = outcomesQuerySchema.safeParse(req.query ?? {});
    const f = q.success ? q.data : outcomesQuerySchema.parse({});
    const errors: string[] = [];
    const range = periodRange(f, new Date());
    if (range.error) errors.push(range.error);
    const filter: OutcomeFilter = { range };
    if (f.township) {
      const found = await placesToCodes(app, [f.township], 9);
      if (!found.ok) errors.push(`乡镇：${found.error}`);
      // Another station's township reads as all zeros otherwise: say why instead.
      else if (prefixesOutsideScope(req.principal, found.codes).length) {
        errors.push(`乡镇：“${f.township}”不在您负责的辖区内`);
        filter.divisions = found.codes;
      } else filter.divisions = found.codes;
    }
    if (f.opening) {
      const o = /^\d{1,9}$/.test(f.opening) ? await app.ctx.db.opening.findUnique({ where: { code: f.opening }, select: { id: true } }) : null;
      if (o) filter.openingId = o.id;
      else {
        errors.push(`没有编号为“${f.opening}”的岗位`);
        filter.openingId = -1;
      }
    }
    const query: Record<string, string | undefined> = { by: f.by, period: f.period, from: f.from, to: f.to, township: f.township, opening: f.opening };
    return { f, range, filter, errors, query };
  }

  app.get<{ Querystring: Record<string, string> }>('/', async (req, reply) => {
    const { f, range, filter, errors, query } = await filters(req);
    const by: Dimension = f.by;
    const r = await outcomes.funnel(req.principal, by, filter);
    const t = r.groups[0]!;
    const charts = html`<div class="charts">${barChart({
      id: 'chart-funnel',
      title: '从通知到拿到工资（人次）',
      labels: STEPS.map((s) => STEP_LABELS[s]),
      unit: '人次',
      series: [{ name: '人次', cls: 'c-sent', values: STEPS.map((s) => t.counts[s]) }],
    })}${barChart({
      id: 'chart-groups',
      title: '各人群的报名、录用、到岗',
      labels: GROUPS.filter((g) => g !== 'all').map((g) => GROUP_LABELS[g]),
      unit: '人',
      series: (['applied', 'hired', 'arrived'] as const).map((s) => ({ name: STEP_LABELS[s], cls: `c-${s}`, values: r.groups.slice(1).map((g) => g.counts[s]) })),
    })}${barChart({
      id: 'chart-months',
      title: '每月的通知、报名和录用',
      labels: r.months.map((m) => m.key),
      unit: '人次',
      series: [
        { name: '发出通知', cls: 'c-sent', values: r.months.map((m) => m.counts.alerted) },
        { name: '报名', cls: 'c-applied', values: r.months.map((m) => m.counts.applied) },
        { name: '录用', cls: 'c-hired', values: r.months.map((m) => m.counts.hired) },
      ],
    })}</div>`;
    return view(
      req,
      reply,
      { title: '成效', nav: '/console/outcomes' },
      html`<h1>成效 <span class="muted">${range.label}</span></h1>
<p class="muted">每条招工通知之后发生了什么：送达、工人回复、报名、录用、到岗、确认拿到工资。百分比是占发出通知的比例，“用时”是一半的人在这个时间内走到这一步。</p>
${errors.length ? html`<div class="form-error" role="alert">${errors.join('；')}</div>` : ''}
<form method="get" action="/console/outcomes" class="row filters">
${select('period', '时间', PERIOD_OPTIONS, { value: range.period === 'custom' ? '90d' : range.period })}
${field('from', '从（日期）', { value: f.from ?? '', type: 'date' })}${field('to', '到（日期）', { value: f.to ?? '', type: 'date' })}
${field('township', '乡镇', { value: f.township ?? '', attrs: 'placeholder="如 新街镇"' })}${field('opening', '岗位编号', { value: f.opening ?? '', attrs: 'inputmode="numeric" placeholder="如 1003"' })}
${select('by', '按什么分', BY_OPTIONS, { value: by })}<button>查看</button></form>
<p class="actions"><a class="btn secondary" href="${listUrl('/console/outcomes/export.xlsx', query)}" download>导出 Excel</a><a class="btn secondary" href="/console/outcomes/weekly" target="_blank" rel="noopener">打印上周小结</a></p>
<h2>合计</h2>
${funnelTable('范围', [t], '这段时间没有发出招工通知')}
${charts}
<h2>按人群</h2>
<p class="muted">一个人可以同时属于几个人群（如返乡人员也想做家庭作坊活）。</p>
${funnelTable('人群', r.groups, '暂无')}
<h2>按${DIMENSION_LABELS[by]}</h2>
${funnelTable(DIMENSION_LABELS[by], r.rows, '这段时间没有发出招工通知')}`,
    );
  });

  app.get<{ Querystring: Record<string, string> }>('/export.xlsx', async (req, reply) => {
    const { f, filter } = await filters(req);
    const r = await outcomes.funnel(req.principal, f.by, filter);
    const rows: XlsxValue[][] = [...r.rows.map((x) => sheetRow(x.label, x)), sheetRow('合计', r.groups[0]!), ...r.groups.slice(1).map((g) => sheetRow(`人群：${g.label}`, g))];
    return sendXlsx(reply, { name: `成效-按${DIMENSION_LABELS[f.by]}`, ascii: `outcomes-${f.by}`, columns: sheetColumns(DIMENSION_LABELS[f.by]), rows, sheet: '成效' });
  });

  /** The weekly summary: a printable sheet, or JSON (?format=json or Accept: application/json) for a station's tools. */
  app.get<{ Querystring: Record<string, string> }>('/weekly', async (req, reply) => {
    const q = req.query ?? {};
    const week = typeof q.week === 'string' ? q.week : undefined;
    const station = await stationLabel(req);
    const s = await outcomes.weekly(req.principal, station, week);
    if (q.format === 'json' || wantsJson(req)) return reply.header('cache-control', 'no-store').send(s);
    return view(
      req,
      reply,
      { title: '每周成效小结', print: { station } },
      html`<h1>每周成效小结：${s.week}</h1><p class="no-print muted">按 Ctrl+P 打印；手机上用浏览器菜单里的“打印”。<a href="/console/outcomes">返回成效</a></p>
<ul class="summary">${s.lines.map((l) => html`<li>${l}</li>`)}</ul>
${funnelTable('人群', s.groups, '本周没有发出招工通知')}
<h2>按岗位</h2>
${funnelTable('岗位', s.openings.slice(0, 30), '本周没有发出招工通知')}`,
    );
  });
};
