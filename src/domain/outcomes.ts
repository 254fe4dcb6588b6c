/**
 * The funnel of issue 17 §4, pure: what an alert led to (docs/outcomes.md). The SQL in
 * src/services/stations/outcomes.ts counts, per group of alerts, how many reached each step and
 * the median time the step took; these functions name the steps and groups, check the filters,
 * and shape counts into the rows, rates, durations and sentences the console and exports show.
 */

/** The steps in order: one alert, and what followed it. */
export const STEPS = ['alerted', 'delivered', 'replied', 'applied', 'hired', 'arrived', 'paid'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Record<Step, string> = {
  alerted: '发出通知',
  delivered: '送达',
  replied: '回复',
  applied: '报名',
  hired: '录用',
  arrived: '到岗',
  paid: '拿到工资',
};

/**
 * What each step's time is measured from (docs/outcomes.md): delivery, a reply and an
 * application from the alert; a hire from the application; arrival from the hire; pay from arrival.
 */
export const STEP_FROM: Record<Exclude<Step, 'alerted'>, Step> = {
  delivered: 'alerted',
  replied: 'alerted',
  applied: 'alerted',
  hired: 'applied',
  arrived: 'hired',
  paid: 'arrived',
};

/** How the funnel can be cut: one row per broadcast, opening, workshop, township, village or month. */
export const DIMENSIONS = ['broadcast', 'opening', 'workshop', 'township', 'village', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Record<Dimension, string> = {
  broadcast: '每次发送',
  opening: '岗位',
  workshop: '车间',
  township: '乡镇',
  village: '村',
  month: '月份',
};

/** Worker groups the funnel is split by; a worker can be in several (a returnee doing home work). */
export const GROUPS = ['all', 'returnee', 'home_work', 'priority', 'none'] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_LABELS: Record<Group, string> = {
  all: '全部',
  returnee: '返乡人员',
  home_work: '想做家庭作坊活',
  priority: '重点帮扶户',
  none: '不属于以上',
};

export type StepCounts = Record<Step, number>;
/** Median seconds each step took (null where no alert reached it); `alerted` is always null. */
export type StepMedians = Record<Step, number | null>;

/** One group of alerts as the SQL counts it. */
export interface FunnelCounts {
  key: string;
  counts: StepCounts;
  medians: StepMedians;
}

export interface FunnelRow extends FunnelCounts {
  label: string;
  /** Each step as a share of the alerts (0..1, null when nothing was sent). */
  ofAlerted: Record<Step, number | null>;
  /** Each step as a share of the step before it. */
  ofPrevious: Record<Step, number | null>;
}

export const emptyCounts = (): StepCounts => ({ alerted: 0, delivered: 0, replied: 0, applied: 0, hired: 0, arrived: 0, paid: 0 });
export const emptyMedians = (): StepMedians => ({ alerted: null, delivered: null, replied: null, applied: null, hired: null, arrived: null, paid: null });

const share = (n: number, of: number) => (of > 0 ? n / of : null);

/** A group's counts with rates and a label; `labels` names keys (opening codes, place names). */
export function funnelRow(c: FunnelCounts, labels: ReadonlyMap<string, string>): FunnelRow {
  const ofAlerted = Object.fromEntries(STEPS.map((s) => [s, share(c.counts[s], c.counts.alerted)])) as FunnelRow['ofAlerted'];
  const ofPrevious = Object.fromEntries(STEPS.map((s, i) => [s, i === 0 ? share(c.counts[s], c.counts[s]) : share(c.counts[s], c.counts[STEPS[i - 1]!])])) as FunnelRow['ofPrevious'];
  return { ...c, label: labels.get(c.key) ?? c.key, ofAlerted, ofPrevious };
}

/**
 * The table's rows: most alerts first, then by label; months and broadcasts newest first (their
 * keys sort by time), so a season reads from the latest month down.
 */
export function funnelTable(rows: readonly FunnelCounts[], by: Dimension, labels: ReadonlyMap<string, string>): FunnelRow[] {
  const shaped = rows.map((r) => funnelRow(r, labels));
  if (by === 'month') return shaped.sort((a, b) => b.key.localeCompare(a.key));
  if (by === 'broadcast') return shaped.sort((a, b) => Number(b.key) - Number(a.key));
  return shaped.sort((a, b) => b.counts.alerted - a.counts.alerted || a.label.localeCompare(b.label, 'zh-CN'));
}

/** The group split in GROUPS order, every group present (zeros where none). */
export function groupTable(rows: readonly FunnelCounts[]): FunnelRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return GROUPS.map((g) => funnelRow(byKey.get(g) ?? { key: g, counts: emptyCounts(), medians: emptyMedians() }, new Map(Object.entries(GROUP_LABELS))));
}

/** A duration for people: 45秒, 12分钟, 3.5小时, 2天. '—' when unknown. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.round(seconds)}秒`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}分钟`;
  if (seconds < 86_400) return `${Math.round((seconds / 3600) * 10) / 10}小时`;
  return `${Math.round((seconds / 86_400) * 10) / 10}天`;
}

/** A share as a percentage with one decimal, '—' when there is nothing to divide by. */
export const fmtShare = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

const DAY = 86_400_000;
const BEIJING = 8 * 3_600_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export const PERIODS = ['week', 'last_week', '30d', '90d', '365d', 'all'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = {
  week: '本周',
  last_week: '上周',
  '30d': '近30天',
  '90d': '近90天',
  '365d': '近一年',
  all: '全部',
};

/** The Monday (Beijing date) of the week `at` falls in. */
export function mondayOf(at: Date): string {
  const day = Math.floor((at.getTime() + BEIJING) / DAY);
  return new Date((day - ((new Date(day * DAY).getUTCDay() + 6) % 7)) * DAY).toISOString().slice(0, 10);
}

const startOf = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const validDate = (s: string) => DATE_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(Date.parse(`${s}T00:00:00Z`)).toISOString().startsWith(s);

/** Alerts sent in [from, to) are counted; `label` says which in Chinese. */
export interface Range {
  from: Date;
  to: Date;
  label: string;
}

/**
 * The period asked for: a preset, or from/to Beijing dates (both included). Junk falls back to
 * the last 90 days and says so in `error`, never a failure.
 */
export function periodRange(q: { period?: string; from?: string; to?: string }, now: Date): Range & { period: Period | 'custom'; error?: string } {
  const today = new Date(now.getTime() + BEIJING).toISOString().slice(0, 10);
  const end = startOf(addDays(today, 1));
  if (q.from || q.to) {
    const from = q.from ?? '2000-01-01';
    const to = q.to ?? today;
    if (validDate(from) && validDate(to) && from <= to) return { period: 'custom', from: startOf(from), to: startOf(addDays(to, 1)), label: `${from} 至 ${to}` };
    const r = periodRange({ period: '90d' }, now);
    return { ...r, error: '日期要写成 2026-12-01 这样，开始不能晚于结束；下面是近90天' };
  }
  const period = (PERIODS as readonly string[]).includes(q.period ?? '') ? (q.period as Period) : '90d';
  const monday = mondayOf(now);
  switch (period) {
    case 'week':
      return { period, from: startOf(monday), to: end, label: `本周（${monday} 起）` };
    case 'last_week':
      return { period, from: startOf(addDays(monday, -7)), to: startOf(monday), label: `上周（${addDays(monday, -7)} 至 ${addDays(monday, -1)}）` };
    case 'all':
      return { period, from: new Date(0), to: end, label: '全部' };
    default: {
      const days = Number(period.replace('d', ''));
      return { period, from: startOf(addDays(today, 1 - days)), to: end, label: `${PERIOD_LABELS[period]}（${addDays(today, 1 - days)} 至 ${today}）` };
    }
  }
}

/** The week a weekly summary covers: the one starting on the Monday given, else last week. */
export function weekRange(monday: string | undefined, now: Date): Range & { monday: string } {
  const thisMonday = mondayOf(now);
  const m = monday && validDate(monday) && mondayOf(startOf(monday)) === monday && monday <= thisMonday ? monday : addDays(thisMonday, -7);
  return { monday: m, from: startOf(m), to: startOf(addDays(m, 7)), label: `${m} 至 ${addDays(m, 6)}` };
}

export interface WeeklySummary {
  week: string;
  station: string;
  totals: StepCounts;
  previous: StepCounts;
  medians: StepMedians;
  /** One sentence per point, for the printed sheet and the JSON. */
  lines: string[];
}

/** A week in sentences: each step with its change from the week before, and the best openings. */
export function weeklySummary(o: {
  week: string;
  station: string;
  total: FunnelCounts;
  previous: FunnelCounts;
  openings: readonly FunnelRow[];
}): WeeklySummary {
  const t = o.total.counts;
  const p = o.previous.counts;
  const change = (s: Step) => {
    const d = t[s] - p[s];
    return d === 0 ? '与上周持平' : d > 0 ? `比上周多${d}` : `比上周少${-d}`;
  };
  const lines = [
    `发出招工通知${t.alerted}条（${change('alerted')}），送达${t.delivered}条（${fmtShare(share(t.delivered, t.alerted))}）。`,
    `工人回复${t.replied}人次，报名${t.applied}人（${change('applied')}），录用${t.hired}人（${change('hired')}）。`,
    `到岗${t.arrived}人，确认拿到工资${t.paid}人。`,
  ];
  if (o.total.medians.applied !== null) lines.push(`从收到通知到报名，一半的人用时不超过${fmtDuration(o.total.medians.applied)}。`);
  if (o.total.medians.hired !== null) lines.push(`从报名到录用，中位用时${fmtDuration(o.total.medians.hired)}。`);
  const best = o.openings.filter((r) => r.counts.hired > 0).sort((a, b) => b.counts.hired - a.counts.hired).slice(0, 3);
  if (best.length) lines.push(`录用最多的岗位：${best.map((r) => `${r.label}（${r.counts.hired}人）`).join('、')}。`);
  if (t.alerted === 0) lines.splice(0, lines.length, '本周没有发出招工通知。');
  return { week: o.week, station: o.station, totals: t, previous: p, medians: o.total.medians, lines };
}
