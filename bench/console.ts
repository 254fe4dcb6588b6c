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
    // 600 of them applied (the applicants page, its print layout and export have rows), and some
    // audit rows beyond the sign-ins.
    await ctx.db.$executeRaw`
      INSERT INTO applications (opening_id, worker_id, channel, status, created_at, updated_at)
      SELECT ${o.id}, n.worker_id, 'sms'::"Channel", (CASE WHEN n.worker_id % 7 = 0 THEN 'hired' ELSE 'applied' END)::"ApplicationStatus", now(), now()
      FROM notifications n JOIN campaigns c ON c.id = n.campaign_id WHERE c.opening_id = ${o.id} AND n.worker_id IS NOT NULL ORDER BY n.worker_id LIMIT 600`;
    for (let i = 0; i < 120; i++) {
      await ctx.db.opening.create({ data: { workshopId: ws.id, title: i % 2 ? `缝纫工${i}` : `包装工${i}`, skills: [], headcount: 5, wageMin: 100, wageMax: 150, wageUnit: 'day', status: i % 5 ? 'open' : 'closed' } });
    }
    await ctx.db.$executeRaw`
      INSERT INTO audit_logs (actor, role, action, entity, entity_id, created_at)
      SELECT 'user:1', 'admin', 'worker.update', 'worker', i::text, now() - i * interval '1 minute' FROM generate_series(1, 20000) AS i`;

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
      ['station', '/console/openings', 'openings list, page 1'],
      ['station', `/console/openings?q=${encodeURIComponent('缝纫')}&status=open&division=${encodeURIComponent('新街镇')}`, 'openings: 缝纫, open, 新街镇'],
      ['station', '/console/openings?page=99999', 'openings: page past the end'],
      ['station', `/console/openings/${o.id}/applicants`, 'applicants, page 1 (600)'],
      ['station', `/console/openings/${o.id}/applicants?status=hired&q=139`, 'applicants: hired, search'],
      ['station', `/console/openings/${o.id}/applicants?print=1`, 'applicants, print layout'],
      ['station', '/console/calls?print=1', 'call list, print layout'],
      ['station', `/console/calls?reason=no_reply&division=${encodeURIComponent('新街镇')}`, 'call list: 没回音 in 新街镇'],
      ['station', '/console/map', 'map (新街镇)'],
      ['admin', '/console/map', 'map (admin, every township)'],
      ['station', `/console/workers?status=paused&division=${encodeURIComponent('新街镇')}`, 'workers: paused in 新街镇'],
      ['admin', '/console/admin/audit', 'audit log, page 1 (20,000)'],
      ['admin', '/console/admin/audit?entity=worker&page=150', 'audit log: workers, page 150'],
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

    // Excel exports: server time, file size, the process's memory growth while it ran (RSS
    // sampled every 20 ms) and the longest the event loop was blocked (the sheet XML is built
    // synchronously by write-excel-file).
    const exports: [string, string, string][] = [
      ['station', '/console/workers/export.xlsx', `workers of 新街镇 (${IN_TOWNSHIP.toLocaleString('en-US')})`],
      ['admin', '/console/workers/export.xlsx', `workers of the county (${WORKERS.toLocaleString('en-US')})`],
      ['station', `/console/openings/${o.id}/applicants.xlsx`, 'applicants (600)'],
      ['station', `/console/openings/${o.id}/alerted.xlsx`, `send results (${m.matched.toLocaleString('en-US')})`],
      ['station', '/console/calls/export.xlsx', 'call list'],
    ];
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    console.log('\nExcel exports (median of 3 after one warm-up):');
    console.log('  as       export                                  status  median ms  max ms   size KB  +RSS MB  loop block ms');
    for (const [who, url, label] of exports) {
      const cookie = who === 'admin' ? admin : station;
      const ms: number[] = [];
      let status = 0;
      let bytes = 0;
      let rssGrowth = 0;
      let blocked = 0;
      for (let i = 0; i < 4; i++) {
        global.gc?.();
        const base = process.memoryUsage().rss;
        let peak = base;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const loop = monitorEventLoopDelay({ resolution: 10 });
        loop.enable();
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        const took = performance.now() - t;
        loop.disable();
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        status = res.statusCode;
        bytes = res.rawPayload.length;
        if (i > 0) {
          ms.push(took);
          rssGrowth = Math.max(rssGrowth, peak - base);
          blocked = Math.max(blocked, loop.max / 1e6);
        }
      }
      ms.sort((a, b) => a - b);
      console.log(
        `  ${who.padEnd(8)} ${label.padEnd(40)} ${String(status).padEnd(7)} ${ms[1]!.toFixed(0).padStart(9)}  ${ms[2]!.toFixed(0).padStart(6)}  ${(bytes / 1024).toFixed(0).padStart(8)}  ${(rssGrowth / 2 ** 20).toFixed(0).padStart(7)}  ${blocked.toFixed(0).padStart(13)}`,
      );
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
