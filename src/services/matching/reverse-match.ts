import { Prisma, type Db } from '../../db/prisma.js';
import { NotFoundError } from '../../errors.js';
import { BROADER_SKILL, evaluate, GENERAL_LABOUR } from '../../domain/matching.js';
import { formatWage } from '../../domain/opening-format.js';
import { OPENING_SELECT, openingForRules, WORKER_COLUMNS_SQL, withDivisionCoords, workerFromRow, type Candidates, type WorkerRow } from './candidates.js';

/** The reverse match: open openings that fit one worker (the digest a new subscriber gets). */
export function createReverseMatch({ db, now, candidates: { placeData } }: { db: Db; now: () => Date; candidates: Pick<Candidates, 'placeData'> }) {
  return { findOpeningsForWorker };

  /**
   * Reverse match: open openings that fit a worker, best first. The weekly cap does not
   * apply (the worker just asked), but openings already alerted or applied for are left out.
   */
  async function findOpeningsForWorker(workerId: number, limit = 3) {
    const rows = await db.$queryRaw<WorkerRow[]>`SELECT ${Prisma.raw(WORKER_COLUMNS_SQL)} FROM workers w WHERE w.id = ${workerId}`;
    if (!rows[0]) throw new NotFoundError(`worker ${workerId} not found`);
    const p = await placeData();
    const w = withDivisionCoords(workerFromRow(rows[0]), rows[0].division_code, p);
    const at = now();
    // Openings whose skills the worker could fit: the worker's own, the ones their broader
    // skill covers, and general work for those who want it. Place is left to `evaluate`:
    // there are few open openings, and km limits can cross county lines.
    const fits = [...new Set([...w.skills, ...Object.entries(BROADER_SKILL).filter(([, b]) => w.skills.includes(b)).map(([s]) => s)])];
    const general = w.skills.length === 0 || w.skills.includes(GENERAL_LABOUR);
    const openings = await db.opening.findMany({
      where: {
        status: 'open',
        AND: [
          { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
          { OR: [{ dayLabour: false }, { startsAt: null }, { startsAt: { gt: at } }] },
          { OR: [{ skills: { hasSome: fits.length ? fits : ['\u0000'] } }, ...(general ? [{ skills: { isEmpty: true } }] : [])] },
        ],
        applications: { none: { workerId } },
      },
      select: OPENING_SELECT,
      orderBy: { createdAt: 'desc' },
      take: 500,
    });
    if (openings.length === 0) return [];
    const alerted = await db.$queryRaw<{ opening_id: number }[]>`
      SELECT DISTINCT unnest(opening_ids) AS opening_id FROM notifications WHERE worker_id = ${workerId} AND status <> 'cancelled'
      UNION
      SELECT c.opening_id FROM notifications n JOIN campaigns c ON c.id = n.campaign_id
      WHERE n.worker_id = ${workerId} AND n.status <> 'cancelled' AND c.opening_id IS NOT NULL`;
    const seen = new Set(alerted.map((a) => a.opening_id));
    const out: { id: number; code: string; title: string; wage: string; score: number; reasons: string[] }[] = [];
    for (const o of openings) {
      const e = evaluate(w, openingForRules(o, p), { applied: false, alertedForOpening: seen.has(o.id), recentAlerts: 0 }, { now: at, weeklyCap: 0 });
      if (e.ok) out.push({ id: o.id, code: o.code, title: o.title, wage: formatWage(o.wageMin, o.wageMax, o.wageUnit), score: e.score, reasons: e.reasons });
    }
    // openings came newest first and sort is stable: equal scores keep the newest first.
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
