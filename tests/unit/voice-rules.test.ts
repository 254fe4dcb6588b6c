import { describe, expect, it } from 'vitest';
import {
  PUBLIC_MODE_WINDOWS,
  callOutcome,
  insidePublicHours,
  keyChoice,
  nextAllowedCall,
  nextCallingTime,
  parseCallWindows,
  voiceScript,
  voiceVariables,
} from '../../src/domain/voice-rules.js';
import { voiceReportRow } from '../../src/services/delivery/voice-receipts.js';
import { voiceReportItemSchema } from '../../src/channels/voice/voice-push.js';

// Beijing wall time on 2026-12-02 as a Date.
const bj = (hhmm: string, day = '02') => new Date(`2026-12-${day}T${hhmm}:00+08:00`);

describe('calling hours', () => {
  it('parses windows and refuses malformed or overlapping ones', () => {
    expect(parseCallWindows('14:00-21:00, 09:00-12:00')).toEqual([...PUBLIC_MODE_WINDOWS]);
    expect(parseCallWindows('00:00-24:00')).toEqual([{ start: 0, end: 1440 }]);
    expect(() => parseCallWindows('9-12')).toThrow(/not a window/);
    expect(() => parseCallWindows('12:00-09:00')).toThrow(/after the start/);
    expect(() => parseCallWindows('09:00-13:00,12:00-14:00')).toThrow(/overlap/);
    expect(() => parseCallWindows('')).toThrow(/at least one/);
  });

  it('public mode allows only 09–12 and 14–21 Beijing time', () => {
    expect(insidePublicHours(parseCallWindows('09:30-11:00,15:00-20:00'))).toBe(true);
    expect(insidePublicHours(parseCallWindows('08:00-12:00'))).toBe(false);
    expect(insidePublicHours(parseCallWindows('11:00-13:00'))).toBe(false);
  });

  it('a call outside the windows waits for the next one, across midnight too', () => {
    const w = [...PUBLIC_MODE_WINDOWS];
    expect(nextCallingTime(bj('10:15'), w)).toEqual(bj('10:15'));
    expect(nextCallingTime(bj('12:00'), w)).toEqual(bj('14:00'));
    expect(nextCallingTime(bj('13:59'), w)).toEqual(bj('14:00'));
    expect(nextCallingTime(bj('21:00'), w)).toEqual(bj('09:00', '03'));
    expect(nextCallingTime(bj('03:10'), w)).toEqual(bj('09:00'));
    expect(nextCallingTime(bj('20:59'), w)).toEqual(bj('20:59'));
  });
});

describe("a number's call limits (1 a minute, 5 an hour, 20 a day)", () => {
  const at = bj('15:00');
  const ago = (ms: number) => new Date(at.getTime() - ms);

  it('allows a first call, then waits a minute after the last', () => {
    expect(nextAllowedCall([], at)).toEqual(at);
    expect(nextAllowedCall([ago(20_000)], at)).toEqual(new Date(at.getTime() + 40_001));
    expect(nextAllowedCall([ago(61_000)], at)).toEqual(at);
  });

  it('waits for the oldest of five calls in the hour to leave it', () => {
    const five = [50, 40, 30, 20, 10].map((m) => ago(m * 60_000));
    expect(nextAllowedCall(five, at)).toEqual(new Date(ago(50 * 60_000).getTime() + 3_600_001));
    expect(nextAllowedCall(five.slice(1), at)).toEqual(at);
  });

  it('waits for the oldest of twenty calls in 24 hours', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ago((23 - i) * 3_600_000 + 120_000));
    const next = nextAllowedCall(twenty, at);
    expect(next.getTime()).toBe(twenty[0]!.getTime() + 24 * 3_600_000 + 1);
  });
});

describe('receipts and keys', () => {
  it('reads status codes: answered or a reason', () => {
    expect(callOutcome('200000')).toEqual({ answered: true, reason: null });
    expect(callOutcome('200001').answered).toBe(true);
    expect(callOutcome('200003')).toEqual({ answered: false, reason: '未接听' });
    expect(callOutcome('200010').reason).toBe('关机');
    expect(callOutcome('777777').reason).toBe('呼叫失败');
  });

  it('takes the first of 1, 2, 9 pressed', () => {
    expect(keyChoice('1')).toBe('apply');
    expect(keyChoice('51')).toBe('apply');
    expect(keyChoice('9')).toBe('stop_calls');
    expect(keyChoice('21')).toBe('decline');
    expect(keyChoice('')).toBeNull();
    expect(keyChoice(null)).toBeNull();
    expect(keyChoice('3')).toBeNull();
  });

  it('stores a receipt under a key that a repeat shares, and settles only on final codes', () => {
    const report = voiceReportItemSchema.parse({ call_id: '1^2', status_code: '200000', duration: '10秒', dtmf: '1', end_time: '2026-12-02 10:00:10', out_id: 'v1a1', callee: '13800001001' });
    const row = voiceReportRow(report);
    expect(row).toMatchObject({ final: true, answered: true, duration: 10, dtmf: '1', out_id: 'v1a1', phone: '13800001001' });
    expect(voiceReportRow(voiceReportItemSchema.parse({ call_id: '1^2', status_code: '200000', duration: '10秒', dtmf: '1', end_time: '2026-12-02 10:00:10' })).dedupe_key).toBe(row.dedupe_key);
    const keys = voiceReportRow(voiceReportItemSchema.parse({ call_id: '1^2', status_code: 300000, dtmf: '9', status_time: '2026-12-02 10:00:05' }));
    expect(keys).toMatchObject({ final: false, answered: false, reason: null });
    const failed = voiceReportRow(voiceReportItemSchema.parse({ call_id: '1^3', status_code: '200010', status_msg: '关机' }));
    expect(failed).toMatchObject({ final: true, answered: false, reason: '关机（关机）' });
    expect(voiceReportItemSchema.safeParse({ call_id: '', status_code: '200000' }).success).toBe(false);
    expect(voiceReportItemSchema.safeParse({ call_id: 'x', status_code: 'OK' }).success).toBe(false);
  });
});

describe('what the call says', () => {
  it('maps the alert to the template variables and reads the code digit by digit', () => {
    const v = voiceVariables({ workshop: '新街制衣车间', place: '元阳新街镇', title: '缝纫工', wage: '月薪3500-5000元', code: '1003' });
    expect(v).toEqual({ job: '缝纫工', place: '元阳新街镇新街制衣车间', pay: '月薪3500-5000元', code: '1003' });
    expect(voiceScript(v, true)).toContain('岗位号1 0 0 3');
    expect(voiceScript(v, true)).toContain('报名请按1');
    expect(voiceScript(v, false)).toContain('BM1003');
    expect(voiceScript(v, false)).not.toContain('请按1');
  });
});

describe('voice variables of an alert with terms', () => {
  it('reads the alert’s terms (wage first) as the pay', () => {
    expect(voiceVariables({ workshop: '新街制衣车间', place: '元阳新街镇', title: '缝纫工', terms: '月薪3500-5000元，已核验，每月15日发', code: '1003' }).pay).toBe('月薪3500-5000元，已核验，每月15日发');
  });
});
