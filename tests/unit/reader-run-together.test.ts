import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { joinSpacedCharacters, splitTwoCodes } from '../../src/domain/reading-text.js';
import { closeWideGaps } from '../../src/domain/reader-run-together.js';

/**
 * Round 16c (docs/reader.md): the entities of a text run together (voice input, no space key) or
 * typed apart character by character read as they do with the spaces and punctuation in place.
 */
const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
const place = (text: string): string => read(text).places[0]?.name ?? '';

describe('codes typed apart or run together', () => {
  it.each([
    ['我 想 报 那 个 2 0 6 1', 'apply', '2061'],
    ['3 0 1 8 我 克', 'apply', '3018'],
    ['上 回 报 的 1 4 6 8 有 消 息 没', 'status', '1468'],
    ['20612062都要', 'apply', '2061'],
    ['报名30173018', 'apply', '3017'],
    ['报名，2，0，6，1', 'apply', '2061'],
    ['做了半个月工钱一直没结3021那个', 'report', '3021'],
  ])('%s → %s %s', (text, intent, code) => {
    expect(read(text)).toMatchObject({ intent, code });
  });

  it('leaves menu picks, amounts, dates and phone numbers alone', () => {
    expect(joinSpacedCharacters('我 选 1 3 5')).toBe('我选 1 3 5');
    expect(read('我 选 1 3 5')).toMatchObject({ code: null });
    expect(read('1 3')).toMatchObject({ intent: 'unknown', menuChoices: [1, 3], code: null });
    expect(read('工资只有3000那个厂不去').code).toBeNull();
    expect(splitTwoCodes('20240315报名')).toBe('20240315报名');
    expect(splitTwoCodes('我电话12345678')).toBe('我电话12345678');
  });
});

describe('places run together', () => {
  it.each([
    ['订阅挖机开远', '开远市'],
    ['订阅搬运装卸都得官厅', '官厅镇'],
    ['会电焊找活路冷泉', '冷泉镇'],
    ['我老公会开挖机在草坝以后有活发给他', '草坝镇'],
    ['地，址，改，成，建，水', '建水县'],
  ])('%s → %s', (text, name) => {
    expect(place(text)).toBe(name);
  });

  it('invents no place inside an ordinary word', () => {
    expect(read('我找工作和平时一样难').places).toEqual([]);
    expect(read('叉车开会').skills).toEqual(['叉车']);
    expect(read('芒果摘三天').skills).toEqual(['采摘']);
  });
});

describe('a question and its afterthought run together', () => {
  it.each([
    ['明天有采茶的活吗元阳', ['采摘'], '元阳县'],
    ['有活路吗缝纫的', ['缝纫'], ''],
    ['活路保洁', ['保洁'], ''],
    ['石屏保洁有吗', ['保洁'], '石屏县'],
  ])('%s is a list', (text, skills, name) => {
    expect(read(text)).toMatchObject({ intent: 'list_jobs', skills });
    expect(place(text)).toBe(name);
  });
});

describe('pinyin with no spaces', () => {
  it('is read key by key', () => {
    expect(read('dingyuebaojiegejiu')).toMatchObject({ intent: 'subscribe', skills: ['保洁'] });
    expect(place('dingyuebaojiegejiu')).toBe('个旧市');
    expect(read('wohuikaichachegejiu').skills).toEqual(['叉车']);
  });

  it('starts each key on a syllable: shoudao is 收到, not s + 后道', () => {
    expect(read('shoudao').skills).toEqual([]);
  });
});

describe('wider gaps in a text typed apart (Round 22, docs/reader.md "Round 22")', () => {
  it('reads each run of two or more spaces as a clause boundary when every character is typed apart', () => {
    expect(closeWideGaps('我 妈 的 号   她 看 不 懂   你 们 停 了 吧')).toBe('我妈的号 她看不懂 你们停了吧');
    expect(closeWideGaps('报 名   1 0 0 3   谢 谢')).toBe('报名 1003 谢谢');
    // Not typed apart, too short, or no wide gap: as sent.
    for (const t of ['我妈的号  她看不懂', '1  3', '报名 1003', '退 订']) expect(closeWideGaps(t)).toBe(t);
  });
  it('keeps the stop, the question and the code of each clause', () => {
    for (const t of ['我 妈 的 号   她 看 不 懂   你 们 停 了 吧', '老 是 一 大 早 发   吵 醒 娃 娃   取 消', '退 订   这 样 就 可 以 了 吗'])
      expect(read(t).intent, t).toBe('unsubscribe');
    expect(read('火 把 节 过 完 了   又 发 嘛').intent).toBe('resume');
    expect(read('4 4 1 0   这 个   我 要 去')).toMatchObject({ intent: 'apply', code: '4410' });
    expect(read('1 3').menuChoices).toEqual([1, 3]);
  });
});
