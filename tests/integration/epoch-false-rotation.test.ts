import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/prisma.js';
import { createInboundService } from '../../src/services/inbound/inbound-service.js';
import { inboundProcessor } from '../../workers/processors.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * Review of issue #12 (review12): the job-id epoch must move only when the database went back
 * in time. These cases never restore anything, yet the epoch moves.
 */
describe('job-id epoch: no rotation without a restore', () => {
  let sys: TestSystem;
  const silent = { warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    // Empty the tables first: a TRUNCATE … RESTART IDENTITY after the system starts would itself look like a restore.
    const db = createDb(TEST_DATABASE_URL, { max: 2 });
    await resetData(db);
    await db.$disconnect();
    sys = await startSystem({ workers: false });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('the sweep racing a worker in a backlog does not move the epoch', async () => {
    const { ctx } = sys;
    // A text arrives and waits in a backlog (the inbound workers are busy) for more than 10 s.
    await ctx.services.inbound.storeSmsUp([
      { phone_number: '13800009901', content: '订阅 缝纫 新街镇', send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: 'review12-1', sign_name: 'x' },
    ]);
    const [row] = await ctx.db.inboundMessage.findMany({ select: { id: true } });
    expect(await ctx.queues.queue('inbound').getJobState(ctx.queues.jobId(`in-${row!.id}`))).toBe('waiting');
    await new Promise((r) => setTimeout(r, 10_500));

    // The maintenance sweep reads the text as unprocessed; the worker reaches it and finishes
    // it before the sweep adds its job (the sweep adds 1,000 rows, 100 per call, each call now
    // two round trips). Exactly the interleaving of a sweep during a backlog.
    const processNow = async () => {
      const worker = new Worker('inbound', inboundProcessor(ctx), { connection: ctx.workerRedis(), prefix: ctx.config.QUEUE_PREFIX, concurrency: 1 });
      await waitFor(async () => (await ctx.queues.queue('inbound').getJobState(ctx.queues.jobId(`in-${row!.id}`))) === 'completed', 'the text handled', 15_000);
      await worker.close();
    };
    const racingDb = new Proxy(ctx.db, {
      get(target, prop, receiver) {
        if (prop !== 'inboundMessage') return Reflect.get(target, prop, receiver);
        return {
          findMany: async (args: Parameters<Db['inboundMessage']['findMany']>[0]) => {
            const rows = await target.inboundMessage.findMany(args);
            await processNow();
            return rows;
          },
        };
      },
    }) as Db;
    const sweep = createInboundService({ db: racingDb, queues: ctx.queues, log: silent });
    expect(await sweep.requeueUnprocessed(0)).toBe(1);

    // Nothing went back in time: the epoch must still be 0.
    expect(ctx.epoch.current()).toBe(0);
  }, 40_000);
});

/**
 * Lookups by job id use the epoch of the moment (queues.jobId), so after any rotation — a real
 * restore or a false one as above — a delayed job added under the previous epoch is no longer
 * found: filling or closing an opening leaves its next wave in the queue, and a reopened
 * opening then gets the wave the employer stopped.
 */
describe('job-id epoch: jobs added before a rotation are still found by id', () => {
  let sys: TestSystem;
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { MATCH_WAVE_FACTOR: '2' } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('filling an opening removes its delayed next wave queued before the epoch moved', async () => {
    const { ctx } = sys;
    const village = '532528102211';
    for (let i = 0; i < 4; i++) await ctx.db.worker.create({ data: { phone: `1380000980${i}`, skills: ['缝纫'], divisionCode: village } });
    const ws = await ctx.db.workshop.create({ data: { name: '新街制衣review', form: 'county_workshop', divisionCode: village, contactPhone: '13900000009' } });
    const o = await ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 1, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
    const c1 = await ctx.services.matching.startBroadcast(o.id, { sendToAll: false });
    await ctx.services.matching.runCampaign(c1.id);
    const wave2 = `wave-${o.id}-2`;
    expect(await ctx.queues.queue('match').getJobState(wave2)).toBe('delayed');

    // The epoch moves (another process met an old completed job, or the database was restored).
    await ctx.redis.set(`${sys.config.QUEUE_PREFIX}:epoch`, String(ctx.epoch.current() + 1));
    await ctx.epoch.check();
    expect(ctx.epoch.current()).toBe(1);

    const fill = await sys.app.inject({ method: 'POST', url: `/api/v1/openings/${o.id}/fill`, headers: auth });
    expect(fill.statusCode).toBe(200);
    // The pending wave must be gone, as it is without a rotation (tests/integration/matching.test.ts).
    expect(await ctx.queues.queue('match').getJobState(wave2)).toBe('unknown');
    expect(fill.json()).toMatchObject({ status: 'filled', removedJobs: 1 });
  });
});
