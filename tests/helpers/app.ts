import { randomBytes } from 'node:crypto';
import { buildApp, closeServers, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext, type AppContext, type ContextOverrides } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import type { Db } from '../../src/db/prisma.js';
import { queueNames } from '../../src/queues/catalog.js';
import { startWorkers, type RunningWorkers } from '../../workers/start-workers.js';
import { deleteMatching } from '../../src/redis.js';
import { TEST_DATABASE_URL, testRedisEnv } from './env.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** A config for tests: the test database, a fresh queue prefix, quiet hours off unless asked. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: TEST_DATABASE_URL,
    // A test that names its own Redis (a private redis-server, the sentinels) gets only that one.
    ...(env.REDIS_URL || env.REDIS_CLUSTER_NODES || env.REDIS_SENTINELS ? {} : testRedisEnv()),
    QUEUE_PREFIX: `{guiyan-test-${randomBytes(4).toString('hex')}}`,
    ADMIN_API_KEY: ADMIN_KEY,
    QUIET_HOURS: '',
    // bcrypt's least cost: each console user made and each sign-in would otherwise spend about
    // 100–300 ms of CPU (cost 10), seconds per console test file. The hashing is the same code.
    CONSOLE_PASSWORD_COST: '4',
    // The console driver's receipts arrive on a timer; tests that want them ask for them.
    SMS_CONSOLE_RECEIPT_MS: '0',
    VOICE_CONSOLE_RECEIPT_MS: '0',
    // Tests empty tables with RESTART IDENTITY between cases, which looks like a restored
    // database; the epoch is compared once at start unless a test asks for more.
    QUEUE_EPOCH_CHECK_MS: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
}

/**
 * Empties everything but the reference data (places, skills). Workers of a running system may
 * still be finishing a job from the previous test; if PostgreSQL resolves that collision by
 * picking the TRUNCATE as its deadlock victim (40P01), the truncate is simply run again.
 */
export async function resetData(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.$executeRawUnsafe(`TRUNCATE applications, notifications, campaigns, openings, workshops, employers,
    consent_events, inbound_messages, delivery_reports, outbox_messages, workers,
    api_keys, audit_logs, idempotency_keys, segments, reminders, call_logs, voice_reports, ladder_steps, ladder_settings RESTART IDENTITY CASCADE`);
      // Ids start again as in a fresh database, so the generation does too: the job-id epoch
      // then keeps new jobs apart from the ones Redis remembers (src/queues/queue-epoch.ts).
      await db.$executeRawUnsafe('UPDATE queue_generation SET value = 0');
      return;
    } catch (err) {
      const deadlock = String((err as { message?: string }).message).includes('40P01');
      if (!deadlock || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

export interface TestSystem {
  config: Config;
  ctx: AppContext;
  app: App;
  workers: RunningWorkers | null;
  /** Base URL when started with listen: true. */
  url: string;
  close(): Promise<void>;
}

/** The real app and (optionally) the real workers, on the test database and a private queue prefix. */
export async function startSystem(opts: {
  env?: Record<string, string>;
  overrides?: ContextOverrides;
  workers?: boolean;
  listen?: boolean;
} = {}): Promise<TestSystem> {
  const config = testConfig(opts.env);
  const ctx = createContext(config, { log: createLogger({ level: config.LOG_LEVEL }), ...opts.overrides });
  const app = await buildApp(config, { ctx });
  const workers = opts.workers === false ? null : await startWorkers(ctx);
  let url = '';
  if (opts.listen) url = await app.listen({ host: '127.0.0.1', port: 0 });
  else await app.ready();
  return {
    config,
    ctx,
    app,
    workers,
    url,
    async close() {
      // As the processes shut down (src/server.ts): a keep-alive connection answered while
      // closing (the fake's receipt pushes) would otherwise hold close() open for 72 s.
      await closeServers(app);
      await workers?.close();
      // Drop this test's queues so Redis does not fill up across runs.
      for (const name of queueNames) {
        await ctx.queues.queue(name).obliterate({ force: true }).catch(() => undefined);
      }
      // And the chat-bot's keys under the same prefix (dialogs, limits, the WeChat token).
      await deleteMatching(ctx.redis, `${config.QUEUE_PREFIX}:*`);
      await ctx.close();
    },
  };
}

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits, if needed, until at least `needMs` are left in the current clock hour (Beijing hours
 * start on the UTC hour). The per-hour limits use fixed hourly windows: a test that asserts
 * "at most N this hour" and runs across an hour's edge sees two windows' worth (a CI run
 * failed that way at 00:00 Beijing).
 */
export async function clearOfHourEdge(needMs = 120_000): Promise<void> {
  const left = 3_600_000 - (Date.now() % 3_600_000);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 1_000));
}
