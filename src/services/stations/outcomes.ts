import { z } from 'zod';
import { Prisma, type Db } from '../../db/prisma.js';
import { effectivePrefixes, type Principal } from '../../domain/access.js';
import {
  DIMENSIONS,
  emptyCounts,
  emptyMedians,
  funnelTable,
  groupTable,
  STEPS,
  weeklySummary,
  weekRange,
  type Dimension,
  type FunnelCounts,
  type FunnelRow,
  type Range,
  type Step,
  type WeeklySummary,
} from '../../domain/outcomes.js';
import { ForbiddenError } from '../../errors.js';

/**
 * The funnel (issue 17 §4, docs/outcomes.md): for each alert of a broadcast, whether it was
 * delivered, whether the worker wrote back before the next alert, applied, was hired, arrived and
 * was paid. Counted in one statement from the live tables (notifications, inbound_messages,
 * applications, workers) and from outcome_facts, the anonymous facts kept for workers who erased
 * their data. A station sees the alerts to workers living in its divisions; an admin sees all.
 */

export const outcomesQuerySchema = z.object({
  by: z.enum(DIMENSIONS).catch('opening'),
  period: z.string().max(20).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  township: z.string().trim().max(40).optional(),
  opening: z.string().trim().max(20).optional(),
});

export interface OutcomeFilter {
  range: Pick<Range, 'from' | 'to'>;
  /** Division code prefixes asked for (a township), narrowed to the principal's scope. */
  divisions?: readonly string[];
  openingId?: number | null;
}

export interface FunnelResult {
  by: Dimension;
  rows: FunnelRow[];
  groups: FunnelRow[];
  total: FunnelCounts;
  months: FunnelCounts[];
}

const likeAny = (col: Prisma.Sql, prefixes: readonly string[]) => Prisma.sql`${col} LIKE ANY(${prefixes.map((p) => `${p}%`)}::text[])`;

/**
 * The per-alert facts of live workers: one row per alert a broadcast sent, with its steps'
 * times. `workers` limits the workers (division scope, or one worker), `since` the alerts: the
 * next alert (which ends the window a reply counts in) is found among all of the worker's
 * alerts since then, digests included.
 */
export function liveFactsSql(workers: Prisma.Sql, since: Date): Prisma.Sql {
  // Replies and applications are joined to the alerts as sets (hash joins on the worker), not
  // looked up alert by alert: at 200,000 alerts the lookups were most of the page's time.
  return Prisma.sql`
    WITH alerts AS MATERIALIZED (
      SELECT n.id AS alert_id, n.worker_id, n.campaign_id, c.opening_id, o.workshop_id, c.kind AS campaign_kind,
             w.division_code, w.returnee, coalesce('home_workshop' = ANY(w.work_forms), false) AS home_work, w.priority_household,
             n.sent_at AS alerted_at, n.delivered_at,
             lead(n.sent_at) OVER (PARTITION BY n.worker_id ORDER BY n.sent_at, n.id) AS next_at
      FROM notifications n
      JOIN workers w ON w.id = n.worker_id
      LEFT JOIN campaigns c ON c.id = n.campaign_id
      LEFT JOIN openings o ON o.id = c.opening_id
      WHERE n.kind = 'alert' AND n.sent_at IS NOT NULL AND n.sent_at >= ${since} AND ${workers}
    ), replies AS (
      SELECT a.alert_id, min(i.received_at) AS at
      FROM alerts a JOIN inbound_messages i ON i.worker_id = a.worker_id AND i.received_at > a.alerted_at AND (a.next_at IS NULL OR i.received_at < a.next_at)
      WHERE i.received_at > ${since}
      GROUP BY a.alert_id
    )
    SELECT a.campaign_id, a.opening_id, a.workshop_id, a.division_code, a.returnee, a.home_work, a.priority_household,
           a.alerted_at, a.delivered_at, r.at AS replied_at, x.created_at AS applied_at,
           coalesce(x.hired_at, CASE WHEN x.status = 'hired' THEN x.updated_at END) AS hired_at, x.arrived_at, x.paid_at
    FROM alerts a
    LEFT JOIN replies r ON r.alert_id = a.alert_id
    LEFT JOIN applications x ON x.opening_id = a.opening_id AND x.worker_id = a.worker_id AND x.created_at >= a.alerted_at
    WHERE a.campaign_kind = 'opening_broadcast' AND a.opening_id IS NOT NULL`;
}

const seconds = (later: string, earlier: string) =>
  // GREATEST skips NULLs (it would turn a missing step into 0 s): the CASE keeps them NULL, and percentile_cont leaves them out.
  Prisma.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN ${later} IS NOT NULL AND ${earlier} IS NOT NULL THEN greatest(0, extract(epoch FROM (${later} - ${earlier}))) END)`);

/** Counts and median step times of a group of facts (columns named for rowToCounts). */
const AGGREGATES = Prisma.sql`count(*)::int AS alerted, count(delivered_at)::int AS delivered, count(replied_at)::int AS replied,
  count(applied_at)::int AS applied, count(hired_at)::int AS hired, count(arrived_at)::int AS arrived, count(paid_at)::int AS paid,
  ${seconds('delivered_at', 'alerted_at')} AS m_delivered, ${seconds('replied_at', 'alerted_at')} AS m_replied,
  ${seconds('applied_at', 'alerted_at')} AS m_applied, ${seconds('hired_at', 'applied_at')} AS m_hired,
  ${seconds('arrived_at', 'hired_at')} AS m_arrived, ${seconds('paid_at', 'arrived_at')} AS m_paid`;

/** The key of a fact for each way of cutting the funnel. */
const KEY: Record<Dimension, Prisma.Sql> = {
  broadcast: Prisma.sql`campaign_id::text`,
  opening: Prisma.sql`opening_id::text`,
  workshop: Prisma.sql`workshop_id::text`,
  township: Prisma.sql`coalesce(left(division_code, 9), 'none')`,
  village: Prisma.sql`CASE WHEN length(division_code) = 12 THEN division_code ELSE 'none' END`,
  // Beijing month: the columns hold UTC wall time (UTC+8 all year, docs/compliance.md).
  month: Prisma.sql`to_char(alerted_at + interval '8 hours', 'YYYY-MM')`,
};

type AggRow = { part: string; key: string | null } & Record<Step, number> & Record<`m_${Exclude<Step, 'alerted'>}`, number | null>;

function rowToCounts(r: AggRow): FunnelCounts {
  const counts = emptyCounts();
  const medians = emptyMedians();
  for (const s of STEPS) {
    counts[s] = Number(r[s] ?? 0);
    if (s !== 'alerted') {
      const m = r[`m_${s}`];
      medians[s] = m === null || m === undefined ? null : Number(m);
    }
  }
  return { key: r.key ?? 'none', counts, medians };
}

export function createOutcomeService({ db }: { db: Db }) {
  /** The division prefixes a principal's funnel is limited to: null = all; [] = nothing. */
  function scopeOf(p: Principal, requested: readonly string[] = []): string[] | null {
    if (p.role === 'employer') throw new ForbiddenError('console.page_forbidden', 'outcomes are for stations');
    return effectivePrefixes(p, requested);
  }

  /** The facts of the filter: live alerts and the kept facts of erased workers, in one relation. */
  function factsSql(prefixes: string[] | null, f: OutcomeFilter): Prisma.Sql {
    const live = prefixes === null ? Prisma.sql`TRUE` : prefixes.length ? likeAny(Prisma.sql`w.division_code`, prefixes) : Prisma.sql`FALSE`;
    const kept = prefixes === null ? Prisma.sql`TRUE` : prefixes.length ? likeAny(Prisma.sql`f.division_code`, prefixes) : Prisma.sql`FALSE`;
    const opening = f.openingId ? Prisma.sql`AND opening_id = ${f.openingId}` : Prisma.empty;
    return Prisma.sql`
      SELECT * FROM (${liveFactsSql(live, f.range.from)}) l WHERE alerted_at < ${f.range.to} ${opening}
      UNION ALL
      SELECT f.campaign_id, f.opening_id, f.workshop_id, f.division_code, f.returnee, f.home_work, f.priority_household,
             f.alerted_at, f.delivered_at, f.replied_at, f.applied_at, f.hired_at, f.arrived_at, f.paid_at
      FROM outcome_facts f WHERE f.alerted_at >= ${f.range.from} AND f.alerted_at < ${f.range.to} AND ${kept} ${opening}`;
  }

  /** Names for the keys of a dimension: opening code and title, workshop name, place names, broadcast and wave. */
  async function labels(by: Dimension, keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>([['none', by === 'village' ? '未填村' : '未填住址']]);
    const ids = keys.filter((k) => /^\d{1,9}$/.test(k)).map(Number);
    if (by === 'opening' && ids.length) {
      for (const o of await db.opening.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, title: true } })) out.set(String(o.id), `${o.code} ${o.title}`);
    } else if (by === 'workshop' && ids.length) {
      for (const w of await db.workshop.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })) out.set(String(w.id), w.name);
    } else if (by === 'broadcast' && ids.length) {
      const cs = await db.campaign.findMany({ where: { id: { in: ids } }, select: { id: true, wave: true, createdAt: true, opening: { select: { code: true, title: true } } } });
      for (const c of cs) out.set(String(c.id), `${c.opening?.code ?? ''} ${c.opening?.title ?? ''} 第${c.wave}批（${new Date(c.createdAt.getTime() + 8 * 3_600_000).toISOString().slice(5, 10)}）`);
    } else if (by === 'township' || by === 'village') {
      const codes = keys.filter((k) => k !== 'none');
      if (codes.length) for (const d of await db.division.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } })) out.set(d.code, d.name);
    }
    return out;
  }

  /** The funnel cut by one dimension, the split by worker group, the total and the months, in one statement. */
  async function funnel(p: Principal, by: Dimension, f: OutcomeFilter): Promise<FunnelResult> {
      const prefixes = scopeOf(p, f.divisions ?? []);
      const rows = await db.$queryRaw<AggRow[]>`
        WITH facts AS MATERIALIZED (${factsSql(prefixes, f)})
        SELECT 'dim' AS part, ${KEY[by]} AS key, ${AGGREGATES} FROM facts GROUP BY 2
        UNION ALL
        SELECT 'group', g, ${AGGREGATES}
        FROM facts CROSS JOIN LATERAL (VALUES ('all'), (CASE WHEN returnee THEN 'returnee' END), (CASE WHEN home_work THEN 'home_work' END),
          (CASE WHEN priority_household THEN 'priority' END), (CASE WHEN NOT (returnee OR home_work OR priority_household) THEN 'none' END)) v(g)
        WHERE g IS NOT NULL GROUP BY 2
        ${by === 'month' ? Prisma.empty : Prisma.sql`UNION ALL SELECT 'month', ${KEY.month}, ${AGGREGATES} FROM facts GROUP BY 2`}`;
      const dim = rows.filter((r) => r.part === 'dim').map(rowToCounts);
      const groupRows = rows.filter((r) => r.part === 'group').map(rowToCounts);
      const months = (by === 'month' ? dim : rows.filter((r) => r.part === 'month').map(rowToCounts)).sort((a, b) => a.key.localeCompare(b.key));
      const names = await labels(by, dim.map((r) => r.key));
      const groups = groupTable(groupRows);
      return { by, rows: funnelTable(dim, by, names), groups, total: groups[0]!, months };
  }

  return {
    scopeOf,
    funnel,

    /** The week's summary for a station: the week's funnel against the week before, and its best openings. */
    async weekly(p: Principal, station: string, monday: string | undefined, now = new Date()): Promise<WeeklySummary & { openings: FunnelRow[]; groups: FunnelRow[] }> {
      const week = weekRange(monday, now);
      const before = { from: new Date(week.from.getTime() - 7 * 86_400_000), to: week.from };
      const [cur, prev] = await Promise.all([funnel(p, 'opening', { range: week }), funnel(p, 'opening', { range: before })]);
      const summary = weeklySummary({ week: week.label, station, total: cur.total, previous: prev.total, openings: cur.rows });
      return { ...summary, openings: cur.rows, groups: cur.groups };
    },
  };
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
