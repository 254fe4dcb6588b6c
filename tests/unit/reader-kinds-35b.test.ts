import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';
import { pinyinTerms35 } from '../../src/domain/reader-kinds-35.js';

// Round 35b (docs/reader.md "Round 35b"): the kinds of terms question Round 35 did not yet read, in texts of our own (not the
// development set's), each with its near misses. The Round 35 boundaries hold: a search with terms stays the list, a sign-up
// that asks nothing stays one, stops, pauses and reports never become details, BM with a code and no question stays apply.
const read = testReader();

describe('a terms question whose words also look like a sign-up (a place, a skill): details', () => {
  it.each([
    '从蒙自骑车过去要多久',
    '坐班车过去要几个钟头',
    '离我这边有多远 我住在草坝',
    '可以带娃娃一起去不',
    '能不能带小孩去上班 老人带不过来',
    '刺绣那个能拿回家做吗',
    '缝纫那个可以在家做不',
    '你们刚发那个摘花椒的 按斤算吗',
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'details', code: null });
  });
});

describe('terms words Round 35 had not: details', () => {
  it.each([
    '招男工还是女工',
    '要女的还是要男的',
    '年龄有没有限制',
    '多大年纪的能去',
    '星期天休息不',
    '周末要加班不',
    '发工资是几号 会不会拖欠',
    '上班的地方在哪点',
    '具体位置发我一下',
    '那家是做啥子的',
    '刚才那个是干什么的 我没看明白',
    '包住不包',
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'details', code: null });
  });
});

describe('terms in pinyin', () => {
  it.each([
    ['baochizhu ma', null],
    ['jiaban duoshao qian', null],
    ['4407 baozhu bu', '4407'],
    ['gongzi zenme suan', null],
  ])('%s', (text, code) => {
    expect(read(text)).toMatchObject({ intent: 'details', code });
  });
  it('reads only runs that split whole into its words', () => {
    expect(pinyinTerms35('4407 bao zhu bu')).toBe('4407 包住不');
    expect(pinyinTerms35('bm4407')).toBe('bm4407');
    expect(pinyinTerms35('td')).toBe('td');
    expect(pinyinTerms35('hello world')).toBe('hello world');
  });
});

describe('a code typed apart, or inside a question after BM: details with the code', () => {
  it.each([
    ['4 4 0 6 还招不', '4406'],
    ['包吃住不 2 0 4 7', '2047'],
    ['想问下BM2047那个包不包吃住', '2047'],
    ['请问报名2047要上夜班不', '2047'],
    ['我问下1003工资多少', '1003'],
  ])('%s', (text, code) => {
    expect(read(text)).toMatchObject({ intent: 'details', code });
  });
});

describe('BM with a code and no question asked of its terms stays apply (with its code)', () => {
  it.each([
    ['BM2047', '2047'],
    ['想问下BM1003', '1003'],
    ['问下BM1003 我要报', '1003'],
    ['报名1003 包吃住吗', '1003'],
    ['bm1003 一天几个钟头', '1003'],
    ['报名 2047 一天几个钟头', '2047'],
    ['我奶奶想报那个绣花的 4412 她在家做得来', '4412'],
  ])('%s', (text, code) => {
    expect(read(text)).toMatchObject({ intent: 'apply', code });
  });
});

describe('a term promised and not kept: a report', () => {
  it.each([
    '短信上写的管饭 到了没得饭吃',
    '说有宿舍 去了没得床',
    '说是一天两百 结果只给一百二',
    '说好有车接 在路边等到中午都没车',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('report');
  });
  it('keeps the code', () => {
    expect(read('2290 说包吃住 去了没包')).toMatchObject({ intent: 'report', code: '2290' });
  });
  it.each(['不是说有班车吗', '说好的工资几号发'])('a promise asked after is a question: %s', (text) => {
    expect(read(text).intent).toBe('details');
  });
});

describe('a price of no work: unknown, neither a sign-up nor a terms question', () => {
  it.each([
    '从个旧到建水车费多少',
    '从河口到蒙自的车票好多钱',
    '今年核桃收购价多少',
    '三七市场价好多一斤',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('unknown');
  });
  it('a piece rate of picking is still a wage question', () => {
    expect(read('采茶一斤多少钱').intent).toBe('wage_query');
  });
});

describe('the Round 35 boundaries hold', () => {
  it.each([
    ['有没有包吃住的活', 'list_jobs'],
    ['离家近的活有没有', 'list_jobs'],
    ['缝纫 蒙自', 'subscribe'],
    ['我会缝纫 在蒙自', 'subscribe'],
    ['我住新街 会开挖机 有活喊我', 'subscribe'],
    ['我妹妹会绣花 住在芷村 可以拿回家做不', 'subscribe'],
    ['这个是干什么的', 'help'],
    ['工资太低 莫发了', 'unsubscribe'],
    ['过去三个月没发工资', 'report'],
  ])('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});
