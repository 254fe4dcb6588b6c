import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { coded, zodMessage, type Coded } from './error-codes.js';

/**
 * Reminder schedules, all in Asia/Shanghai wall-clock time. Pure: the reminder service asks
 * `nextOccurrence` when to run next, and `bullmqRepeat` whether BullMQ can repeat it natively.
 */
export const TIMEZONE = 'Asia/Shanghai';
// Asia/Shanghai has had no daylight saving since 1991, so a fixed +8 h offset is exact.
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export const BRANCHES = '子丑寅卯辰巳午未申酉戌亥';
export const ZODIAC = '鼠牛虎兔龙蛇马羊猴鸡狗猪';
/** 2000-01-07 was a 甲子 day (docs/places-and-market-days.md, "Market days"): the day count of the sexagenary cycle starts there. */
const JIAZI_EPOCH_DAY = Date.UTC(2000, 0, 7) / DAY_MS;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, zodMessage('schedule.time_format', 'time as HH:MM (Beijing time), e.g. 09:30'));
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, zodMessage('schedule.date_format', 'date as YYYY-MM-DD'));

/** "狗街", "狗", "戌" or "戌日": a market day named by its animal or earthly branch. */
export function parseMarketDay(name: string): number | null {
  const s = name.trim().replace(/[街日天]$/u, '');
  if ([...s].length !== 1) return null;
  const i = ZODIAC.indexOf(s);
  if (i >= 0) return i;
  const j = BRANCHES.indexOf(s);
  return j >= 0 ? j : null;
}

export const scheduleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('once'),
    at: z.string().describe('Beijing time "YYYY-MM-DD HH:MM", or an ISO 8601 instant with offset'),
  }),
  z.object({ type: z.literal('cron'), expr: z.string().min(9).describe('5-field cron in Beijing time, e.g. "0 9 * * 1"') }),
  z.object({
    type: z.literal('every_n_days'),
    start: ymd.describe('first day (Beijing date)'),
    n: z.number().int().min(1).max(366),
    time: hhmm,
  }),
  z.object({
    type: z.literal('weekday'),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe('1 = Monday … 7 = Sunday'),
    time: hhmm,
  }),
  z.object({
    type: z.literal('market_day'),
    day: z.string().refine((s) => parseMarketDay(s) !== null, zodMessage('schedule.market_day', 'a market day such as 狗街, 狗 or 戌')).describe('属相街: 鼠街 … 猪街'),
    time: hhmm,
  }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
}

const dayNumber = (ld: LocalDate) => Date.UTC(ld.y, ld.m - 1, ld.d) / DAY_MS;
const fromDayNumber = (n: number): LocalDate => {
  const t = new Date(n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
/** The Beijing calendar day of an instant, as a day number. */
const localDay = (at: Date) => Math.floor((at.getTime() + OFFSET_MS) / DAY_MS);
const atLocal = (day: number, time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(day * DAY_MS + (h * 60 + m) * 60_000 - OFFSET_MS);
};
const parseYmd = (s: string): LocalDate => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};

/** Earthly branch index (0 = 子/鼠 … 11 = 亥/猪) of a Beijing calendar date. */
export function earthlyBranch(date: string | Date): number {
  const day = typeof date === 'string' ? dayNumber(parseYmd(date)) : localDay(date);
  return (((day - JIAZI_EPOCH_DAY) % 12) + 12) % 12;
}

/** "2026-11-29 09:00" in Beijing time (or an ISO instant with offset) to an instant; null if malformed. */
export function parseBeijingDateTime(s: string): Date | null {
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(s.trim());
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number) as number[];
    const ld = { y: y!, m: mo!, d: d! };
    const back = fromDayNumber(dayNumber(ld));
    if (back.m !== ld.m || back.d !== ld.d || h! > 23 || mi! > 59) return null;
    return atLocal(dayNumber(ld), `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`);
  }
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(s)) return null;
  const t = new Date(s);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** Beijing wall-clock "YYYY-MM-DD HH:MM" of an instant, for people to read. */
export function formatBeijing(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** How far ahead a date people type may lie: a year (and a day, for a leap year). */
export const YEAR_AHEAD_MS = 366 * 86_400_000;

/** A schedule's problems a person can fix (bad cron, date in the past…), or null when it is usable. */
export function scheduleProblem(s: Schedule, now: Date): Coded | null {
  switch (s.type) {
    case 'once': {
      const at = parseBeijingDateTime(s.at);
      if (!at) return coded('schedule.bad_time', 'schedule.at: expected Beijing time "YYYY-MM-DD HH:MM" or an ISO instant with offset');
      if (at.getTime() <= now.getTime()) return coded('schedule.in_past', `schedule.at: ${formatBeijing(at)} is in the past`);
      // A year ahead at most: 9999-01-01 is a typing slip, and a text that far out reaches nobody it meant to.
      return at.getTime() > now.getTime() + YEAR_AHEAD_MS ? coded('time.too_far', `schedule.at: ${formatBeijing(at)} is more than a year ahead`) : null;
    }
    case 'cron':
      // cron-parser also takes a leading seconds field; people mean the classic five.
      if (s.expr.trim().split(/\s+/).length !== 5) return coded('schedule.cron_fields', 'schedule.expr: use 5 fields (minute hour day-of-month month weekday)');
      try {
        CronExpressionParser.parse(s.expr, { tz: TIMEZONE, currentDate: now });
        return null;
      } catch (err) {
        return coded('schedule.bad_cron', `schedule.expr: ${(err as Error).message}`);
      }
    case 'every_n_days': {
      const ld = parseYmd(s.start);
      const back = fromDayNumber(dayNumber(ld));
      return back.m === ld.m && back.d === ld.d ? null : coded('schedule.bad_date', `schedule.start: ${s.start} is not a date`);
    }
    default:
      return null;
  }
}

/** The first run strictly after `after`, or null when the schedule has no more runs. */
export function nextOccurrence(s: Schedule, after: Date): Date | null {
  const today = localDay(after);
  const firstAfter = (days: Iterable<number>, time: string) => {
    for (const day of days) {
      const t = atLocal(day, time);
      if (t.getTime() > after.getTime()) return t;
    }
    return null;
  };
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  switch (s.type) {
    case 'once': {
      const at = parseBeijingDateTime(s.at);
      return at && at.getTime() > after.getTime() ? at : null;
    }
    case 'cron':
      return CronExpressionParser.parse(s.expr, { tz: TIMEZONE, currentDate: after }).next().toDate();
    case 'weekday': {
      // 1970-01-01 (day 0) was a Thursday: ISO weekday 4.
      const iso = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;
      return firstAfter(range(today, 8).filter((d) => s.weekdays.includes(iso(d))), s.time);
    }
    case 'every_n_days': {
      const start = dayNumber(parseYmd(s.start));
      const k = Math.max(0, Math.floor((today - start) / s.n));
      return firstAfter([start + k * s.n, start + (k + 1) * s.n, start + (k + 2) * s.n], s.time);
    }
    case 'market_day': {
      const branch = parseMarketDay(s.day)!;
      return firstAfter(range(today, 13).filter((d) => (((d - JIAZI_EPOCH_DAY) % 12) + 12) % 12 === branch), s.time);
    }
  }
}

/** The next `count` runs after `after`: the preview a caseworker checks before saving. */
export function upcomingOccurrences(s: Schedule, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let t: Date | null = after;
  while (out.length < count && (t = nextOccurrence(s, t))) out.push(t);
  return out;
}

/**
 * The cron pattern BullMQ's job scheduler can repeat natively (cron and weekday schedules),
 * or null for schedules whose next run the service must compute and delay explicitly.
 */
export function bullmqPattern(s: Schedule): string | null {
  if (s.type === 'cron') return s.expr.trim();
  if (s.type === 'weekday') {
    const [h, m] = s.time.split(':').map(Number);
    return `${m} ${h} * * ${[...new Set(s.weekdays.map((d) => d % 7))].sort((a, b) => a - b).join(',')}`;
  }
  return null;
}

/** A one-line Chinese description: "每逢狗街 09:00", "每3天 08:30（自2026-12-01起）". */
export function describeSchedule(s: Schedule): string {
  switch (s.type) {
    case 'once':
    {
      const at = parseBeijingDateTime(s.at);
      return `${at ? formatBeijing(at) : s.at} 一次`;
    }
    case 'cron':
      return `cron ${s.expr}（北京时间）`;
    case 'weekday':
      return `每周${s.weekdays.map((d) => '一二三四五六日'[d - 1]).join('、')} ${s.time}`;
    case 'every_n_days':
      return `每${s.n}天 ${s.time}（自${s.start}起）`;
    case 'market_day':
      return `每逢${ZODIAC[parseMarketDay(s.day)!]}街 ${s.time}`;
  }
}
