import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { ADMIN_KEY } from '../app.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../env.js';

/**
 * The production entry point (src/server.ts) in a process of its own, API and workers together
 * as `npm start` runs them, so that a test can see what the test runner would hide: whether
 * the process exits, and whether its event loop stalls.
 */
export class ServerProcess {
  readonly prefix = `{guiyan-test-${randomBytes(4).toString('hex')}}`;
  child: ChildProcess | null = null;
  port = 0;
  /** The last lines the process wrote (its fatal error, if it died). */
  output = '';
  private seq = 0;

  constructor(private readonly env: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.output = '';
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      ADMIN_API_KEY: ADMIN_KEY,
      HOST: '127.0.0.1',
      PORT: String(this.port),
      QUIET_HOURS: '',
      LOG_LEVEL: 'error',
      ...this.env,
    };
    const child = fork(path.resolve('src/server.ts'), [], {
      execArgv: ['--import', 'tsx', '--import', path.resolve('tests/helpers/battery/loop-probe.ts')],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (!this.alive) throw new Error(`server process exited at start: ${this.output}`);
      const ok = await fetch(`${this.url}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`server process not ready: ${this.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Asks the loop probe; null when the process does not answer within `timeoutMs` (its event loop is blocked). */
  ask<T>(type: 'reset' | 'read', timeoutMs = 1000): Promise<T | null> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve(null);
    const id = ++this.seq;
    return new Promise((resolve) => {
      const onMessage = (m: { id?: number }) => {
        if (m?.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m as T);
      };
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        resolve(null);
      }, timeoutMs);
      child.on('message', onMessage);
      child.send({ type, id });
    });
  }

  /** Waits briefly for an exit already under way (a crash takes a moment to end the process). */
  async settle(ms = 300): Promise<void> {
    if (!this.alive) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.child!.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(t);
  }

  kill(): void {
    if (this.alive) this.child!.kill('SIGKILL');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
