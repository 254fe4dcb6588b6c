import { describe, expect, it } from 'vitest';
import {
  applyLimitHit,
  essentialTemplateCodes,
  isAnswerToText,
  isProfileChange,
  spendLimitSegments,
  spendState,
} from '../../src/domain/abuse-limits.js';
import { beijingDate, beijingHour } from '../../src/domain/send-rules.js';

describe('abuse limits', () => {
  it('counts in Beijing clock hours', () => {
    expect(beijingHour(new Date('2026-12-02T15:59:59Z'))).toBe('2026120223');
    expect(beijingHour(new Date('2026-12-02T16:00:00Z'))).toBe('2026120300');
    expect(beijingDate(new Date('2026-12-02T16:00:00Z'))).toBe('20261203');
  });

  it('treats replies and digests as answers to texts; binding codes (the target is typed by a stranger), campaign alerts and employer notices are not', () => {
    expect(['reply', 'verification', 'alert'].map((k) => isAnswerToText(k, null))).toEqual([true, false, true]);
    expect(isAnswerToText('alert', 7)).toBe(false);
    expect(isAnswerToText('reminder', null)).toBe(false);
    expect(isAnswerToText('employer_notice', null)).toBe(false);
  });

  it('knows the opt-out confirmations (the phone\'s and one person\'s) by their configured template codes', () => {
    expect([...essentialTemplateCodes({})]).toEqual(['SMS_GUIYAN_UNSUBSCRIBED', 'SMS_GUIYAN_PERSON_UNSUBSCRIBED']);
    expect([...essentialTemplateCodes({ unsubscribed: 'SMS_900001' })]).toEqual(['SMS_900001', 'SMS_GUIYAN_PERSON_UNSUBSCRIBED']);
  });

  it('turns the yuan limit into segments, 0 meaning none', () => {
    expect(spendLimitSegments(2000, 0.045)).toBe(44_444);
    expect(spendLimitSegments(0.09, 0.045)).toBe(2);
    expect(spendLimitSegments(0, 0.045)).toBe(0);
    expect(spendLimitSegments(100, 0)).toBe(0);
    expect([spendState(7, 8, 10), spendState(8, 8, 10), spendState(10, 8, 10), spendState(10, 0, 0)]).toEqual([0, 1, 2, 0]);
  });

  it('refuses an application at the hour or the day limit', () => {
    const limits = { perHour: 5, perDay: 10 };
    expect(applyLimitHit({ lastHour: 4, lastDay: 9 }, limits)).toBeNull();
    expect(applyLimitHit({ lastHour: 5, lastDay: 5 }, limits)).toBe('hour');
    expect(applyLimitHit({ lastHour: 1, lastDay: 10 }, limits)).toBe('day');
  });

  it('limits changes, never an opt-out', () => {
    expect(isProfileChange({ type: 'pause', until: null })).toBe(true);
    expect(isProfileChange({ type: 'subscribe', skills: [], divisionCode: '532528' })).toBe(true);
    expect(isProfileChange({ type: 'opt_out' })).toBe(false);
    expect(isProfileChange({ type: 'apply', code: '1001' })).toBe(false);
  });
});
