// A season of guiyan, played against the real service (issue 17 §4, docs/outcomes.md): workers
// subscribe by text through the SMS webhook, a station marks returnees, home workers and
// priority households, employers post a hundred openings over thirteen weeks and broadcast
// them, the notify workers send through the console SMS driver and its receipts come back
// through the receipt path, workers apply by text (BM1003) or write other things, employers hire,
// a few workers erase their data by text (注销, 1). Then it prints the funnel as the 成效 page
// draws it.
//
//   npm run simulate:season                         # 3,000 workers, 100 openings, 13 weeks
//   SEASON_WORKERS=5000 SEASON_OPENINGS=150 npm run simulate:season
//
// Time: each week is played now, then everything it wrote is moved back to its week (so the
// season spans three months), before the next week is played. Arrival and pay are what workers
// answer after a hire (issue 17 §3, texts built elsewhere); here they are set on the hired
// applications directly, on realistic days, where that day has come.
//
// Uses its own database (<TEST_DATABASE_URL>_season, else guiyan_season: created, migrated,
// emptied first) and a private Redis prefix.
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
import { DIMENSION_LABELS, fmtDuration, fmtShare, STEP_LABELS, STEPS, type Dimension, type FunnelRow } from '../src/domain/outcomes.js';
import { deleteMatching } from '../src/redis.js';
import { startWorkers } from '../workers/start-workers.js';

const WORKERS = Math.min(Math.max(Number(process.env.SEASON_WORKERS ?? 3000), 200), 50_000);
const OPENINGS = Math.min(Math.max(Number(process.env.SEASON_OPENINGS ?? 100), 13), 1000);
const WEEKS = 13;
const DATABASE_URL = process.env.TEST_DATABASE_URL ? `${process.env.TEST_DATABASE_URL}_season` : 'postgresql://postgres@127.0.0.1:5432/guiyan_season';
const { REDIS_URL } = loadSettings(process.env, ['REDIS_URL']);
const WEBHOOK_TOKEN = `season-${randomBytes(16).toString('hex')}`;
const STATION: Principal = { actor: 'season:station', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const SKILLS = ['缝纫', '采摘', '包装', '普工', '搬运', '刺绣'];
const DAY = 86_400_000;

/** A deterministic pseudo-random number in [0, 1) for a seed (the same season every run). */
function rand(seed: number): number {
  const x = Math.sin(seed * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const started = performance.now();
  await ensureDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const seedDb = createDb(DATABASE_URL, { max: 2 });
  await seedReferenceData(seedDb, loadDivisions(['5325']));
  await seedDb.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers, consent_events, inbound_messages,
    delivery_reports, outbox_messages, workers, audit_logs, console_users, segments, reminders, call_logs, cases, outcome_facts RESTART IDENTITY CASCADE`);
  await seedDb.$disconnect();

  const config = loadConfig({
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: `{guiyan-season-${randomBytes(4).toString('hex')}}`,
    LOG_LEVEL: 'silent',
    QUIET_HOURS: '',
    WEBHOOK_TOKEN,
    SMS_CONSOLE_RECEIPT_MS: '300',
    APPLY_LIMIT_PER_HOUR: '50',
    APPLY_LIMIT_PER_DAY: '200',
  });
  const ctx = createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(config, { ctx });
  await app.ready();
  const workers = await startWorkers(ctx);
  const db = ctx.db;
  const s = ctx.services;

  /** Texts from workers through the real webhook, 200 to a push. */
  let seq = 0;
  async function texts(items: { phone: string; content: string }[]) {
    for (let i = 0; i < items.length; i += 200) {
      const payload = items.slice(i, i + 200).map((t) => ({ phone_number: t.phone, content: t.content, sequence_id: `season-${++seq}`, send_time: new Date().toISOString().slice(0, 19).replace('T', ' ') }));
      const res = await app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up?token=${WEBHOOK_TOKEN}`, payload });
      if (res.statusCode !== 200) throw new Error(`sms-up: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
  }
  /** Until every text is read and every message sent and its receipt back. */
  async function settle(what: string, timeoutMs = 600_000) {
    const t = Date.now();
    for (;;) {
      const [r] = await db.$queryRaw<{ unread: number; unsent: number; pending: number }[]>`
        SELECT (SELECT count(*) FROM inbound_messages WHERE processed_at IS NULL)::int AS unread,
               (SELECT count(*) FROM notifications WHERE status IN ('queued', 'sending') AND channel = 'sms')::int AS unsent,
               (SELECT count(*) FROM campaigns WHERE status IN ('pending', 'matching', 'sending'))::int AS pending`;
      const receipts = await db.notification.count({ where: { status: 'sent', channel: 'sms' } });
      if (r!.unread === 0 && r!.unsent === 0 && r!.pending === 0 && receipts === 0) return;
      if (Date.now() - t > timeoutMs) throw new Error(`${what}: still ${JSON.stringify({ ...r, receipts })} after ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }
  /** Moves everything written since `since` back by `weeks` weeks (and a spread of hours within the week). */
  async function moveBack(since: Date, weeks: number) {
    const by = `${weeks * 7} days`;
    await db.$executeRawUnsafe(`UPDATE notifications SET created_at = created_at - $2::interval, sent_at = sent_at - $2::interval, delivered_at = delivered_at - $2::interval, updated_at = updated_at - $2::interval WHERE created_at >= $1`, since, by);
    await db.$executeRawUnsafe(`UPDATE inbound_messages SET received_at = received_at - $2::interval, sent_at = sent_at - $2::interval, processed_at = processed_at - $2::interval WHERE received_at >= $1`, since, by);
    await db.$executeRawUnsafe(`UPDATE applications SET created_at = created_at - $2::interval, updated_at = updated_at - $2::interval, hired_at = hired_at - $2::interval WHERE updated_at >= $1`, since, by);
    await db.$executeRawUnsafe(`UPDATE campaigns SET created_at = created_at - $2::interval, finished_at = finished_at - $2::interval WHERE created_at >= $1`, since, by);
    await db.$executeRawUnsafe(`UPDATE openings SET created_at = created_at - $2::interval WHERE created_at >= $1`, since, by);
  }

  try {
    // ── Workers subscribe by text ───────────────────────────────────────────────────────
    const towns = await db.division.findMany({ where: { parentCode: '532528' }, select: { code: true, name: true }, orderBy: { code: 'asc' } });
    const phones = Array.from({ length: WORKERS }, (_, i) => `137${String(10_000_000 + i).slice(-8)}`);
    const signUp = new Date(Date.now() - 1000);
    await texts(phones.map((phone, i) => ({ phone, content: `订阅${SKILLS[i % SKILLS.length]}${SKILLS[(i + 2) % SKILLS.length]}${towns[i % towns.length]!.name}` })));
    await settle('subscriptions');
    // Workers signed up before the season: their texts and the replies move before its first week.
    await moveBack(signUp, WEEKS + 1);
    const subscribed = await db.worker.findMany({ where: { status: 'active' }, select: { id: true, phone: true, divisionCode: true }, orderBy: { id: 'asc' } });
    console.log(`${subscribed.length.toLocaleString('en-US')} of ${WORKERS.toLocaleString('en-US')} workers subscribed by text in ${towns.length} townships of 元阳县`);

    // ── The station marks its people (returnees, home work, priority households) ───────
    let marked = 0;
    for (const [i, w] of subscribed.entries()) {
      const returnee = rand(i + 1) < 0.3;
      const home = rand(i + 2) < 0.2;
      if (returnee || home) {
        await s.caseworker.updateWorker(STATION, w.id, { returnee, workForms: home ? ['home_workshop', 'village_plant'] : ['village_plant'] });
        marked++;
      }
    }
    // 脱贫户 / 监测户: a column the station sets (issue 17 §3); no form for it on this branch.
    await db.$executeRaw`UPDATE workers SET priority_household = TRUE WHERE status = 'active' AND id % 9 = 0`;
    console.log(`the station marked ${marked} returnees or home workers, and every ninth worker a priority household`);

    // ── Thirteen weeks of openings, broadcasts, replies and hires ──────────────────────
    const perWeek = Math.ceil(OPENINGS / WEEKS);
    let made = 0;
    for (let week = 0; week < WEEKS && made < OPENINGS; week++) {
      const since = new Date(Date.now() - 1000);
      const opened: { id: number; code: string; headcount: number; home: boolean }[] = [];
      for (let k = 0; k < perWeek && made < OPENINGS; k++, made++) {
        const town = towns[made % towns.length]!;
        const home = made % 5 === 4;
        const skill = SKILLS[(made * 7) % SKILLS.length]!;
        const ws = await s.employer.createWorkshop(STATION, {
          name: `${town.name}${home ? '手工坊' : '车间'}${made + 1}`,
          form: home ? 'home_workshop' : 'village_plant',
          division: town.code,
          contactPhone: `1390000${String(made).padStart(4, '0')}`,
        });
        const o = await s.employer.createOpening(STATION, {
          workshopId: ws.id,
          title: skill === '普工' ? '普工' : `${skill}工`,
          skills: [skill],
          headcount: 3 + (made % 6),
          wage: made % 3 ? { min: 100, max: 150, unit: 'day' } : { min: 3000, max: 4500, unit: 'month' },
          reachTownship: !home,
          deliveryTownships: home ? [town.code] : [],
          draft: false,
        } as never);
        await s.employer.broadcast(STATION, o.id, { dryRun: false, sendToAll: true });
        opened.push({ id: o.id, code: o.code, headcount: o.headcount, home });
      }
      await settle(`week ${week + 1}: broadcasts`);

      // Workers answer what they were sent: many apply, some ask for the list, some write back.
      const alerted = await db.$queryRaw<{ worker_id: number; phone: string; code: string; returnee: boolean; priority: boolean }[]>`
        SELECT n.worker_id, w.phone, o.code, w.returnee, w.priority_household AS priority
        FROM notifications n JOIN campaigns c ON c.id = n.campaign_id JOIN openings o ON o.id = c.opening_id JOIN workers w ON w.id = n.worker_id
        WHERE n.created_at >= ${since} AND n.kind = 'alert' AND n.status = 'delivered' AND w.phone IS NOT NULL`;
      const answers: { phone: string; content: string }[] = [];
      for (const a of alerted) {
        const r = rand(a.worker_id * 31 + Number(a.code));
        const applyRate = 0.12 + (a.returnee ? 0.06 : 0) + (a.priority ? 0.04 : 0);
        if (r < applyRate) answers.push({ phone: a.phone, content: `BM${a.code}` });
        else if (r < applyRate + 0.06) answers.push({ phone: a.phone, content: '岗位' });
        else if (r < applyRate + 0.09) answers.push({ phone: a.phone, content: '工资怎么算' });
      }
      const answered = new Date(Date.now() - 1000);
      await texts(answers);
      await settle(`week ${week + 1}: replies`);
      // Played in seconds, answered over hours: each worker's answer (and the application it
      // made) moves to 5 minutes to 9 hours after the alert.
      await db.$executeRaw`UPDATE inbound_messages SET received_at = received_at + ((5 + worker_id * 37 % 540) * interval '1 minute'), processed_at = processed_at + ((5 + worker_id * 37 % 540) * interval '1 minute') WHERE received_at >= ${answered} AND worker_id IS NOT NULL`;
      await db.$executeRaw`UPDATE applications SET created_at = created_at + ((5 + worker_id * 37 % 540) * interval '1 minute'), updated_at = updated_at + ((5 + worker_id * 37 % 540) * interval '1 minute') WHERE created_at >= ${answered}`;

      // Employers hire up to the headcount, earliest applicants first.
      for (const o of opened) {
        const apps = await s.employer.listApplications(STATION, o.id);
        const ranked = [...apps].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        for (const [i, a] of ranked.entries()) {
          if (i < o.headcount && rand(a.id * 13) < 0.7) await s.employer.updateApplication(STATION, o.id, a.id, { status: 'hired' });
          else if (rand(a.id * 17) < 0.3) await s.employer.updateApplication(STATION, o.id, a.id, { status: 'declined' });
        }
      }
      await settle(`week ${week + 1}: hires`);
      // Employers decide one to four days after the application.
      await db.$executeRaw`UPDATE applications SET updated_at = created_at + ((1 + id % 4) * interval '1 day'), hired_at = CASE WHEN status = 'hired' THEN created_at + ((1 + id % 4) * interval '1 day') END WHERE created_at >= ${since} AND status <> 'applied'`;
      // The last week played is last week, so every step has had its days.
      await moveBack(since, WEEKS - week);
      process.stdout.write(`week ${week + 1}/${WEEKS}: ${opened.length} openings, ${alerted.length} alerts delivered, ${answers.length} answers\n`);
    }

    // Arrival and pay: most hired workers arrive a day or two later, most of them are paid
    // 10–30 days after arriving; only days that have come.
    await db.$executeRaw`
      UPDATE applications SET arrived_at = coalesce(hired_at, updated_at) + ((1 + id % 2) * interval '1 day') + interval '7 hours'
      WHERE status = 'hired' AND id % 10 < 8 AND coalesce(hired_at, updated_at) + interval '2 days' < now()`;
    await db.$executeRaw`
      UPDATE applications SET paid_at = arrived_at + ((10 + id % 21) * interval '1 day')
      WHERE arrived_at IS NOT NULL AND id % 7 < 5 AND arrived_at + ((10 + id % 21) * interval '1 day') < now()`;

    // A few workers erase their data by text. 注销 is a text after their last alert (a reply, like
    // any other); the erasure that 1 confirms then changes no count.
    const erasing = (await db.worker.findMany({ where: { status: 'active', applications: { some: { status: 'hired' } } }, select: { phone: true }, take: 5 })).map((w) => w.phone!);
    await texts(erasing.map((phone) => ({ phone, content: '注销' })));
    await settle('注销');
    const before = await s.outcomes.funnel(STATION, 'month', { range: { from: new Date(0), to: new Date(Date.now() + DAY) } });
    await texts(erasing.map((phone) => ({ phone, content: '1' })));
    await settle('erasure confirmed');
    const erased = await db.worker.count({ where: { erasedAt: { not: null } } });
    const after = await s.outcomes.funnel(STATION, 'month', { range: { from: new Date(0), to: new Date(Date.now() + DAY) } });
    const same = JSON.stringify(before.groups) === JSON.stringify(after.groups) && JSON.stringify(before.rows) === JSON.stringify(after.rows);
    console.log(`${erased} workers erased their data by text (注销, then 1); the funnel ${same ? 'is unchanged' : 'CHANGED'} (${await db.outcomeFact.count()} alerts kept without the worker)`);

    // ── The funnel, as the 成效 page draws it ───────────────────────────────────────────
    const range = { from: new Date(0), to: new Date(Date.now() + DAY) };
    const cell = (r: FunnelRow, step: (typeof STEPS)[number]) =>
      step === 'alerted' ? String(r.counts[step]) : `${r.counts[step]} ${fmtShare(r.ofAlerted[step])}${r.medians[step] === null ? '' : ` ${fmtDuration(r.medians[step])}`}`;
    const print = (title: string, first: string, rows: readonly FunnelRow[]) => {
      const head = [first, ...STEPS.map((x) => STEP_LABELS[x])];
      const body = rows.map((r) => [r.label, ...STEPS.map((x) => cell(r, x))]);
      const width = (t: string) => [...t].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
      const cols = head.map((_, i) => Math.max(...[head, ...body].map((row) => width(row[i]!))));
      const line = (row: string[]) => row.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join(' │ ');
      console.log(`\n${title}（每格：人次 占发出通知 用时中位数）`);
      console.log(line(head));
      console.log(cols.map((w) => '─'.repeat(w)).join('─┼─'));
      for (const row of body) console.log(line(row));
    };
    const month = await s.outcomes.funnel(STATION, 'month', { range });
    print('成效 · 合计', '范围', [month.groups[0]!]);
    print('成效 · 按人群', '人群', month.groups);
    print('成效 · 按月份', '月份', month.rows);
    for (const by of ['township'] as Dimension[]) print(`成效 · 按${DIMENSION_LABELS[by]}`, DIMENSION_LABELS[by], (await s.outcomes.funnel(STATION, by, { range })).rows);
    print('成效 · 按岗位（录用最多的 10 个）', '岗位', [...(await s.outcomes.funnel(STATION, 'opening', { range })).rows].sort((a, b) => b.counts.hired - a.counts.hired).slice(0, 10));
    const xinjie: Principal = { actor: 'season:xinjie', keyId: null, role: 'caseworker', divisionPrefixes: ['532528102'], employerId: null };
    print('成效 · 新街镇就业站看到的（只含本镇工人）', '范围', [(await s.outcomes.funnel(xinjie, 'township', { range })).groups[0]!]);
    const weekly = await s.outcomes.weekly(STATION, '全部辖区', undefined);
    console.log(`\n每周成效小结（${weekly.week}）：\n  ${weekly.lines.join('\n  ')}`);
    console.log(`\nseason played in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await app.close();
    await workers.close();
    await deleteMatching(ctx.redis, `${config.QUEUE_PREFIX}:*`).catch(() => undefined);
    await ctx.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
