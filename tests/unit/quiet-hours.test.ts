import { describe, expect, it } from 'vitest';
import { deferredSendTime, isQuiet, quietHoursEnd } from '../../src/domain/quiet-hours.js';

const night = { startMinute: 21 * 60, endMinute: 8 * 60 };
const bj = (s: string) => new Date(`${s}+08:00`);

describe('quiet hours (Beijing time)', () => {
  it('covers a range across midnight', () => {
    expect(isQuiet(bj('2026-11-29T20:59:59'), night)).toBe(false);
    expect(isQuiet(bj('2026-11-29T21:00:00'), night)).toBe(true);
    expect(isQuiet(bj('2026-11-30T02:00:00'), night)).toBe(true);
    expect(isQuiet(bj('2026-11-30T07:59:00'), night)).toBe(true);
    expect(isQuiet(bj('2026-11-30T08:00:00'), night)).toBe(false);
    expect(isQuiet(bj('2026-11-30T02:00:00'), null)).toBe(false);
  });

  it('covers a range inside one day', () => {
    const lunch = { startMinute: 12 * 60, endMinute: 14 * 60 };
    expect(isQuiet(bj('2026-11-30T12:30:00'), lunch)).toBe(true);
    expect(isQuiet(bj('2026-11-30T23:30:00'), lunch)).toBe(false);
  });

  it('ends at the next morning, whether before or after midnight', () => {
    expect(quietHoursEnd(bj('2026-11-29T22:15:30'), night)).toEqual(bj('2026-11-30T08:00:00'));
    expect(quietHoursEnd(bj('2026-11-30T03:00:00'), night)).toEqual(bj('2026-11-30T08:00:00'));
    const day = bj('2026-11-30T10:00:00');
    expect(quietHoursEnd(day, night)).toBe(day);
  });

  it('spreads deferred sends after the end instead of all at 08:00:00', () => {
    const at = bj('2026-11-29T23:00:00');
    const times = [0, 0.25, 0.5, 0.99].map((slot) => deferredSendTime(at, night, slot).getTime());
    expect(times[0]).toBe(bj('2026-11-30T08:00:00').getTime());
    expect(new Set(times).size).toBe(4);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(30 * 60_000);
    expect(deferredSendTime(bj('2026-11-30T09:00:00'), night, 0.5)).toEqual(bj('2026-11-30T09:00:00'));
  });
});
