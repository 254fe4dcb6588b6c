import { describe, expect, it } from 'vitest';
import { isMatch, placeMatches, reachPrefix, skillMatches, type MatchableWorker } from '../../src/domain/matching.js';

const XINJIE = '532528102'; // 元阳县新街镇
const SHENGCUN = '532528102211'; // 新街镇胜村村委会
const NANSHA = '532528101'; // 元阳县南沙镇
const YUANYANG = '532528';
const MENGZI = '532503';

const worker = (over: Partial<MatchableWorker> = {}): MatchableWorker => ({
  status: 'active',
  phone: '13800000001',
  phoneInvalid: false,
  divisionCode: XINJIE,
  skills: ['缝纫'],
  ...over,
});

describe('minimum matching', () => {
  it('reaches the township for workshops and plants, the county for home piecework', () => {
    expect(reachPrefix('county_workshop', SHENGCUN)).toBe(XINJIE);
    expect(reachPrefix('village_plant', XINJIE)).toBe(XINJIE);
    expect(reachPrefix('home_workshop', XINJIE)).toBe(YUANYANG);
  });

  it('matches place by township, county-wide for home work, and for workers who named only their county', () => {
    expect(placeMatches(SHENGCUN, 'county_workshop', XINJIE)).toBe(true);
    expect(placeMatches(NANSHA, 'county_workshop', XINJIE)).toBe(false);
    expect(placeMatches(NANSHA, 'home_workshop', XINJIE)).toBe(true);
    expect(placeMatches(MENGZI, 'home_workshop', XINJIE)).toBe(false);
    expect(placeMatches(YUANYANG, 'county_workshop', XINJIE)).toBe(true);
    expect(placeMatches(null, 'home_workshop', XINJIE)).toBe(false);
  });

  it('matches skills; an opening without skills is general labour', () => {
    expect(skillMatches(['缝纫', '包装'], ['包装'])).toBe(true);
    expect(skillMatches(['编织'], ['缝纫'])).toBe(false);
    expect(skillMatches([], ['缝纫'])).toBe(false);
    expect(skillMatches([], [])).toBe(true);
    expect(skillMatches(['普工'], [])).toBe(true);
    expect(skillMatches(['缝纫'], [])).toBe(false);
  });

  it('skips workers who cannot receive an alert', () => {
    const o = { skills: ['缝纫'], form: 'county_workshop' as const, workshopDivision: XINJIE };
    expect(isMatch(worker(), o)).toBe(true);
    expect(isMatch(worker({ status: 'opted_out' }), o)).toBe(false);
    expect(isMatch(worker({ status: 'paused' }), o)).toBe(false);
    expect(isMatch(worker({ phone: null }), o)).toBe(false);
    expect(isMatch(worker({ phoneInvalid: true }), o)).toBe(false);
  });
});
