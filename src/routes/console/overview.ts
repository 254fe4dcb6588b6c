import type { FastifyPluginAsync } from 'fastify';
import { BEIJING, deliveryRate, fmtTime, html, pct, table } from '../../console/html.js';
import { isLive } from '../../domain/opening-life.js';
import { segmentCost } from '../../domain/send-rules.js';
import { queueNames } from '../../queues/catalog.js';
import { DELIVERY_COUNTS_SQL, SMS_KINDS, smsPaidByKind, type DeliveryCountColumns, type SmsKind } from '../../services/employers/delivery-counts.js';
import { EXPLAIN, labelOf } from '../../console/labels.js';
import { view } from './context.js';
import { barChart, beijingStart, lastDays, lastWeeks, onDates } from '../../console/charts.js';
import { Prisma } from '../../db/prisma.js';

const DAY = 86_400_000;
const SMS_KIND_NAMES: Record<SmsKind, string> = {
  alert: '招工通知',
  digest: '招工汇总',
  reply: '回复',
  employer_notice: '给老板的通知',
  verification: '验证码',
  reminder: '提醒',
};
const QUEUE_NAMES: Record<string, string> = { inbound: '收短信', match: '匹配', notify: '发短信', maintenance: '维护', reminder: '提醒', reconcile: '对账' };

/** Start of today and of this week (Monday), Beijing time. */
function periodStarts(now: Date) {
  const day = Math.floor((now.getTime() + BEIJING) / DAY);
  const weekday = (new Date(day * DAY).getUTCDay() + 6) % 7;
  return { today: new Date(day * DAY - BEIJING), week: new Date((day - weekday) * DAY - BEIJING) };
}

/** The first-run guide: 车间 → 招工 → 发送, and the words a station meets next (属相街, 人群). */
function firstRunGuide(staff: boolean) {
  return html`<section class="card guide" id="first-run" aria-labelledby="first-run-title"><h2 id="first-run-title">第一次使用：三步发出第一条招工短信</h2>
<ol class="steps">
<li><strong>车间</strong>：先登记招工的车间（在哪个乡镇或村、联系电话；有人报名会短信通知这个电话）。<a class="btn small" href="/console/openings#new-workshop">新建车间</a></li>
<li><strong>招工</strong>：写岗位、招几人、工资，存成草稿。右边会算出能通知多少人、要花多少钱。<a class="btn small" href="/console/openings/new">新建招工</a></li>
<li><strong>发送</strong>：看过“发送前核算”和短信内容，点“发送”。工人回复 BM 就是报名，报名的人在招工页面里。<a class="btn small secondary" href="/console/openings">去招工页面</a></li>
</ol>
${
  staff
    ? html`<p>之后还可以在<a href="/console/reminders">提醒</a>里，按<dfn title="${EXPLAIN.属相街}">属相街</dfn>（赶集日）给一个<dfn title="${EXPLAIN.人群}">人群</dfn>定时发通知。</p>
<details class="explain"><summary>什么是属相街？</summary><p>${EXPLAIN.属相街}</p></details>
<details class="explain"><summary>什么是人群？</summary><p>${EXPLAIN.人群}</p></details>`
    : ''
}</section>`;
}

/** The overview: what went out today and this week, how it landed, openings nearly full, queue health. */
export const consoleOverviewRoutes: FastifyPluginAsync = async (app) => {
  const { employer, reminders, caseworker, cases } = app.ctx.services;
  const db = app.ctx.db;

  app.get('/', async (req, reply) => {
    const p = req.principal;
    const at = new Date();
    const { today, week } = periodStarts(at);
    // Scope comes from the services: only openings and reminders this user may see are counted.
    const openings = await employer.listOpenings(p, { limit: 500, offset: 0 });
    const rems = p.role === 'employer' ? [] : await reminders.listReminders(p);
    const openingIds = openings.map((o) => o.id);
    const reminderIds = rems.map((r) => r.id);
    // Charts: SMS and WeChat messages per day for 14 days (an admin: every message; others: their
    // sends' and reminders'), and registrations per week for 8 weeks in the user's area.
    const days = lastDays(at, 14);
    const weeks = lastWeeks(at, 8);
    const daySince = beijingStart(days[0]!);
    const scoped = p.role === 'admin' ? Prisma.empty : Prisma.sql`AND n.campaign_id IN (SELECT c.id FROM campaigns c WHERE c.opening_id = ANY(${openingIds}::int[]) OR c.reminder_id = ANY(${reminderIds}::int[]))`;
    // The independent counts at once (each its own query), not one after another.
    const [mine, caseCounts, firstRun, rows, perDay, perWeek] = await Promise.all([
      // A station's own people first: who is registered, and what happened to them this week.
      p.role === 'employer' ? null : caseworker.workerSummary(p, week),
      // Workers' reports (docs/cases.md): never shown to employers; a station with no divisions has none.
      p.role === 'admin' || (p.role === 'caseworker' && p.divisionPrefixes.length > 0) ? cases.counts(p) : null,
      // A station's first day: no workshop yet, so the overview says what to do first.
      employer.listWorkshops(p, { limit: 1, offset: 0 }).then((w) => w.length === 0),
      db.$queryRaw<({ kind: string; today: boolean; campaigns: bigint } & DeliveryCountColumns)[]>`
      SELECT CASE WHEN c.reminder_id IS NULL THEN 'broadcast' ELSE 'reminder' END AS kind,
             c.created_at >= ${today} AS today,
             count(DISTINCT c.id) AS campaigns, ${DELIVERY_COUNTS_SQL}
      FROM campaigns c LEFT JOIN notifications n ON n.campaign_id = c.id
      WHERE c.created_at >= ${week} AND (c.opening_id = ANY(${openingIds}::int[]) OR c.reminder_id = ANY(${reminderIds}::int[]))
      GROUP BY 1, 2`,
      db.$queryRaw<{ day: string; sent: bigint; delivered: bigint; failed: bigint }[]>`
        -- Columns are timestamp without time zone holding UTC: + 8 hours is the Beijing day (AT TIME ZONE would read them as Beijing time and shift the wrong way).
        SELECT to_char(coalesce(n.sent_at, n.created_at) + interval '8 hours', 'YYYY-MM-DD') AS day,
               count(*) FILTER (WHERE n.status IN ('sent', 'delivered')) AS sent,
               count(*) FILTER (WHERE n.status = 'delivered') AS delivered,
               count(*) FILTER (WHERE n.status = 'failed') AS failed
        FROM notifications n
        WHERE coalesce(n.sent_at, n.created_at) >= ${daySince} ${scoped}
        GROUP BY 1`,
      p.role === 'employer' ? null : caseworker.registrationsByWeek(p, beijingStart(weeks[0]!)),
    ]);
    const byDay = (k: 'sent' | 'delivered' | 'failed') => onDates(days, new Map(perDay.map((r) => [r.day, Number(r[k])])));
    const charts = html`<div class="charts">${barChart({
      id: 'chart-sends',
      title: '近 14 天每天发出的消息',
      labels: days.map((d) => d.slice(5)),
      unit: '条',
      series: [
        { name: '已发', cls: 'c-sent', values: byDay('sent') },
        { name: '送达', cls: 'c-delivered', values: byDay('delivered') },
        { name: '失败', cls: 'c-failed', values: byDay('failed') },
      ],
    })}${
      perWeek
        ? barChart({ id: 'chart-registrations', title: '近 8 周每周新登记的工人', labels: weeks.map((d) => `${d.slice(5)}起`), unit: '人', series: [{ name: '新登记', cls: 'c-new', values: onDates(weeks, perWeek) }] })
        : ''
    }</div>`;
    const sum = (kind: string, onlyToday: boolean) => {
      const rs = rows.filter((r) => r.kind === kind && (!onlyToday || r.today));
      const n = (k: 'campaigns' | 'sent' | 'delivered' | 'failed' | 'queued') => rs.reduce((a, r) => a + Number(r[k] ?? 0), 0);
      return { campaigns: n('campaigns'), sent: n('sent'), delivered: n('delivered'), failed: n('failed'), queued: n('queued') };
    };
    const open = openings.filter((o) => isLive(o, at));
    const hires = open.length
      ? await db.application.groupBy({ by: ['openingId', 'status'], where: { openingId: { in: open.map((o) => o.id) } }, _count: { _all: true } })
      : [];
    const count = (id: number, status?: string) => hires.filter((h) => h.openingId === id && (!status || h.status === status)).reduce((a, h) => a + h._count._all, 0);
    const nearlyFull = open
      .map((o) => ({ o, hired: count(o.id, 'hired'), applied: count(o.id) }))
      .filter((x) => x.hired / x.o.headcount >= 0.7 || x.applied >= x.o.headcount)
      .sort((a, b) => b.hired / b.o.headcount - a.hired / a.o.headcount)
      .slice(0, 10);
    const queues =
      p.role === 'employer'
        ? []
        : await Promise.all(
            queueNames.map(async (name) => ({ name, counts: await app.ctx.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed') })),
          );
    // The account's bill for today: every SMS sent, whoever it was for (admins see the account).
    const paid = p.role === 'admin' ? await smsPaidByKind(db, today, new Date(today.getTime() + DAY)) : null;
    const paidTotal = paid ? SMS_KINDS.reduce((a, k) => ({ messages: a.messages + paid[k].messages, segments: a.segments + paid[k].segments }), { messages: 0, segments: 0 }) : null;
    const card = (title: string, s: ReturnType<typeof sum>) =>
      html`<div class="card"><p class="muted">${title}</p><p class="stat">${s.campaigns} <small>次，已发 ${s.sent} 条</small></p>
<p>送达率 ${deliveryRate(s)} · 失败率 <strong class="${s.failed ? 'bad' : ''}">${pct(s.failed, s.sent + s.failed)}</strong>${s.queued ? html` · 排队 ${s.queued}` : ''}</p></div>`;
    return view(
      req,
      reply,
      { title: '概览', nav: '/console' },
      html`<h1>概览</h1>
${firstRun ? firstRunGuide(p.role !== 'employer') : ''}
${
  mine
    ? html`<div class="card" id="my-workers"><p class="muted">${p.role === 'admin' ? '全部工人' : '辖区的工人'}</p>
<p class="stat">${mine.total} <small>人登记，本周新增 ${mine.new}</small></p>
<p>接收中 ${mine.active} · 暂停 ${mine.paused} · 已退订 ${mine.optedOut}</p>
<p>本周：收到招工短信 ${mine.alerted} 人 · 报名 ${mine.applied} 人 · 录用 ${mine.hired} 人 · <a href="/console/workers">查看工人</a></p></div>`
    : ''
}
${
  caseCounts
    ? html`<div class="card" id="my-cases"><p class="muted">工人举报、欠薪</p><p class="stat">${caseCounts.open} <small>件未结</small></p>
<p>${caseCounts.overdue > 0 ? html`<strong class="warn">超期 ${caseCounts.overdue} 件</strong> · ` : ''}${caseCounts.held > 0 ? html`待审核的招工发送 ${caseCounts.held} 次 · ` : ''}<a href="/console/cases${caseCounts.overdue > 0 ? '?status=open&overdue=1' : ''}">查看案件</a></p></div>`
    : ''
}
<div class="grid">${card('今天的招工发送', sum('broadcast', true))}${card('本周的招工发送', sum('broadcast', false))}
${p.role === 'employer' ? '' : html`${card('今天的提醒', sum('reminder', true))}${card('本周的提醒', sum('reminder', false))}`}</div>
${
  paid && paidTotal
    ? html`<h2>今天发出的短信（全部，按类别）</h2>
${table(
  ['类别', '条数', '计费段数'],
  [
    ...SMS_KINDS.map((k) => html`<tr data-kind="${k}"><td>${SMS_KIND_NAMES[k]}</td><td>${paid[k].messages}</td><td>${paid[k].segments}</td></tr>`),
    html`<tr data-kind="total"><td><strong>合计</strong></td><td><strong>${paidTotal.messages}</strong></td><td><strong>${paidTotal.segments}</strong>（约 ${segmentCost(paidTotal.segments, app.ctx.config.SMS_PRICE_PER_SEGMENT).toFixed(2)} 元）</td></tr>`,
  ],
)}`
    : ''
}
<h2>趋势</h2>
${charts}
<h2>快招满的招工</h2>
${table(
  ['岗位', '招', '已录用', '报名'],
  nearlyFull.map((x) => html`<tr><td><a href="/console/openings/${x.o.id}">${x.o.code} ${x.o.title}</a></td><td>${x.o.headcount}</td><td>${x.hired}</td><td>${x.applied}</td></tr>`),
  '没有快招满的招工',
)}
<p class="muted">招工中 ${open.length} 个${rems.length ? html`；进行中的提醒 ${rems.filter((r) => r.status === 'active').length} 个，最近一次 ${fmtTime(rems.map((r) => r.nextRunAt).filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0])}` : ''}</p>
${
  queues.length
    ? html`<h2>队列</h2>${table(
        ['队列', '等待', '处理中', '延后', '失败'],
        queues.map(
          (q) => html`<tr><td>${labelOf(QUEUE_NAMES, q.name)}</td><td>${q.counts.waiting}</td><td>${q.counts.active}</td><td>${q.counts.delayed}</td><td class="${q.counts.failed ? 'bad' : ''}">${q.counts.failed}</td></tr>`,
        ),
      )}${p.role === 'admin' ? html`<p><a href="/console/queues">打开队列面板</a></p>` : ''}`
    : ''
}`,
    );
  });
};
