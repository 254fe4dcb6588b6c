import { createServer } from 'node:net';
import type { SmsBatch, SmsProvider, SmsSendResult } from '../../src/channels/sms/sms-provider.js';
import type { TestSystem } from './app.js';

/** Environment that points the real Aliyun SDK at a fake server (tests/fakes/fake-aliyun-sms.ts). */
export function aliyunEnv(fake: { endpoint: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMS_DRIVER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAItestAccessKeyId',
    ALIYUN_ACCESS_KEY_SECRET: 'testAccessKeySecret',
    ALIYUN_SMS_ENDPOINT: fake.endpoint,
    ALIYUN_SMS_PROTOCOL: 'http',
    ALIYUN_SMS_SIGN_NAME: '归雁就业',
    ...extra,
  };
}

/**
 * Timings for the fault tests: slow enough to break a 10,000-recipient broadcast in the middle
 * (ten calls of 1,000 at three a second), fast enough that locks lapse and the reconciler settles
 * calls in flight within seconds.
 */
export const FAULT_TIMING: Record<string, string> = {
  QUIET_HOURS: '',
  ALIYUN_SMS_TIMEOUT_MS: '1000',
  SMS_RATE_LIMIT_RPS: '3',
  NOTIFY_LOCK_MS: '2000',
  RECONCILE_EVERY_MS: '500',
  RECONCILE_SENDING_AFTER_MS: '1000',
  RECONCILE_RESEND_AFTER_MS: '2500',
  RECONCILE_RECEIPT_AFTER_MS: '3600000',
  NOTIFY_REQUEUE_AFTER_MS: '3000',
};

/** Active workers who sew, in 新街镇, one per phone; fast enough for 100,000. */
export async function addSewers(sys: TestSystem, phones: string[]): Promise<void> {
  await sys.ctx.db.$executeRaw`
    INSERT INTO workers (phone, skills, division_code, updated_at)
    SELECT p, ARRAY['缝纫'], '532528102211', now() FROM unnest(${phones}::text[]) AS p`;
}

/** A sewing opening in a 新街镇 county workshop, which every worker of `addSewers` matches. */
export async function sewingOpening(sys: TestSystem) {
  const ws = await sys.ctx.db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
  return sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
}

/** A broadcast of one opening to `phones`, matched and queued by the real match service. */
export async function broadcastTo(sys: TestSystem, phones: string[]): Promise<number> {
  await addSewers(sys, phones);
  const o = await sewingOpening(sys);
  const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id } });
  await sys.ctx.services.matching.runCampaign(c.id);
  return c.id;
}

/** A free local TCP port (for a child process or a private redis-server). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(20000 + Math.floor(Math.random() * 10000), '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A scripted stand-in for the SMS vendor (never our own code): records each call, answers from `script`, else ok. */
export function scriptedProvider() {
  const calls: SmsBatch[] = [];
  const script: SmsSendResult[] = [];
  const provider: SmsProvider = {
    name: 'aliyun',
    limits: { maxBatch: 1000, maxVariedBatch: 100 }, // Aliyun's SendSms / SendBatchSms
    async send(batch) {
      calls.push(batch);
      return script.shift() ?? { ok: true, bizId: `biz-${calls.length}^0` };
    },
    async querySendDetails() {
      return [];
    },
  };
  return { provider, calls, script };
}
