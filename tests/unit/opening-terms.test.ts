import { describe, expect, it } from 'vitest';
import { renderMessage, TEMPLATES } from '../../src/domain/message-templates.js';
import { shortPlaceName } from '../../src/domain/opening-format.js';
import { alertTerms, DETAILS_MAX_SEGMENTS, detailsParams, jobAlertParams, startLabel, type OpeningTerms } from '../../src/domain/opening-terms.js';
import { countSegments, smsLength, withSignature } from '../../src/domain/sms-segments.js';
import { benchmarkByUnit, benchmarkLine, benchmarkPay, median } from '../../src/domain/wage-benchmark.js';
import { heldReasonText, reviewHold } from '../../src/domain/employer-review.js';

const SIGN = '归雁就业';
// 2026-12-02 15:00 Beijing.
const NOW = new Date('2026-12-02T07:00:00Z');
const beijing = (s: string) => new Date(`${s}+08:00`);

const none: OpeningTerms = {
  wageMin: 120, wageMax: 150, wageUnit: 'day', dayLabour: false, startsAt: null, startPlace: null, payDay: null,
  meals: null, lodging: null, transport: false, shifts: null, childcare: false, accidentInsurance: false,
};
const all: OpeningTerms = {
  ...none, dayLabour: true, startsAt: beijing('2026-12-03T07:00:00'), startPlace: '新街村口大榕树', payDay: '日结',
  meals: 'provided', lodging: 'dorm', transport: true, shifts: '长白班', childcare: true, accidentInsurance: true,
};
// The longest names the message templates are tested with (tests/unit/sms-text.test.ts).
const longNames = { workshop: '金平梯田手工刺绣合作社', place: shortPlaceName('金平苗族瑶族傣族自治县', '老集寨乡'), title: '刺绣计件工', code: '10245' };

describe('start time, as a worker says it', () => {
  it('says 今早, 明早, 明天, 后天 or the date, in Beijing time', () => {
    expect(startLabel(beijing('2026-12-02T16:30:00'), NOW)).toBe('今天16点半');
    expect(startLabel(beijing('2026-12-03T07:00:00'), NOW)).toBe('明早7点');
    expect(startLabel(beijing('2026-12-03T14:20:00'), NOW)).toBe('明天14点20分');
    expect(startLabel(beijing('2026-12-04T06:00:00'), NOW)).toBe('后天6点');
    expect(startLabel(beijing('2026-12-15T07:30:00'), NOW)).toBe('12月15日7点半');
    // Just after midnight Beijing, 07:00 the same day is 今早.
    expect(startLabel(beijing('2026-12-03T07:00:00'), beijing('2026-12-03T00:10:00'))).toBe('今早7点');
  });
});

describe('terms in the job alert (one segment with the signature)', () => {
  it('a day-labour alert says when it starts, then as many terms as fit', () => {
    const p = jobAlertParams({ ...all, workshop: '新街制衣', place: '元阳新街镇', title: '采茶工', code: '1003' }, { verified: true }, NOW, SIGN);
    const text = renderMessage('job_alert', p).text;
    expect(text).toContain('日薪120-150元，明早7点');
    expect(text).toContain('已核验');
    expect(text).toContain('拒收请回复R');
    expect(countSegments(withSignature(SIGN, text))).toBe(1);
    expect(smsLength(withSignature(SIGN, text))).toBeLessThanOrEqual(70);
  });

  it('at the longest names keeps the wage and the start and drops what does not fit', () => {
    const p = jobAlertParams({ ...all, ...longNames }, { verified: true }, NOW, SIGN);
    const full = withSignature(SIGN, renderMessage('job_alert', p).text);
    expect(p.terms.startsWith('日薪120-150元，明早7点')).toBe(true);
    expect(countSegments(full)).toBe(1);
    expect(full.endsWith('拒收请回复R')).toBe(true);
  });

  it('without terms is the alert it always was', () => {
    const p = jobAlertParams({ ...none, wageMin: 3500, wageMax: 5000, wageUnit: 'month', workshop: '新街制衣', place: '元阳新街镇', title: '缝纫工', code: '1003' }, { verified: false }, NOW, SIGN);
    expect(renderMessage('job_alert', p).text).toBe('新街制衣在元阳新街镇招缝纫工，月薪3500-5000元。回BM1003报名，拒收请回复R');
  });

  it('never passes the room it is given (nor 35 characters), the wage kept', () => {
    for (let room = 0; room <= 50; room++) {
      const t = alertTerms(all, { verified: true }, NOW, room);
      expect(t.startsWith('日薪120-150元，明早7点')).toBe(true);
      if (room >= 16) expect(smsLength(t)).toBeLessThanOrEqual(Math.min(room, 35));
    }
    // A start that is not day labour is optional: gone when there is no room.
    expect(alertTerms({ ...all, dayLabour: false }, { verified: false }, NOW, 10)).toBe('日薪120-150元');
  });
});

describe('the full terms (1003, 详情1003): at most two segments', () => {
  it('names every term, the pay day and the station check', () => {
    const p = detailsParams({ ...all, workshop: '新街制衣', title: '采茶工', code: '1003' }, { verified: true, supportWorkshop: true }, NOW, SIGN);
    const text = renderMessage('opening_details', p).text;
    expect(text).toBe('新街制衣招采茶工：日薪120-150元，日结；明早7点到新街村口大榕树；包吃住，接送，长白班，可带娃，买意外险，就业站已核验，帮扶车间。回BM1003报名');
    expect(countSegments(withSignature(SIGN, text))).toBeLessThanOrEqual(DETAILS_MAX_SEGMENTS);
  });

  it('says what is not known on an old opening', () => {
    const p = detailsParams({ ...none, wageMin: 3500, wageMax: 5000, wageUnit: 'month', workshop: '新街制衣', title: '缝纫工', code: '1003' }, { verified: false }, NOW, SIGN);
    expect(renderMessage('opening_details', p).text).toBe('新街制衣招缝纫工：月薪3500-5000元，发薪日未写明请问老板；开工时间地点请问老板；吃住等未写明，就业站未核验。回BM1003报名');
  });

  it('stays within two segments at the longest names and every term', () => {
    const p = detailsParams({ ...all, payDay: '每月15日', shifts: '两班倒上六休一每月', startPlace: '金平县老集寨乡政府门口大榕', workshop: '金平梯田手工刺绣合作社金平梯田手工刺绣', title: '刺绣计件工刺绣计件工刺绣计件工刺绣计件', code: '102456' }, { verified: true, supportWorkshop: true }, NOW, SIGN);
    const full = withSignature(SIGN, renderMessage('opening_details', p).text);
    expect(countSegments(full), full).toBeLessThanOrEqual(2);
    expect(full).toContain('每月15日发工资');
    expect(full).toContain('BM102456');
  });

  it('is the only template allowed a second segment', () => {
    expect(TEMPLATES.opening_details.smsType).toBe('notification');
  });
});

describe('wage benchmark', () => {
  it('median of odd and even counts, rounded to a yuan', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([100, 150, 120, 130])).toBe(125);
    expect(median([1, 2])).toBe(2); // 1.5 rounds up
  });

  it('per unit, at the middle of each range, a number only from 3 openings on', () => {
    const rows = [
      { wageMin: 100, wageMax: 140, wageUnit: 'day' as const },
      { wageMin: 150, wageMax: 150, wageUnit: 'day' as const },
      { wageMin: 120, wageMax: 140, wageUnit: 'day' as const },
      { wageMin: 4000, wageMax: 5000, wageUnit: 'month' as const },
    ];
    const b = benchmarkByUnit(rows);
    expect(b).toEqual([
      { unit: 'day', count: 3, median: 130 },
      { unit: 'month', count: 1, median: null },
    ]);
    expect(benchmarkPay(b[0]!)).toBe('日薪130元');
    expect(benchmarkLine('元阳县', '采摘', b)).toBe('元阳县采摘近一年工价中位数：日薪130元（3 个岗位）');
    expect(benchmarkLine('元阳县', '缝纫', benchmarkByUnit(rows.slice(3)))).toBe('元阳县缝纫近一年只有 1 个岗位，太少，算不出可靠的工价');
  });

  it('one-segment replies, and too few openings said as such', () => {
    const reply = renderMessage('wage_benchmark', { place: '元阳县', skill: '缝纫', pay: '月薪4200元', count: '12' }).text;
    expect(reply).toBe('元阳县的缝纫活近一年工价：月薪4200元（12个岗位的中位数）。回GW查岗位');
    expect(countSegments(withSignature(SIGN, reply))).toBe(1);
    const few = renderMessage('wage_benchmark_few', { place: '元阳县', skill: '缝纫', count: '2' }).text;
    expect(few).not.toMatch(/[0-9]{3,}元/);
    expect(countSegments(withSignature(SIGN, few))).toBe(1);
  });
});

describe('review of broadcasts', () => {
  it('holds an unverified employer only while unverified, a flagged one always', () => {
    expect(reviewHold({ reviewBroadcasts: 'off', verifiedAt: null })).toBeNull();
    expect(reviewHold({ reviewBroadcasts: 'unverified', verifiedAt: null })).toBe('review: employer not verified');
    expect(reviewHold({ reviewBroadcasts: 'unverified', verifiedAt: NOW })).toBeNull();
    expect(reviewHold({ reviewBroadcasts: 'always', verifiedAt: NOW })).toBe('review: employer flagged for review');
    expect(heldReasonText('review: employer not verified')).toBe('雇主还没核验');
    expect(heldReasonText('open cases of 2 workers')).toBe('有 2 个工人反映的未结案件');
  });
});
