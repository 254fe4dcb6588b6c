import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { createDb } from '../src/db/prisma.js';
import { candidateSql, loadHistory, uniqueWorkers, type OpeningForMatch, type WorkerRow } from '../src/services/match-service.js';
async function main() {
  const db = createDb('postgresql://postgres@127.0.0.1:5432/guiyan_bench', { max: 4 });
  const codes = (await db.division.findMany({ select: { code: true } })).map((r) => r.code).sort();
  const form = (process.argv[2] ?? 'county_workshop') as 'county_workshop';
  const o = (await db.opening.findFirstOrThrow({ where: { workshop: { form } }, include: { workshop: true } })) as unknown as OpeningForMatch;
  const t = async (name: string, f: () => Promise<unknown>) => { const xs: number[] = []; let r: unknown; for (let i = 0; i < 7; i++) { const s = performance.now(); r = await f(); xs.push(performance.now() - s); } xs.sort((a, b) => a - b); console.log(name, xs[3]!.toFixed(2)); return r; };
  await t('select 1', () => db.$queryRaw`SELECT 1`);
  await t('load opening', () => db.opening.findUnique({ where: { id: o.id }, include: { workshop: true } }));
  const rows = (await t('candidates', () => db.$queryRaw<WorkerRow[]>(candidateSql(o, codes, { wide: false, now: new Date() })))) as WorkerRow[];
  console.log('rows', rows.length);
  const ids = uniqueWorkers(rows).map((w) => w.id);
  await t('history', () => loadHistory(db, o.id, ids, new Date()));
  const sql = candidateSql(o, codes, { wide: false, now: new Date() });
  const c = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/guiyan_bench' });
  await c.connect();
  await t('pg candidates', () => c.query(sql.text, sql.values as unknown[]));
  const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values as unknown[]);
  console.log(plan.rows.map((p) => p['QUERY PLAN']).filter((l: string) => /Scan|Execution|Heap|Buffers/.test(l)).join('\n'));
  await c.end();
  await db.$disconnect();
}
void main();
