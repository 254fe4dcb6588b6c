import { describe, expect, it } from 'vitest';
import {
  BULLETIN_CLOSING,
  jobsFor,
  noticeRow,
  renderBulletin,
  slotInstant,
  slotsToPrepare,
  spokenDate,
  spokenDigits,
  spokenNumber,
  spokenPhone,
  spokenPlaceName,
  spokenTime,
  spokenWage,
  type BulletinOpening,
} from '../../src/domain/bulletin.js';

// Real divisions (GB/T 2260): 新街镇 in 元阳县, two of its villages, and two 新街村委会 elsewhere.
const XINJIE = '532528102';
const SHENGCUN = '532528102211';
const XINJIE_VILLAGE = '532528102201';
const NANSHA = '532528101';
const OTHER_XINJIE_VILLAGE = '532525103208'; // 新街村委会 of another county
const NOW = new Date('2026-12-03T02:00:00Z'); // 10:00 Beijing
const SLOT = slotInstant('2026-12-03', '12:30');

let seq = 1000;
function opening(o: Partial<BulletinOpening> = {}): BulletinOpening {
  seq++;
  return {
    code: String(seq),
    title: '缝纫工',
    headcount: 5,
    wageMin: 4500,
    wageMax: 4500,
    wageUnit: 'month',
    status: 'open',
    expiresAt: null,
    dayLabour: false,
    startsAt: null,
    createdAt: new Date('2026-12-01T00:00:00Z'),
    form: 'county_workshop',
    workshopName: '新街车间',
    workshopDivision: XINJIE,
    workshopPlace: '新街镇',
    reachTownship: false,
    deliveryTownships: [],
    ...o,
  };
}
const contact = { station: '新街镇就业站', stationPhone: '0873-5621234', smsNumber: '1069012345' };

describe('numbers as spoken', () => {
  it('reads amounts and counts the way people say them', () => {
    expect(spokenNumber(4500)).toBe('四千五百');
    expect(spokenNumber(4050)).toBe('四千零五十');
    expect(spokenNumber(150)).toBe('一百五十');
    expect(spokenNumber(15)).toBe('十五');
    expect(spokenNumber(110)).toBe('一百一十');
    expect(spokenNumber(2000)).toBe('两千');
    expect(spokenNumber(2)).toBe('两');
    expect(spokenNumber(22)).toBe('二十二');
    expect(spokenNumber(12000)).toBe('一万两千');
    expect(spokenNumber(10500)).toBe('一万零五百');
    expect(spokenNumber(10010)).toBe('一万零一十');
    expect(spokenNumber(0)).toBe('零');
    expect(spokenNumber(12, { liang: false })).toBe('十二');
  });

  it('reads codes and phones digit by digit with 幺 for 1', () => {
    expect(spokenDigits('1003')).toBe('幺零零三');
    expect(spokenPhone('13800000007')).toBe('幺三八，零零零零，零零零七');
    expect(spokenPhone('0873-5621234')).toBe('零八七三，五六二幺二三四');
  });

  it('reads dates, times and pay', () => {
    expect(spokenDate(new Date('2026-12-03T01:00:00Z'))).toBe('十二月三日');
    expect(spokenDate(new Date('2026-02-02T01:00:00Z'))).toBe('二月二日');
    expect(spokenTime(new Date('2026-12-03T00:30:00Z'))).toBe('早上八点半');
    expect(spokenTime(new Date('2026-12-03T06:00:00Z'))).toBe('下午两点');
    expect(spokenTime(new Date('2026-12-03T11:05:00Z'))).toBe('晚上七点零五分');
    expect(spokenTime(new Date('2026-12-03T04:30:00Z'))).toBe('中午十二点半');
    expect(spokenWage(4500, 5000, 'month')).toBe('月薪四千五百元到五千元');
    expect(spokenWage(150, 150, 'day')).toBe('日薪一百五十元');
    expect(spokenWage(3, 3, 'piece')).toBe('计件，每件三元');
    expect(spokenPlaceName('胜村村委会')).toBe('胜村');
    expect(spokenPlaceName('新街村委会')).toBe('新街村');
    expect(spokenPlaceName('大田街社区')).toBe('大田街社区');
  });
});

describe('which jobs a bulletin lists', () => {
  it('a bulletin for 新街镇 lists exactly its open jobs: not a 新街村 elsewhere, not a filled, expired or started one', () => {
    const town = opening({ title: '包装工' });
    const plantHere = opening({ form: 'village_plant', workshopDivision: SHENGCUN, workshopPlace: '胜村', title: '组装工' });
    const homeHere = opening({ form: 'home_workshop', workshopDivision: XINJIE_VILLAGE, deliveryTownships: [XINJIE], title: '编织' });
    const elsewhere = opening({ form: 'village_plant', workshopDivision: OTHER_XINJIE_VILLAGE, workshopPlace: '新街村', title: '采摘工' });
    const nansha = opening({ workshopDivision: NANSHA, workshopPlace: '南沙镇', title: '保安' });
    const filled = opening({ status: 'filled' });
    const expired = opening({ expiresAt: new Date(NOW.getTime() - 1000) });
    const started = opening({ dayLabour: true, startsAt: new Date(NOW.getTime() - 60_000) });
    const all = [town, plantHere, homeHere, elsewhere, nansha, filled, expired, started];
    const listed = jobsFor({ code: XINJIE }, all, NOW).map((j) => j.code).sort();
    expect(listed).toEqual([town.code, plantHere.code, homeHere.code].sort());
    const r = renderBulletin({ code: XINJIE, name: '新街镇', level: 'township' }, SLOT, all, contact, { now: NOW });
    for (const o of [town, plantHere, homeHere]) expect(r.text).toContain(`报名${spokenDigits(o.code)}`);
    for (const o of [elsewhere, nansha, filled, expired, started]) expect(r.text).not.toContain(spokenDigits(o.code));
    expect(r.text).not.toContain('采摘');
  });

  it('a village plant stays in its village unless it reaches the township', () => {
    const plant = opening({ form: 'village_plant', workshopDivision: SHENGCUN, workshopPlace: '胜村' });
    const wide = opening({ form: 'village_plant', workshopDivision: SHENGCUN, workshopPlace: '胜村', reachTownship: true });
    expect(jobsFor({ code: SHENGCUN }, [plant, wide], NOW).map((j) => j.code).sort()).toEqual([plant.code, wide.code].sort());
    expect(jobsFor({ code: XINJIE_VILLAGE }, [plant, wide], NOW).map((j) => j.code)).toEqual([wide.code]);
  });

  it('a day labour job that starts before the slot is left out when judged at the slot', () => {
    const morning = opening({ dayLabour: true, startsAt: new Date(SLOT.getTime() - 60_000) });
    const evening = opening({ dayLabour: true, startsAt: new Date(SLOT.getTime() + 3600_000) });
    expect(jobsFor({ code: XINJIE }, [morning, evening], SLOT).map((j) => j.code)).toEqual([evening.code]);
  });
});

describe('the text', () => {
  it('says each job in short sentences with pay, start, code and how to apply, then the fixed closing line', () => {
    const o = opening({ code: '1003', wageMin: 4500, wageMax: 5000, headcount: 2, startsAt: new Date('2026-12-05T00:30:00Z') });
    const r = renderBulletin({ code: XINJIE, name: '新街镇', level: 'township' }, SLOT, [o], contact, { now: NOW });
    expect(r.text).toContain('今天是十二月三日');
    expect(r.text).toContain('招缝纫工，两个人');
    expect(r.text).toContain('月薪四千五百元到五千元');
    expect(r.text).toContain('十二月五日早上八点半开工');
    expect(r.text).toContain('发短信：报名幺零零三，发到幺零六九零幺二三四五');
    expect(r.text).toContain('新街镇就业站的电话：零八七三，五六二幺二三四');
    expect(r.text.trimEnd().endsWith(BULLETIN_CLOSING)).toBe(true);
    // Read aloud: no Arabic numerals and no Latin letters anywhere.
    expect(r.text).not.toMatch(/[0-9A-Za-z]/);
  });

  it('reads the best eight and counts the rest', () => {
    const many = Array.from({ length: 11 }, (_, i) => opening({ headcount: i + 1 }));
    const r = renderBulletin({ code: XINJIE, name: '新街镇', level: 'township' }, SLOT, many, contact, { now: NOW });
    expect(r.listed).toBe(8);
    expect(r.jobs).toHaveLength(11);
    expect(r.text).toContain('还有三个岗位，请到新街镇就业站查看');
    expect(r.text).toContain('第八个');
    expect(r.text).not.toContain('第九个');
    // Most people wanted first among equally near jobs.
    expect(r.text.indexOf(`报名${spokenDigits(many[10]!.code)}`)).toBeLessThan(r.text.indexOf(`报名${spokenDigits(many[9]!.code)}`));
    expect(r.text).not.toContain(`报名${spokenDigits(many[0]!.code)}`);
  });

  it('says there are no jobs when there are none, and the station without a phone', () => {
    const r = renderBulletin({ code: XINJIE, name: '新街镇', level: 'township' }, SLOT, [], { station: '新街镇就业站', stationPhone: null, smsNumber: null }, { now: NOW });
    expect(r.text).toContain('新街镇今天暂时没有招工信息');
    expect(r.text).toContain('请到新街镇就业站问');
    expect(r.text.trimEnd().endsWith(BULLETIN_CLOSING)).toBe(true);
  });

  it('gives the printed notice digits, not words', () => {
    const row = noticeRow(opening({ code: '1003', wageMin: 150, wageMax: 180, wageUnit: 'day', startsAt: new Date('2026-12-05T00:30:00Z') }));
    expect(row).toMatchObject({ code: '1003', wage: '日薪150-180元', start: '12月5日 08:30' });
  });
});

describe('slots', () => {
  it('prepares the slots starting within the window, Beijing time', () => {
    expect(slotInstant('2026-12-03', '12:30').toISOString()).toBe('2026-12-03T04:30:00.000Z');
    const at10 = slotsToPrepare(NOW, ['12:30', '18:30'], 3 * 3600_000);
    expect(at10.map((s) => `${s.day} ${s.slot}`)).toEqual(['2026-12-03 12:30']);
    const at17 = slotsToPrepare(new Date('2026-12-03T09:00:00Z'), ['12:30', '18:30'], 3 * 3600_000);
    expect(at17.map((s) => `${s.day} ${s.slot}`)).toEqual(['2026-12-03 18:30']);
    // After the evening slot, nothing until tomorrow's window opens.
    expect(slotsToPrepare(new Date('2026-12-03T11:00:00Z'), ['12:30', '18:30'], 3 * 3600_000)).toEqual([]);
  });
});
