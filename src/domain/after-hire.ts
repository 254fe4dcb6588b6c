import type { QuietHours } from '../config.js';
import { isQuiet, quietHoursEnd, SHANGHAI_OFFSET_MS } from './quiet-hours.js';

/**
 * What follows a hire (issue 17 §3, docs/after-hire.md), pure: when each of the three texts to
 * the worker is due, what it says, and whether a text back answers the one that is open.
 *
 * - `start_reminder`: the evening before the start, the time and place;
 * - `arrival`: after the start time, 回1已到岗 2没去成;
 * - `pay`: the day after the first pay day, 回1工资已到账 2没拿到.
 */
export const AFTER_HIRE_QUESTIONS = ['start_reminder', 'arrival', 'pay'] as const;
export type AfterHireQuestion = (typeof AFTER_HIRE_QUESTIONS)[number];
/** The questions a worker answers by text (the start reminder asks nothing). */
export type OpenQuestionKind = Exclude<AfterHireQuestion, 'start_reminder'>;

/** The dedupe key of a question's message: one per application and question, ever. */
export const afterHireKey = (applicationId: number, q: AfterHireQuestion) => `after-hire:${applicationId}:${q}`;

/**
 * The start reminder's key names the start it was for (the minute, and the place when the hirer
 * gave one): a start or place changed after the reminder went makes a new key, so the worker is
 * told again. A key without them (written before this rule) stands for whatever start it was.
 */
export function startReminderKey(applicationId: number, startAt: Date, startPlace: string | null): string {
  const place = startPlace ? `:${[...startPlace].reduce((h, ch) => (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0, 7).toString(36)}` : '';
  return `${afterHireKey(applicationId, 'start_reminder')}:${Math.floor(startAt.getTime() / 60_000)}${place}`;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Beijing clock times the texts are due at (minutes of the day). */
export const AFTER_HIRE_TIMES = {
  /** The start reminder: 18:00 the day before, when people plan the next day and before quiet hours. */
  eveMinute: 18 * 60,
  /** The pay question: 10:00 the day after the first pay day, when a transfer made on the day has landed. */
  payMinute: 10 * 60,
  /** The arrival question when no start time is known: 10:00 the day after the hire. */
  noStartMinute: 10 * 60,
} as const;

/** The arrival question goes this long after the start time (the worker is there, or clearly not). */
export const ARRIVAL_DELAY_MS = 2 * HOUR_MS;
/** No start reminder closer to the start than this: the hirer told the worker in person. */
export const REMINDER_LEAD_MS = HOUR_MS;
/** A question not asked within this long of its due time lapses (a pause, an outage); answers are taken as long. */
export const ASK_WINDOW_MS: Record<AfterHireQuestion, number> = { start_reminder: 0, arrival: 3 * DAY_MS, pay: 14 * DAY_MS };
/** How long after a hire the sweep still looks at it: past any pay question's window. */
export const FOLLOW_UP_DAYS = 120;

export interface HireTerms {
  hiredAt: Date;
  /** When the worker starts; null when neither the hirer nor the opening said. */
  startAt: Date | null;
  /** The first pay day (any moment of that Beijing day); null when not given. */
  firstPayAt: Date | null;
}

/** Midnight (Beijing) of the Beijing day `at` falls on, plus `days` days and `minute` minutes. */
export function beijingDayAt(at: Date, days: number, minute: number): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  return new Date(midnight - SHANGHAI_OFFSET_MS + days * DAY_MS + minute * 60_000);
}

/** A Beijing calendar day ("2026-12-05") as the moment it starts. */
export function beijingDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - SHANGHAI_OFFSET_MS);
  // 2026-02-31 rolls over: not a day.
  return beijingDayString(d) === day ? d : null;
}

/** A Beijing wall-clock time as a form's datetime-local gives it ("2026-12-05T07:30"). */
export function beijingDateTime(local: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/.exec(local.trim());
  const day = m ? beijingDay(m[1]!) : null;
  if (!m || !day || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return new Date(day.getTime() + (Number(m[2]) * 60 + Number(m[3])) * 60_000);
}

export function beijingDayString(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * When a question may go: from `from` (moved past quiet hours) until `until`; null when it is
 * never asked for these terms (no start time for a reminder, no pay day for the pay question).
 */
export function questionWindow(q: AfterHireQuestion, t: HireTerms, quiet: QuietHours | null): { from: Date; until: Date } | null {
  const within = (from: Date, until: Date) => {
    const f = quietHoursEnd(from, quiet);
    return f.getTime() < until.getTime() ? { from: f, until } : null;
  };
  switch (q) {
    case 'start_reminder': {
      if (!t.startAt) return null;
      const eve = beijingDayAt(t.startAt, -1, AFTER_HIRE_TIMES.eveMinute);
      // Hired after the eve (this morning for this afternoon): the reminder goes at once.
      const from = eve.getTime() < t.hiredAt.getTime() ? t.hiredAt : eve;
      return within(from, new Date(t.startAt.getTime() - REMINDER_LEAD_MS));
    }
    case 'arrival': {
      const from = t.startAt
        ? new Date(Math.max(t.startAt.getTime(), t.hiredAt.getTime()) + ARRIVAL_DELAY_MS)
        : beijingDayAt(t.hiredAt, 1, AFTER_HIRE_TIMES.noStartMinute);
      return within(from, new Date(from.getTime() + ASK_WINDOW_MS.arrival));
    }
    case 'pay': {
      if (!t.firstPayAt) return null;
      const from = beijingDayAt(t.firstPayAt, 1, AFTER_HIRE_TIMES.payMinute);
      return within(from, new Date(from.getTime() + ASK_WINDOW_MS.pay));
    }
  }
}

/** The questions due at `at` (never inside quiet hours), of those not asked or answered yet. */
export function dueQuestions(t: HireTerms, pending: readonly AfterHireQuestion[], at: Date, quiet: QuietHours | null): AfterHireQuestion[] {
  if (isQuiet(at, quiet)) return [];
  return pending.filter((q) => {
    const w = questionWindow(q, t, quiet);
    return w !== null && w.from.getTime() <= at.getTime() && at.getTime() < w.until.getTime();
  });
}

/** "12月5日7:30" in Beijing time. */
export function formatStart(at: Date): string {
  const b = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日${b.getUTCHours()}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
}

/** Clips to `max` characters (code points), marking the cut. */
function clip(s: string, max: number): string {
  const chars = [...s.replace(/\s+/g, '')];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Caps on the variables, so that each text is one segment with the signature at its longest
 * (tests/unit/sms-text.test.ts checks the sums against the templates).
 */
export const AFTER_HIRE_LIMITS = { place: 18, title: 10, job: 16 } as const;

/** The job as the questions name it: the workshop and the title, clipped. */
export function jobName(workshop: string, title: string): string {
  return clip(`${workshop}${title}`, AFTER_HIRE_LIMITS.job);
}

export function reminderParams(startAt: Date, place: string, title: string): { start: string; place: string; title: string } {
  return { start: formatStart(startAt), place: clip(place, AFTER_HIRE_LIMITS.place), title: clip(title, AFTER_HIRE_LIMITS.title) };
}

/** The employer's notice that a hired worker did not go (docs/after-hire.md): the place may be filled again. */
export function noShowParams(title: string, code: string, phone: string): { title: string; code: string; phone: string } {
  return { title: clip(title, AFTER_HIRE_LIMITS.title), code, phone };
}

/** The hire's default start place: the workshop and its township (docs/after-hire.md). */
export function defaultStartPlace(workshop: string, township: string | null): string {
  return township ? `${township}${workshop}` : workshop;
}

// Answers, on the text with spaces and punctuation removed. A leading 1 or 2 followed by the
// words of the choice (1已到岗, 2没拿到) is the same answer; a digit alone is taken only when
// no chat dialog of the worker's own is open (its menus take bare numbers).
const ANSWERS: Record<OpenQuestionKind, { yes: RegExp; no: RegExp }> = {
  arrival: {
    yes: /^(?:1|一)?(?:已到岗|到岗了?|到了|到啦|已到|已经到了?|去了|去啦|已去|来了|上班了|开工了|在上班|在干了|干上了|上岗了|已上岗)$/u,
    no: /^(?:2|二)?(?:没去成?|没有去成?|没去了|去不了|没能去|不去了|没到岗?|没有到|没上班|没上岗|没有)$/u,
  },
  pay: {
    yes: /^(?:1|一)?(?:工资)?(?:已到账|到账了?|已经到账了?|发了|已发|发了工资|工资发了|收到了?|拿到了?|已拿到|已经拿到了?|领到了?|已结|结了)$/u,
    no: /^(?:2|二)?(?:工资)?(?:没拿到(?:工资)?|没有拿到(?:工资)?|没到账|还没到账|没发(?:工资)?|还没发|没有发|没收到|还没收到|没给(?:工资)?|还没给|没领到|没结|没有)$/u,
  },
};

/**
 * Whether a text answers an open question: 'yes' (1), 'no' (2), or null when it is something
 * else. `bareDigits`: a 1 or 2 alone counts (the worker is in no chat dialog of their own).
 */
export function readAnswer(q: OpenQuestionKind, text: string, bareDigits: boolean): 'yes' | 'no' | null {
  const compact = text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
  if (compact === '1' || compact === '2') return bareDigits ? (compact === '1' ? 'yes' : 'no') : null;
  if (ANSWERS[q].yes.test(compact)) return 'yes';
  if (ANSWERS[q].no.test(compact)) return 'no';
  return null;
}

/** Whether a text could answer some question after a hire (a cheap test before a database read). */
export function mayAnswerAfterHire(text: string, intent: string): boolean {
  return intent === 'report' || readAnswer('arrival', text, true) !== null || readAnswer('pay', text, true) !== null;
}
