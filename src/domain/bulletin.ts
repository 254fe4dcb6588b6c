/**
 * Village bulletins (issue 16 §4, docs/bulletins.md): the open jobs that reach a township or a
 * village, as text a cadre reads over the loudspeaker at the 12:30 and 18:30 slots, and as the
 * rows of a notice for the village board. Pure: the bulletin service loads openings and names,
 * this decides which jobs a place hears about and how they are said.
 *
 * Which jobs: exactly the live openings (`isLive`) a worker registered at that place, with the
 * default range, could be alerted to (`placeFit` of src/domain/matching.ts): a county-town
 * workshop its township, a village plant its village (or township with reachTownship), home
 * piecework its delivery townships or county. Skills do not narrow a bulletin: everyone listens.
 */
import { placeFit, type WageUnitName, type WorkFormName } from './matching.js';
import { isLive, type OpeningStatusName } from './opening-life.js';

export const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The place a bulletin is for. */
export interface BulletinPlace {
  code: string;
  /** As people say it: 新街镇, 胜村. */
  name: string;
  level: 'township' | 'village';
}

export interface BulletinOpening {
  code: string;
  title: string;
  headcount: number;
  wageMin: number;
  wageMax: number;
  wageUnit: WageUnitName;
  status: OpeningStatusName;
  expiresAt: Date | null;
  dayLabour: boolean;
  startsAt: Date | null;
  createdAt: Date;
  form: WorkFormName;
  workshopName: string;
  workshopDivision: string;
  /** The workshop's village or township as people say it (胜村, 新街镇). */
  workshopPlace: string;
  reachTownship: boolean;
  deliveryTownships: readonly string[];
}

export interface BulletinContact {
  /** Who answers the phone: 新街镇就业站. */
  station: string;
  stationPhone: string | null;
  /** The number workers text (报名1003 to it); null when not configured. */
  smsNumber: string | null;
}

/** How many jobs a bulletin reads out before "还有N个岗位". */
export const BULLETIN_MAX_JOBS = 8;
export const BULLETIN_OPENING_LINE = '乡亲们，现在播报招工信息。';
/** Every bulletin ends with this line, whatever it lists. */
export const BULLETIN_CLOSING = '以上是今天的招工信息，报名不收任何费用，欢迎大家报名。';

// ---------------------------------------------------------------- numbers as spoken

const DIGIT = '零一二三四五六七八九';

/** 1–9999 in the usual reading; `liang` says 两 for a leading 2 before 百/千 (两千), as people count. */
function under10k(n: number, liang: boolean, leading: boolean): string {
  const units = ['千', '百', '十', ''];
  const ds = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  let started = false;
  ds.forEach((d, i) => {
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    const unit = units[i]!;
    // 十五, not 一十五, at the very start of the number.
    if (unit === '十' && d === 1 && !started && leading) out += '十';
    else if (d === 2 && liang && !started && (unit === '千' || unit === '百')) out += `两${unit}`;
    else out += DIGIT[d] + unit;
    started = true;
  });
  return out;
}

/**
 * An amount or a count as it is read aloud: 4500 → 四千五百, 12000 → 一万两千, 2000 → 两千
 * (`liang`, the default, for money and people; dates and clock hours say 二).
 */
export function spokenNumber(n: number, o: { liang?: boolean } = {}): string {
  const liang = o.liang ?? true;
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) return String(n);
  if (n === 0) return '零';
  if (n === 2 && liang) return '两';
  if (n >= 100_000_000) return [...String(n)].map((c) => DIGIT[Number(c)]).join('');
  const wan = Math.floor(n / 10_000);
  const rest = n % 10_000;
  if (wan === 0) return under10k(rest, liang, true);
  const head = wan === 2 && liang ? '两' : under10k(wan, liang, true);
  if (rest === 0) return `${head}万`;
  return `${head}万${rest < 1000 ? '零' : ''}${under10k(rest, liang, false)}`;
}

/** A code or a number read digit by digit, 1 as 幺 so it is not heard as 七: 1003 → 幺零零三. */
export function spokenDigits(s: string): string {
  return [...s].map((c) => (c === '1' ? '幺' : /\d/.test(c) ? DIGIT[Number(c)] : '')).join('');
}

/**
 * A phone number digit by digit in the groups people say it in, with a pause between them:
 * 13800000007 → 幺三八，零零零零，零零零七; 0873-5621234 → 零八七三，五六二幺二三四.
 */
export function spokenPhone(phone: string): string {
  const groups = phone.split(/[\s\-－—]+/).filter((g) => /\d/.test(g));
  const digits = groups.join('').replace(/\D/g, '');
  const parts = groups.length > 1 ? groups.map((g) => g.replace(/\D/g, '')) : digits.length === 11 && digits.startsWith('1') ? [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)] : [digits];
  return parts.map(spokenDigits).join('，');
}

/** Beijing calendar parts of an instant. */
function beijing(d: Date) {
  const b = new Date(d.getTime() + BEIJING_OFFSET_MS);
  return { y: b.getUTCFullYear(), m: b.getUTCMonth() + 1, d: b.getUTCDate(), h: b.getUTCHours(), min: b.getUTCMinutes() };
}

/** 12月3日 → 十二月三日 (Beijing date). */
export function spokenDate(d: Date): string {
  const p = beijing(d);
  return `${spokenNumber(p.m, { liang: false })}月${spokenNumber(p.d, { liang: false })}日`;
}

/** Clock time as said: 08:30 → 早上八点半, 14:00 → 下午两点, 19:05 → 晚上七点零五分 (Beijing). */
export function spokenTime(d: Date): string {
  const { h, min } = beijing(d);
  const period = h < 5 ? '凌晨' : h < 9 ? '早上' : h < 12 ? '上午' : h === 12 ? '中午' : h < 18 ? '下午' : '晚上';
  const h12 = h > 12 ? h - 12 : h;
  const hour = h12 === 2 ? '两' : spokenNumber(h12, { liang: false });
  const minutes = min === 0 ? '' : min === 30 ? '半' : min < 10 ? `零${spokenNumber(min, { liang: false })}分` : `${spokenNumber(min, { liang: false })}分`;
  return `${period}${hour}点${minutes}`;
}

/** Any Arabic numerals left in a name (3号车间) as spoken digits' reading: 三号车间. */
export function spokenText(s: string): string {
  return s.replace(/\d+/g, (m) => (m.length > 4 ? spokenDigits(m) : spokenNumber(Number(m), { liang: false })));
}

/** Pay as said: 月薪四千五百元到五千元, 日薪一百五十元, 计件，每件三元. */
export function spokenWage(min: number, max: number, unit: WageUnitName): string {
  const amount = (n: number) => `${spokenNumber(n)}元`;
  const range = min === max || min === 0 ? amount(max) : `${amount(min)}到${amount(max)}`;
  switch (unit) {
    case 'month':
      return `月薪${range}`;
    case 'day':
      return `日薪${range}`;
    case 'hour':
      return `每小时${range}`;
    case 'piece':
      return `计件，每件${range}`;
  }
}

/** A division's name as people say it: 胜村村委会 → 胜村, 新街村委会 → 新街村, 大田街社区 stays. */
export function spokenPlaceName(name: string): string {
  return name
    .replace(/(社区)?居民委员会$/, '社区')
    .replace(/村民委员会$|村委会$/, '村')
    .replace(/村村$/, '村')
    .replace(/^(.+?)(社区)社区$/, '$1$2');
}

// ---------------------------------------------------------------- which jobs

export interface BulletinJob extends BulletinOpening {
  /** Same village 30, same township 20, same county 10 (matching.ts): nearer jobs first. */
  closeness: number;
}

/**
 * The live openings a worker at `place` could be alerted to, best first: nearest, then most
 * people wanted, then newest, then code (stable).
 */
export function jobsFor(place: Pick<BulletinPlace, 'code'>, openings: readonly BulletinOpening[], now: Date): BulletinJob[] {
  const worker = { divisionCode: place.code, placeRange: 'township' as const };
  const found: { o: BulletinOpening; closeness: number; created: number }[] = [];
  for (const o of openings) {
    if (!isLive(o, now)) continue;
    const fit = placeFit(worker, { skills: [], form: o.form, workshopDivision: o.workshopDivision, reachTownship: o.reachTownship, deliveryTownships: o.deliveryTownships });
    if (fit.ok) found.push({ o, closeness: fit.closeness, created: o.createdAt.getTime() });
  }
  found.sort(
    (a, b) =>
      b.closeness - a.closeness ||
      b.o.headcount - a.o.headcount ||
      b.created - a.created ||
      a.o.code.length - b.o.code.length ||
      (a.o.code < b.o.code ? -1 : a.o.code > b.o.code ? 1 : 0),
  );
  return found.map((f) => ({ ...f.o, closeness: f.closeness }));
}

// ---------------------------------------------------------------- the text

const ORDINAL = (i: number) => `第${spokenNumber(i + 1, { liang: false })}个`;

/** How to apply by text for one code: 发短信 报名幺零零三 到 幺零六九…. */
function applyLine(code: string, contact: BulletinContact): string {
  const to = contact.smsNumber ? `，发到${spokenPhone(contact.smsNumber)}` : '，发到平时收招工短信的号码';
  return `编号${spokenDigits(code)}。要报名，请发短信：报名${spokenDigits(code)}${to}。`;
}

/** One job in short sentences. */
function jobSentences(j: BulletinJob, i: number, place: BulletinPlace, contact: BulletinContact, now: Date): string {
  const where = j.form === 'home_workshop' ? '活送到家里做' : j.workshopPlace === place.name ? '就在本地' : `在${j.workshopPlace}`;
  const parts = [
    `${ORDINAL(i)}：${spokenText(j.workshopName)}，${where}，招${spokenText(j.title)}，${spokenNumber(j.headcount)}个人。`,
    `${spokenWage(j.wageMin, j.wageMax, j.wageUnit)}。`,
  ];
  if (j.startsAt && j.startsAt > now) parts.push(`${spokenDate(j.startsAt)}${spokenTime(j.startsAt)}开工。`);
  if (j.expiresAt && !j.dayLabour) parts.push(`${spokenDate(j.expiresAt)}截止。`);
  parts.push(applyLine(j.code, contact));
  return parts.join('');
}

export interface RenderedBulletin {
  text: string;
  /** Jobs that reach the place (all of them, not only those read out). */
  jobs: BulletinJob[];
  /** How many were read out (the cap). */
  listed: number;
}

/**
 * The bulletin for `place` on the Beijing day of `day`: an opening line with the date, up to
 * `max` jobs, how many more there are, how to call the station, and the fixed closing line.
 */
export function renderBulletin(
  place: BulletinPlace,
  day: Date,
  openings: readonly BulletinOpening[],
  contact: BulletinContact,
  o: { now?: Date; max?: number } = {},
): RenderedBulletin {
  const now = o.now ?? day;
  const max = Math.max(1, o.max ?? BULLETIN_MAX_JOBS);
  const jobs = jobsFor(place, openings, now);
  const listed = Math.min(jobs.length, max);
  const lines: string[] = [`${BULLETIN_OPENING_LINE}今天是${spokenDate(day)}。`];
  if (jobs.length === 0) {
    lines.push(`${place.name}今天暂时没有招工信息。想找活的，可以发短信：岗位${contact.smsNumber ? `，发到${spokenPhone(contact.smsNumber)}` : ''}。`);
  } else {
    lines.push(`${place.name}附近有${spokenNumber(jobs.length)}个岗位在招人。`);
    jobs.slice(0, listed).forEach((j, i) => lines.push(jobSentences(j, i, place, contact, now)));
    if (jobs.length > listed) lines.push(`还有${spokenNumber(jobs.length - listed)}个岗位，请到${contact.station}查看。`);
  }
  lines.push(contact.stationPhone ? `想问清楚的，请打${contact.station}的电话：${spokenPhone(contact.stationPhone)}。` : `想问清楚的，请到${contact.station}问。`);
  lines.push(BULLETIN_CLOSING);
  return { text: lines.join('\n'), jobs, listed };
}

// ---------------------------------------------------------------- the notice's rows

const WAGE_UNIT: Record<WageUnitName, string> = { month: '月薪', day: '日薪', hour: '时薪', piece: '计件' };

export interface NoticeRow {
  code: string;
  title: string;
  workshop: string;
  place: string;
  wage: string;
  headcount: number;
  start: string;
}

/** A job as a row of the printed notice: digits here, the board is read, not heard. */
export function noticeRow(j: BulletinOpening): NoticeRow {
  const range = j.wageMin === j.wageMax || j.wageMin === 0 ? `${j.wageMax}` : `${j.wageMin}-${j.wageMax}`;
  const b = j.startsAt ? beijing(j.startsAt) : null;
  return {
    code: j.code,
    title: j.title,
    workshop: j.workshopName,
    place: j.form === 'home_workshop' ? '送活到家' : j.workshopPlace,
    wage: `${WAGE_UNIT[j.wageUnit]}${range}元${j.wageUnit === 'piece' ? '/件' : ''}`,
    headcount: j.headcount,
    start: b ? `${b.m}月${b.d}日 ${String(b.h).padStart(2, '0')}:${String(b.min).padStart(2, '0')}` : '',
  };
}

// ---------------------------------------------------------------- slots

/** A slot as "HH:MM" Beijing time. */
export const SLOT_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The instant of slot "12:30" on Beijing day "2026-12-03". */
export function slotInstant(day: string, slot: string): Date {
  const m = SLOT_RE.exec(slot);
  if (!m || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`bad day or slot: ${day} ${slot}`);
  return new Date(Date.parse(`${day}T${slot}:00Z`) - BEIJING_OFFSET_MS);
}

/** The Beijing day of an instant, "2026-12-03". */
export function beijingDay(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Slots whose bulletins should exist at `now`: those starting within `aheadMs` from now
 * (generation ahead of the slot), today's and tomorrow's, earliest first.
 */
export function slotsToPrepare(now: Date, slots: readonly string[], aheadMs: number): { day: string; slot: string; at: Date }[] {
  const today = beijingDay(now);
  const tomorrow = beijingDay(new Date(now.getTime() + 86_400_000));
  const out: { day: string; slot: string; at: Date }[] = [];
  for (const day of [today, tomorrow]) {
    for (const slot of slots) {
      const at = slotInstant(day, slot);
      if (at.getTime() > now.getTime() && at.getTime() - now.getTime() <= aheadMs) out.push({ day, slot, at });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}
