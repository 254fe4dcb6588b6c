import { expect } from 'vitest';
import { aliyunTemplateRegistry } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms, type FakeAliyunSmsOptions } from '../fakes/fake-aliyun-sms.js';
import { startFakeAliyunVoice, type FakeAliyunVoice } from '../fakes/fake-aliyun-voice.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from './app.js';
import { queuesSettled } from './queues.js';

/**
 * The environment of a system that sends SMS and places calls through the real Aliyun clients
 * against the fake servers (tests/fakes), in dedicated mode around the clock.
 */
export function fakeAliyunEnv(sms: FakeAliyunSms, voice: FakeAliyunVoice, o: { sign: string; show: string }): Record<string, string> {
  return {
    SMS_DRIVER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
    ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
    ALIYUN_SMS_ENDPOINT: sms.endpoint,
    ALIYUN_SMS_PROTOCOL: 'http',
    ALIYUN_SMS_SIGN_NAME: o.sign,
    VOICE_DRIVER: 'aliyun',
    VOICE_ENDPOINT: voice.endpoint,
    VOICE_PROTOCOL: 'http',
    VOICE_TIMEOUT_MS: '1000',
    VOICE_CALLED_SHOW_NUMBER: o.show,
    VOICE_TTS_CODE: 'TTS_100001',
    // Dedicated mode may call around the clock; the tests run at any hour.
    VOICE_CALL_HOURS: '00:00-24:00',
  };
}

/**
 * The fake SMS and voice servers (receipts after 50 ms, pushed to the system) and a listening
 * system wired to them; `reset` waits for the queues and the fakes' receipts, then empties the
 * database; `close` stops all three.
 */
export async function startWithFakeAliyun(o: { sign: string; show: string; sms?: Partial<FakeAliyunSmsOptions>; env?: Record<string, string> }) {
  const sms = await startFakeAliyunSms({ signNames: [o.sign], templates: aliyunTemplateRegistry(), reportDelayMs: 50, ...o.sms });
  const voice = await startFakeAliyunVoice({ showNumbers: [o.show], reportDelayMs: 50 });
  const sys = await startSystem({ listen: true, env: { ...fakeAliyunEnv(sms, voice, o), ...o.env } });
  sms.setReportUrl(`${sys.url}/webhooks/aliyun/sms-report`);
  voice.setReportUrl(`${sys.url}/webhooks/aliyun/voice-report`, `${sys.url}/webhooks/aliyun/voice-call-report`);
  return {
    sms,
    voice,
    sys,
    async reset(): Promise<void> {
      await queuesSettled(sys, ['inbound', 'match', 'notify']);
      await voice.settled();
      await resetData(sys.ctx.db);
    },
    async close(): Promise<void> {
      await sys.close();
      await voice.close();
      await sms.close();
    },
  };
}

/**
 * A worker's side and an employer's side over HTTP, as the alert flows use them: the admin API,
 * texts pushed as Aliyun's SmsUp, subscribing to 缝纫 in 新街镇, and a 新街镇 opening broadcast.
 */
export function alertScenario(sys: () => TestSystem, o: { sign: string; employer: string; firstSeq: number }) {
  let seq = o.firstSeq;
  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${sys().url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const push = (path: string, items: unknown[]) =>
    fetch(`${sys().url}/webhooks/aliyun/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });
  const text = (phone: string, content: string) =>
    push('sms-up', [{ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: String(++seq), sign_name: o.sign }]);

  return {
    api,
    push,
    text,
    /** Subscribes the phone to 缝纫 in 新街镇 by text; the worker's id. */
    async subscribe(phone: string): Promise<number> {
      expect((await text(phone, '订阅 缝纫 新街镇')).status).toBe(200);
      return (await waitFor(() => sys().ctx.db.worker.findFirst({ where: { phone } }), `worker ${phone}`)).id;
    },
    /** A 新街镇 workshop's 缝纫 opening, broadcast. */
    async openingAndBroadcast(title: string): Promise<{ id: number; code: string }> {
      const ws = await api('/api/v1/workshops', { method: 'POST', body: { name: `新街${title}车间`, form: 'county_workshop', division: '元阳县新街镇', contactPhone: o.employer } });
      const workshop = (await ws.json()) as { id: number };
      const op = await api('/api/v1/openings', {
        method: 'POST',
        body: { workshopId: workshop.id, title, skills: ['缝纫'], headcount: 5, wage: { min: 3500, max: 5000, unit: 'month' }, terms: { payDay: '每月15日' } },
      });
      const opening = (await op.json()) as { id: number; code: string };
      expect((await api(`/api/v1/openings/${opening.id}/broadcast`, { method: 'POST', body: {} })).status).toBe(202);
      return opening;
    },
  };
}
