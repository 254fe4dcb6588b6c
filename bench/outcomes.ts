// The 成效 page at county scale (issue 17 §4, docs/outcomes.md): 50,000 workers in 元阳县 (5,000
// in 新街镇), 100 openings over a season, each broadcast to 2,000 workers (200,000 alerts), with
// receipts, replies, applications, hires, arrivals and pay; then the server time of the page, its
// export and the weekly summary, as 新街镇's station and as an admin, against the overview page
// (the console's heaviest page before this one) as a baseline.
//
//   npm run bench:outcomes                   # 50,000 workers, 100 openings
//   BENCH_WORKERS=100000 npm run bench:outcomes
//
// Uses its own database (<TEST_DATABASE_URL>_bench_outcomes, else guiyan_bench_outcomes: created,
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

const WORKERS = Math.min(Math.max(Number(process.env.BENCH_WORKERS ?? 50_000), 5000), 500_000);
const OPENINGS = 100;
const PER_OPENING = Math.round(WORKERS / 25);
const IN_TOWNSHIP = Math.round(WORKERS / 10);
const DATABASE_URL = process.env.TEST_DATABASE_URL ? `${process.env.TEST_DATABASE_URL}_bench_outcomes` : 'postgresql://postgres@127.0.0.1:5432/guiyan_bench_outcomes';
const { REDIS_URL } = loadSettings(process.env, ['REDIS_URL']);
const ADMIN: Principal = { actor: 'bench', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

async function main() {
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const db = createDb(DATABASE_URL, { max: 2 });
  await seedReferenceData(db, loadDivisions(['5325']));
  await db.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers, consent_events, inbound_messages,
    delivery_reports, outbox_messages, workers, audit_logs, console_users, segments, reminders, call_logs, cases, outcome_facts RESTART IDENTITY CASCADE`);
  const xinjie = (await db.division.findMany({ where: { code: { startsWith: '532528102' }, level: 'village' }, select: { code: true } })).map((d) => d.code);
  const county = (await db.division.findMany({ where: { code: { startsWith: '532528' }, level: 'village', NOT: { code: { startsWith: '532528102' } } }, select: { code: true } })).map((d) => d.code);
  const t0 = performance.now();
  await db.$executeRaw`
    INSERT INTO workers (phone, name, skills, division_code, status, returnee, priority_household, work_forms, created_at, updated_at)
    SELECT '139' || lpad(i::text, 8, '0'), '工人' || i, ARRAY['缝纫'],
           CASE WHEN i <= ${IN_TOWNSHIP} THEN (${xinjie}::text[])[1 + i % ${xinjie.length}] ELSE (${county}::text[])[1 + i % ${county.length}] END,
           'active'::"WorkerStatus", i % 3 = 0, i % 9 = 0,
           CASE WHEN i % 5 = 0 THEN ARRAY['home_workshop']::"WorkForm"[] ELSE ARRAY[]::"WorkForm"[] END,
           now() - interval '120 days', now()
    FROM generate_series(1, ${WORKERS}) AS i`;
  // A workshop per township, an opening a day or so over the season, each broadcast once.
  await db.$executeRaw`
    INSERT INTO workshops (name, form, division_code, contact_phone)
    SELECT d.name || '车间', 'village_plant', d.code, '13900000009' FROM divisions d WHERE d.parent_code = '532528' ORDER BY d.code`;
  await db.$executeRaw`
    INSERT INTO openings (workshop_id, title, skills, headcount, wage_min, wage_max, wage_unit, status, created_at, updated_at)
    SELECT 1 + j % (SELECT count(*) FROM workshops), '缝纫工' || j, ARRAY['缝纫'], 20, 100, 150, 'day', 'open', now() - (100 - j) * interval '1 day', now()
    FROM generate_series(1, ${OPENINGS}) AS j`;
  await db.$executeRaw`
    INSERT INTO campaigns (kind, opening_id, status, matched, created_at, finished_at)
    SELECT 'opening_broadcast', o.id, 'completed', ${PER_OPENING}, o.created_at, o.created_at + interval '10 minutes' FROM openings o ORDER BY o.id`;
  // Alerts: worker i hears of opening j when (i + 7j) % 25 = 0; 95% delivered within minutes.
  await db.$executeRaw`
    INSERT INTO notifications (campaign_id, worker_id, kind, channel, phone, template_code, template_params, content, segments, status, created_at, sent_at, delivered_at, updated_at)
    SELECT c.id, w.id, 'alert', 'sms', w.phone, 'SMS_GUIYAN_JOB_ALERT', '{}'::jsonb, '新街车间招缝纫工，日薪100-150元。回BM报名，拒收请回复R', 1,
           (CASE WHEN w.id % 20 = 0 THEN 'failed' ELSE 'delivered' END)::"NotificationStatus",
           c.created_at, c.created_at + (w.id % 600) * interval '1 second',
           CASE WHEN w.id % 20 = 0 THEN NULL ELSE c.created_at + (w.id % 600 + 20 + w.id % 90) * interval '1 second' END, c.created_at
    FROM campaigns c JOIN workers w ON (w.id + 7 * c.id) % 25 = 0`;
  // Replies (14%), applications (8%), hires (a third of those), arrivals, pay.
  await db.$executeRaw`
    INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, worker_id, content, received_at, processed_at, raw)
    SELECT 'aliyun', 'b' || n.id, 'sms', n.phone, n.worker_id, '岗位', n.sent_at + (n.id % 7200) * interval '1 second', n.sent_at + (n.id % 7200) * interval '1 second', '{}'::jsonb
    FROM notifications n WHERE (n.worker_id * n.campaign_id) % 7 = 0`;
  await db.$executeRaw`
    INSERT INTO applications (opening_id, worker_id, channel, status, created_at, updated_at, hired_at, arrived_at, paid_at)
    SELECT c.opening_id, n.worker_id, 'sms', (CASE WHEN n.worker_id % 3 = 0 THEN 'hired' ELSE 'applied' END)::"ApplicationStatus",
           n.sent_at + interval '20 minutes', now(),
           CASE WHEN n.worker_id % 3 = 0 THEN n.sent_at + interval '1 day' END,
           CASE WHEN n.worker_id % 3 = 0 AND n.worker_id % 4 <> 0 THEN n.sent_at + interval '2 days' END,
           CASE WHEN n.worker_id % 3 = 0 AND n.worker_id % 4 <> 0 AND n.worker_id % 5 <> 0 AND n.sent_at + interval '20 days' < now() THEN n.sent_at + interval '20 days' END
    FROM notifications n JOIN campaigns c ON c.id = n.campaign_id WHERE (n.worker_id + n.campaign_id) % 12 = 0 AND n.status = 'delivered'`;
  await db.$executeRawUnsafe('ANALYZE');
  const [sizes] = await db.$queryRaw<{ alerts: number; texts: number; apps: number }[]>`
    SELECT (SELECT count(*) FROM notifications)::int AS alerts, (SELECT count(*) FROM inbound_messages)::int AS texts, (SELECT count(*) FROM applications)::int AS apps`;
  console.log(`${WORKERS.toLocaleString('en-US')} workers (${IN_TOWNSHIP.toLocaleString('en-US')} in 新街镇), ${OPENINGS} openings, ${sizes!.alerts.toLocaleString('en-US')} alerts, ${sizes!.texts.toLocaleString('en-US')} replies, ${sizes!.apps.toLocaleString('en-US')} applications, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.$disconnect();

  const config = loadConfig({ DATABASE_URL, REDIS_URL, QUEUE_PREFIX: `{guiyan-bench-outcomes-${randomBytes(4).toString('hex')}}`, LOG_LEVEL: 'silent', QUIET_HOURS: '' });
  const ctx = createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(config, { ctx });
  await app.ready();
  try {
    await ctx.services.consoleUsers.create(ADMIN, { name: 'bench-admin', password: 'bench-password-1', role: 'admin', divisionPrefixes: [] });
    await ctx.services.consoleUsers.create(ADMIN, { name: 'bench-xinjie', password: 'bench-password-2', role: 'caseworker', divisionPrefixes: ['532528102'] });
    const signIn = async (name: string, password: string) => {
      const form = await app.inject('/console/login');
      let cookie = [form.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const res = await app.inject({ method: 'POST', url: '/console/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, name, password }).toString() });
      cookie = [cookie, ...[res.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0])].join('; ');
      if (res.statusCode !== 303) throw new Error(`sign-in as ${name}: ${res.statusCode}`);
      return cookie;
    };
    const cookies = { station: await signIn('bench-xinjie', 'bench-password-2'), admin: await signIn('bench-admin', 'bench-password-1') };
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
    const baseline = { station: await time(cookies.station, '/console'), admin: await time(cookies.admin, '/console') };
    const pages: ['station' | 'admin', string, string][] = [
      ['station', '/console/outcomes', '成效, 90 days, by opening'],
      ['station', '/console/outcomes?period=all&by=village', '成效, whole season, by village'],
      ['station', '/console/outcomes?period=30d&by=month', '成效, 30 days, by month'],
      ['station', '/console/outcomes/export.xlsx?period=all&by=opening', 'export, season by opening'],
      ['station', '/console/outcomes/weekly', 'weekly summary (print)'],
      ['admin', '/console/outcomes', '成效 (admin), 90 days, by opening'],
      ['admin', '/console/outcomes?period=all&by=township', '成效 (admin), season, by township'],
      ['admin', '/console/outcomes?period=all&by=broadcast', '成效 (admin), season, by broadcast'],
      ['admin', '/console/outcomes/weekly?format=json', 'weekly summary (admin, JSON)'],
    ];
    console.log(`\nserver time (median of 5 after one warm-up, in this process); baseline: the overview, station ${baseline.station.median.toFixed(0)} ms, admin ${baseline.admin.median.toFixed(0)} ms`);
    console.log('  as       page                                         status  median ms  max ms   × overview');
    for (const [who, url, label] of pages) {
      const r = await time(cookies[who], url);
      console.log(`  ${who.padEnd(8)} ${label.padEnd(44)} ${String(r.status).padEnd(7)} ${r.median.toFixed(0).padStart(9)}  ${r.max.toFixed(0).padStart(6)}   ${(r.median / baseline[who].median).toFixed(1).padStart(9)}×`);
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
