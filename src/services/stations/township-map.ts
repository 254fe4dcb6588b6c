import { effectivePrefixes, type Principal } from '../../domain/access.js';
import type { TownshipTally } from '../../console/map.js';
import type { Db } from '../../db/prisma.js';

/**
 * Workers, workshops and openings per township in the principal's scope, with the township's
 * point for the map (README, Web console: 地图): its own loaded point, else the middle of its
 * villages' points. Every township in scope is listed, those with nobody too (the map shows
 * where the station has not reached). Workers whose place is only a county, or none, are
 * counted apart. One statement; at 50,000 workers a few tens of milliseconds.
 */
export async function townshipTallies(db: Db, p: Principal): Promise<{ townships: TownshipTally[]; unplaced: number }> {
  const scope = effectivePrefixes(p);
  const like = scope === null ? null : scope.map((s) => `${s}%`);
  if (like !== null && like.length === 0) return { townships: [], unplaced: 0 };
  // A village's cadre sees the village's township on the map, counting only the village's own.
  const around = scope === null ? null : [...new Set(scope.filter((s) => s.length > 9).map((s) => s.slice(0, 9)))];
  const rows = await db.$queryRaw<{ code: string; name: string; workers: number; active: number; workshops: number; openings: number; lat: number | null; lng: number | null }[]>`
    SELECT d.code, d.name,
      COALESCE(w.workers, 0)::int AS workers, COALESCE(w.active, 0)::int AS active,
      COALESCE(s.workshops, 0)::int AS workshops, COALESCE(s.openings, 0)::int AS openings,
      COALESCE(c.latitude, v.lat) AS lat, COALESCE(c.longitude, v.lng) AS lng
    FROM divisions d
    LEFT JOIN (SELECT left(division_code, 9) AS t, count(*) FILTER (WHERE status <> 'opted_out') AS workers, count(*) FILTER (WHERE status = 'active') AS active
               FROM workers WHERE length(division_code) >= 9 AND (${like}::text[] IS NULL OR division_code LIKE ANY(${like}::text[])) GROUP BY 1) w ON w.t = d.code
    LEFT JOIN (SELECT left(ws.division_code, 9) AS t, count(DISTINCT ws.id) AS workshops,
                 count(o.id) FILTER (WHERE o.status = 'open' AND (o.expires_at IS NULL OR o.expires_at > now())) AS openings
               FROM workshops ws LEFT JOIN openings o ON o.workshop_id = ws.id
               WHERE ${like}::text[] IS NULL OR ws.division_code LIKE ANY(${like}::text[]) GROUP BY 1) s ON s.t = d.code
    LEFT JOIN division_coordinates c ON c.division_code = d.code
    LEFT JOIN (SELECT left(division_code, 9) AS t, avg(latitude) AS lat, avg(longitude) AS lng
               FROM division_coordinates WHERE length(division_code) = 12 GROUP BY 1) v ON v.t = d.code
    WHERE d.level = 'township' AND (${like}::text[] IS NULL OR d.code LIKE ANY(${like}::text[]) OR d.code = ANY(${around}::text[]))
    ORDER BY COALESCE(w.workers, 0) DESC, d.code`;
  const [counted] = await db.$queryRaw<{ unplaced: number }[]>`
    SELECT count(*)::int AS unplaced FROM workers
    WHERE status <> 'opted_out' AND (division_code IS NULL OR length(division_code) < 9)
      AND (${like}::text[] IS NULL OR division_code LIKE ANY(${like}::text[]))`;
  return {
    townships: rows.map((r) => ({ ...r, point: r.lat !== null && r.lng !== null ? { lat: Number(r.lat), lng: Number(r.lng) } : null })),
    unplaced: counted?.unplaced ?? 0,
  };
}
