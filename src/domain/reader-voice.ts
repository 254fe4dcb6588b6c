/**
 * Asking for alerts by phone call (issue 16 §1, docs/aliyun-voice.md): 打电话通知, 语音, 电话通知我,
 * 用语音告诉我; and stopping calls only: 不要打电话, 别打电话了, 不用语音. The whole short text must
 * be the request (a text that merely mentions a phone — 老板电话多少 — is not), and stopping
 * calls never reads as an opt-out from SMS.
 */

// Punctuation and spaces already gone (the reader's compact form), letters lower-cased.
const POLITE = '(?:请|麻烦|以后|今后|有活|有工作|有岗位|有事)*(?:就|都)?(?:给我|跟我|帮我)?';
const ASK_ON = new RegExp(
  `^${POLITE}(?:打电话|打个电话|来电话|电话|语音|用语音|用电话|发语音)(?:通知|告诉|叫|喊)?(?:我|一下|一声)?(?:吧|啊|嘛|就行|就好|可以吗|好吗|谢谢)*$`,
);
const ASK_OFF = /^(?:以后|今后)?(?:不要|别|莫|不用|不必)(?:再|给我)*(?:打电话|打来|来电话|打|语音|电话通知|语音通知)(?:了|啦|给我|通知我)*(?:发短信就行|短信就行|发短信|用短信)?(?:吧|谢谢)*$/;

export function readVoiceRequest(compact: string): 'on' | 'off' | null {
  if (compact.length === 0 || compact.length > 16) return null;
  if (ASK_OFF.test(compact)) return 'off';
  if (ASK_ON.test(compact)) return 'on';
  return null;
}
