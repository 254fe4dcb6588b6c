import { formatWage, type WageUnitName } from './opening-format.js';

/**
 * The wage benchmark (docs/honest-posts.md): the median pay of past openings for a skill in a
 * county, per wage unit (a day's pay, a month's and a piece rate cannot be mixed). Each opening
 * counts once, at the middle of its range. Fewer than BENCHMARK_MIN_OPENINGS openings give no
 * number: one or two posts would read as the going rate. Pure.
 */

export const BENCHMARK_MIN_OPENINGS = 3;
/** How far back past openings count. */
export const BENCHMARK_DAYS = 365;

/** The median of some numbers (the mean of the middle two for an even count), rounded to a yuan; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(m);
}

export interface PastWage {
  wageMin: number;
  wageMax: number;
  wageUnit: WageUnitName;
}

export interface UnitBenchmark {
  unit: WageUnitName;
  /** Openings counted. */
  count: number;
  /** Null when count < BENCHMARK_MIN_OPENINGS. */
  median: number | null;
}

/** Per unit, most openings first: the count and (from BENCHMARK_MIN_OPENINGS on) the median. */
export function benchmarkByUnit(rows: readonly PastWage[]): UnitBenchmark[] {
  const byUnit = new Map<WageUnitName, number[]>();
  for (const r of rows) byUnit.set(r.wageUnit, [...(byUnit.get(r.wageUnit) ?? []), (r.wageMin + r.wageMax) / 2]);
  return [...byUnit.entries()]
    .map(([unit, mids]) => ({ unit, count: mids.length, median: mids.length >= BENCHMARK_MIN_OPENINGS ? median(mids) : null }))
    .sort((a, b) => b.count - a.count || a.unit.localeCompare(b.unit));
}

/** 日薪150元 / 月薪4200元 / 计件3元/件: a benchmark in the words of an alert. */
export function benchmarkPay(b: UnitBenchmark): string | null {
  return b.median === null ? null : formatWage(b.median, b.median, b.unit);
}

/**
 * The line under the console's wage fields: 元阳县缝纫近一年：月薪中位数 4200 元（12 个岗位）; or
 * that there are too few to say.
 */
export function benchmarkLine(place: string, skill: string, units: readonly UnitBenchmark[]): string {
  const known = units.filter((u) => u.median !== null);
  const total = units.reduce((n, u) => n + u.count, 0);
  if (known.length === 0) return `${place}${skill}近一年只有 ${total} 个岗位，太少，算不出可靠的工价`;
  return `${place}${skill}近一年工价中位数：${known.map((u) => `${benchmarkPay(u)}（${u.count} 个岗位）`).join('，')}`;
}
