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

  // The codes guiyan writes itself (held, cancelled, moved, voice results) read as words too.
  it.each([
    ['VOICE_200003', '电话没接通：未接听'],
    ['VOICE_200010', '电话没接通：关机'],
    ['VOICE_299999', '电话没接通：呼叫失败'],
    ['VOICE_UNCONFIRMED', '电话结果没回来'],
    ['CALLS_STOPPED', '工人不要电话，改发短信'],
    ['OPENING_FILLED', '招工已招满'],
    ['OPENING_DRAFT', '招工已不再招人'],
    ['OPTED_OUT', '工人已退订'],
    ['NOT_HIRED', '录用已撤销'],
    ['SPEND_HELD', '今天的短信费用到了上限，明天再发'],
    ['WECHAT_UNCONFIRMED', '微信没确认收到'],
    ['RECONCILE_NO_TRACE', '平台查不到这条，已重发'],
    ['NO_PHONE', '没有手机号'],
  ])('own code %s → %s', (code, text) => {
    expect(failureText(code)).toBe(text);
    expect(failureText(code)).not.toMatch(/[A-Za-z]/);
  });

  it('says nothing when there is no code', () => {
    expect(failureText(null, classifyBusinessCode)).toBe('');
  });
});
