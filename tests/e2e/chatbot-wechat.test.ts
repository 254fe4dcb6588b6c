import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { renderMessage } from '../../src/domain/message-templates.js';
import { bare, DEFAULT_SERVER_TOKEN, nextMsgId, pushXml, startFakeWechat, wechatSignature, type FakeWechat, type PushResult } from '../fakes/fake-wechat.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

/**
 * The WeChat Official Account through its webhook, with a fake WeChat on the other side:
 * signatures, duplicates, passive replies, the customer-service API for late replies,
 * locations, follow/unfollow and binding a phone (the code arrives by SMS).
 */
const xml = new XMLParser({ parseTagValue: false });
const passiveText = (r: PushResult): string => {
  expect(r.status).toBe(200);
  const doc = xml.parse(r.body) as { xml?: { Content?: string; MsgType?: string; ToUserName?: string } };
  return doc.xml?.Content ?? '';
};
const text = (kind: Parameters<typeof renderMessage>[0], params: Record<string, string> = {}) => renderMessage(kind, params as never).text;

function wechatEnv(fake: FakeWechat, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WECHAT_APP_ID: fake.appId,
    WECHAT_APP_SECRET: fake.appSecret,
    WECHAT_TOKEN: DEFAULT_SERVER_TOKEN,
    WECHAT_API_BASE_URL: fake.baseUrl,
    ...extra,
  };
}

describe('chat-bot over WeChat', () => {
  let fake: FakeWechat;
  let sys: TestSystem;

  beforeAll(async () => {
    fake = await startFakeWechat();
    sys = await startSystem({ listen: true, env: wechatEnv(fake) });
    await resetData(sys.ctx.db);
    fake.setServer(`${sys.url}/webhooks/wechat`);
  });
  afterAll(async () => {
    await sys?.close();
    await fake?.close();
  });

  it('verifies the server URL and refuses bad signatures without storing anything', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = '486452656';
    const good = wechatSignature(DEFAULT_SERVER_TOKEN, ts, nonce);
    const ok = await fetch(`${sys.url}/webhooks/wechat?signature=${good}&timestamp=${ts}&nonce=${nonce}&echostr=hello123`);
    expect([ok.status, await ok.text()]).toEqual([200, 'hello123']);
    const bad = await fetch(`${sys.url}/webhooks/wechat?signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=${nonce}&echostr=hello123`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('hello123');

    const body = pushXml({ ToUserName: 'gh_x', FromUserName: 'oBAD', CreateTime: 1714037059, MsgType: 'text', Content: 'TD', MsgId: '1' });
    expect((await fake.push(body, { signature: 'f'.repeat(40) })).status).toBe(401);
    // Rightly signed, but an hour old: a replayed query.
    expect((await fake.push(body, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) })).status).toBe(401);
    expect((await fetch(`${sys.url}/webhooks/wechat`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })).status).toBe(401);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oBAD' } })).toBe(0);
    expect(await sys.ctx.db.worker.count({ where: { wechatOpenId: 'oBAD' } })).toBe(0);
    // A signed body that is not a WeChat message is a clear 400.
    expect((await fake.push('<xml><Foo>1</Foo></xml>')).status).toBe(400);
  });

  it('greets a follower, subscribes by text with a passive reply, and drops duplicate pushes', async () => {
    const u = 'oUSER_sub';
    const follow = await fake.userFollows(u, { createTime: 1_800_000_000 });
    expect(passiveText(follow)).toBe(text('wechat_welcome'));
    // WeChat retries an event with the same sender and CreateTime: stored once, answered once.
    const again = await fake.userFollows(u, { createTime: 1_800_000_000 });
    expect(again).toEqual({ status: 200, body: 'success' });

    const msgId = nextMsgId();
    const first = await fake.userSendsText(u, '订阅缝纫新街', { msgId });
    expect(passiveText(first)).toBe(text('subscribed', { skills: '缝纫', place: '元阳新街镇' }));
    expect(await fake.userSendsText(u, '订阅缝纫新街', { msgId })).toEqual({ status: 200, body: 'success' });

    const rows = await sys.ctx.db.inboundMessage.findMany({ where: { sender: u }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.providerMessageId)).toEqual([`${u}:1800000000:subscribe`, msgId]);
    const worker = await sys.ctx.db.worker.findUniqueOrThrow({ where: { wechatOpenId: u }, include: { consentEvents: true } });
    expect([worker.phone, worker.status, worker.skills, worker.divisionCode]).toEqual([null, 'active', ['缝纫'], '532528102']);
    expect(worker.consentEvents.map((c) => [c.kind, c.source])).toEqual([['opt_in', 'wechat']]);
    const replies = await sys.ctx.db.notification.findMany({ where: { workerId: worker.id, channel: 'wechat' } });
    expect(replies.map((r) => r.status)).toEqual(['sent']);
    // Passive replies never touch the customer-service API.
    expect(fake.messages).toHaveLength(0);
  });

  it('walks the dialog in WeChat, steps back, and opts out in the middle', async () => {
    const u = 'oUSER_dialog';
    expect(passiveText(await fake.userSendsText(u, '订阅'))).toContain('1缝纫2刺绣');
    expect(passiveText(await fake.userSendsText(u, '缝纫'))).toBe(text('ask_place', { skills: '缝纫' }));
    expect(passiveText(await fake.userSendsText(u, '团结村'))).toMatch(/^有几处同名/);
    expect(passiveText(await fake.userSendsText(u, '0'))).toBe(text('ask_place', { skills: '缝纫' }));
    expect(passiveText(await fake.userSendsText(u, '不要再发了'))).toBe(text('unsubscribed'));
    expect(await fake.userSendsText(u, '你好')).toEqual({ status: 200, body: 'success' });
    const w = await sys.ctx.db.worker.findUniqueOrThrow({ where: { wechatOpenId: u }, include: { consentEvents: true } });
    expect(w.status).toBe('opted_out');
    expect(w.consentEvents.map((c) => [c.kind, c.source])).toEqual([['opt_out', 'wechat']]);
  });

  it('reads a transcribed voice message like text, and asks for text when there is none', async () => {
    const u = 'oUSER_voice';
    const voice = (extra: Record<string, string>) =>
      fake.push(pushXml({ ToUserName: 'gh_x', FromUserName: u, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'voice', MediaId: 'm1', Format: 'amr', ...extra, MsgId: nextMsgId() }));
    expect(passiveText(await voice({ Recognition: '订阅缝纫新街。' }))).toBe(text('subscribed', { skills: '缝纫', place: '元阳新街镇' }));
    expect(passiveText(await voice({}))).toBe(text('wechat_text_only'));
  });

  it('keeps a location and says honestly when no township coordinates are loaded, then uses them once loaded', async () => {
    const u = 'oUSER_loc';
    await fake.userSendsText(u, '订阅缝纫新街');
    expect(passiveText(await fake.userSendsLocation(u, 23.2, 102.8))).toBe(text('location_no_place'));
    let w = await sys.ctx.db.worker.findUniqueOrThrow({ where: { wechatOpenId: u } });
    expect([w.latitude, w.longitude, w.divisionCode]).toEqual([23.2, 102.8, '532528102']);

    await sys.ctx.db.divisionCoordinate.createMany({
      data: [
        { divisionCode: '532528102', latitude: 23.22, longitude: 102.75, source: 'test' },
        { divisionCode: '532528103', latitude: 23.1, longitude: 102.9, source: 'test' },
      ],
    });
    try {
      const south = await sys.ctx.db.division.findUniqueOrThrow({ where: { code: '532528103' } });
      expect(passiveText(await fake.userSendsLocation(u, 23.11, 102.89))).toContain(south.name);
      w = await sys.ctx.db.worker.findUniqueOrThrow({ where: { wechatOpenId: u } });
      expect(w.divisionCode).toBe('532528103');
      // Far from every loaded township: the place stays, the reply says so.
      expect(passiveText(await fake.userSendsLocation(u, 30, 110))).toBe(text('location_far'));
      // A location answers the place question of the subscribe dialog.
      const v = 'oUSER_loc2';
      expect(passiveText(await fake.userSendsText(v, '订阅刺绣'))).toBe(text('ask_place', { skills: '刺绣' }));
      expect(passiveText(await fake.userSendsLocation(v, 23.21, 102.76))).toBe(text('confirm_subscribe', { skills: '刺绣', place: '元阳新街镇' }));
      expect(passiveText(await fake.userSendsText(v, '1'))).toBe(text('subscribed', { skills: '刺绣', place: '元阳新街镇' }));
    } finally {
      await sys.ctx.db.divisionCoordinate.deleteMany({ where: { source: 'test' } });
    }
  });

  it('binds a phone with a code sent by SMS, merging the SMS worker and its consent record', async () => {
    const u = 'oUSER_bind';
    const phone = '13600000001';
    // The phone subscribed by SMS before.
    const smsWorker = await sys.ctx.db.worker.create({ data: { phone, skills: ['刺绣'], divisionCode: '532528102' } });
    await sys.ctx.db.consentEvent.create({ data: { workerId: smsWorker.id, kind: 'opt_in', source: 'sms', rawMessage: 'DY刺绣新街' } });
    await fake.userSendsText(u, '订阅缝纫南沙镇');

    expect(passiveText(await fake.userSendsText(u, `绑定 ${phone}`))).toBe(text('bind_code_sent', { phone: '136****0001' }));
    const sms = await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone } }), 'the verification SMS');
    const code = /验证码(\d{6})/.exec(sms.content)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    // Aliyun's 1-a-minute limit for verification codes is enforced here, with a clear reply.
    expect(passiveText(await fake.userSendsText(u, `绑定${phone}`))).toBe(text('bind_rate_limited', { wait: '1分钟' }));
    expect(await sys.ctx.db.outboxMessage.count({ where: { phone } })).toBe(1);

    const wrong = code === '000000' ? '111111' : '000000';
    expect(passiveText(await fake.userSendsText(u, wrong))).toBe(text('bind_bad_code'));
    expect(passiveText(await fake.userSendsText(u, code!))).toBe(text('bind_done', { phone: '136****0001' }));

    const merged = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { consentEvents: { orderBy: { id: 'asc' } } } });
    expect(merged.id).toBe(smsWorker.id);
    expect(merged.wechatOpenId).toBe(u);
    expect(merged.skills).toEqual(['刺绣']);
    expect(merged.consentEvents.map((c) => [c.kind, c.source])).toEqual([['opt_in', 'sms'], ['opt_in', 'wechat']]);
    expect(await sys.ctx.db.worker.count({ where: { OR: [{ phone }, { wechatOpenId: u }] } })).toBe(1);

    expect(passiveText(await fake.userSendsText(u, '短信接收'))).toBe(text('channel_set', { channel: '短信' }));
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).preferredChannel).toBe('sms');
    expect(passiveText(await fake.userSendsText(u, '微信接收'))).toBe(text('channel_set', { channel: '微信' }));
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).preferredChannel).toBe('wechat');

    // Unfollowing removes the WeChat side only: the SMS subscription and the consent record stay.
    expect(await fake.userUnfollows(u)).toEqual({ status: 200, body: 'success' });
    const after = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone }, include: { consentEvents: { orderBy: { id: 'asc' } } } });
    expect([after.wechatOpenId, after.status, after.preferredChannel]).toEqual([null, 'active', 'sms']);
    expect(after.consentEvents.map((c) => [c.kind, c.source])).toEqual([['opt_in', 'sms'], ['opt_in', 'wechat'], ['opt_out', 'wechat']]);
  });

  it('never resurrects an opted-out phone by binding it', async () => {
    const u = 'oUSER_bind2';
    const phone = '13600000002';
    const smsWorker = await sys.ctx.db.worker.create({ data: { phone, status: 'opted_out', skills: ['缝纫'], divisionCode: '532528102' } });
    await sys.ctx.db.consentEvent.create({ data: { workerId: smsWorker.id, kind: 'opt_out', source: 'sms', rawMessage: 'TD' } });
    await fake.userSendsText(u, '订阅缝纫新街');
    await fake.userSendsText(u, `绑定${phone}`);
    const sms = await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone } }), 'the verification SMS');
    const code = /验证码(\d{6})/.exec(sms.content)![1]!;
    expect(passiveText(await fake.userSendsText(u, code))).toBe(text('bind_done_opted_out'));
    const merged = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect([merged.status, merged.wechatOpenId]).toEqual(['opted_out', u]);
  });

  it('deletes a WeChat-only user on unfollow but keeps the consent record', async () => {
    const u = 'oUSER_gone';
    await fake.userSendsText(u, '订阅缝纫新街');
    await fake.userSendsLocation(u, 23.2, 102.8);
    const before = await sys.ctx.db.worker.findUniqueOrThrow({ where: { wechatOpenId: u } });
    expect(await fake.userUnfollows(u)).toEqual({ status: 200, body: 'success' });
    const gone = await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: before.id }, include: { consentEvents: { orderBy: { id: 'asc' } } } });
    expect(gone).toMatchObject({ wechatOpenId: null, status: 'opted_out', skills: [], divisionCode: null, latitude: null, longitude: null });
    expect(gone.consentEvents.map((c) => c.kind)).toEqual(['opt_in', 'opt_out']);
    const left = await sys.ctx.db.inboundMessage.findMany({ where: { workerId: before.id } });
    expect(left.map((r) => r.content)).toEqual(['[event:unsubscribe]']);
  });
});

describe('chat-bot over WeChat, replies too slow for the passive answer', () => {
  let fake: FakeWechat;
  let sys: TestSystem;

  beforeAll(async () => {
    fake = await startFakeWechat();
    // A zero deadline: every answer misses the passive reply and goes through the API.
    sys = await startSystem({ listen: true, env: wechatEnv(fake, { WECHAT_REPLY_DEADLINE_MS: '0' }) });
    await resetData(sys.ctx.db);
    fake.setServer(`${sys.url}/webhooks/wechat`);
  });
  afterAll(async () => {
    await sys?.close();
    await fake?.close();
  });

  it('answers success at once and sends the reply through the customer-service API, once', async () => {
    const u = 'oUSER_slow';
    const msgId = nextMsgId();
    expect(await fake.userSendsText(u, '帮助', { msgId })).toEqual({ status: 200, body: 'success' });
    const sent = await waitFor(async () => (fake.messages.length > 0 ? fake.messages : undefined), 'the customer-service message');
    expect(sent).toMatchObject([{ type: 'custom', openId: u, content: text('help') }]);
    await waitFor(() => sys.ctx.db.notification.findFirst({ where: { channel: 'wechat', status: 'sent' } }), 'the reply marked sent');
    // The retry WeChat makes after our slow answer changes nothing.
    expect(await fake.userSendsText(u, '帮助', { msgId })).toEqual({ status: 200, body: 'success' });
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messages).toHaveLength(1);
    expect(fake.tokensIssued()).toBe(1);
  });

  it('sends a reply a crash left unsent once, through the reconciler, and fails one whose call was cut off', async () => {
    const u = 'oUSER_crash';
    const { wechat, conversation, reconcile } = sys.ctx.services;
    // What a process leaves when it dies after handling a message but before answering: the
    // reply written and waiting (WeChat's retry of the push then finds the message handled).
    const push = { ToUserName: 'gh_x', FromUserName: u, CreateTime: '1800000100', MsgType: 'text', Content: '帮助', MsgId: nextMsgId() };
    fake.openWindow(u, 'message'); // the user wrote: WeChat lets us answer for 48 hours
    const stored = await wechat.store(push, pushXml(push));
    await conversation.handleWithoutWechatDelivery(stored.id);
    const reply = await sys.ctx.db.notification.findFirstOrThrow({ where: { dedupeKey: `reply:${stored.id}` } });
    expect(reply).toMatchObject({ status: 'sending', channel: 'wechat', attempts: 0 });
    // And one whose customer-service call was on the wire when the process died.
    const cut = await sys.ctx.db.notification.create({
      data: { workerId: reply.workerId, dedupeKey: `reply:${stored.id}:9`, kind: 'reply', channel: 'wechat', templateCode: 'T', templateParams: {}, content: '别的回复', segments: 0, status: 'sending', attempts: 1 },
    });
    // And one answering a message that is gone (its user unfollowed and was erased).
    const orphan = await sys.ctx.db.notification.create({
      data: { dedupeKey: 'reply:999999999', kind: 'reply', channel: 'wechat', templateCode: 'T', templateParams: {}, content: '回复', segments: 0, status: 'sending' },
    });
    const before = fake.messages.length;
    // Not yet: a reply that young may still be on its way.
    expect(await reconcile.run()).toMatchObject({ wechatSent: 0, wechatUnconfirmed: 0 });
    await sys.ctx.db.notification.updateMany({ where: { id: { in: [reply.id, cut.id, orphan.id] } }, data: { updatedAt: new Date(Date.now() - 3_600_000) } });

    expect(await reconcile.run()).toMatchObject({ wechatSent: 1, wechatUnconfirmed: 2 });
    expect(await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: 'failed', errorCode: 'WECHAT_NO_RECIPIENT' });
    expect(fake.messages.slice(before)).toMatchObject([{ type: 'custom', openId: u, content: text('help') }]);
    expect(await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: cut.id } })).toMatchObject({ status: 'failed', errorCode: 'WECHAT_UNCONFIRMED' });
    // Settled: the next run sends nothing more.
    expect(await reconcile.run()).toMatchObject({ wechatSent: 0, wechatUnconfirmed: 0 });
    expect(fake.messages.length).toBe(before + 1);
  });

  it('records a reply WeChat refuses (outside the window) as failed', async () => {
    const u = 'oUSER_window';
    fake.fail({ api: 'custom', kind: 'errcode', errcode: 45015, errmsg: 'response out of time limit' });
    await fake.userSendsText(u, '帮助');
    const inbound = await waitFor(() => sys.ctx.db.inboundMessage.findFirst({ where: { sender: u } }), 'the message stored');
    const failed = await waitFor(
      () => sys.ctx.db.notification.findFirst({ where: { dedupeKey: `reply:${inbound.id}`, status: 'failed' } }),
      'the refused reply recorded',
    );
    expect(failed.errorCode).toBe('45015');
  });
});

describe('chat-bot over WeChat in safe and compatible mode (encrypted pushes)', () => {
  const KEY = 'GuiyanTestEncodingAesKey0123456789abcdefXYZ';
  let fake: FakeWechat;
  let sys: TestSystem;

  beforeAll(async () => {
    fake = await startFakeWechat();
    sys = await startSystem({ listen: true, env: wechatEnv(fake, { WECHAT_ENCODING_AES_KEY: KEY }) });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    fake?.setServer('', undefined, null);
    await sys?.close();
    await fake?.close();
  });

  it('reads encrypted pushes and encrypts its passive replies, in both modes', async () => {
    fake.setServer(`${sys.url}/webhooks/wechat`, undefined, { encodingAESKey: KEY, mode: 'safe' });
    const r = await fake.userSendsText('oUSER_safe', '订阅缝纫新街');
    expect(r.encrypted).toBe(true);
    expect(passiveText(r)).toBe(text('subscribed', { skills: '缝纫', place: '元阳新街镇' }));
    // What is stored is the decrypted message, not the envelope.
    const row = await sys.ctx.db.inboundMessage.findFirstOrThrow({ where: { sender: 'oUSER_safe' } });
    expect(row.content).toBe('订阅缝纫新街');

    fake.setServer(`${sys.url}/webhooks/wechat`, undefined, { encodingAESKey: KEY, mode: 'compatible' });
    const c = await fake.userSendsText('oUSER_compat', '帮助');
    expect(c.encrypted).toBe(true);
    expect(passiveText(c)).toBe(text('help'));
  });

  it('refuses a bad msg_signature or another account’s AppID, storing nothing; plaintext pushes still work', async () => {
    fake.setServer(`${sys.url}/webhooks/wechat`, undefined, { encodingAESKey: KEY, mode: 'safe' });
    const body = pushXml({ ToUserName: 'gh_x', FromUserName: 'oENC_BAD', CreateTime: 1714037059, MsgType: 'text', Content: 'TD', MsgId: bare('7') });
    expect((await fake.push(body, { msgSignature: 'f'.repeat(40) })).status).toBe(401);
    expect((await fake.push(body, { appId: 'wx9999999999999999' })).status).toBe(401);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: 'oENC_BAD' } })).toBe(0);

    fake.setServer(`${sys.url}/webhooks/wechat`, undefined, null);
    const plain = await fake.userSendsText('oUSER_plain', '帮助');
    expect(plain.encrypted).toBeUndefined();
    expect(passiveText(plain)).toBe(text('help'));
  });

  it('answers 503 naming the setting when safe-mode pushes reach a server without the key, and reads compatible ones as plaintext', async () => {
    const other = await startFakeWechat();
    const plainSys = await startSystem({ listen: true, env: wechatEnv(other) });
    try {
      other.setServer(`${plainSys.url}/webhooks/wechat`, undefined, { encodingAESKey: KEY, mode: 'safe' });
      const r = await other.userSendsText('oUSER_nokey', '帮助');
      expect(r.status).toBe(503);
      expect(r.body).toContain('WECHAT_ENCODING_AES_KEY');
      // Compatible mode carries the plaintext too: read and answered as plaintext.
      other.setServer(`${plainSys.url}/webhooks/wechat`, undefined, { encodingAESKey: KEY, mode: 'compatible' });
      const c = await other.userSendsText('oUSER_nokey', '帮助');
      expect(c.encrypted).toBeUndefined();
      expect(passiveText(c)).toBe(text('help'));
    } finally {
      await plainSys.close();
      await other.close();
    }
  });
});
