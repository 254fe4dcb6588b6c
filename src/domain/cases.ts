/**
 * Cases opened by a worker's report (举报, 欠薪), pure: the response deadline in working days,
 * which station works a case, when a new report joins an earlier case, and what the worker is
 * told. The service (src/services/stations/case-service.ts) does the I/O (docs/cases.md).
 */

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** How a case was closed, as stations choose it. */
export const CASE_OUTCOMES = ['resolved', 'referred', 'unverified', 'withdrawn'] as const;
export type CaseOutcomeName = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTCOME_LABELS: Record<CaseOutcomeName, string> = {
  resolved: '已解决',
  referred: '已转劳动监察',
  unverified: '无法核实',
  withdrawn: '工人撤回',
};

/** The worker's words kept on a case: a text is clipped when stored (inbound-text.ts); this is the case's own bound. */
export const CASE_WORDS_MAX = 1000;
/** A station's note. */
export const CASE_NOTE_MAX = 1000;
/** A report of the same opening (or of none) within this time joins the earlier case. */
export const CASE_JOIN_WINDOW_MS = DAY_MS;

/** Monday to Friday in Beijing time (public holidays are not known here: docs/cases.md). */
export function isWorkingDay(at: Date): boolean {
  const day = new Date(at.getTime() + BEIJING_MS).getUTCDay();
  return day !== 0 && day !== 6;
}

/**
 * The response deadline: `days` working days after the report, at the same time of day. A
 * report on a Friday afternoon with 3 days is due on Wednesday afternoon; one on a Saturday is
 * due on Wednesday too (Monday is its first working day).
 */
export function responseDeadline(reportedAt: Date, days: number): Date {
  let t = reportedAt.getTime();
  let left = Math.max(1, Math.floor(days));
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(new Date(t))) left--;
  }
  return new Date(t);
}

export function isOverdue(c: { status: string; dueAt: Date }, now: Date): boolean {
  return c.status === 'open' && c.dueAt.getTime() < now.getTime();
}

/** The number a worker and a station quote (AJ42): letters first, so it is never taken for a job code. */
export function caseNumber(id: number): string {
  return `AJ${id}`;
}

/** AJ42, aj 42, 42 → 42; null for anything else. */
export function parseCaseNumber(s: string): number | null {
  const m = /^\s*(?:aj)?\s*0*(\d{1,9})\s*$/i.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}

/**
 * The station that works a case: the worker's township, else the workshop's township, else the
 * worker's or the workshop's county (a county station then sees it), else none (admins only).
 */
export function caseDivision(workerDivision: string | null | undefined, workshopDivision: string | null | undefined): string | null {
  if (workerDivision && workerDivision.length >= 9) return workerDivision.slice(0, 9);
  if (workshopDivision && workshopDivision.length >= 9) return workshopDivision.slice(0, 9);
  const county = (workerDivision ?? workshopDivision ?? '').slice(0, 6);
  return county.length === 6 ? county : null;
}

/** The opening a report is about, when the worker gave no code: the only one they applied to or were hired for lately. */
export function impliedOpening<T extends { openingId: number; status: string }>(applications: readonly T[]): number | null {
  const hired = [...new Set(applications.filter((a) => a.status === 'hired').map((a) => a.openingId))];
  if (hired.length === 1) return hired[0] as number;
  if (hired.length > 1) return null;
  const any = [...new Set(applications.map((a) => a.openingId))];
  return any.length === 1 ? (any[0] as number) : null;
}

/**
 * The open case a new report joins: the same worker's case about the same opening (or the same
 * "no opening") opened within a day. With `full` (the worker opened their daily number of cases)
 * the latest open case of the day takes every further report, so a flood of texts cannot bury a
 * station under cases.
 */
export function caseToJoin<T extends { id: number; openingId: number | null; codeGiven: string | null; status: string; createdAt: Date }>(
  recent: readonly T[],
  report: { openingId: number | null; codeGiven: string | null },
  now: Date,
  full: boolean,
): T | null {
  const open = recent.filter((c) => c.status === 'open' && now.getTime() - c.createdAt.getTime() < CASE_JOIN_WINDOW_MS).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const same = open.find((c) => c.openingId === report.openingId && (report.openingId !== null || c.codeGiven === report.codeGiven || report.codeGiven === null));
  if (same) return same;
  return full ? (open[0] ?? null) : null;
}

/** The worker's words as kept: control characters out, spaces collapsed, clipped with a mark. */
export function caseWords(text: string, max = CASE_WORDS_MAX): string {
  const clean = text.replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}
