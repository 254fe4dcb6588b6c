import { describe, expect, it } from 'vitest';
import { quoteLongIntegers } from '../../src/plugins/json-body.js';

/** Integers past 2^53 keep their digits in Aliyun pushes (red team: two sequence ids rounded onto one). */
describe('quoteLongIntegers', () => {
  it('quotes integers of 16 digits or more outside strings, and nothing else', () => {
    const text = '[{"sequence_id":12345678901234567891,"n":-98765432109876543,"small":123456789012345,"f":1234567890123456.5,"e":12345678901234567e2,"s":"12345678901234567891 \\"99999999999999999\\"","phone_number":13800000001}]';
    const parsed = JSON.parse(quoteLongIntegers(text)) as Record<string, unknown>[];
    expect(parsed[0]).toEqual({
      sequence_id: '12345678901234567891',
      n: '-98765432109876543',
      small: 123456789012345,
      f: 1234567890123456.5,
      e: 12345678901234567e2,
      s: '12345678901234567891 "99999999999999999"',
      phone_number: 13800000001,
    });
    expect(quoteLongIntegers('{"a":"b"}')).toBe('{"a":"b"}');
    expect(quoteLongIntegers('')).toBe('');
  });
});
