import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/app.js';

/**
 * Review of issue #12 (review12). docs/redis.md: losing Redis writes in a failover "is the same
 * case as Redis losing everything, which the design already survives … the reconciler gives
 * queued messages whose jobs vanished new jobs". Explicit reminders are re-added by the sweep
 * (ensureScheduled), but cron and weekday reminders live only as BullMQ job schedulers, and
 * ensureScheduled skips them: once Redis loses a scheduler (flush, a failover that loses the
 * upsert, a new cluster), that reminder never runs again and nothing says so.
 */
describe('a weekday reminder after Redis lost its job scheduler', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('the maintenance sweep puts the scheduler back', async () => {
    const { ctx } = sys;
    const r = await ctx.db.reminder.create({
      data: {
        sender: '南沙镇就业站',
        text: '每周一报名',
        workerIds: [1],
        schedule: { type: 'weekday', weekdays: [1], time: '09:00' },
        nextRunAt: new Date(Date.now() + 86_400_000),
        scope: [''],
        createdBy: 'review12',
      },
    });
    const q = ctx.queues.queue('reminder');
    // Redis lost it (or never got it: the upsert went to a master that died before replicating).
    expect(await q.getJobScheduler(`reminder-${r.id}`)).toBeFalsy();
    await ctx.services.reminders.ensureScheduled();
    expect(await q.getJobScheduler(`reminder-${r.id}`)).toMatchObject({ pattern: '0 9 * * 1' });
    await ctx.db.reminder.delete({ where: { id: r.id } });
  });
});
