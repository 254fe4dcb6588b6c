import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/domain/text-normalize.js';

describe('normalizeText', () => {
  it('folds full-width letters, digits and spaces', () => {
    expect(normalizeText('ＳＴＯＰ')).toBe('stop');
    expect(normalizeText('報名１０２４')).toBe('报名1024');
    expect(normalizeText('ＤＹ　缝纫　蒙自')).toBe('dy 缝纫 蒙自');
    expect(normalizeText('①③')).toBe('13');
  });

  it('turns traditional characters into simplified ones', () => {
    expect(normalizeText('訂閱 縫紉 南沙鎮')).toBe('订阅 缝纫 南沙镇');
    expect(normalizeText('別再給我發簡訊了')).toBe('别再给我发简讯了');
    expect(normalizeText('暫停一個月')).toBe('暂停一个月');
  });

  it('leaves simplified place names alone', () => {
    for (const name of ['元阳县新街镇胜村村委会', '金平苗族瑶族傣族自治县', '垤玛乡', '迤萨镇', '木登硐村民委员会']) {
      expect(normalizeText(name)).toBe(name);
    }
  });

  it('unifies Chinese and ASCII punctuation', () => {
    expect(normalizeText('退订，谢谢！')).toBe('退订,谢谢!');
    expect(normalizeText('好的。')).toBe('好的.');
    expect(normalizeText('缝纫、包装；地点：蒙自')).toBe('缝纫,包装;地点:蒙自');
    expect(normalizeText('【归雁】“岗位”')).toBe('(归雁)"岗位"');
    expect(normalizeText('在吗？')).toBe('在吗?');
  });

  it('lowercases letters', () => {
    expect(normalizeText('TD')).toBe('td');
    expect(normalizeText('Bm3021')).toBe('bm3021');
  });

  it('drops invisible characters and collapses whitespace', () => {
    expect(normalizeText('退\u200b订')).toBe('退订');
    expect(normalizeText('\ufeff  订阅 \n\t 缝纫   ')).toBe('订阅 缝纫');
    expect(normalizeText('👍\ufe0f')).toBe('👍');
  });

  it('is idempotent', () => {
    for (const raw of ['報名１０２４', '  T D ', '先不要发，过完年再说', '订阅：缝纫、包装', 'Stop please!!']) {
      const once = normalizeText(raw);
      expect(normalizeText(once)).toBe(once);
    }
  });
});
