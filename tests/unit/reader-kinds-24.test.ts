import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Two kinds the sealed fresh24 set found after its figure was taken (docs/reader.md "After fresh24"),
// each tested in words of our own: none of these texts is in the set.
const read = testReader();

describe('过 of what one has done is no time passing: the refusal after it is a stop', () => {
  it.each([
    '我没订过 不要再发了',
    '我从来没有登记过 不要再发了',
    '我又没报过名 莫再发了',
    '没听说过你们 不要再发',
    '我没用过这个 别再发了',
  ])('%s: a sure stop', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
  });

  it.each(['等我过完年再说', '别发了，出院了再发', '不要发了 过完年再发'])('%s: still a pause', (text) => {
    expect(read(text).intent).toBe('pause');
  });
});

describe('a span the refusal holds for is a pause', () => {
  it.each(['三个月不要发', '我要去坐月子了 三个月不要发', '住院了 两个月莫发', '这两个月别发', '半个月不用发', '10天不要发 谢谢'])('%s: a pause', (text) => {
    expect(read(text).intent).toBe('pause');
  });

  it.each(['发了三个月 不要再发了', '收了三个月了 不要发了', '三个月不要再发了 以后都不要', '订了半年 一个都没有 不要发了'])('%s: still a stop', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
});
