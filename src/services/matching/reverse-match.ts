import { Prisma, txQuery, type Db } from '../../db/prisma.js';
import { NotFoundError } from '../../errors.js';
import { BROADER_SKILL, evaluate, GENERAL_LABOUR } from '../../domain/matching.js';
import { formatWage } from '../../domain/opening-format.js';
import { openingForRules, WORKER_COLUMNS_SQL, withDivisionCoords, workerFromRow, type Candidates, type OpeningForMatch, type PlaceData, type WorkerRow } from './candidates.js';

/** A database client or an open transaction: the 岗位 reply reads inside the conversation's. */
type Reader = Pick<Prisma.TransactionClient, '$queryRaw'>;

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

/** A row of `offers`: the worker's columns, and one opening's (null when none fits). */
type OfferRow = WorkerRow & {
  o_id: number | null;
  o_code: string;
  o_title: string;
  o_skills: string[];
  o_headcount: number;
  o_wage_min: number;
  o_wage_max: number;
  o_wage_unit: OpeningForMatch['wageUnit'];
  o_status: OpeningForMatch['status'];
  o_expires_at: Date | null;
  o_reach_township: boolean;
  o_delivery_townships: string[];
  o_prefer_returnees: boolean;
  o_day_labour: boolean;
  o_starts_at: Date | null;
  o_created_at: Date;
  o_start_place: string | null;
  o_pay_day: string | null;
  o_meals: string | null;
  o_lodging: string | null;
  o_transport: boolean;
  o_shifts: string | null;
  o_childcare: boolean;
  o_accident_insurance: boolean;
  ws_name: string;
  ws_form: OpeningForMatch['workshop']['form'];
  ws_division_code: string;
  ws_latitude: number | null;
  ws_longitude: number | null;
  ws_verified_at: Date | null;
  d_name: string;
  d_full_name: string;
};

/** An opening as offered: the fields the rules and the 岗位 reply read, the workshop's division with it. */
export type OfferedOpening = OpeningForMatch & { workshop: OpeningForMatch['workshop'] & { division: { name: string; fullName: string } } };

function offeredOf(r: OfferRow): OfferedOpening[] {
  if (r.o_id === null) return [];
  return [{
    id: r.o_id,
    code: r.o_code,
    title: r.o_title,
    skills: r.o_skills,
    headcount: r.o_headcount,
    wageMin: r.o_wage_min,
    wageMax: r.o_wage_max,
    wageUnit: r.o_wage_unit,
    status: r.o_status,
    expiresAt: r.o_expires_at,
    reachTownship: r.o_reach_township,
    deliveryTownships: r.o_delivery_townships,
    preferReturnees: r.o_prefer_returnees,
    dayLabour: r.o_day_labour,
    startsAt: r.o_starts_at,
    createdAt: r.o_created_at,
    startPlace: r.o_start_place,
    payDay: r.o_pay_day,
    meals: r.o_meals,
    lodging: r.o_lodging,
    transport: r.o_transport,
    shifts: r.o_shifts,
    childcare: r.o_childcare,
    accidentInsurance: r.o_accident_insurance,
    workshop: {
      name: r.ws_name,
      form: r.ws_form,
      divisionCode: r.ws_division_code,
      latitude: r.ws_latitude,
      longitude: r.ws_longitude,
      verifiedAt: r.ws_verified_at,
      division: { name: r.d_name, fullName: r.d_full_name },
    },
  }];
}

/**
 * Openings offered to one worker: the reverse-match digest a new subscriber gets, and the
 * 岗位 reply. Both take the live openings the worker's skills could fit and run `evaluate` on
 * each, as a broadcast does, so neither offers an opening a broadcast would skip.
 */
export function createReverseMatch({ db, now, candidates: { placeData } }: { db: Db; now: () => Date; candidates: Pick<Candidates, 'placeData'> }) {
  return { findOpeningsForWorker, openingsToList, placeData };

  /**
   * The worker's row with each live opening its skills could fit and it has not applied to,
   * newest first, at most FIND_TAKE (one row with no opening when none fits; none when there is
   * no such worker). The filter is the one the Prisma find before it made: `isLive`
   * (liveOpeningWhere), the worker's own skills, the ones their broader skill covers
   * (BROADER_SKILL) and general work for those who want it; place is left to `evaluate`: there
   * are few open openings, and km limits can cross county lines. `county`: only openings of
   * workshops in that county.
   */
  function offers(reader: Reader, workerId: number, at: Date, county: string | null) {
    const broader = Object.entries(BROADER_SKILL);
    const inCounty = county ? Prisma.sql`AND ws.division_code LIKE ${`${county}%`}` : Prisma.empty;
    // Inside an inbound batch's transaction (the 岗位 reply) a prepared statement on its
    // connection: parsed and planned once, not for every 岗位 text (docs/reply-storm.md, round 6).
    return txQuery<OfferRow>(reader, county ? 'offers-county' : 'offers', Prisma.sql`
      WITH w AS (SELECT ${Prisma.raw(WORKER_COLUMNS_SQL)} FROM workers w WHERE w.id = ${workerId}),
      f AS (
        SELECT coalesce(w.skills, '{}') || ARRAY(SELECT x.s FROM unnest(${broader.map(([s]) => s)}::text[], ${broader.map(([, b]) => b)}::text[]) AS x(s, b) WHERE x.b = ANY(coalesce(w.skills, '{}'))) AS fits,
               (cardinality(coalesce(w.skills, '{}')) = 0 OR ${GENERAL_LABOUR} = ANY(w.skills)) AS general
        FROM w
      )
      SELECT w.*, o.* FROM w CROSS JOIN f LEFT JOIN LATERAL (
        SELECT o.id AS o_id, o.code AS o_code, o.title AS o_title, o.skills AS o_skills, o.headcount AS o_headcount,
               o.wage_min AS o_wage_min, o.wage_max AS o_wage_max, o.wage_unit::text AS o_wage_unit, o.status::text AS o_status,
               o.expires_at AS o_expires_at, o.reach_township AS o_reach_township, o.delivery_townships AS o_delivery_townships,
               o.prefer_returnees AS o_prefer_returnees, o.day_labour AS o_day_labour, o.starts_at AS o_starts_at, o.created_at AS o_created_at,
               o.start_place AS o_start_place, o.pay_day AS o_pay_day, o.meals AS o_meals, o.lodging AS o_lodging, o.transport AS o_transport,
               o.shifts AS o_shifts, o.childcare AS o_childcare, o.accident_insurance AS o_accident_insurance,
               ws.name AS ws_name, ws.form::text AS ws_form, ws.division_code AS ws_division_code, ws.latitude AS ws_latitude,
               ws.longitude AS ws_longitude, ws.verified_at AS ws_verified_at, d.name AS d_name, d.full_name AS d_full_name
        FROM openings o JOIN workshops ws ON ws.id = o.workshop_id JOIN divisions d ON d.code = ws.division_code
        WHERE o.status = 'open' AND (o.expires_at IS NULL OR o.expires_at > ${at})
          AND (NOT o.day_labour OR o.starts_at IS NULL OR o.starts_at > ${at})
          AND (o.skills && f.fits OR (f.general AND cardinality(o.skills) = 0))
          AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.opening_id = o.id AND a.worker_id = w.id)
          ${inCounty}
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT ${FIND_TAKE}
      ) o ON true`);
  }

  /**
   * Live openings that pass the rules for a worker, newest first, with their score and
   * reasons. Applications are left out in SQL (the rules' `applied`); `asked` is the 岗位
   * reply (no weekly cap, no phone needed, openings already alerted shown again).
   */
  async function fitting(reader: Reader, workerId: number, opts: { asked: boolean; places?: PlaceData }) {
    const at = now();
    const p = opts.places ?? (await placeData());
    // The worker and the newest 500 openings that could fit, in one statement (a reply storm's
    // 岗位 texts each paid four: the worker, then openings, workshops and divisions as Prisma
    // reads a nested select; docs/reply-storm.md, round 3).
    const first = await offers(reader, workerId, at, null);
    if (!first[0]) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
    const w = withDivisionCoords(workerFromRow(first[0]), first[0].division_code, p);
    const anywhere = first.flatMap(offeredOf);
    // The newest 500 anywhere, and the newest 500 in the worker's own county, so a busy
    // prefecture elsewhere cannot push the openings next door out of the list. The county's
    // list is a subset of the first one's filter: asked for only when the first was cut at 500,
    // else it holds nothing new.
    const county = w.divisionCode?.slice(0, 6);
    const near = county && anywhere.length >= FIND_TAKE ? (await offers(reader, workerId, at, county)).flatMap(offeredOf) : [];
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
