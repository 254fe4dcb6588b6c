// Console pages at township scale (issue #18): 50,000 workers in a county, 5,000 of them in one
// township (新街镇), a broadcast to that township's sewers, then the server time of each page a
// station opens, as the township's caseworker and as an admin, beside GET /healthz in the same
// process (the floor of a request through the app).
//
//   npm run bench:console                 # 50,000 workers, 5,000 in 新街镇
//   BENCH_WORKERS=100000 npm run bench:console
//
// Uses its own database (<TEST_DATABASE_URL>_bench_console, else guiyan_bench_console: created,
// migrated and seeded here, emptied first) and a private Redis prefix.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig, loadSettings } from '../src/config.js';
import { createContext } from '../src/context.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import type { Principal } from '../src/domain/access.js';
import { deleteMatching } from '../src/redis.js';

const WORKERS = Math.min(Math.max(Number(process.env.BENCH_WORKERS ?? 50_000), 1000), 500_000);
const IN_TOWNSHIP = Math.round(WORKERS / 10);
const DATABASE_URL = process.env.TEST_DATABASE_URL ? `${process.env.TEST_DATABASE_URL}_bench_console` : 'postgresql://postgres@127.0.0.1:5432/guiyan_bench_console';
const { REDIS_URL } = loadSettings(process.env, ['REDIS_URL']);
const ADMIN: Principal = { actor: 'bench', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

async function main() {
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const seedDb = createDb(DATABASE_URL, { max: 2 });
  await seedReferenceData(seedDb, loadDivisions(['5325']));
  await seedDb.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers, consent_events, inbound_messages,
    delivery_reports, outbox_messages, workers, audit_logs, console_users, segments, reminders, call_logs RESTART IDENTITY CASCADE`);
  // 新街镇's villages for the township's workers, the county's other townships for the rest.
  const xinjie = (await seedDb.division.findMany({ where: { code: { startsWith: '532528102' }, level: 'village' }, select: { code: true } })).map((d) => d.code);
  const county = (await seedDb.division.findMany({ where: { code: { startsWith: '532528' }, level: 'village', NOT: { code: { startsWith: '532528102' } } }, select: { code: true } })).map((d) => d.code);
  const t0 = performance.now();
  await seedDb.$executeRaw`
    INSERT INTO workers (phone, name, skills, division_code, status, created_at, updated_at)
    SELECT '139' || lpad(i::text, 8, '0'), '工人' || i,
           CASE WHEN i % 3 = 0 THEN ARRAY['缝纫'] WHEN i % 3 = 1 THEN ARRAY['包装'] ELSE ARRAY['采摘', '普工'] END,
           CASE WHEN i <= ${IN_TOWNSHIP} THEN (${xinjie}::text[])[1 + i % ${xinjie.length}] ELSE (${county}::text[])[1 + i % ${county.length}] END,
           (CASE WHEN i % 20 = 0 THEN 'opted_out' WHEN i % 11 = 0 THEN 'paused' ELSE 'active' END)::"WorkerStatus",
           now() - (i % 60) * interval '1 day', now()
    FROM generate_series(1, ${WORKERS}) AS i`;
  await seedDb.$executeRawUnsafe('ANALYZE workers');
  console.log(`${WORKERS.toLocaleString('en-US')} workers (${IN_TOWNSHIP.toLocaleString('en-US')} in 新街镇) inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await seedDb.$disconnect();

  const config = loadConfig({ DATABASE_URL, REDIS_URL, QUEUE_PREFIX: `{guiyan-bench-console-${randomBytes(4).toString('hex')}}`, LOG_LEVEL: 'silent', QUIET_HOURS: '', SMS_CONSOLE_RECEIPT_MS: '0' });
  const ctx = createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(config, { ctx });
  await app.ready();
  try {
    const users = ctx.services.consoleUsers;
    await users.create(ADMIN, { name: 'bench-admin', password: 'bench-password-1', role: 'admin', divisionPrefixes: [] });
    await users.create(ADMIN, { name: 'bench-xinjie', password: 'bench-password-2', role: 'caseworker', divisionPrefixes: ['532528102'] });
    const signIn = async (name: string, password: string) => {
      const form = await app.inject('/console/login');
      let cookie = [form.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const res = await app.inject({ method: 'POST', url: '/console/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, name, password }).toString() });
      cookie = [cookie, ...[res.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0])].join('; ');
      if (res.statusCode !== 303) throw new Error(`sign-in as ${name}: ${res.statusCode}`);
      return cookie;
    };
    const station = await signIn('bench-xinjie', 'bench-password-2');
    const admin = await signIn('bench-admin', 'bench-password-1');

    // A broadcast to the township's sewers (matched and written, not sent), so the opening's pages have rows.
    const ws = await ctx.db.workshop.create({ data: { name: '新街制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const o = await ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 3500, wageMax: 5000, wageUnit: 'month', reachTownship: true } });
    const draft = await ctx.db.opening.create({ data: { workshopId: ws.id, title: '包装工', skills: ['包装'], headcount: 50, wageMin: 3000, wageMax: 4000, wageUnit: 'month', status: 'draft' } });
    const c = await ctx.services.matching.startBroadcast(o.id, { sendToAll: true });
    const m = await ctx.services.matching.runCampaign(c.id);
    console.log(`a broadcast to 新街镇's sewers matched ${m.matched.toLocaleString('en-US')} workers`);

    const pages: [string, string, string][] = [
      ['station', '/console', 'overview'],
      ['station', '/console/workers', 'workers list'],
      ['station', `/console/workers?division=${encodeURIComponent('新街镇')}&skill=${encodeURIComponent('缝纫')}`, 'workers: 新街镇 sewers'],
      ['station', `/console/workers?q=${encodeURIComponent('工人4999')}`, 'workers: search a name'],
      ['station', '/console/calls', 'call list'],
      ['station', `/console/openings/${o.id}`, 'opening (sent)'],
      ['station', `/console/openings/${o.id}/alerted`, 'who was alerted, page 1'],
      ['station', `/console/openings/${draft.id}`, 'draft opening with pre-flight'],
      ['station', '/console/reminders', 'reminders'],
      ['admin', '/console', 'overview (admin, whole prefecture)'],
      ['admin', '/console/workers', 'workers list (admin)'],
    ];
    const time = async (cookie: string, url: string, runs = 5) => {
      const ms: number[] = [];
      let status = 0;
      for (let i = 0; i < runs + 1; i++) {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (i > 0) ms.push(performance.now() - t); // the first warms caches
        status = res.statusCode;
      }
      ms.sort((a, b) => a - b);
      return { median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]!, status };
    };
    const floor = await time(station, '/healthz');
    console.log(`\nserver time per page (median of 5 after one warm-up, in this process; GET /healthz ${floor.median.toFixed(1)} ms):`);
    console.log('  as       page                                    status  median ms  max ms   × /healthz');
    for (const [who, url, label] of pages) {
      const r = await time(who === 'admin' ? admin : station, url);
      console.log(`  ${who.padEnd(8)} ${label.padEnd(40)} ${String(r.status).padEnd(7)} ${r.median.toFixed(1).padStart(9)}  ${r.max.toFixed(1).padStart(6)}   ${(r.median / floor.median).toFixed(0).padStart(5)}×`);
    }
  } finally {
    await app.close();
    await deleteMatching(ctx.redis, `${config.QUEUE_PREFIX}:*`).catch(() => undefined);
    await ctx.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
