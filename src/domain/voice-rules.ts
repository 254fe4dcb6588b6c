import { beijingMinuteOfDay } from './quiet-hours.js';

/**
 * The rules of a voice alert (docs/aliyun-voice.md), pure: when a call may be placed (calling
 * hours and Aliyun's per-number frequency limits), what the receipt's status code means, what
 * a key press asks for, and the variables the approved TTS template takes.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A calling window in Beijing minutes of the day, [start, end). */
export interface CallWindow {
  start: number;
  end: number;
}

/**
 * Public mode (no display number of our own) is refused 12:00–14:00 and 21:00–09:00 Beijing
 * time (docs/aliyun-voice.md, "Calling hours"): the hours in which it may call.
 */
export const PUBLIC_MODE_WINDOWS: readonly CallWindow[] = [
  { start: 9 * 60, end: 12 * 60 },
  { start: 14 * 60, end: 21 * 60 },
];

/** Parses "09:00-12:00,14:00-21:00" into windows; throws a clear error on anything else. */
export function parseCallWindows(text: string): CallWindow[] {
  const windows = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(part);
      if (!m) throw new Error(`"${part}" is not a window like 09:00-12:00`);
      const start = Number(m[1]) * 60 + Number(m[2]);
      const end = Number(m[3]) * 60 + Number(m[4]);
      if (end <= start || end > 24 * 60) throw new Error(`"${part}": the end must come after the start on the same day`);
      return { start, end };
    })
    .sort((a, b) => a.start - b.start);
  if (windows.length === 0) throw new Error('at least one calling window is needed');
  for (let i = 1; i < windows.length; i++) {
    if (windows[i]!.start < windows[i - 1]!.end) throw new Error('calling windows overlap');
  }
  return windows;
}

/** Whether every window lies inside the hours public mode allows. */
export function insidePublicHours(windows: readonly CallWindow[]): boolean {
  return windows.every((w) => PUBLIC_MODE_WINDOWS.some((p) => w.start >= p.start && w.end <= p.end));
}

/** The first moment at or after `at` inside a calling window (Beijing time). */
export function nextCallingTime(at: Date, windows: readonly CallWindow[]): Date {
  const minute = beijingMinuteOfDay(at);
  if (windows.some((w) => minute >= w.start && minute < w.end)) return at;
  const dayStart = at.getTime() - (at.getTime() + 8 * HOUR_MS) % DAY_MS;
  const later = windows.find((w) => w.start > minute);
  return later ? new Date(dayStart + later.start * MINUTE_MS) : new Date(dayStart + DAY_MS + windows[0]!.start * MINUTE_MS);
}

/**
 * Aliyun's limits per called number (one qualification and purpose): 1 call a minute, 5 an
 * hour, 20 in 24 hours; failed calls count too (docs/aliyun-voice.md, "Frequency limits").
 */
export const VOICE_NUMBER_LIMITS: readonly { windowMs: number; max: number }[] = [
  { windowMs: MINUTE_MS, max: 1 },
  { windowMs: HOUR_MS, max: 5 },
  { windowMs: DAY_MS, max: 20 },
];

/**
 * The first moment at or after `at` when one more call to a number placed at `past` stays
 * within every limit (sliding windows: a call frees its slot once it is older than the window).
 */
export function nextAllowedCall(past: readonly Date[], at: Date, limits = VOICE_NUMBER_LIMITS): Date {
  let t = at.getTime();
  const times = past.map((d) => d.getTime()).sort((a, b) => b - a); // newest first
  for (let guard = 0; guard < 4; guard++) {
    let moved = false;
    for (const { windowMs, max } of limits) {
      // A call stamped a moment after `at` (another process's clock, a call being placed) counts too.
      const inside = times.filter((x) => x > t - windowMs);
      if (inside.length >= max) {
        // The oldest of the `max` newest calls must leave the window.
        const leaving = inside[max - 1]!;
        t = leaving + windowMs + 1;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return new Date(t);
}

/** What a call's final status code says (docs/aliyun-voice.md, "Status codes"). */
export interface CallOutcome {
  answered: boolean;
  /** A short Chinese reason for caseworkers, for calls not answered. */
  reason: string | null;
}

const FAILURE_REASONS: Readonly<Record<string, string>> = {
  '200002': '占线',
  '200003': '未接听',
  '200004': '号码不存在',
  '200005': '无法接通',
  '200006': '语音文件有误',
  '200007': '不在服务区',
  '200008': '按键超时',
  '200010': '关机',
  '200011': '停机',
  '200012': '呼叫受限',
  '200118': '运营商时段限呼',
  '200119': '运营商超频限呼',
  '200121': '呼叫超并发',
};

/** 200000 (heard it all) and 200001 (hung up early) are answered calls; 200008 too (answered, no key). */
export function callOutcome(statusCode: string): CallOutcome {
  if (statusCode === '200000' || statusCode === '200001' || statusCode === '200008') return { answered: true, reason: null };
  return { answered: false, reason: FAILURE_REASONS[statusCode] ?? '呼叫失败' };
}

/** The intermediate codes of VoiceCallReport (dial, ring, answer, hang-up, keys): not a final result. */
export const INTERMEDIATE_CODES: ReadonlySet<string> = new Set(['200100', '200101', '200102', '200201', '300000']);

/** What the worker asked for by keys in an IVR call: the first of 1, 2, 9 pressed. */
export type KeyChoice = 'apply' | 'decline' | 'stop_calls';

export function keyChoice(dtmf: string | null | undefined): KeyChoice | null {
  for (const ch of dtmf ?? '') {
    if (ch === '1') return 'apply';
    if (ch === '2') return 'decline';
    if (ch === '9') return 'stop_calls';
  }
  return null;
}

/** The approved TTS template's variables (job, place, pay, code), from an alert's SMS variables. */
export interface VoiceVariables {
  job: string;
  place: string;
  pay: string;
  code: string;
}

export function voiceVariables(alert: Readonly<Record<string, string>>): VoiceVariables {
  const workshop = alert.workshop ?? '';
  const place = alert.place ?? '';
  return {
    job: alert.title ?? '',
    place: workshop ? `${place}${workshop}` : place,
    // The alert's terms (docs/honest-posts.md) lead with the wage and add what else fits in 35
    // characters (start, 已核验, pay day…): all worth hearing. `wage` is the older alert's variable.
    pay: alert.terms ?? alert.wage ?? '',
    code: alert.code ?? '',
  };
}

/**
 * What the call says, as kept in the ledger (the TTS template registered with Aliyun reads the
 * same, docs/aliyun-voice.md): the code is read digit by digit.
 */
export function voiceScript(v: VoiceVariables, withKeys: boolean): string {
  const code = [...v.code].join(' ');
  const how = withKeys ? '报名请按1，不需要请按2，以后不要再打电话请按9。' : `报名请回短信BM${v.code}，不要再打电话请回短信不要打电话。`;
  return `您好，这里是归雁就业。${v.place}招${v.job}，${v.pay}。岗位号${code}。${how}`;
}

/** Cost in yuan of `calls` calls at `pricePerCall`, rounded to the fen. */
export function callCost(calls: number, pricePerCall: number): number {
  return Math.round(calls * pricePerCall * 100) / 100;
}
