import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry } from '../../src/domain/message-templates.js';
import { beijingMinuteOfDay, quietHoursEnd } from '../../src/domain/quiet-hours.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { addSewers, aliyunEnv, sewingOpening } from '../helpers/delivery.js';
import { queuesSettled } from '../helpers/queues.js';

/**
 * Quiet hours in the running system: alerts wait for their end (spread out), also when a job
 * reaches a worker inside them (a retry landing at 21:05); replies never wait. Quiet hours are
 * set around the present moment so the test does not depend on the time it runs.
 */
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

describe('quiet hours', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  const now = beijingMinuteOfDay(new Date());
  const quiet = { startMinute: (now + 1440 - 60) % 1440, endMinute: (now + 120) % 1440 };
  const SPREAD_MS = 10 * 60_000;

  beforeAll(async () => {
    fake = await startFakeAliyunSms({ signNames: ['归雁就业'], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity });
    sys = await startSystem({
      env: {
        ...aliyunEnv(fake),
        QUIET_HOURS: `${hhmm(quiet.startMinute)}-${hhmm(quiet.endMinute)}`,
        QUIET_HOURS_SPREAD_MS: String(SPREAD_MS),
        NOTIFY_REQUEUE_AFTER_MS: '0',
        RECONCILE_EVERY_MS: '3600000',
      },
    });
  });
  afterAll(async () => {
    await fake?.close();
    await sys?.close();
  });
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    await sys.ctx.queues.queue('notify').obliterate({ force: true });
    fake.reset();
  });

  async function alerts(phones: string[]) {
    await addSewers(sys, phones);
    const o = await sewingOpening(sys);
    return sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id } });
  }

  /** When a delayed job will run: BullMQ scores delayed jobs by timestamp × 4096 + a counter. */
  async function runsAt(jobId: string): Promise<number | null> {
    const score = await sys.ctx.redis.zscore(`${sys.config.QUEUE_PREFIX}:notify:delayed`, jobId);
    return score === null ? null : Math.floor(Number(score) / 4096);
  }

  it('defers a broadcast made inside quiet hours to their end, spread out', async () => {
    const c = await alerts(['13911110001', '13911110002']);
    const before = Date.now();
    await sys.ctx.services.matching.runCampaign(c.id);
    const [job] = await sys.ctx.queues.queue('notify').getJobs(['delayed']);
    expect(job).toBeDefined();
    const end = quietHoursEnd(new Date(before), quiet).getTime();
    const at = await runsAt(job!.id!);
    expect(at).toBeGreaterThanOrEqual(end - 1000);
    expect(at).toBeLessThan(end + 30 * 60_000);
    // Held alerts are not "lost": the reconciler does not give them jobs that would run now.
    expect(await sys.ctx.services.reconcile.run()).toMatchObject({ requeued: 0 });
    // Nothing due now is left for the notify worker, so nothing more can be sent.
    await queuesSettled(sys, ['notify']);
    expect(fake.calls).toHaveLength(0);
  });

  it('re-checks at the moment of sending: a job that arrives inside quiet hours goes back to wait, without spending an attempt', async () => {
    const c = await alerts(['13911110003']);
    await sys.ctx.services.matching.runCampaign(c.id);
    const ids = (await sys.ctx.db.notification.findMany({ where: { campaignId: c.id } })).map((n) => n.id.toString());
    // As if a retry's backoff or a late worker had brought the job due right now.
    await sys.ctx.queues.queue('notify').obliterate({ force: true });
    await sys.ctx.queues.add('notify', { notificationIds: ids }, { jobId: 'retry-at-2105' });
    const at = await waitFor(() => runsAt(sys.ctx.queues.jobId('retry-at-2105')), 'the job to be put off');
    const end = quietHoursEnd(new Date(), quiet).getTime();
    expect(at).toBeGreaterThanOrEqual(end - 60_000);
    expect(at).toBeLessThan(end + SPREAD_MS);
    const job = await sys.ctx.queues.queue('notify').getJob(sys.ctx.queues.jobId('retry-at-2105'));
    expect(job!.attemptsMade).toBe(0);
    expect(fake.calls).toHaveLength(0);
    expect((await sys.ctx.db.notification.findFirstOrThrow({ where: { campaignId: c.id } })).status).toBe('queued');
    expect(await (await sys.app.inject({ url: '/metrics' })).body).toMatch(/guiyan_sms_deferred_total\{reason="quiet_hours"\} 1/);
  });

  it('never defers a reply to a worker’s own message', async () => {
    const id = await sys.ctx.db.$transaction((tx) =>
      sys.ctx.services.outbox.createDirect(tx, { dedupeKey: 'quiet-reply', kind: 'reply', workerId: null, phone: '13911110004', message: 'help', params: {} as never }),
    );
    await sys.ctx.services.outbox.enqueue(id!);
    await waitFor(async () => fake.messages.some((m) => m.phone === '13911110004'), 'the reply');
    await waitFor(async () => (await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: BigInt(id!) } })).status === 'sent', 'the reply recorded as sent');
  });
});
