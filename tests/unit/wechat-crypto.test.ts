import { describe, expect, it } from 'vitest';
import { decryptWechat, encryptedReply, encryptWechat, verifyWechatMsgSignature, wechatAes, wechatMsgSignature } from '../../src/channels/wechat/wechat-crypto.js';

// WeChat's own sample for WXBizMsgCrypt (token "spamtest"), as published with its SDKs.
const TOKEN = 'spamtest';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx2c2769f8efd9abc2';
const TIMESTAMP = '1409735669';
const NONCE = '1320562132';
const MSG_SIGNATURE = '5d197aaffba7e9b25a30732f161a50dee96bd5fa';
const ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';

describe('WeChat safe mode (WXBizMsgCrypt)', () => {
  const aes = wechatAes(KEY, APP_ID);

  it('signs and decrypts WeChat’s published sample', () => {
    expect(wechatMsgSignature(TOKEN, TIMESTAMP, NONCE, ENCRYPT)).toBe(MSG_SIGNATURE);
    expect(verifyWechatMsgSignature(TOKEN, { timestamp: TIMESTAMP, nonce: NONCE, msg_signature: MSG_SIGNATURE }, ENCRYPT)).toBe(true);
    expect(verifyWechatMsgSignature(TOKEN, { timestamp: TIMESTAMP, nonce: NONCE, msg_signature: MSG_SIGNATURE }, `${ENCRYPT.slice(0, -4)}AAA=`)).toBe(false);
    // A parameter given twice in the URL arrives as an array: refused, not thrown on.
    expect(verifyWechatMsgSignature(TOKEN, { timestamp: TIMESTAMP, nonce: NONCE, msg_signature: [MSG_SIGNATURE, MSG_SIGNATURE] as unknown as string }, ENCRYPT)).toBe(false);
    const xml = decryptWechat(aes, ENCRYPT);
    expect(xml).toContain('<Content><![CDATA[abcdteT]]></Content>');
    expect(xml).toContain('<MsgId>6054768590064713728</MsgId>');
    // The AppID inside must be ours.
    expect(decryptWechat(wechatAes(KEY, 'wx0000000000000000'), ENCRYPT)).toBeNull();
  });

  it('encrypts in 32-byte blocks what it decrypts back, Chinese included, and refuses damaged input', () => {
    for (const text of ['', 'a', '订阅 缝纫 新街', 'x'.repeat(31), 'x'.repeat(32), '编织'.repeat(500)]) {
      const enc = encryptWechat(aes, text);
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0);
      expect(decryptWechat(aes, enc)).toBe(text);
    }
    expect(decryptWechat(aes, ENCRYPT.slice(0, 40))).toBeNull();
    expect(decryptWechat(aes, 'not base64 at all')).toBeNull();
    expect(() => wechatAes('short', APP_ID)).toThrow(/43/);
  });

  it('wraps a passive reply with its signature, time and nonce', () => {
    const reply = encryptedReply(TOKEN, aes, '<xml><Content><![CDATA[你好]]></Content></xml>', new Date(1_800_000_000_000), '12345');
    const m = /<Encrypt><!\[CDATA\[(.+)\]\]><\/Encrypt><MsgSignature><!\[CDATA\[(\w+)\]\]><\/MsgSignature><TimeStamp>(\d+)<\/TimeStamp><Nonce><!\[CDATA\[12345\]\]><\/Nonce>/.exec(reply)!;
    expect(m[3]).toBe('1800000000');
    expect(m[2]).toBe(wechatMsgSignature(TOKEN, '1800000000', '12345', m[1]!));
    expect(decryptWechat(aes, m[1]!)).toBe('<xml><Content><![CDATA[你好]]></Content></xml>');
  });
});
