import { describe, expect, it } from 'vitest';
import { barChart, beijingStart, chartLabel, lastDays, lastWeeks, niceMax, onDates } from '../../src/console/charts.js';

describe('server-drawn SVG charts', () => {
  it('picks a round axis top at or above the largest value', () => {
    expect([0, 1, 3, 7, 10, 11, 240, 999, 1001].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 500, 1000, 2000]);
  });

  it('counts Beijing days and Mondays, oldest first', () => {
    // 2026-12-02 23:30 Beijing is still Wednesday the 2nd; 16:30 UTC the same instant.
    const at = new Date('2026-12-02T15:30:00Z');
    expect(lastDays(at, 3)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(lastDays(new Date('2026-12-02T16:30:00Z'), 1)).toEqual(['2026-12-03']);
    expect(lastWeeks(at, 3)).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(beijingStart('2026-12-02').toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(onDates(['a', 'b'], new Map([['b', 4]]))).toEqual([0, 4]);
  });

  it('is an image with a title and every number in its label and table, bars scaled to the axis', () => {
    const c = { id: 'x', title: '每天发出的消息', labels: ['12-01', '12-02'], unit: '条', series: [{ name: '已发', cls: 'c-sent', values: [3, 10] }, { name: '失败', cls: 'c-failed', values: [0, 1] }] };
    const out = barChart(c).value;
    expect(out).toContain('role="img"');
    expect(out).toContain('<title>每天发出的消息</title>');
    expect(chartLabel(c)).toBe('每天发出的消息（单位：条）：12-01 已发3、失败0；12-02 已发10、失败1');
    expect(out).toContain(`aria-label="${chartLabel(c)}"`);
    expect(out).toContain('<tr><th>12-02</th><td>10</td><td>1</td></tr>');
    const heights = [...out.matchAll(/<rect class="c-sent"[^>]* height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights[1]).toBeCloseTo(142, 0);
    expect(heights[0]! / heights[1]!).toBeCloseTo(0.3, 2);
    expect(out).not.toMatch(/style=|<script/);
  });

  it('escapes what it is given', () => {
    const out = barChart({ id: 'y', title: '<b>', labels: ['"x'], unit: '人', series: [{ name: '<i>', cls: 'c-new', values: [1] }] }).value;
    expect(out).not.toContain('<b>');
    expect(out).not.toContain('<i>');
  });
});
