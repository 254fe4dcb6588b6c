import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWechatClient, type WechatClient } from '../../src/channels/wechat/wechat-client.js';
import { TEST_REDIS_URL } from '../helpers/env.js';
import { DEFAULT_SERVER_TOKEN, startFakeWechat, wechatSignature, type FakeWechat } from './fake-wechat.js';

const USER = 'oUSER_fake_0001';

describe('fake WeChat API and the WeChat client', () => {
  let fake: FakeWechat;
  let redis: Redis;
  let prefix: string;
  let clock = Date.now();

  const client = (extra: { timeoutMs?: number } = {}): WechatClient =>
    createWechatClient({ appId: fake.appId, appSecret: fake.appSecret, apiBaseUrl: fake.baseUrl, redis, keyPrefix: prefix, ...extra });

  beforeAll(async () => {
    fake = await startFakeWechat({ now: () => new Date(clock) });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await fake.close();
    await redis.quit();
  });
  beforeEach(() => {
    prefix = `test-wx-${randomBytes(4).toString('hex')}:`;
    clock = Date.now();
    fake.reset();
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  });

  it('matches the documented signature vector', () => {
    expect(wechatSignature('AAAAA', '1714037059', '486452656')).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
  });

  it('sends a customer-service text inside the window and records it', async () => {
    fake.openWindow(USER);
    const r = await client().sendText(USER, '您好，已收到');
    expect(r).toEqual({ ok: true });
    expect(fake.messages).toMatchObject([{ type: 'custom', openId: USER, content: '您好，已收到' }]);
  });

  it('caches the access token in Redis and shares it between clients', async () => {
    fake.openWindow(USER);
    await client().sendText(USER, '一');
    await client().sendText(USER, '二');
    expect(fake.tokensIssued()).toBe(1);
    const ttl = await redis.ttl(`${prefix}wechat:token:${fake.appId}`);
    expect(ttl).toBeGreaterThan(6000);
    expect(ttl).toBeLessThanOrEqual(7200 - 300);
  });

  it('fetches one token when many sends race on an empty cache', async () => {
    fake.openWindow(USER);
    const clients = [client(), client(), client(), client()];
    const results = await Promise.all(clients.map((c, i) => c.sendText(USER, `第${i}条`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.tokensIssued()).toBe(1);
  });

  it('refreshes once when the token was invalidated (40001) or expired (42001)', async () => {
    fake.openWindow(USER);
    const c = client();
    await c.sendText(USER, '一');
    fake.invalidateTokens();
    expect(await c.sendText(USER, '二')).toEqual({ ok: true });
    fake.expireTokens();
    expect(await c.sendText(USER, '三')).toEqual({ ok: true });
    expect(fake.tokensIssued()).toBe(3);
    expect(fake.messages.map((m) => m.content)).toEqual(['一', '二', '三']);
  });

  it('does not loop when a fresh token is refused too', async () => {
    fake.openWindow(USER);
    fake.fail({ api: 'custom', kind: 'errcode', errcode: 40001, times: 5 });
    const r = await client().sendText(USER, '一');
    expect(r).toMatchObject({ ok: false, errcode: 40001, outOfWindow: false, retryable: false });
    expect(fake.calls.filter((c) => c.api === 'custom')).toHaveLength(2);
  });

  it('answers 45015 outside the 48-hour window, 45047 after 5 messages, and 45015 after unfollow', async () => {
    const c = client();
    expect(await c.sendText(USER, '没开窗')).toMatchObject({ ok: false, errcode: 45015, outOfWindow: true, retryable: false });
    fake.openWindow(USER);
    for (let i = 0; i < 5; i++) expect((await c.sendText(USER, `第${i}条`)).ok).toBe(true);
    expect(await c.sendText(USER, '第6条')).toMatchObject({ ok: false, errcode: 45047, outOfWindow: true });
    fake.openWindow(USER);
    clock += 48 * 3_600_000 + 1000;
    fake.expireTokens(); // the clock moved past the token's life as well
    expect(await c.sendText(USER, '过期')).toMatchObject({ ok: false, errcode: 45015 });
    expect(fake.messages).toHaveLength(5);
  });

  it('gives a follow only 3 messages in one minute', async () => {
    fake.openWindow(USER, 'follow');
    const c = client();
    for (let i = 0; i < 3; i++) expect((await c.sendText(USER, `欢迎${i}`)).ok).toBe(true);
    expect(await c.sendText(USER, '多了')).toMatchObject({ ok: false, errcode: 45047 });
  });

  it('sends template messages with the 64-bit msgid kept exact', async () => {
    const r = await client().sendTemplate(USER, 'TPL_job_alert', { keyword1: '缝纫工', keyword2: '120元/天' });
    expect(r.ok).toBe(true);
    const msg = fake.messages[0]!;
    expect(msg).toMatchObject({ type: 'template', templateId: 'TPL_job_alert', data: { keyword1: '缝纫工', keyword2: '120元/天' } });
    expect(r.ok && r.msgId).toBe(msg.msgId);
    expect(BigInt(msg.msgId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('rejects unknown templates and unfollowed users', async () => {
    const strict = await startFakeWechat({ templateIds: ['TPL_ok'] });
    try {
      const c = createWechatClient({ appId: strict.appId, appSecret: strict.appSecret, apiBaseUrl: strict.baseUrl, redis, keyPrefix: `${prefix}s:` });
      expect(await c.sendTemplate(USER, 'TPL_nope', {})).toMatchObject({ ok: false, errcode: 40037, retryable: false, outOfWindow: false });
      strict.setServer('http://127.0.0.1:9/unused');
      await strict.userUnfollows(USER).catch(() => undefined);
      expect(await c.sendTemplate(USER, 'TPL_ok', {})).toMatchObject({ ok: false, errcode: 43004, outOfWindow: true });
    } finally {
      await strict.close();
    }
  });

  it('classifies busy, frequency limits, HTTP errors, bad JSON and time-outs as retryable', async () => {
    fake.openWindow(USER);
    const c = client({ timeoutMs: 300 });
    fake.fail({ api: 'custom', kind: 'errcode', errcode: -1 });
    expect(await c.sendText(USER, 'x')).toMatchObject({ ok: false, errcode: -1, retryable: true });
    fake.fail({ api: 'custom', kind: 'errcode', errcode: 45009 });
    expect(await c.sendText(USER, 'x')).toMatchObject({ ok: false, errcode: 45009, retryable: true });
    fake.fail({ api: 'custom', kind: 'http500' });
    expect(await c.sendText(USER, 'x')).toMatchObject({ ok: false, retryable: true });
    fake.fail({ api: 'custom', kind: 'badJson' });
    expect(await c.sendText(USER, 'x')).toMatchObject({ ok: false, retryable: true });
    fake.fail({ api: 'custom', kind: 'hang' });
    expect(await c.sendText(USER, 'x')).toMatchObject({ ok: false, retryable: true });
    expect(fake.messages).toHaveLength(0);
  });

  it('reports a token failure without calling the send API', async () => {
    const bad = createWechatClient({ appId: fake.appId, appSecret: 'wrong', apiBaseUrl: fake.baseUrl, redis, keyPrefix: prefix });
    const r = await bad.sendText(USER, 'x');
    expect(r).toMatchObject({ ok: false, errcode: 40001 });
    expect(fake.calls.map((c) => c.api)).toEqual(['token']);
    fake.fail({ api: 'token', kind: 'errcode', errcode: -1 });
    expect(await client().sendText(USER, 'x')).toMatchObject({ ok: false, errcode: -1, retryable: true });
  });

  it('pushes signed XML to the server as a user would', async () => {
    const seen: { url: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body });
        res.end('success');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      fake.setServer(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/wechat`);
      const r = await fake.userSendsText(USER, '订阅 <缝纫>', { msgId: '9223372036854775807' });
      expect(r).toEqual({ status: 200, body: 'success' });
      const q = new URL(seen[0]!.url, 'http://x').searchParams;
      expect(q.get('signature')).toBe(wechatSignature(DEFAULT_SERVER_TOKEN, q.get('timestamp')!, q.get('nonce')!));
      expect(seen[0]!.body).toContain('<Content><![CDATA[订阅 <缝纫>]]></Content>');
      expect(seen[0]!.body).toContain('<MsgId>9223372036854775807</MsgId>');
      // A user message opens the window: a reply now goes through.
      expect((await client().sendText(USER, '收到')).ok).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
