import { formatWage, type WageUnitName } from './opening-format.js';
import { clipVariable, renderTemplate, TEMPLATES } from './message-templates.js';
import { MULTIPART_SEGMENT_CHARS, SINGLE_SEGMENT_CHARS, smsLength, withSignature } from './sms-segments.js';

/**
 * An opening's terms, the things workers ask about before they say yes (docs/honest-posts.md):
 * when and where to start, pay type (the wage unit) and amount, pay day, meals, transport,
 * lodging, shifts, childcare, accident insurance; and whether a station checked the employer.
 * Pure: words for the alert (within its one segment) and for the full-terms reply.
 */

export const MEALS = ['provided', 'allowance'] as const;
export const LODGING = ['dorm', 'couple'] as const;
export type Meals = (typeof MEALS)[number];
export type Lodging = (typeof LODGING)[number];

export const MEALS_LABEL: Record<Meals, string> = { provided: '包吃', allowance: '餐补' };
export const LODGING_LABEL: Record<Lodging, string> = { dorm: '住宿', couple: '夫妻间' };

/** Longest pay day, start place and shifts an employer may type: short enough for an SMS. */
export const PAY_DAY_MAX = 12;
export const START_PLACE_MAX = 16;
export const SHIFTS_MAX = 12;

/** The terms of one opening as stored (null where an older row has none). */
export interface OpeningTerms {
  wageMin: number;
  wageMax: number;
  wageUnit: WageUnitName;
  dayLabour: boolean;
  startsAt: Date | null;
  startPlace: string | null;
  payDay: string | null;
  meals: string | null;
  lodging: string | null;
  transport: boolean;
  shifts: string | null;
  childcare: boolean;
  accidentInsurance: boolean;
}

/** What a station's check says of the employer (null: never checked). */
export interface EmployerCheck {
  verified: boolean;
  supportWorkshop?: boolean;
}

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** "7点", "7点半", "14点20分". */
function clock(b: Date): string {
  const m = b.getUTCMinutes();
  return `${b.getUTCHours()}点${m === 0 ? '' : m === 30 ? '半' : `${m}分`}`;
}

/**
 * When work starts, as a worker says it (Beijing time): 今早7点 / 今天14点, 明早7点 / 明天14点,
 * 后天7点, else 12月5日7点. Mornings (before noon) are 早.
 */
export function startLabel(startsAt: Date, now: Date): string {
  const b = new Date(startsAt.getTime() + BEIJING_MS);
  const days = Math.floor((startsAt.getTime() + BEIJING_MS) / DAY_MS) - Math.floor((now.getTime() + BEIJING_MS) / DAY_MS);
  const morning = b.getUTCHours() < 12;
  const time = clock(b);
  if (days === 0) return `${morning ? '今早' : '今天'}${time}`;
  if (days === 1) return `${morning ? '明早' : '明天'}${time}`;
  if (days === 2) return `后天${time}`;
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日${time}`;
}

/** 包吃住, 包吃、夫妻间, 餐补、住宿: meals and lodging in as few characters as workshops write them. */
function mealsAndLodging(t: Pick<OpeningTerms, 'meals' | 'lodging'>): string | null {
  const meals = t.meals && Object.hasOwn(MEALS_LABEL, t.meals) ? MEALS_LABEL[t.meals as Meals] : null;
  const lodging = t.lodging && Object.hasOwn(LODGING_LABEL, t.lodging) ? LODGING_LABEL[t.lodging as Lodging] : null;
  if (t.meals === 'provided' && t.lodging === 'dorm') return '包吃住';
  if (meals && lodging) return `${meals}${lodging === '住宿' ? '住' : `有${lodging}`}`;
  if (lodging) return lodging === '住宿' ? '包住' : `有${lodging}`;
  return meals;
}

/** Where and when work starts: 明早7点到新街村口, 12月5日7点开工, 到新街村口集合; null when neither is known. */
export function startText(t: Pick<OpeningTerms, 'startsAt' | 'startPlace'>, now: Date): string | null {
  const when = t.startsAt ? startLabel(t.startsAt, now) : null;
  if (when && t.startPlace) return `${when}到${t.startPlace}`;
  if (when) return `${when}开工`;
  if (t.startPlace) return `到${t.startPlace}集合`;
  return null;
}

/** The extras a worker weighs, in the order they are asked about. */
function extras(t: OpeningTerms): string[] {
  return [
    mealsAndLodging(t),
    t.transport ? '接送' : null,
    t.shifts,
    t.childcare ? '可带娃' : null,
    t.accidentInsurance ? '买意外险' : null,
  ].filter((s): s is string => Boolean(s));
}

/** Joins parts with '，' while they fit in `max` characters; `required` parts are always kept. */
export function fitParts(required: readonly string[], optional: readonly string[], max: number): string {
  const out = [...required];
  const len = () => smsLength(out.join('，'));
  for (const p of optional) {
    out.push(p);
    if (len() > max) out.pop();
  }
  return out.join('，');
}

/**
 * The pay and terms part of a job alert (the template's `${terms}`), at most `room` characters:
 * the wage always; a day-labour opening's start time always (a picker must know it starts
 * 明早7点); then 已核验, the pay day, meals and lodging, transport, shifts, childcare, insurance,
 * each only if it still fits. Aliyun caps a variable at 35 characters.
 */
export function alertTerms(t: OpeningTerms, check: EmployerCheck, now: Date, room: number): string {
  const wage = formatWage(t.wageMin, t.wageMax, t.wageUnit);
  const required = [wage];
  const optional: string[] = [];
  if (t.startsAt) (t.dayLabour ? required : optional).push(startLabel(t.startsAt, now));
  if (check.verified) optional.push('已核验');
  if (t.payDay) optional.push(t.payDay);
  optional.push(...extras(t));
  return fitParts(required, optional, Math.min(room, 35));
}

/** 每月15日发工资; 日结, 完工结 and 发工资… as written. */
function payDayText(payDay: string): string {
  return /结|发/.test(payDay) ? payDay : `${payDay}发工资`;
}

/** The full-terms reply goes in at most two segments (docs/honest-posts.md). */
export const DETAILS_MAX_SEGMENTS = 2;

/**
 * The full-terms reply (the opening_details template) for an opening: pay and pay day, where
 * and when to start, the extras and the station's check. Each variable within Aliyun's 35
 * characters, and the extras shortened until the whole text with its signature fits in
 * DETAILS_MAX_SEGMENTS segments.
 */
export function detailsParams(
  o: OpeningTerms & { code: string; title: string; workshop: string },
  check: EmployerCheck,
  now: Date,
  signName: string,
): { workshop: string; title: string; pay: string; start: string; extras: string; code: string } {
  const workshop = clipVariable(o.workshop);
  const title = clipVariable(o.title);
  const pay = fitParts([formatWage(o.wageMin, o.wageMax, o.wageUnit)], [o.payDay ? payDayText(o.payDay) : '发薪日未写明请问老板'], 35);
  const start = clipVariable(startText(o, now) ?? '开工时间地点请问老板');
  const checks = [check.verified ? '就业站已核验' : '就业站未核验', check.supportWorkshop ? '帮扶车间' : null].filter((s): s is string => Boolean(s));
  const more = extras(o);
  const used = smsLength(withSignature(signName, renderTemplate(TEMPLATES.opening_details.text, { workshop, title, pay, start, extras: '', code: o.code })));
  const room = Math.min(35, DETAILS_MAX_SEGMENTS * MULTIPART_SEGMENT_CHARS - used);
  const extrasText = fitParts(more.length ? [] : ['吃住等未写明'], [...more, ...checks], room);
  return { workshop, title, pay, start, extras: extrasText, code: o.code };
}

/**
 * The job alert's variables: the wage and as many terms as fit one segment with the signature
 * (the alert keeps its 拒收请回复R). Only a day-labour start may push it past one segment, and
 * only with names longer than any workshop uses (tests/unit/opening-terms.test.ts).
 */
export function jobAlertParams(
  o: OpeningTerms & { code: string; title: string; workshop: string; place: string },
  check: EmployerCheck,
  now: Date,
  signName: string,
): { workshop: string; place: string; title: string; terms: string; code: string } {
  const base = { workshop: clipVariable(o.workshop), place: clipVariable(o.place), title: clipVariable(o.title), code: o.code };
  const used = smsLength(withSignature(signName, renderTemplate(TEMPLATES.job_alert.text, { ...base, terms: '' })));
  return { ...base, terms: alertTerms(o, check, now, SINGLE_SEGMENT_CHARS - used) };
}

/**
 * The alert to a shared phone (docs/shared-phones.md): the same parts, plus whom it is for and
 * how each applies (household.ts sharedAlertParts); the terms get what room is left of one
 * segment, the wage always (several people named may need a second segment: still fewer than
 * one message each).
 */
export function sharedJobAlertParams(
  o: OpeningTerms & { code: string; title: string; workshop: string; place: string },
  check: EmployerCheck,
  now: Date,
  signName: string,
  parts: { who: string; reply: string },
): { who: string; reply: string; workshop: string; place: string; title: string; terms: string } {
  const base = { who: clipVariable(parts.who), reply: clipVariable(parts.reply), workshop: clipVariable(o.workshop), place: clipVariable(o.place), title: clipVariable(o.title) };
  const used = smsLength(withSignature(signName, renderTemplate(TEMPLATES.shared_job_alert.text, { ...base, terms: '' })));
  return { ...base, terms: alertTerms(o, check, now, SINGLE_SEGMENT_CHARS - used) };
}
