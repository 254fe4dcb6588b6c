import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { ensureDatabase, migrate } from '../../src/db/migrate.js';
import { createDb } from '../../src/db/prisma.js';
import { seedReferenceData } from '../../src/db/seed.js';
import { aliyunTemplateRegistry, TEMPLATES } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { ADMIN_KEY, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * Issue #12: PostgreSQL and Redis can diverge. A database restored from a backup under a live
 * Redis hands out ids again (inbound 1, campaign 1, notification 1 …) whose jobs Redis still
 * keeps as completed; before the job-id epoch, BullMQ dropped the new work as duplicates and a
 * broadcast sent nothing. Here the service keeps running while its database is swapped for a
 * copy taken before any traffic, and every text afterwards is answered and every alert sent.
 */
describe('a database restored from a backup under a live Redis', () => {
  const base = new URL(TEST_DATABASE_URL);
  const dbName = `${base.pathname.slice(1)}_restore`;
  const backupName = `${dbName}_backup`;
  const url = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const admin = () => new pg.Client({ connectionString: url('postgres') });
  const SIGN = '归雁就业';
  let fake: FakeAliyunSms;
  let sys: TestSystem;

  const sql = async (...statements: string[]) => {
    const c = admin();
    await c.connect();
    try {
      for (const s of statements) await c.query(s);
    } finally {
      await c.end();
    }
  };

  let seq = 0;
  const smsUp = (phone: string, content: string) => ({
    phone_number: phone,
    content,
    send_time: '2026-12-02 10:00:00',
    dest_code: '1234',
    sequence_id: `restore-${++seq}`,
    sign_name: SIGN,
  });
  const push = (items: unknown[]) =>
    fetch(`${sys.url}/webhooks/aliyun/sms-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });
  const api = async (path: string, body?: unknown) => {
    const r = await fetch(`${sys.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  const sentTo = (phones: string[], template: string) => fake.messages.filter((m) => phones.includes(m.phone) && m.templateCode === template);

  /** Subscribes `phones` by text, posts an opening for them and broadcasts it; resolves when every alert went out. */
  async function traffic(phones: string[], round: number) {
    expect((await push(phones.map((p) => smsUp(p, '订阅 缝纫 新街镇')))).status).toBe(200);
    await waitFor(async () => sentTo(phones, TEMPLATES.subscribed.defaultCode).length === phones.length, `round ${round}: every subscription answered`, 30_000);
    const ws = await api('/api/v1/workshops', { name: `新街制衣车间${round}`, form: 'county_workshop', division: '元阳县新街镇', contactPhone: '13900000009' });
    const op = await api('/api/v1/openings', { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 50, wage: { min: 3500, max: 5000, unit: 'month' }, terms: { payDay: '每月15日' } });
    await api(`/api/v1/openings/${op.id}/broadcast`, { sendToAll: true });
    await waitFor(async () => sentTo(phones, TEMPLATES.job_alert.defaultCode).filter((m) => m.content.includes(`BM${op.code}`)).length === phones.length, `round ${round}: every alert sent`, 30_000);
  }

  beforeAll(async () => {
    await sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, `DROP DATABASE IF EXISTS ${backupName} WITH (FORCE)`);
    await ensureDatabase(url(dbName));
    await migrate(url(dbName));
    const db = createDb(url(dbName), { max: 2 });
    await seedReferenceData(db, loadDivisions(['5325']));
    await db.$disconnect();
    // The backup: the database as it was before any traffic (a copy, as a restore would bring back).
    await sql(`CREATE DATABASE ${backupName} TEMPLATE ${dbName}`);
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: 50 });
    sys = await startSystem({
      listen: true,
      env: {
        DATABASE_URL: url(dbName),
        SMS_DRIVER: 'aliyun',
        ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
        ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
        ALIYUN_SMS_ENDPOINT: fake.endpoint,
        ALIYUN_SMS_PROTOCOL: 'http',
        ALIYUN_SMS_SIGN_NAME: SIGN,
        QUEUE_EPOCH_CHECK_MS: '300',
        // Each push queued as an API process without workers queues it, so that inbound job ids
        // are there to compare; the hand-off in the same process makes no inbound job at all.
        INBOUND_HANDOFF: 'false',
      },
    });
    fake.setReportUrl(`${sys.url}/webhooks/aliyun/sms-report`);
  }, 120_000);

  afterAll(async () => {
    await sys?.close();
    await fake?.close();
    await sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, `DROP DATABASE IF EXISTS ${backupName} WITH (FORCE)`);
  });

  /** The ids of the inbound jobs Redis holds as completed. */
  async function inboundJobIds(): Promise<string[]> {
    const jobs = await sys.ctx.queues.queue('inbound').getJobs(['completed'], 0, 1000);
    return jobs.map((j) => j.id ?? '');
  }

  it('answers every new text and sends every new alert, with job ids of a new epoch', async () => {
    const before = ['13800007001', '13800007002', '13800007003'];
    await traffic(before, 1);
    expect(sys.ctx.epoch.current()).toBe(0);
    // Redis remembers the first round's jobs by ids the restored database will hand out again.
    // (A push's texts are one job: `in-1` for one text, `in-1-<hash of the ids>` for several.)
    const first = await inboundJobIds();
    expect(first).toContainEqual(expect.stringMatching(/^in-1(-[0-9a-f]{12})?$/));
    expect(await sys.ctx.queues.queue('match').getJobState('match-1')).toBe('completed');

    // The restore, under the running service: its connections are cut, the old copy comes back.
    await sql(`DROP DATABASE ${dbName} WITH (FORCE)`, `CREATE DATABASE ${dbName} TEMPLATE ${backupName}`);

    // As many texts in one push as the first round: the restored database hands out the same ids,
    // so the push's job has the same name as a job Redis remembers (a push's texts are one job,
    // named by its first id and a hash of all).
    const after = ['13800007101', '13800007102', '13800007103'];
    await traffic(after, 2);
    expect(sys.ctx.epoch.current()).toBe(1);
    // The same rows of the restored database went to new jobs, not to the remembered ones.
    const restored = await sys.ctx.db.inboundMessage.findMany({ orderBy: { id: 'asc' }, select: { id: true, processedAt: true } });
    expect(restored[0]?.id).toBe(1n);
    expect(restored.every((r) => r.processedAt !== null)).toBe(true);
    const remembered = first.find((id) => /^in-1(-[0-9a-f]{12})?$/.test(id));
    expect(await inboundJobIds()).toContain(`${remembered}-e1`);
    // And nobody of the first round heard anything twice.
    expect(sentTo(before, TEMPLATES.job_alert.defaultCode)).toHaveLength(before.length);
  }, 120_000);

  it('follows an epoch another process set, and moves it once however many processes notice one step back', async () => {
    const e = sys.ctx.epoch.current();
    await sys.ctx.redis.set(`${sys.config.QUEUE_PREFIX}:epoch`, String(e + 5));
    expect(await sys.ctx.epoch.check()).toBe(e + 5);
    expect(sys.ctx.queues.jobId('in-7')).toBe(`in-7-e${e + 5}`);
    expect(sys.ctx.queues.jobIds('in-7')).toHaveLength(e + 6);
    // Redis has seen a generation the database never reached: the database went back in time.
    await sys.ctx.redis.set(`${sys.config.QUEUE_PREFIX}:epoch:generation`, '999999999');
    const [a, b, c] = await Promise.all([sys.ctx.epoch.check(), sys.ctx.epoch.check(), sys.ctx.epoch.check()]);
    expect(new Set([a, b, c]).size).toBeLessThanOrEqual(2);
    expect(await sys.ctx.epoch.check()).toBe(e + 6);
    // And from then on the database is ahead again: no more moves.
    expect(await sys.ctx.epoch.check()).toBe(e + 6);
  });
});
