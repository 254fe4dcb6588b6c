/**
 * Who hears about an opening, and in what order. Everything here is pure: the match service
 * (services/matching/candidates.ts) narrows the candidates with indexed SQL (a superset), then runs
 * `evaluate` on each one, so the rules live in exactly one place and the dry run, the real
 * broadcast, the reverse match, the 岗位 reply and the benchmark's naive baseline all agree by
 * construction.
 */
export type WorkFormName = 'county_workshop' | 'village_plant' | 'home_workshop';
export type PlaceRangeName = 'village' | 'township' | 'county';
export type WageUnitName = 'month' | 'day' | 'hour' | 'piece';

export const GENERAL_LABOUR = '普工';

/** Division code prefix lengths: county 6, township 9, village 12. */
export const VILLAGE_CODE_LENGTH = 12;
export const TOWNSHIP_CODE_LENGTH = 9;
export const COUNTY_CODE_LENGTH = 6;

const RANGE_LENGTH: Record<PlaceRangeName, number> = {
  village: VILLAGE_CODE_LENGTH,
  township: TOWNSHIP_CODE_LENGTH,
  county: COUNTY_CODE_LENGTH,
};

/**
 * "A broader skill of the same family": a worker who lists the family's general skill is
 * offered its specific skills, ranked below workers with the exact skill. Listed by hand
 * (and checked against skills.ts families by a unit test) because most families have no
 * general skill: an ironer cannot sew, and a crop farmer is not a tobacco curer's equal in
 * every family — but in these two families the general skill really covers the specific ones.
 */
export const BROADER_SKILL: Readonly<Record<string, string>> = {
  编织: '手工', // 手工 (handwork) covers weaving piecework
  采摘: '种植', // 种植 is general farm work (农活, 务农): picking, tobacco and flower farms
  烤烟: '种植',
  花卉: '种植',
};

/** The skills whose holders an opening asking for `skills` reaches: exact ones and their broader ones. */
export function reachableSkills(openingSkills: readonly string[]): string[] {
  const specific = openingSkills.filter((s) => s !== GENERAL_LABOUR);
  const out = new Set(specific);
  for (const s of specific) {
    const broader = BROADER_SKILL[s];
    if (broader) out.add(broader);
  }
  return [...out];
}

export type SkillFit = { kind: 'exact' | 'broader' | 'general'; skill: string };

/**
 * Skill closeness: an opening with no skill (普工) reaches workers who want general work (普工
 * listed, or no skill at all); otherwise the worker has the exact skill, or its broader one.
 */
export function skillFit(workerSkills: readonly string[], openingSkills: readonly string[]): SkillFit | null {
  const specific = openingSkills.filter((s) => s !== GENERAL_LABOUR);
  if (specific.length === 0) {
    return workerSkills.length === 0 || workerSkills.includes(GENERAL_LABOUR) ? { kind: 'general', skill: GENERAL_LABOUR } : null;
  }
  const exact = specific.find((s) => workerSkills.includes(s));
  if (exact) return { kind: 'exact', skill: exact };
  for (const s of specific) {
    const broader = BROADER_SKILL[s];
    if (broader && workerSkills.includes(broader)) return { kind: 'broader', skill: broader };
  }
  return null;
}

/** Minimal skill predicate, kept for callers that only need yes or no. */
export function skillMatches(workerSkills: readonly string[], openingSkills: readonly string[]): boolean {
  return skillFit(workerSkills, openingSkills) !== null;
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A worker's km limit is capped (a daily commute in the hills) so the SQL can prefilter with a bounding box. */
export const MAX_DISTANCE_KM = 30;

/** Latitude/longitude box containing every point within `km` of the centre. */
export function boundingBox(lat: number, lng: number, km: number) {
  const dLat = km / 111.0;
  const dLng = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}

/** Prefix of `code` of at most `len` digits. */
const prefix = (code: string, len: number) => code.slice(0, Math.min(len, code.length));

/**
 * True when the worker's division is inside `area`, or the worker named a wider place that
 * contains it (a worker who only said "蒙自" hears about work anywhere in 蒙自).
 */
function inArea(workerDivision: string, area: string): boolean {
  return workerDivision.startsWith(area) || area.startsWith(workerDivision);
}

/**
 * The area an opening reaches by default: a county-town workshop its township (each worker's
 * own range then widens or narrows it), a village plant its village, home piecework the county.
 */
export function reachPrefix(form: WorkFormName, workshopDivision: string): string {
  const len = form === 'home_workshop' ? COUNTY_CODE_LENGTH : form === 'village_plant' ? VILLAGE_CODE_LENGTH : TOWNSHIP_CODE_LENGTH;
  return prefix(workshopDivision, len);
}

/** Minimal place predicate with default ranges (no coordinates), kept for simple callers. */
export function placeMatches(workerDivision: string | null, form: WorkFormName, workshopDivision: string): boolean {
  if (!workerDivision) return false;
  return placeFit({ divisionCode: workerDivision }, { form, workshopDivision, skills: [] }).ok;
}

export interface MatchableWorker {
  status: 'active' | 'paused' | 'opted_out';
  phone: string | null;
  phoneInvalid: boolean;
  divisionCode: string | null;
  skills: readonly string[];
  pausedUntil?: Date | null;
  latitude?: number | null;
  longitude?: number | null;
  /** Default township. */
  placeRange?: PlaceRangeName;
  maxDistanceKm?: number | null;
  /** Wanted work forms; empty means any. */
  workForms?: readonly WorkFormName[];
  wageFloor?: number | null;
  wageFloorUnit?: WageUnitName | null;
  returnee?: boolean;
}

export interface MatchableOpening {
  skills: readonly string[];
  form: WorkFormName;
  workshopDivision: string;
  workshopLatitude?: number | null;
  workshopLongitude?: number | null;
  /** Village plant: reach the township, not only the village. */
  reachTownship?: boolean;
  /** Home piecework: township codes work is delivered to; empty means the county. */
  deliveryTownships?: readonly string[];
  wageMax?: number;
  wageUnit?: WageUnitName;
  preferReturnees?: boolean;
}

export type PlaceFit =
  | { ok: true; label: string | null; km: number | null; closeness: number }
  | { ok: false; reason: 'no_place' | 'too_far' };

/** How close two division codes are, as a label and a score (same village beats same county). */
function divisionCloseness(workerDivision: string, workshopDivision: string): { label: string | null; closeness: number } {
  const shared = (len: number) => workerDivision.length >= len && workshopDivision.length >= len && prefix(workerDivision, len) === prefix(workshopDivision, len);
  if (shared(VILLAGE_CODE_LENGTH)) return { label: '同村', closeness: 30 };
  if (shared(TOWNSHIP_CODE_LENGTH)) return { label: '同乡镇', closeness: 20 };
  if (shared(COUNTY_CODE_LENGTH)) return { label: '同县', closeness: 10 };
  return { label: null, closeness: 5 };
}

/**
 * Place by work form. Home piecework: the delivery area (or the workshop's county). Workshops
 * and plants: the worker's km limit where both sides have coordinates, else the worker's range
 * (village / township / county); a village plant also never reaches past its own village, or
 * its township when the employer asks.
 */
export function placeFit(
  worker: Pick<MatchableWorker, 'divisionCode' | 'latitude' | 'longitude' | 'placeRange' | 'maxDistanceKm'>,
  opening: MatchableOpening,
): PlaceFit {
  const wd = worker.divisionCode;
  const od = opening.workshopDivision;
  const hasCoords =
    worker.latitude != null && worker.longitude != null && opening.workshopLatitude != null && opening.workshopLongitude != null;
  const km = hasCoords ? distanceKm(worker.latitude!, worker.longitude!, opening.workshopLatitude!, opening.workshopLongitude!) : null;
  const close = wd ? divisionCloseness(wd, od) : { label: null, closeness: 0 };

  if (opening.form === 'home_workshop') {
    if (!wd) return { ok: false, reason: 'no_place' };
    const area = opening.deliveryTownships?.length ? opening.deliveryTownships : [prefix(od, COUNTY_CODE_LENGTH)];
    if (!area.some((a) => inArea(wd, a))) return { ok: false, reason: 'too_far' };
    return { ok: true, label: close.label ?? '送货范围', km, closeness: close.closeness };
  }

  if (opening.form === 'village_plant') {
    if (!wd) return { ok: false, reason: 'no_place' };
    const plantReach = prefix(od, opening.reachTownship ? TOWNSHIP_CODE_LENGTH : VILLAGE_CODE_LENGTH);
    if (!inArea(wd, plantReach)) return { ok: false, reason: 'too_far' };
  }

  if (worker.maxDistanceKm != null && km !== null) {
    if (km > Math.min(worker.maxDistanceKm, MAX_DISTANCE_KM)) return { ok: false, reason: 'too_far' };
    return { ok: true, label: close.label, km, closeness: Math.max(close.closeness, Math.round(30 - km)) };
  }
  if (!wd) return { ok: false, reason: 'no_place' };
  if (!inArea(wd, prefix(od, RANGE_LENGTH[worker.placeRange ?? 'township']))) return { ok: false, reason: 'too_far' };
  return { ok: true, label: close.label, km, closeness: close.closeness };
}

// Like units only: a month is 26 working days of 8 hours, as Honghe workshops quote them.
// A piece rate cannot be compared with a time wage, so it never excludes anyone.
const HOURS_PER: Record<Exclude<WageUnitName, 'piece'>, number> = { hour: 1, day: 8, month: 26 * 8 };

/** True when the opening's best wage reaches the worker's floor, compared in the same unit. */
export function wageMeetsFloor(wageMax: number, unit: WageUnitName, floor: number | null | undefined, floorUnit: WageUnitName | null | undefined): boolean {
  if (floor == null || !floorUnit) return true;
  if (unit === floorUnit) return wageMax >= floor;
  if (unit === 'piece' || floorUnit === 'piece') return true;
  return (wageMax / HOURS_PER[unit]) * HOURS_PER[floorUnit] >= floor;
}

/** Why a worker was not alerted, in the order the checks run (the first failing one counts). */
export const SKIP_REASONS = [
  'opted_out',
  'paused',
  'no_phone',
  'phone_invalid',
  'skill',
  'no_place',
  'too_far',
  'work_form',
  'wage',
  'applied',
  'already_alerted',
  'capped',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What the database knows about a worker and this opening. */
export interface MatchHistory {
  applied: boolean;
  alertedForOpening: boolean;
  /** Job alerts queued or sent in the last 7 days. */
  recentAlerts: number;
  /** When the worker's latest job alert was created, if ever: ranking's tie-break. */
  lastAlertAt?: Date | null;
  /** A household the station marks as needing help first (脱贫户 / 监测户): graded priority. */
  priorityHousehold?: boolean;
  /** Waiting for work since: the last hire, else registration (零工市场: longest waiting first). */
  waitingSince?: Date | null;
}

export const NO_HISTORY: MatchHistory = { applied: false, alertedForOpening: false, recentAlerts: 0 };

export interface MatchRules {
  now: Date;
  /** Job alerts per worker per 7 days; 0 turns the cap off. */
  weeklyCap: number;
  /**
   * The worker asked (岗位): the answer goes back the way the question came, so the checks on
   * how an alert would reach them (a phone, a valid one) do not apply.
   */
  asked?: boolean;
}

export type Evaluation =
  | { ok: true; score: number; reasons: string[]; skill: string; km: number | null }
  | { ok: false; reason: SkipReason };

const SKILL_SCORE = { exact: 40, broader: 20, general: 40 } as const;
const RETURNEE_SCORE = 15;

/**
 * Graded priority (零工市场 rules, issue 17 §3): a marked household counts as much as a
 * village's closeness, so it goes ahead of equally fitting workers but not ahead of a worse
 * fit by skill; waiting counts 5 a month, up to 20 (four months and more).
 */
export const PRIORITY_HOUSEHOLD_SCORE = 25;
const WAITING_SCORE_PER_MONTH = 5;
const WAITING_SCORE_MAX = 20;
/** A month of waiting, as priority counts it. */
export const WAITING_MONTH_MS = 30 * 24 * 3600 * 1000;

/** Whole months waited (30 days each), and the score they earn. */
export function waitingBonus(since: Date | null | undefined, now: Date): { months: number; score: number } {
  if (!since) return { months: 0, score: 0 };
  const months = Math.max(0, Math.floor((now.getTime() - since.getTime()) / WAITING_MONTH_MS));
  return { months, score: Math.min(WAITING_SCORE_MAX, months * WAITING_SCORE_PER_MONTH) };
}

/**
 * The whole rule set for one worker and one opening: a skip reason, or a score with the
 * reasons shown to the employer ("缝纫·同乡镇·距离3km·近7天0条"). Score: skill closeness (exact
 * 40, broader 20), place closeness (same village 30 … or 30 − km), rotation (20 minus 7 per
 * alert in the last 7 days), returnee status when the opening asks for returnees, and graded
 * priority: a household the station marks (帮扶户优先) and months waited for work (待业N个月).
 */
export function evaluate(worker: MatchableWorker, opening: MatchableOpening, history: MatchHistory, rules: MatchRules): Evaluation {
  const skip = (reason: SkipReason): Evaluation => ({ ok: false, reason });
  if (worker.status === 'opted_out') return skip('opted_out');
  if (worker.status === 'paused' || (worker.pausedUntil && worker.pausedUntil > rules.now)) return skip('paused');
  if (!rules.asked && !worker.phone) return skip('no_phone');
  if (!rules.asked && worker.phoneInvalid) return skip('phone_invalid');
  const skill = skillFit(worker.skills, opening.skills);
  if (!skill) return skip('skill');
  const place = placeFit(worker, opening);
  if (!place.ok) return skip(place.reason);
  if (worker.workForms?.length && !worker.workForms.includes(opening.form)) return skip('work_form');
  if (opening.wageMax !== undefined && opening.wageUnit && !wageMeetsFloor(opening.wageMax, opening.wageUnit, worker.wageFloor, worker.wageFloorUnit)) {
    return skip('wage');
  }
  if (history.applied) return skip('applied');
  if (history.alertedForOpening) return skip('already_alerted');
  if (rules.weeklyCap > 0 && history.recentAlerts >= rules.weeklyCap) return skip('capped');

  const returnee = Boolean(opening.preferReturnees && worker.returnee);
  const waiting = waitingBonus(history.waitingSince, rules.now);
  const score =
    SKILL_SCORE[skill.kind] +
    place.closeness +
    Math.max(0, 20 - 7 * history.recentAlerts) +
    (returnee ? RETURNEE_SCORE : 0) +
    (history.priorityHousehold ? PRIORITY_HOUSEHOLD_SCORE : 0) +
    waiting.score;
  const reasons = [skill.kind === 'broader' ? `${skill.skill}(同类)` : skill.skill];
  if (place.label) reasons.push(place.label);
  if (place.km !== null) reasons.push(`距离${Math.round(place.km)}km`);
  reasons.push(`近7天${history.recentAlerts}条`);
  if (returnee) reasons.push('返乡');
  if (history.priorityHousehold) reasons.push('帮扶户优先');
  if (waiting.months > 0) reasons.push(`待业${waiting.months}个月`);
  return { ok: true, score, reasons, skill: skill.skill, km: place.km };
}

/** Minimal yes/no predicate (status, phone, skill, place), ignoring history and caps. */
export function isMatch(worker: MatchableWorker, opening: MatchableOpening, now = new Date()): boolean {
  return evaluate(worker, opening, NO_HISTORY, { now, weeklyCap: 0 }).ok;
}

export interface RankedMatch {
  workerId: number;
  score: number;
  reasons: string[];
  skill: string;
  divisionCode: string | null;
  lastAlertAt: Date | null;
}

/**
 * Best first: higher score, then the worker alerted longest ago (never alerted first), then
 * the lower id so the order is stable. Sorts in place and returns the array.
 */
export function rankMatches<T extends RankedMatch>(matches: T[]): T[] {
  return matches.sort(
    (a, b) =>
      b.score - a.score ||
      (a.lastAlertAt?.getTime() ?? -Infinity) - (b.lastAlertAt?.getTime() ?? -Infinity) ||
      a.workerId - b.workerId,
  );
}

/** Workers a wave alerts: the best min(all, headcount × factor), or everyone with sendToAll. */
export function waveSize(headcount: number, factor: number, sendToAll: boolean): number | null {
  return sendToAll ? null : Math.max(1, headcount * factor);
}

/**
 * When the next wave goes out, or null when it should not: day labour waves are minutes apart
 * and stop at the start time (the opening expires then); other openings wait hours.
 */
export function nextWaveAt(
  now: Date,
  opening: { dayLabour: boolean; startsAt: Date | null; expiresAt: Date | null },
  waits: { dayLabourMinutes: number; hours: number },
): Date | null {
  const at = new Date(now.getTime() + (opening.dayLabour ? waits.dayLabourMinutes * 60_000 : waits.hours * 3_600_000));
  const end = [opening.startsAt, opening.expiresAt].filter((d): d is Date => d !== null);
  return end.some((d) => at >= d) ? null : at;
}

export interface DigestItem {
  code: string;
  title: string;
  wage: string;
}

/**
 * Up to three openings in one SMS variable (≤ 35 characters): "1024缝纫工月薪4500元；1031包装…".
 * More openings beat wages: all with wages if they fit, else all without, else one fewer.
 */
export function formatDigest(items: readonly DigestItem[], max = 35): { text: string; count: number } {
  const fits = (t: string) => [...t].length <= max;
  for (let n = items.length; n >= 1; n--) {
    const some = items.slice(0, n);
    const full = some.map((i) => `${i.code}${i.title}${i.wage}`).join('；');
    if (fits(full)) return { text: full, count: n };
    const bare = some.map((i) => `${i.code}${i.title}`).join('；');
    if (fits(bare)) return { text: bare, count: n };
  }
  const first = items[0];
  return first ? { text: [...`${first.code}${first.title}`].slice(0, max).join(''), count: 1 } : { text: '', count: 0 };
}
