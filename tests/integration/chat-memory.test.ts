import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIND_MAX_TRIES, createChatMemory, type ChatMemory } from '../../src/services/inbound/chat-memory.js';
import { TEST_REDIS_URL } from '../helpers/env.js';

describe('chat memory in Redis', () => {
  let redis: Redis;
  let prefix: string;
  let memory: ChatMemory;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
  });
  const fresh = () => {
    prefix = `test-chat-${randomBytes(4).toString('hex')}:`;
    memory = createChatMemory({ redis, keyPrefix: prefix, dialogTtlSeconds: 90 });
  };
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  });

  it('keeps a dialog with a time-out and forgets an idle one', async () => {
    fresh();
    await memory.setDialog('sms', '13800000001', { step: 'sub_place', skills: ['缝纫'] });
    expect(await memory.getDialog('sms', '13800000001')).toEqual({ step: 'sub_place', skills: ['缝纫'] });
    const ttl = await redis.ttl(`${prefix}dialog:sms:13800000001`);
    expect(ttl).toBeGreaterThan(80);
    expect(ttl).toBeLessThanOrEqual(90);
    // Silence: when the key expires the sender is back to no dialog.
    await redis.del(`${prefix}dialog:sms:13800000001`);
    expect(await memory.getDialog('sms', '13800000001')).toEqual({ step: 'idle' });
    await memory.setDialog('sms', '13800000001', { step: 'idle' });
    expect(await redis.exists(`${prefix}dialog:sms:13800000001`)).toBe(0);
    await redis.set(`${prefix}dialog:sms:x`, 'not json');
    expect(await memory.getDialog('sms', 'x')).toEqual({ step: 'idle' });
  });

  it('answers one unknown text once per window per sender', async () => {
    fresh();
    expect(await memory.firstUnknown('sms', 'a', '啥')).toBe(true);
    expect(await memory.firstUnknown('sms', 'a', '啥')).toBe(false);
    expect(await memory.firstUnknown('sms', 'b', '啥')).toBe(true);
    expect(await memory.firstUnknown('sms', 'a', '嗯', 86_400)).toBe(true);
    expect(await redis.ttl(`${prefix}unknown:sms:a:${createHash('sha1').update('嗯').digest('hex')}`)).toBeGreaterThan(86_000);
  });

  it('counts changes by text per sender in 24 hours, not counting refused ones', async () => {
    fresh();
    for (let i = 0; i < 3; i++) expect(await memory.takeChangeSlot('sms', 'c', 3)).toBe(true);
    expect(await memory.takeChangeSlot('sms', 'c', 3)).toBe(false);
    expect(await memory.takeChangeSlot('wechat', 'c', 3)).toBe(true);
    expect(await redis.get(`${prefix}changes:sms:c`)).toBe('3');
    expect(await memory.firstTime('t', 'sms', 'c', 60)).toBe(true);
    expect(await memory.firstTime('t', 'sms', 'c', 60)).toBe(false);
  });

  it('limits binding codes per sender too: 3 an hour and 5 a day to any phones', async () => {
    fresh();
    const sender = 'oMANY';
    for (let i = 0; i < 3; i++) expect(await memory.takeVerificationSlot(`1360000000${i}`, sender)).toEqual({ ok: true });
    expect(await memory.takeVerificationSlot('13600000009', sender)).toEqual({ ok: false, wait: '1小时', by: 'sender' });
    // The refused request did not use up the target phone's own limit.
    expect(await memory.takeVerificationSlot('13600000009', 'oOTHER')).toEqual({ ok: true });
    await redis.del(`${prefix}vsms-sender:${sender}:h`); // an hour passes
    for (let i = 3; i < 5; i++) expect(await memory.takeVerificationSlot(`1360000000${i}`, sender)).toEqual({ ok: true });
    await redis.del(`${prefix}vsms-sender:${sender}:h`);
    expect(await memory.takeVerificationSlot('13600000008', sender)).toEqual({ ok: false, wait: '明天', by: 'sender' });
  });

  it("enforces Aliyun's verification limits: 1 a minute, 5 an hour, 10 a day", async () => {
    fresh();
    const phone = '13800000002';
    const minuteKey = `${prefix}vsms:${phone}:m`;
    const hourKey = `${prefix}vsms:${phone}:h`;
    // Each request from a different WeChat user: the per-sender limits are tested below.
    let n = 0;
    const ask = () => memory.takeVerificationSlot(phone, `oU${++n}`);
    expect(await ask()).toEqual({ ok: true });
    expect(await ask()).toEqual({ ok: false, wait: '1分钟', by: 'target' });
    for (let i = 2; i <= 5; i++) {
      await redis.del(minuteKey); // a minute passes
      expect(await ask()).toEqual({ ok: true });
    }
    await redis.del(minuteKey);
    expect(await ask()).toEqual({ ok: false, wait: '1小时', by: 'target' });
    for (let i = 6; i <= 10; i++) {
      await redis.del(minuteKey, hourKey); // an hour passes
      expect(await ask()).toEqual({ ok: true });
    }
    await redis.del(minuteKey, hourKey);
    expect(await ask()).toEqual({ ok: false, wait: '明天', by: 'target' });
    // Refused requests are not counted.
    expect(await redis.get(`${prefix}vsms:${phone}:d`)).toBe('10');
    expect(await redis.ttl(`${prefix}vsms:${phone}:d`)).toBeGreaterThan(86_000);
  });

  it('checks a binding code: right once, wrong counted, expired after too many tries', async () => {
    fresh();
    const code = await memory.newBindCode('oU', '13800000003');
    expect(code).toMatch(/^\d{6}$/);
    expect(await memory.checkBindCode('oU', '13800000004', code)).toBe('expired');
    expect(await memory.checkBindCode('oU', '13800000003', code)).toBe('ok');
    expect(await memory.checkBindCode('oU', '13800000003', code)).toBe('expired');

    const c2 = await memory.newBindCode('oU', '13800000003');
    const wrong = c2 === '999999' ? '999998' : '999999';
    for (let i = 1; i < BIND_MAX_TRIES; i++) expect(await memory.checkBindCode('oU', '13800000003', wrong)).toBe('wrong');
    expect(await memory.checkBindCode('oU', '13800000003', wrong)).toBe('expired');
    expect(await memory.checkBindCode('oU', '13800000003', c2)).toBe('expired');
  });
});
