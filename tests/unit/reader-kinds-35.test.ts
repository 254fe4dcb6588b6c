import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Round 35 (docs/reader.md "Round 35: questions about one opening's terms"): the lead's decision, in texts of our own (not
// the development sets'). A question about one opening's terms reads details — with its code where one is given, with code
// null where the text points at an alert or asks bare; a question whether such work exists stays the list; BM/报名 with a
// code stays an application; a wrong reported stays a report; a price of no work is no wage question.
const read = testReader();

describe('a question about an opening\'s terms, with its code: details with that code', () => {
  it.each([
    ['4417 一个月开好多', '4417'],
    ['6203 住的地方有没得', '6203'],
    ['宿舍几个人住一间 5531', '5531'],
    ['8806 有没有车来接', '8806'],
    ['7302要上夜班不', '7302'],
    ['3390 给不给买保险', '3390'],
    ['2215 四十几岁的收不收', '2215'],
    ['9047还差人没', '9047'],
    ['6610是长期的吗', '6610'],
    ['5120 在哪个村', '5120'],
    ['四四一七 管饭不', '4417'],
    ['４４１７包不包住', '4417'],
    ['2231 带娃去行不行', '2231'],
    ['咋个去 3306', '3306'],
  ])('%s', (text, code) => {
    expect(read(text)).toMatchObject({ intent: 'details', code });
  });
});

describe('without a code, pointing at an alert or asked bare: details with code null', () => {
  it.each([
    '管饭不',
    '有宿舍没得',
    '包不包住',
    '给不给买保险',
    '计件还是拿月工资',
    '是不是两班倒',
    '一天上几个钟头',
    '试用期有好久',
    '你们发的那个电子厂包吃不',
    '刚才那个采茶的 一天给几多',
    '昨天发的那个还招人不',
    '那个搬运的要得不 我五十三了',
    '这个厂在哪点 咋个去',
    '那个包装的有没得社保',
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'details', code: null });
  });
});

describe('near misses keep their reading', () => {
  it.each([
    ['有没有包吃住的活', 'list_jobs'],
    ['有包住的厂没得', 'list_jobs'],
    ['BM4417 包吃住不', 'apply'],
    ['报名5531 宿舍有没得', 'apply'],
    ['说好包吃住 去了住宿要自己掏钱', 'report'],
    ['今天白菜几多钱一斤', 'unknown'],
    ['你们是哪里的', 'unknown'],
    ['吃饭没', 'unknown'],
  ])('%s: %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
  it('a price of no work is no wage question; a kind of work\'s pay stays one', () => {
    expect(read('猪肉多少钱一斤').intent).not.toBe('wage_query');
    expect(read('话费一个月多少钱').intent).not.toBe('wage_query');
    expect(read('采茶一天多少钱').intent).toBe('wage_query');
  });
  it('a terms question never stops alerts', () => {
    for (const t of ['不包住的话就算了 管饭不', '夜班不上 白班有没得']) expect(read(t).intent, t).not.toBe('unsubscribe');
  });
});
