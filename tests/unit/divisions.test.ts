import { describe, expect, it } from 'vitest';
import { loadDivisions, type DivisionRecord } from '../../src/data/divisions.js';

const HONGHE = '云南省红河哈尼族彝族自治州';

function countByLevel(records: readonly DivisionRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.level] = (counts[r.level] ?? 0) + 1;
  return counts;
}

describe('loadDivisions', () => {
  it('loads Honghe: 1 province, 1 prefecture, 13 counties, 139 townships, 1,363 villages', () => {
    expect(countByLevel(loadDivisions())).toEqual({
      province: 1,
      prefecture: 1,
      county: 13,
      township: 139,
      village: 1363,
    });
  });

  it('builds each full name from the province down', () => {
    const records = loadDivisions(['5325']);
    const byCode = new Map(records.map((r) => [r.code, r]));
    for (const r of records) {
      const parent = r.parentCode === null ? undefined : byCode.get(r.parentCode);
      expect(r.fullName).toBe((parent?.fullName ?? '') + r.name);
    }
    expect(byCode.get('532528102')?.fullName).toBe(`${HONGHE}元阳县新街镇`);
    expect(records.find((r) => r.name === '胜村村委会')?.fullName).toBe(`${HONGHE}元阳县新街镇胜村村委会`);
  });

  it('gives codes of the documented lengths, each prefixed by its parent', () => {
    const lengths = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 };
    for (const r of loadDivisions()) {
      expect(r.code).toHaveLength(lengths[r.level]);
      if (r.parentCode !== null) expect(r.code.startsWith(r.parentCode)).toBe(true);
      else expect(r.level).toBe('province');
    }
  });

  it('orders parents before their children', () => {
    const seen = new Set<string>();
    for (const r of loadDivisions()) {
      if (r.parentCode !== null) expect(seen.has(r.parentCode)).toBe(true);
      seen.add(r.code);
    }
  });

  it('memoises per argument list', () => {
    expect(loadDivisions(['5325'])).toBe(loadDivisions());
    expect(loadDivisions(['5325', '5301'])).not.toBe(loadDivisions(['5325']));
  });

  it('loads other prefectures and only them', () => {
    const kunming = loadDivisions(['5301']);
    expect(kunming[0]).toMatchObject({ code: '53', level: 'province' });
    expect(kunming.find((r) => r.level === 'prefecture')?.name).toBe('昆明市');
    expect(kunming.filter((r) => r.level === 'village').length).toBeGreaterThan(500);
    expect(kunming.some((r) => r.code.startsWith('5325'))).toBe(false);
    const both = loadDivisions(['5325', '5301']);
    expect(both.filter((r) => r.level === 'province')).toHaveLength(1);
    expect(both.filter((r) => r.level === 'prefecture')).toHaveLength(2);
  });
});
