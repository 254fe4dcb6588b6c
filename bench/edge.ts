// Event-loop stalls from one request: the largest and most awkward bodies each public route
// accepts (or refuses), sent one at a time to the real app with its workers running, and the
// longest the event loop was blocked while it was handled and its jobs ran. Issue #11 asks
// that nothing one request carries block it for more than ~100 ms. Not a test: figures vary
// with the machine; read them against the 100 ms line.
//
//   npm run bench:edge
//
// Uses its own database (BENCH_DATABASE_URL, else <TEST_DATABASE_URL>_bench_edge, else
// guiyan_bench_edge: created, migrated and seeded here, emptied first) and a private queue prefix.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig, loadSettings } from '../src/config.js';
import { createContext } from '../src/context.js';
import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import type { Principal } from '../src/domain/access.js';
import { wechatSignature } from '../src/channels/wechat/wechat-message.js';
import { queueNames } from '../src/queues/catalog.js';
import { startWorkers } from '../workers/start-workers.js';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  (process.env.TEST_DATABASE_URL ? `${process.env.TEST_DATABASE_URL}_bench_edge` : 'postgresql://postgres@127.0.0.1:5432/guiyan_bench_edge');
const { REDIS_URL } = loadSettings(process.env, ['REDIS_URL']);
const ADMIN_KEY = 'bench-admin-key-0123456789';
const WECHAT_TOKEN = 'benchWechatToken1';
const ADMIN: Principal = { actor: 'bench', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

await ensureDatabase(DATABASE_URL);
await migrate(DATABASE_URL);
{
  const db = createDb(DATABASE_URL, { max: 2 });
  await seedReferenceData(db, loadDivisions(['5325']));
  await db.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers,
    consent_events, inbound_messages, delivery_reports, outbox_messages, workers, console_users, api_keys, audit_logs,
    idempotency_keys RESTART IDENTITY CASCADE`);
  await db.$disconnect();
}

const config = loadConfig({
  DATABASE_URL,
  REDIS_URL,
  QUEUE_PREFIX: `{guiyan-bench-${randomBytes(4).toString('hex')}}`,
  QUIET_HOURS: '',
  LOG_LEVEL: 'silent',
  SMS_DRIVER: 'console',
  ADMIN_API_KEY: ADMIN_KEY,
  WECHAT_TOKEN,
  WECHAT_REPLY_DEADLINE_MS: '0',
});
const ctx = createContext(config, { log: pino({ level: 'silent' }) });
const app = await buildApp(config, { ctx });
const workers = await startWorkers(ctx);
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const station = await ctx.services.apiKeys.create(ADMIN, { name: 'bench station', role: 'caseworker', divisionPrefixes: ['532528'] });

// A console session for the form scenarios.
await ctx.services.consoleUsers.create(ADMIN, { name: 'bench', password: 'bench-password', role: 'caseworker', divisionPrefixes: ['532528'] });
const loginForm = await app.inject({ method: 'GET', url: '/console/login' });
const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(loginForm.body)![1]!;
const signIn = await app.inject({
  method: 'POST',
  url: '/console/login',
  headers: { cookie: `guiyan_sid=${loginForm.cookies.find((c) => c.name === 'guiyan_sid')!.value}`, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: loginCsrf, name: 'bench', password: 'bench-password' }).toString(),
});
const consoleCookie = `guiyan_sid=${signIn.cookies.find((c) => c.name === 'guiyan_sid')!.value}`;
const importPage = await app.inject({ method: 'GET', url: '/console/workers/import', headers: { cookie: consoleCookie } });
const consoleCsrf = /name="_csrf" value="([^"]+)"/.exec(importPage.body)![1]!;

let seq = 0;
const smsItem = (content: string) => ({ phone_number: `139${String(seq % 100_000).padStart(8, '0')}`, content, send_time: '2026-11-29 10:00:00', dest_code: '1234', sequence_id: `b-${++seq}` });
const report = (i: number) => ({
  phone_number: `139${String(i).padStart(8, '0')}`,
  send_time: '2026-11-29 10:00:00',
  report_time: '2026-11-29 10:00:05',
  success: true,
  err_code: 'DELIVERED',
  err_msg: '用户接收成功',
  sms_size: '1',
  biz_id: `bench^${i}`,
  out_id: `o-${i}`,
});
const csvRow = (i: number) => `工人${i},139${String(i).padStart(8, '0')},南沙镇,缝纫、包装,是,否,是`;
const signed = () => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  return `signature=${wechatSignature(WECHAT_TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`;
};
const wechatText = (content: string) =>
  `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[oBench${randomBytes(8).toString('hex')}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${Date.now()}${seq++}</MsgId></xml>`;

interface Scenario {
  name: string;
  method?: string;
  path: string;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const MB = 1024 * 1024;
const scenarios: Scenario[] = [
  { name: 'sms-up: one text of 330,000 characters (clipped)', path: '/webhooks/aliyun/sms-up', type: 'application/json', body: JSON.stringify([smsItem('订阅缝纫'.repeat(82_500))]) },
  { name: 'sms-up: 1,000 texts of 300 characters', path: '/webhooks/aliyun/sms-up', type: 'application/json', body: JSON.stringify(Array.from({ length: 1000 }, () => smsItem('帮'.repeat(300)))) },
  { name: 'sms-up: 10,000 texts of 20 characters', path: '/webhooks/aliyun/sms-up', type: 'application/json', body: JSON.stringify(Array.from({ length: 10_000 }, () => smsItem('订阅 缝纫 新街 ' + '帮'.repeat(11)))) },
  { name: 'sms-up: 1 MB of nested arrays (refused)', path: '/webhooks/aliyun/sms-up', type: 'application/json', body: `${'['.repeat(MB / 2 - 1)}${']'.repeat(MB / 2 - 1)}` },
  { name: 'sms-up: 1,000 unreadable items', path: '/webhooks/aliyun/sms-up', type: 'application/json', body: JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ phone_number: i, content: ['x'.repeat(900)] }))) },
  { name: 'sms-report: 5,000 receipts', path: '/webhooks/aliyun/sms-report', type: 'application/json', body: JSON.stringify(Array.from({ length: 5000 }, (_, i) => report(i))) },
  { name: 'sms-report: 10,000 receipts', path: '/webhooks/aliyun/sms-report', type: 'application/json', body: JSON.stringify(Array.from({ length: 10_000 }, (_, i) => report(20_000 + i))) },
  { name: 'sms-report: 2 MB of nested objects (refused)', path: '/webhooks/aliyun/sms-report', type: 'application/json', body: `[${'{"a":'.repeat(349_000)}1${'}'.repeat(349_000)}]` },
  { name: 'wechat: a 60 KB text (clipped)', path: `/webhooks/wechat?${signed()}`, type: 'text/xml', body: wechatText('订阅缝纫'.repeat(5000)) },
  { name: 'wechat: 8,000 sibling tags, 64 KB (refused)', path: `/webhooks/wechat?${signed()}`, type: 'text/xml', body: `<xml>${'<a>1</a>'.repeat(8000)}</xml>` },
  { name: 'wechat: 64 KB of nested tags (refused)', path: `/webhooks/wechat?${signed()}`, type: 'text/xml', body: `<xml>${'<a>'.repeat(10_900)}${'</a>'.repeat(10_900)}</xml>`.slice(0, 64 * 1024 - 1) },
  {
    name: 'survey CSV: 2,000 rows, 130 KB',
    path: '/api/v1/caseworker/workers/import',
    type: 'text/csv',
    headers: { authorization: `Bearer ${station.key}` },
    body: ['姓名,手机号,住址,技能,返乡,家庭作坊,同意', ...Array.from({ length: 2000 }, (_, i) => csvRow(i))].join('\r\n'),
  },
  {
    name: 'survey CSV: 2 MB in one quoted cell',
    path: '/api/v1/caseworker/workers/import',
    type: 'text/csv',
    headers: { authorization: `Bearer ${station.key}` },
    body: `手机,住址,同意\n"${'啊'.repeat(650_000)}",南沙镇,是`,
  },
  {
    name: 'survey CSV: 100 columns × 2,000 rows, 800 KB',
    path: '/api/v1/caseworker/workers/import',
    type: 'text/csv',
    headers: { authorization: `Bearer ${station.key}` },
    body: [`手机,住址,同意,${Array.from({ length: 97 }, (_, i) => `c${i}`).join(',')}`, ...Array.from({ length: 2000 }, () => `1,2,3,${'x,'.repeat(96)}x`)].join('\n').slice(0, 2 * MB - 1),
  },
  {
    name: 'survey CSV: 30 rows with 20,000-character place names',
    path: '/api/v1/caseworker/workers/import',
    type: 'text/csv',
    headers: { authorization: `Bearer ${station.key}` },
    body: ['手机,住址,同意', ...Array.from({ length: 30 }, (_, i) => `139${String(i).padStart(8, '0')},${'新街'.repeat(10_000)},是`)].join('\n'),
  },
  {
    name: 'API: a worker with a 20,000-character place name',
    path: '/api/v1/caseworker/workers',
    type: 'application/json',
    headers: { authorization: `Bearer ${station.key}` },
    body: JSON.stringify({ phone: '13900000001', division: '新街'.repeat(10_000), consent: true }),
  },
  {
    name: 'console form: 64 KB of 8,000 fields',
    path: '/console/workers/new',
    type: 'application/x-www-form-urlencoded',
    headers: { cookie: consoleCookie },
    body: `_csrf=${encodeURIComponent(consoleCsrf)}&${Array.from({ length: 8000 }, (_, i) => `s${i}=1`).join('&')}`.slice(0, 64 * 1024 - 1),
  },
  {
    name: 'console import: 2,000 rows pasted, report page',
    path: '/console/workers/import',
    type: 'application/x-www-form-urlencoded',
    headers: { cookie: consoleCookie },
    body: new URLSearchParams({ _csrf: consoleCsrf, csvText: ['姓名,手机号,住址,技能,返乡,家庭作坊,同意', ...Array.from({ length: 2000 }, (_, i) => csvRow(10_000 + i))].join('\n') }).toString(),
  },
  {
    name: 'API: 60 KB JSON of 2,500 keys',
    path: '/api/v1/admin/employers',
    type: 'application/json',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify(Object.fromEntries([['name', 'x'], ...Array.from({ length: 2500 }, (_, i) => [`k${i}`, 'v'.repeat(12)])])),
  },
];

/** Waits until no job is waiting or running (the work a request started is done). */
async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 5; ) {
    let busy = 0;
    for (const name of queueNames) {
      const c = await ctx.queues.queue(name).getJobCounts('waiting', 'active', 'prioritized');
      busy += c.waiting! + c.active! + c.prioritized!;
    }
    quiet = busy === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
const rows: string[] = [];
let worst = 0;
// Warm-up, one small request per route: JIT, connections, each statement's first compile.
const warm: Scenario[] = [
  { name: '', path: '/webhooks/aliyun/sms-up', type: 'application/json', body: JSON.stringify([smsItem('帮助')]) },
  { name: '', path: '/webhooks/aliyun/sms-report', type: 'application/json', body: JSON.stringify([report(999_999)]) },
  { name: '', path: `/webhooks/wechat?${signed()}`, type: 'text/xml', body: wechatText('帮助') },
  { name: '', path: '/api/v1/caseworker/workers/import', type: 'text/csv', headers: { authorization: `Bearer ${station.key}` }, body: `姓名,手机号,住址,同意\n${csvRow(99_999)}` },
];
for (const w of warm) await (await fetch(`${base}${w.path}`, { method: 'POST', headers: { 'content-type': w.type, ...w.headers }, body: w.body })).arrayBuffer();
await settle();
// Each scenario runs REPEAT times and the smallest of its longest blocks is reported: a block
// the request causes shows up every time, a stall from another process on a busy machine does not.
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const only = process.env.BENCH_ONLY;
for (const s of scenarios.filter((x) => !only || x.name.includes(only))) {
  let best = Infinity;
  let status = 0;
  let answeredMs = 0;
  for (let run = 0; run < REPEAT; run++) {
    await settle();
    histogram.reset();
    const started = performance.now();
    // Signed WeChat URLs and sequence ids are made fresh, so a repeat is a new message.
    const path = s.path.startsWith('/webhooks/wechat') ? `/webhooks/wechat?${signed()}` : s.path;
    const body = typeof s.body === 'string' && s.path.endsWith('sms-up') ? s.body.replaceAll('"sequence_id":"b-', `"sequence_id":"r${run}-`) : s.body;
    const res = await fetch(`${base}${path}`, { method: s.method ?? 'POST', headers: { 'content-type': s.type, ...s.headers }, body });
    await res.arrayBuffer();
    answeredMs = performance.now() - started;
    status = res.status;
    await settle();
    best = Math.min(best, histogram.max / 1e6);
  }
  worst = Math.max(worst, best);
  const kb = Buffer.byteLength(s.body) / 1024;
  rows.push(`  ${s.name.padEnd(50)} ${String(status).padStart(4)} ${kb.toFixed(0).padStart(6)} KB  answered ${answeredMs.toFixed(0).padStart(6)} ms  longest block ${best.toFixed(1).padStart(6)} ms`);
}
histogram.disable();

console.log(`edge bench: the longest event-loop block while one request (and the jobs it started) ran, smallest of ${REPEAT} runs`);
for (const r of rows) console.log(r);
console.log(`  worst ${worst.toFixed(1)} ms (the line: ~100 ms)`);

await app.close();
await workers.close();
for (const name of queueNames) await ctx.queues.queue(name).obliterate({ force: true }).catch(() => undefined);
await ctx.close();
