import { describe, expect, it } from 'vitest';
import {
  bullmqPattern,
  describeSchedule,
  earthlyBranch,
  nextOccurrence,
  parseBeijingDateTime,
  parseMarketDay,
  scheduleProblem,
  upcomingOccurrences,
  type Schedule,
} from '../../src/domain/schedule.js';

const bj = (s: string) => parseBeijingDateTime(s)!;
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('sexagenary day branches (属相街)', () => {
  it('counts from the 甲子 day 2000-01-07 and agrees with another known 甲子 day', () => {
    expect(earthlyBranch('2000-01-07')).toBe(0); // 子
    expect(earthlyBranch('2000-01-08')).toBe(1); // 丑
    expect(earthlyBranch('1999-12-31')).toBe(5); // seven days before: 巳
    // 1949-10-01 was a 甲子 day as well (a well-known date), 18,360 days = 306 cycles of 60 earlier.
    expect(earthlyBranch('1949-10-01')).toBe(0);
    // A Date is read on the Beijing calendar: 23:30 UTC on 01-06 is already 01-07 in Beijing.
    expect(earthlyBranch(new Date('2000-01-06T16:30:00Z'))).toBe(0);
    expect(earthlyBranch(new Date('2000-01-06T15:59:00Z'))).toBe(11);
  });

  it('reads market days by animal or branch', () => {
    expect(parseMarketDay('狗街')).toBe(10);
    expect(parseMarketDay('戌')).toBe(10);
    expect(parseMarketDay('鼠')).toBe(0);
    expect(parseMarketDay('猪日')).toBe(11);
    expect(parseMarketDay('龙街天')).toBeNull();
    expect(parseMarketDay('猫街')).toBeNull();
  });

  it('finds every 狗街 across the year boundary, 12 days apart', () => {
    const s: Schedule = { type: 'market_day', day: '狗街', time: '09:00' };
    const runs = upcomingOccurrences(s, bj('2026-12-20 12:00'), 3);
    expect(runs.map(iso)).toEqual([
      // 2026-12-26 and 2027-01-07 are 戌 days; 09:00 Beijing is 01:00 UTC.
      '2026-12-26T01:00:00.000Z',
      '2027-01-07T01:00:00.000Z',
      '2027-01-19T01:00:00.000Z',
    ]);
    for (const r of runs) expect(earthlyBranch(r)).toBe(10);
    // On the market day itself: before the time it is today, after it the next cycle.
    expect(iso(nextOccurrence(s, bj('2026-12-26 08:59')))).toBe('2026-12-26T01:00:00.000Z');
    expect(iso(nextOccurrence(s, bj('2026-12-26 09:00')))).toBe('2027-01-07T01:00:00.000Z');
  });

  it('uses the Beijing date, not the UTC one, for early-morning market reminders', () => {
    // 06:30 Beijing on 2027-01-07 is 22:30 UTC on 2027-01-06.
    const s: Schedule = { type: 'market_day', day: '狗', time: '06:30' };
    expect(iso(nextOccurrence(s, bj('2027-01-01 00:00')))).toBe('2027-01-06T22:30:00.000Z');
  });
});

describe('every N days from a date', () => {
  const s: Schedule = { type: 'every_n_days', start: '2026-12-28', n: 5, time: '08:30' };

  it('starts on the start date and steps N days, through the new year', () => {
    expect(upcomingOccurrences(s, bj('2026-12-01 00:00'), 4).map(iso)).toEqual([
      '2026-12-28T00:30:00.000Z',
      '2027-01-02T00:30:00.000Z',
      '2027-01-07T00:30:00.000Z',
      '2027-01-12T00:30:00.000Z',
    ]);
  });

  it('picks up mid-cycle and on a run day after its time', () => {
    expect(iso(nextOccurrence(s, bj('2027-01-04 10:00')))).toBe('2027-01-07T00:30:00.000Z');
    expect(iso(nextOccurrence(s, bj('2027-01-07 08:30')))).toBe('2027-01-12T00:30:00.000Z');
    expect(iso(nextOccurrence({ ...s, n: 1 }, bj('2027-03-01 09:00')))).toBe('2027-03-02T00:30:00.000Z');
  });
});

describe('cron in Asia/Shanghai', () => {
  it('reads hours as Beijing time', () => {
    const s: Schedule = { type: 'cron', expr: '0 9 * * 1' }; // Mondays 09:00
    // 2026-11-29 is a Sunday.
    expect(iso(nextOccurrence(s, bj('2026-11-29 20:00')))).toBe('2026-11-30T01:00:00.000Z');
    expect(upcomingOccurrences(s, bj('2026-11-29 20:00'), 2).map(iso)).toEqual(['2026-11-30T01:00:00.000Z', '2026-12-07T01:00:00.000Z']);
  });

  it('crosses midnight UTC on the Beijing day', () => {
    // 07:15 on the 1st of each month: the 1st in Beijing is still the last day of the month in UTC.
    const s: Schedule = { type: 'cron', expr: '15 7 1 * *' };
    expect(iso(nextOccurrence(s, bj('2026-12-15 00:00')))).toBe('2026-12-31T23:15:00.000Z');
  });

  it('rejects bad expressions with a message naming the field', () => {
    expect(scheduleProblem({ type: 'cron', expr: '0 25 * * *' }, new Date())).toMatchObject({ code: 'schedule.bad_cron', message: expect.stringMatching(/^schedule\.expr: /) });
    expect(scheduleProblem({ type: 'cron', expr: '0 9 * * 1 2026' }, new Date())).toMatchObject({ code: 'schedule.cron_fields', message: expect.stringMatching(/5 fields/) });
    expect(scheduleProblem({ type: 'cron', expr: '0 9 * * 1' }, new Date())).toBeNull();
  });

  it('refuses a one-off reminder more than a year ahead (9999-01-01 is a slip)', () => {
    const now = bj('2026-12-03 10:00');
    expect(scheduleProblem({ type: 'once', at: '9999-01-01 09:00' }, now)).toMatchObject({ code: 'time.too_far' });
    expect(scheduleProblem({ type: 'once', at: '2027-12-05 11:00' }, now)).toMatchObject({ code: 'time.too_far' });
    expect(scheduleProblem({ type: 'once', at: '2027-11-30 09:00' }, now)).toBeNull();
  });

  it('is handed to BullMQ as a native pattern, as are weekdays', () => {
    expect(bullmqPattern({ type: 'cron', expr: ' 0 9 * * 1 ' })).toBe('0 9 * * 1');
    expect(bullmqPattern({ type: 'weekday', weekdays: [7, 1, 3], time: '07:05' })).toBe('5 7 * * 0,1,3');
    expect(bullmqPattern({ type: 'market_day', day: '狗', time: '09:00' })).toBeNull();
    expect(bullmqPattern({ type: 'every_n_days', start: '2026-12-01', n: 3, time: '09:00' })).toBeNull();
    expect(bullmqPattern({ type: 'once', at: '2026-12-01 09:00' })).toBeNull();
  });
});

describe('weekdays and one-off times', () => {
  it('finds the next listed weekday in Beijing time', () => {
    const s: Schedule = { type: 'weekday', weekdays: [3, 6], time: '18:00' }; // Wed, Sat
    // Sunday 2026-11-29 → Wednesday 2026-12-02, then Saturday 12-05.
    expect(upcomingOccurrences(s, bj('2026-11-29 19:00'), 2).map(iso)).toEqual(['2026-12-02T10:00:00.000Z', '2026-12-05T10:00:00.000Z']);
    // Saturday 18:00 itself has passed at 18:00: next is Wednesday.
    expect(iso(nextOccurrence(s, bj('2026-12-05 18:00')))).toBe('2026-12-09T10:00:00.000Z');
  });

  it('runs a one-off once, and reads local or offset times', () => {
    const s: Schedule = { type: 'once', at: '2026-12-05 09:30' };
    expect(iso(nextOccurrence(s, bj('2026-12-01 00:00')))).toBe('2026-12-05T01:30:00.000Z');
    expect(nextOccurrence(s, bj('2026-12-05 09:30'))).toBeNull();
    expect(iso(parseBeijingDateTime('2026-12-05T09:30:00+08:00'))).toBe('2026-12-05T01:30:00.000Z');
    expect(parseBeijingDateTime('2026-02-30 09:00')).toBeNull();
    expect(parseBeijingDateTime('2026-12-05T09:30:00')).toBeNull(); // no offset and a T: ambiguous
    expect(scheduleProblem(s, bj('2026-12-06 00:00'))).toMatchObject({ code: 'schedule.in_past', message: expect.stringMatching(/in the past/) });
  });

  it('describes schedules in Chinese', () => {
    expect(describeSchedule({ type: 'market_day', day: '戌', time: '09:00' })).toBe('每逢狗街 09:00');
    expect(describeSchedule({ type: 'weekday', weekdays: [1, 7], time: '08:00' })).toBe('每周一、日 08:00');
    expect(describeSchedule({ type: 'every_n_days', start: '2026-12-01', n: 3, time: '08:30' })).toBe('每3天 08:30（自2026-12-01起）');
    expect(describeSchedule({ type: 'once', at: '2026-12-05T01:30:00Z' })).toBe('2026-12-05 09:30 一次');
  });
});
