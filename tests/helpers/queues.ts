import type { QueueName } from '../../src/queues/catalog.js';
import type { TestSystem } from './app.js';

/**
 * Waits until the queues `names` have no work left that would run now: no job waiting,
 * prioritized or active, and no delayed job due within `horizonMs` (a retry's backoff). Jobs
 * put off further (quiet hours, an opening's next wave) are not waited for.
 *
 * A test that asserts something did NOT happen ("no second SMS was sent") calls this first, so
 * the absence is seen after the work that could have done it has finished, not after a guess
 * of how long that work takes. The queues must be idle on two looks in a row: a job adds the
 * next queue's job (match → notify) just before it completes, between two reads of one look.
 */
export async function queuesSettled(
  sys: Pick<TestSystem, 'ctx'>,
  names: QueueName[],
  { horizonMs = 10_000, timeoutMs = 30_000 }: { horizonMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const busy = async (): Promise<string | null> => {
    for (const name of names) {
      const q = sys.ctx.queues.queue(name);
      const counts = await q.getJobCounts('waiting', 'prioritized', 'active', 'waiting-children');
      if (Object.values(counts).some((n) => n > 0)) return `${name} ${JSON.stringify(counts)}`;
      // BullMQ scores a delayed job by when it is due: epoch ms × 4096 + a counter.
      const due = await sys.ctx.redis.zcount(q.keys.delayed!, '-inf', (Date.now() + horizonMs) * 4096 + 4095);
      if (due > 0) return `${name}: ${due} delayed job(s) due within ${horizonMs} ms`;
    }
    return null;
  };
  const deadline = Date.now() + timeoutMs;
  let idleLooks = 0;
  for (;;) {
    const why = await busy();
    idleLooks = why === null ? idleLooks + 1 : 0;
    if (idleLooks >= 2) return;
    if (Date.now() > deadline) throw new Error(`queues ${names.join(', ')} still busy after ${timeoutMs} ms (${why})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
