import { describe, expect, it } from 'vitest';
import { classifyBusinessCode } from '../../src/channels/sms/aliyun-errors.js';
import { failureText } from '../../src/console/labels.js';

// Issue #18: no English a station reads — a failure's reason in words, whatever the code.
describe('failure reasons in words', () => {
  it.each([
    ['isv.MOBILE_NUMBER_ILLEGAL', '号码无效'],
    ['isv.BUSINESS_LIMIT_CONTROL', '这个号码今天收得太多'],
    ['isp.SYSTEM_ERROR', '短信平台临时出错'],
    ['MOBILE_NOT_ON_SERVICE', '号码停机或不在服务区'],
    ['REPLY_BUDGET', '这个号码的回复次数用完了'],
    ['IC:0001', '运营商没送到'],
    ['isv.SOMETHING_NEW', '发送请求有误'],
  ])('%s → %s', (code, text) => {
    const out = failureText(code, classifyBusinessCode);
    expect(out).toBe(text);
    expect(out).not.toMatch(/[A-Za-z]/);
  });

  it('says nothing when there is no code', () => {
    expect(failureText(null, classifyBusinessCode)).toBe('');
  });
});
