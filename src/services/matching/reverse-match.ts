import { Prisma, type Db } from '../../db/prisma.js';
import { NotFoundError } from '../../errors.js';
import { BROADER_SKILL, evaluate, GENERAL_LABOUR } from '../../domain/matching.js';
import { formatWage } from '../../domain/opening-format.js';
import { OPENING_SELECT, openingForRules, WORKER_COLUMNS_SQL, withDivisionCoords, workerFromRow, type Candidates, type PlaceData, type WorkerRow } from './candidates.js';

/** A database client or an open transaction: the 岗位 reply reads inside the conversation's. */
type Reader = Pick<Prisma.TransactionClient, '$queryRaw' | 'opening'>;

/**
 * `isLive` (domain/opening-life.ts) as a filter on openings: open, not past its expiry, and,
 * for day labour, not yet started.
 */
export function liveOpeningWhere(at: Date): Prisma.OpeningWhereInput {
  return {
    status: 'open',
    AND: [
      { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
      { OR: [{ dayLabour: false }, { startsAt: null }, { startsAt: { gt: at } }] },
    ],
  };
}

/** Openings one find reads at most. */
const FIND_TAKE = 500;

/** An opening as offered to a worker: the fields the rules read, and the workshop's place for the listing. */
const OFFER_SELECT = {
  ...OPENING_SELECT,
  workshop: { select: { ...OPENING_SELECT.workshop.select, division: { select: { name: true, fullName: true } } } },
} as const;

/**
 * Openings offered to one worker: the reverse-match digest a new subscriber gets, and the
 * 岗位 reply. Both take the live openings the worker's skills could fit and run `evaluate` on
 * each, as a broadcast does, so neither offers an opening a broadcast would skip.
 */
export function createReverseMatch({ db, now, candidates: { placeData } }: { db: Db; now: () => Date; candidates: Pick<Candidates, 'placeData'> }) {
  return { findOpeningsForWorker, openingsToList, placeData };

  /**
   * Live openings that pass the rules for a worker, newest first, with their score and
   * reasons. Applications are left out in SQL (the rules' `applied`); `asked` is the 岗位
   * reply (no weekly cap, no phone needed, openings already alerted shown again).
   */
  async function fitting(reader: Reader, workerId: number, opts: { asked: boolean; places?: PlaceData }) {
    const rows = await reader.$queryRaw<WorkerRow[]>`SELECT ${Prisma.raw(WORKER_COLUMNS_SQL)} FROM workers w WHERE w.id = ${workerId}`;
    if (!rows[0]) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
    const p = opts.places ?? (await placeData());
    const w = withDivisionCoords(workerFromRow(rows[0]), rows[0].division_code, p);
    const at = now();
    // Openings whose skills the worker could fit: the worker's own, the ones their broader
    // skill covers, and general work for those who want it. Place is left to `evaluate`:
    // there are few open openings, and km limits can cross county lines.
    const fits = [...new Set([...w.skills, ...Object.entries(BROADER_SKILL).filter(([, b]) => w.skills.includes(b)).map(([s]) => s)])];
    const general = w.skills.length === 0 || w.skills.includes(GENERAL_LABOUR);
    const fitsSkills: Prisma.OpeningWhereInput = {
      OR: [{ skills: { hasSome: fits.length ? fits : ['\u0000'] } }, ...(general ? [{ skills: { isEmpty: true } }] : [])],
    };
    const find = (near: Prisma.OpeningWhereInput) =>
      reader.opening.findMany({
        where: { AND: [liveOpeningWhere(at), fitsSkills, near], applications: { none: { workerId } } },
        select: OFFER_SELECT,
        orderBy: { createdAt: 'desc' },
        take: FIND_TAKE,
      });
    // The newest 500 anywhere, and the newest 500 in the worker's own county, so a busy
    // prefecture elsewhere cannot push the openings next door out of the list.
    const county = w.divisionCode?.slice(0, 6);
    // The county's list is a subset of the first one's filter: asked for only when the first
    // was cut at 500, else it holds nothing new (each find is three queries, one after another
    // inside a reply's transaction: docs/reply-storm.md).
    const anywhere = await find({});
    const near = county && anywhere.length >= FIND_TAKE ? await find({ workshop: { divisionCode: { startsWith: county } } }) : [];
    const byId = new Map([...anywhere, ...near].map((o) => [o.id, o]));
    const openings = [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    if (openings.length === 0) return [];
    const alerted = opts.asked
      ? []
      : await reader.$queryRaw<{ opening_id: number }[]>`
      SELECT DISTINCT unnest(opening_ids) AS opening_id FROM notifications WHERE worker_id = ${workerId} AND status <> 'cancelled'
      UNION
      SELECT c.opening_id FROM notifications n JOIN campaigns c ON c.id = n.campaign_id
      WHERE n.worker_id = ${workerId} AND n.status <> 'cancelled' AND c.opening_id IS NOT NULL`;
    const seen = new Set(alerted.map((a) => a.opening_id));
    const out: { opening: (typeof openings)[number]; score: number; reasons: string[] }[] = [];
    for (const o of openings) {
      const history = { applied: false, alertedForOpening: seen.has(o.id), recentAlerts: 0 };
      const e = evaluate(w, openingForRules(o, p), history, { now: at, weeklyCap: 0, asked: opts.asked });
      if (e.ok) out.push({ opening: o, score: e.score, reasons: e.reasons });
    }
    return out;
  }

  /**
   * Reverse match: open openings that fit a worker, best first. The weekly cap does not
   * apply (the worker just asked), but openings already alerted or applied for are left out.
   */
  async function findOpeningsForWorker(workerId: number, limit = 3) {
    const out = (await fitting(db, workerId, { asked: false })).map(({ opening: o, score, reasons }) => ({
      id: o.id,
      code: o.code,
      title: o.title,
      wage: formatWage(o.wageMin, o.wageMax, o.wageUnit),
      score,
      reasons,
    }));
    // openings came newest first and sort is stable: equal scores keep the newest first.
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /**
   * The 岗位 reply: the newest live openings that pass the rules for the worker who asked. It
   * reads inside the conversation's transaction, so the place data comes read beforehand
   * (`placeData`): fetching it in there would wait for a second pool connection while the
   * transaction holds one.
   */
  async function openingsToList(reader: Reader, workerId: number, places: PlaceData, limit = 3) {
    return (await fitting(reader, workerId, { asked: true, places })).slice(0, limit).map(({ opening: o }) => o);
  }
}
