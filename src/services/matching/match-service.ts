import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import { NotFoundError } from '../../errors.js';
import {
  boundingBox,
  evaluate,
  formatDigest,
  MAX_DISTANCE_KM,
  NO_HISTORY,
  nextWaveAt,
  rankMatches,
  reachableSkills,
  SKIP_REASONS,
  waveSize,
  BROADER_SKILL,
  GENERAL_LABOUR,
  type MatchableOpening,
  type MatchableWorker,
  type MatchHistory,
  type RankedMatch,
  type SkipReason,
  type WorkFormName,
} from '../../domain/matching.js';
import { renderMessage } from '../../domain/message-templates.js';
import { formatWage, shortPlaceName } from '../../domain/opening-format.js';
import { maskPhone } from '../../domain/phone.js';
import { countSegments, withSignature } from '../../domain/sms-segments.js';
import type { QueueClient } from '../../queues/queue-client.js';
import type { DirectMessage, Outbox } from '../delivery/outbox.js';


const WEEK_MS = 7 * 24 * 3600 * 1000;
const PLACE_CACHE_MS = 10 * 60_000;
/** Alerts written and queued per statement while matching a broadcast. */
const INSERT_SLICE = 5000;

export interface MatchDeps {
  config: Pick<
    Config,
    | 'ALIYUN_SMS_SIGN_NAME'
    | 'SMS_TEMPLATE_CODES'
    | 'QUIET_HOURS'
    | 'QUIET_HOURS_SPREAD_MS'
    | 'MATCH_WEEKLY_ALERT_CAP'
    | 'MATCH_WAVE_FACTOR'
    | 'MATCH_WAVE_WAIT_HOURS'
    | 'DAY_LABOUR_WAVE_MINUTES'
  >;
  db: Db;
  queues: Pick<QueueClient, 'addBulk' | 'add' | 'queue'>;
  log: Pick<Logger, 'info' | 'warn'>;
  /** The notifications ledger: campaign alerts, the reverse-match digest, cancelling a stopped opening's alerts. */
  outbox: Pick<Outbox, 'createCampaignAlerts' | 'createDigest' | 'cancelForOpening' | 'enqueueDigest' | 'queueSendJobs' | 'queueCampaignSends' | 'finishCampaign'>;
  now?: () => Date;
}

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
  workshop: { name: string; form: WorkFormName; divisionCode: string; latitude: number | null; longitude: number | null };
}

const OPENING_SELECT = {
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
  workshop: { select: { name: true, form: true, divisionCode: true, latitude: true, longitude: true } },
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

/** Applied, alerted for this opening, and job alerts in the last 7 days, for the given workers. */
export async function loadHistory(db: Db, openingId: number, workerIds: number[], now: Date): Promise<Map<number, MatchHistory>> {
  const since = new Date(now.getTime() - WEEK_MS);
  // One round trip: applied, already alerted for this opening, and recent job alerts.
  const rows = await db.$queryRaw<{ kind: 'applied' | 'alerted' | 'recent'; worker_id: number; n: bigint | null; last: Date | null }[]>`
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
    SELECT 'recent', n.worker_id, count(*) FILTER (WHERE n.created_at > ${since}), max(n.created_at)
    FROM notifications n JOIN ids ON ids.id = n.worker_id
    WHERE n.kind = 'alert' AND n.status NOT IN ('cancelled', 'failed')
    GROUP BY n.worker_id`;
  const out = new Map<number, MatchHistory>();
  for (const r of rows) {
    let h = out.get(r.worker_id);
    if (!h) out.set(r.worker_id, (h = { ...NO_HISTORY }));
    if (r.kind === 'applied') h.applied = true;
    else if (r.kind === 'alerted') h.alertedForOpening = true;
    else {
      h.recentAlerts = Number(r.n ?? 0);
      h.lastAlertAt = r.last;
    }
  }
  return out;
}

export function createMatchService({ config, db, queues, log, outbox, now = () => new Date() }: MatchDeps) {
  const waits = { dayLabourMinutes: config.DAY_LABOUR_WAVE_MINUTES, hours: config.MATCH_WAVE_WAIT_HOURS };
  const waveJobId = (openingId: number, wave: number) => `wave-${openingId}-${wave}`;

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

  /** Open, not expired, and (day labour) not yet started. */
  function isLive(o: Pick<OpeningForMatch, 'status' | 'expiresAt' | 'startsAt' | 'dayLabour'>, at = now()): boolean {
    if (o.status !== 'open') return false;
    if (o.expiresAt && o.expiresAt <= at) return false;
    return !(o.dayLabour && o.startsAt && o.startsAt <= at);
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

  async function mustLoad(openingId: number): Promise<OpeningForMatch> {
    const o = await loadOpening(openingId);
    if (!o) throw new NotFoundError('opening.not_found', `opening ${openingId} not found`, { params: { id: openingId } });
    return o;
  }

  /** "元阳新街镇": the workshop's township (or county) with its county, short enough for an SMS. */
  async function placeLabel(divisionCode: string): Promise<string> {
    const prefixes = [divisionCode.slice(0, 6), divisionCode.slice(0, 9)].filter((c) => c.length <= divisionCode.length);
    const rows = await db.division.findMany({ where: { code: { in: prefixes } }, select: { code: true, name: true } });
    const county = rows.find((r) => r.code.length === 6)?.name ?? null;
    const township = rows.find((r) => r.code.length === 9)?.name;
    return township ? shortPlaceName(county, township) : (county ?? '');
  }

  async function alertFor(o: OpeningForMatch) {
    const rendered = renderMessage(
      'job_alert',
      {
        workshop: o.workshop.name,
        place: await placeLabel(o.workshop.divisionCode),
        title: o.title,
        wage: formatWage(o.wageMin, o.wageMax, o.wageUnit),
        code: o.code,
      },
      config.SMS_TEMPLATE_CODES,
    );
    return { rendered, segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)) };
  }

  /** Queues the next wave unless it would fall after the start time or expiry; returns when it goes. */
  async function scheduleWave(o: OpeningForMatch, wave: number): Promise<Date | null> {
    const start = now();
    const at = nextWaveAt(start, o, waits);
    if (!at) return null;
    await queues.add('match', { openingId: o.id, wave }, { jobId: waveJobId(o.id, wave), delay: at.getTime() - start.getTime() });
    return at;
  }

  async function runCampaign(campaignId: number): Promise<{ matched: number; jobs: number; capped?: number; nextWaveAt?: Date | null }> {
    const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
    if (!campaign || !campaign.openingId) throw new Error(`campaign ${campaignId} has no opening`);
    if (campaign.status === 'cancelled' || campaign.status === 'completed') return { matched: 0, jobs: 0 };
    const o = await loadOpening(campaign.openingId);
    if (!o) throw new Error(`opening ${campaign.openingId} not found`);
    if (!isLive(o)) {
      await db.campaign.update({ where: { id: campaignId }, data: { status: 'cancelled', finishedAt: now(), error: `opening is ${o.status}` } });
      return { matched: 0, jobs: 0 };
    }
    const { rendered, segments } = await alertFor(o);
    await db.campaign.update({ where: { id: campaignId }, data: { status: 'matching', templateCode: rendered.templateCode } });

    const p = await plan(o, false);
    // A re-run after a crash finds its own earlier rows "already alerted": count them against the
    // wave, and queue those still waiting (their jobs may never have been added).
    const already = await db.notification.count({ where: { campaignId } });
    const room = campaign.waveSize === null ? p.matches.length : Math.max(0, campaign.waveSize - already);
    const chosen = p.matches.slice(0, room);
    let jobs = already > 0 ? (await outbox.queueCampaignSends(campaignId, now())).jobs : 0;
    // Best first, a slice at a time, each queued as soon as it is written: the first alerts go
    // out while the rest of a large broadcast is still being inserted.
    for (let i = 0; i < chosen.length; i += INSERT_SLICE) {
      const slice = chosen.slice(i, i + INSERT_SLICE);
      const inserted = await outbox.createCampaignAlerts(campaignId, o.id, rendered, segments, slice);
      if (inserted.length === 0) {
        const current = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
        if (current?.status !== 'matching') break;
      }
      // Ids follow the rank (ORDER BY above): the first job carries the best matches.
      const ids = inserted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      jobs += await outbox.queueSendJobs(campaignId, ids, now());
    }
    if (p.capped.length > 0) {
      await db.$executeRaw`
        INSERT INTO match_skips (campaign_id, worker_id, reason)
        SELECT ${campaignId}, id, 'capped' FROM unnest(${p.capped}::int[]) AS id
        ON CONFLICT (campaign_id, worker_id) DO NOTHING`;
    }

    const matched = await db.notification.count({ where: { campaignId } });
    // Only from `matching`: a fill or close meanwhile cancelled the campaign, and its queued
    // alerts are cancelled when their jobs claim them.
    await db.campaign.updateMany({
      where: { id: campaignId, status: 'matching' },
      data: matched === 0 ? { status: 'completed', matched, finishedAt: now() } : { status: 'sending', matched },
    });
    // Its jobs may all have finished before it was `sending`.
    if (matched > 0) await outbox.finishCampaign(campaignId);
    // More waves only while someone is left to alert: a worker not in this wave, or a capped
    // one whose week may have rolled over by then.
    const more = p.matches.length > chosen.length || p.capped.length > 0;
    const next = campaign.waveSize !== null && more ? await scheduleWave(o, campaign.wave + 1) : null;
    log.info({ campaignId, openingId: o.id, wave: campaign.wave, matched, capped: p.capped.length, jobs, nextWaveAt: next }, 'campaign matched');
    return { matched, jobs, capped: p.capped.length, nextWaveAt: next };
  }

  /** Notifications an opening's alerts to stop carry this code (OPENING_FILLED, OPENING_CLOSED, …). */
  const stopCode = (status: string) => `OPENING_${status.toUpperCase()}`;

  return {
    runCampaign,

    /** Re-queues broadcasts whose match job never reached Redis (the API answered 5xx). */
    async requeuePending(olderThanMs = 60_000): Promise<number> {
      const stale = await db.campaign.findMany({
        where: { status: 'pending', kind: 'opening_broadcast', createdAt: { lt: new Date(now().getTime() - olderThanMs) } },
        select: { id: true },
        take: 100,
      });
      for (const c of stale) await queues.add('match', { campaignId: c.id }, { jobId: `match-${c.id}` });
      return stale.length;
    },

    /**
     * Starts a broadcast: the first wave (best headcount × factor), or everyone with sendToAll.
     * Matching runs in the match queue.
     */
    async startBroadcast(openingId: number, opts: { sendToAll: boolean }) {
      const o = await mustLoad(openingId);
      const last = await db.campaign.aggregate({ where: { openingId }, _max: { wave: true } });
      const campaign = await db.campaign.create({
        data: {
          kind: 'opening_broadcast',
          openingId,
          wave: (last._max.wave ?? 0) + 1,
          waveSize: waveSize(o.headcount, config.MATCH_WAVE_FACTOR, opts.sendToAll),
        },
      });
      await queues.add('match', { campaignId: campaign.id }, { jobId: `match-${campaign.id}` });
      return campaign;
    },

    /** The next wave of an opening, if it is still open and not filled (a delayed match job). */
    async runWave(openingId: number, wave: number) {
      const o = await loadOpening(openingId);
      if (!o || !isLive(o)) return { matched: 0, jobs: 0, stopped: true };
      const hired = await db.application.count({ where: { openingId, status: 'hired' } });
      if (hired >= o.headcount) {
        await stopOpening(openingId, 'filled');
        return { matched: 0, jobs: 0, stopped: true };
      }
      const existing = await db.campaign.findFirst({ where: { openingId, wave } });
      const campaign =
        existing ??
        (await db.campaign.create({
          data: { kind: 'opening_broadcast', openingId, wave, waveSize: waveSize(o.headcount, config.MATCH_WAVE_FACTOR, false) },
        }));
      return runCampaign(campaign.id);
    },

    stopOpening,

    /** The alert text a broadcast of this opening sends, and its billed segments. */
    async alertPreview(openingId: number): Promise<{ text: string; segments: number }> {
      const { rendered, segments } = await alertFor(await mustLoad(openingId));
      return { text: rendered.text, segments };
    },

    /** The ranked matches for an opening now (the benchmark times this; nothing is written). */
    async planMatch(openingId: number): Promise<MatchPlan> {
      return plan(await mustLoad(openingId), false);
    },

    /**
     * The dry run: who would be alerted now, by township and skill, the first wave's size,
     * and how many were skipped for each reason among workers in the county with a fitting skill.
     */
    async preflight(openingId: number) {
      const o = await mustLoad(openingId);
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
      return {
        matched: p.matches.length,
        firstWave: Math.min(p.matches.length, size),
        byTownship: [...byTownship.entries()]
          .map(([code, count]) => ({ code, name: nameOf.get(code) ?? code, count }))
          .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
        bySkill: [...bySkill.entries()].map(([skill, count]) => ({ skill, count })).sort((a, b) => b.count - a.count),
        skipped: p.skipped,
      };
    },

    /** Alerts of an opening with their score and reasons, best first (GET /openings/:id/matches). */
    async listMatches(openingId: number, page: number, pageSize: number) {
      await mustLoad(openingId);
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

    /**
     * Reverse match: open openings that fit a worker, best first. The weekly cap does not
     * apply (the worker just asked), but openings already alerted or applied for are left out.
     */
    findOpeningsForWorker,

    /**
     * Sends a worker who subscribed or changed skills or place one SMS listing up to 3 open
     * openings that fit. One message per worker, day and set of openings (dedupe key).
     */
    async reverseMatch(workerId: number) {
      const worker = await db.worker.findUnique({ where: { id: workerId }, select: { phone: true } });
      if (!worker) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
      const found = worker.phone ? await findOpeningsForWorker(workerId, 3) : [];
      if (found.length === 0 || !worker.phone) return { queued: false, notificationId: null, openings: [] as typeof found };
      const digest = formatDigest(found.map((f) => ({ code: f.code, title: f.title, wage: f.wage })));
      const listed = found.slice(0, digest.count);
      const at = now();
      const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Beijing date
      const dedupeKey = `digest:${workerId}:${day}:${listed.map((f) => f.code).join('-')}`;
      const id = await db.$transaction(async (tx) => {
        const message: DirectMessage<'opening_digest'> = {
          dedupeKey,
          kind: 'alert',
          workerId,
          phone: worker.phone!,
          message: 'opening_digest',
          params: { list: digest.text },
        };
        return outbox.createDigest(tx, message, { openingIds: listed.map((f) => f.id), matchReasons: listed.map((f) => `${f.code}:${f.reasons.join('·')}`).join('；') });
      });
      if (id) await outbox.enqueueDigest(id, at);
      return { queued: id !== null, notificationId: id, openings: listed };
    },
  };

  async function findOpeningsForWorker(workerId: number, limit = 3) {
    const rows = await db.$queryRaw<WorkerRow[]>`SELECT ${Prisma.raw(WORKER_COLUMNS_SQL)} FROM workers w WHERE w.id = ${workerId}`;
    if (!rows[0]) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
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

  /**
   * Fills, closes or expires an opening and stops everything still to go at once: queued
   * alerts are cancelled with the reason, pending campaigns cancelled, delayed waves removed.
   * Safe to call again. (Notify also re-checks the opening at the moment of sending.)
   */
  async function stopOpening<S extends 'filled' | 'closed' | 'expired'>(openingId: number, status: S) {
    const o = await mustLoad(openingId);
    await db.opening.update({ where: { id: openingId }, data: { status } });
    const code = stopCode(status);
    const cancelled = await outbox.cancelForOpening(openingId, code, `opening ${status} before sending`);
    const pending = await db.campaign.findMany({ where: { openingId, status: { in: ['pending', 'matching'] } }, select: { id: true } });
    await db.campaign.updateMany({
      where: { openingId, status: { in: ['pending', 'matching'] } },
      data: { status: 'cancelled', finishedAt: now(), error: `opening ${status}` },
    });
    await db.$executeRaw`
      UPDATE campaigns c SET status = 'completed', finished_at = now()
      WHERE c.opening_id = ${openingId} AND c.status = 'sending'
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.campaign_id = c.id AND n.status IN ('queued', 'sending'))`;
    const last = await db.campaign.aggregate({ where: { openingId }, _max: { wave: true } });
    const jobIds = [...pending.map((c) => `match-${c.id}`)];
    for (let wave = 2; wave <= (last._max.wave ?? 0) + 1; wave++) jobIds.push(waveJobId(openingId, wave));
    const matchQueue = queues.queue('match');
    let removedJobs = 0;
    for (const id of jobIds) {
      // Only jobs still waiting to run: a finished one is history, a running one re-checks the opening.
      const job = await matchQueue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (job && (state === 'delayed' || state === 'waiting' || state === 'prioritized')) {
        await job.remove();
        removedJobs++;
      }
    }
    log.info({ openingId, status, was: o.status, cancelled, removedJobs }, 'opening stopped');
    return { status, cancelledNotifications: cancelled, removedJobs };
  }
}

export type MatchService = ReturnType<typeof createMatchService>;
