import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { nextQuietStart, planSends } from '../../src/domain/broadcast-plan.js';

const quiet = loadConfig({ QUIET_HOURS: '21:00-08:00' }).QUIET_HOURS;
const utc = (s: string) => new Date(s);

describe('broadcast pre-flight arithmetic', () => {
  it('finds when quiet hours start next', () => {
    // 10:00 Beijing = 02:00 UTC; quiet starts 21:00 Beijing = 13:00 UTC.
    expect(nextQuietStart(utc('2026-12-01T02:00:00Z'), quiet)?.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(nextQuietStart(utc('2026-12-01T14:00:00Z'), quiet)?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(nextQuietStart(utc('2026-12-01T02:00:00Z'), null)).toBeNull();
  });

  it('sends in daytime at the rate, with nothing deferred', () => {
    const p = planSends(3000, utc('2026-12-01T02:00:00Z'), 50, quiet);
    expect(p).toEqual({ deferredByQuietHours: 0, finishAt: utc('2026-12-01T02:01:00Z') });
  });

  it('defers everything that would fall in quiet hours to the morning', () => {
    // 20:59 Beijing: one minute left at 10/s = 600 go tonight, 400 wait for 08:00.
    const p = planSends(1000, utc('2026-12-01T12:59:00Z'), 10, quiet);
    expect(p.deferredByQuietHours).toBe(400);
    expect(p.finishAt.toISOString()).toBe('2026-12-02T00:00:40.000Z');
    // Started inside quiet hours: all of them wait.
    const night = planSends(100, utc('2026-12-01T15:00:00Z'), 10, quiet);
    expect(night).toEqual({ deferredByQuietHours: 100, finishAt: utc('2026-12-02T00:00:10Z') });
    expect(planSends(0, utc('2026-12-01T15:00:00Z'), 10, quiet)).toEqual({ deferredByQuietHours: 0, finishAt: utc('2026-12-01T15:00:00Z') });
  });
});
