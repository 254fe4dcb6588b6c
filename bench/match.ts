/**
 * npm run bench:match [-- --workers 1000000 --openings 8 --naive 2 --drop]
 *
 * Matching at the design point: a prefecture's worth of synthetic workers spread over the
 * 1,363 real Honghe villages, then openings of each work form matched two ways in the same
 * run: the real path (indexed SQL narrowing + the pure rules, services/matching/candidates.ts) and a
 * naive baseline (every active worker streamed out of PostgreSQL and filtered in JS with the
 * same pure rules). Prints p50/p95 of each, the speedup, and checks both chose the same
 * workers in the same order. Uses its own database (BENCH_DATABASE_URL, default guiyan_bench):
 * never the demo or test data. The workers are kept for the next run (same seed, same count);
 * --drop drops the database at the end.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import { evaluate, NO_HISTORY, type WorkFormName } from '../src/domain/matching.js';
import type { QueueClient } from '../src/queues/queue-client.js';
import { createOutbox } from '../src/services/delivery/outbox.js';
import {
  loadHistory,
  openingForRules,
  planFromCandidates,
  WORKER_COLUMNS_SQL,
  workerFromRow,
  type CandidateWorker,
  type OpeningForMatch,
  type WorkerRow,
} from '../src/services/matching/candidates.js';
import { createMatchService } from '../src/services/matching/match-service.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive whole number`);
  return v;
}
const WORKERS = arg('workers', 1_000_000);
const OPENINGS_PER_FORM = arg('openings', 8);
const NAIVE_PER_FORM = arg('naive', 2);
const REPEATS = 3;
const DROP = process.argv.includes('--drop');
const SEED = 20261129;
const url = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/guiyan_bench';

// A realistic mix for Honghe: general labour, garments, farm work, assembly; weights sum to 100.
const SKILL_WEIGHTS: [string, number][] = [
  ['普工', 12], ['缝纫', 10], ['种植', 10], ['采摘', 8], ['包装', 7], ['组装', 6], ['手工', 5], ['烤烟', 5],
  ['分拣', 4], ['食品加工', 4], ['养殖', 4], ['搬运', 4], ['编织', 3], ['刺绣', 3], ['花卉', 3], ['保洁', 3],
  ['驾驶', 3], ['厨师', 2], ['泥瓦工', 2], ['裁剪', 1], ['整烫', 1],
];
const SKILL_TABLE = SKILL_WEIGHTS.flatMap(([s, w]) => Array<string>(w).fill(s));

/** Mulberry32: a tiny seeded PRNG, so the openings are the same every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * Synthetic villages get made-up coordinates inside Honghe's box (22.5–24.5 N, 102.3–104.3 E),
 * for the benchmark only: production has none until an operator or WeChat supplies them.
 */
async function generate(client: pg.Client, villages: string[]) {
  const t0 = performance.now();
  await client.query(`TRUNCATE applications, notifications, match_skips, campaigns, openings, workshops, workers RESTART IDENTITY CASCADE`);
  // Bulk loads are faster into an unindexed table: drop the secondary indexes, rebuild them after.
  const indexes = (
    await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.tablename = 'workers' AND i.schemaname = current_schema()
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  for (const i of indexes) await client.query(`DROP INDEX "${i.indexname}"`);
  await client.query(`SELECT setseed($1)`, [(SEED % 1000) / 1000]);
  await client.query(
    `INSERT INTO workers (phone, division_code, skills, work_forms, status, paused_until, phone_invalid, returnee,
                          place_range, max_distance_km, latitude, longitude, wage_floor, wage_floor_unit, updated_at)
     SELECT '1' || lpad(g::text, 10, '0'),
            v.code,
            CASE WHEN r.s0 < 0.08 THEN '{}'::text[]
                 WHEN r.s0 < 0.70 THEN ARRAY[($2::text[])[1 + floor(r.s1 * 100)::int]]
                 ELSE ARRAY(SELECT DISTINCT unnest(ARRAY[($2::text[])[1 + floor(r.s1 * 100)::int], ($2::text[])[1 + floor(r.s2 * 100)::int]])) END,
            CASE WHEN r.f < 0.80 THEN '{}'::"WorkForm"[]
                 WHEN r.f < 0.87 THEN '{county_workshop}'::"WorkForm"[]
                 WHEN r.f < 0.93 THEN '{village_plant}'::"WorkForm"[]
                 ELSE '{home_workshop}'::"WorkForm"[] END,
            (CASE WHEN r.st < 0.90 THEN 'active' WHEN r.st < 0.94 THEN 'paused' ELSE 'opted_out' END)::"WorkerStatus",
            CASE WHEN r.st BETWEEN 0.88 AND 0.90 THEN now() + interval '5 days' END,
            r.inv < 0.02,
            r.ret < 0.30,
            (CASE WHEN r.pr < 0.75 THEN 'township' WHEN r.pr < 0.85 THEN 'village' ELSE 'county' END)::"PlaceRange",
            CASE WHEN r.geo < 0.02 THEN 5 + floor(r.km * 26)::int END,
            CASE WHEN r.geo < 0.06 THEN v.lat + (r.j1 - 0.5) * 0.04 END,
            CASE WHEN r.geo < 0.06 THEN v.lng + (r.j2 - 0.5) * 0.04 END,
            CASE WHEN r.wf < 0.10 THEN 3000 + floor(r.km * 16)::int * 100 WHEN r.wf < 0.20 THEN 100 + floor(r.km * 9)::int * 10 END,
            (CASE WHEN r.wf < 0.10 THEN 'month' WHEN r.wf < 0.20 THEN 'day' END)::"WageUnit",
            now()
     FROM (SELECT g, random() AS vr, random() AS s0, random() AS s1, random() AS s2, random() AS f, random() AS st,
                  random() AS inv, random() AS ret, random() AS pr, random() AS geo, random() AS km, random() AS j1,
                  random() AS j2, random() AS wf
           FROM generate_series(1, $1::int) g) r
     JOIN LATERAL (SELECT c.code, 22.5 + ((c.i * 7919) % 1000) / 500.0 AS lat, 102.3 + ((c.i * 104729) % 1000) / 500.0 AS lng
                   FROM (SELECT ($3::text[])[1 + floor(r.vr * array_length($3::text[], 1))::int] AS code,
                                floor(r.vr * array_length($3::text[], 1))::int AS i) c) v ON true
     ORDER BY g`,
    [WORKERS, SKILL_TABLE, villages],
  );
  for (const i of indexes) await client.query(i.indexdef);
  await client.query('VACUUM ANALYZE workers');
  return performance.now() - t0;
}

async function dropDatabase(databaseUrl: string) {
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}"`);
  await admin.end();
}

async function main() {
  const t0 = performance.now();
  await ensureDatabase(url);
  if ((await migrate(url)).modified.length > 0) {
    // A migration changed since this database was made: it is ours alone, start it afresh.
    await dropDatabase(url);
    await ensureDatabase(url);
    await migrate(url);
  }
  const db = createDb(url, { max: 4 });
  const divisions = loadDivisions(['5325']);
  await seedReferenceData(db, divisions);
  const villages = divisions.filter((d) => d.level === 'village').map((d) => d.code);
  const townships = divisions.filter((d) => d.level === 'township').map((d) => d.code);
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  const have = Number((await client.query('SELECT count(*) AS n FROM workers')).rows[0].n);
  const marker = (await client.query(`SELECT phone FROM workers WHERE id = $1`, [WORKERS])).rows[0]?.phone;
  let generationMs = 0;
  if (have === WORKERS && marker === `1${String(WORKERS).padStart(10, '0')}`) {
    console.log(`reusing ${have.toLocaleString()} synthetic workers in ${url.replace(/\/\/[^@]*@/, '//')}`);
    await client.query(`TRUNCATE applications, notifications, match_skips, campaigns, openings, workshops RESTART IDENTITY CASCADE`);
  } else {
    generationMs = await generate(client, villages);
    console.log(`generated ${WORKERS.toLocaleString()} workers over ${villages.length} villages in ${ms(generationMs)}`);
  }
  const stats = (await client.query(`SELECT count(*) FILTER (WHERE status = 'active') AS active,
      count(DISTINCT division_code) AS villages, count(*) FILTER (WHERE latitude IS NOT NULL) AS geo FROM workers`)).rows[0];
  console.log(`workers: ${WORKERS.toLocaleString()} (active ${Number(stats.active).toLocaleString()}, in ${stats.villages} villages, with coordinates ${Number(stats.geo).toLocaleString()})`);

  // Openings of each work form, from a fixed seed: skills by the same mix, places anywhere.
  const rnd = prng(SEED);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const forms: WorkFormName[] = ['county_workshop', 'village_plant', 'home_workshop'];
  const openings: { id: number; form: WorkFormName }[] = [];
  for (const form of forms) {
    for (let i = 0; i < OPENINGS_PER_FORM; i++) {
      const village = pick(villages);
      const division = form === 'county_workshop' ? village.slice(0, 9) : village;
      const geo = form === 'county_workshop' && i % 2 === 0;
      const ws = await db.workshop.create({
        data: {
          name: `车间${form}${i}`, form, divisionCode: division, contactPhone: '13900000009',
          latitude: geo ? 22.5 + rnd() * 2 : null, longitude: geo ? 102.3 + rnd() * 2 : null,
        },
      });
      const skill = form === 'home_workshop' ? pick(['编织', '手工', '刺绣', '缝纫']) : pick(SKILL_TABLE);
      const delivery = form === 'home_workshop' && i % 2 === 1 ? townships.filter((t) => t.startsWith(village.slice(0, 6))).slice(0, 3) : [];
      const o = await db.opening.create({
        data: {
          workshopId: ws.id, title: `岗位${i}`, skills: skill === '普工' ? [] : [skill], headcount: 1 + Math.floor(rnd() * 20),
          wageMin: 3000, wageMax: 4500, wageUnit: 'month', reachTownship: form === 'village_plant' && i % 2 === 1,
          deliveryTownships: delivery, preferReturnees: i % 3 === 0,
        },
      });
      openings.push({ id: o.id, form });
    }
  }

  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const noQueues = new Proxy({}, { get: () => () => { throw new Error('the benchmark sends nothing'); } }) as QueueClient;
  const matching = createMatchService({ config, db, queues: noQueues, outbox: createOutbox({ config, db, queues: noQueues }), log: pino({ level: 'silent' }) });

  // The real path, warmed once, then timed REPEATS times per opening.
  const fast = new Map<number, number[]>();
  const fastTimes: number[] = [];
  const perForm = new Map<WorkFormName, number[]>();
  for (const o of openings) fast.set(o.id, (await matching.planMatch(o.id)).matches.map((m) => m.workerId));
  for (let r = 0; r < REPEATS; r++) {
    for (const o of openings) {
      const t = performance.now();
      await matching.planMatch(o.id);
      const dt = performance.now() - t;
      fastTimes.push(dt);
      perForm.set(o.form, [...(perForm.get(o.form) ?? []), dt]);
    }
  }

  // The naive path: every active worker read (a cursor, 20,000 rows at a time) and filtered in JS.
  async function naive(openingId: number): Promise<number[]> {
    const o = (await db.opening.findUniqueOrThrow({ where: { id: openingId }, include: { workshop: true } })) as unknown as OpeningForMatch;
    const rules = openingForRules(o);
    const now = new Date();
    const passing: CandidateWorker[] = [];
    await client.query('BEGIN');
    await client.query(`DECLARE everyone NO SCROLL CURSOR FOR SELECT ${WORKER_COLUMNS_SQL} FROM workers w WHERE w.status = 'active'`);
    for (;;) {
      const { rows } = await client.query<WorkerRow>('FETCH 20000 FROM everyone');
      if (rows.length === 0) break;
      for (const row of rows) {
        const w = workerFromRow(row);
        if (evaluate(w, rules, NO_HISTORY, { now, weeklyCap: 0 }).ok) passing.push(w);
      }
    }
    await client.query('COMMIT');
    const plan = await planFromCandidates(passing, rules, (ids) => loadHistory(db, o.id, ids, now), { now, weeklyCap: config.MATCH_WEEKLY_ALERT_CAP });
    return plan.matches.map((m) => m.workerId);
  }
  const naiveTimes: number[] = [];
  let same = 0;
  let compared = 0;
  const naiveFast: number[] = [];
  for (const form of forms) {
    for (const o of openings.filter((x) => x.form === form).slice(0, NAIVE_PER_FORM)) {
      const t = performance.now();
      const ids = await naive(o.id);
      naiveTimes.push(performance.now() - t);
      compared++;
      const f = fast.get(o.id)!;
      if (ids.length === f.length && ids.every((id, i) => id === f[i])) same++;
      else console.error(`MISMATCH opening ${o.id} (${form}): fast ${f.length}, naive ${ids.length}`);
      naiveFast.push(...(perForm.get(form) ?? []));
    }
  }

  const sizes = [...fast.values()].map((v) => v.length);
  const p50 = pct(fastTimes, 50);
  const p95 = pct(fastTimes, 95);
  const np50 = pct(naiveTimes, 50);
  const np95 = pct(naiveTimes, 95);
  console.log(`openings: ${openings.length} (${OPENINGS_PER_FORM} per form), matches per opening: min ${Math.min(...sizes)}, p50 ${pct(sizes, 50)}, max ${Math.max(...sizes)}`);
  for (const form of forms) {
    const xs = perForm.get(form)!;
    console.log(`  ${form.padEnd(16)} indexed p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}`);
  }
  console.log(`indexed SQL + pure rules: p50 ${ms(p50)}  p95 ${ms(p95)}  (${fastTimes.length} runs)`);
  console.log(`naive (all active workers filtered in JS): p50 ${ms(np50)}  p95 ${ms(np95)}  (${naiveTimes.length} runs)`);
  console.log(`speedup at p50: ${(np50 / p50).toFixed(0)}×`);
  console.log(`same workers in the same order: ${same}/${compared}`);
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s (generation ${(generationMs / 1000).toFixed(1)} s)`);

  await client.end();
  await db.$disconnect();
  if (DROP) {
    await dropDatabase(url);
    console.log('dropped the benchmark database');
  }
  if (same !== compared) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
