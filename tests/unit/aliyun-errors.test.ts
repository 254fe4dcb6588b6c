import { describe, expect, it } from 'vitest';
import { classifyBusinessCode, classifySdkError } from '../../src/channels/sms/aliyun-errors.js';

describe('Aliyun error classes (docs/aliyun-sms.md, Error codes)', () => {
  it('classifies business codes from 200 responses', () => {
    expect(classifyBusinessCode('isv.MOBILE_NUMBER_ILLEGAL')).toBe('invalid_number');
    expect(classifyBusinessCode('isv.BUSINESS_LIMIT_CONTROL')).toBe('phone_limited');
    expect(classifyBusinessCode('isv.AMOUNT_NOT_ENOUGH')).toBe('account');
    expect(classifyBusinessCode('isv.DAY_LIMIT_CONTROL')).toBe('account');
    expect(classifyBusinessCode('isv.SMS_TEMPLATE_ILLEGAL')).toBe('config');
    expect(classifyBusinessCode('isv.SMS_SIGNATURE_ILLEGAL')).toBe('config');
    expect(classifyBusinessCode('isp.SYSTEM_ERROR')).toBe('transient');
    expect(classifyBusinessCode('isv.SOMETHING_NEW')).toBe('request');
  });

  it('classifies SDK exceptions', () => {
    expect(classifySdkError({ name: 'ThrottlingError', code: 'Throttling.User', retryAfter: 250 })).toMatchObject({ errorClass: 'throttled', retryAfterMs: 250 });
    expect(classifySdkError({ name: 'ServerError', code: 'InternalError', statusCode: 500 }).errorClass).toBe('transient');
    expect(classifySdkError({ name: 'ClientError', code: 'SignatureDoesNotMatch', statusCode: 400 }).errorClass).toBe('config');
    expect(classifySdkError({ name: 'ClientError', code: 'MissingPhoneNumbers', statusCode: 400 }).errorClass).toBe('request');
    expect(classifySdkError({ name: 'RequestTimeoutError', message: 'ReadTimeout(3000)' }).errorClass).toBe('unknown_outcome');
    expect(classifySdkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).errorClass).toBe('transient');
    expect(classifySdkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).errorClass).toBe('unknown_outcome');
    expect(classifySdkError(new SyntaxError('Unexpected token <')).errorClass).toBe('unknown_outcome');
  });
});
