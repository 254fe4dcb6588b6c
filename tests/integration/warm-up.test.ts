import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmUp } from '../../src/warm-up.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

/** The start-up warm-up (issue #15): every step runs, nothing is written, and it never holds a start. */
describe('warm-up at start', () => {
  let sys: TestSystem;
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });

  beforeAll(async () => {
    sys = await startSystem({ workers: false, overrides: { log: pino({ level: 'info' }, sink) } });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('runs every step, opens the pool and changes nothing', async () => {
    const before = await sys.ctx.db.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM inbound_messages) + (SELECT count(*) FROM notifications) + (SELECT count(*) FROM workers) AS n`;
    // As `npm start` runs it (the workers in the same process): their Redis connection opened too.
    await warmUp(sys.ctx, sys.app, { workers: true });
    expect(sys.ctx.workerRedis().status).toBe('ready');
    const done = lines.find((l) => l.msg === 'warmed up');
    expect(done).toMatchObject({ failed: [] });
    const after = await sys.ctx.db.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM inbound_messages) + (SELECT count(*) FROM notifications) + (SELECT count(*) FROM workers) AS n`;
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await sys.ctx.queues.queue('inbound').count()).toBe(0);
    // The whole pool is open: this process's connections to the test database.
    const [conns] = await sys.ctx.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = '' AND pid <> pg_backend_pid()`;
    expect(Number(conns!.n)).toBeGreaterThanOrEqual(sys.config.DATABASE_POOL_MAX - 1);
  });

  it('names a step that fails and still returns', async () => {
    lines.length = 0;
    const broken = { ...sys.ctx, services: { ...sys.ctx.services, conversation: { ...sys.ctx.services.conversation, warmUp: () => Promise.reject(new Error('boom')) } } };
    await warmUp(broken as typeof sys.ctx);
    expect(lines.find((l) => l.msg === 'warmed up')).toMatchObject({ failed: ['conversation'] });
    expect(lines.find((l) => String(l.msg).startsWith('warm-up step failed'))).toMatchObject({ step: 'conversation' });
  });
});
