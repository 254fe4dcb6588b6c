import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { aliyunEnv, broadcastTo, FAULT_TIMING, freePort } from '../helpers/delivery.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * Crashes in the middle of a 10,000-recipient broadcast: a worker process killed with SIGKILL
 * and restarted, and Redis restarted (without persistence: every job is lost). Afterwards every
 * recipient got exactly one message and none is lost; calls in flight at the crash are counted
 * and settled by the reconciler (QuerySendDetails by OutId), not sent again.
 */
const RECIPIENTS = 10_000;
const SIGN = '归雁就业';

const baseEnv = (fake: FakeAliyunSms) => ({
  ...aliyunEnv(fake),
  ...FAULT_TIMING,
});

async function broadcast(sys: TestSystem): Promise<{ campaignId: number; phones: string[] }> {
  const phones = Array.from({ length: RECIPIENTS }, (_, i) => `135${String(i).padStart(8, '0')}`);
  return { campaignId: await broadcastTo(sys, phones), phones };
}

/** Every recipient has exactly one message at the provider, and none is left undecided. */
async function expectExactlyOnce(sys: TestSystem, fake: FakeAliyunSms, campaignId: number, phones: string[]) {
  await waitFor(
    async () => (await sys.ctx.db.notification.count({ where: { campaignId, status: { in: ['sent', 'delivered'] } } })) === RECIPIENTS,
    'every recipient sent',
    45_000,
  );
  const perPhone = new Map<string, number>();
  for (const m of fake.messages) perPhone.set(m.phone, (perPhone.get(m.phone) ?? 0) + 1);
  const duplicates = [...perPhone.values()].filter((n) => n > 1).length;
  const missing = phones.filter((p) => !perPhone.has(p)).length;
  const rows = await sys.ctx.db.notification.aggregate({ where: { campaignId }, _sum: { resends: true } });
  return { duplicates, missing, messages: fake.messages.length, resends: rows._sum.resends ?? 0 };
}

describe('a worker process killed in the middle of a broadcast', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  let child: ChildProcess | undefined;
  const output: string[] = [];

  const startWorkerProcess = () => {
    const env = {
      ...process.env,
      ...baseEnv(fake),
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: sys.config.REDIS_URL,
      QUEUE_PREFIX: sys.config.QUEUE_PREFIX,
      LOG_LEVEL: 'warn',
    };
    const p = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    p.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    return p;
  };
  const stop = async (p: ChildProcess | undefined, signal: NodeJS.Signals) => {
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  };

  afterEach(async () => {
    await stop(child, 'SIGKILL');
  });
  afterAll(async () => {
    await fake?.close();
    await sys?.close();
    await resetData(sys.ctx.db).catch(() => undefined);
  });

  it('sends every message exactly once after SIGKILL and a restart', { timeout: 90_000 }, async () => {
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity, latencyMs: 150 });
    sys = await startSystem({ workers: false, env: baseEnv(fake) });
    await resetData(sys.ctx.db);
    child = startWorkerProcess();
    const { campaignId, phones } = await broadcast(sys);

    // Kill while a call is on the wire, after some calls have gone through.
    await waitFor(
      async () => fake.calls.some((c) => c.action === 'SendSms' && c.ok) && fake.calls.some((c) => c.action === 'SendSms' && c.status === 0),
      'a call answered and another in flight',
      30_000,
    );
    await stop(child, 'SIGKILL');
    // In flight at the crash: claimed (`sending`) and accepted by Aliyun, but the answer never
    // reached the worker. These must be found by the reconciler, not sent again.
    const sending = await sys.ctx.db.notification.findMany({ where: { campaignId, status: 'sending' }, select: { phone: true } });
    const accepted = new Set(fake.messages.map((m) => m.phone));
    const sendingAtCrash = sending.length;
    const inFlightAccepted = sending.filter((n) => accepted.has(n.phone!)).length;
    const acceptedAtCrash = fake.messages.length;

    child = startWorkerProcess();
    const r = await expectExactlyOnce(sys, fake, campaignId, phones);
    console.log(
      `[fault: SIGKILL] recipients=${RECIPIENTS} acceptedBeforeKill=${acceptedAtCrash} ` +
        `messagesInSendingAtKill=${sendingAtCrash} ofWhichAcceptedInFlight=${inFlightAccepted} resentAfterNoTrace=${r.resends} providerMessages=${r.messages} duplicates=${r.duplicates} missing=${r.missing}`,
    );
    expect(inFlightAccepted).toBeGreaterThan(0);
    expect(r).toMatchObject({ duplicates: 0, missing: 0, messages: RECIPIENTS });
    // What was claimed but never reached Aliyun was put back and counted; the rest was found.
    expect(r.resends).toBe(sendingAtCrash - inFlightAccepted);
    // The last message's sender closes the campaign right after recording it.
    await waitFor(async () => (await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'completed', 'the campaign completed');
    await stop(child, 'SIGTERM');
  });
});

describe('Redis restarted in the middle of a broadcast', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;
  let redis: ChildProcess | undefined;
  let port = 0;

  const startRedis = async () => {
    const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(async () => {
      const { Redis } = await import('ioredis');
      const c = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => undefined);
      const ok = await c.connect().then(() => c.ping()).catch(() => null);
      c.disconnect();
      return ok === 'PONG';
    }, 'redis-server to answer');
    return p;
  };
  const stopRedis = async () => {
    if (!redis || redis.exitCode !== null || redis.signalCode !== null) return;
    const exited = new Promise((r) => redis!.once('exit', r));
    redis.kill('SIGKILL');
    await exited;
  };

  afterAll(async () => {
    await fake?.close();
    await sys?.close().catch(() => undefined);
    await stopRedis();
    await resetData(sys.ctx.db).catch(() => undefined);
  });

  it('loses every job with Redis and still sends every message exactly once', { timeout: 90_000 }, async () => {
    port = await freePort();
    redis = await startRedis();
    fake = await startFakeAliyunSms({ signNames: [SIGN], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity, latencyMs: 150 });
    sys = await startSystem({ env: { ...baseEnv(fake), REDIS_URL: `redis://127.0.0.1:${port}` } });
    await resetData(sys.ctx.db);
    const { campaignId, phones } = await broadcast(sys);

    await waitFor(async () => fake.messages.length >= 2000, 'the broadcast under way', 30_000);
    await stopRedis();
    const acceptedAtCrash = fake.messages.length;
    await new Promise((r) => setTimeout(r, 1000));
    redis = await startRedis();
    const jobsAfterRestart = await sys.ctx.queues.queue('notify').getJobCountByTypes('wait', 'prioritized', 'delayed', 'active');

    const r = await expectExactlyOnce(sys, fake, campaignId, phones);
    const byResult = Object.fromEntries((await sys.ctx.metrics.reconciled.get()).values.map((v) => [v.labels.result, v.value]));
    console.log(
      `[fault: Redis restart] recipients=${RECIPIENTS} acceptedBeforeRestart=${acceptedAtCrash} jobsLeftInRedis=${jobsAfterRestart} ` +
        `resentAfterNoTrace=${r.resends} providerMessages=${r.messages} duplicates=${r.duplicates} missing=${r.missing} givenNewJobs=${byResult.requeued ?? 0} foundAtProvider=${byResult.found_sent ?? 0}`,
    );
    expect(acceptedAtCrash).toBeLessThan(RECIPIENTS);
    // The queued messages lost their jobs with Redis and were given new ones.
    expect(byResult.requeued ?? 0).toBeGreaterThan(0);
    expect(r).toMatchObject({ duplicates: 0, missing: 0, messages: RECIPIENTS });
    // The last message's sender closes the campaign right after recording it.
    await waitFor(async () => (await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'completed', 'the campaign completed');
  });
});
