import type { Db, Prisma } from '../../db/prisma.js';
import { BENCHMARK_DAYS, benchmarkByUnit, type UnitBenchmark } from '../../domain/wage-benchmark.js';

/**
 * The median pay of past openings of one skill in one county (docs/honest-posts.md): openings
 * published in the last BENCHMARK_DAYS (drafts are not offers), of workshops in the county.
 * `countyCode` is a 6-digit code; any longer division code is cut to its county.
 */
export async function wageBenchmark(db: Db | Prisma.TransactionClient, skill: string, divisionCode: string, now: Date): Promise<UnitBenchmark[]> {
  const county = divisionCode.slice(0, 6);
  const rows = await db.opening.findMany({
    where: {
      skills: { has: skill },
      status: { not: 'draft' },
      createdAt: { gte: new Date(now.getTime() - BENCHMARK_DAYS * 86_400_000) },
      workshop: { divisionCode: { startsWith: county } },
    },
    select: { wageMin: true, wageMax: true, wageUnit: true },
    take: 10_000,
  });
  return benchmarkByUnit(rows);
}

/** "元阳县": the county's name for a benchmark's words. */
export async function countyName(db: Db | Prisma.TransactionClient, divisionCode: string): Promise<string> {
  const d = await db.division.findUnique({ where: { code: divisionCode.slice(0, 6) }, select: { name: true } });
  return d?.name ?? '';
}
