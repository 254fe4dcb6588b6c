import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry, TEMPLATES } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { queuesSettled } from '../helpers/queues.js';

/**
 * The foundation's promise, end to end through HTTP only: workers subscribe by SMS push,
 * an employer posts and broadcasts an opening, the alert goes through the real Aliyun SDK
 * to the fake Aliyun server, and the receipt it pushes back marks the alert delivered.
 */
describe('from a worker text to a delivered SMS alert', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  const SIGN = '归雁就业';
  const phones = { sewerXinjie: '13800000001', weaverNansha: '13800000002', quitter: '13800000003' };

  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${sys.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  let seq = 1000;
  const smsUp = (phone: string, content: string) => ({
    phone_number: phone,
    content,
    send_time: '2026-11-29 10:00:00',
    dest_code: '1234',
    sequence_id: String(++seq),
    sign_name: SIGN,
  });
  const push = (path: string, items: unknown[]) =>
    fetch(`${sys.url}/webhooks/aliyun/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });

  beforeAll(async () => {
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: 100 });
    sys = await startSystem({
      listen: true,
      env: {
        SMS_DRIVER: 'aliyun',
        ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
        ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
        ALIYUN_SMS_ENDPOINT: fake.endpoint,
        ALIYUN_SMS_PROTOCOL: 'http',
        ALIYUN_SMS_SIGN_NAME: SIGN,
      },
    });
    await resetData(sys.ctx.db);
    // The fake pushes receipts to the service like Aliyun's HTTP batch push does.
    fake.setReportUrl(`${sys.url}/webhooks/aliyun/sms-report`);
  });

  afterAll(async () => {
    await sys?.close();
    await fake?.close();
  });

  it('subscribes by SMS, alerts only the matching worker, and records delivery', async () => {
    const first = [smsUp(phones.sewerXinjie, '订阅 缝纫 新街镇'), smsUp(phones.weaverNansha, 'DY 编织 南沙镇'), smsUp(phones.quitter, '订阅缝纫新街')];
    const ack = await push('sms-up', first);
    expect(ack.status).toBe(200);
    expect(await ack.json()).toEqual({ code: 0, msg: '成功' });

    // Each subscriber gets a confirmation through the real SDK.
    const confirmations = await waitFor(async () => {
      const m = fake.messages.filter((x) => x.templateCode === TEMPLATES.subscribed.defaultCode);
      return m.length === 3 ? m : undefined;
    }, 'three subscribe confirmations');
    expect(confirmations.map((m) => m.phone).sort()).toEqual(Object.values(phones).sort());

    expect((await push('sms-up', [smsUp(phones.quitter, 'TD')])).status).toBe(200);
    await waitFor(async () => fake.messages.some((m) => m.phone === phones.quitter && m.templateCode === TEMPLATES.unsubscribed.defaultCode), 'opt-out confirmation');

    const workers = await sys.ctx.db.worker.findMany({ orderBy: { phone: 'asc' } });
    expect(workers.map((w) => [w.phone, w.status, w.skills, w.divisionCode])).toEqual([
      [phones.sewerXinjie, 'active', ['缝纫'], '532528102'],
      [phones.weaverNansha, 'active', ['编织'], expect.stringMatching(/^\d{9}$/)],
      [phones.quitter, 'opted_out', ['缝纫'], '532528102'],
    ]);
    const consent = await sys.ctx.db.consentEvent.findMany({ where: { worker: { phone: phones.quitter } }, orderBy: { id: 'asc' } });
    expect(consent.map((c) => [c.kind, c.source, c.rawMessage])).toEqual([
      ['opt_in', 'sms', '订阅缝纫新街'],
      ['opt_out', 'sms', 'TD'],
    ]);

    const ws = await api('/api/v1/workshops', {
      method: 'POST',
      body: { name: '新街制衣车间', form: 'county_workshop', division: '元阳县新街镇', contactPhone: '13900000009' },
    });
    expect(ws.status).toBe(201);
    const workshop = (await ws.json()) as { id: number; divisionCode: string };
    expect(workshop.divisionCode).toBe('532528102');

    const op = await api('/api/v1/openings', {
      method: 'POST',
      body: { workshopId: workshop.id, title: '缝纫工', skills: ['车工'], headcount: 5, wage: { min: 3500, max: 5000, unit: 'month' }, terms: { payDay: '每月15日' } },
    });
    expect(op.status).toBe(201);
    const opening = (await op.json()) as { id: number; code: string; skills: string[] };
    expect(opening.skills).toEqual(['缝纫']);
    expect(opening.code).toMatch(/^\d{4,}$/);

    const dry = await api(`/api/v1/openings/${opening.id}/broadcast`, { method: 'POST', body: { dryRun: true } });
    expect(await dry.json()).toMatchObject({ dryRun: true, matched: 1, firstWave: 1 });
    expect(fake.messages.filter((m) => m.templateCode === TEMPLATES.job_alert.defaultCode)).toHaveLength(0);

    const bc = await api(`/api/v1/openings/${opening.id}/broadcast`, { method: 'POST', body: {} });
    expect(bc.status).toBe(202);

    const alerts = await waitFor(async () => {
      const a = fake.messages.filter((m) => m.templateCode === TEMPLATES.job_alert.defaultCode);
      return a.length > 0 ? a : undefined;
    }, 'the job alert');
    // Every alert the broadcast could send has been sent once its match and notify jobs are done.
    await queuesSettled(sys, ['match', 'notify']);
    const allAlerts = fake.messages.filter((m) => m.templateCode === TEMPLATES.job_alert.defaultCode);
    expect(allAlerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.phone).toBe(phones.sewerXinjie);
    expect(alert.content.startsWith(`【${SIGN}】`)).toBe(true);
    expect(alert.content).toContain(`BM${opening.code}`);
    expect(alert.content).toContain('拒收请回复R');
    expect(alert.smsSize).toBe(1);
    // The fake verified the ACS3 signature of every call; none was rejected.
    expect(fake.calls.filter((c) => !c.ok)).toEqual([]);

    const delivered = await waitFor(async () => {
      const r = await api(`/api/v1/openings/${opening.id}`);
      const body = (await r.json()) as { counts: { delivered: number } };
      return body.counts.delivered === 1 ? body : undefined;
    }, 'the receipt to mark the alert delivered');
    expect(delivered.counts).toMatchObject({ matched: 1, sent: 1, delivered: 1, failed: 0, applied: 0 });

    // The same receipt pushed again changes nothing.
    const [report] = fake.reportPushes.flatMap((p) => p.reports).filter((r) => r.biz_id === alert.bizId);
    expect((await push('sms-report', [report])).status).toBe(200);
    expect(await sys.ctx.db.deliveryReport.count({ where: { bizId: alert.bizId } })).toBe(1);
  });

  it('stores a repeated uplink push once and answers it once', async () => {
    const item = smsUp('13800000004', '帮助');
    expect((await push('sms-up', [item])).status).toBe(200);
    expect((await push('sms-up', [item])).status).toBe(200);
    await waitFor(async () => fake.messages.some((m) => m.phone === '13800000004'), 'the help reply');
    await queuesSettled(sys, ['inbound', 'notify']);
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: '13800000004' } })).toBe(1);
    expect(fake.messages.filter((m) => m.phone === '13800000004')).toHaveLength(1);
  });
});
