import { describe, expect, it } from 'vitest';
import {
  createLexiconCorrector,
  joinSpacedCharacters,
  numbersToDigits,
  stripEmoji,
  stripPinyinTones,
} from '../../src/domain/reading-text.js';

describe('reading text: the second normalisation', () => {
  it('drops emoji, skin tones and joiners, leaving a separator', () => {
    expect(stripEmoji('退订🙏🙏')).toBe('退订');
    expect(stripEmoji('🙅‍♀️退订')).toBe('退订');
    expect(stripEmoji('好的👍🏽 谢谢')).toBe('好的 谢谢');
    expect(stripEmoji('👍')).toBe('');
  });

  it('joins single characters and letters typed apart, and leaves words and digits alone', () => {
    expect(joinSpacedCharacters('退 订')).toBe('退订');
    expect(joinSpacedCharacters('我 要 报 名')).toBe('我要报名');
    expect(joinSpacedCharacters('t d')).toBe('td');
    expect(joinSpacedCharacters('b m 2 0 4 8')).toBe('bm 2 0 4 8');
    expect(joinSpacedCharacters('订阅 缝纫 南沙镇')).toBe('订阅 缝纫 南沙镇');
    expect(joinSpacedCharacters('1 3')).toBe('1 3');
    expect(joinSpacedCharacters('地 址 沙 甸 dz')).toBe('地址沙甸 dz');
  });

  it('takes tones off pinyin, as marks or digits', () => {
    expect(stripPinyinTones('tuìdìng')).toBe('tuiding');
    expect(stripPinyinTones('tuì dìng')).toBe('tui ding');
    expect(stripPinyinTones('tui4 ding4')).toBe('tui ding');
    expect(stripPinyinTones('tui4ding4')).toBe('tuiding');
    expect(stripPinyinTones('lǜchūn')).toBe('lvchun');
    // Codes keep their digits.
    expect(stripPinyinTones('bm1024')).toBe('bm1024');
    expect(stripPinyinTones('bm 1')).toBe('bm 1');
  });

  it('turns numbers said in words into digits when they are codes or sums, not durations', () => {
    expect(numbersToDigits('报名一零八八')).toBe('报名1088');
    expect(numbersToDigits('报名幺三零五')).toBe('报名1305');
    expect(numbersToDigits('报名一千零八十八')).toBe('报名1088');
    expect(numbersToDigits('一千零三')).toBe('1003');
    expect(numbersToDigits('工资两千五')).toBe('工资2500');
    expect(numbersToDigits('一百二')).toBe('120');
    expect(numbersToDigits('暂停三个月')).toBe('暂停三个月');
    expect(numbersToDigits('十五天')).toBe('十五天');
    expect(numbersToDigits('第一')).toBe('第一');
  });

  it('corrects homophones of lexicon words by one character, and pinyin of them', () => {
    const c = createLexiconCorrector(['缝纫', '采摘', '包装', '退订', '订阅', '手工', '新街'], ['收工']);
    expect(c.correct('订阅逢纫新接')).toBe('订阅缝纫新街');
    expect(c.correct('踩摘')).toBe('采摘');
    expect(c.correct('包状')).toBe('包装');
    expect(c.correct('退丁')).toBe('退订');
    expect(c.correct('tuiding')).toBe('退订');
    expect(c.correct('tui ding')).toBe('退订');
    expect(c.correct('woyaotuiding')).toBe('woyao 退订');
    expect(c.correct('dingyue fengren')).toBe('订阅 缝纫');
    // Everyday words that sound alike stay; so do words two characters off (推定), unless asked.
    expect(c.correct('今天收工了')).toBe('今天收工了');
    expect(c.correct('推定')).toBe('推定');
    expect(createLexiconCorrector(['退订'], [], ['退订']).correct('我要推定')).toBe('我要退订');
    // Short ASCII commands are never pinyin of a word.
    expect(c.correct('td dy bm')).toBe('td dy bm');
  });

  it('takes pinyin syllables typed among characters for the word they spell, and no other letters', () => {
    const c = createLexiconCorrector(['退订', '帮助', '暂停', '订阅', '建水'], ['回复']);
    expect(c.correct('tui订')).toBe('退订');
    expect(c.correct('帮zhu')).toBe('帮助');
    expect(c.correct('我住jian水县')).toBe('我住建水县');
    expect(c.correct('订yue 缝纫')).toBe('订阅 缝纫');
    expect(c.correct('ok了 bm1003 td')).toBe('ok了 bm1003 td');
  });

  it('takes a near sound (zh = z, -ng = -n) one character off for the words it is given', () => {
    const c = createLexiconCorrector(['帮助', '技能'], [], [], ['帮助', '技能']);
    expect(c.correct('帮组')).toBe('帮助');
    expect(c.correct('改技嫩')).toBe('改技能');
    expect(createLexiconCorrector(['帮助']).correct('帮组')).toBe('帮组');
  });

  it('costs one pass: a long text is corrected like its pieces', () => {
    const c = createLexiconCorrector(['缝纫', '退订'], []);
    const piece = '我会逢纫 tui ding tui订 ';
    expect(c.correct(piece)).toBe('我会缝纫 退订 退订 ');
    expect(c.correct(piece.repeat(2000))).toBe(c.correct(piece).repeat(2000));
  });
});
