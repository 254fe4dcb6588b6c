import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createPlaceIndex, type PlaceCandidate, type PlaceIndex } from '../../src/domain/places.js';

const PREFIX = '云南省红河哈尼族彝族自治州';
const short = (c: PlaceCandidate | undefined): string | undefined => c?.fullName.replace(PREFIX, '');
const shorts = (list: readonly PlaceCandidate[]): (string | undefined)[] => list.map(short);

let index: PlaceIndex;
beforeAll(() => {
  index = createPlaceIndex(loadDivisions());
});

describe('lookup', () => {
  it('finds a township with or without its suffix, or with the wrong one', () => {
    for (const q of ['南沙镇', '南沙', '南沙乡', '元阳南沙', '元阳县南沙镇']) {
      expect(short(index.lookup(q)[0]), q).toBe('元阳县南沙镇');
    }
    expect(short(index.lookup('攀枝花')[0])).toBe('元阳县攀枝花乡');
    expect(short(index.lookup('大屯街道')[0])).toBe('个旧市大屯街道');
  });

  it('finds counties by short name', () => {
    expect(shorts(index.lookup('蒙自')).slice(0, 1)).toEqual(['蒙自市']);
    expect(short(index.lookup('屏边')[0])).toBe('屏边苗族自治县');
    expect(short(index.lookup('屏边县')[0])).toBe('屏边苗族自治县');
    expect(short(index.lookup('金平')[0])).toBe('金平苗族瑶族傣族自治县');
    expect(short(index.lookup('建水县')[0])).toBe('建水县');
  });

  it('puts the county before a township of the same name', () => {
    expect(shorts(index.lookup('河口')).slice(0, 2)).toEqual(['河口瑶族自治县', '河口瑶族自治县河口镇']);
  });

  it('returns every candidate of an ambiguous name, best first', () => {
    const xinjie = shorts(index.lookup('新街'));
    expect(xinjie[0]).toBe('元阳县新街镇');
    expect(xinjie).toContain('元阳县小新街乡');
    expect(xinjie).toContain('元阳县新街镇新街村委会');
    expect(xinjie).toContain('建水县曲江镇新街村委会');
    const baohua = shorts(index.lookup('宝华'));
    expect(baohua.slice(0, 2).sort()).toEqual(['个旧市宝华街道', '红河县宝华镇']);
  });

  it('puts the exact full name before names that only share the stem', () => {
    const list = shorts(index.lookup('新街镇'));
    expect(list[0]).toBe('元阳县新街镇');
    expect(list.indexOf('元阳县小新街乡')).toBeGreaterThan(0);
    expect(short(index.lookup('牛街村')[0])).toBe('石屏县牛街镇牛街社区');
    expect(short(index.lookup('牛街')[0])).toBe('石屏县牛街镇');
  });

  it('narrows by the county, township or both written before the name', () => {
    expect(shorts(index.lookup('元阳新街'))).toEqual(['元阳县新街镇', '元阳县新街镇新街村委会', '元阳县小新街乡']);
    expect(shorts(index.lookup('元阳县新街镇'))).toEqual(['元阳县新街镇']);
    expect(shorts(index.lookup('石屏新街'))).toEqual(['石屏县坝心镇新街村委会']);
    expect(shorts(index.lookup('新街镇胜村'))).toEqual(['元阳县新街镇胜村村委会']);
    expect(shorts(index.lookup('元阳县新街镇胜村'))).toEqual(['元阳县新街镇胜村村委会']);
  });

  it('finds villages by name', () => {
    expect(short(index.lookup('胜村')[0])).toBe('元阳县新街镇胜村村委会');
    expect(short(index.lookup('胜村村委会')[0])).toBe('元阳县新街镇胜村村委会');
  });

  it('reads pinyin of counties and townships', () => {
    expect(short(index.lookup('mengzi')[0])).toBe('蒙自市');
    expect(short(index.lookup('nansha')[0])).toBe('元阳县南沙镇');
    expect(short(index.lookup('Nan Sha')[0])).toBe('元阳县南沙镇');
    expect(short(index.lookup('jianshui')[0])).toBe('建水县');
  });

  it('falls back to longer names ending with the words', () => {
    expect(short(index.lookup('黑山')[0])).toBe('绿春县大黑山镇');
  });

  it('returns nothing for names that are not places', () => {
    expect(index.lookup('北京西路')).toEqual([]);
    expect(index.lookup('')).toEqual([]);
    expect(index.lookup('xyz')).toEqual([]);
  });
});

describe('findInText', () => {
  it('finds places inside sentences', () => {
    expect(short(index.findInText('我会踩缝纫机，住在胜村')[0])).toBe('元阳县新街镇胜村村委会');
    expect(short(index.findInText('我想在家门口上班，会车工，住在新城乡')[0])).toBe('石屏县新城乡');
    expect(short(index.findInText('dy baozhuang mengzi')[0])).toBe('蒙自市');
    expect(short(index.findInText('我是元阳胜村的，以前在广东电子厂')[0])).toBe('元阳县新街镇胜村村委会');
  });

  it('finds places without spaces around them, the best 新街 first', () => {
    const list = shorts(index.findInText('订阅缝纫新街'));
    expect(list[0]).toBe('元阳县新街镇');
    expect(list).toContain('元阳县小新街乡');
    expect(list.length).toBeGreaterThan(3);
  });

  it('keeps the order of mention across places', () => {
    expect(shorts(index.findInText('以前住蒙自，现在搬到开远')).slice(0, 2)).toEqual(['蒙自市', '开远市']);
  });

  it('lets a county narrow the place after it', () => {
    expect(shorts(index.findInText('订阅 烤烟 石屏县 龙朋镇'))).toEqual(['石屏县龙朋镇']);
    expect(short(index.findInText('订阅 摘花椒 泸西向阳')[0])).toBe('泸西县向阳乡');
  });

  it('does not turn fragments of ordinary words into places', () => {
    for (const text of [
      '我会', '不要', '新的', '我很幸福', '团结就能成功', '现在就能去', '建设新农村', '在桥头等你',
      '和平年代要珍惜', '过大桥就到了', '三村五寨的人都来了', '我家盖了新房子', '在红河州打工',
      '广东那边工资高', '光明正大', '可乐好喝', '老街那边有个厂', '先生你好',
    ]) {
      expect(index.findInText(text), text).toEqual([]);
    }
  });

  it('lets a name said again with its official suffix pick the place it names (round 12)', () => {
    expect(index.findInText('宝华有活没得 我家在宝华镇')[0]?.name).toBe('宝华镇');
  });

  it('takes an everyday-word township name before an employer said to be there (round 12)', () => {
    expect(index.findInText('草坝那个砖厂欠工资')[0]?.name).toBe('草坝镇');
    expect(index.findInText('过大桥就到了')).toEqual([]);
  });

  it('takes everyday-word township names when they stand alone or follow a cue', () => {
    expect(short(index.findInText('订阅 缝纫 和平')[0])).toBe('屏边苗族自治县和平镇');
    expect(short(index.findInText('住在和平')[0])).toBe('屏边苗族自治县和平镇');
    expect(index.findInText('我家住在幸福')[0]?.level).toBe('village');
  });
});
