import { z } from 'zod';
import { Prisma } from '../../db/prisma.js';

/** A saved or ad-hoc filter of workers: what segments store and reminders target. */
export const workerFilterSchema = z.object({
  divisions: z.array(z.string().regex(/^\d{4}(\d{2}(\d{3}){0,2})?$/, 'a prefecture, county, township or village code')).max(50).default([]).describe('division code prefixes; [] = all of yours'),
  skills: z.array(z.string().trim().min(1)).max(20).default([]).describe('any of these skills (canonical names or synonyms)'),
  returnee: z.boolean().optional().describe('返乡人员 only (true) or non-returnees only (false)'),
  wantsHomeWork: z.boolean().optional().describe('wants 家庭作坊 home piecework'),
  statuses: z.array(z.enum(['active', 'paused', 'opted_out'])).max(3).default([]).describe('[] = any status'),
  search: z.string().trim().min(1).max(40).optional().describe('part of a phone number or a name'),
});
export type WorkerFilter = z.infer<typeof workerFilterSchema>;

const likeAny = (prefixes: readonly string[]) => Prisma.sql`w.division_code LIKE ANY(${prefixes.map((p) => `${p}%`)}::text[])`;

/**
 * SQL condition on `workers w` for a filter within `scope` (division prefixes; null = no
 * limit, [] = nothing). Skills must already be canonical.
 */
export function workerFilterSql(filter: WorkerFilter, scope: readonly string[] | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (scope !== null) parts.push(scope.length ? likeAny(scope) : Prisma.sql`FALSE`);
  if (filter.divisions.length) parts.push(likeAny(filter.divisions));
  if (filter.skills.length) parts.push(Prisma.sql`w.skills && ${filter.skills}::text[]`);
  if (filter.returnee !== undefined) parts.push(Prisma.sql`w.returnee = ${filter.returnee}`);
  if (filter.wantsHomeWork !== undefined) parts.push(Prisma.sql`('home_workshop' = ANY(w.work_forms)) = ${filter.wantsHomeWork}`);
  if (filter.statuses.length) parts.push(Prisma.sql`w.status::text = ANY(${filter.statuses}::text[])`);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(Prisma.sql`(w.phone LIKE ${like} OR w.name LIKE ${like})`);
  }
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}
