import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.js';

/**
 * `npm start` itself: production refuses to start with public defaults or an unprotected
 * Aliyun webhook, naming each variable; development starts and says so once, loudly.
 */
const PREFIX = `{guiyan-startup-${process.pid}}`;

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      HOST: '127.0.0.1',
      PORT: '0',
      RUN_WORKERS: 'false',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const aliyun = { ALIYUN_ACCESS_KEY_ID: 'test-id', ALIYUN_ACCESS_KEY_SECRET: 'test-secret' };

describe('starting the service', () => {
  afterAll(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('refuses in production with the public defaults and no webhook token, naming each variable', { timeout: 30_000 }, async () => {
    const p = run({ NODE_ENV: 'production', ...aliyun });
    expect(await p.exited).toBe(78);
    for (const name of ['ADMIN_API_KEY', 'SESSION_SECRET', 'WEBHOOK_TOKEN']) expect(p.output()).toMatch(new RegExp(`- ${name}: `));
  });

  it('starts in development with the same settings and warns exactly once', { timeout: 30_000 }, async () => {
    const p = run({ ...aliyun });
    try {
      await waitFor(async () => p.output().includes('guiyan is running'), 'the server to start', 20_000);
      const warnings = p
        .output()
        .split('\n')
        .filter((l) => l.includes('NOT SAFE FOR THE PUBLIC INTERNET'));
      expect(warnings).toHaveLength(1);
      const line = JSON.parse(warnings[0]!) as { level: number; insecure: string[] };
      expect(line.level).toBe(40); // pino's warn
      expect(line.insecure.map((x) => x.split(':')[0])).toEqual(['ADMIN_API_KEY', 'SESSION_SECRET', 'WEBHOOK_TOKEN']);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });
});
