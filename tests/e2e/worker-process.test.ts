import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { aliyunEnv, broadcastTo, freePort } from '../helpers/delivery.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * `npm run start:workers` as its own process: with WORKER_METRICS_PORT it serves the sends it
 * made on its own /metrics (the API process never sees them), answers /healthz and /readyz,
 * and stops cleanly on SIGTERM.
 */
describe('a worker-only process', () => {
  let fake: FakeAliyunSms;
  let sys: TestSystem;

  afterAll(async () => {
    await fake?.close();
    await resetData(sys.ctx.db).catch(() => undefined);
    await sys?.close();
  });

  it('serves its own metrics and health, and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    fake = await startFakeAliyunSms({ signNames: ['归雁就业'], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity });
    sys = await startSystem({ workers: false, env: { ...aliyunEnv(fake), QUIET_HOURS: '' } });
    await resetData(sys.ctx.db);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: {
        ...process.env,
        ...aliyunEnv(fake),
        QUIET_HOURS: '',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: sys.config.REDIS_URL,
        QUEUE_PREFIX: sys.config.QUEUE_PREFIX,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        WORKER_METRICS_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);

    try {
      await waitFor(async () => (await get('/healthz').catch(() => null))?.ok === true, 'the worker answers /healthz', 30_000);
      // The first readiness probe of a freshly spawned process can hit its 2 s check timeout on a
      // busy 2-core machine (the pool's first connection); readiness is what we wait for, not speed.
      const ready = await waitFor(async () => {
        const body = (await (await get('/readyz')).json()) as { status: string };
        return body.status === 'ok' ? body : null;
      }, 'the worker reports ready', 30_000);
      expect(ready).toMatchObject({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });

      const campaignId = await broadcastTo(sys, ['13800000801', '13800000802', '13800000803']);
      await waitFor(async () => (await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'completed', 'the broadcast sent');
      expect(fake.messages).toHaveLength(3);

      const metrics = await (await get('/metrics')).text();
      expect(metrics).toMatch(/^guiyan_sms_sent_total\{kind="alert"\} 3$/m);
      expect(metrics).toMatch(/^guiyan_sms_provider_calls_total\{operation="SendSms",outcome="ok"\} 1$/m);
      // The API process made no call: its counters stay empty.
      const api = await sys.app.inject({ method: 'GET', url: '/metrics' });
      expect(api.body).not.toMatch(/^guiyan_sms_sent_total\{/m);
      expect((await get('/api/v1/openings')).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output.join('')).toBe(0);
  });
});
