import { spawn } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.js';

/**
 * `npm start` itself: production refuses to start with public defaults or an unprotected
 * Aliyun webhook, naming each variable; development starts and says so once, loudly; an entry
 * point that cannot start (its port taken) exits non-zero saying why.
 */
const PREFIX = `{guiyan-startup-${process.pid}}`;

function run(env: Record<string, string>, entry = 'src/server.ts') {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
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

  // The process guard keeps a started server up through stray errors (src/process-guard.ts);
  // a server that failed to listen serves nothing, and only an exit lets a supervisor see it.
  describe('with its port taken', () => {
    let taken: net.Server;
    let port = 0;
    beforeAll(async () => {
      taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      port = (taken.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => taken.close(resolve));
    });

    /** The exit code, or null when the process still runs after the bound (then it is killed). */
    async function exitWithin(p: ReturnType<typeof run>, ms: number): Promise<number | null> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ms);
      });
      const code = await Promise.race([p.exited, late]).finally(() => clearTimeout(timer));
      if (code === null) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
      return code;
    }

    it('src/server.ts exits non-zero and says why (EADDRINUSE)', { timeout: 60_000 }, async () => {
      const p = run({ PORT: String(port) });
      const code = await exitWithin(p, 45_000);
      expect(code, `still running after 45 s: ${p.output().slice(-400)}`).not.toBeNull();
      expect(code).not.toBe(0);
      expect(p.output()).toContain('could not start');
      expect(p.output()).toContain('EADDRINUSE');
    });

    it('workers/main.ts exits non-zero and says why when WORKER_METRICS_PORT is taken', { timeout: 60_000 }, async () => {
      const p = run({ WORKER_METRICS_PORT: String(port), WORKER_QUEUES: 'match' }, 'workers/main.ts');
      const code = await exitWithin(p, 45_000);
      expect(code, `still running after 45 s: ${p.output().slice(-400)}`).not.toBeNull();
      expect(code).not.toBe(0);
      expect(p.output()).toContain('could not start');
      expect(p.output()).toContain('EADDRINUSE');
    });
  });
});
