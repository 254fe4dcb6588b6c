import { describe, expect, it } from 'vitest';
import { charLength, cleanText, hasUnstorableText, inboundText, INBOUND_TEXT_MAX_CHARS } from '../../src/domain/inbound-text.js';
import { parseWechatPush, xmlShapedLikePush } from '../../src/channels/wechat/wechat-message.js';
import { jsonDepthExceeds } from '../../src/plugins/json-body.js';
import { unstorableTextAt } from '../../src/plugins/errors.js';
import { pathId as consoleId } from '../../src/console/form.js';
import { safeConsolePath } from '../../src/routes/console/context.js';

describe('inbound text policy', () => {
  it('removes NUL, replaces lone surrogates, keeps pairs', () => {
    expect(cleanText('帮\u0000助')).toBe('帮助');
    expect(cleanText('a\ud800b\udc00c')).toBe('a\uFFFDb\uFFFDc');
    expect(cleanText('工😀人')).toBe('工😀人');
    expect(hasUnstorableText('ok 😀')).toBe(false);
    expect(hasUnstorableText('\ud83d')).toBe(true);
  });

  it('clips to the limit in characters without splitting a pair, and keeps the original length', () => {
    const long = '😀'.repeat(INBOUND_TEXT_MAX_CHARS + 5);
    const t = inboundText(long);
    expect(t.clipped).toBe(true);
    expect(t.length).toBe(INBOUND_TEXT_MAX_CHARS + 5);
    expect(charLength(t.text)).toBe(INBOUND_TEXT_MAX_CHARS);
    expect(hasUnstorableText(t.text)).toBe(false);
    expect(inboundText('TD')).toEqual({ text: 'TD', length: 2, clipped: false });
    expect(inboundText('a\u0000b')).toEqual({ text: 'ab', length: 3, clipped: false });
  });
});

describe('request input checks', () => {
  it('measures JSON nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[[1]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[["}', 2)).toBe(false);
    expect(jsonDepthExceeds(`${'['.repeat(100_000)}`, 32)).toBe(true);
  });

  it('names the first field holding a NUL or a lone surrogate, at any depth', () => {
    expect(unstorableTextAt({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body')).toBe('body.a.1.c');
    expect(unstorableTextAt({ 'k\ud800': 1 }, 'query')).toBe('query."k\\ud800"');
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextAt(deep, 'body')).toMatch(/^body(\.0)+$/);
    expect(unstorableTextAt({ fine: ['a', 1, null, true] }, 'body')).toBeNull();
  });

  it('refuses XML shaped unlike a WeChat push before parsing it, and reads real pushes', () => {
    const push = '<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[<<订阅>> 缝纫 ' + '<'.repeat(3000) + ']]></Content><MsgId>1</MsgId></xml>';
    expect(xmlShapedLikePush(push)).toBe(true);
    expect(parseWechatPush(push)?.FromUserName).toBe('oUser');
    const pics = '<xml><FromUserName>o</FromUserName><MsgType>event</MsgType><CreateTime>1</CreateTime><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum>x</PicMd5Sum></item></PicList></SendPicsInfo></xml>';
    expect(xmlShapedLikePush(pics)).toBe(true);
    expect(xmlShapedLikePush(`<xml>${'<a>1</a>'.repeat(8000)}</xml>`)).toBe(false);
    expect(xmlShapedLikePush(`<xml>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</xml>`)).toBe(false);
    expect(xmlShapedLikePush(`<xml><a ${'x="1" '.repeat(1000)}/></xml>`)).toBe(false);
    expect(xmlShapedLikePush('<xml><Content><![CDATA[never closed</Content></xml>')).toBe(false);
  });

  it('lets only plain-ASCII console paths through as redirect targets', () => {
    expect(safeConsolePath('/console')).toBe('/console');
    expect(safeConsolePath('/console/workers?search=%E5%BC%A0&page=2')).toBe('/console/workers?search=%E5%BC%A0&page=2');
    for (const bad of ['/console/\r\nx', '/console/工人', '//evil.example', '/console//evil', 'https://evil.example/console', '/consolex', '/console\\x', '', undefined, null]) {
      expect(safeConsolePath(bad as string), JSON.stringify(bad)).toBeNull();
    }
  });

  it('reads console ids strictly', () => {
    expect(consoleId('12')).toBe(12);
    expect(consoleId('2147483647')).toBe(2147483647);
    for (const bad of ['310\r\n', '2147483648', '0', '-1', '1e3', ' 1', 'abc', '', '01']) expect(() => consoleId(bad), JSON.stringify(bad)).toThrow();
  });
});
