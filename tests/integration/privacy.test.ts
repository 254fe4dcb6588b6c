import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_SERVER_TOKEN, pushXml, startFakeWechat, wechatSignature, type FakeWechat } from '../fakes/fake-wechat.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

const WEBHOOK_TOKEN = 'webhook-token-0123456789abcdefghijklmnop';
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

/** Issue #11 §7: what the logs keep, replayed WeChat queries, and how long webhook data stays. */
describe('secrets and privacy', () => {
  let sys: TestSystem;
  let fake: FakeWechat;
  const lines: string[] = [];
  const logs = () => lines.join('');

  beforeAll(async () => {
    fake = await startFakeWechat();
    const log = createLogger({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    sys = await startSystem({
      env: {
        WEBHOOK_TOKEN,
        WECHAT_APP_ID: fake.appId,
        WECHAT_APP_SECRET: fake.appSecret,
        WECHAT_TOKEN: DEFAULT_SERVER_TOKEN,
        WECHAT_API_BASE_URL: fake.baseUrl,
        RETENTION_DAYS: '180',
      },
      overrides: { log },
    });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    await sys?.close();
    await fake?.close();
  });
  // Data is not reset between tests (inbound job ids follow row ids); each test uses its own phones.
  beforeEach(() => {
    lines.length = 0;
  });

  const smsUp = (items: unknown, token = WEBHOOK_TOKEN) =>
    sys.app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up?token=${encodeURIComponent(token)}`, payload: items as object });

  function signedQuery(o: { timestamp?: string; nonce?: string } = {}) {
    const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9));
    const signature = wechatSignature(DEFAULT_SERVER_TOKEN, timestamp, nonce);
    return { signature, timestamp, nonce, url: `/webhooks/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=oSECRETOPENID` };
  }
  const wechatPush = (url: string, body: string) => sys.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: body });

  it('logs no webhook token and no WeChat signature, timestamp or nonce', async () => {
    expect((await smsUp([{ phone_number: '13800000011', content: '帮助', sequence_id: 'p1' }])).statusCode).toBe(200);
    expect((await smsUp([], 'wrong-token-but-still-a-secret-value')).statusCode).toBe(401);
    const q = signedQuery();
    const body = pushXml({ ToUserName: 'gh_x', FromUserName: 'oLOGGED', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: '帮助', MsgId: '91000001' });
    expect((await wechatPush(q.url, body)).statusCode).toBe(200);
    const out = logs();
    expect(out).toContain('incoming request');
    expect(out).toContain('/webhooks/aliyun/sms-up?token=[redacted]');
    expect(out).toContain('/webhooks/wechat?signature=[redacted]');
    for (const secret of [WEBHOOK_TOKEN, 'wrong-token-but-still-a-secret-value', q.signature, `nonce=${q.nonce}`, `timestamp=${q.timestamp}`, 'oSECRETOPENID']) {
      expect(out).not.toContain(secret);
    }
  });

  it('masks phone numbers in every log line', async () => {
    // A worker subscribes (the console SMS driver logs the reply), and a text from a number
    // that is not a mainland mobile is logged as such.
    expect((await smsUp([{ phone_number: '13800000012', content: '订阅缝纫新街', sequence_id: 'm1' }, { phone_number: '+12025550123', content: 'hi', sequence_id: 'm2' }])).statusCode).toBe(200);
    await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone: '13800000012' } }), 'the reply');
    await waitFor(async () => logs().includes('console SMS'), 'the console SMS log line');
    const out = logs();
    expect(out).toContain('138****0012');
    expect(out).toContain('+12****0123');
    expect(out).not.toContain('13800000012');
    expect(out).not.toContain('2025550123');
  });

  it('logs one line per push for its clipped texts and foreign numbers, however many, with masked samples', async () => {
    const long = '找缝纫工作'.repeat(500); // 2,500 characters: clipped
    const items = [
      ...Array.from({ length: 12 }, (_, i) => ({ phone_number: `+1202555${String(1000 + i)}`, content: '帮助', sequence_id: `f${i}` })),
      ...Array.from({ length: 8 }, (_, i) => ({ phone_number: `1380000${String(2000 + i)}`, content: long, sequence_id: `c${i}` })),
    ];
    expect((await smsUp(items)).statusCode).toBe(200);
    const warned = lines.filter((l) => /clipped|mainland/.test(l));
    expect(warned).toHaveLength(1);
    const entry = JSON.parse(warned[0]!) as { clippedCount: number; notMainlandCount: number; clipped: { phone: string; length: number }[]; notMainland: string[] };
    expect(entry.clippedCount).toBe(8);
    expect(entry.notMainlandCount).toBe(12);
    expect(entry.clipped[0]).toEqual({ phone: '138****2000', length: 2500 });
    expect(entry.notMainland[0]).toBe('+12****1000');
    expect(entry.clipped.length + entry.notMainland.length).toBeLessThanOrEqual(10);
    expect(logs()).not.toContain('2025551000');
    expect(logs()).not.toContain('13800002000');
  });

  it('logs an unreadable push by its size and hash, not its content', async () => {
    const res = await smsUp([
      { phone_number: '13800000013', content: '帮助', sequence_id: 'u1' },
      { phone_number: 13900000014, content: '我的身份证号是530000199001010000' },
    ]);
    expect(res.statusCode).toBe(200);
    const line = lines.find((l) => l.includes('cannot read'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as { bytes: number; sha256: string; invalidCount: number };
    expect(entry.invalidCount).toBe(1);
    expect(entry.bytes).toBeGreaterThan(50);
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(logs()).not.toContain('身份证');
    expect(logs()).not.toContain('13900000014');
  });

  it('answers a WeChat retry of the same push, but refuses its signed query with another body', async () => {
    // A bound worker whom a replayed query would unbind.
    const victim = await sys.ctx.db.worker.create({ data: { phone: '13800000015', wechatOpenId: 'oVICTIM', divisionCode: '532528102', skills: ['缝纫'] } });
    const q = signedQuery();
    const now = Math.floor(Date.now() / 1000);
    const real = pushXml({ ToUserName: 'gh_x', FromUserName: 'oREAL', CreateTime: now, MsgType: 'text', Content: '帮助', MsgId: '92000001' });
    const first = await wechatPush(q.url, real);
    expect(first.statusCode).toBe(200);
    // WeChat, not having heard from us in time, sends the very same request again.
    const retry = await wechatPush(q.url, real);
    expect(retry.statusCode).toBe(200);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oREAL' } })).toBe(1);
    // Someone who read the query (a log, a proxy) sends it with their own body: refused.
    const forged = pushXml({ ToUserName: 'gh_x', FromUserName: 'oVICTIM', CreateTime: now, MsgType: 'event', Event: 'unsubscribe' });
    const replay = await wechatPush(q.url, forged);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oVICTIM' } })).toBe(0);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: victim.id } })).wechatOpenId).toBe('oVICTIM');
    // The same body under a fresh signature is a new push (and is accepted).
    expect((await wechatPush(signedQuery().url, forged)).statusCode).toBe(200);
  });

  it('refuses a replay whose signature is sent upper-cased (the check ignores case, so must the guard)', async () => {
    const victim = await sys.ctx.db.worker.create({ data: { phone: '13800000017', wechatOpenId: 'oVICTIM2', divisionCode: '532528102', skills: ['缝纫'] } });
    const q = signedQuery();
    const now = Math.floor(Date.now() / 1000);
    const real = pushXml({ ToUserName: 'gh_x', FromUserName: 'oREAL2', CreateTime: now, MsgType: 'text', Content: '帮助', MsgId: '92000002' });
    expect((await wechatPush(q.url, real)).statusCode).toBe(200);
    const upper = q.url.replace(q.signature, q.signature.toUpperCase());
    expect(upper).not.toBe(q.url);
    // The signed query, however its hex is spelt, carries one body only.
    const forged = pushXml({ ToUserName: 'gh_x', FromUserName: 'oVICTIM2', CreateTime: now, MsgType: 'event', Event: 'unsubscribe' });
    const replay = await wechatPush(upper, forged);
    expect(replay.statusCode).toBe(401);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oVICTIM2' } })).toBe(0);
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: victim.id } })).wechatOpenId).toBe('oVICTIM2');
    // WeChat's own retry, spelt either way, is still answered and stored once.
    expect((await wechatPush(upper, real)).statusCode).toBe(200);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oREAL2' } })).toBe(1);
  });

  it('prunes webhook data past RETENTION_DAYS in batches and keeps every worker’s own history', async () => {
    const db = sys.ctx.db;
    await resetData(db);
    const day = 86_400_000;
    const old = new Date(Date.now() - 200 * day);
    const young = new Date(Date.now() - 10 * day);
    const worker = await db.worker.create({ data: { phone: '13800000016', divisionCode: '532528102', skills: ['缝纫'] } });
    // Old rows first (ids grow with time), strangers' and the worker's interleaved.
    let n = 0;
    const inbound = (at: Date, workerId: number | null) =>
      db.inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: `r${++n}`, channel: 'sms', sender: workerId ? '13800000016' : `1390000${String(n).padStart(4, '0')}`, workerId, content: '你好', receivedAt: at, processedAt: at, raw: {} } });
    const note = (at: Date, workerId: number | null, status: 'sent' | 'queued' = 'sent') =>
      db.notification.create({ data: { kind: 'reply', channel: 'sms', phone: '13900000001', workerId, templateCode: 'SMS_1', templateParams: {}, content: '帮助', segments: 1, status, createdAt: at } });
    for (let i = 0; i < 25; i++) {
      await inbound(old, i % 5 === 0 ? worker.id : null);
      await db.deliveryReport.create({ data: { bizId: `b${i}`, phone: '13900000001', success: true, errCode: 'DELIVRD', reportTime: '2026-01-01 00:00:00', receivedAt: old, raw: {} } });
      await db.outboxMessage.create({ data: { phone: '13900000001', signName: '归雁就业', templateCode: 'SMS_1', params: {}, content: 'x', createdAt: old } });
      await note(old, i % 5 === 0 ? worker.id : null);
    }
    await note(old, null, 'queued'); // not settled: kept
    for (let i = 0; i < 3; i++) {
      await inbound(young, null);
      await db.deliveryReport.create({ data: { bizId: `y${i}`, phone: '13900000001', success: true, errCode: 'DELIVRD', reportTime: '2026-01-01 00:00:00', receivedAt: young, raw: {} } });
      await db.outboxMessage.create({ data: { phone: '13900000001', signName: '归雁就业', templateCode: 'SMS_1', params: {}, content: 'x', createdAt: young } });
      await note(young, null);
    }

    // Small batches and a small budget: the first run does part of it and remembers where it stopped.
    const first = await sys.ctx.services.retention.prune({ batchSize: 4, maxBatches: 2 });
    expect(first!.inbound_messages).toBeGreaterThan(0);
    expect(await db.inboundMessage.count()).toBeGreaterThan(3 + 5);
    for (let i = 0; i < 10; i++) await sys.ctx.services.retention.prune({ batchSize: 4, maxBatches: 2 });

    expect(await db.inboundMessage.count({ where: { workerId: null } })).toBe(3);
    expect(await db.inboundMessage.count({ where: { workerId: worker.id } })).toBe(5);
    expect(await db.deliveryReport.count()).toBe(3);
    expect(await db.outboxMessage.count()).toBe(3);
    expect(await db.notification.count({ where: { workerId: null } })).toBe(4); // 3 young, 1 queued
    expect(await db.notification.count({ where: { workerId: worker.id } })).toBe(5);
    // The worker's history still shows their old texts and messages.
    const history = await sys.ctx.services.workerHistory(ADMIN, worker.id);
    expect(history.inbound).toHaveLength(5);
    expect(history.outbound).toHaveLength(5);

    // The maintenance queue runs it on a schedule.
    expect(await sys.ctx.queues.queue('maintenance').getJobScheduler('prune')).toBeTruthy();
    await inbound(old, null);
    await sys.ctx.queues.queue('maintenance').add('maintenance', { task: 'prune' });
    await waitFor(async () => (await db.inboundMessage.count({ where: { workerId: null } })) === 3, 'the prune job');
  });

  it('keeps everything with RETENTION_DAYS=0 and MESSAGE_BODY_RETENTION_DAYS=0', async () => {
    const keep = await startSystem({ workers: true, env: { RETENTION_DAYS: '0', MESSAGE_BODY_RETENTION_DAYS: '0' } });
    try {
      expect(await keep.ctx.services.retention.prune()).toBeNull();
      expect(await keep.ctx.queues.queue('maintenance').getJobScheduler('prune')).toBeFalsy();
    } finally {
      await keep.close();
    }
  });
});
