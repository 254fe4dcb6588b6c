import { describe, expect, it } from 'vitest';
import {
  BROADER_SKILL,
  distanceKm,
  evaluate,
  formatDigest,
  isMatch,
  NO_HISTORY,
  nextWaveAt,
  placeFit,
  placeMatches,
  rankMatches,
  reachPrefix,
  skillFit,
  skillMatches,
  waveSize,
  wageMeetsFloor,
  type MatchableOpening,
  type MatchableWorker,
  type MatchHistory,
  type RankedMatch,
} from '../../src/domain/matching.js';
import { isLive } from '../../src/domain/opening-life.js';
import { SKILLS } from '../../src/domain/skills.js';
import { codesUnder } from '../../src/services/matching/candidates.js';

const XINJIE = '532528102'; // 元阳县新街镇
const SHENGCUN = '532528102211'; // 新街镇胜村村委会
const OTHER_VILLAGE = '532528102212'; // another village of 新街镇
const NANSHA = '532528101'; // 元阳县南沙镇
const NANSHA_VILLAGE = '532528101201';
const YUANYANG = '532528';
const MENGZI = '532503';
const MENGZI_TOWN = '532503001';

const NOW = new Date('2026-11-29T03:00:00Z');
const RULES = { now: NOW, weeklyCap: 3 };

const worker = (over: Partial<MatchableWorker> = {}): MatchableWorker => ({
  status: 'active',
  phone: '13800000001',
  phoneInvalid: false,
  divisionCode: SHENGCUN,
  skills: ['缝纫'],
  ...over,
});
const opening = (over: Partial<MatchableOpening> = {}): MatchableOpening => ({
  skills: ['缝纫'],
  form: 'county_workshop',
  workshopDivision: XINJIE,
  wageMax: 4500,
  wageUnit: 'month',
  ...over,
});
const reasonOf = (w: Partial<MatchableWorker>, o: Partial<MatchableOpening> = {}, h: Partial<MatchHistory> = {}) => {
  const e = evaluate(worker(w), opening(o), { ...NO_HISTORY, ...h }, RULES);
  return e.ok ? 'ok' : e.reason;
};

describe('skills', () => {
  it('matches exact skills above the broader skill of the same family', () => {
    expect(skillFit(['缝纫', '包装'], ['包装'])).toEqual({ kind: 'exact', skill: '包装' });
    expect(skillFit(['手工'], ['编织'])).toEqual({ kind: 'broader', skill: '手工' });
    expect(skillFit(['种植'], ['采摘'])).toEqual({ kind: 'broader', skill: '种植' });
    expect(skillFit(['编织'], ['手工'])).toBeNull(); // narrower does not reach broader
    expect(skillFit(['整烫'], ['缝纫'])).toBeNull(); // same family, but an ironer cannot sew
    expect(skillFit(['编织'], ['缝纫'])).toBeNull();
    const exact = evaluate(worker({ skills: ['编织'] }), opening({ skills: ['编织'] }), NO_HISTORY, RULES);
    const broader = evaluate(worker({ skills: ['手工'] }), opening({ skills: ['编织'] }), NO_HISTORY, RULES);
    expect(exact.ok && broader.ok && exact.score > broader.score).toBe(true);
    expect(broader.ok && broader.reasons[0]).toBe('手工(同类)');
  });

  it('keeps every broader skill inside its own family', () => {
    const family = new Map(SKILLS.map((s) => [s.name, s.family]));
    for (const [skill, broader] of Object.entries(BROADER_SKILL)) expect(family.get(broader), skill).toBe(family.get(skill));
  });

  it('offers 普工 openings to workers who want general work, and only those to workers with no skill', () => {
    expect(skillMatches([], [])).toBe(true);
    expect(skillMatches(['普工'], [])).toBe(true);
    expect(skillMatches(['普工', '缝纫'], ['普工'])).toBe(true);
    expect(skillMatches(['缝纫'], [])).toBe(false);
    expect(skillMatches([], ['缝纫'])).toBe(false);
  });
});

describe('place', () => {
  it('reaches by default: workshops their township, village plants their village, home work the county', () => {
    expect(reachPrefix('county_workshop', SHENGCUN)).toBe(XINJIE);
    expect(reachPrefix('village_plant', SHENGCUN)).toBe(SHENGCUN);
    expect(reachPrefix('home_workshop', XINJIE)).toBe(YUANYANG);
    expect(placeMatches(SHENGCUN, 'county_workshop', XINJIE)).toBe(true);
    expect(placeMatches(NANSHA, 'county_workshop', XINJIE)).toBe(false);
    expect(placeMatches(NANSHA, 'home_workshop', XINJIE)).toBe(true);
    expect(placeMatches(MENGZI, 'home_workshop', XINJIE)).toBe(false);
    expect(placeMatches(YUANYANG, 'county_workshop', XINJIE)).toBe(true); // named only the county
    expect(placeMatches(null, 'home_workshop', XINJIE)).toBe(false);
  });

  it("applies each worker's range to county-town workshops", () => {
    const ws = opening({ workshopDivision: SHENGCUN });
    expect(placeFit({ divisionCode: OTHER_VILLAGE, placeRange: 'village' }, ws)).toMatchObject({ ok: false, reason: 'too_far' });
    expect(placeFit({ divisionCode: SHENGCUN, placeRange: 'village' }, ws)).toMatchObject({ ok: true, label: '同村' });
    expect(placeFit({ divisionCode: OTHER_VILLAGE }, ws)).toMatchObject({ ok: true, label: '同乡镇' });
    expect(placeFit({ divisionCode: NANSHA_VILLAGE }, ws)).toMatchObject({ ok: false, reason: 'too_far' });
    expect(placeFit({ divisionCode: NANSHA_VILLAGE, placeRange: 'county' }, ws)).toMatchObject({ ok: true, label: '同县' });
    expect(placeFit({ divisionCode: MENGZI_TOWN, placeRange: 'county' }, ws)).toMatchObject({ ok: false, reason: 'too_far' });
  });

  it('uses great-circle distance against the km limit where both sides have coordinates', () => {
    expect(distanceKm(23.0, 103.0, 24.0, 103.0)).toBeCloseTo(111.2, 0);
    expect(distanceKm(23.37, 103.38, 23.37, 103.38)).toBe(0);
    const ws = opening({ workshopDivision: MENGZI_TOWN, workshopLatitude: 23.37, workshopLongitude: 103.38 });
    // 0.1° of latitude ≈ 11 km: inside a 15 km limit, even across a county line; outside 10 km.
    const near = { divisionCode: NANSHA_VILLAGE, latitude: 23.47, longitude: 103.38 };
    expect(placeFit({ ...near, maxDistanceKm: 15 }, ws)).toMatchObject({ ok: true, label: null });
    expect(placeFit({ ...near, maxDistanceKm: 10 }, ws)).toMatchObject({ ok: false, reason: 'too_far' });
    // Without the worker's coordinates the km limit cannot be used: the range decides.
    expect(placeFit({ divisionCode: NANSHA_VILLAGE, maxDistanceKm: 15 }, ws)).toMatchObject({ ok: false, reason: 'too_far' });
    const e = evaluate(worker({ ...near, maxDistanceKm: 15 }), ws, NO_HISTORY, RULES);
    expect(e.ok && e.reasons).toEqual(['缝纫', '距离11km', '近7天0条']);
  });

  it('lets a village plant reach its township only when the employer asks', () => {
    const plant = opening({ form: 'village_plant', workshopDivision: SHENGCUN });
    expect(placeFit({ divisionCode: SHENGCUN }, plant).ok).toBe(true);
    expect(placeFit({ divisionCode: OTHER_VILLAGE }, plant)).toMatchObject({ ok: false, reason: 'too_far' });
    expect(placeFit({ divisionCode: OTHER_VILLAGE }, { ...plant, reachTownship: true }).ok).toBe(true);
    // A worker who keeps to the village is not reached by the township-wide plant elsewhere.
    expect(placeFit({ divisionCode: OTHER_VILLAGE, placeRange: 'village' }, { ...plant, reachTownship: true }).ok).toBe(false);
  });

  it('delivers home piecework to the county, or to the townships the employer names', () => {
    const home = opening({ form: 'home_workshop', workshopDivision: XINJIE });
    expect(placeFit({ divisionCode: NANSHA_VILLAGE, placeRange: 'village' }, home).ok).toBe(true);
    expect(placeFit({ divisionCode: MENGZI_TOWN }, home).ok).toBe(false);
    const area = { ...home, deliveryTownships: [NANSHA, MENGZI_TOWN] };
    expect(placeFit({ divisionCode: NANSHA_VILLAGE }, area)).toMatchObject({ ok: true, label: '同县' });
    expect(placeFit({ divisionCode: MENGZI_TOWN }, area)).toMatchObject({ ok: true, label: '送货范围' });
    expect(placeFit({ divisionCode: SHENGCUN }, area)).toMatchObject({ ok: false, reason: 'too_far' });
  });
});

describe('wage floors compare like units', () => {
  it('compares in the same unit, converts time units, and never excludes on a piece rate', () => {
    expect(wageMeetsFloor(4500, 'month', 4000, 'month')).toBe(true);
    expect(wageMeetsFloor(3500, 'month', 4000, 'month')).toBe(false);
    expect(wageMeetsFloor(150, 'day', 3500, 'month')).toBe(true); // 150 × 26 = 3900
    expect(wageMeetsFloor(120, 'day', 3500, 'month')).toBe(false); // 3120
    expect(wageMeetsFloor(3000, 'month', 150, 'day')).toBe(false); // ≈115 a day
    expect(wageMeetsFloor(5, 'piece', 150, 'day')).toBe(true);
    expect(wageMeetsFloor(5, 'piece', 6, 'piece')).toBe(false);
    expect(wageMeetsFloor(100, 'day', null, null)).toBe(true);
  });
});

describe('every skip reason', () => {
  it('names the first rule a worker fails', () => {
    expect(reasonOf({})).toBe('ok');
    expect(reasonOf({ status: 'opted_out' })).toBe('opted_out');
    expect(reasonOf({ status: 'paused' })).toBe('paused');
    expect(reasonOf({ pausedUntil: new Date(NOW.getTime() + 86_400_000) })).toBe('paused');
    expect(reasonOf({ pausedUntil: new Date(NOW.getTime() - 1) })).toBe('ok'); // the pause has ended
    expect(reasonOf({ phone: null })).toBe('no_phone');
    expect(reasonOf({ phoneInvalid: true })).toBe('phone_invalid');
    expect(reasonOf({ skills: ['编织'] })).toBe('skill');
    expect(reasonOf({ divisionCode: null })).toBe('no_place');
    expect(reasonOf({ divisionCode: NANSHA_VILLAGE })).toBe('too_far');
    expect(reasonOf({ workForms: ['home_workshop'] })).toBe('work_form');
    expect(reasonOf({ workForms: ['home_workshop', 'county_workshop'] })).toBe('ok');
    expect(reasonOf({ wageFloor: 5000, wageFloorUnit: 'month' })).toBe('wage');
    expect(reasonOf({}, {}, { applied: true })).toBe('applied');
    expect(reasonOf({}, {}, { alertedForOpening: true })).toBe('already_alerted');
    expect(reasonOf({}, {}, { recentAlerts: 3 })).toBe('capped');
    expect(reasonOf({}, {}, { recentAlerts: 2 })).toBe('ok');
    expect(evaluate(worker(), opening(), { ...NO_HISTORY, recentAlerts: 9 }, { now: NOW, weeklyCap: 0 }).ok).toBe(true);
    expect(isMatch(worker({ status: 'paused' }), opening())).toBe(false);
  });
});

describe('scoring and ranking', () => {
  const score = (w: Partial<MatchableWorker>, o: Partial<MatchableOpening> = {}, h: Partial<MatchHistory> = {}) => {
    const e = evaluate(worker(w), opening(o), { ...NO_HISTORY, ...h }, RULES);
    if (!e.ok) throw new Error(e.reason);
    return e;
  };

  it('ranks closer places, fewer recent alerts and (when asked) returnees higher, and says why', () => {
    const ws = { workshopDivision: SHENGCUN };
    expect(score({ divisionCode: SHENGCUN }, ws).score).toBeGreaterThan(score({ divisionCode: OTHER_VILLAGE }, ws).score);
    expect(score({}, {}, { recentAlerts: 0 }).score).toBeGreaterThan(score({}, {}, { recentAlerts: 1 }).score);
    expect(score({}, {}, { recentAlerts: 1 }).score).toBeGreaterThan(score({}, {}, { recentAlerts: 2 }).score);
    expect(score({ returnee: true }, { preferReturnees: true }).score).toBeGreaterThan(score({ returnee: false }, { preferReturnees: true }).score);
    expect(score({ returnee: true }).score).toBe(score({ returnee: false }).score);
    expect(score({ returnee: true }, { preferReturnees: true }).reasons).toEqual(['缝纫', '同乡镇', '近7天0条', '返乡']);
  });

  it('breaks ties by the oldest last alert (never alerted first), then by id', () => {
    const m = (workerId: number, score: number, lastAlertAt: Date | null): RankedMatch => ({
      workerId, score, lastAlertAt, reasons: [], skill: '缝纫', divisionCode: null,
    });
    const ranked = rankMatches([m(1, 50, new Date('2026-11-20')), m(2, 50, null), m(3, 60, new Date()), m(4, 50, new Date('2026-11-01')), m(5, 50, null)]);
    expect(ranked.map((r) => r.workerId)).toEqual([3, 2, 5, 4, 1]);
  });

  it('rotates alerts over several openings, and caps a worker at N a week', () => {
    // Twelve equal workers, ten openings in a week, each wave alerting three: the pure rules
    // alone must spread the alerts over everyone before anyone hears twice.
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const recent = new Map(ids.map((id) => [id, 0]));
    const last = new Map<number, Date | null>(ids.map((id) => [id, null]));
    const heard: number[][] = [];
    for (let k = 0; k < 10; k++) {
      const at = new Date(NOW.getTime() + k * 3_600_000);
      const matches: RankedMatch[] = [];
      for (const id of ids) {
        const e = evaluate(worker(), opening(), { ...NO_HISTORY, recentAlerts: recent.get(id)! }, { now: at, weeklyCap: 2 });
        if (e.ok) matches.push({ workerId: id, score: e.score, reasons: e.reasons, skill: e.skill, divisionCode: null, lastAlertAt: last.get(id)! });
      }
      const wave = rankMatches(matches).slice(0, 3).map((m) => m.workerId);
      for (const id of wave) {
        recent.set(id, recent.get(id)! + 1);
        last.set(id, at);
      }
      heard.push(wave);
    }
    expect(new Set(heard.slice(0, 4).flat()).size).toBe(12); // four openings: twelve different people
    expect(heard[4]).toEqual([1, 2, 3]); // then round again, longest-waiting first
    expect(heard.slice(8)).toEqual([[], []]); // 12 × 2 alerts went out in 8 waves: now all are capped
    expect(Math.max(...recent.values())).toBe(2);
  });
});

describe('waves and digests', () => {
  it('sizes waves as headcount × factor, or everyone', () => {
    expect(waveSize(4, 5, false)).toBe(20);
    expect(waveSize(4, 5, true)).toBeNull();
  });

  it('spaces waves a day apart, day labour minutes apart until its start time', () => {
    const waits = { dayLabourMinutes: 30, hours: 24 };
    expect(nextWaveAt(NOW, { dayLabour: false, startsAt: null, expiresAt: null }, waits)).toEqual(new Date(NOW.getTime() + 86_400_000));
    const startsAt = new Date(NOW.getTime() + 45 * 60_000);
    expect(nextWaveAt(NOW, { dayLabour: true, startsAt, expiresAt: startsAt }, waits)).toEqual(new Date(NOW.getTime() + 30 * 60_000));
    expect(nextWaveAt(new Date(NOW.getTime() + 20 * 60_000), { dayLabour: true, startsAt, expiresAt: startsAt }, waits)).toBeNull();
    expect(nextWaveAt(NOW, { dayLabour: false, startsAt: null, expiresAt: new Date(NOW.getTime() + 3_600_000) }, waits)).toBeNull();
  });

  it('lists up to three openings in 35 characters, dropping wages before openings', () => {
    const a = { code: '1024', title: '缝纫工', wage: '月薪4500元' };
    const b = { code: '1031', title: '包装工', wage: '日薪150元' };
    const c = { code: '1040', title: '刺绣计件工', wage: '计件2-5元/件' };
    expect(formatDigest([a, b])).toEqual({ text: '1024缝纫工月薪4500元；1031包装工日薪150元', count: 2 });
    expect(formatDigest([a, b, c])).toEqual({ text: '1024缝纫工；1031包装工；1040刺绣计件工', count: 3 });
    expect(formatDigest([{ code: '1', title: '很'.repeat(40), wage: '' }]).text).toHaveLength(35);
    expect(formatDigest([])).toEqual({ text: '', count: 0 });
  });
});

describe('division lists for the candidate scans', () => {
  it('takes a division and everything under it from the sorted codes', () => {
    const codes = ['532503', '532503001', '532503001001', '532528', '532528101', '532528101201', '532528102', '532528102211', '532528102212'].sort();
    expect(codesUnder(codes, XINJIE)).toEqual([XINJIE, SHENGCUN, OTHER_VILLAGE]);
    expect(codesUnder(codes, YUANYANG)).toHaveLength(6);
    expect(codesUnder(codes, SHENGCUN)).toEqual([SHENGCUN]);
    expect(codesUnder(codes, '532599')).toEqual([]);
  });
});

describe('asked and live', () => {
  it('drops only the phone checks for a worker who asked: the answer goes back the way the question came', () => {
    const o = opening();
    expect(evaluate(worker({ phone: null }), o, NO_HISTORY, RULES)).toEqual({ ok: false, reason: 'no_phone' });
    expect(evaluate(worker({ phone: null }), o, NO_HISTORY, { ...RULES, asked: true }).ok).toBe(true);
    expect(evaluate(worker({ phoneInvalid: true }), o, NO_HISTORY, { ...RULES, asked: true }).ok).toBe(true);
    expect(evaluate(worker({ status: 'paused' }), o, NO_HISTORY, { ...RULES, asked: true })).toEqual({ ok: false, reason: 'paused' });
    expect(evaluate(worker({ wageFloor: 9000, wageFloorUnit: 'month' }), o, NO_HISTORY, { ...RULES, asked: true })).toEqual({ ok: false, reason: 'wage' });
  });

  it('is live while open, before its expiry and, for day labour, before the start', () => {
    const hour = 3_600_000;
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    const o = { status: 'open' as const, expiresAt: null, dayLabour: false, startsAt: null };
    expect(isLive(o, NOW)).toBe(true);
    expect(isLive({ ...o, status: 'filled' }, NOW)).toBe(false);
    expect(isLive({ ...o, expiresAt: at(hour) }, NOW)).toBe(true);
    expect(isLive({ ...o, expiresAt: NOW }, NOW)).toBe(false);
    expect(isLive({ ...o, dayLabour: true, startsAt: at(-hour), expiresAt: at(hour) }, NOW)).toBe(false);
    expect(isLive({ ...o, dayLabour: false, startsAt: at(-hour) }, NOW)).toBe(true);
  });
});
