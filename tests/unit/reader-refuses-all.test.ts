import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// A red team's stop texts (docs/reader.md "A red team's stop texts"): a refusal of everything sent is a stop,
// whatever reason or complaint comes before it. Words of our own; the near-misses must not change.
const read = testReader();

describe('everything sent refused, after a reason: a sure stop', () => {
  it.each([
    '我去城里带孙子了 做不了了 停止所有通知吧',
    '身体不行了 活干不动了 以后短信都不要发了',
    '你们发的都不对口 算了 什么都别发了',
    '我嫁到外省了 以后通知都莫发',
    '都说了只要编织的 你们还发别的 干脆一样都不要发了',
    '家里有事 没空 麻烦取消全部的推送',
    '在读书 不打工了 所有信息都不用发',
  ])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).not.toBeNull();
  });
});

describe('near-misses: no stop', () => {
  it.each([
    '不要停止所有通知',
    '所有的活都可以 有就发',
    '什么活都能做 住新街',
    '有活再通知我 没活就别发了',
    '以后都别发夜班的了',
    '什么都不要发远的',
  ])('%s', (text) => {
    expect(read(text).intent).not.toBe('unsubscribe');
  });
});
