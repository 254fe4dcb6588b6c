import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import { NotFoundError } from '../../errors.js';
import {
  boundingBox,
  evaluate,
  MAX_DISTANCE_KM,
  NO_HISTORY,
  rankMatches,
  reachableSkills,
  SKIP_REASONS,
  GENERAL_LABOUR,
  type MatchableOpening,
  type MatchableWorker,
  type MatchHistory,
  type RankedMatch,
  type SkipReason,
  type WorkFormName,
  WAITING_MONTH_MS,
} from '../../domain/matching.js';

/**
 * The workers an opening can reach: the indexed candidate SQL (a superset), the rows decoded
 * into the shape `evaluate` reads, each worker's history with the opening, and the cached
 * place data the scans use.
 */

const WEEK_MS = 7 * 24 * 3600 * 1000;
const PLACE_CACHE_MS = 10 * 60_000;

export interface OpeningForMatch {
  id: number;
  code: string;
  title: string;
  skills: string[];
  headcount: number;
  wageMin: number;
  wageMax: number;
  wageUnit: 'month' | 'day' | 'hour' | 'piece';
  status: 'draft' | 'open' | 'filled' | 'closed' | 'expired';
  expiresAt: Date | null;
  reachTownship: boolean;
  deliveryTownships: string[];
  preferReturnees: boolean;
  dayLabour: boolean;
  startsAt: Date | null;
  createdAt: Date;
  /** Terms for the alert (docs/honest-posts.md). */
  startPlace: string | null;
  payDay: string | null;
  meals: string | null;
  lodging: string | null;
  transport: boolean;
  shifts: string | null;
  childcare: boolean;
  accidentInsurance: boolean;
  workshop: { name: string; form: WorkFormName; divisionCode: string; latitude: number | null; longitude: number | null; verifiedAt: Date | null };
}

/**
 * An opening by id, or the opening itself when the caller has loaded it already: a request
 * reads its opening once and passes it down.
 */
export type OpeningRef = number | OpeningForMatch;

export const OPENING_SELECT = {
  id: true,
  code: true,
  title: true,
  skills: true,
  headcount: true,
  wageMin: true,
  wageMax: true,
  wageUnit: true,
  status: true,
  expiresAt: true,
  reachTownship: true,
  deliveryTownships: true,
  preferReturnees: true,
  dayLabour: true,
  startsAt: true,
  createdAt: true,
  startPlace: true,
  payDay: true,
  meals: true,
  lodging: true,
  transport: true,
  shifts: true,
  childcare: true,
  accidentInsurance: true,
  workshop: { select: { name: true, form: true, divisionCode: true, latitude: true, longitude: true, verifiedAt: true } },
} as const;

/**
 * The columns `evaluate` reads, as SQL: shared by the service and the benchmark's naive path.
 * All are in workers_match_idx, so the candidate scans never visit the table itself.
 */
export const WORKER_COLUMNS_SQL = `w.id, w.phone, w.status::text AS status, w.paused_until, w.phone_invalid, w.division_code,
  w.latitude, w.longitude, w.skills, w.work_forms::text[] AS work_forms, w.place_range::text AS place_range,
  w.max_distance_km, w.wage_floor, w.wage_floor_unit::text AS wage_floor_unit, w.returnee`;

export interface WorkerRow {
  id: number;
  phone: string | null;
  status: string;
  paused_until: Date | null;
  phone_invalid: boolean;
  division_code: string | null;
  latitude: number | null;
  longitude: number | null;
  skills: string[] | null;
  work_forms: string[] | null;
  place_range: string;
  max_distance_km: number | null;
  wage_floor: number | null;
  wage_floor_unit: string | null;
  returnee: boolean;
}

export type CandidateWorker = MatchableWorker & { id: number };

export function workerFromRow(r: WorkerRow): CandidateWorker {
  return {
    id: r.id,
    status: r.status as MatchableWorker['status'],
    phone: r.phone,
    phoneInvalid: r.phone_invalid,
    pausedUntil: r.paused_until,
    divisionCode: r.division_code,
    latitude: r.latitude,
    longitude: r.longitude,
    skills: r.skills ?? [],
    workForms: (r.work_forms ?? []) as WorkFormName[],
    placeRange: r.place_range as MatchableWorker['placeRange'],
    maxDistanceKm: r.max_distance_km,
    wageFloor: r.wage_floor,
    wageFloorUnit: r.wage_floor_unit as MatchableWorker['wageFloorUnit'],
    returnee: r.returnee,
  };
}

export function openingForRules(o: OpeningForMatch, places?: PlaceData): MatchableOpening {
  const ws = places ? withDivisionCoords({ ...o.workshop }, o.workshop.divisionCode, places) : o.workshop;
  return {
    skills: o.skills,
    form: o.workshop.form,
    workshopDivision: o.workshop.divisionCode,
    workshopLatitude: ws.latitude,
    workshopLongitude: ws.longitude,
    reachTownship: o.reachTownship,
    deliveryTownships: o.deliveryTownships,
    wageMax: o.wageMax,
    wageUnit: o.wageUnit,
    preferReturnees: o.preferReturnees,
  };
}

/** Codes strictly shorter than `code` that contain it (province, prefecture, county, township). */
function ancestorsOf(code: string): string[] {
  return [2, 4, 6, 9].filter((l) => l < code.length).map((l) => code.slice(0, l));
}

const ALL_RANGES = Prisma.sql`ARRAY['village', 'township', 'county']::"PlaceRange"[]`;

/** Every division code, sorted, so the codes under a prefix are one slice of it. */
export type DivisionCodes = readonly string[];

/** Reference data the candidate scans use: the codes, and centroids an operator loaded. */
export interface PlaceData {
  codes: DivisionCodes;
  coords: ReadonlyMap<string, { latitude: number; longitude: number }>;
}

/**
 * Where a worker or workshop has no coordinates of its own, its division's loaded centroid
 * stands in (a village's centre is a fair place to measure a commute from).
 */
export function withDivisionCoords<T extends { latitude?: number | null; longitude?: number | null }>(
  x: T,
  divisionCode: string | null,
  places: PlaceData,
): T {
  if (x.latitude != null && x.longitude != null) return x;
  const c = divisionCode ? places.coords.get(divisionCode) : undefined;
  return c ? { ...x, latitude: c.latitude, longitude: c.longitude } : x;
}

/** The codes in `codes` that start with `p` (the division itself and everything under it). */
export function codesUnder(codes: DivisionCodes, p: string): string[] {
  let lo = 0;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (codes[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < codes.length && codes[i]!.startsWith(p); i++) out.push(codes[i]!);
  return out;
}

/**
 * A superset of the workers `evaluate` can accept, as a UNION ALL of scans of
 * workers_match_idx (place_range, division_code, …); a worker can appear twice, callers
 * dedupe by id. Places are lists of division codes (every village and township under the
 * reach), not ranges or LIKE: the planner estimates equality lists well and walks them as
 * index descents, where a range got estimated at one row and sent to the plain index plus a
 * heap visit per worker. Every column read is in the index, so no part visits the table —
 * workers of one place are scattered over it, one random page each. `wide` (the dry run)
 * takes every status and the whole county, so skips can be counted.
 */
export function candidateSql(o: OpeningForMatch, places: PlaceData, opts: { wide: boolean; now: Date }): Prisma.Sql {
  const codes = places.codes;
  const od = o.workshop.divisionCode;
  const county = od.slice(0, 6);
  const form = o.workshop.form;
  const areas =
    form === 'home_workshop'
      ? o.deliveryTownships.length > 0
        ? [...o.deliveryTownships]
        : [county]
      : form === 'village_plant'
        ? [od.slice(0, o.reachTownship ? 9 : 12)]
        : [od.slice(0, 9)];
  if (opts.wide) areas.push(county);
  const under = (ps: string[]) => [...new Set(ps.flatMap((p) => codesUnder(codes, p)))];
  const place: Prisma.Sql[] = [];
  if (form === 'county_workshop' && !opts.wide) {
    // Village- and township-range workers in the township; county-range workers in the county.
    place.push(Prisma.sql`w.place_range = ANY(ARRAY['village', 'township']::"PlaceRange"[]) AND w.division_code = ANY(${under(areas)}::text[])`);
    place.push(Prisma.sql`w.place_range = 'county' AND w.division_code = ANY(${under([county])}::text[])`);
  } else {
    place.push(Prisma.sql`w.place_range = ANY(${ALL_RANGES}) AND w.division_code = ANY(${under(areas)}::text[])`);
  }
  const ancestors = [...new Set(areas.flatMap(ancestorsOf))];
  if (ancestors.length > 0) place.push(Prisma.sql`w.place_range = ANY(${ALL_RANGES}) AND w.division_code = ANY(${ancestors}::text[])`);
  const ws = withDivisionCoords({ ...o.workshop }, od, places);
  if (form === 'county_workshop' && ws.latitude != null && ws.longitude != null) {
    const b = boundingBox(ws.latitude, ws.longitude, MAX_DISTANCE_KM);
    // Few workers give a km limit: the (latitude, longitude, max_distance_km) index finds them.
    place.push(Prisma.sql`w.latitude BETWEEN ${b.minLat} AND ${b.maxLat} AND w.longitude BETWEEN ${b.minLng} AND ${b.maxLng}
      AND w.max_distance_km IS NOT NULL`);
    // Workers without coordinates of their own are measured from their division's centroid.
    const near = [...places.coords]
      .filter(([, c]) => c.latitude >= b.minLat && c.latitude <= b.maxLat && c.longitude >= b.minLng && c.longitude <= b.maxLng)
      .map(([code]) => code);
    if (near.length > 0) {
      place.push(Prisma.sql`w.place_range = ANY(${ALL_RANGES}) AND w.division_code = ANY(${near}::text[])
        AND w.max_distance_km IS NOT NULL AND w.latitude IS NULL`);
    }
  }
  const reach = reachableSkills(o.skills);
  const skill =
    reach.length === 0
      ? Prisma.sql`(w.skills = '{}'::text[] OR w.skills @> ARRAY[${GENERAL_LABOUR}]::text[])`
      : Prisma.sql`w.skills && ${reach}::text[]`;
  const status = opts.wide
    ? Prisma.sql`TRUE`
    : Prisma.sql`w.status = 'active' AND w.phone IS NOT NULL AND NOT w.phone_invalid
        AND (w.paused_until IS NULL OR w.paused_until <= ${opts.now})`;
  // Skills are checked on the rows each part finds (IS TRUE keeps the planner from ANDing in
  // the GIN index, which reads every holder of the skill in the prefecture to save nothing).
  return Prisma.join(
    place.map((p) => Prisma.sql`SELECT ${Prisma.raw(WORKER_COLUMNS_SQL)} FROM workers w WHERE ${p} AND ${status} AND (${skill}) IS TRUE`),
    ' UNION ALL ',
  );
}

const WORKER_FIELDS = [
  'id', 'phone', 'status', 'paused_until', 'phone_invalid', 'division_code', 'latitude', 'longitude', 'skills',
  'work_forms', 'place_range', 'max_distance_km', 'wage_floor', 'wage_floor_unit', 'returnee',
] as const;

/**
 * Runs a candidate query and returns its rows. The rows travel as one JSON text value: the
 * driver then decodes one value instead of fifteen per worker, which at a few thousand
 * candidates is most of the time the query would otherwise take.
 */
export async function fetchCandidates(db: Db, query: Prisma.Sql): Promise<WorkerRow[]> {
  const cols = WORKER_FIELDS.map((f) => `c.${f}`).join(', ');
  const [row] = await db.$queryRaw<{ j: string | null }[]>(
    Prisma.sql`SELECT json_agg(json_build_array(${Prisma.raw(cols)}))::text AS j FROM (${query}) c`,
  );
  const arrays = row?.j ? (JSON.parse(row.j) as unknown[][]) : [];
  return arrays.map((a) => {
    const r = Object.fromEntries(WORKER_FIELDS.map((f, i) => [f, a[i]])) as unknown as WorkerRow;
    // JSON carries a timestamp without its zone; the database keeps UTC.
    if (r.paused_until) r.paused_until = new Date(`${r.paused_until as unknown as string}Z`);
    return r;
  });
}

/** Candidate rows as workers, each once. */
export function uniqueWorkers(rows: WorkerRow[]): CandidateWorker[] {
  const seen = new Set<number>();
  const out: CandidateWorker[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(workerFromRow(r));
  }
  return out;
}

export interface MatchPlan {
  /** Best first. */
  matches: RankedMatch[];
  skipped: Record<SkipReason, number>;
  capped: number[];
}

/** Applies the rules to candidates in two passes: history is fetched only for those that pass the rest. */
export async function planFromCandidates(
  candidates: CandidateWorker[],
  opening: MatchableOpening,
  history: (workerIds: number[]) => Promise<Map<number, MatchHistory>>,
  rules: { now: Date; weeklyCap: number },
): Promise<MatchPlan> {
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  const passing: CandidateWorker[] = [];
  for (const w of candidates) {
    const e = evaluate(w, opening, NO_HISTORY, { now: rules.now, weeklyCap: 0 });
    if (e.ok) passing.push(w);
    else skipped[e.reason]++;
  }
  const hist = passing.length > 0 ? await history(passing.map((w) => w.id)) : new Map<number, MatchHistory>();
  const matches: RankedMatch[] = [];
  const capped: number[] = [];
  for (const w of passing) {
    const e = evaluate(w, opening, hist.get(w.id) ?? NO_HISTORY, rules);
    if (!e.ok) {
      skipped[e.reason]++;
      if (e.reason === 'capped') capped.push(w.id);
      continue;
    }
    const lastAlertAt = hist.get(w.id)?.lastAlertAt ?? null;
    matches.push({ workerId: w.id, score: e.score, reasons: e.reasons, skill: e.skill, divisionCode: w.divisionCode, lastAlertAt });
  }
  return { matches: rankMatches(matches), skipped, capped };
}

/**
 * Applied, alerted for this opening, job alerts in the last 7 days, and graded priority (the
 * household mark, waiting since), for the given workers. The priority columns are not in
 * workers_match_idx: they are read here, for the workers that passed the rules, by primary key.
 */
export async function loadHistory(db: Db, openingId: number, workerIds: number[], now: Date): Promise<Map<number, MatchHistory>> {
  const since = new Date(now.getTime() - WEEK_MS);
  // One round trip: applied, already alerted for this opening, and recent job alerts.
  const rows = await db.$queryRaw<{ kind: 'applied' | 'alerted' | 'recent' | 'phone' | 'waiting'; worker_id: number; n: bigint | null; last: Date | null }[]>`
    WITH ids AS MATERIALIZED (SELECT unnest(${workerIds}::int[]) AS id)
    SELECT 'applied' AS kind, a.worker_id, NULL::bigint AS n, NULL::timestamp AS last
    FROM applications a JOIN ids ON ids.id = a.worker_id WHERE a.opening_id = ${openingId}
    UNION ALL
    SELECT 'alerted', n.worker_id, NULL, NULL FROM notifications n JOIN ids ON ids.id = n.worker_id
    WHERE n.campaign_id IS NULL AND n.opening_ids @> ARRAY[${openingId}]::int[] AND n.status <> 'cancelled'
    UNION ALL
    SELECT 'alerted', n.worker_id, NULL, NULL FROM campaigns c JOIN notifications n ON n.campaign_id = c.id JOIN ids ON ids.id = n.worker_id
    WHERE c.opening_id = ${openingId} AND n.status <> 'cancelled'
    UNION ALL
    -- Named in a combined alert to a shared phone (docs/shared-phones.md).
    SELECT 'alerted', u.id, NULL, NULL FROM campaigns c JOIN notifications n ON n.campaign_id = c.id CROSS JOIN unnest(n.also_for) AS u(id) JOIN ids ON ids.id = u.id
    WHERE c.opening_id = ${openingId} AND n.also_for <> '{}' AND n.status <> 'cancelled'
    UNION ALL
    -- A shared phone's job alerts in the last 7 days, whoever on it they were for: the weekly
    -- cap holds per phone too, so ten people on one phone do not make it ten times the alerts.
    SELECT 'phone', w.id, count(DISTINCT n.id), NULL
    FROM (SELECT DISTINCT s.phone FROM workers s WHERE s.phone_slot > 1) sp
    JOIN workers w ON w.phone = sp.phone JOIN ids ON ids.id = w.id
    JOIN workers o ON o.phone = w.phone
    JOIN notifications n ON n.worker_id = o.id AND n.kind = 'alert' AND n.status NOT IN ('cancelled', 'failed') AND n.created_at > ${since}
    GROUP BY w.id
    UNION ALL
    SELECT 'recent', n.worker_id, count(*) FILTER (WHERE n.created_at > ${since}), max(n.created_at)
    FROM notifications n JOIN ids ON ids.id = n.worker_id
    WHERE n.kind = 'alert' AND n.status NOT IN ('cancelled', 'failed')
      -- A ladder's later steps (docs/ladder.md) repeat its alert: they are not alerts of their own.
      AND (n.dedupe_key IS NULL OR n.dedupe_key NOT LIKE 'ladder:%')
    GROUP BY n.worker_id
    UNION ALL
    -- Graded priority: the station's mark (n = 1) and waiting since the last hire, else registration.
    -- Set-based (one pass over the few hires), not a lookup per worker: a broadcast may pass
    -- 100,000. Only workers it lifts come back (a row each costs the driver more than the scan).
    SELECT 'waiting', w.id, w.priority_household::int::bigint, coalesce(h.at, w.created_at)
    FROM workers w JOIN ids ON ids.id = w.id
    LEFT JOIN (SELECT a.worker_id, max(coalesce(a.hired_at, a.updated_at)) AS at FROM applications a JOIN ids ON ids.id = a.worker_id
               WHERE a.status = 'hired' GROUP BY a.worker_id) h ON h.worker_id = w.id
    WHERE w.priority_household OR coalesce(h.at, w.created_at) <= ${new Date(now.getTime() - WAITING_MONTH_MS)}`;
  const out = new Map<number, MatchHistory>();
  const phoneRecent = new Map<number, number>();
  for (const r of rows) {
    let h = out.get(r.worker_id);
    if (!h) out.set(r.worker_id, (h = { ...NO_HISTORY }));
    if (r.kind === 'phone') phoneRecent.set(r.worker_id, Number(r.n ?? 0));
    else if (r.kind === 'applied') h.applied = true;
    else if (r.kind === 'alerted') h.alertedForOpening = true;
    else if (r.kind === 'waiting') {
      h.priorityHousehold = Number(r.n ?? 0) === 1;
      h.waitingSince = r.last;
    } else {
      h.recentAlerts = Number(r.n ?? 0);
      h.lastAlertAt = r.last;
    }
  }
  // A person on a shared phone counts the phone's alerts (at least their own).
  for (const [id, n] of phoneRecent) {
    const h = out.get(id)!;
    h.recentAlerts = Math.max(h.recentAlerts, n);
  }
  return out;
}

/** Loads openings and plans their matches, with the place data cached per process. */
export function createCandidates({ config, db, now }: { config: Pick<Config, 'MATCH_WEEKLY_ALERT_CAP'>; db: Db; now: () => Date }) {
  // Reference data, cached per process: divisions change only when an operator seeds places
  // or loads coordinates, and ten minutes is soon enough for those to reach every process.
  let places: { at: number; data: Promise<PlaceData> } | null = null;
  function placeData(): Promise<PlaceData> {
    const t = Date.now();
    if (!places || t - places.at > PLACE_CACHE_MS) {
      const data = Promise.all([
        db.division.findMany({ select: { code: true } }),
        db.divisionCoordinate.findMany({ select: { divisionCode: true, latitude: true, longitude: true } }),
      ]).then(([rows, points]) => ({
        codes: rows.map((r) => r.code).sort(),
        coords: new Map(points.map((r) => [r.divisionCode, { latitude: r.latitude, longitude: r.longitude }] as const)),
      }));
      places = { at: t, data };
      data.catch(() => {
        places = null;
      });
    }
    return places.data;
  }

  async function loadOpening(openingId: number): Promise<OpeningForMatch | null> {
    return db.opening.findUnique({ where: { id: openingId }, select: OPENING_SELECT });
  }

  /** Everyone the opening reaches now, ranked, with the numbers skipped per reason. */
  async function plan(o: OpeningForMatch, wide: boolean): Promise<MatchPlan> {
    const at = now();
    const p = await placeData();
    const rows = await fetchCandidates(db, candidateSql(o, p, { wide, now: at }));
    const workers = uniqueWorkers(rows).map((w) => withDivisionCoords(w, w.divisionCode, p));
    return planFromCandidates(workers, openingForRules(o, p), (ids) => loadHistory(db, o.id, ids, at), {
      now: at,
      weeklyCap: config.MATCH_WEEKLY_ALERT_CAP,
    });
  }

  /** The opening, read unless the caller passes the one it already loaded. */
  async function mustLoad(opening: OpeningRef): Promise<OpeningForMatch> {
    if (typeof opening !== 'number') return opening;
    const o = await loadOpening(opening);
    if (!o) throw new NotFoundError('opening.not_found', `opening ${opening} not found`, { params: { id: opening } });
    return o;
  }

  return { placeData, loadOpening, mustLoad, plan };
}

export type Candidates = ReturnType<typeof createCandidates>;
