import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseWechatPush, passiveTextReply, verifyWechatSignature, wechatMessageId, wechatSignature } from '../../src/channels/wechat/wechat-message.js';

describe('WeChat push format', () => {
  it('checks signatures with the documented vector and refuses anything else', () => {
    const q = { signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78', timestamp: '1714037059', nonce: '486452656' };
    expect(wechatSignature('AAAAA', q.timestamp, q.nonce)).toBe(q.signature);
    const then = new Date(1714037059_000 + 30_000);
    expect(verifyWechatSignature('AAAAA', q, then)).toBe(true);
    expect(verifyWechatSignature('AAAAA', { ...q, signature: q.signature.toUpperCase() }, then)).toBe(true);
    expect(verifyWechatSignature('AAAAB', q, then)).toBe(false);
    expect(verifyWechatSignature('AAAAA', { ...q, nonce: '1' }, then)).toBe(false);
    expect(verifyWechatSignature('AAAAA', { ...q, signature: 'short' }, then)).toBe(false);
    expect(verifyWechatSignature('AAAAA', { timestamp: q.timestamp, nonce: q.nonce }, then)).toBe(false);
    // A parameter given twice in the URL arrives as an array: refused, not thrown on.
    const twice = [q.signature, q.signature] as unknown as string;
    expect(verifyWechatSignature('AAAAA', { ...q, signature: twice }, then)).toBe(false);
    expect(verifyWechatSignature('AAAAA', { ...q, nonce: [q.nonce, q.nonce] as unknown as string }, then)).toBe(false);
    // A correctly signed but old query (a replay) is refused.
    expect(verifyWechatSignature('AAAAA', q, new Date(1714037059_000 + 11 * 60_000))).toBe(false);
    expect(verifyWechatSignature('AAAAA', q)).toBe(false);
  });

  it('reads a text push with a 64-bit MsgId exactly, keeping the content as sent', () => {
    const p = parseWechatPush(
      '<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oU1]]></FromUserName><CreateTime>1348831860</CreateTime>' +
        '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 订阅 <缝纫> & 新街 ]]></Content><MsgId>9223372036854775807</MsgId></xml>',
    );
    expect(p).toMatchObject({ FromUserName: 'oU1', MsgType: 'text', Content: ' 订阅 <缝纫> & 新街 ', MsgId: '9223372036854775807', CreateTime: '1348831860' });
    expect(wechatMessageId(p!)).toBe('9223372036854775807');
  });

  it('refuses a push whose ids are longer than WeChat ever sends (they key the stored row)', () => {
    const push = (f: Record<string, string>) =>
      `<xml>${Object.entries({ ToUserName: 'gh_x', FromUserName: 'oU1', CreateTime: '1348831860', MsgType: 'text', Content: 'hi', MsgId: '1', ...f })
        .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
        .join('')}</xml>`;
    expect(parseWechatPush(push({}))).not.toBeNull();
    // A real openid is 28 characters, a MsgId at most 20 digits, an event name a word.
    expect(parseWechatPush(push({ FromUserName: 'o'.repeat(64) }))).not.toBeNull();
    for (const f of ['FromUserName', 'ToUserName', 'MsgId', 'MsgType', 'Event']) {
      expect(parseWechatPush(push({ [f]: 'x'.repeat(20_000) })), f).toBeNull();
    }
    expect(parseWechatPush(push({ CreateTime: '9'.repeat(400) }))).toBeNull();
    // What a person wrote may be long: it is clipped where it is stored, not refused here.
    expect(parseWechatPush(push({ Content: 'x'.repeat(20_000) }))?.Content).toHaveLength(20_000);
  });

  it('keys events by sender, time and event, and reads locations as strings', () => {
    const e = parseWechatPush('<xml><ToUserName>gh</ToUserName><FromUserName>oU2</FromUserName><CreateTime>123456789</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>');
    expect(wechatMessageId(e!)).toBe('oU2:123456789:subscribe');
    const l = parseWechatPush('<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime><MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><MsgId>5</MsgId></xml>');
    expect([l!.Location_X, l!.Location_Y]).toEqual(['23.134521', '113.358803']);
  });

  it('rejects what is not a WeChat message', () => {
    expect(parseWechatPush('')).toBeNull();
    expect(parseWechatPush('not xml <<<')).toBeNull();
    expect(parseWechatPush('<xml><MsgType>text</MsgType></xml>')).toBeNull();
    expect(parseWechatPush('<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><CreateTime>soon</CreateTime></xml>')).toBeNull();
  });

  it('builds the passive reply with sender and receiver swapped', () => {
    const x = passiveTextReply({ FromUserName: 'oU1', ToUserName: 'gh_x' }, '订阅成功 <ok> & ]]> 完', new Date(1_700_000_000_000));
    const doc = new XMLParser({ parseTagValue: false }).parse(x) as { xml: Record<string, string> };
    expect(doc.xml).toEqual({ ToUserName: 'oU1', FromUserName: 'gh_x', CreateTime: '1700000000', MsgType: 'text', Content: '订阅成功 <ok> & ]]> 完' });
  });
});
