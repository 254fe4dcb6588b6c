import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import { waveSize } from '../../domain/matching.js';
import { maskPhone } from '../../domain/phone.js';
import type { Candidates, MatchPlan, OpeningRef } from './candidates.js';

/** Reads about an opening's matching that change nothing: the plan, the dry run, the alerts listed. */
export function createMatchReports({
  config,
  db,
  candidates: { mustLoad, plan },
}: {
  config: Pick<Config, 'MATCH_WAVE_FACTOR'> & Partial<Pick<Config, 'VOICE_DRIVER'>>;
  db: Db;
  candidates: Pick<Candidates, 'mustLoad' | 'plan'>;
}) {
  return {
    /** The ranked matches for an opening now (the benchmark times this; nothing is written). */
    async planMatch(openingId: number): Promise<MatchPlan> {
      return plan(await mustLoad(openingId), false);
    },

    /**
     * The dry run: who would be alerted now, by township and skill, the first wave's size,
     * and how many were skipped for each reason among workers in the county with a fitting skill.
     */
    async preflight(opening: OpeningRef) {
      const o = await mustLoad(opening);
      const p = await plan(o, true);
      const byTownship = new Map<string, number>();
      const bySkill = new Map<string, number>();
      for (const m of p.matches) {
        const t = (m.divisionCode ?? '').slice(0, 9);
        byTownship.set(t, (byTownship.get(t) ?? 0) + 1);
        bySkill.set(m.skill, (bySkill.get(m.skill) ?? 0) + 1);
      }
      const names = await db.division.findMany({ where: { code: { in: [...byTownship.keys()] } }, select: { code: true, name: true } });
      const nameOf = new Map(names.map((n) => [n.code, n.name]));
      const size = waveSize(o.headcount, config.MATCH_WAVE_FACTOR, false)!;
      // Of the first wave, those who get a call instead of an SMS (docs/aliyun-voice.md; outbox `callsTo`).
      const first = p.matches.slice(0, size).map((m) => m.workerId);
      const [voice] =
        (config.VOICE_DRIVER ?? 'off') !== 'off' && first.length
          ? await db.$queryRaw<{ n: bigint }[]>`
              SELECT count(*) AS n FROM workers WHERE id = ANY(${first}::int[]) AND (wants_calls OR needs_calls) AND calls_stopped_at IS NULL`
          : [{ n: 0n }];
      return {
        matched: p.matches.length,
        firstWave: Math.min(p.matches.length, size),
        calls: Number(voice?.n ?? 0),
        byTownship: [...byTownship.entries()]
          .map(([code, count]) => ({ code, name: nameOf.get(code) ?? code, count }))
          .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
        bySkill: [...bySkill.entries()].map(([skill, count]) => ({ skill, count })).sort((a, b) => b.count - a.count),
        skipped: p.skipped,
      };
    },

    /** Alerts of an opening with their score and reasons, best first (GET /openings/:id/matches). */
    async listMatches(opening: OpeningRef, page: number, pageSize: number) {
      const openingId = (await mustLoad(opening)).id;
      const where = { campaign: { openingId } };
      const [total, rows] = await Promise.all([
        db.notification.count({ where }),
        db.notification.findMany({
          where,
          orderBy: [{ score: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
          skip: (page - 1) * pageSize,
          take: pageSize,
          select: {
            workerId: true,
            phone: true,
            score: true,
            matchReasons: true,
            status: true,
            errorCode: true,
            createdAt: true,
            sentAt: true,
            campaign: { select: { wave: true } },
            worker: { select: { division: { select: { fullName: true } } } },
          },
        }),
      ]);
      const skipped = await db.matchSkip.groupBy({ by: ['reason'], where: { campaign: { openingId } }, _count: { _all: true } });
      return {
        total,
        page,
        pageSize,
        skipped: Object.fromEntries(skipped.map((s) => [s.reason, s._count._all])),
        items: rows.map((r) => ({
          workerId: r.workerId,
          phone: r.phone ? maskPhone(r.phone) : null,
          place: r.worker?.division?.fullName ?? null,
          wave: r.campaign?.wave ?? null,
          score: r.score,
          reasons: r.matchReasons ? r.matchReasons.split('·') : [],
          status: r.status,
          errorCode: r.errorCode,
          createdAt: r.createdAt,
          sentAt: r.sentAt,
        })),
      };
    },
  };
}
