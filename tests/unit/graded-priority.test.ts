import { describe, expect, it } from 'vitest';
import {
  evaluate,
  NO_HISTORY,
  PRIORITY_HOUSEHOLD_SCORE,
  rankMatches,
  waitingBonus,
  type MatchableOpening,
  type MatchableWorker,
  type MatchHistory,
  type RankedMatch,
} from '../../src/domain/matching.js';

/** Graded priority (零工市场 rules, issue 17 §3): marked households and the longest waiting rank earlier. */
const NOW = new Date('2026-12-02T03:00:00Z');
const DAY = 86_400_000;
const RULES = { now: NOW, weeklyCap: 3 };
const worker: MatchableWorker = { status: 'active', phone: '13800000001', phoneInvalid: false, divisionCode: '532528102211', skills: ['缝纫'] };
const opening: MatchableOpening = { skills: ['缝纫'], form: 'county_workshop', workshopDivision: '532528102', wageMax: 4500, wageUnit: 'month' };

function ranked(id: number, h: Partial<MatchHistory>, w: Partial<MatchableWorker> = {}): RankedMatch {
  const e = evaluate({ ...worker, ...w }, opening, { ...NO_HISTORY, ...h }, RULES);
  if (!e.ok) throw new Error(e.reason);
  return { workerId: id, score: e.score, reasons: e.reasons, skill: e.skill, divisionCode: worker.divisionCode, lastAlertAt: null };
}

describe('graded priority', () => {
  it('counts whole months waited, 5 each, up to 20', () => {
    expect(waitingBonus(null, NOW)).toEqual({ months: 0, score: 0 });
    expect(waitingBonus(new Date(NOW.getTime() - 29 * DAY), NOW)).toEqual({ months: 0, score: 0 });
    expect(waitingBonus(new Date(NOW.getTime() - 61 * DAY), NOW)).toEqual({ months: 2, score: 10 });
    expect(waitingBonus(new Date(NOW.getTime() - 400 * DAY), NOW)).toEqual({ months: 13, score: 20 });
  });

  it('ranks a marked household, then the longest waiting, ahead of equal fits, and says why', () => {
    const fresh = ranked(1, { waitingSince: NOW });
    const waited = ranked(2, { waitingSince: new Date(NOW.getTime() - 95 * DAY) });
    const household = ranked(3, { priorityHousehold: true, waitingSince: NOW });
    const order = rankMatches([fresh, waited, household]).map((m) => m.workerId);
    expect(order).toEqual([3, 2, 1]);
    expect(household.score - fresh.score).toBe(PRIORITY_HOUSEHOLD_SCORE);
    expect(household.reasons).toContain('帮扶户优先');
    expect(waited.reasons).toContain('待业3个月');
    expect(fresh.reasons.join('·')).toBe('缝纫·同乡镇·近7天0条');
  });

  it('keeps the weekly cap and rotation: a household alerted this week yields to one not alerted', () => {
    expect(evaluate(worker, opening, { ...NO_HISTORY, priorityHousehold: true, recentAlerts: 3 }, RULES)).toEqual({ ok: false, reason: 'capped' });
    // Two alerts this week cost 14 of rotation; a fresh worker waiting four months (20) goes first.
    const busyHousehold = ranked(1, { priorityHousehold: true, recentAlerts: 2, waitingSince: NOW });
    const longWait = ranked(2, { waitingSince: new Date(NOW.getTime() - 130 * DAY) });
    expect(busyHousehold.score).toBe(longWait.score - 20 + PRIORITY_HOUSEHOLD_SCORE - 14);
    expect(rankMatches([busyHousehold, longWait]).map((m) => m.workerId)).toEqual([2, 1]);
  });

  it('gives no priority to a worker the rules skip', () => {
    expect(evaluate({ ...worker, status: 'paused' }, opening, { ...NO_HISTORY, priorityHousehold: true }, RULES)).toEqual({ ok: false, reason: 'paused' });
  });
});
