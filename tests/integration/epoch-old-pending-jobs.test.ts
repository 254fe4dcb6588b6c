import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/prisma.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * Review of issue #12 (review12). The epoch keeps *new* job ids away from old ones, but jobs of
 * the old database that are still pending in Redis (a delayed wave, a quiet-hours notify job)
 * keep their payloads — database ids that the restored database hands out again. When such a
 * job's time comes it acts on whatever row now has that id: here the next wave of an opening
 * that no longer exists is run for the new opening that took its id, a day early.
 */
describe('a pending job of the database before a restore', () => {
  let sys: TestSystem;
  const village = '532528102211';

  beforeAll(async () => {
    const db = createDb(TEST_DATABASE_URL, { max: 2 });
    await resetData(db);
    await db.$disconnect();
    sys = await startSystem({ workers: false, env: { MATCH_WAVE_FACTOR: '2' } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  async function openingWithWaves(name: string, phones: string) {
    const { db } = sys.ctx;
    for (let i = 0; i < 5; i++) await db.worker.create({ data: { phone: `${phones}${i}`, skills: ['缝纫'], divisionCode: village } });
    const ws = await db.workshop.create({ data: { name, form: 'county_workshop', divisionCode: village, contactPhone: '13900000009' } });
    const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 1, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
    const c = await sys.ctx.services.matching.startBroadcast(o.id, { sendToAll: false });
    await sys.ctx.services.matching.runCampaign(c.id);
    return o;
  }

  it('does not run for the row that took its id after the restore', async () => {
    const { ctx } = sys;
    const before = await openingWithWaves('旧车间', '1380000970');
    const oldWave = await ctx.queues.queue('match').getJob(`wave-${before.id}-2`);
    expect(await oldWave!.getState()).toBe('delayed');
    await ctx.epoch.check(); // the periodic check (QUEUE_EPOCH_CHECK_MS) reads the sequences

    // The database is restored to a backup taken before any of this (ids start again).
    await resetData(ctx.db);
    await ctx.db.$executeRaw`UPDATE queue_generation SET value = 0`;
    await ctx.epoch.check();
    expect(ctx.epoch.current()).toBe(1);

    const after = await openingWithWaves('新车间', '1380000971');
    expect(after.id).toBe(before.id);
    expect(await ctx.queues.queue('match').getJobState(ctx.queues.jobId(`wave-${after.id}-2`))).toBe('delayed');

    // A day later the old delayed job comes due first (it was queued earlier) and the match
    // worker runs it, as workers/processors.ts matchProcessor does with its payload.
    const data = oldWave!.data as { openingId: number; wave: number; after?: { campaignId: number; createdAt: number } };
    expect(data.after?.campaignId).toBeGreaterThan(0);
    await ctx.services.matching.runWave(data.openingId, data.wave, data.after);

    // The new opening's second wave must wait for its own job (a day after its first).
    const secondWave = await ctx.db.notification.count({ where: { campaign: { openingId: after.id, wave: 2 } } });
    expect(secondWave).toBe(0);
  });
});
