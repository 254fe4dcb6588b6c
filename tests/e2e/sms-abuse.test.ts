import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import { startFakeWechat, type FakeWechat } from '../fakes/fake-wechat.js';
import { DEFAULT_SERVER_TOKEN } from '../fakes/fake-wechat.js';
import { clearOfHourEdge, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

/**
 * What strangers can make the service spend, measured through the real webhooks, workers and
 * notify pipeline: SMS "reaching the provider" are the rows the console driver keeps in the
 * outbox. The figures are printed for the closing note.
 */
describe('SMS spend that strangers control', () => {
  let sys: TestSystem;
  let fake: FakeWechat;
  let seq = 90_000;

  beforeAll(async () => {
    fake = await startFakeWechat();
    sys = await startSystem({
      listen: true,
      env: { WECHAT_APP_ID: fake.appId, WECHAT_APP_SECRET: fake.appSecret, WECHAT_TOKEN: DEFAULT_SERVER_TOKEN, WECHAT_API_BASE_URL: fake.baseUrl },
    });
    await resetData(sys.ctx.db);
    fake.setServer(`${sys.url}/webhooks/wechat`);
  });
  afterAll(async () => {
    await sys?.close();
    await fake?.close();
  });

  /** Pushes texts as Aliyun does, one push each, `parallel` pushes in flight. */
  async function pushAll(items: { phone: string; content: string }[], parallel = 16): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < items.length) {
          const { phone, content } = items[next++]!;
          const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1', sequence_id: String(++seq) }]),
          });
          expect(res.status).toBe(200);
        }
      }),
    );
  }

  /** Waits until every pushed text is handled and nothing is left to send. */
  async function settle(expectedInbound: number): Promise<void> {
    await waitFor(async () => (await sys.ctx.db.inboundMessage.count({ where: { processedAt: { not: null } } })) >= expectedInbound, 'every text handled', 120_000);
    await waitFor(
      async () => (await sys.ctx.db.notification.count({ where: { status: { in: ['queued', 'sending'] }, channel: 'sms' } })) === 0,
      'every SMS settled',
      60_000,
    );
  }

  /** Each measurement starts a fresh hour of the never-seen ceiling, as if an hour had passed. */
  async function freshCeilingHour(): Promise<void> {
    await clearOfHourEdge();
    const keys = await sys.ctx.redis.keys(`${sys.config.QUEUE_PREFIX}:guard:new:*`);
    if (keys.length) await sys.ctx.redis.del(...keys);
  }

  const metric = async (name: string, label: string): Promise<number> => {
    const text = await (await fetch(`${sys.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('a flood of 300 texts from one phone buys about 10 replies, and an opt-out is still confirmed', { timeout: 300_000 }, async () => {
    const ws = await sys.ctx.db.workshop.create({ data: { name: '新街缝纫车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000001' } });
    await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 3, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
    await freshCeilingHour();
    const phone = '13700001000';
    // What the attacker sent: every command, changes, nonsense, in turn.
    const kinds = ['帮助', '我的', 'GW', '订阅 缝纫 新街镇', '暂停', '恢复', '技能 刺绣', '地址 新街镇', '岗位', '乱码'];
    const flood = Array.from({ length: 300 }, (_, i) => ({ phone, content: i % 10 === 9 ? `乱码${i}` : kinds[i % kinds.length]! }));
    const before = await sys.ctx.db.inboundMessage.count();
    await pushAll(flood, 8);
    await settle(before + 300);

    const reached = await sys.ctx.db.outboxMessage.count({ where: { phone } });
    console.log(`[figures] flood: 300 texts from one phone → ${reached} SMS reached the provider`);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(sys.config.REPLY_BUDGET_PER_HOUR);
    expect(await metric('guiyan_abuse_limited_total', 'limit="reply_budget"')).toBeGreaterThan(0);

    // The budget is spent, but an opt-out is always confirmed, once.
    await pushAll([{ phone, content: 'TD' }, { phone, content: 'TD' }], 1);
    await settle(before + 302);
    const confirmations = await sys.ctx.db.outboxMessage.count({ where: { phone, templateCode: TEMPLATES.unsubscribed.defaultCode } });
    expect(confirmations).toBe(1);
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).status).toBe('opted_out');
  });

  it('300 forged subscribes from numbers never seen stop at the hourly ceiling', { timeout: 300_000 }, async () => {
    await freshCeilingHour();
    const before = await sys.ctx.db.inboundMessage.count();
    const sentBefore = await sys.ctx.db.outboxMessage.count();
    const phones = Array.from({ length: 300 }, (_, i) => `1380002${String(i).padStart(4, '0')}`);
    await pushAll(phones.map((phone) => ({ phone, content: '订阅 缝纫 新街镇' })));
    await settle(before + 300);
    const reached = (await sys.ctx.db.outboxMessage.count()) - sentBefore;
    console.log(`[figures] 300 forged subscribes from new numbers → ${reached} SMS reached the provider (ceiling ${sys.config.NEW_NUMBER_REPLIES_PER_HOUR}/hour)`);
    expect(reached).toBeLessThanOrEqual(sys.config.NEW_NUMBER_REPLIES_PER_HOUR);
    expect(await metric('guiyan_abuse_limited_total', 'limit="new_number_ceiling"')).toBeGreaterThan(0);
  });

  it('one WeChat user cannot send binding codes to six phones', { timeout: 200_000 }, async () => {
    await freshCeilingHour();
    const u = 'oBINDER_many';
    const sentBefore = await sys.ctx.db.outboxMessage.count({ where: { templateCode: TEMPLATES.bind_code.defaultCode } });
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await fake.userSendsText(u, `绑定 1360003000${i}`)).body);
    await waitFor(
      async () => (await sys.ctx.db.notification.count({ where: { kind: 'verification', status: { in: ['queued', 'sending'] } } })) === 0,
      'the codes settled',
    );
    const codes = (await sys.ctx.db.outboxMessage.count({ where: { templateCode: TEMPLATES.bind_code.defaultCode } })) - sentBefore;
    console.log(`[figures] one OpenID asking codes for 6 phones → ${codes} codes sent`);
    expect(codes).toBe(3);
    expect(answers.slice(3).every((a) => a.includes('验证码发得太频繁'))).toBe(true);
    expect(await metric('guiyan_abuse_limited_total', 'limit="bind_sender"')).toBeGreaterThan(0);
  });
});
