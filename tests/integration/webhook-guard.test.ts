import { afterEach, describe, expect, it } from 'vitest';
import { addressAllowList, tokenMatches } from '../../src/plugins/webhook-guard.js';
import { loadConfig } from '../../src/config.js';
import { encryptWechat, wechatAes, wechatMsgSignature } from '../../src/channels/wechat/wechat-crypto.js';
import { DEFAULT_APP_ID, DEFAULT_SERVER_TOKEN, pushXml, wechatSignature } from '../fakes/fake-wechat.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

/**
 * Who may push texts: the Aliyun push URL's token (compared in constant time) and the optional
 * WEBHOOK_ALLOW_CIDRS, read through TRUST_PROXY when a proxy is in front.
 */
const TOKEN = 'k'.repeat(40);
const push = (phone: string, seq: string) => [{ phone_number: phone, content: '帮助', send_time: '2026-12-02 10:00:00', dest_code: '1', sequence_id: seq }];

describe('webhook guard', () => {
  let sys: TestSystem | undefined;
  afterEach(async () => {
    await sys?.close();
    sys = undefined;
  });

  it('compares the token through hashes, whatever the type or length of the guess', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokenMatches(TOKEN, 'k'.repeat(39) + 'K')).toBe(false);
    expect(tokenMatches(TOKEN, '')).toBe(false);
    expect(tokenMatches(TOKEN, [TOKEN, TOKEN])).toBe(false);
    expect(tokenMatches(TOKEN, undefined)).toBe(false);
  });

  it('refuses a push without the right token and never repeats the token', async () => {
    sys = await startSystem({ workers: false, env: { WEBHOOK_TOKEN: TOKEN } });
    await resetData(sys.ctx.db);
    const post = (query: string, seq: string) =>
      sys!.app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up${query}`, payload: push('13800000001', seq) });
    for (const q of ['', '?token=', `?token=${'k'.repeat(39)}`, `?token=${TOKEN}&token=${TOKEN}`, `?token=${TOKEN.toUpperCase()}`]) {
      const res = await post(q, '1');
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain(TOKEN);
    }
    expect(await sys.ctx.db.inboundMessage.count()).toBe(0);
    expect((await post(`?token=${TOKEN}`, '2')).statusCode).toBe(200);
    expect(await sys.ctx.db.inboundMessage.count()).toBe(1);
  });

  it('takes pushes only from WEBHOOK_ALLOW_CIDRS, IPv4 and IPv6, on Aliyun and WeChat routes alike', async () => {
    sys = await startSystem({
      workers: false,
      env: { WEBHOOK_ALLOW_CIDRS: '47.0.0.0/8,2408:4000::/24', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_TOKEN: DEFAULT_SERVER_TOKEN },
    });
    await resetData(sys.ctx.db);
    const from = (remoteAddress: string, seq: string) =>
      sys!.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: push('13800000002', seq), remoteAddress });
    expect((await from('203.0.113.9', '1')).statusCode).toBe(403);
    expect((await from('2001:db8::1', '2')).statusCode).toBe(403);
    expect((await from('127.0.0.1', '3')).statusCode).toBe(403);
    expect(await sys.ctx.db.inboundMessage.count()).toBe(0);
    expect((await from('47.96.1.2', '4')).statusCode).toBe(200);
    expect((await from('::ffff:47.96.1.3', '5')).statusCode).toBe(200);
    expect((await from('2408:4001::5', '6')).statusCode).toBe(200);
    expect(await sys.ctx.db.inboundMessage.count()).toBe(3);

    const ts = String(Math.floor(Date.now() / 1000));
    const signed = `/webhooks/wechat?signature=${wechatSignature(DEFAULT_SERVER_TOKEN, ts, '1')}&timestamp=${ts}&nonce=1&echostr=hi`;
    expect((await sys.app.inject({ method: 'GET', url: signed, remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
    expect((await sys.app.inject({ method: 'GET', url: signed, remoteAddress: '47.1.1.1' })).body).toBe('hi');
    // The rest of the service is not behind the list.
    expect((await sys.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.9' })).statusCode).toBe(200);
  });

  it('believes X-Forwarded-For only from a proxy TRUST_PROXY names', async () => {
    sys = await startSystem({ workers: false, env: { WEBHOOK_ALLOW_CIDRS: '47.0.0.0/8', TRUST_PROXY: '10.0.0.0/8' } });
    await resetData(sys.ctx.db);
    const via = (remoteAddress: string, forwarded: string, seq: string) =>
      sys!.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: push('13800000003', seq), remoteAddress, headers: { 'x-forwarded-for': forwarded } });
    // Through our proxy: the pushing address is the forwarded one.
    expect((await via('10.1.2.3', '47.96.1.2', '1')).statusCode).toBe(200);
    expect((await via('10.1.2.3', '203.0.113.9', '2')).statusCode).toBe(403);
    // Straight from the internet, a forged header changes nothing.
    expect((await via('203.0.113.9', '47.96.1.2', '3')).statusCode).toBe(403);
  });

  it('without TRUST_PROXY the socket address decides, whatever the header says', async () => {
    sys = await startSystem({ workers: false, env: { WEBHOOK_ALLOW_CIDRS: '47.0.0.0/8' } });
    const res = await sys.app.inject({
      method: 'POST',
      url: '/webhooks/aliyun/sms-up',
      payload: push('13800000004', '1'),
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '47.96.1.2' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a WeChat query parameter given twice by name (401 for the signed ones, else 400), and the token twice with 401 saying so', async () => {
    const KEY = 'GuiyanTestEncodingAesKey0123456789abcdefXYZ';
    sys = await startSystem({ workers: false, env: { WEBHOOK_TOKEN: TOKEN, WECHAT_APP_ID: DEFAULT_APP_ID, WECHAT_APP_SECRET: 's', WECHAT_TOKEN: DEFAULT_SERVER_TOKEN, WECHAT_ENCODING_AES_KEY: KEY } });
    await resetData(sys.ctx.db);
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const xml = pushXml({ ToUserName: 'gh_x', FromUserName: 'oTWICE', CreateTime: ts, MsgType: 'text', Content: '帮助', MsgId: '93000001' });
    const encrypt = encryptWechat(wechatAes(KEY, DEFAULT_APP_ID), xml);
    const body = `<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const q: Record<string, string> = {
      signature: wechatSignature(DEFAULT_SERVER_TOKEN, ts, nonce),
      timestamp: ts,
      nonce,
      openid: 'oTWICE',
      encrypt_type: 'aes',
      msg_signature: wechatMsgSignature(DEFAULT_SERVER_TOKEN, ts, nonce, encrypt),
      echostr: 'hello',
    };
    const url = (twice: string | null) =>
      `/webhooks/wechat?${Object.entries(q)
        .flatMap(([k, v]) => (k === twice ? [[k, 'x'], [k, v]] : [[k, v]]))
        .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
        .join('&')}`;
    for (const name of Object.keys(q)) {
      // Without one signature, timestamp and nonce the request cannot be authenticated: 401.
      const status = ['signature', 'timestamp', 'nonce'].includes(name) ? 401 : 400;
      for (const method of ['GET', 'POST'] as const) {
        const res = await sys.app.inject({ method, url: url(name), headers: { 'content-type': 'text/xml' }, payload: method === 'POST' ? body : undefined });
        expect(res.statusCode, `${method} with ${name} twice`).toBe(status);
        expect(res.json()).toMatchObject({ statusCode: status, message: expect.stringContaining(`${name} is given more than once`) });
      }
    }
    // A stranger (bad signature) hears 401 whatever else is repeated.
    const stranger = await sys.app.inject({ method: 'GET', url: url('echostr').replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(40)}`) });
    expect(stranger.statusCode).toBe(401);
    expect(await sys.ctx.db.inboundMessage.count()).toBe(0);
    // Each given once, the same query is taken.
    expect((await sys.app.inject({ method: 'GET', url: url(null) })).body).toBe('hello');
    expect((await sys.app.inject({ method: 'POST', url: url(null), headers: { 'content-type': 'text/xml' }, payload: body })).statusCode).toBe(200);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oTWICE' } })).toBe(1);

    // The Aliyun token twice (even the right one) is refused, and the answer says why.
    const twice = await sys.app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up?token=${TOKEN}&token=${TOKEN}`, payload: push('13800000005', '1') });
    expect(twice.statusCode).toBe(401);
    expect(twice.json().message).toContain('more than once');
  });

  it('allows everyone when the list is empty', () => {
    expect(addressAllowList(loadConfig({}).WEBHOOK_ALLOW_CIDRS)).toBeNull();
    const allowed = addressAllowList(loadConfig({ WEBHOOK_ALLOW_CIDRS: '100.64.0.0/10' }).WEBHOOK_ALLOW_CIDRS)!;
    expect([allowed('100.100.1.1'), allowed('100.128.0.1'), allowed('not-an-ip'), allowed('')]).toEqual([true, false, false, false]);
  });
});
