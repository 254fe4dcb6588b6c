/** What warm-up needs of the app: an injected request. */
interface Injectable {
  inject(opts: { method: 'POST'; url: string; payload: unknown }): Promise<unknown>;
}
import type { AppContext } from './context.js';

/**
 * Warms a process before it takes traffic (issue #15): a process started in the middle of a
 * reply storm — a deploy, a crash, a new worker — would otherwise answer its first seconds
 * several times slower while it opens database connections one request at a time, builds the
 * reader's tables and prepares its statements. Opens the whole database pool, reads texts of
 * each kind, runs the inbound statements on no rows, and sends the webhook an empty push.
 * Changes nothing; a step that fails is logged and skipped (the process starts anyway: /readyz
 * says what is missing).
 */
const STEP_TIMEOUT_MS = 3000;
/** Empty pushes the webhook is sent (a few ms each: the JIT compiles what they run). */
const WARM_PUSHES = 300;

export async function warmUp(ctx: AppContext, app?: Injectable, opts: { workers?: boolean } = {}): Promise<void> {
  const started = performance.now();
  const token = ctx.config.WEBHOOK_TOKEN ? `?token=${encodeURIComponent(ctx.config.WEBHOOK_TOKEN)}` : '';
  const pool = ctx.config.DATABASE_POOL_MAX;
  const steps: [string, () => Promise<unknown>][] = [
    ['database pool', () => Promise.all(Array.from({ length: pool }, () => ctx.db.$queryRaw`SELECT 1`))],
    ['redis', () => ctx.redis.ping()],
    // The workers' own connection (blocking commands wait on it), opened before the first job.
    ...(opts.workers ? [['worker redis', () => ctx.workerRedis().ping()] as [string, () => Promise<unknown>]] : []),
    ['inbound statements', () => ctx.services.inbound.warmUp(pool)],
    ['conversation', () => ctx.services.conversation.warmUp(pool)],
  ];
  // Empty pushes, many: the route's parsing, hooks and answer compiled before the first real one.
  if (app) steps.push(['sms-up route', async () => {
    for (let i = 0; i < WARM_PUSHES; i += 10) await Promise.all(Array.from({ length: 10 }, () => app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up${token}`, payload: [] })));
  }]);
  const failed: string[] = [];
  for (const [name, step] of steps) {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A database or Redis that does not answer must not hold the start: the step is dropped.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      });
      await Promise.race([step(), late]);
    } catch (err) {
      failed.push(name);
      ctx.log.warn({ step: name, err: String(err) }, 'warm-up step failed; the process starts anyway');
    } finally {
      clearTimeout(timer);
    }
  }
  ctx.log.info({ ms: Math.round(performance.now() - started), failed }, 'warmed up');
}
