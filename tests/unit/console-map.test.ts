import { describe, expect, it } from 'vitest';
import { project, townshipLine, townshipMap, type TownshipTally } from '../../src/console/map.js';

const t = (code: string, name: string, workers: number, point: { lat: number; lng: number } | null, extra: Partial<TownshipTally> = {}): TownshipTally => ({
  code,
  name,
  workers,
  active: workers,
  workshops: 0,
  openings: 0,
  point,
  ...extra,
});

describe('the township map (pure)', () => {
  it('puts north up and east right, fits the extent in the box, and sizes circles by area', () => {
    const rows = [t('1', '北', 100, { lat: 23.5, lng: 102.8 }), t('2', '南', 25, { lat: 23.0, lng: 102.8 }), t('3', '东', 0, { lat: 23.25, lng: 103.2 })];
    const { points, width, height } = project(rows);
    const [n, s, e] = points as [(typeof points)[0], (typeof points)[0], (typeof points)[0]];
    expect(n.y).toBeLessThan(s.y);
    expect(e.x).toBeGreaterThan(n.x);
    expect(n.x).toBeCloseTo(s.x, 6);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(width);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(height);
    }
    // Four times the workers, twice the radius above the minimum's share (area in proportion).
    expect(n.r).toBeGreaterThan(s.r);
    expect((n.r - 3) / (s.r - 3)).toBeCloseTo(2, 6);
    expect(e.r).toBe(0);
  });

  it('scales longitude by the cosine of the latitude: a degree east is shorter than a degree north', () => {
    const { points } = project([t('a', 'A', 1, { lat: 23, lng: 102 }), t('b', 'B', 1, { lat: 23, lng: 103 }), t('c', 'C', 1, { lat: 24, lng: 102 })]);
    const [a, b, c] = points as [(typeof points)[0], (typeof points)[0], (typeof points)[0]];
    expect((b.x - a.x) / (a.y - c.y)).toBeCloseTo(Math.cos((23.5 * Math.PI) / 180), 6);
  });

  it('one point sits in the middle; none draws no map and says how to load points', () => {
    expect(project([t('a', 'A', 5, { lat: 23, lng: 102 })]).points[0]).toMatchObject({ x: 320, y: 240 });
    const none = townshipMap([t('a', '新街镇', 5, null)], '图').value;
    expect(none).toContain('还没有导入乡镇坐标');
    expect(none).not.toContain('<svg');
  });

  it('escapes names, reads every township out, and lists the ones left off the map', () => {
    const out = townshipMap(
      [t('a', '<b>镇', 3, { lat: 23, lng: 102 }, { workshops: 2, openings: 1 }), t('b', '无点乡', 4, null)],
      '各乡镇',
    ).value;
    expect(out).not.toContain('<b>镇');
    expect(out).toContain('&lt;b&gt;镇');
    expect(out).toContain('class="m-hiring"');
    expect(out).toContain('没画在图上的乡镇：无点乡');
    expect(townshipLine(t('a', '新街镇', 3, null, { active: 2, workshops: 1, openings: 1 }))).toBe('新街镇：工人 3 人（在接收 2 人），车间 1 个，在招 1 个');
  });
});

describe('points that are not numbers', () => {
  it('leaves a township with an infinite coordinate off the map and lists it', () => {
    const out = townshipMap([t('a', '甲镇', 3, { lat: 23, lng: 102 }), t('b', '乙镇', 2, { lat: 23.2, lng: Number.POSITIVE_INFINITY })], '图').value;
    expect(out).not.toContain('NaN');
    expect(out).toContain('没画在图上的乡镇：乙镇');
  });
});
