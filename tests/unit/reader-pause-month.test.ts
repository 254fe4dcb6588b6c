import { describe, expect, it } from 'vitest';
import { readPause, resolvePauseUntil } from '../../src/domain/reader-pause.js';

// A month of the calendar is not a count of months: 十月份以前不要发 said in December asked for a pause until
// October, and was read as ten months (300 days), 8月底 as 240 days (Round 29's report of fresh25).
describe('a pause until a calendar month', () => {
  const now = new Date('2026-12-04T12:00:00Z'); // 20:00 in Beijing, 4 December 2026

  it.each([
    ['十月份以前不要发', { month: 10, edge: 'start' }, '2027-10-01'],
    ['10月以后再发', { month: 10, edge: 'start' }, '2027-10-01'],
    ['8月底再发给我', { month: 8, edge: 'end' }, '2027-09-01'],
    ['9月中再说', { month: 9, edge: 'mid' }, '2027-09-15'],
    ['一月份再发', { month: 1, edge: 'start' }, '2027-01-01'],
    ['十二月底再发', { month: 12, edge: 'end' }, '2027-01-01'],
    ['三月再发', { month: 3, edge: 'start' }, '2027-03-01'],
  ])('%s: %o, until 00:00 Beijing on %s', (text, pause, day) => {
    const read = readPause(text);
    expect(read).toEqual(pause);
    expect(resolvePauseUntil(read!, now).toISOString()).toBe(new Date(`${day}T00:00:00+08:00`).toISOString());
  });

  it('the month asked for has come (十二月以前 in December): a day', () => {
    expect(resolvePauseUntil(readPause('12月以前别发')!, now).getTime() - now.getTime()).toBe(24 * 3600 * 1000);
  });

  it.each([
    ['三个月不要发', { days: 90 }],
    ['两月再发', { days: 60 }],
    ['这个月底再发', { days: 15 }],
    ['十月年过了再发', { days: 7 }],
  ])('%s: a count or an event, as before: %o', (text, pause) => {
    expect(readPause(text)).toEqual(pause);
  });

  it('几月 asks, it names no month', () => {
    expect(readPause('几月有活')).toBeNull();
  });
});
